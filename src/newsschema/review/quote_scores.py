"""Scoring extracted quotes against gold quotes, with the measures the field publishes.

:func:`score_quotes` takes gold and system documents (paired by article id) and returns a
:class:`QuoteScores` holding ``{precision, recall, f1}`` per mode:

- ``exact.cue``, ``exact.source``, ``exact.content``, ``exact.quote`` -- BBC Citron's exact
  match (``citron/metrics.py``). A system quote is a true positive when *some* gold quote
  matches it (and a gold quote a false negative when *no* system quote does: the matching is
  not one-to-one). Cue: the cue spans are equal. Source and content: the cues *overlap* and
  the source (content) span lists are equal. Whole quote: the cues are equal and both lists
  are equal.
- ``overlap.cue``, ``overlap.source``, ``overlap.content``, ``overlap.quote`` -- Citron's
  token overlap: the tokens shared by every system/gold pair of the role's spans, over the
  system's tokens (precision) and the gold's (recall); the whole quote sums the three roles.
  Citron's evaluation passes the whole quote's sums in the wrong order
  (``get_overlap_scores(overlaps, actual, predicted)``), so the precision and recall it prints
  for whole quotes are swapped; its F1 is unaffected. The scores here are the right way round;
  ``citron_swapped=True`` reproduces the printed ones.
- ``match@T`` -- the Gender Gap Tracker's matching (``evaluate_quotes.py``): each gold quote in
  turn takes the remaining system quote that covers the largest share of the gold quote's
  characters, when that share is *above* T (0.3 and 0.8 are published); matched system quotes
  are used up. ``speaker_accuracy[T]`` is the share of matched quotes whose speakers agree
  (their source spans overlap, or both are unattributed).
- ``sweep`` -- ``match@T`` and speaker accuracy for T = 0.0, 0.1, ..., 0.9.

Spans are those of the canonical model: a quote's content is its span minus its
interruptions (quotation marks excluded on both sides), its source the speaker's mention
nearest to the cue (or to the quote), its cue the cue span. Tokens are runs of word
characters and single other non-space characters of the body.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsschema.models import AnyQuote, Document

__all__ = [
    "DEFAULT_SWEEP",
    "DEFAULT_THRESHOLDS",
    "ROLES",
    "QuoteScores",
    "Scores",
    "score_quotes",
]

ROLES = ("cue", "source", "content", "quote")
"""The parts scored: the cue, the source, the content, and the whole quote (all three)."""
DEFAULT_THRESHOLDS = (0.3, 0.8)
"""The Gender Gap Tracker's published overlap thresholds."""
DEFAULT_SWEEP = tuple(i / 10 for i in range(10))
"""Thresholds of the sweep: 0.0, 0.1, ..., 0.9 (a share must be above the threshold)."""

_TOKEN = re.compile(r"\w+|[^\w\s]")

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1 of one mode (0 when undefined, as Citron and GGT report)."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> Scores:
        """Scores from precision and recall (F1 their harmonic mean)."""
        total = precision + recall
        return cls(precision, recall, 2 * precision * recall / total if total else 0.0)

    @classmethod
    def counts(cls, tp: int, fp: int, fn: int) -> Scores:
        """Scores from true positives, false positives and false negatives."""
        return cls.of(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)

    def as_dict(self) -> dict[str, float]:
        """``{"precision", "recall", "f1"}``: the shape of ``agree``'s gold scores."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True, slots=True)
class QuoteScores:
    """Every mode's scores for one system against one gold set.

    Attributes:
        modes: ``{precision, recall, f1}`` by mode (``exact.quote``, ``overlap.content``,
            ``match@0.3``, ...).
        speaker_accuracy: By threshold of ``match@T``: the share of matched quotes whose
            speakers agree (None when nothing matched).
        sweep: One row per sweep threshold: ``threshold``, ``precision``, ``recall``, ``f1``,
            ``speaker_accuracy``.
        documents: How many gold documents were scored.
    """

    modes: Mapping[str, Scores]
    speaker_accuracy: Mapping[float, float | None]
    sweep: tuple[Mapping[str, float | None], ...] = ()
    documents: int = 0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: modes, speaker accuracy, sweep and document count."""
        return {
            "modes": {name: scores.as_dict() for name, scores in self.modes.items()},
            "speaker_accuracy": {f"{t:g}": v for t, v in self.speaker_accuracy.items()},
            "sweep": [dict(row) for row in self.sweep],
            "documents": self.documents,
        }


