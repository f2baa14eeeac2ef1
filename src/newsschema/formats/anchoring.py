"""Anchoring: find where a quote's text stands in an article body.

Machine-extracted quotes carry their text, often without offsets or with offsets in another
unit, and models rewrite what they claim to quote. :class:`Anchorer` finds a text in one body
the way the W3C Web Annotation ``TextQuoteSelector`` does, in three steps of growing
tolerance, each tried only when the one before found nothing:

1. **exact**: the text occurs as it is;
2. **normalised**: it occurs once quotation-mark and dash variants, white-space runs and case
   are made alike (and quotation marks around the text dropped);
3. **fuzzy**: a passage is similar enough (a ratio of 0 to 1, ``rapidfuzz`` when installed,
   ``difflib`` otherwise). Candidate passages are found by voting on where the quote's rarest
   words stand in the body, so a search costs about the quote's length times a few
   candidates, never the quote's length times the body's.

Given offsets are checked first, in every unit (code points, UTF-16 code units, UTF-8 bytes);
when they point elsewhere, the text is re-anchored and the :class:`Anchor` says which unit the
offsets counted or how far they were off. Repeated text is resolved by the given offsets, by
the context around it (``prefix``/``suffix``), or by document order (``after``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Literal

from newsschema.formats._offsets import UNITS, Unit, from_code_points, to_code_points, unit_name

__all__ = [
    "ANCHORED_FORMATS",
    "ANCHOR_MODES",
    "Anchor",
    "AnchorMode",
    "AnchorPolicy",
    "Anchorer",
    "fuzzy_backend",
    "normalise",
    "parse_policy",
    "strip_marks",
]

AnchorMode = Literal["exact", "normalised", "fuzzy"]
ANCHOR_MODES: tuple[AnchorMode, ...] = ("exact", "normalised", "fuzzy")
Method = Literal["exact", "normalised", "fuzzy"]

ANCHORED_FORMATS = frozenset({"quotes", "citron", "ggt"})
"""The ``--from`` formats whose quote texts are anchored (and read ``--anchor``)."""

DEFAULT_THRESHOLD = 0.9
"""Similarity a fuzzy match needs unless the policy says otherwise (``fuzzy`` = ``fuzzy:0.9``)."""

_MAX_OCCURRENCES = 1000

# One source for the variants made alike: every double mark becomes ", every single mark ',
# every dash and minus -, the ellipsis three dots.
_DOUBLE = '"“”„‟«»〝〞〟＂'
_SINGLE = "'‘’‚‛‹›`´＇"
_DASHES = "‐‑‒–—―−﹘﹣－"
_FOLD: dict[str, str] = {
    **dict.fromkeys(_DOUBLE, '"'),
    **dict.fromkeys(_SINGLE, "'"),
    **dict.fromkeys(_DASHES, "-"),
    "…": "...",
}
_WORD = re.compile(r"\w+")


def fuzzy_backend() -> str:
    """Return the library that computes fuzzy similarity: ``rapidfuzz`` or ``difflib``."""
    return "rapidfuzz" if _rapidfuzz() is not None else "difflib"


def _rapidfuzz() -> object | None:
    try:
        from rapidfuzz import fuzz
    except ImportError:  # the optional "quotes" extra
        return None
    return fuzz


@dataclass(frozen=True, slots=True)
class AnchorPolicy:
    """How tolerant anchoring is: the last step tried, and the fuzzy similarity threshold."""

    mode: AnchorMode = "normalised"
    threshold: float = DEFAULT_THRESHOLD


def parse_policy(value: str) -> AnchorPolicy:
    """Parse ``exact``, ``normalised`` (or ``normalized``), ``fuzzy`` or ``fuzzy:0.85``.

    Raises:
        ValueError: anything else, or a threshold outside (0, 1].
    """
    name, _, threshold = value.strip().lower().partition(":")
    name = "normalised" if name == "normalized" else name
    if name not in ANCHOR_MODES or (threshold and name != "fuzzy"):
        raise ValueError(f"--anchor {value}: expected exact, normalised, fuzzy or fuzzy:T")
    if not threshold:
        return AnchorPolicy(name)
    try:
        number = float(threshold)
    except ValueError:
        number = -1.0
    if not 0 < number <= 1:
        raise ValueError(f"--anchor {value}: the threshold T is a number in (0, 1]")
    return AnchorPolicy("fuzzy", number)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a text was found in a body (or the closest passage, when it was not).

    Attributes:
        start: First code point of the passage, None when not found.
        end: One past its last code point, None when not found.
        method: The step that found it: ``exact``, ``normalised`` or ``fuzzy``; None when
            not found.
        similarity: 1.0 for an exact or normalised match, the ratio for a fuzzy one; for a
            text not found, the similarity of the closest passage (0.0 when there is none).
        occurrences: How many times the step that found it found the text.
        unit: The unit the given offsets counted, when they pointed at the text.
        shift: When the given offsets pointed elsewhere: how far the text stands from them
            in code points (text minus offsets); 0 when they pointed at it.
        shift_unit: The unit in which the distance is smallest, when that is not code points
            (what the offsets may have counted).
        unit_shift: The distance counted in ``shift_unit``.
        closest: ``(start, end)`` of the most similar passage, for a text not found.
    """

    start: int | None
    end: int | None
    method: Method | None
    similarity: float
    occurrences: int = 0
    unit: Unit | None = None
    shift: int | None = None
    shift_unit: Unit | None = None
    unit_shift: int | None = None
    closest: tuple[int, int] | None = None

    @property
    def found(self) -> bool:
        """True when the text was anchored."""
        return self.start is not None

    def span(self) -> tuple[int, int]:
        """Return ``(start, end)`` of a found text.

        Raises:
            ValueError: the text was not found.
        """
        if self.start is None or self.end is None:
            raise ValueError("the text was not found")
        return self.start, self.end

    def offsets_note(self) -> str | None:
        """Say what was wrong with the given offsets, or None when they were right or absent."""
        if self.unit is not None and self.unit != "code-points":
            return f"the given offsets count {unit_name(self.unit)}; converted to code points"
        if self.shift:
            direction = "after" if self.shift > 0 else "before"
            also = ""
            if self.shift_unit is not None and self.unit_shift is not None:
                also = f" ({abs(self.unit_shift)} if they count {unit_name(self.shift_unit)})"
            return (
                f"the given offsets point elsewhere: the text stands {abs(self.shift)} code "
                f"point(s){also} {direction} them; re-anchored"
            )
        return None


