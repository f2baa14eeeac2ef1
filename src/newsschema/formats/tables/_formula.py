"""Spreadsheet formula escaping for text cells, reversible exactly.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab, CR or LF would run as a formula when a
spreadsheet opens the CSV (CSV injection). Such a cell gets :data:`FORMULA_PREFIX`, an
apostrophe, in front; so does a cell that already starts with an apostrophe, which is what makes
the escape reversible: :func:`unescape_cell` removes exactly one leading apostrophe.
"""

from __future__ import annotations

__all__ = ["FORMULA_PREFIX", "FORMULA_TRIGGERS", "escape_cell", "unescape_cell"]

FORMULA_PREFIX = "'"
"""Put before a text cell that a spreadsheet would run as a formula; removed on import."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", FORMULA_PREFIX)
"""First characters that get the prefix."""


def escape_cell(text: str) -> str:
    """Return ``text`` safe for a spreadsheet."""
    return FORMULA_PREFIX + text if text.startswith(FORMULA_TRIGGERS) else text


def unescape_cell(text: str) -> str:
    """Undo :func:`escape_cell` exactly."""
    return text[1:] if text.startswith(FORMULA_PREFIX) else text
