"""Each format's options: one frozen, picklable type, built at the command line's edge."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Hashable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from newsschema.formats import (
    EXPORT_OPTIONS,
    EXPORTERS,
    IMPORTERS,
    WRITE_OPTIONS,
    BratReadOptions,
    CsvOptions,
    FormatOptions,
    GivenOptions,
    HtmlOptions,
    NoOptions,
    OptionError,
    QuoteReadOptions,
    ToolReadOptions,
    ToolWriteOptions,
    get_bundle_exporter,
    get_document_exporter,
    get_importer,
    read_options_type,
    write_options_type,
)
from newsschema.formats.labels import load_labels
from newsschema.formats.metadata import load_meta, parse_meta_map
from newsschema.loader import Loaded
from newsschema.models import Document

from .conftest import SEEDS, invoke

SEED = next(SEEDS.glob("*.json"))
META = Path(__file__).parent / "tools" / "attribution_corpus" / "metadata.tsv"

TYPES = sorted(
    {read_options_type(name) for name in IMPORTERS}
    | {write_options_type(name) for name in EXPORTERS},
    key=lambda kind: kind.__name__,
)


def _seed() -> Document:
    return Document.model_validate_json(SEED.read_bytes())


def _full(kind: type[FormatOptions]) -> FormatOptions:
    """An instance of ``kind`` with every field set away from its default."""
    values: dict[str, Any] = {
        "labels": load_labels("attribution"),
        "settings": (("article.language", "en"), ("brat.annotator", "a")),
        "meta": load_meta(str(META), parse_meta_map("filename=name,title=headline")),
        "companions": ("texts",),
        "annotator": "alice",
        "anchor": "fuzzy:0.8",
        "layers": True,
        "excel": True,
        "formula_escape": False,
        "markup": "both",
    }
    names = [field.name for field in dataclasses.fields(kind)]
    assert set(names) <= set(values), f"give a value for {set(names) - set(values)}"
    return kind(**{name: values[name] for name in names})


@pytest.mark.parametrize("kind", TYPES, ids=lambda kind: kind.__name__)
def test_each_options_type_is_frozen_keyword_only_data(kind: type[FormatOptions]) -> None:
    """Every format's options type is a frozen, slotted dataclass whose fields cannot be set."""
    options = _full(kind)
    assert dataclasses.is_dataclass(options) and hasattr(kind, "__slots__")
    for field in dataclasses.fields(kind):
        assert field.kw_only
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(options, field.name, None)


@pytest.mark.parametrize("kind", TYPES, ids=lambda kind: kind.__name__)
def test_each_options_type_pickles_with_its_values(kind: type[FormatOptions]) -> None:
    """Options travel to Dask workers: every type pickles back equal, label map and table too."""
    for options in (kind(), _full(kind)):
        assert pickle.loads(pickle.dumps(options)) == options  # noqa: S301 - our own bytes


@pytest.mark.parametrize("kind", TYPES, ids=lambda kind: kind.__name__)
def test_each_options_type_is_unhashable_and_says_so(kind: type[FormatOptions]) -> None:
    """hash() of any options, defaults or full, is a TypeError naming the options type."""
    for options in (kind(), _full(kind)):
        assert not isinstance(options, Hashable)
        with pytest.raises(TypeError, match=rf"unhashable type: '{kind.__name__}'"):
            hash(options)
    assert _full(kind) == _full(kind)  # compared by value instead


def test_the_types_cover_every_family() -> None:
    """The registries' formats read and write with the family types, not with mappings."""
    assert set(TYPES) == {
        BratReadOptions,
        CsvOptions,
        HtmlOptions,
        NoOptions,
        QuoteReadOptions,
        ToolReadOptions,
        ToolWriteOptions,
        write_options_type("doccano"),
    }
    assert read_options_type("brat") is BratReadOptions
    assert write_options_type("json") is NoOptions


@pytest.mark.parametrize("kind", TYPES, ids=lambda kind: kind.__name__)
def test_unknown_option_names_are_refused_with_what_the_type_takes(
    kind: type[FormatOptions],
) -> None:
    """A mapping naming an option the format does not take is refused, naming it and the type."""
    with pytest.raises(OptionError, match=rf"unknown option 'markups': {kind.__name__} takes"):
        kind.of({"markups": "both"})


def test_a_format_refuses_an_unknown_name_given_to_its_verbs(tmp_path: Path) -> None:
    """dump, write and read refuse a misspelt option rather than ignoring it silently."""
    with pytest.raises(OptionError, match="'markups'"):
        get_document_exporter("html").dump(_seed(), {"markups": "both"})
    with pytest.raises(OptionError, match="'label'"):
        get_bundle_exporter("brat").write([_seed()], tmp_path / "out", {"label": "attribution"})
    assert not (tmp_path / "out").exists()
    (tmp_path / "in.jsonl").write_bytes(_doccano_record())
    with pytest.raises(OptionError, match="'label'"):
        list(get_importer("doccano").read(tmp_path / "in.jsonl", {"label": "attribution"}))
    with pytest.raises(OptionError, match="'excel'"):
        get_importer("json").read(SEED, {"excel": True})


def test_options_of_another_format_are_refused() -> None:
    """The CSV options given to the HTML exporter are an error, not quietly read as defaults."""
    with pytest.raises(OptionError, match="HtmlOptions has no option excel, formula_escape"):
        get_document_exporter("html").dump(_seed(), CsvOptions(excel=True))