class _Normal:
    """The normalised body and, for each of its characters, the body index it came from."""

    __slots__ = ("origin", "text")

    def __init__(self, body: str) -> None:
        out: list[str] = []
        origin: list[int] = []
        space = False
        for i, c in enumerate(body):
            if c.isspace():
                if not space:
                    out.append(" ")
                    origin.append(i)
                space = True
                continue
            space = False
            folded = _FOLD.get(c) or c.lower()
            out.append(folded)
            origin.extend([i] * len(folded))
        self.text = "".join(out)
        self.origin = origin

    def to_body(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised range back to body code points."""
        return self.origin[start], self.origin[end - 1] + 1


def normalise(text: str) -> str:
    """Return ``text`` with marks, dashes, white space and case made alike, marks around it off.

    Two texts that normalise alike differ only in typography, spacing or case.
    """
    folded = _Normal(text).text.strip()
    while len(folded) >= 2 and folded[0] == '"' and folded[-1] == '"':
        folded = folded[1:-1].strip()
    if len(folded) >= 2 and folded[0] == "'" and folded[-1] == "'":
        folded = folded[1:-1].strip()
    return folded.strip('"').strip()


def _occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    i = haystack.find(needle)
    while i >= 0 and len(found) < _MAX_OCCURRENCES:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def _ratio_function() -> Callable[[str, str], float]:
    fuzz = _rapidfuzz()
    if fuzz is not None:
        ratio: Callable[[str, str], float] = fuzz.ratio  # type: ignore[attr-defined]
        return lambda a, b: ratio(a, b) / 100.0
    return lambda a, b: SequenceMatcher(None, a, b, autojunk=False).ratio()


class Anchorer:
    """Finds texts in one body; build one per article and ask it for every quote.

    The normalised body and its word index are built on the first search that needs them.
    """

    def __init__(self, body: str) -> None:
        self.body = body
        self._normal: _Normal | None = None
        self._words: dict[str, list[int]] | None = None
        self._ratio = _ratio_function()

    # -- the indexes, built on demand -------------------------------------------------------

    @property
    def normal(self) -> _Normal:
        """The normalised body (built on first use)."""
        if self._normal is None:
            self._normal = _Normal(self.body)
        return self._normal

    @property
    def words(self) -> dict[str, list[int]]:
        """Where each word of the normalised body stands (built on first use)."""
        if self._words is None:
            words: dict[str, list[int]] = {}
            for found in _WORD.finditer(self.normal.text):
                words.setdefault(found.group(), []).append(found.start())
            self._words = words
        return self._words

    # -- searches ---------------------------------------------------------------------------

    def occurrences(
        self, text: str, method: Literal["exact", "normalised"]
    ) -> list[tuple[int, int]]:
        """Every place ``text`` occurs (overlapping ones too), in body code points."""
        if method == "exact":
            return [(i, i + len(text)) for i in _occurrences(self.body, text)] if text else []
        needle = normalise(text)
        if not needle:
            return []
        normal = self.normal
        return [normal.to_body(i, i + len(needle)) for i in _occurrences(normal.text, needle)]

    def closest(self, text: str) -> tuple[tuple[int, int] | None, float]:
        """The passage most similar to ``text`` and its similarity (None, 0.0 when none)."""
        needle = normalise(text)
        if not needle:
            return None, 0.0
        normal = self.normal
        best: tuple[float, int, int] | None = None
        for a, b in self._candidates(needle):
            score = self._ratio(needle, normal.text[a:b])
            if best is None or score > best[0]:
                best = (score, a, b)
        if best is None:
            return None, 0.0
        # Only the best candidate is refined: refining costs a few dozen comparisons.
        score, a, b = self._refine(needle, best[1], best[2])
        start, end = normal.to_body(a, b)
        while start < end and self.body[start].isspace():
            start += 1
        while end > start and self.body[end - 1].isspace():
            end -= 1
        return (start, end), score

    def _candidates(self, needle: str) -> Iterable[tuple[int, int]]:
        """Passages of the normalised body worth comparing with ``needle``, best voted first.

        Each occurrence of one of the needle's rarest words votes for the place the needle
        would start if that word stood where it stands in the needle; the best-voted places
        are refined by alignment and widened to whole words.
        """
        words = self.words
        normal = self.normal.text
        terms = [(m.group(), m.start()) for m in _WORD.finditer(needle)]
        known = [(w, at) for w, at in terms if w in words]
        if not known:
            return []
        known.sort(key=lambda item: len(words[item[0]]))
        votes: Counter[int] = Counter()
        for word, at in known[:8]:
            for position in words[word][:200]:
                votes[(position - at) // 4] += 1
        passages: list[tuple[int, int]] = []
        slack = max(8, len(needle) // 4)
        for bucket, _ in votes.most_common(4):
            start = max(0, bucket * 4 - slack)
            end = min(len(normal), bucket * 4 + len(needle) + slack)
            a, b = self._align(needle, normal[start:end])
            a, b = _whole_words(normal, start + a, start + b)
            if a < b:
                passages.append((a, b))
        return passages

    def _refine(self, needle: str, a: int, b: int) -> tuple[float, int, int]:
        """Move each end of ``[a, b)`` by up to two words either way if that raises similarity.

        Returns the similarity and the refined range.
        """
        normal = self.normal.text
        starts = _word_edges(normal, a, starts=True)
        ends = _word_edges(normal, b, starts=False)
        best = (self._ratio(needle, normal[a:b]), a, b)
        for x in starts:
            for y in ends:
                if x < y:
                    score = self._ratio(needle, normal[x:y])
                    if score > best[0]:
                        best = (score, x, y)
        return best

    def _align(self, needle: str, window: str) -> tuple[int, int]:
        """The part of ``window`` that best matches ``needle`` (relative offsets)."""
        fuzz = _rapidfuzz()
        if fuzz is not None:
            found = fuzz.partial_ratio_alignment(needle, window)  # type: ignore[attr-defined]
            if found is not None and found.dest_end > found.dest_start:
                return int(found.dest_start), int(found.dest_end)
        blocks = [
            block
            for block in SequenceMatcher(None, needle, window, autojunk=False).get_matching_blocks()
            if block.size
        ]
        if not blocks:
            return 0, 0
        return blocks[0].b, blocks[-1].b + blocks[-1].size

    # -- the whole procedure ----------------------------------------------------------------

    def find(
        self,
        text: str,
        policy: AnchorPolicy | None = None,
        *,
        start: int | None = None,
        end: int | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
        after: int = 0,
        avoid: frozenset[tuple[int, int]] = frozenset(),
    ) -> Anchor:
        """Anchor ``text``: given offsets first, then exact, normalised, fuzzy search.

        Args:
            text: What the quote says it quotes.
            policy: The last step allowed and the fuzzy threshold (default: normalised).
            start: Given start offset, in any unit.
            end: Given end offset, in any unit.
            prefix: Text expected just before it (context to pick among repeats).
            suffix: Text expected just after it.
            after: Among repeats with no other evidence, the first at or after this offset
                is taken (document order).
            avoid: Places already taken by other quotes, passed over while others exist.
        """
        policy = policy or AnchorPolicy()
        if not text.strip():
            return Anchor(None, None, None, 0.0)
        if start is not None or end is not None:
            at = self._at_offsets(text, start, end, policy)
            if at is not None:
                return at
        steps: list[Literal["exact", "normalised"]] = ["exact"]
        if policy.mode != "exact":
            steps.append("normalised")
        for method in steps:
            places = self.occurrences(text, method)
            if places:
                chosen, given = self._choose(places, start, prefix, suffix, after, avoid)
                return self._shifted(
                    Anchor(chosen[0], chosen[1], method, 1.0, occurrences=len(places)), given
                )
        passage, score = self.closest(text)
        if passage is not None and policy.mode == "fuzzy" and score >= policy.threshold:
            return self._shifted(
                Anchor(passage[0], passage[1], "fuzzy", score, occurrences=1), start
            )
        return Anchor(None, None, None, score, closest=passage)

    def _at_offsets(
        self, text: str, start: int | None, end: int | None, policy: AnchorPolicy
    ) -> Anchor | None:
        """The anchor when the given offsets, in some unit, point at the text."""
        needle = normalise(text) if policy.mode != "exact" else None
        for unit in UNITS:
            if start is not None:
                first = to_code_points(self.body, unit, [(start, start)])
                if first is None:
                    continue
                a = first[0][0]
                if end is not None:
                    both = to_code_points(self.body, unit, [(start, end)])
                    if both is None:
                        continue
                    b = both[0][1]
                else:
                    b = a + len(text)
            else:
                assert end is not None
                last = to_code_points(self.body, unit, [(end, end)])
                if last is None:
                    continue
                b = last[0][0]
                a = b - len(text)
            if a < 0 or b > len(self.body):
                continue
            if self.body[a:b] == text:
                return Anchor(a, b, "exact", 1.0, occurrences=1, unit=unit, shift=0)
            if needle and normalise(self.body[a:b]) == needle:
                # Offsets that include the quotation marks, or typographic variants.
                a, b = strip_marks(self.body, a, b)
                return Anchor(a, b, "normalised", 1.0, occurrences=1, unit=unit, shift=0)
        return None

    def _choose(
        self,
        places: list[tuple[int, int]],
        start: int | None,
        prefix: str | None,
        suffix: str | None,
        after: int,
        avoid: frozenset[tuple[int, int]],
    ) -> tuple[tuple[int, int], int | None]:
        """Pick one of several places: nearest the offsets, then by context, then by order."""
        if start is not None:
            chosen = min(places, key=lambda p: min(abs(p[0] - s) for s in self._starts(start)))
            return chosen, start
        free = [p for p in places if p not in avoid] or places
        if prefix or suffix:
            scored = [(self._context(p, prefix, suffix), -i, p) for i, p in enumerate(free)]
            best = max(scored)
            if best[0] > 0:
                return best[2], None
        later = [p for p in free if p[0] >= after]
        return (later or free)[0], None

    def _starts(self, start: int) -> list[int]:
        """Code point positions that ``start`` could mean, one per unit that it fits."""
        out = []
        for unit in UNITS:
            converted = to_code_points(self.body, unit, [(start, start)])
            if converted is not None:
                out.append(converted[0][0])
        return out or [start]

    def _shifted(self, anchor: Anchor, start: int | None) -> Anchor:
        """``anchor`` with how far it stands from the given ``start`` (None: nothing given)."""
        if start is None or anchor.start is None:
            return anchor
        shift = anchor.start - start
        best: tuple[int, Unit] | None = None
        for unit in UNITS[1:]:
            here = from_code_points(self.body, unit, [anchor.start])[0] - start
            if abs(here) < abs(shift) and (best is None or abs(here) < abs(best[0])):
                best = (here, unit)
        return replace(
            anchor,
            shift=shift,
            shift_unit=None if best is None else best[1],
            unit_shift=None if best is None else best[0],
        )

    def _context(self, place: tuple[int, int], prefix: str | None, suffix: str | None) -> int:
        score = 0
        if prefix:
            before = normalise(self.body[max(0, place[0] - len(prefix) - 2) : place[0]])
            score += normalise(prefix)[-20:] in before
        if suffix:
            after = normalise(self.body[place[1] : place[1] + len(suffix) + 2])
            score += normalise(suffix)[:20] in after
        return score


def strip_marks(body: str, a: int, b: int) -> tuple[int, int]:
    """Narrow ``[a, b)`` past white space and quotation marks at either end.

    A quote's span excludes its quotation marks.
    """
    marks = set(_DOUBLE) | set(_SINGLE)
    while a < b and (body[a].isspace() or body[a] in marks):
        a += 1
    while b > a and (body[b - 1].isspace() or body[b - 1] in marks):
        b -= 1
    return a, b


def _word_edges(text: str, at: int, *, starts: bool) -> list[int]:
    """Word starts (or ends) around ``at``: itself and up to two on either side."""
    near = _WORD.finditer(text, max(0, at - 40), at + 40)
    edges = [m.start() if starts else m.end() for m in near]
    edges.append(at)
    edges.sort(key=lambda e: abs(e - at))
    return sorted(set(edges[:5]))


def _whole_words(text: str, a: int, b: int) -> tuple[int, int]:
    """Widen ``[a, b)`` so that it neither starts nor ends inside a word."""
    while 0 < a < len(text) and text[a - 1].isalnum() and text[a].isalnum():
        a -= 1
    while 0 < b < len(text) and text[b - 1].isalnum() and text[b].isalnum():
        b += 1
    while a < b and text[a] == " ":
        a += 1
    while b > a and text[b - 1] == " ":
        b -= 1
    return a, b