@dataclass(frozen=True, slots=True)
class _Quote:
    """One quote as the scorer sees it: the spans of each role, in code points."""

    cue: tuple[int, int] | None
    source: Spans
    content: Spans
    span: tuple[int, int]
    cue_tokens: tuple[int, int] | None


@dataclass
class _Sums:
    tp: int = 0
    fp: int = 0
    fn: int = 0


@dataclass
class _Overlap:
    shared: int = 0
    system: int = 0
    gold: int = 0


@dataclass
class _Matches:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speakers: int = 0


@dataclass
class _Totals:
    exact: dict[str, _Sums] = field(default_factory=lambda: {r: _Sums() for r in ROLES})
    overlap: dict[str, _Overlap] = field(default_factory=lambda: {r: _Overlap() for r in ROLES})
    matches: dict[float, _Matches] = field(default_factory=dict)


def _source(document: Document, quote: AnyQuote) -> Spans:
    """The speaker's mention nearest the cue (or the quote): the quote's source span."""
    speaker = document.speaker(quote)
    if speaker is None or not speaker.mentions:
        return ()
    anchor = quote.cue if quote.cue is not None else quote.span
    nearest = min(
        speaker.mentions,
        key=lambda m: (max(anchor.start - m.end, m.start - anchor.end, 0), m.start),
    )
    return ((nearest.start, nearest.end),)


def _content(quote: AnyQuote) -> Spans:
    parts: list[tuple[int, int]] = []
    at = quote.span.start
    for gap in sorted(quote.interruptions, key=lambda s: s.start):
        if gap.start > at:
            parts.append((at, gap.start))
        at = max(at, gap.end)
    if quote.span.end > at:
        parts.append((at, quote.span.end))
    return tuple(parts) or ((quote.span.start, quote.span.end),)


def _quotes(document: Document, tokens: _Tokens) -> list[_Quote]:
    return [
        _Quote(
            None if q.cue is None else (q.cue.start, q.cue.end),
            _source(document, q),
            _content(q),
            (q.span.start, q.span.end),
            None if q.cue is None else tokens.range((q.cue.start, q.cue.end)),
        )
        for q in sorted(document.quotes, key=lambda q: (q.span.start, q.span.end))
    ]


class _Tokens:
    """Token index of one body: which tokens a span touches."""

    def __init__(self, body: str) -> None:
        self.starts = [m.start() for m in _TOKEN.finditer(body)]
        self.ends = [m.end() for m in _TOKEN.finditer(body)]

    def range(self, span: tuple[int, int]) -> tuple[int, int]:
        """Token indices ``[i, j)`` of the tokens overlapping ``span``."""
        i = bisect_right(self.ends, span[0])
        j = bisect_left(self.starts, span[1])
        return i, max(i, j)

    def length(self, spans: Iterable[tuple[int, int]]) -> int:
        return sum(b - a for a, b in (self.range(s) for s in spans))

    def shared(self, left: Iterable[tuple[int, int]], right: Sequence[tuple[int, int]]) -> int:
        total = 0
        for x in left:
            a, b = self.range(x)
            for y in right:
                c, d = self.range(y)
                total += max(0, min(b, d) - max(a, c))
        return total


def _overlaps(x: tuple[int, int] | None, y: tuple[int, int] | None) -> bool:
    # Citron's are_overlapping_spans (token spans, end exclusive): start1 <= end2 and end1 > start2.
    return x is not None and y is not None and x[0] <= y[1] and x[1] > y[0]


def _matches(role: str, system: _Quote, gold: _Quote) -> bool:
    if role == "cue":
        return system.cue is not None and system.cue == gold.cue
    if role == "source":
        return _overlaps(system.cue_tokens, gold.cue_tokens) and system.source == gold.source
    if role == "content":
        return _overlaps(system.cue_tokens, gold.cue_tokens) and system.content == gold.content
    return (
        system.cue is not None
        and system.cue == gold.cue
        and system.source == gold.source
        and system.content == gold.content
    )


def _exact(totals: _Totals, system: list[_Quote], gold: list[_Quote]) -> None:
    for role in ROLES:
        sums = totals.exact[role]
        for s in system:
            if any(_matches(role, s, g) for g in gold):
                sums.tp += 1
            else:
                sums.fp += 1
        sums.fn += sum(1 for g in gold if not any(_matches(role, s, g) for s in system))


def _role_spans(quote: _Quote, role: str) -> Spans:
    if role == "cue":
        return () if quote.cue is None else (quote.cue,)
    return quote.source if role == "source" else quote.content


