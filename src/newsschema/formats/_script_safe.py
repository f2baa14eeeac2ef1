r"""JSON that can stand inside an HTML ``<script>`` element as data.

Used by the annotated page and by both JSON-LD exporters, so that their output can be pasted
into a ``<script type="application/ld+json">`` block as it is: no input text can end the block,
open a comment, or break a JavaScript string (U+2028, U+2029). The escapes are ordinary JSON
``\uXXXX`` escapes, so every JSON reader gets the identical data back.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

__all__ = ["script_safe_json", "script_safe_json_bytes"]

_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
# Escaped: what could end the block or open a comment (< > &), the JavaScript line separators,
# and what HTML forbids in text (JSON writes DEL, C1 controls and noncharacters unescaped).
# The set is split so that the common case costs a few C-speed substring searches: one regular
# expression over the whole output (its class holds characters beyond U+FFFF, which makes the
# engine slow on every character) cost more than serialising the document.
_ASCII_ESCAPES = {char.encode(): f"\\u{ord(char):04x}".encode() for char in "<>&\x7f"}
_BMP_UNSAFE = re.compile("[\u2028\u2029\x80-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL_UNSAFE = re.compile(f"[{_NONCHARACTERS[2:]}]")
_C1_CONTROL = re.compile(b"\xc2[\x80-\x9f]")  # U+0080 to U+009F in UTF-8
_LINE_SEPARATORS = ("\u2028".encode(), "\u2029".encode())


def _may_hold_bmp_unsafe(data: bytes) -> bool:
    """False only when no non-ASCII unsafe character below U+10000 is in the output.

    Single-byte searches run at memory speed on the UTF-8 output, without decoding it: U+2028
    and U+2029 end in byte A8 or A9, which typographic quotes and dashes (E2 80 xx too) do not,
    so the slower three-byte search runs only when one is there; C1 controls all start with
    byte C2 in UTF-8, and U+FDD0 to U+FDEF, U+FFFE and U+FFFF all start with byte EF, both rare
    in text.
    """
    return (
        ((b"\xa8" in data or b"\xa9" in data) and any(s in data for s in _LINE_SEPARATORS))
        or b"\xef" in data
        or (b"\xc2" in data and _C1_CONTROL.search(data) is not None)
    )


def script_safe_json_bytes(value: Any, *, newline: bool = False) -> bytes:
    """Serialise ``value`` as indented UTF-8 JSON that can stand inside a ``<script>`` element.

    The bytes of :func:`script_safe_json`, encoded, and with a final newline when ``newline``:
    the common case (no non-ASCII unsafe character) never decodes the output.
    """
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE if newline else orjson.OPT_INDENT_2
    data = orjson.dumps(value, option=option)
    for char, escape in _ASCII_ESCAPES.items():
        if char in data:
            data = data.replace(char, escape)
    if data.isascii():
        return data
    bmp = _may_hold_bmp_unsafe(data)
    # Every noncharacter beyond U+FFFF ends in bytes BF BE or BF BF in UTF-8.
    astral = b"\xbf" in data and (b"\xbf\xbe" in data or b"\xbf\xbf" in data)
    if not (bmp or astral):
        return data
    text = data.decode("utf-8")
    if bmp:
        text = _BMP_UNSAFE.sub(_json_escape, text)
    if astral:
        text = _ASTRAL_UNSAFE.sub(_json_escape, text)
    return text.encode("utf-8")


def script_safe_json(value: Any) -> str:
    """Serialise ``value`` as indented JSON that can stand inside a ``<script>`` element."""
    return script_safe_json_bytes(value).decode("utf-8")


def _json_escape(match: re.Match[str]) -> str:
    """Write one character as a JSON unicode escape (a surrogate pair above U+FFFF)."""
    units = match.group().encode("utf-16-be")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))
