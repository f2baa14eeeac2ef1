"""Valid documents are exported from their plain data, byte for byte as from their models.

``convert`` hands a valid document to a document exporter that reads plain data
(``dump_plain``) without building it as models; these tests pin that every such exporter writes
exactly the bytes its ``dump`` writes from the models, for each value of its options (the
annotated page's ``markup``), on generated documents of both schema versions, the seeds, the 1.1
corpus and references that name nothing, and through the command line with the model-free path
on and off. The annotated page's one-pass drawing of nested marks is pinned against the general
sweep on marks that nest, cross and go deeper than the drawn depth.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsschema
from newsschema import _fast
from newsschema._plain import plain_document
from newsschema.formats import get_document_exporter
from newsschema.formats._export_options import MARKUP
from newsschema.formats.html._marks import (
    MAX_DEPTH,
    Mark,
    _order,
    _render_nested,
    _render_swept,
    render_marked,
)
from newsschema.formats.html._style import ENTITY_KINDS, QUOTE_KINDS
from newsschema.models import Document
from newsschema.strategies import documents
from newsschema.types import EntityKind, QuoteKind

from ..conftest import ROOT, SEEDS, invoke, models_always

PLAIN_FORMATS = ("jsonld", "schemaorg", "html")
# Each plain-data exporter with each value of its options (the page's markup: JSON-LD, microdata).
PLAIN_EXPORTS = [
    ("jsonld", {}),
    ("schemaorg", {}),
    *(("html", {"markup": markup}) for markup in MARKUP.choices),
]
EXPORT_IDS = ["-".join([fmt, *options.values()]) for fmt, options in PLAIN_EXPORTS]
any_document = documents(schema_version="1.0") | documents(schema_version="1.1")
SAMPLES = sorted(SEEDS.glob("*.json")) + sorted((ROOT / "tests" / "corpus_1_1").glob("*.json"))


def _plain(document: Document) -> dict[str, Any]:
    """The plain data the structure check returns for ``document``'s canonical JSON."""
    plain = plain_document(orjson.loads(newsschema.dumps(document)))
    assert plain is not None
    return plain


def _same_bytes(fmt: str, options: dict[str, str], document: Document) -> None:
    exporter: Any = get_document_exporter(fmt)
    assert exporter.dump_plain(_plain(document), options) == exporter.dump(document, options)


@pytest.mark.parametrize(("fmt", "options"), PLAIN_EXPORTS, ids=EXPORT_IDS)
@given(any_document)
def test_plain_data_exports_the_bytes_of_the_models(
    fmt: str, options: dict[str, str], document: Document
) -> None:
    """dump_plain of a generated document's plain data gives the bytes dump gives its models."""
    _same_bytes(fmt, options, document)


@pytest.mark.parametrize(("fmt", "options"), PLAIN_EXPORTS, ids=EXPORT_IDS)
@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_the_seeds_and_the_1_1_corpus_export_alike_from_plain_data(
    fmt: str, options: dict[str, str], path: Path
) -> None:
    """The seeds and the 1.1 corpus export the same bytes from plain data as from models."""
    _same_bytes(fmt, options, Document.model_validate_json(path.read_bytes()))