def _overlap(totals: _Totals, tokens: _Tokens, system: list[_Quote], gold: list[_Quote]) -> None:
    for role in ("cue", "source", "content"):
        sums = totals.overlap[role]
        sums.system += sum(tokens.length(_role_spans(s, role)) for s in system)
        sums.gold += sum(tokens.length(_role_spans(g, role)) for g in gold)
        for s in system:
            for g in gold:
                sums.shared += tokens.shared(_role_spans(s, role), _role_spans(g, role))


def _share(gold: tuple[int, int], system: tuple[int, int]) -> float:
    """GGT's asymmetric score: the share of the gold span's characters the system span covers."""
    length = gold[1] - gold[0]
    if length <= 0 or system[1] <= system[0]:
        return 0.0
    return max(0, min(gold[1], system[1]) - max(gold[0], system[0])) / length


def _speakers_agree(gold: _Quote, system: _Quote) -> bool:
    # GGT: the speaker spans overlap, or the system's floating quote and the gold's have none.
    if not gold.source and not system.source:
        return True
    return any(min(g[1], s[1]) > max(g[0], s[0]) for g in gold.source for s in system.source)


def _match(sums: _Matches, threshold: float, system: list[_Quote], gold: list[_Quote]) -> None:
    remaining = list(system)
    for g in gold:
        best: _Quote | None = None
        best_score = 0.0
        for s in remaining:
            score = _share(g.span, s.span)
            if score > threshold and score > best_score:
                best, best_score = s, score
        if best is None:
            sums.fn += 1
            continue
        remaining.remove(best)
        sums.tp += 1
        sums.speakers += _speakers_agree(g, best)
    sums.fp += len(remaining)


def score_quotes(
    gold: Iterable[Document],
    system: Iterable[Document],
    *,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    sweep: Sequence[float] = DEFAULT_SWEEP,
    citron_swapped: bool = False,
) -> QuoteScores:
    """Score the quotes of ``system`` against those of ``gold``, documents paired by article id.

    A gold document with no system document counts all its quotes as missed; a system
    document with no gold document is not scored (it was not annotated).

    Args:
        gold: The reference documents.
        system: The documents to score.
        thresholds: Thresholds T of the ``match@T`` modes.
        sweep: Thresholds of the sweep rows.
        citron_swapped: Report Citron's whole-quote overlap precision and recall in the
            order its evaluation prints them (swapped).
    """
    by_id = {document.article.id: document for document in system}
    totals = _Totals()
    every = sorted({*thresholds, *sweep})
    for t in every:
        totals.matches[t] = _Matches()
    count = 0
    for reference in gold:
        count += 1
        other = by_id.get(reference.article.id)
        tokens = _Tokens(reference.article.body)
        gold_quotes = _quotes(reference, tokens)
        system_quotes = _quotes(other, tokens) if other is not None else []
        _exact(totals, system_quotes, gold_quotes)
        _overlap(totals, tokens, system_quotes, gold_quotes)
        for t in every:
            _match(totals.matches[t], t, system_quotes, gold_quotes)
    modes: dict[str, Scores] = {}
    for role in ROLES:
        sums = totals.exact[role]
        modes[f"exact.{role}"] = Scores.counts(sums.tp, sums.fp, sums.fn)
    parts = [totals.overlap[r] for r in ("cue", "source", "content")]
    totals.overlap["quote"] = _Overlap(
        sum(p.shared for p in parts), sum(p.system for p in parts), sum(p.gold for p in parts)
    )
    for role in ROLES:
        o = totals.overlap[role]
        precision = o.shared / o.system if o.system else 0.0
        recall = o.shared / o.gold if o.gold else 0.0
        if role == "quote" and citron_swapped:
            precision, recall = recall, precision
        modes[f"overlap.{role}"] = Scores.of(precision, recall)
    accuracy: dict[float, float | None] = {}
    for t in thresholds:
        m = totals.matches[t]
        modes[f"match@{t:g}"] = Scores.counts(m.tp, m.fp, m.fn)
        accuracy[t] = m.speakers / m.tp if m.tp else None
    rows = []
    for t in sweep:
        m = totals.matches[t]
        scores = Scores.counts(m.tp, m.fp, m.fn)
        rows.append(
            {
                "threshold": t,
                **scores.as_dict(),
                "speaker_accuracy": m.speakers / m.tp if m.tp else None,
            }
        )
    return QuoteScores(modes, accuracy, tuple(rows), count)
