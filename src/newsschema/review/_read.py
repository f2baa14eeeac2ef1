"""Reading the documents to review, keeping where each came from.

Inputs go through the importer registry exactly as ``newsschema convert`` reads them, so every
importable format (``--from``) works; format options (``--labels``, ``--set``) pass through.
Every document is checked with the error rules first: spans out of range would make the review
show wrong text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsschema._inputs import BUNDLE_DESCRIPTOR, Input, expand_inputs
from newsschema._names import display_name
from newsschema.findings import Finding, Severity, sort_key
from newsschema.formats import IMPORTERS, Importer, Options, importer_for_bundle
from newsschema.formats import importer_for_suffix as _for_suffix
from newsschema.loader import Loaded, locate
from newsschema.models import Document
from newsschema.validation import ERROR_CHECKS, validate_document

__all__ = ["ReviewInputError", "Source", "check_loaded", "read_sources"]


class ReviewInputError(Exception):
    """An input cannot be reviewed; ``findings`` says where and why (may be empty)."""

    def __init__(self, message: str, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.findings = sorted(findings, key=sort_key)


@dataclass(frozen=True)
class Source:
    """One document and where it was read from.

    Attributes:
        document: The checked document.
        file: How reports name its file (None for in-memory input).
        line: 1-based line where the document starts in that file.
        raw: The document's exact bytes when it came from canonical JSON (to locate lines).
    """

    document: Document
    file: str | None
    line: int = 1
    raw: bytes | None = field(default=None, repr=False)


def _importer(path: Path | None, source_format: str | None) -> Importer:
    if source_format is not None:
        return IMPORTERS[source_format]
    if path is None:
        return IMPORTERS["json"]
    if path.is_dir():
        bundle = importer_for_bundle(path)
        if bundle is not None:
            return bundle
    found = _for_suffix(path.suffix) if path.suffix else None
    if found is None:
        raise ReviewInputError(
            f"{display_name(path)}: cannot tell the input format from the file name; use --from "
            f"({', '.join(sorted(IMPORTERS))})"
        )
    return found


def _expand(arguments: Sequence[str], source_format: str | None) -> list[Input]:
    """Expand arguments; a bundle directory, or any directory a directory importer reads, is one."""
    reads_dirs = source_format is not None and "/" in IMPORTERS[source_format].suffixes
    items: list[Input] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir() and (reads_dirs or (path / BUNDLE_DESCRIPTOR).is_file()):
            items.append(Input(path, display_name(argument)))
        elif path.is_dir() and source_format is not None:
            # The policy validate and convert follow: a link out of the folder, or to what is
            # not a regular file (a FIFO, a device), is reported and never opened.
            wanted = frozenset(IMPORTERS[source_format].suffixes) - {"/"}
            found = expand_inputs([argument], wanted)
            items.extend(found or [Input(path, display_name(argument), missing=True)])
        else:
            items.extend(expand_inputs([argument]))
    return items


class _RawReader:
    """The exact bytes of each canonical JSON document of one input, read once per file."""

    def __init__(self, item: Input, importer: Importer) -> None:
        self.path = item.path if importer.name in ("json", "jsonl") else None
        self.lines = importer.name == "jsonl"
        self.data: bytes | list[bytes] | None = None

    def __call__(self, loaded: Loaded) -> bytes | None:
        if self.path is None or self.path.is_dir():
            return None
        if self.data is None:
            try:
                data = self.path.read_bytes()
            except OSError:
                return None
            self.data = data.splitlines() if self.lines else data
        if isinstance(self.data, bytes):
            return self.data
        return self.data[loaded.line - 1] if 0 < loaded.line <= len(self.data) else None


def check_loaded(
    loaded: Loaded, findings: list[Finding], raw: bytes | None = None
) -> Document | None:
    """Check one loaded document with the error rules; collect findings; return it if usable.

    Args:
        loaded: What an importer read.
        findings: Where to add what is wrong.
        raw: The document's canonical JSON bytes, to give rule findings a line and column.
    """
    findings.extend(loaded.findings)
    if loaded.document is None:
        return None
    found = list(validate_document(loaded.document, ERROR_CHECKS))
    if raw is not None and found:
        found = locate(found, raw, line=loaded.line)
    found = [f.at(file=loaded.file, document=loaded.index) for f in found]
    findings.extend(found)
    if any(f.severity is Severity.ERROR for f in found):
        return None
    return loaded.document


def _read_item(item: Input, importer: Importer, options: Options) -> Iterator[Loaded]:
    if item.path is None:
        return importer.read_bytes(sys.stdin.buffer.read(), item.name, options)
    return importer.read(item.path, options)


def read_sources(
    arguments: Sequence[str],
    *,
    source_format: str | None = None,
    options: Options | None = None,
    findings: list[Finding] | None = None,
) -> list[Source]:
    """Read and check every document the arguments name.

    Args:
        arguments: Files, folders, globs or ``-``.
        source_format: The importer (default: from each file's suffix).
        options: How the importers read (``labels``, ``set``).
        findings: Where the warnings go (an importer's NS087 "quote kind inferred", say).

    Raises:
        ReviewInputError: an input is missing, unreadable or invalid (with every finding).
    """
    found: list[Finding] = []
    sources: list[Source] = []
    for item in _expand(arguments, source_format):
        if item.missing:
            found.append(Finding("NS030", Severity.ERROR, item.problem, file=item.name))
            continue
        importer = _importer(item.path, source_format)
        raw_of = _RawReader(item, importer)
        for loaded in _read_item(item, importer, options or {}):
            raw = raw_of(loaded) if loaded.document is not None else None
            document = check_loaded(loaded, found, raw)
            if document is not None:
                sources.append(Source(document, loaded.file or item.name, loaded.line, raw))
    errors = [f for f in found if f.severity is Severity.ERROR]
    if errors:
        raise ReviewInputError(f"{len(errors)} error(s) in the input", errors)
    if findings is not None:
        findings.extend(found)
    return sources
