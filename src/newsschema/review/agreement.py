"""Inter-annotator agreement per layer: unit F1, label kappa and alpha, and the disagreements.

Annotators' documents are matched by ``article.id``. For every layer and every pair of
annotators, units are matched per document (:mod:`newsschema.review.matching`) and counted over
all documents both annotated (micro-average):

* exact and overlap precision, recall and F1, where precision is the share of the first
  annotator's units the second also has. In label layers a unit only counts when the labels are
  equal too (as in strict named-entity evaluation), so ``quote_spans`` vs ``quote_kind`` tells
  boundary disagreement from kind disagreement;
* on units matched by overlap regardless of label: Cohen's kappa with its interval, and the
  confusion matrix;
* the disagreements (a unit only one marked, different boundaries, different labels), with text.

Krippendorff's alpha is computed over all annotators at once: units matched by overlap between
any two annotators form one item; an annotator who did not mark it, or did not annotate the
article at all, is a missing value. The ``tokens`` layer (:mod:`newsschema.review.tokens`)
labels every token instead, and its alpha is over tokens.

The same items, one per place in the text, give the grouped disagreements: who said what there
(:class:`UnitDisagreement`), sorted by how many annotators disagree, and a summary per document
(:class:`DocumentSummary`) naming the layer with the least agreement.

A layer whose values no annotator chose (a quote kind the importer inferred from quotation
marks; a label that is unset throughout) is marked ``inferred`` and left out of the summary
means: equal defaults are not agreement.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from newsschema.models import Document
from newsschema.review.layers import LAYERS, NONE, Layer, Unit, shared_names
from newsschema.review.matching import match_units
from newsschema.review.stats import Estimate, alpha, alpha_of_codes, kappa, kappa_of_table

__all__ = [
    "AgreementError",
    "AgreementReport",
    "Disagreement",
    "DocumentSummary",
    "GoldScores",
    "LayerAgreement",
    "Marked",
    "PairAgreement",
    "Scores",
    "UnitDisagreement",
    "agree",
]


DENSE_LABELS = 50
"""Most labels for which a pair's confusion matrix is kept dense."""


class AgreementError(ValueError):
    """The annotations cannot be compared (e.g. two versions of an article differ in text)."""


