"""A position-tracking strict JSON scanner: the loader's slow, exact path.

orjson parses valid input fast but says little about bad input and nothing about where values
stand. This scanner runs only when orjson fails, when a cheap check flags the input, or when a
model error needs a line and column. It is iterative (100,000 nested brackets cost a clean error,
not a stack overflow), records the offset of every value and key by JSON pointer, and reports the
first problem with a stable code.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "MAX_DEPTH",
    "MAX_KEY_IN_POINTER",
    "MAX_SAFE_INTEGER",
    "LineIndex",
    "ScanError",
    "Scanned",
    "escape_pointer",
    "excerpt",
    "scan",
]

MAX_DEPTH = 64
MAX_KEY_IN_POINTER = 256
"""Findings about an object key longer than this point at its object: no field name is that
long, and a pointer should not carry megabytes of hostile input into every report."""
MAX_SAFE_INTEGER = 2**53 - 1

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_FINITE = re.compile(r"-?(?:NaN|Infinity|inf|nan)")


@dataclass(frozen=True, slots=True)
class ScanError(Exception):
    """The first problem in the input: a code, a message and a character offset."""

    code: str
    message: str
    offset: int


@dataclass(slots=True)
class Scanned:
    """A scanned document: the value and where each part of it stands.

    Attributes:
        value: The parsed JSON value.
        values: Character offset of each value, by JSON pointer.
        keys: Character offset of each object key, by the pointer of its value.
        ends: Character offset just after each value, by JSON pointer.
    """

    value: Any
    values: dict[str, int] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    ends: dict[str, int] = field(default_factory=dict)


def escape_pointer(token: str) -> str:
    """Escape one reference token for an RFC 6901 pointer."""
    return token.replace("~", "~0").replace("/", "~1")


def _string_error(text: str, pos: int) -> ScanError:
    """Explain why a string starting at ``pos`` does not match the string grammar."""
    i = pos + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            break
        if ch == "\\":
            nxt = text[i + 1 : i + 2]
            if nxt == "u":
                if not re.fullmatch(r"[0-9a-fA-F]{4}", text[i + 2 : i + 6]):
                    return ScanError("NS001", "invalid \\u escape in string", i)
                i += 6
                continue
            if nxt and nxt in '"\\/bfnrt':
                i += 2
                continue
            return ScanError("NS001", "invalid escape in string", i)
        if ch < " ":
            return ScanError("NS001", f"unescaped control character U+{ord(ch):04X} in string", i)
        i += 1
    return ScanError("NS001", "unterminated string", pos)


def scan(text: str, max_depth: int = MAX_DEPTH) -> Scanned:
    """Parse ``text`` as one strict JSON document, recording positions.

    Raises:
        ScanError: the first problem found.
    """
    result = Scanned(None)
    values, keys, ends = result.values, result.keys, result.ends
    # One frame per open container: [container, pointer, state, key it will be stored under].
    # state is what may come next: "first" (a member or the closer), "next" (',' or the
    # closer), "key" (an object key) or "value" (an array element or an object member value).
    stack: list[list[Any]] = []
    n = len(text)
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    if pos == n:
        raise ScanError("NS003", "empty input", 0)
    key: str | None = None

    while True:
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= n:
            raise ScanError("NS001", "unexpected end of input", n)
        ch = text[pos]
        if stack:
            frame = stack[-1]
            container, state = frame[0], frame[2]
            is_array = isinstance(container, list)
            closer = "]" if is_array else "}"
            if state in ("first", "next") and ch == closer:
                stack.pop()
                pos += 1
                ends[frame[1]] = pos
                if not stack:
                    result.value = container
                    break
                _add(stack[-1], frame[3], container)
                continue
            if state == "next":
                if ch != ",":
                    raise ScanError("NS001", f"expected ',' or '{closer}'", pos)
                frame[2] = "value" if is_array else "key"
                pos += 1
                continue
            if state == "first":
                state = frame[2] = "value" if is_array else "key"
            if state == "key":
                if ch != '"':
                    raise ScanError("NS001", "expected a string key in double quotes", pos)
                key, after = _string_at(text, pos, "object key")
                pointer = f"{frame[1]}/{escape_pointer(key)}"
                if key in container:
                    raise ScanError("NS010", f"duplicate key {excerpt(key)}", pos)
                keys[pointer] = pos
                pos = _WS.match(text, after).end()  # type: ignore[union-attr]
                if text[pos : pos + 1] != ":":
                    raise ScanError("NS001", "expected ':' after object key", pos)
                pos += 1
                container[key] = None  # reserve the key so a later duplicate is seen
                frame[2] = "value"
                continue
            pointer = (
                f"{frame[1]}/{len(container)}"
                if is_array
                else f"{frame[1]}/{escape_pointer(key or '')}"
            )
        else:
            pointer = ""
        values[pointer] = pos
        if ch in "[{":
            if len(stack) >= max_depth:
                raise ScanError("NS006", f"nesting deeper than {max_depth} arrays and objects", pos)
            stack.append([[] if ch == "[" else {}, pointer, "first", key])
            pos += 1
            continue
        value, pos = _scalar(text, pos, ch)
        ends[pointer] = pos
        if not stack:
            result.value = value
            break
        _add(stack[-1], key, value)

    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
    if pos != n:
        raise ScanError("NS004", "unexpected data after the JSON document", pos)
    return result


def _string_at(text: str, pos: int, what: str) -> tuple[str, int]:
    """Read the string starting at ``pos`` (a key or a value, as ``what`` says) and its end."""
    match = _STRING.match(text, pos)
    if match is None:
        raise _string_error(text, pos)
    raw, end = match.group(), match.end()
    # Most strings have no escape: their value is the text between the quotes (the pattern
    # already refused control characters), without a JSON decoder call per string.
    value: str = raw[1:-1] if "\\" not in raw else json.loads(raw)
    if _SURROGATE.search(value):
        raise ScanError("NS012", f"lone surrogate escape in {what}", pos)
    return value, end


def _add(frame: list[Any], key: str | None, value: Any) -> None:
    """Put a finished value into the open container of ``frame``; ',' or its closer is next."""
    if isinstance(frame[0], list):
        frame[0].append(value)
    else:
        frame[0][key] = value
    frame[2] = "next"


def _scalar(text: str, pos: int, ch: str) -> tuple[Any, int]:
    """Read a string, number or literal at ``pos``; return it and the offset after it."""
    if ch == '"':
        return _string_at(text, pos, "string")
    non_finite = _NON_FINITE.match(text, pos)
    if non_finite is not None:
        raise ScanError("NS005", f"{non_finite.group()} is not a JSON number", pos)
    if ch == "-" or "0" <= ch <= "9":
        match = _NUMBER.match(text, pos)
        if match is None:
            raise ScanError("NS001", "invalid number", pos)
        end = match.end()
        if end < len(text) and (text[end].isalnum() or text[end] in ".+-"):
            raise ScanError("NS001", "invalid number", pos)
        token = match.group()
        if match.group(1) or match.group(2):
            number = float(token)
            if number in (float("inf"), float("-inf")):
                raise ScanError("NS011", f"number {excerpt(token)} overflows a double", pos)
            return number, end
        digits = len(token.lstrip("-"))
        if digits > 16 or abs(int(token)) > MAX_SAFE_INTEGER:
            raise ScanError(
                "NS011",
                f"integer {excerpt(token)} is outside ±(2^53-1); "
                "JSON readers such as JavaScript cannot represent it exactly",
                pos,
            )
        return int(token), end
    for literal, literal_value in (("true", True), ("false", False), ("null", None)):
        if text.startswith(literal, pos):
            return literal_value, pos + len(literal)
    raise ScanError("NS001", f"unexpected character {ch!r}", pos)


def excerpt(text: str, limit: int = 40) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return json.dumps(shown, ensure_ascii=False)


class LineIndex:
    """Maps character offsets to 1-based (line, column) pairs."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based line and column of a character offset."""
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
