"""Turn possibly overlapping spans into properly nested HTML elements.

Spans in a document may nest (an entity inside a quote) or cross (a mention that starts inside a
quote and ends after it). HTML elements can only nest, so a span that crosses another is split
into fragments; the first fragment of each span carries its id, label and microdata, the others
are marked as continuations. The sweep is O((boundaries + spans) · depth).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

__all__ = ["Mark", "render_marked"]


@dataclass(frozen=True, slots=True)
class Mark:
    """One span to mark in the text.

    Attributes:
        start: First code point.
        end: One past the last code point.
        rank: Nesting preference between spans with the same extent (lower is outer).
        key: Unique key (used to tell the first fragment from continuations).
        open_first: HTML that opens the first fragment (may include a label or microdata).
        open_rest: HTML that opens a continuation fragment.
        close: HTML that closes a fragment.
    """

    start: int
    end: int
    rank: int
    key: str
    open_first: str
    open_rest: str
    close: str = field(default="</span>")


def _order(mark: Mark) -> tuple[int, int, int, str]:
    return (mark.start, -mark.end, mark.rank, mark.key)


def render_marked(text: str, marks: Sequence[Mark], escape: Callable[[str], str]) -> str:
    """Return ``text`` escaped with ``escape`` and wrapped in the elements of ``marks``.

    Marks outside the text are clipped to it; empty marks are left out.
    """
    length = len(text)
    usable = []
    for mark in marks:
        start, end = min(mark.start, length), min(mark.end, length)
        if start < end:
            usable.append(mark if (start, end) == (mark.start, mark.end) else _clip(mark, end))
    starts: dict[int, list[Mark]] = {}
    for mark in usable:
        starts.setdefault(mark.start, []).append(mark)
    boundaries = sorted({0, length} | {m.start for m in usable} | {m.end for m in usable})
    out: list[str] = []
    stack: list[Mark] = []
    active: set[Mark] = set()
    started: set[str] = set()
    for a, b in itertools.pairwise(boundaries):
        active = {m for m in active if m.end > a}
        active.update(starts.get(a, ()))
        wanted = sorted(active, key=_order)
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] is wanted[keep]:
            keep += 1
        for mark in reversed(stack[keep:]):
            out.append(mark.close)
        del stack[keep:]
        for mark in wanted[keep:]:
            out.append(mark.open_rest if mark.key in started else mark.open_first)
            started.add(mark.key)
            stack.append(mark)
        out.append(escape(text[a:b]))
    out.extend(mark.close for mark in reversed(stack))
    return "".join(out)


def _clip(mark: Mark, end: int) -> Mark:
    return Mark(mark.start, end, mark.rank, mark.key, mark.open_first, mark.open_rest, mark.close)
