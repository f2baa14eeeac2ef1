"""Strict JSON text: one value from bytes, fast when valid, exact and located when not.

Reading input never silently loses or changes data: UTF-8 without a BOM, no duplicate keys,
no NaN or Infinity, no integers beyond ±(2^53−1), no lone surrogates, no nesting deeper than
:data:`~newsschema._scan.MAX_DEPTH`, no empty input or trailing data.

Valid input takes a fast path (orjson plus a few C-speed checks on the text); only input that
fails, or is flagged by a check, goes through the exact position-tracking scanner
(:mod:`newsschema._scan`), which says where and why.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from newsschema._scan import MAX_DEPTH, LineIndex, ScanError, scan
from newsschema.findings import Finding, Severity

__all__ = [
    "UTF8_BOM",
    "numbers_and_depth_pass",
    "parse",
    "parse_exactly",
    "surrogate_finding",
]

UTF8_BOM = b"\xef\xbb\xbf"
# Strings (with their escapes) as one token each, so that what is left is structure and numbers.
_STRING_BYTES = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
# An integer part of 16 or more digits may exceed 2**53 - 1: let the exact scanner decide.
_LONG_INTEGER = re.compile(rb"[0-9]{16,}")
_BRACKET_PAIR = re.compile(rb"\[\]|\{\}")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _decode(data: bytes) -> str | Finding:
    """Decode strict UTF-8, or return an NS002 finding with the position of the first bad byte."""
    if data.startswith(UTF8_BOM):
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


def surrogate_finding(text: str) -> Finding | None:
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

    Compact input (JSON Lines as tools write them) is most often byte for byte what orjson
    writes back: then the text has one member per key of the parsed objects, and one memory
    comparison settles it without counting.
    """
    try:
        again = orjson.dumps(value)
    except TypeError:  # nested beyond orjson's writer limit: let the exact scanner report it
        return False
    if data.startswith(again) and not data[len(again) :].strip(b" \t\r\n"):
        return True
    if b"\\u003" not in data:
        return data.count(b":") == again.count(b":")
    structure = _STRING_BYTES.sub(b"", data)
    return structure.count(b":") == _STRING_BYTES.sub(b"", again).count(b":")


def numbers_and_depth_pass(data: bytes) -> bool:
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


_FAILED = object()


def parse(data: bytes, *, for_model: bool = False) -> tuple[Any, str | None] | Finding:
    """Return (value, decoded text if already decoded) or a located finding.

    With ``for_model``, the number and depth checks are left to the caller: a value that the
    document model accepts cannot hold an integer beyond ±(2^53−1) (offsets are bounded) nor
    nest deeper than the model does, so the caller runs them only when the model refuses it.
    """
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        value = _FAILED
    if (
        value is not _FAILED
        and not data.startswith(UTF8_BOM)
        and _no_duplicate_keys(data, value)
        and (for_model or numbers_and_depth_pass(data))
    ):
        return value, None
    # Only input orjson refused can be blank (a copy of the whole input is not made otherwise).
    if not data.strip(b" \t\r\n"):
        return Finding("NS003", Severity.ERROR, "empty input", line=1, column=1)
    return parse_exactly(data)


def parse_exactly(data: bytes) -> tuple[Any, str | None] | Finding:
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
