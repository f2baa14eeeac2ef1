r"""Is an offset inside a grapheme cluster? Unicode's extended grapheme clusters, from ``regex``.

The clusters are those of the ``regex`` module's ``\X`` (UAX #29 extended grapheme clusters, kept
current with each Unicode version by its maintainers): CR LF, marks, prepended concatenation marks
(GB9b, U+0600), Indic conjuncts (GB9c, क्ष), emoji ZWJ sequences, flags, Hangul syllables. Only
the clusters around the offset are matched, from a little before it, so a check costs the same
however long the text; a long run of regional indicators (flags) is paired by counting back.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache, lru_cache
from typing import Any

__all__ = ["MAY_PREPEND", "has_prepend", "prepend_at", "splits_cluster"]

# Where matching starts before the offset. A boundary found by matching from a point inside
# a cluster is right from the end of that cluster on, so only a cluster longer than this that
# ends between the start and the offset could mislead (none in text).
_WINDOW = 64
MAY_PREPEND = re.compile("[\u0600-\u0dff\U00011000-\U00011fff]")
"""The blocks that hold every prepended mark (GB9b; ``tests/adversarial/test_graphemes.py``
checks each of ``regex``'s): text without a character there holds none, and is told so
without importing ``regex`` (a valid document's check needs it only then)."""


@cache
def _patterns() -> tuple[Any, Any]:
    r"""``\X`` and the prepended marks, compiled by ``regex`` (imported on first use)."""
    import regex

    return regex.compile(r"\X"), regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}")


def has_prepend(text: str) -> bool:
    """Whether ``text`` holds a character that joins the one after it (GB9b)."""
    return MAY_PREPEND.search(text) is not None and _patterns()[1].search(text) is not None


def prepend_at(text: str, offset: int) -> bool:
    """Whether the character of ``text`` at ``offset`` joins the one after it (GB9b)."""
    return _patterns()[1].match(text, offset) is not None


_RI_FIRST, _RI_LAST = 0x1F1E6, 0x1F1FF


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
    if _is_ri(text[offset - 1]) and _is_ri(text[offset]):
        return _ri_before(text, offset) % 2 == 1
    at = max(0, offset - _WINDOW)
    cluster = _patterns()[0]
    while at < offset:
        match = cluster.match(text, at)
        if match is None:  # pragma: no cover - \X matches any character
            return False
        at = match.end()
    return at > offset
