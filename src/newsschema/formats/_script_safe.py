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
# What could end the block or open a comment, the JavaScript line separators, and what HTML
# forbids in text (JSON writes DEL, C1 controls and noncharacters unescaped).
_SCRIPT_UNSAFE = re.compile(f"[<>&\u2028\u2029\x7f-\x9f\ufdd0-\ufdef{_NONCHARACTERS}]")


def script_safe_json(value: Any) -> str:
    """Serialise ``value`` as indented JSON that can stand inside a ``<script>`` element."""
    text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    return _SCRIPT_UNSAFE.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    """Write one character as a JSON unicode escape (a surrogate pair above U+FFFF)."""
    units = match.group().encode("utf-16-be")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))