@dataclass(frozen=True, slots=True)
class Marked:
    """A unit as one annotator marked it, with the text it covers."""

    start: int
    end: int
    text: str
    label: str | None
    ref: str


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One place where two annotators differ.

    Attributes:
        document: Article id.
        kind: ``missing`` (only one marked it), ``boundary`` (overlapping, different spans) or
            ``label`` (same unit, different labels).
        annotators: The pair, in report order.
        a: The first annotator's unit, or None.
        b: The second annotator's unit, or None.
    """

    document: str
    kind: str
    annotators: tuple[str, str]
    a: Marked | None
    b: Marked | None


@dataclass(frozen=True, slots=True)
class Scores:
    """Counts and precision / recall / F1 for one matching."""

    matches: int
    precision: float | None
    recall: float | None
    f1: float | None


def _scores(matches: int, a: int, b: int) -> Scores:
    return Scores(
        matches,
        matches / a if a else None,
        matches / b if b else None,
        2 * matches / (a + b) if a + b else None,
    )


@dataclass(frozen=True)
class PairAgreement:
    """Agreement of two annotators on one layer.

    The confusion matrix (rows: the first annotator's labels) is ``confusion`` when the layer
    has at most :data:`DENSE_LABELS` labels; with more (speaker names, dates) it is ``cells``,
    the non-zero ``(row, column, count)`` triples, since a dense matrix grows with the square.
    """

    annotators: tuple[str, str]
    documents: int
    units: tuple[int, int]
    exact: Scores
    overlap: Scores
    kappa: Estimate | None
    labels: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]
    by_label: Mapping[str, tuple[Scores, Scores]]
    disagreements: tuple[Disagreement, ...]
    cells: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class GoldScores:
    """One annotator (or system) scored against the reference: precision, recall and F1.

    Attributes:
        exact: Units covering the same code points (in label layers, with the same label).
        overlap: Units sharing a code point (with the same label in label layers).
        mode: Which of the two the headline figures are (``exact``, ``overlap``; ``token``
            for the tokens layer, where both are the token scores).
        quotes: In ``quote_spans``: every mode of the published quote scorers (Citron's exact
            and token overlap per role, the Gender Gap Tracker's ``match@T`` and speaker
            accuracy), from :func:`~newsschema.review.quote_scores.score_quotes`.
    """

    exact: Scores
    overlap: Scores
    mode: str
    quotes: Mapping[str, Any] | None = None

    @property
    def headline(self) -> Scores:
        """The scores of the chosen mode."""
        return self.overlap if self.mode == "overlap" else self.exact


@dataclass(frozen=True)
class LayerAgreement:
    """Agreement on one layer: every pair, their means, and alpha over all annotators.

    ``inferred`` (with ``inferred_because``) marks a layer whose values no annotator chose;
    ``gold`` scores every other annotator against the reference annotator, when there is one.
    """

    name: str
    description: str
    labelled: bool
    pairs: tuple[PairAgreement, ...]
    alpha: Estimate | None
    items: int
    labels: tuple[str, ...]
    inferred: bool = False
    inferred_because: str | None = None
    gold: Mapping[str, GoldScores] = field(default_factory=dict)

    def mean(self, metric: str) -> float | None:
        """Return the mean over pairs of ``exact_f1``, ``overlap_precision``, ``kappa``..."""
        values = [v for v in (_metric(p, metric) for p in self.pairs) if v is not None]
        return sum(values) / len(values) if values else None


def _metric(pair: PairAgreement, metric: str) -> float | None:
    if metric == "kappa":
        return None if pair.kappa is None else pair.kappa.value
    matching, _, measure = metric.partition("_")
    scores: Scores = getattr(pair, matching)
    value: float | None = getattr(scores, measure)
    return value


@dataclass(frozen=True, slots=True)
class UnitDisagreement:
    """One place in the text where annotators differ, with what each of them said.

    Attributes:
        document: Article id.
        layer: Layer name.
        kind: ``missing`` (some annotators did not mark it), ``boundary`` (they marked
            different extents) or ``label`` (the same unit, different labels).
        start: First code point any annotator marked here.
        end: One past the last.
        sentence: The text around it (the sentences it stands in).
        sentence_start: Where ``sentence`` starts in the body.
        marked: Per annotator of the article, its unit here, or None (not marked).
        disagreeing: How many annotators differ from the most common answer.
    """

    document: str
    layer: str
    kind: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    marked: Mapping[str, Marked | None]
    disagreeing: int


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """How far annotators agree on one article, to choose what to adjudicate first.

    Attributes:
        document: Article id.
        annotators: Who annotated it.
        disagreements: Grouped disagreements in it (every layer).
        scores: Per layer, the mean over pairs of its overlap F1 on this article.
        worst_layer: The layer (not inferred) with the lowest score, or None.
    """

    document: str
    annotators: tuple[str, ...]
    disagreements: int
    scores: Mapping[str, float | None]
    worst_layer: str | None

    @property
    def worst_score(self) -> float | None:
        """The worst layer's score."""
        return None if self.worst_layer is None else self.scores[self.worst_layer]


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of two or more annotators on every layer.

    ``documents`` counts each annotator's articles; ``summaries`` has one entry per article
    (worst first); ``disagreements`` groups them by place in the text (most disputed first);
    ``gold`` names the reference annotator, if any.
    """

    annotators: tuple[str, ...]
    documents: Mapping[str, int]
    articles: int
    missing: Mapping[str, tuple[str, ...]]
    layers: Mapping[str, LayerAgreement] = field(default_factory=dict)
    disagreements: tuple[UnitDisagreement, ...] = ()
    summaries: tuple[DocumentSummary, ...] = ()
    gold: str | None = None

    def summary(self) -> dict[str, float | None]:
        """Means over the layers that are not inferred: exact F1, overlap F1, alpha."""
        chosen = [layer for layer in self.layers.values() if not layer.inferred]

        def mean(values: list[float | None]) -> float | None:
            found = [v for v in values if v is not None]
            return sum(found) / len(found) if found else None

        return {
            "exact_f1": mean([layer.mean("exact_f1") for layer in chosen]),
            "overlap_f1": mean([layer.mean("overlap_f1") for layer in chosen]),
            "alpha": mean([None if la.alpha is None else la.alpha.value for la in chosen]),
        }

    findings: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Per annotator, how many rule findings their documents have, by code (raw annotator
    output has rule errors before adjudication; agreement is computed on it all the same)."""


def _index(annotator: str, documents: Sequence[Document]) -> dict[str, Document]:
    by_id: dict[str, Document] = {}
    for document in documents:
        if document.article.id in by_id:
            raise AgreementError(
                f"{annotator}: article {document.article.id!r} appears twice; each annotator "
                "needs one version of each article"
            )
        by_id[document.article.id] = document
    return by_id


def _marked(unit: Unit, body: str) -> Marked:
    return Marked(unit.start, unit.end, body[unit.start : unit.end], unit.label, unit.ref)


@dataclass
class _PairTally:
    a: int = 0
    b: int = 0
    exact: int = 0
    overlap: int = 0
    documents: int = 0
    label_pairs: list[tuple[str, str]] = field(default_factory=list)
    per_label: Counter[tuple[str, str]] = field(default_factory=Counter)
    disagreements: list[Disagreement] = field(default_factory=list)
    per_document: dict[str, float] = field(default_factory=dict)


def _tally_document(
    tally: _PairTally,
    names: tuple[str, str],
    article: str,
    body: str,
    ua: Sequence[Unit],
    ub: Sequence[Unit],
    layer: Layer,
    spans: list[tuple[int, int]],
) -> None:
    """Count one document; ``spans`` is the overlap matching of the units ignoring labels."""
    tally.documents += 1
    tally.a += len(ua)
    tally.b += len(ub)
    strict = layer.labelled
    # One label-blind matching serves every count: exact pairs are matched first, so the pairs
    # covering the same code points are a maximum exact matching; label layers count a matched
    # unit only when the labels agree too.
    exact = [(i, j) for i, j in spans if ua[i].key == ub[j].key]
    loose = spans
    if strict:
        exact = [(i, j) for i, j in exact if ua[i].label == ub[j].label]
        loose = [(i, j) for i, j in spans if ua[i].label == ub[j].label]
    tally.exact += len(exact)
    tally.overlap += len(loose)
    if ua or ub:
        tally.per_document[article] = 2 * len(loose) / (len(ua) + len(ub))
    if strict:
        for units, side in ((ua, "a"), (ub, "b")):
            for unit in units:
                tally.per_label[(str(unit.label), side)] += 1
        for i, _ in exact:
            tally.per_label[(str(ua[i].label), "exact")] += 1
        for i, _ in loose:
            tally.per_label[(str(ua[i].label), "overlap")] += 1
        for i, j in spans:
            left, right = str(ua[i].label), str(ub[j].label)
            tally.label_pairs.append((left, right))
            if left != right:
                tally.disagreements.append(
                    Disagreement(
                        article, "label", names, _marked(ua[i], body), _marked(ub[j], body)
                    )
                )
        return
    paired_a = {i for i, _ in loose}
    paired_b = {j for _, j in loose}
    for i, j in loose:
        if ua[i].key != ub[j].key:
            tally.disagreements.append(
                Disagreement(article, "boundary", names, _marked(ua[i], body), _marked(ub[j], body))
            )
    for i, unit in enumerate(ua):
        if i not in paired_a:
            tally.disagreements.append(
                Disagreement(article, "missing", names, _marked(unit, body), None)
            )
    for j, unit in enumerate(ub):
        if j not in paired_b:
            tally.disagreements.append(
                Disagreement(article, "missing", names, None, _marked(unit, body))
            )


def _pair(
    names: tuple[str, str], tally: _PairTally, labels: tuple[str, ...], layer: Layer
) -> PairAgreement:
    confusion: tuple[tuple[int, ...], ...] = ()
    cells: tuple[tuple[int, int, int], ...] = ()
    estimate = None
    by_label: dict[str, tuple[Scores, Scores]] = {}
    if layer.labelled:
        counts = Counter(tally.label_pairs)
        if len(labels) <= DENSE_LABELS:
            confusion = tuple(tuple(counts[(x, y)] for y in labels) for x in labels)
        else:
            index = {label: n for n, label in enumerate(labels)}
            cells = tuple(sorted((index[x], index[y], n) for (x, y), n in counts.items()))
        estimate = kappa(labels, tally.label_pairs)
        for label in labels:
            a, b = tally.per_label[(label, "a")], tally.per_label[(label, "b")]
            if a or b:
                by_label[label] = (
                    _scores(tally.per_label[(label, "exact")], a, b),
                    _scores(tally.per_label[(label, "overlap")], a, b),
                )
    return PairAgreement(
        annotators=names,
        documents=tally.documents,
        units=(tally.a, tally.b),
        exact=_scores(tally.exact, tally.a, tally.b),
        overlap=_scores(tally.overlap, tally.a, tally.b),
        kappa=estimate,
        labels=labels if layer.labelled else (),
        confusion=confusion,
        by_label=by_label,
        disagreements=tuple(tally.disagreements),
        cells=cells,
    )


def _groups(
    article_units: Sequence[Sequence[Unit] | None],
    matchings: Mapping[tuple[int, int], list[tuple[int, int]]],
) -> list[list[tuple[int, int]]]:
    """Group units matched by overlap between any two annotators (union-find), in order."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(node: tuple[int, int]) -> tuple[int, int]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for k, units in enumerate(article_units):
        for i in range(len(units or ())):
            parent[(k, i)] = (k, i)
    for (x, y), pairs in matchings.items():
        for i, j in pairs:
            parent[find((x, i))] = find((y, j))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    return [sorted(members) for members in groups.values()]


def _items(
    article_units: Sequence[Sequence[Unit] | None], groups: list[list[tuple[int, int]]]
) -> list[list[str | None]]:
    """One row of labels per group: each annotator's label, or None (not marked)."""
    items: list[list[str | None]] = []
    for members in groups:
        row: list[str | None] = [None] * len(article_units)
        for k, i in members:
            units = article_units[k]
            if row[k] is None and units is not None:
                row[k] = str(units[i].label)
        items.append(row)
    return items


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+|\n\s*")
_AROUND = 400  # most characters of context on each side


def sentence_around(body: str, start: int, end: int) -> tuple[int, str]:
    """Return the start and text of the sentences holding ``[start, end)`` (bounded length)."""
    low = max(0, start - _AROUND)
    begin = low
    for match in _SENTENCE_END.finditer(body, low, start):
        begin = match.end()
    high = min(len(body), end + _AROUND)
    found = _SENTENCE_END.search(body, max(end, begin), high)
    stop = high if found is None else found.start() + 1
    text = body[begin:stop].rstrip()
    return begin, text


def _grouped(
    layer: Layer,
    article: str,
    body: str,
    names: Sequence[str],
    article_units: Sequence[Sequence[Unit] | None],
    groups: list[list[tuple[int, int]]],
) -> list[UnitDisagreement]:
    """The places where annotators of one article differ on one layer."""
    present = [k for k, units in enumerate(article_units) if units is not None]
    found: list[UnitDisagreement] = []
    for members in groups:
        chosen: dict[int, Unit] = {}
        for k, i in members:
            units = article_units[k]
            if units is not None and k not in chosen:
                chosen[k] = units[i]
        if layer.labelled:
            # Label layers report labels only: who marked what extent is the span layer's.
            answers = {k: str(unit.label) for k, unit in chosen.items()}
            if len(set(answers.values())) < 2:
                continue
            kind = "label"
            values: list[Any] = list(answers.values())
        else:
            values = [chosen[k].key if k in chosen else None for k in present]
            if len(set(values)) < 2:
                continue
            kind = "missing" if None in values else "boundary"
        most = Counter(values).most_common(1)[0][1]
        start = min(u.start for u in chosen.values())
        end = max(u.end for u in chosen.values())
        sentence_start, sentence = sentence_around(body, start, end)
        found.append(
            UnitDisagreement(
                document=article,
                layer=layer.name,
                kind=kind,
                start=start,
                end=end,
                sentence=sentence,
                sentence_start=sentence_start,
                marked={
                    names[k]: _marked(chosen[k], body) if k in chosen else None for k in present
                },
                disagreeing=len(values) - most,
            )
        )
    return found


def _gold_scores(pair: PairAgreement, gold: str, mode: str) -> tuple[str, GoldScores]:
    """Orient a pair's scores so that precision is the share of the other's units in the gold."""

    def oriented(scores: Scores, gold_first: bool) -> Scores:
        if not gold_first:
            return scores
        return Scores(scores.matches, scores.recall, scores.precision, scores.f1)

    first = pair.annotators[0] == gold
    other = pair.annotators[1] if first else pair.annotators[0]
    return other, GoldScores(oriented(pair.exact, first), oriented(pair.overlap, first), mode)


def _with_quote_scores(
    scored: Mapping[str, GoldScores], annotations: Mapping[str, Sequence[Document]], gold: str
) -> dict[str, GoldScores]:
    """Add the published quote scorers' modes to each annotator's quote scores."""
    from newsschema.review.quote_scores import score_quotes

    return {
        other: dataclasses.replace(
            scores, quotes=score_quotes(annotations[gold], annotations[other]).to_json()
        )
        for other, scores in scored.items()
    }


def _inferred(
    layer: Layer, labels: Sequence[str], inferred: Mapping[str, str]
) -> tuple[bool, str | None]:
    if layer.name in inferred:
        return True, inferred[layer.name]
    if layer.labelled and not layer.tokens and tuple(labels) == (NONE,):
        return True, "no annotator set it (every unit is unset)"
    if layer.labelled and not layer.tokens and len(labels) == 1:
        return True, f"one value throughout ({labels[0]}): no choice to agree on"
    return False, None


@dataclass
class _TokenTally:
    confusion: Any
    per_document: dict[str, float] = field(default_factory=dict)
    documents: int = 0


def _token_layer(
    layer: Layer,
    names: Sequence[str],
    indexed: Sequence[Mapping[str, Document]],
    articles: Sequence[str],
    bootstrap: int,
    seed: int,
) -> tuple[LayerAgreement, dict[str, list[float]]]:
    """The tokens layer: per-pair token scores and kappa, alpha over every token."""
    try:
        import numpy as np
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from newsschema.review.stats import StatsUnavailable

        raise StatsUnavailable(str(exc)) from exc
    from newsschema.review.tokens import TOKEN_LABELS, token_labels, tokenize

    code = {label: n for n, label in enumerate(TOKEN_LABELS)}
    none = code["none"]
    width = len(TOKEN_LABELS)
    pairs_of = list(combinations(range(len(names)), 2))
    tallies = [_TokenTally(np.zeros((width, width), dtype=np.int64)) for _ in pairs_of]
    blocks = []
    groups = []
    for number, article in enumerate(articles):
        versions = [ix.get(article) for ix in indexed]
        body = next(d for d in versions if d is not None).article.body
        spans = tokenize(body)
        block = np.full((len(spans), len(names)), -1, dtype=np.int64)
        for k, document in enumerate(versions):
            if document is not None:
                block[:, k] = [code[label] for label in token_labels(document, spans)]
        blocks.append(block)
        groups.append(np.full(len(spans), number, dtype=np.int64))
        for (x, y), tally in zip(pairs_of, tallies, strict=True):
            if versions[x] is None or versions[y] is None:
                continue
            a, b = block[:, x], block[:, y]
            tally.documents += 1
            tally.confusion += np.bincount(a * width + b, minlength=width * width).reshape(
                width, width
            )
            marked = int(np.count_nonzero(a != none) + np.count_nonzero(b != none))
            if marked:
                same = int(np.count_nonzero((a == b) & (a != none)))
                tally.per_document[article] = 2 * same / marked
    pairs = []
    for (x, y), tally in zip(pairs_of, tallies, strict=True):
        table = tally.confusion
        units = (int(table.sum() - table[none, :].sum()), int(table.sum() - table[:, none].sum()))
        matches = int(np.trace(table) - table[none, none])
        scores = _scores(matches, *units)
        by_label = {
            label: (
                _scores(int(table[c, c]), int(table[c, :].sum()), int(table[:, c].sum())),
                _scores(int(table[c, c]), int(table[c, :].sum()), int(table[:, c].sum())),
            )
            for label, c in code.items()
            if label != "none" and (table[c, :].sum() or table[:, c].sum())
        }
        pairs.append(
            PairAgreement(
                annotators=(names[x], names[y]),
                documents=tally.documents,
                units=units,
                exact=scores,
                overlap=scores,
                kappa=kappa_of_table(table) if tally.documents else None,
                labels=TOKEN_LABELS,
                confusion=tuple(tuple(int(v) for v in row) for row in table),
                by_label=by_label,
                disagreements=(),
            )
        )
    matrix = np.concatenate(blocks) if blocks else np.zeros((0, len(names)), dtype=np.int64)
    group = np.concatenate(groups) if groups else np.zeros(0, dtype=np.int64)
    estimate = alpha_of_codes(matrix, width, group, bootstrap=bootstrap, seed=seed)
    per_document: dict[str, list[float]] = {}
    for tally in tallies:
        for article, value in tally.per_document.items():
            per_document.setdefault(article, []).append(value)
    result = LayerAgreement(
        layer.name,
        layer.description,
        True,
        tuple(pairs),
        estimate,
        int(np.count_nonzero((matrix >= 0).sum(axis=1) >= 2)),
        TOKEN_LABELS,
    )
    return result, per_document


def agree(
    annotations: Mapping[str, Sequence[Document]],
    *,
    layers: Sequence[str] | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
    gold: str | None = None,
    gold_mode: str = "exact",
    inferred: Mapping[str, str] | None = None,
) -> AgreementReport:
    """Compute agreement between annotators.

    Args:
        annotations: Each annotator's documents, by annotator name (two or more).
        layers: Layer names to compute (default: every layer in :data:`LAYERS`).
        bootstrap: Resamples for alpha's confidence interval (0: none).
        seed: Seed for the bootstrap.
        gold: The reference annotator: every other one gets precision, recall and F1
            against it, per layer.
        gold_mode: ``exact`` or ``overlap``: which matching the headline gold scores use.
        inferred: Layers whose values no annotator chose (layer name -> why), e.g. quote
            kinds an importer inferred; a labelled layer unset throughout is added.

    Raises:
        AgreementError: fewer than two annotators, an unknown gold annotator, an article
            twice for one annotator, or two versions of an article with different text.
        KeyError: an unknown layer name.
    """
    names = tuple(annotations)
    if len(names) < 2:
        raise AgreementError("agreement needs two or more annotators")
    if gold is not None and gold not in names:
        raise AgreementError(f"--gold {gold!r} is none of the annotators ({', '.join(names)})")
    if gold_mode not in ("exact", "overlap"):
        raise AgreementError(f"unknown gold mode {gold_mode!r} (exact or overlap)")
    indexed = [_index(name, annotations[name]) for name in names]
    articles = sorted({article for index in indexed for article in index})
    for article in articles:
        versions = [(n, ix[article]) for n, ix in zip(names, indexed, strict=True) if article in ix]
        first_name, first = versions[0]
        for other_name, other in versions[1:]:
            if other.article.body != first.article.body:
                raise AgreementError(
                    f"article {article!r}: {first_name} and {other_name} annotated different "
                    "text (article.body differs), so their spans cannot be compared"
                )
    report_layers: dict[str, LayerAgreement] = {}
    # Layers on the same spans share their label-blind overlap matching (computed once).
    matched: dict[tuple[str, int, int, str], list[tuple[int, int]]] = {}
    # Speakers whose source mentions overlap go by one name (per article, all annotators).
    shared: dict[str, list[dict[str, str]]] = {
        article: shared_names([ix.get(article) for ix in indexed]) for article in articles
    }
    grouped: list[UnitDisagreement] = []
    scores: dict[str, dict[str, list[float]]] = {article: {} for article in articles}
    pair_indices = list(combinations(range(len(names)), 2))

    def spans(
        layer: Layer, units: list[dict[str, list[Unit]]], article: str, x: int, y: int
    ) -> list[tuple[int, int]]:
        key = (layer.spans, x, y, article)
        found = matched.get(key)
        if found is None:
            found = match_units(units[x][article], units[y][article], exact=False, same_label=False)
            matched[key] = found
        return found

    for layer_name in layers or list(LAYERS):
        layer = LAYERS[layer_name]
        if layer.tokens:
            token_layer, per_document = _token_layer(
                layer, names, indexed, articles, bootstrap, seed
            )
            for article, values in per_document.items():
                scores[article][layer.name] = values
            report_layers[layer.name] = token_layer
            continue
        units = [
            {a: layer.units(doc, shared[a][k]) for a, doc in ix.items()}
            for k, ix in enumerate(indexed)
        ]
        label_set = sorted(
            {str(u.label) for per in units for us in per.values() for u in us}
            if layer.labelled
            else set()
        )
        labels = tuple(label_set)
        pairs = []
        for x, y in pair_indices:
            tally = _PairTally()
            for article in articles:
                if article in units[x] and article in units[y]:
                    body = indexed[x][article].article.body
                    _tally_document(
                        tally,
                        (names[x], names[y]),
                        article,
                        body,
                        units[x][article],
                        units[y][article],
                        layer,
                        spans(layer, units, article, x, y),
                    )
            for article, value in tally.per_document.items():
                scores[article].setdefault(layer.name, []).append(value)
            pairs.append(_pair((names[x], names[y]), tally, labels, layer))
        rows: list[list[str | None]] = []
        for article in articles:
            article_units = [per.get(article) for per in units]
            groups = _groups(
                article_units,
                {
                    (x, y): spans(layer, units, article, x, y)
                    for x, y in pair_indices
                    if article in units[x] and article in units[y]
                },
            )
            body = next(ix[article] for ix in indexed if article in ix).article.body
            grouped.extend(_grouped(layer, article, body, names, article_units, groups))
            if layer.labelled:
                rows.extend(_items(article_units, groups))
        estimate = None
        items = 0
        if layer.labelled:
            items = len(rows)
            estimate = alpha(labels, rows, bootstrap=bootstrap, seed=seed)
        is_inferred, because = _inferred(layer, labels, inferred or {})
        report_layers[layer.name] = LayerAgreement(
            layer.name,
            layer.description,
            layer.labelled,
            tuple(pairs),
            estimate,
            items,
            labels,
            is_inferred,
            because,
        )
    if gold is not None:
        for name, found in report_layers.items():
            mode = "token" if LAYERS[name].tokens else gold_mode
            scored = dict(
                _gold_scores(pair, gold, mode) for pair in found.pairs if gold in pair.annotators
            )
            if name == "quote_spans":
                scored = _with_quote_scores(scored, annotations, gold)
            report_layers[name] = dataclasses.replace(found, gold=scored)
    for name, found in report_layers.items():
        if found.inferred:
            for article in articles:
                scores[article].pop(name, None)
    grouped.sort(key=lambda d: (-d.disagreeing, d.document, d.start, d.end, d.layer))
    per_article = Counter(d.document for d in grouped if not report_layers[d.layer].inferred)
    summaries = []
    for article in articles:
        means = {
            layer_name: sum(values) / len(values)
            for layer_name, values in scores[article].items()
            if values
        }
        worst = min(means, key=lambda n: (means[n], n)) if means else None
        summaries.append(
            DocumentSummary(
                document=article,
                annotators=tuple(n for n, ix in zip(names, indexed, strict=True) if article in ix),
                disagreements=per_article[article],
                scores=means,
                worst_layer=worst,
            )
        )
    summaries.sort(
        key=lambda d: (
            1.0 if d.worst_score is None else d.worst_score,
            -d.disagreements,
            d.document,
        )
    )
    return AgreementReport(
        annotators=names,
        documents={n: len(ix) for n, ix in zip(names, indexed, strict=True)},
        articles=len(articles),
        missing={
            n: tuple(a for a in articles if a not in ix)
            for n, ix in zip(names, indexed, strict=True)
        },
        layers=report_layers,
        disagreements=tuple(grouped),
        summaries=tuple(summaries),
        gold=gold,
    )
