"""Every format implements exactly the protocol of its shape, and callers dispatch on it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsschema.convert import ConvertError, convert
from newsschema.formats import (
    EXPORTERS,
    IMPORTERS,
    BundleExporter,
    DocumentExporter,
    ExportError,
    GivenOptions,
    Importer,
    NoOptions,
    StreamExporter,
    get_bundle_exporter,
    get_document_exporter,
    write_many,
)
from newsschema.formats.canonical import JSONL, dump_canonical
from newsschema.models import Document
from newsschema.strategies import documents

SEED = Path(__file__).resolve().parents[1] / "seeds"

_SHAPES: dict[str, type] = {
    "document": DocumentExporter,
    "stream": StreamExporter,
    "bundle": BundleExporter,
}


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_every_exporter_has_exactly_the_members_of_its_layout(name: str) -> None:
    """An exporter satisfies its layout's protocol and has no stub of another shape's verb."""
    exporter = EXPORTERS[name]
    assert isinstance(exporter, _SHAPES[exporter.layout]), name
    if exporter.layout == "bundle":
        assert not hasattr(exporter, "dump"), name
    else:
        assert not hasattr(exporter, "write"), name


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_every_importer_satisfies_the_importer_protocol(name: str) -> None:
    """Every registered importer has the importer's members (read, read_bytes, suffixes)."""
    assert isinstance(IMPORTERS[name], Importer)


def test_an_export_only_format_has_no_importer_half() -> None:
    """spaCy writes a DocBin and offers no read methods that could only refuse."""
    spacy = get_bundle_exporter("spacy")
    assert not hasattr(spacy, "read")
    assert not hasattr(spacy, "read_bytes")
    assert not isinstance(spacy, Importer)


def test_shape_getters_refuse_another_shape() -> None:
    """Asking for a document exporter by a bundle's name (or the reverse) is a KeyError."""
    assert get_document_exporter("jsonld").layout == "document"
    assert get_bundle_exporter("csv").layout == "bundle"
    with pytest.raises(KeyError, match="writes a bundle, not one file per document"):
        get_document_exporter("csv")
    with pytest.raises(KeyError, match="writes a stream, not a bundle"):
        get_bundle_exporter("jsonl")
    with pytest.raises(KeyError, match="choose from"):
        get_document_exporter("nope")


@given(docs=st.lists(documents(), max_size=3))
def test_a_stream_is_its_records_in_order(docs: list[Document]) -> None:
    """write_many writes a stream exporter's records, in input order, and nothing else."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "out.jsonl"
        write_many(JSONL, docs, target, {})
        data = target.read_bytes()
    assert data == b"".join(dump_canonical(d, indent=False) + b"\n" for d in docs)


class _Refusing:
    """A stream exporter that refuses its second document."""

    name = "refusing"
    description = "refuses the second document"
    suffix = ".txt"
    layout: Literal["stream"] = "stream"

    def __init__(self) -> None:
        self.count = 0

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        self.count += 1
        if self.count == 2:
            raise ExportError("second document refused")
        return b"record\n"


@given(docs=st.lists(documents(), min_size=2, max_size=3))
def test_a_refused_stream_leaves_nothing(docs: list[Document]) -> None:
    """A stream whose exporter refuses a record mid-way leaves no file and no temporary."""
    with tempfile.TemporaryDirectory() as tmp:
        with pytest.raises(ExportError, match="second document refused"):
            write_many(_Refusing(), docs, Path(tmp) / "out.txt", {})
        assert list(Path(tmp).iterdir()) == []


class _Bundle:
    """A bundle exporter that records what it was asked to write."""

    name = "recording"
    description = "records its documents"
    suffix = ""
    layout: Literal["bundle"] = "bundle"

    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, documents: Iterable[Document], target: Path, options: GivenOptions) -> None:
        self.written = [d.article.id for d in documents]
        target.write_bytes(b"bundle")


@given(docs=st.lists(documents(), max_size=3))
def test_write_many_hands_a_bundle_to_its_exporter(docs: list[Document]) -> None:
    """write_many lets a bundle exporter write the whole target itself."""
    bundle = _Bundle()
    with tempfile.TemporaryDirectory() as tmp:
        write_many(bundle, docs, Path(tmp) / "out", {})
        assert (Path(tmp) / "out").read_bytes() == b"bundle"
    assert bundle.written == [d.article.id for d in docs]


def test_convert_writes_and_prints_a_stream_alike(tmp_path: Path) -> None:
    """convert --to jsonl prints without -o exactly the bytes it writes to -o PATH."""
    seed = str(next(SEED.glob("*.json")))
    _, printed = convert([seed], to="jsonl", output=None)
    result, _ = convert([seed], to="jsonl", output=str(tmp_path / "out.jsonl"))
    assert printed == (tmp_path / "out.jsonl").read_bytes()
    assert printed is not None and printed.count(b"\n") == result.documents == 1


def test_a_bundle_needs_an_output_path() -> None:
    """convert --to a bundle without -o is a usage error, before any input is read."""
    with pytest.raises(ConvertError, match="writes a directory or archive") as caught:
        convert(["does-not-exist.json"], to="csv", output=None)
    assert caught.value.usage


def test_dask_workers_refuse_to_dump_a_format_that_is_not_one_file_per_document(
    tmp_path: Path,
) -> None:
    """The Dask per-document writer refuses a bundle or stream exporter before writing."""
    pytest.importorskip("dask")
    from newsschema.engines._dask_tasks import write_documents

    for name in ("csv", "jsonl"):
        with pytest.raises(ExportError, match="one output for all documents"):
            write_documents([], name, str(tmp_path), NoOptions(), None)
    assert list(tmp_path.iterdir()) == []
    assert write_documents([], "jsonld", str(tmp_path), NoOptions(), None) == []


def test_a_missing_extra_is_an_export_refusal_that_names_the_extra() -> None:
    """An optional module that is not installed is refused with the extra to install."""
    from newsschema.formats._extras import MissingExtra, extra

    wanted = r"--to x needs the x extra: pip install 'newsschema\[x\]'"
    with pytest.raises(MissingExtra, match=wanted), extra("x", "--to x"):
        import newsschema_not_a_module  # type: ignore[import-not-found]  # noqa: F401
    assert issubclass(MissingExtra, ExportError)
    assert issubclass(MissingExtra, ImportError)