def test_a_family_base_type_is_taken_by_its_members() -> None:
    """The brat importer takes the tools' ToolReadOptions, keeping every value."""
    given = ToolReadOptions(settings=(("brat.annotator", "b"),), companions=("x",))
    typed = BratReadOptions.of(given)
    assert (typed.settings, typed.companions, typed.chosen_annotator()) == (
        given.settings,
        ("x",),
        "b",
    )


def test_documented_mapping_calls_are_converted_at_the_format_edge() -> None:
    """The mapping calls the docs show become the typed options (names, tables and flags)."""
    typed = ToolReadOptions.of({"labels": "attribution", "set": {"article.language": "en"}})
    assert typed.labels == load_labels("attribution")
    assert typed.settings == (("article.language", "en"),)
    assert CsvOptions.of({"excel": True, "no-formula-escape": True}) == CsvOptions(
        excel=True, formula_escape=False
    )
    assert HtmlOptions.of({"markup": None}) == HtmlOptions()
    assert NoOptions.of({}) == NoOptions.of(None) == NoOptions()


def test_a_bad_value_is_refused_when_the_options_are_built() -> None:
    """An HTML markup outside its choices is refused by the type, before any page is made."""
    with pytest.raises(ValueError, match="markup must be one of jsonld, microdata, both"):
        HtmlOptions(markup="rdfa")


def test_each_convert_flag_reaches_exactly_the_formats_whose_type_takes_it() -> None:
    """--NAME applies to the exporters whose options type has it, and every other one refuses it."""
    for flag in EXPORT_OPTIONS.values():
        value = flag.choices[0] if flag.choices else True
        for name, kind in WRITE_OPTIONS.items():
            if name in flag.formats:
                kind.of({flag.name: value})
            else:
                with pytest.raises(OptionError):
                    kind.of({flag.name: value})
    assert EXPORT_OPTIONS["excel"].formats == {"csv"}
    assert EXPORT_OPTIONS["markup"].formats == {"html"}


class _RecordingExporter:
    """A document exporter that records the options ``convert`` hands it."""

    suffix = ".html"
    description = "records its options"
    layout: Literal["document"] = "document"

    def __init__(self, name: str, kind: type[FormatOptions]) -> None:
        self.name = name
        self.write_options = kind
        self.seen: list[GivenOptions] = []

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        self.seen.append(options)
        return b"page"


class _RecordingBundle:
    """A bundle exporter that records the options ``convert`` hands it."""

    suffix = ""
    description = "records its options"
    layout: Literal["bundle"] = "bundle"

    def __init__(self, name: str, kind: type[FormatOptions]) -> None:
        self.name = name
        self.write_options = kind
        self.seen: list[GivenOptions] = []

    def write(self, documents: Iterable[Document], target: Path, options: GivenOptions) -> None:
        list(documents)
        self.seen.append(options)
        target.write_bytes(b"bundle")


class _RecordingImporter:
    """The doccano importer, recording the options ``convert`` hands it."""

    name = "doccano"
    suffixes = (".jsonl",)

    def __init__(self) -> None:
        self.seen: list[GivenOptions] = []
        self.real = IMPORTERS["doccano"]

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        self.seen.append(options)
        return self.real.read(path, options)

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        self.seen.append(options)
        return self.real.read_bytes(data, name, options)


def test_convert_hands_the_exporter_its_typed_options(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`convert --to html --markup microdata` gives the exporter HtmlOptions, not a mapping."""
    html = _RecordingExporter("html", HtmlOptions)
    monkeypatch.setitem(EXPORTERS, "html", html)
    code, out = invoke(
        "convert",
        str(SEED),
        "--to",
        "html",
        "--markup",
        "microdata",
        "-o",
        str(tmp_path / "a.html"),
    )
    assert code == 0, out
    assert html.seen == [HtmlOptions(markup="microdata")]
    assert type(html.seen[0]) is HtmlOptions


def test_convert_hands_a_tool_exporter_the_label_map_loaded_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`convert --to brat --labels attribution` gives the exporter ToolWriteOptions with the map."""
    brat = _RecordingBundle("brat", ToolWriteOptions)
    monkeypatch.setitem(EXPORTERS, "brat", brat)
    code, out = invoke(
        "convert", str(SEED), "--to", "brat", "--labels", "attribution", "-o", str(tmp_path / "out")
    )
    assert code == 0, out
    assert brat.seen == [ToolWriteOptions(labels=load_labels("attribution"))]


def test_convert_hands_the_importer_its_typed_options(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`convert --from doccano --set F=V` gives the importer ToolReadOptions, not a mapping."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(_doccano_record())
    doccano = _RecordingImporter()
    monkeypatch.setitem(IMPORTERS, "doccano", doccano)
    code, out = invoke(
        "convert",
        str(source),
        "--from",
        "doccano",
        "--set",
        "article.language=en",
        "--to",
        "json",
        "-o",
        str(tmp_path / "o.json"),
    )
    assert code == 0, out
    assert doccano.seen == [ToolReadOptions(settings=(("article.language", "en"),))]
    assert type(doccano.seen[0]) is ToolReadOptions


def _doccano_record() -> bytes:
    """The seed as one doccano record (written by the doccano exporter, default labels)."""
    exporter = EXPORTERS["doccano"]
    assert exporter.layout == "stream"
    return exporter.dump(_seed(), None)


def test_library_convert_refuses_an_unknown_name_in_its_mapping(tmp_path: Path) -> None:
    """newsschema.convert.convert with a misspelt option raises instead of ignoring it."""
    from newsschema.convert import convert

    with pytest.raises(OptionError, match="'lables'"):
        convert([str(SEED)], to="brat", output=str(tmp_path / "o"), options={"lables": "x"})
    assert not (tmp_path / "o").exists()
