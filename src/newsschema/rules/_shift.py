"""Hints for spans that are off by a few code points while the intended text is right there."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["MAX_SHIFT", "shift_hint"]

MAX_SHIFT = 3
"""How far (in code points) a span is moved to look for the text it was meant to cover."""

Fits = Callable[[int, int], bool]
"""Whether ``[start, end)`` is what the span was meant to cover."""


def shift_hint(length: int, start: int, end: int, fits: Fits) -> str:
    """Return ``"; found 1 code point to the right: [s, e)"`` for the nearest fitting shift.

    The span keeps its length and moves one to :data:`MAX_SHIFT` code points either way (right
    first at each distance); ``""`` when no shifted span inside the body fits.
    """
    if start > end:
        return ""
    for distance in range(1, MAX_SHIFT + 1):
        for sign, side in ((1, "right"), (-1, "left")):
            s, e = start + sign * distance, end + sign * distance
            if s >= 0 and e <= length and fits(s, e):
                unit = "code point" if distance == 1 else "code points"
                return f"; found {distance} {unit} to the {side}: [{s}, {e})"
    return ""
