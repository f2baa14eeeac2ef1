"""The strict loader: bytes in, a :class:`~newsschema.models.Document` or located findings out.

Reading input never silently loses or changes data. The loader requires UTF-8 without a BOM and
refuses duplicate keys, NaN and Infinity, integers beyond ±(2^53−1), lone surrogates, nesting
deeper than :data:`~newsschema._scan.MAX_DEPTH`, empty input and trailing data. Every error names
its file, line and column (model errors too: their JSON pointer is mapped back to the source) and
never echoes more than a short excerpt of the input.

This module holds the public verbs. Parsing strict JSON (the fast path and the exact scanner
behind it) is :mod:`newsschema._strict_json`; turning the model's errors into located findings
is :mod:`newsschema._model_errors`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from pydantic_core import ValidationError

from newsschema._inputs import JSONL_SUFFIXES
from newsschema._model_errors import locate_pointers, model_findings
from newsschema._names import display_name
from newsschema._strict_json import numbers_and_depth_pass, parse, parse_exactly, surrogate_finding
from newsschema.findings import Finding, Severity

if TYPE_CHECKING:
    from newsschema.models import Document

__all__ = [
    "LoadError",
    "Loaded",
    "iter_documents",
    "load_document",
    "load_documents",
    "load_one",
    "load_parsed",
    "loads",
    "locate",
    "parse_json",
    "validate_model",
]


class LoadError(ValueError):
    """Input could not be loaded; ``findings`` says where and why (never empty)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        first = findings[0]
        where = f"{first.file or '<input>'}:{first.line or 0}:{first.column or 0}"
        super().__init__(f"{where}: {first.code} {first.message}")


@dataclass(frozen=True, slots=True)
class Loaded:
    """One document's load result: the document, or the findings that stopped it.

    Attributes:
        document: The validated document, or None when loading failed.
        findings: Errors found while loading (empty when ``document`` is set).
        raw: The parsed JSON value when parsing succeeded (even if the model rejected it).
        index: 0-based position of the document in its file.
        line: 1-based line where the document starts in its file.
        file: Name of the file it came from, when known.
        data: The document's exact bytes when it loaded from canonical JSON (to locate later
            findings in them without reading the input again), else None.
        origin: What an importer knows of where the document came from, as
            ``(name, value)`` pairs: the brat importer gives ``article`` (the text file's
            stem) and, for ``NAME_ANNOTATOR.ann`` / ``NAME.ANNOTATOR.ann`` files,
            ``annotator``; the document id is the annotation file's stem.
    """

    document: Document | None
    findings: list[Finding]
    raw: Any = None
    index: int = 0
    line: int = 1
    file: str | None = None
    data: bytes | None = None
    origin: tuple[tuple[str, str], ...] = ()


def parse_json(data: bytes | str) -> Any:
    """Parse one strict JSON value.

    Raises:
        LoadError: with a located NS00x/NS01x finding.
    """
    if isinstance(data, str):
        bad = surrogate_finding(data)
        if bad is not None:
            raise LoadError([bad])
        data = data.encode("utf-8")
    parsed = parse(data)
    if isinstance(parsed, Finding):
        raise LoadError([parsed])
    return parsed[0]


def validate_model(raw: Any) -> Document | list[Finding]:
    """Validate plain data as a :class:`Document`; return it, or the findings (pointers only)."""
    # Imported here: a valid document checked as plain data never needs the models, and
    # importing them is most of a one-file run's start-up.
    from newsschema.models import Document

    try:
        return Document.model_validate(raw)
    except ValidationError as exc:
        return model_findings(exc, raw)


def load_one(data: bytes, *, file: str | None = None, index: int = 0, line: int = 1) -> Loaded:
    """Load one document from its exact bytes; never raises for bad input.

    Args:
        data: The document's bytes (a whole ``.json`` file or one JSONL line without newline).
        file: Name to put in findings.
        index: 0-based position of the document in its file.
        line: 1-based line where the document starts in its file.
    """
    return load_parsed(data, parse(data, for_model=True), file=file, index=index, line=line)


def load_parsed(
    data: bytes,
    parsed: tuple[Any, str | None] | Finding,
    *,
    file: str | None = None,
    index: int = 0,
    line: int = 1,
) -> Loaded:
    """:func:`load_one` for bytes already parsed (``parse(data, for_model=True)``'s result).

    For a caller that looked at the parsed value first (the model-free check of valid
    documents) and now needs the model or the located findings.
    """
    if isinstance(parsed, Finding):
        return _failed(parsed, file=file, index=index, line=line)
    raw, text = parsed
    model = validate_model(raw)
    if not isinstance(model, list):
        return Loaded(model, [], raw=raw, index=index, line=line, file=file, data=data)
    if text is None and not numbers_and_depth_pass(data):
        # The model refused a value that also holds a long integer or deep nesting: report
        # that (what the exact scanner finds first), as without the deferred checks.
        exact = parse_exactly(data)
        if isinstance(exact, Finding):
            return _failed(exact, file=file, index=index, line=line)
    located = locate_pointers(model, data, text, line_offset=line - 1)
    return Loaded(
        None,
        [f.at(file=file, document=index) for f in located],
        raw=raw,
        index=index,
        line=line,
        file=file,
    )


