"""The strict loader: bytes in, a :class:`~newsschema.models.Document` or located findings out.

Reading input never silently loses or changes data. The loader requires UTF-8 without a BOM and
refuses duplicate keys, NaN and Infinity, integers beyond ±(2^53−1), lone surrogates, nesting
deeper than :data:`~newsschema._scan.MAX_DEPTH`, empty input and trailing data. Every error names
its file, line and column (model errors too: their JSON pointer is mapped back to the source) and
never echoes more than a short excerpt of the input.

Valid input takes a fast path (orjson plus a few C-speed checks on the text); only input that
fails, or is flagged by a check, goes through the exact position-tracking scanner.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from pydantic import ValidationError

from newsschema._names import display_name
from newsschema._scan import (
    MAX_DEPTH,
    MAX_KEY_IN_POINTER,
    LineIndex,
    ScanError,
    escape_pointer,
    excerpt,
    scan,
)
from newsschema.findings import Finding, Severity
from newsschema.models import Document

__all__ = [
    "LoadError",
    "Loaded",
    "iter_documents",
    "load_document",
    "load_documents",
    "load_one",
    "loads",
    "locate",
    "parse_json",
    "validate_model",
]

_UTF8_BOM = b"\xef\xbb\xbf"
# Strings (with their escapes) as one token each, so that what is left is structure and numbers.
_STRING_BYTES = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
# An integer part of 16 or more digits may exceed 2**53 - 1: let the exact scanner decide.
_LONG_INTEGER = re.compile(rb"[0-9]{16,}")
_BRACKET_PAIR = re.compile(rb"\[\]|\{\}")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_SURROGATE = re.compile("[\ud800-\udfff]")


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
    """

    document: Document | None
    findings: list[Finding]
    raw: Any = None
    index: int = 0
    line: int = 1
    file: str | None = None
    data: bytes | None = None


