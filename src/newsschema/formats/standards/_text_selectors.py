"""Web Annotation text selectors: anchoring positions and quotes in a text, and their units.

A W3C ``TextPositionSelector`` counts code points (the specification says so), but Hypothesis
and other browser clients record UTF-16 code units; a ``TextQuoteSelector`` holds the covered
text (``exact``) with some context (``prefix``, ``suffix``). Clients keep both because a page
changes: when the two disagree, the quote wins (it says what was annotated; a position is only
where it stood once). The unit of the positions is detected once per document with
:func:`~newsschema.formats._offsets.choose_unit`, as for the other annotation tools.

Unlike :mod:`newsschema.formats.anchoring` (machine-extracted quotes: tolerant matching of
rewritten text, offsets checked per quote), a selector is exact by definition: only exact
matches count, and one unit holds for every position of a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from newsschema.formats._offsets import UNITS, Unit, choose_unit, to_code_points_each

__all__ = [
    "CONTEXT",
    "Anchored",
    "Selectors",
    "anchor",
    "anchor_all",
    "detect_unit",
    "quote_selector",
]

CONTEXT = 32
"""Code points of ``prefix`` and ``suffix`` an export writes around the ``exact`` text."""


@dataclass(frozen=True, slots=True)
class Selectors:
    """The text selectors of one annotation target, as found in the file.

    Attributes:
        position: ``(start, end)`` of a ``TextPositionSelector``, in the file's unit.
        exact: ``exact`` of a ``TextQuoteSelector`` (None when there is none).
        prefix: Its ``prefix`` ("" when absent).
        suffix: Its ``suffix`` ("" when absent).
    """

    position: tuple[int, int] | None
    exact: str | None
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Anchored:
    """Where one target was anchored, in code points, and how.

    Attributes:
        span: ``(start, end)`` in code points, or None when it cannot be anchored.
        how: ``position`` (the position fits, and the quote if any matches it), ``quote``
            (the position did not match the quote, or there was none: the quote was found),
            or ``none``.
        why: For ``quote`` and ``none``: what the position held or why nothing was found.
    """

    span: tuple[int, int] | None
    how: Literal["position", "quote", "none"]
    why: str = ""


def quote_selector(text: str, start: int, end: int) -> dict[str, str]:
    """Return the ``TextQuoteSelector`` of ``text[start:end]`` with 32 code points of context."""
    selector = {"type": "TextQuoteSelector", "exact": text[start:end]}
    prefix, suffix = text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
    if prefix:
        selector["prefix"] = prefix
    if suffix:
        selector["suffix"] = suffix
    return selector


def _positions(text: str, unit: Unit, targets: Sequence[Selectors]) -> list[tuple[int, int] | None]:
    """Each target's position in code points (None: none, or it does not fit), in one pass."""
    located = [t.position for t in targets if t.position is not None]
    converted = iter(to_code_points_each(text, unit, located))
    return [next(converted) if t.position is not None else None for t in targets]


def detect_unit(text: str, targets: Sequence[Selectors]) -> tuple[Unit, str]:
    """Return the unit the positions count, and the evidence (as :class:`UnitChoice` says).

    When every quote matches its position in one unit, that unit (``choose_unit``). When some
    disagree (the page changed since), the unit under which most positions match their quotes
    (``majority``); code points when none match.
    """
    located = [t for t in targets if t.position is not None]
    spans = [t.position for t in located if t.position is not None]
    texts = [t.exact for t in located]
    choice = choose_unit(text, spans, texts, "code-points")
    if choice.unit is not None:
        return choice.unit, choice.evidence
    best: tuple[int, Unit] = (0, "code-points")
    for unit in UNITS:
        matched = sum(
            1
            for target, position in zip(located, _positions(text, unit, located), strict=True)
            if position is not None and text[slice(*position)] == target.exact
        )
        if matched > best[0]:
            best = (matched, unit)
    return best[1], "majority"


def anchor_all(text: str, targets: Sequence[Selectors]) -> tuple[Unit, str, list[Anchored]]:
    """Detect the positions' unit, then anchor every target (see :func:`anchor`).

    Returns:
        The unit, the evidence for it, and each target's anchoring in order.
    """
    unit, evidence = detect_unit(text, targets)
    positions = _positions(text, unit, targets)
    return unit, evidence, [anchor(text, t, p) for t, p in zip(targets, positions, strict=True)]


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many code points of ``prefix`` and ``suffix`` agree with the text around a match."""
    score = 0
    for a, b in zip(
        reversed(text[max(0, start - len(prefix)) : start]), reversed(prefix), strict=False
    ):
        if a != b:
            break
        score += 1
    for a, b in zip(text[end : end + len(suffix)], suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


_WINDOW = 4096
"""Code points around a position where its quote is looked for first."""


def _occurrences(text: str, needle: str, start: int, end: int) -> list[int]:
    found = []
    at = text.find(needle, start, end)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1, end)
    return found


def _nearest(text: str, needle: str, hint: int) -> int | None:
    """The occurrence of ``needle`` nearest ``hint`` (the lower one on a tie), if any.

    Any occurrence within the window around ``hint`` is nearer than all those outside it.
    """
    found = _occurrences(text, needle, max(0, hint - _WINDOW), hint + _WINDOW + len(needle))
    found = found or _occurrences(text, needle, 0, len(text))
    return min(found, key=lambda at: (abs(at - hint), at)) if found else None


def anchor(text: str, target: Selectors, position: tuple[int, int] | None) -> Anchored:
    """Anchor one target in ``text``; ``position``: its position converted to code points.

    The position is used when it fits the text and holds the quote (or there is no quote).
    Otherwise the quote is looked for: among its occurrences, the one whose surroundings
    agree most with ``prefix`` and ``suffix``, then the one nearest the position.
    """
    if position is not None and (target.exact is None or text[slice(*position)] == target.exact):
        return Anchored(position, "position")
    held = (
        f"the position {target.position[0]}-{target.position[1]} "
        + (f"holds {text[slice(*position)]!r}" if position else "lies outside the text")
        if target.position is not None
        else "there is no position"
    )
    if not target.exact:
        return Anchored(None, "none", held)
    exact = target.exact
    hint = position[0] if position else (target.position[0] if target.position else 0)
    best: tuple[int, int, int] | None = None  # (-score, distance, start)
    # Where the whole context still stands, only those places compete (usually one), and the
    # nearest wins: looked for near the position first, so that a page whose every position
    # went stale is anchored in time linear in its size.
    whole, skip = target.prefix + exact + target.suffix, len(target.prefix)
    near = _nearest(text, whole, hint - skip)
    if near is not None:
        best = (-len(whole), 0, near + skip)
    at = text.find(exact) if best is None else -1
    while at >= 0:
        score = _context_score(text, at, at + len(exact), target.prefix, target.suffix)
        key = (-score, abs(at - hint), at)
        if best is None or key < best:
            best = key
        at = text.find(exact, at + 1)
    if best is None:
        return Anchored(None, "none", f"{held}, and the quote {exact!r} is not in the text")
    return Anchored((best[2], best[2] + len(exact)), "quote", held)
