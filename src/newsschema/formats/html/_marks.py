"""Turn possibly overlapping spans into properly nested HTML elements.

Spans in a document may nest (an entity inside a quote) or cross (a mention that starts inside a
quote and ends after it). HTML elements can only nest, so a span that crosses another is split
into fragments; the first fragment of each span carries its id, label and microdata, the others
are marked as continuations. At most :data:`MAX_DEPTH` marks are drawn nested at one place, so
the output and the sweep are O((boundaries + spans) · MAX_DEPTH): linear in the number of spans
however they nest or cross.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import NamedTuple

__all__ = ["MAX_DEPTH", "Mark", "render_marked"]


class Mark(NamedTuple):
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
    close: str = "</span>"


MAX_DEPTH = 16
"""How many marks are drawn nested at one place of the text.

Crossing spans must be split into fragments and reopened at every boundary that cuts them, so an
unbounded depth makes the page grow with the square of the number of spans; with a fixed depth
each boundary opens and closes at most ``2 * MAX_DEPTH`` elements. Real articles nest a few
levels deep.
"""


def _order(mark: Mark) -> tuple[int, int, int, str]:
    return (mark.start, -mark.end, mark.rank, mark.key)


def render_marked(text: str, marks: Sequence[Mark], escape: Callable[[str], str] | None) -> str:
    """Return ``text`` escaped with ``escape`` and wrapped in the elements of ``marks``.

    ``escape`` None writes the text as it is (the caller knows that no part of it needs
    escaping; an escape per text piece between marks is most of the cost of a page's body).

    Marks outside the text are clipped to it; empty marks are left out. Where more than
    :data:`MAX_DEPTH` marks cover a place, the outermost ones are drawn there; a mark that is not
    drawn where it starts still gets its first fragment there, empty, so its id, label and
    microdata stay on the page (any later fragments are continuations).
    """
    length = len(text)
    keyed: list[tuple[int, int, int, str, int, Mark]] = []
    for index, mark in enumerate(marks):
        start, end = mark.start, mark.end
        kept = mark
        if end > length:  # clipped to the text (rare): only its end can change what is kept
            end = length
            if start >= end:
                continue
            kept = _clip(mark, end)
        elif start >= end:
            continue
        # Sorted by _order, stably (the index), with its key built here: a key function called
        # per mark cost more.
        keyed.append((start, -end, mark.rank, mark.key, index, kept))
    keyed.sort()
    usable = [item[5] for item in keyed]
    nested = _render_nested(text, usable, escape)
    return nested if nested is not None else _render_swept(text, usable, escape)


def _render_swept(text: str, usable: list[Mark], escape: Callable[[str], str] | None) -> str:
    """:func:`render_marked`'s page by a sweep over every boundary (any marks, any depth).

    ``usable`` holds the clipped, non-empty marks in :func:`_order`.
    """
    length = len(text)
    count = len(usable)
    ends: dict[int, list[int]] = {}
    for index, mark in enumerate(usable):
        ends.setdefault(mark.end, []).append(index)
    boundaries = sorted({0, length} | {m.start for m in usable} | ends.keys())
    # Skip pointers over ended marks (union-find with path halving): the outermost live marks are
    # found without walking past every mark that ended before them.
    skip = list(range(count + 1))

    def live(index: int) -> int:
        while skip[index] != index:
            skip[index] = skip[skip[index]]
            index = skip[index]
        return index

    out: list[str] = []
    stack: list[int] = []
    started = [False] * count
    begun = 0  # marks usable[:begun] start at or before the current boundary
    for a, b in itertools.pairwise(boundaries):
        for index in ends.get(a, ()):
            skip[index] = index + 1
        first_new = begun
        while begun < count and usable[begun].start <= a:
            begun += 1
        wanted: list[int] = []
        # live() only when a skip pointer leads on: most marks have not ended.
        index = 0 if skip[0] == 0 else live(0)
        while index < begun and len(wanted) < MAX_DEPTH:
            wanted.append(index)
            index += 1
            if skip[index] != index:
                index = live(index)
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] == wanted[keep]:
            keep += 1
        out.extend(usable[index].close for index in reversed(stack[keep:]))
        del stack[keep:]
        for index in wanted[keep:]:
            mark = usable[index]
            out.append(mark.open_rest if started[index] else mark.open_first)
            started[index] = True
            stack.append(index)
        for index in range(first_new, begun):
            if not started[index]:
                out.append(usable[index].open_first + usable[index].close)
                started[index] = True
        out.append(text[a:b] if escape is None else escape(text[a:b]))
    out.extend(usable[index].close for index in reversed(stack))
    return "".join(out)


def _render_nested(
    text: str, usable: list[Mark], escape: Callable[[str], str] | None
) -> str | None:
    """:func:`render_marked`'s page when no two marks cross and at most MAX_DEPTH nest; else None.

    The common case: every mark is drawn whole where it is, so each opens once (its first
    fragment) and closes once, in one pass over the marks in order with a stack of the open
    ones. The general sweep gives the same page for such marks; this skips its bookkeeping at
    each boundary. ``usable`` holds the clipped, non-empty marks in :func:`_order`.
    """
    # str() of a str is the string itself: a C call, cheaper than a function of our own.
    write: Callable[[str], str] = str if escape is None else escape
    out: list[str] = []
    stack: list[Mark] = []
    at = 0  # the text before ``at`` is written
    for mark in usable:
        start = mark.start
        while stack and stack[-1].end <= start:
            top = stack.pop()
            if at < top.end:
                out.append(write(text[at : top.end]))
                at = top.end
            out.append(top.close)
        if (stack and mark.end > stack[-1].end) or len(stack) == MAX_DEPTH:
            return None  # crosses the mark it starts in, or too deep: the general sweep
        if at < start:
            out.append(write(text[at:start]))
            at = start
        out.append(mark.open_first)
        stack.append(mark)
    while stack:
        top = stack.pop()
        if at < top.end:
            out.append(write(text[at : top.end]))
            at = top.end
        out.append(top.close)
    if at < len(text):
        out.append(write(text[at:]))
    return "".join(out)


def _clip(mark: Mark, end: int) -> Mark:
    return mark._replace(end=end)