def _decode(data: bytes) -> str | Finding:
    """Decode strict UTF-8, or return an NS002 finding with the position of the first bad byte."""
    if data.startswith(_UTF8_BOM):
        return Finding(
            "NS002", Severity.ERROR, "UTF-8 byte-order mark at the start; save as UTF-8 without BOM"
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) >= 2 and b"\x00" in data[:4]):
        return Finding(
            "NS002", Severity.ERROR, "input looks like UTF-16; convert it to UTF-8 without BOM"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        return Finding(
            "NS002",
            Severity.ERROR,
            f"invalid UTF-8: byte 0x{data[exc.start]:02X} at byte offset {exc.start} "
            f"({exc.reason})",
            line=line,
            column=column,
        )


def _surrogate(text: str) -> Finding | None:
    """NS012 at the first surrogate code point of a str input, which has no UTF-8 form.

    Encoding such a str with ``surrogatepass`` would give bytes that are not UTF-8, reported
    as NS002 against bytes the caller never had.
    """
    found = _SURROGATE.search(text)
    if found is None:
        return None
    before = text[: found.start()]
    return Finding(
        "NS012",
        Severity.ERROR,
        f"lone surrogate U+{ord(found.group()):04X} in the text; a str input must hold "
        "Unicode scalar values only",
        line=before.count("\n") + 1,
        column=len(before) - (before.rfind("\n") + 1) + 1,
    )


def _no_duplicate_keys(data: bytes, value: Any) -> bool:
    r"""Exact, C-speed check that orjson dropped no duplicate key (it keeps the last silently).

    Every object member in the text has one ``:`` outside strings, and a dropped member takes
    its ``:`` away from orjson's re-serialisation of the tree. Colons inside strings survive
    re-serialisation unchanged unless the input wrote one as an escape (``\\u003a``), so when
    it did not, the raw counts of ``:`` in input and output are equal exactly when no member
    was dropped. Inputs with such an escape take the string-stripping comparison instead.
    """
    try:
        again = orjson.dumps(value)
    except TypeError:  # nested beyond orjson's writer limit: let the exact scanner report it
        return False
    if b"\\u003" not in data:
        return data.count(b":") == again.count(b":")
    structure = _STRING_BYTES.sub(b"", data)
    return structure.count(b":") == _STRING_BYTES.sub(b"", again).count(b":")


def _numbers_and_depth_pass(data: bytes) -> bool:
    """Cheap checks for integers beyond ±(2^53−1) and nesting deeper than MAX_DEPTH."""
    if _LONG_INTEGER.search(data) is None and data.count(b"[") + data.count(b"{") <= MAX_DEPTH:
        return True  # nothing that could be a long integer or deep nesting, strings included
    structure = _STRING_BYTES.sub(b"", data)
    if _LONG_INTEGER.search(structure):
        return False
    brackets = structure.translate(None, _NOT_BRACKETS)
    if len(brackets) > 2 * MAX_DEPTH:
        depth = 0
        while brackets and depth < MAX_DEPTH:
            brackets = _BRACKET_PAIR.sub(b"", brackets)
            depth += 1
        if brackets:
            return False
    return True


def _quick_checks_pass(data: bytes, value: Any) -> bool:
    """Cheap checks for what orjson lets through: duplicate keys, long integers, deep nesting."""
    return _no_duplicate_keys(data, value) and _numbers_and_depth_pass(data)


def parse_json(data: bytes | str) -> Any:
    """Parse one strict JSON value.

    Raises:
        LoadError: with a located NS00x/NS01x finding.
    """
    if isinstance(data, str):
        bad = _surrogate(data)
        if bad is not None:
            raise LoadError([bad])
        data = data.encode("utf-8")
    parsed = _parse(data)
    if isinstance(parsed, Finding):
        raise LoadError([parsed])
    return parsed[0]


def _parse(data: bytes, *, for_model: bool = False) -> tuple[Any, str | None] | Finding:
    """Return (value, decoded text if already decoded) or a located finding.

    With ``for_model``, the number and depth checks are left to the caller: a value that the
    document model accepts cannot hold an integer beyond ±(2^53−1) (offsets are bounded) nor
    nest deeper than the model does, so the caller runs them only when the model refuses it.
    """
    if not data.strip(b" \t\r\n"):
        return Finding("NS003", Severity.ERROR, "empty input", line=1, column=1)
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        value = _FAILED
    if (
        value is not _FAILED
        and not data.startswith(_UTF8_BOM)
        and _no_duplicate_keys(data, value)
        and (for_model or _numbers_and_depth_pass(data))
    ):
        return value, None
    return _parse_exactly(data)


def _parse_exactly(data: bytes) -> tuple[Any, str | None] | Finding:
    """The slow path: decode and scan with positions; return the value or the first problem."""
    decoded = _decode(data)
    if isinstance(decoded, Finding):
        return decoded
    try:
        scanned = scan(decoded)
    except ScanError as exc:
        line, column = LineIndex(decoded).position(exc.offset)
        return Finding(exc.code, Severity.ERROR, exc.message, line=line, column=column)
    return scanned.value, decoded


_FAILED = object()

# Pydantic error types -> our codes.
_TYPE_CODES = {"extra_forbidden": "NS020", "missing": "NS021"}
_WRONG_TYPE = re.compile(r"_type$|^(model|dataclass)_(attributes_)?type$|^is_instance_of$")


def _pointer_for(loc: tuple[int | str, ...], raw: Any) -> str:
    """Turn a Pydantic error location into an RFC 6901 pointer into the raw JSON.

    Pydantic inserts the tag of a discriminated union (``entities/0/person/name``) and names of
    function validators into ``loc``; walking the raw value alongside drops those parts.
    """
    parts: list[str] = []
    node = raw
    for item in loc:
        if isinstance(node, list) and isinstance(item, int):
            parts.append(str(item))
            node = node[item] if 0 <= item < len(node) else None
        elif isinstance(node, dict) and isinstance(item, str):
            if item in node:
                if len(item) > MAX_KEY_IN_POINTER:
                    break  # an unknown key of hostile length: point at its object
                parts.append(escape_pointer(item))
                node = node[item]
            elif item == loc[-1]:
                parts.append(escape_pointer(item))
                node = None
            # else: a union tag or validator name; stay on this node.
        elif isinstance(item, str) and node is None and item == loc[-1]:
            parts.append(escape_pointer(item))
    return "".join("/" + part for part in parts)


_DATE_FORM = "an ISO 8601 date (2022, 2022-01, 2022-01-13) or an RFC 3339 timestamp with offset"
_DURATION_FORM = "an ISO 8601 duration such as PT4H or P1W"
# A long regular expression tells a reader nothing: name the form instead, by field name.
_FORMS = {
    "start": _DATE_FORM,
    "end": _DATE_FORM,
    "duration": _DURATION_FORM,
    "planned_duration": _DURATION_FORM,
    "language": "a BCP 47 language tag such as en, en-GB or zh-Hant-TW",
}


def _model_message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field {excerpt(str(error['loc'][-1]))}"
    if kind == "missing":
        return f"missing required field {excerpt(str(error['loc'][-1]))}"
    if kind == "union_tag_not_found":
        return 'missing required field "kind" (it selects the type)'
    message = str(error["msg"])
    if kind == "model_type":
        return _object_expected(message, error.get("input"))
    if kind == "union_tag_invalid":  # Pydantic's message quotes the whole tag
        tag = error["input"].get("kind") if isinstance(error["input"], dict) else None
        expected = message.rpartition("expected tags: ")[2]
        return f"unknown kind {_shown(tag)}; expected one of {expected}"
    message = message.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch" and len(message) > 100:
        form = _FORMS.get(str(error["loc"][-1]), "in the form the JSON Schema gives this field")
        message = f"String should be {form}"
    return f"{message} (got {_shown(error.get('input'))})"


# What an object field looks like, by model name, for "expected an object" messages.
_SHAPES = {
    "EventDate": '{"start": "2022-01-10"} (optionally with "end")',
    "Span": '{"start": 0, "end": 12}',
}
_MODEL_NAME = re.compile(r"instance of (\w+)")


def _object_expected(message: str, got: Any) -> str:
    """Say which object shape a field takes, not Pydantic's "valid dictionary or instance"."""
    found = _MODEL_NAME.search(message)
    name = found.group(1) if found else ""
    shape = _SHAPES.get(name)
    if name == "EventDate" and isinstance(got, str) and len(got) <= 40:
        shape = orjson.dumps({"start": got}).decode().replace(":", ": ")
    expected = f"an object such as {shape}" if shape else f"an object ({name or 'JSON object'})"
    return f"expected {expected} (got {_shown(got)})"


def _shown(got: Any) -> str:
    """A short rendering of an input value: an excerpt of a string, or its JSON type."""
    if isinstance(got, int) and not isinstance(got, bool):
        return excerpt(str(got))  # any size (from Python; JSON input is bounded before this)
    if isinstance(got, (str, float, bool)) or got is None:
        return excerpt(got) if isinstance(got, str) else orjson.dumps(got).decode()
    return type(got).__name__ if not isinstance(got, dict) else "object"


def _model_code(error: Any) -> str:
    kind = str(error["type"])
    if kind in _TYPE_CODES:
        return _TYPE_CODES[kind]
    if kind == "union_tag_not_found":
        return "NS021"
    return "NS022" if _WRONG_TYPE.search(kind) else "NS023"


def _locate(
    findings: list[Finding], data: bytes, text: str | None, *, line_offset: int = 0
) -> list[Finding]:
    """Fill in line and column for findings that only have a JSON pointer."""
    if text is None:
        text = data.decode("utf-8")
    try:
        scanned = scan(text)
    except ScanError:  # cannot happen for input that parsed, but never crash on locating
        return findings
    index = LineIndex(text)
    located = []
    for finding in findings:
        if finding.code == "NS020":
            offset = scanned.keys.get(finding.pointer)
        else:
            offset = scanned.values.get(finding.pointer)
        pointer = finding.pointer
        while offset is None and pointer:
            pointer = pointer.rsplit("/", 1)[0]
            offset = scanned.values.get(pointer)
        line, column = index.position(offset or 0)
        end = scanned.ends.get(pointer) if finding.code != "NS020" else None
        end_line, end_column = index.position(end) if end is not None else (None, None)
        located.append(
            finding.at(
                line=line + line_offset,
                column=column,
                end_line=None if end_line is None else end_line + line_offset,
                end_column=end_column,
            )
        )
    return located


def validate_model(raw: Any) -> Document | list[Finding]:
    """Validate plain data as a :class:`Document`; return it, or the findings (pointers only)."""
    try:
        return Document.model_validate(raw)
    except ValidationError as exc:
        return [
            Finding(
                _model_code(error),
                Severity.ERROR,
                _model_message(error),
                pointer=_pointer_for(tuple(error["loc"]), raw),
            )
            for error in exc.errors(include_url=False, include_context=False)
        ]


def load_one(data: bytes, *, file: str | None = None, index: int = 0, line: int = 1) -> Loaded:
    """Load one document from its exact bytes; never raises for bad input.

    Args:
        data: The document's bytes (a whole ``.json`` file or one JSONL line without newline).
        file: Name to put in findings.
        index: 0-based position of the document in its file.
        line: 1-based line where the document starts in its file.
    """
    parsed = _parse(data, for_model=True)
    if isinstance(parsed, Finding):
        return _failed(parsed, file=file, index=index, line=line)
    raw, text = parsed
    model = validate_model(raw)
    if isinstance(model, Document):
        return Loaded(model, [], raw=raw, index=index, line=line, file=file, data=data)
    if text is None and not _numbers_and_depth_pass(data):
        # The model refused a value that also holds a long integer or deep nesting: report
        # that (what the exact scanner finds first), as without the deferred checks.
        exact = _parse_exactly(data)
        if isinstance(exact, Finding):
            return _failed(exact, file=file, index=index, line=line)
    located = _locate(model, data, text, line_offset=line - 1)
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
    return _locate(findings, data, None, line_offset=line - 1)


def loads(data: bytes | str, *, file: str | None = None) -> Document:
    """Load one document from JSON text.

    Args:
        data: UTF-8 bytes (preferred: the exact input) or a str.
        file: Name to put in findings.

    Raises:
        LoadError: the input is not a valid document; ``findings`` says where and why.
    """
    if isinstance(data, str):
        bad = _surrogate(data)
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
    return Path(path).suffix.lower() in {".jsonl", ".ndjson"}


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
