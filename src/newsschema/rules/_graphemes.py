"""Is an offset inside a grapheme cluster? A compact take on Unicode's UAX #29.

Covers the extended grapheme cluster rules that matter for news text: CR LF, combining and
spacing marks, variation selectors, emoji modifiers and tags, ZWJ emoji sequences, flag pairs of
regional indicators, and Hangul syllable sequences. Prepend characters and Indic conjunct rules
(GB9b, GB9c) are not covered, so a split there is not reported.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

__all__ = ["splits_cluster"]

_ZWJ = "\u200d"
_MARKS = frozenset({"Mn", "Me", "Mc"})
_RI_FIRST, _RI_LAST = 0x1F1E6, 0x1F1FF


def _extends(ch: str) -> bool:
    """Grapheme_Extend, SpacingMark or ZWJ: never starts a cluster of its own."""
    o = ord(ch)
    return (
        ch == _ZWJ
        or o == 0x200C
        or 0xFE00 <= o <= 0xFE0F
        or 0x1F3FB <= o <= 0x1F3FF
        or 0xE0020 <= o <= 0xE007F
        or 0xE0100 <= o <= 0xE01EF
        or (o >= 0x300 and unicodedata.category(ch) in _MARKS)
    )


def _pictographic(ch: str) -> bool:
    o = ord(ch)
    return 0x1F000 <= o <= 0x1FAFF or 0x2600 <= o <= 0x27BF or 0x2300 <= o <= 0x23FF


def _hangul(ch: str) -> str:
    o = ord(ch)
    if 0x1100 <= o <= 0x115F or 0xA960 <= o <= 0xA97F:
        return "L"
    if 0x1160 <= o <= 0x11A7 or 0xD7B0 <= o <= 0xD7C6:
        return "V"
    if 0x11A8 <= o <= 0x11FF or 0xD7CB <= o <= 0xD7FB:
        return "T"
    if 0xAC00 <= o <= 0xD7A3:
        return "LV" if (o - 0xAC00) % 28 == 0 else "LVT"
    return ""


def _is_ri(ch: str) -> bool:
    return _RI_FIRST <= ord(ch) <= _RI_LAST


_SHORT_RUN = 16
_LONG_RI_RUN = re.compile(f"[\\U{_RI_FIRST:08X}-\\U{_RI_LAST:08X}]{{{_SHORT_RUN},}}")


@lru_cache(maxsize=4)
def _long_ri_runs(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the runs of regional indicators longer than a few flags in ``text``.

    Cached: every span of a body asks about the same text, and a body of many flags would
    otherwise be walked back to the start of its run once per span (quadratic).
    """
    found = list(_LONG_RI_RUN.finditer(text))
    return [m.start() for m in found], [m.end() for m in found]


def _ri_before(text: str, offset: int) -> int:
    """How many regional indicators run back from ``offset`` (exclusive)."""
    run = 0
    i = offset - 1
    while i >= 0 and _is_ri(text[i]):
        run += 1
        if run > _SHORT_RUN:  # inside a long run: find its start by bisection
            starts, _ = _long_ri_runs(text)
            return offset - starts[bisect_right(starts, i) - 1]
        i -= 1
    return run


def splits_cluster(text: str, offset: int) -> bool:
    """Return True when ``offset`` falls strictly inside a grapheme cluster of ``text``."""
    if offset <= 0 or offset >= len(text):
        return False
    before, after = text[offset - 1], text[offset]
    if before == "\r":
        return after == "\n"
    if before == "\n" or unicodedata.category(before) == "Cc":
        return False
    if _extends(after):
        return True
    if ord(after) < 0x1100:
        return False  # nothing below U+1100 joins a cluster except marks, seen above
    if before == _ZWJ and _pictographic(after):
        return True
    if _is_ri(before) and _is_ri(after):
        return _ri_before(text, offset) % 2 == 1
    left, right = _hangul(before), _hangul(after)
    if left and right:
        return (
            (left == "L" and right in ("L", "V", "LV", "LVT"))
            or (left in ("LV", "V") and right in ("V", "T"))
            or (left in ("LVT", "T") and right == "T")
        )
    return False
