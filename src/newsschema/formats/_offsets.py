"""Offset units: which unit a tool's offsets count, and conversion to code points.

Annotation tools disagree about what an offset counts: brat counts code points (Python), UIMA
and the JavaScript front ends of doccano and older Label Studio count UTF-16 code units, and a
few pipelines count UTF-8 bytes. The three agree on ASCII text and drift apart after the first
character outside it (an emoji is one code point, two UTF-16 units and four bytes). The unit is
detected per document from the span texts the tool stores, never guessed silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

__all__ = [
    "UNITS",
    "Unit",
    "UnitChoice",
    "choose_unit",
    "from_code_points",
    "to_code_points",
    "to_code_points_each",
]

Unit = Literal["code-points", "utf-16", "utf-8"]
UNITS: tuple[Unit, ...] = ("code-points", "utf-16", "utf-8")

_NAMES = {"code-points": "code points", "utf-16": "UTF-16 code units", "utf-8": "UTF-8 bytes"}


def unit_name(unit: Unit) -> str:
    """Return the unit's name for messages ("UTF-16 code units")."""
    return _NAMES[unit]


def _widths(text: str, unit: Unit) -> list[int]:
    if unit == "utf-16":
        return [2 if ord(c) > 0xFFFF else 1 for c in text]
    return [len(c.encode("utf-8", "surrogatepass")) for c in text]


class _Map:
    """Unit offset -> code point offset for one text (only on code point boundaries)."""

    def __init__(self, text: str, unit: Unit) -> None:
        self.unit = unit
        if unit == "code-points" or text.isascii():
            self.table: dict[int, int] | None = None
            self.length = len(text)
        else:
            ends = list(accumulate(_widths(text, unit), initial=0))
            self.table = {offset: index for index, offset in enumerate(ends)}
            self.length = ends[-1]

    def get(self, offset: int) -> int | None:
        if offset < 0 or offset > self.length:
            return None
        if self.table is None:
            return offset
        return self.table.get(offset)


def to_code_points(
    text: str, unit: Unit, spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int]] | None:
    """Convert ``spans`` counted in ``unit`` to code points; None when one does not fit the text.

    A span does not fit when it runs past the end, ends before it starts, or cuts a character
    in half (inside a surrogate pair or a multi-byte sequence).
    """
    table = _Map(text, unit)
    out: list[tuple[int, int]] = []
    for start, end in spans:
        a, b = table.get(start), table.get(end)
        if a is None or b is None or b < a:
            return None
        out.append((a, b))
    return out


def to_code_points_each(
    text: str, unit: Unit, spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int] | None]:
    """Convert each of ``spans`` counted in ``unit`` to code points (None where one does not fit).

    One pass over ``text`` for all the spans, however many there are.
    """
    table = _Map(text, unit)
    out: list[tuple[int, int] | None] = []
    for start, end in spans:
        a, b = table.get(start), table.get(end)
        out.append(None if a is None or b is None or b < a else (a, b))
    return out


def from_code_points(text: str, unit: Unit, offsets: Sequence[int]) -> list[int]:
    """Convert code point offsets into ``text`` to ``unit`` offsets (for exports)."""
    if unit == "code-points" or text.isascii():
        return list(offsets)
    ends = list(accumulate(_widths(text, unit), initial=0))
    return [ends[offset] for offset in offsets]


@dataclass(frozen=True, slots=True)
class UnitChoice:
    """The outcome of unit detection for one document.

    Attributes:
        unit: The unit chosen, or None when no unit makes the stored texts match.
        evidence: ``"texts"`` (stored span texts matched), ``"ascii"`` (all units agree),
            ``"only-fit"`` (only this unit keeps every span inside the text and on character
            boundaries) or ``"assumed"`` (no evidence: the format's documented unit).
        spans: The spans converted to code points (empty when ``unit`` is None).
        mismatch: For a refusal: index of the first span whose text matches in no unit.
    """

    unit: Unit | None
    evidence: str
    spans: list[tuple[int, int]]
    mismatch: int | None = None


def choose_unit(
    text: str,
    spans: Sequence[tuple[int, int]],
    texts: Sequence[str | None],
    default: Unit,
) -> UnitChoice:
    """Detect which unit ``spans`` count in ``text``, using the stored span ``texts``.

    ``texts[i]`` is what the tool says span ``i`` covers (None when it does not say). The
    ``default`` (the unit the format documents) wins whenever the evidence allows it.
    """
    if text.isascii() or not spans:
        converted = to_code_points(text, "code-points", spans)
        if converted is None:
            return UnitChoice(None, "ascii", [], mismatch=_first_out(text, spans))
        return _checked(text, converted, texts, default, "ascii")
    order = [default, *[u for u in UNITS if u != default]]
    fits: list[tuple[Unit, list[tuple[int, int]]]] = []
    for unit in order:
        converted = to_code_points(text, unit, spans)
        if converted is not None:
            fits.append((unit, converted))
    has_texts = any(t is not None for t in texts)
    if has_texts:
        for unit, converted in fits:
            if _matches(text, converted, texts) is None:
                return UnitChoice(unit, "texts", converted)
        # Name the first mismatch of the unit that matched longest: the likeliest culprit.
        furthest = max((_matches(text, converted, texts) or 0 for _, converted in fits), default=0)
        return UnitChoice(None, "texts", [], mismatch=furthest)
    if not fits:
        return UnitChoice(None, "only-fit", [], mismatch=_first_out(text, spans))
    if fits[0][0] == default:
        return UnitChoice(default, "assumed", fits[0][1])
    return UnitChoice(fits[0][0], "only-fit", fits[0][1])


def _checked(
    text: str,
    converted: list[tuple[int, int]],
    texts: Sequence[str | None],
    default: Unit,
    evidence: str,
) -> UnitChoice:
    bad = _matches(text, converted, texts)
    if bad is not None:
        return UnitChoice(None, "texts", [], mismatch=bad)
    return UnitChoice(default, evidence, converted)


def _matches(
    text: str, converted: Sequence[tuple[int, int]], texts: Sequence[str | None]
) -> int | None:
    """Return the index of the first span whose stored text differs, or None when all match."""
    for index, ((start, end), stored) in enumerate(zip(converted, texts, strict=True)):
        if stored is not None and _normal(text[start:end]) != _normal(stored):
            return index
    return None


_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\u2028": " ", "\u2029": " ", "\x85": " "})


def _normal(value: str) -> str:
    # brat stores line breaks inside span texts as spaces, one per character, so that the
    # stored text keeps the span's length.
    return value.translate(_BREAKS)


def _first_out(text: str, spans: Sequence[tuple[int, int]]) -> int:
    for index, (start, end) in enumerate(spans):
        if not 0 <= start <= end <= len(text):
            return index
    return 0
