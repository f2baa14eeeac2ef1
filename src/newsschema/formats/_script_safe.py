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

__all__ = ["script_safe_json"]

_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
# Escaped: what could end the block or open a comment (< > &), the JavaScript line separators,
# and what HTML forbids in text (JSON writes DEL, C1 controls and noncharacters unescaped).
# The set is split so that the common case costs a few C-speed substring searches: one regular
# expression over the whole output (its class holds characters beyond U+FFFF, which makes the
# engine slow on every character) cost more than serialising the document.
_ASCII_ESCAPES = {char: f"\\u{ord(char):04x}" for char in "<>&\x7f"}
_BMP_UNSAFE = re.compile("[\u2028\u2029\x80-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL_UNSAFE = re.compile(f"[{_NONCHARACTERS[2:]}]")
_C1_CONTROL = re.compile(b"\xc2[\x80-\x9f]")  # U+0080 to U+009F in UTF-8


def _may_hold_bmp_unsafe(data: bytes, text: str) -> bool:
    """False only when no non-ASCII unsafe character below U+10000 is in the output.

    Single-character and single-byte searches run at memory speed: U+2028 and U+2029 are
    looked for in the text; C1 controls all start with byte C2 in UTF-8, and U+FDD0 to U+FDEF,
    U+FFFE and U+FFFF all start with byte EF, both rare in text.
    """
    return (
        "\u2028" in text
        or "\u2029" in text
        or b"\xef" in data
        or (b"\xc2" in data and _C1_CONTROL.search(data) is not None)
    )


def script_safe_json(value: Any) -> str:
    """Serialise ``value`` as indented JSON that can stand inside a ``<script>`` element."""
    data = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    text = data.decode("utf-8")
    for char, escape in _ASCII_ESCAPES.items():
        if char in text:
            text = text.replace(char, escape)
    if data.isascii():
        return text
    if _may_hold_bmp_unsafe(data, text):
        text = _BMP_UNSAFE.sub(_json_escape, text)
    # Every noncharacter beyond U+FFFF ends in bytes BF BE or BF BF in UTF-8.
    if b"\xbf" in data and (b"\xbf\xbe" in data or b"\xbf\xbf" in data):
        text = _ASTRAL_UNSAFE.sub(_json_escape, text)
    return text


def _json_escape(match: re.Match[str]) -> str:
    """Write one character as a JSON unicode escape (a surrogate pair above U+FFFF)."""
    units = match.group().encode("utf-16-be")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))