def _dangling(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every reference by id naming nothing (its structure still loads)."""
    article = {**data["article"], "publisher": "ghost", "authors": ["ghost", "phantom"]}
    events = [
        {**event, "location": "nowhere", "participants": [{"entity": "ghost", "role": "host"}]}
        for event in data["events"]
    ]
    quotes = [
        {**quote, "speaker": "nobody", "via": ["ghost"], "within": "q-missing", "event": "gone"}
        for quote in data["quotes"]
    ]
    return {**data, "article": article, "events": events, "quotes": quotes}


def _doubled(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with each entity, event and quote repeated under its id, with other text."""
    twice = {}
    for key, field, suffix in (
        ("entities", "name", " <twin> & co"),
        ("events", "name", ' "again"'),
        ("quotes", "text", " 'again'"),
    ):
        items = data[key]
        twice[key] = items + [{**item, field: item[field] + suffix} for item in items]
    return {**data, **twice}


@pytest.mark.parametrize(("fmt", "options"), PLAIN_EXPORTS, ids=EXPORT_IDS)
@pytest.mark.parametrize("broken", [_dangling, _doubled], ids=["dangling", "doubled"])
def test_references_to_nothing_or_to_repeated_ids_export_alike_from_plain_data(
    fmt: str, options: dict[str, str], broken: Callable[[dict[str, Any]], dict[str, Any]]
) -> None:
    """Ids naming nothing, or several items, are written the same from plain data as from models."""
    data = broken(orjson.loads(SAMPLES[0].read_bytes()))
    assert data["quotes"] and data["events"] and data["entities"]
    _same_bytes(fmt, options, Document.model_validate(data))


def test_dump_plain_refuses_options_as_dump_does() -> None:
    """An option name (or a markup) the format does not take is refused from plain data too."""
    document = Document.model_validate_json(SAMPLES[0].read_bytes())
    for fmt in PLAIN_FORMATS:
        exporter: Any = get_document_exporter(fmt)
        wrong = {"excel": True} if fmt == "html" else {"markup": "both"}
        with pytest.raises(TypeError):
            exporter.dump(document, wrong)
        with pytest.raises(TypeError):
            exporter.dump_plain(_plain(document), wrong)
    page: Any = get_document_exporter("html")
    with pytest.raises(ValueError, match="markup must be one of"):
        page.dump(document, {"markup": "rdfa"})
    with pytest.raises(ValueError, match="markup must be one of"):
        page.dump_plain(_plain(document), {"markup": "rdfa"})


def test_the_page_legend_names_every_quote_and_entity_kind_of_the_models() -> None:
    """The kinds the page's stylesheet and legend name are the models' kinds, in their order."""
    assert get_args(QuoteKind) == QUOTE_KINDS
    assert get_args(EntityKind) == ENTITY_KINDS


CLI_EXPORTS = [
    ("jsonld", ()),
    ("schemaorg", ()),
    *(("html", ("--markup", markup)) for markup in MARKUP.choices),
]


@pytest.mark.parametrize(
    ("fmt", "flags"), CLI_EXPORTS, ids=["-".join([fmt, *flags]) for fmt, flags in CLI_EXPORTS]
)
def test_convert_writes_the_same_files_with_the_model_free_path_off(
    fmt: str, flags: tuple[str, ...], tmp_path: Path
) -> None:
    """convert's files are those of each document's models, whichever path checked it."""
    lines = [orjson.dumps(orjson.loads(path.read_bytes())) for path in SAMPLES]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    assert _fast.MODEL_FREE
    fast_out, models_out = f"{tmp_path / 'fast'}/", f"{tmp_path / 'models'}/"
    assert invoke("convert", str(source), "--to", fmt, *flags, "-o", fast_out)[0] == 0
    with models_always():
        assert invoke("convert", str(source), "--to", fmt, *flags, "-o", models_out)[0] == 0
    fast = sorted((tmp_path / "fast").iterdir())
    assert [p.name for p in fast] == sorted(p.name for p in (tmp_path / "models").iterdir())
    assert len(fast) == len(lines)
    exporter = get_document_exporter(fmt)
    named = zip(flags[::2], flags[1::2], strict=True)
    options = {flag.removeprefix("--"): value for flag, value in named}
    for line in lines:
        document = Document.model_validate_json(line)
        expected = exporter.dump(document, options)
        name = f"{document.article.id}{exporter.suffix}"
        assert (tmp_path / "fast" / name).read_bytes() == expected
        assert (tmp_path / "models" / name).read_bytes() == expected


@pytest.mark.parametrize("fmt", PLAIN_FORMATS)
def test_convert_exports_a_valid_document_from_its_plain_data(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A valid document reaches a plain-data exporter unbuilt: its dump from models is not used."""
    exporter: Any = get_document_exporter(fmt)

    def refuse(document: Document, options: Any) -> bytes:
        raise AssertionError("a valid document was built as models")

    monkeypatch.setattr(exporter, "dump", refuse)
    out = tmp_path / f"out{exporter.suffix}"
    assert invoke("convert", str(SAMPLES[0]), "--to", fmt, "-o", str(out))[0] == 0
    document = Document.model_validate_json(SAMPLES[0].read_bytes())
    assert out.read_bytes() == exporter.dump_plain(_plain(document), {})


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


@st.composite
def marked_texts(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    """A text and marks over it: nested, crossing, repeated, deep, empty or past its end."""
    text = draw(st.text(alphabet="ab <&\"'", max_size=40))
    limit = len(text) + 3
    marks = []
    for number in range(draw(st.integers(0, MAX_DEPTH + 6))):
        start = draw(st.integers(0, limit))
        end = draw(st.integers(start, limit))
        rank = draw(st.integers(0, 3))
        marks.append(Mark(start, end, rank, f"m{number}", f"<i{number}>", f"<c{number}>"))
    return text, marks


@settings(settings.get_profile("cheap"))
@given(marked_texts())
def test_nested_marks_drawn_in_one_pass_equal_the_sweep(case: tuple[str, list[Mark]]) -> None:
    """render_marked's page equals the general sweep's for any marks, escaped or not."""
    text, marks = case
    usable = sorted(
        (mark._replace(end=min(mark.end, len(text))) for mark in marks if mark.start < len(text)),
        key=_order,
    )
    usable = [mark for mark in usable if mark.start < mark.end]
    assert render_marked(text, marks, _escape) == _render_swept(text, usable, _escape)
    assert render_marked(text, marks, None) == _render_swept(text, usable, None)


def test_the_one_pass_draws_nested_marks_and_leaves_crossing_or_deep_ones_to_the_sweep() -> None:
    """Nested marks are drawn in one pass; a crossing or one too deep goes to the sweep."""
    text = "abcdefgh"
    outer, inner = Mark(0, 6, 0, "a", "<a>", "<a+>"), Mark(2, 4, 0, "b", "<b>", "<b+>")
    assert _render_nested(text, [outer, inner], None) == "<a>ab<b>cd</span>ef</span>gh"
    crossing = Mark(4, 8, 0, "c", "<c>", "<c+>")
    assert _render_nested(text, [outer, crossing], None) is None
    deep = [Mark(0, 8 - i // 4, 0, f"d{i:02}", "<d>", "<d+>") for i in range(MAX_DEPTH + 1)]
    assert _render_nested(text, sorted(deep, key=_order), None) is None
