"""What Dask workers run: plain functions of bytes and records, with no Dask import.

A partition is the whole lines of one block of one file (or one whole ``.json`` file). Reading
a block, counting its lines, turning it into records, checking and writing records are separate
small functions so that the graph built in :mod:`newsschema.engines.dask` stays readable and
every task can be retried on another worker with the same result: nothing here has side
effects except the writers, which write whole files under names fixed by the partition, so a
retried task writes the same bytes again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from fsspec.spec import AbstractFileSystem
from fsspec.utils import read_block

from newsschema._atomic import atomic_write_bytes
from newsschema.config import Settings
from newsschema.findings import Finding
from newsschema.formats import BUNDLE_PARTS, EXPORTERS, ExportError, Options
from newsschema.loader import load_one
from newsschema.models import Document
from newsschema.validation import Chunk, RunSettings, scan_pieces

__all__ = [
    "Part",
    "Record",
    "advance",
    "check_records",
    "count_block",
    "documents",
    "read_file_block",
    "records",
    "write_documents",
    "write_tables",
]

_BLANK = b" \t\r\n"
_CHANGED = "an input changed during the conversion: it holds documents that were not checked"


class Record(NamedTuple):
    """One document of the input and where it is.

    Attributes:
        file: The input's name, as findings name it.
        line: 1-based line where the document starts in its file.
        document: 0-based index of the document in its file (blank lines are not documents).
        data: The document's bytes (a JSON Lines line without its line break, or a whole
            ``.json`` file).
    """

    file: str
    line: int
    document: int
    data: bytes


@dataclass(slots=True)
class Part:
    """What checking the records of one file in one partition found.

    Attributes:
        file: The file the records come from.
        findings: Every finding, in document order.
        documents: Number of documents checked.
        invalid: Number of documents with an error.
        first_invalid: For ``--fail-fast``: documents and findings up to and including the
            first invalid document, when there is one.
        cases: Per document checked: file-wide index, article id ("" when it did not load)
            and seconds taken (validation only; kept in the report for JUnit when asked).
    """

    file: str
    findings: list[Finding] = field(default_factory=list)
    documents: int = 0
    invalid: int = 0
    first_invalid: tuple[int, int] | None = None
    cases: list[tuple[int, str, float]] = field(default_factory=list)


def read_file_block(
    fs: AbstractFileSystem, path: str, offset: int, length: int | None, jsonl: bool
) -> bytes:
    """Read the whole lines that start in ``[offset, offset + length)`` (all: ``length`` None)."""
    with fs.open(path, "rb") as handle:
        if length is None:
            data: bytes = handle.read()
            return data
        # read_block moves both ends forward to just after a line break, so blocks tile the file.
        block: bytes = read_block(handle, offset, length, delimiter=b"\n" if jsonl else None)
        return block


def count_block(block: bytes, jsonl: bool) -> tuple[int, int]:
    """Return the number of lines and of documents (non-blank lines) in a block."""
    if not jsonl:
        return block.count(b"\n"), 1
    lines = block.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # the block ends with a line break: no line after it
    return len(lines), sum(1 for line in lines if line.strip(_BLANK))


def advance(start: tuple[int, int], counts: tuple[int, int]) -> tuple[int, int]:
    """Return the first line number and document index after a block."""
    return start[0] + counts[0], start[1] + counts[1]


def records(block: bytes, file: str, start: tuple[int, int], jsonl: bool) -> list[Record]:
    """Split a block into records numbered from ``start`` (line number, document index)."""
    if not jsonl:
        return [Record(file, 1, 0, block)]
    line, document = start
    out = []
    for raw in block.split(b"\n"):
        if raw.strip(_BLANK):
            out.append(Record(file, line, document, raw.rstrip(b"\r")))
            document += 1
        line += 1
    return out


def _parts(items: Iterable[Record]) -> Iterator[tuple[str, list[Record]]]:
    """Group consecutive records of the same file."""
    current: list[Record] = []
    for record in items:
        if current and record.file != current[0].file:
            yield current[0].file, current
            current = []
        current.append(record)
    if current:
        yield current[0].file, current


def check_records(items: Iterable[Record], settings: Settings) -> list[Part]:
    """Validate records exactly as the local engine does: through the core's loop.

    The records of each file are checked by :func:`newsschema.validation.scan_pieces`, the loop
    :func:`~newsschema.validation.scan` runs for a JSON Lines unit, numbered as the records are.
    """
    run = RunSettings((settings.rule_set(),), record=True)
    parts = []
    for file, group in _parts(items):
        chunk = Chunk(file, file)
        first_invalid: tuple[int, int] | None = None
        pieces = ((record.line, record.document, record.data) for record in group)
        for result in scan_pieces(pieces, run, chunk, numbered=True):
            if result.errors and first_invalid is None:
                first_invalid = (chunk.documents, len(chunk.findings))
        parts.append(
            Part(file, chunk.findings, chunk.documents, chunk.invalid, first_invalid, chunk.cases)
        )
    return parts


def documents(items: Iterable[Record]) -> Iterator[Document]:
    """Load the documents of checked records.

    Raises:
        ExportError: a record is not a valid document (validate before exporting).
    """
    for record in items:
        loaded = load_one(record.data, file=record.file, index=record.document, line=record.line)
        if loaded.document is None:
            first = loaded.findings[0]
            raise ExportError(
                f"{record.file}:{record.line}: not a valid document ({first.code} "
                f"{first.message}); validate before exporting"
            )
        yield loaded.document


def write_documents(
    items: Iterable[Record],
    to: str,
    directory: str,
    options: Options,
    single: str | None,
    checked: frozenset[str] | None = None,
) -> list[str]:
    """Write one file per document into ``directory`` (``single``: the one output file).

    Returns:
        The paths written, in order.

    Raises:
        ExportError: a document's article id is not among ``checked`` (when given): the input
            changed after it was checked, and that document is not written.
    """
    exporter = EXPORTERS[to]
    if exporter.layout != "document":
        raise ExportError(f"--to {to} writes one output for all documents, not one per document")
    written = []
    for document in documents(items):
        if checked is not None and document.article.id not in checked:
            raise ExportError(_CHANGED)
        target = (
            Path(single) if single else Path(directory) / f"{document.article.id}{exporter.suffix}"
        )
        atomic_write_bytes(target, exporter.dump(document, options))
        written.append(str(target))
    return written


def write_tables(
    items: Iterable[Record], to: str, files: Mapping[str, str], options: Options
) -> list[str]:
    """Write the table files of one partition of a bundle; return its article ids in order."""
    ids: list[str] = []

    def noted(docs: Iterable[Document]) -> Iterator[Document]:
        for document in docs:
            ids.append(document.article.id)
            yield document

    paths = {name: Path(path) for name, path in files.items()}
    BUNDLE_PARTS[to].write_parts(noted(documents(items)), paths, options)
    return ids