def _failed(finding: Finding, *, file: str | None, index: int, line: int) -> Loaded:
    """Return the :class:`Loaded` for a document whose bytes failed to parse."""
    located = finding.at(
        file=file,
        document=index,
        line=(finding.line or 1) + line - 1,
        column=finding.column or 1,
    )
    return Loaded(None, [located], index=index, line=line, file=file)


def locate(findings: list[Finding], data: bytes, *, line: int = 1) -> list[Finding]:
    """Give findings that only have a JSON pointer the line and column of that place in ``data``.

    Args:
        findings: Findings about the document in ``data`` (e.g. from semantic rules).
        data: The document's exact bytes.
        line: 1-based line where the document starts in its file.
    """
    return locate_pointers(findings, data, None, line_offset=line - 1)


def loads(data: bytes | str, *, file: str | None = None) -> Document:
    """Load one document from JSON text.

    Args:
        data: UTF-8 bytes (preferred: the exact input) or a str.
        file: Name to put in findings.

    Raises:
        LoadError: the input is not a valid document; ``findings`` says where and why.
    """
    if isinstance(data, str):
        bad = surrogate_finding(data)
        if bad is not None:
            raise LoadError([replace(bad, file=file)])
        data = data.encode("utf-8")
    loaded = load_one(data, file=file)
    if loaded.document is None:
        raise LoadError(loaded.findings)
    return loaded.document


def _display(path: str | os.PathLike[str]) -> str:
    return display_name(path)


def _read(path: str | os.PathLike[str]) -> bytes | Finding:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        return Finding(
            "NS030",
            Severity.ERROR,
            f"cannot read file: {exc.strerror or exc}",
            file=_display(path),
        )


def load_document(path: str | os.PathLike[str]) -> Document:
    """Load the single document in a ``.json`` file.

    Raises:
        LoadError: unreadable file or invalid document.
    """
    data = _read(path)
    if isinstance(data, Finding):
        raise LoadError([data])
    loaded = load_one(data, file=_display(path))
    if loaded.document is None:
        raise LoadError(loaded.findings)
    return loaded.document


def is_jsonl(path: str | os.PathLike[str]) -> bool:
    """Return True when the file name says JSON Lines (``.jsonl`` or ``.ndjson``)."""
    return Path(path).suffix.lower() in JSONL_SUFFIXES


def iter_jsonl(stream: BinaryIO, *, file: str | None) -> Iterator[Loaded]:
    """Load each line of a JSON Lines stream, one at a time (constant memory).

    Blank lines are skipped; line numbers in findings are lines of the file.
    """
    index = 0
    for number, line in enumerate(stream, start=1):
        if not line.strip(b" \t\r\n"):
            continue
        yield load_one(line.rstrip(b"\r\n"), file=file, index=index, line=number)
        index += 1


def iter_documents(path: str | os.PathLike[str]) -> Iterator[Loaded]:
    """Load every document in a ``.json`` or ``.jsonl`` file, streaming JSONL line by line.

    Never raises for bad input: an unreadable file yields one :class:`Loaded` with an NS030
    finding.
    """
    name = _display(path)
    if is_jsonl(path):
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed in finally, generator lifetime
        except OSError as exc:
            yield Loaded(
                None,
                [Finding("NS030", Severity.ERROR, f"cannot read file: {exc.strerror}", file=name)],
            )
            return
        try:
            yield from iter_jsonl(handle, file=name)
        finally:
            handle.close()
        return
    data = _read(path)
    if isinstance(data, Finding):
        yield Loaded(None, [data])
        return
    yield load_one(data, file=name)


def load_documents(path: str | os.PathLike[str]) -> list[Document]:
    """Load all documents of a ``.json`` or ``.jsonl`` file.

    Raises:
        LoadError: with every finding of every document when any document is invalid.
    """
    documents: list[Document] = []
    findings: list[Finding] = []
    for loaded in iter_documents(path):
        if loaded.document is None:
            findings.extend(loaded.findings)
        else:
            documents.append(loaded.document)
    if findings:
        raise LoadError(findings)
    return documents


def load_bytes(data: bytes, *, file: str | None = None, jsonl: bool = False) -> Iterator[Loaded]:
    """Load documents from bytes already in memory (stdin, archives); JSONL when ``jsonl``."""
    if not jsonl:
        yield load_one(data, file=file)
        return
    index = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip(b" \t\r"):
            continue
        yield load_one(line.rstrip(b"\r"), file=file, index=index, line=number)
        index += 1
