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
article at all, is a missing value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from newsschema.models import Document
from newsschema.review._stats import Estimate, alpha, kappa
from newsschema.review.layers import LAYERS, Layer, Unit
from newsschema.review.matching import match_units

__all__ = [
    "AgreementError",
    "AgreementReport",
    "Disagreement",
    "LayerAgreement",
    "Marked",
    "PairAgreement",
    "agree",
]


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
    """Agreement of two annotators on one layer."""

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


@dataclass(frozen=True)
class LayerAgreement:
    """Agreement on one layer: every pair, their means, and alpha over all annotators."""

    name: str
    description: str
    labelled: bool
    pairs: tuple[PairAgreement, ...]
    alpha: Estimate | None
    items: int
    labels: tuple[str, ...]

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


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of two or more annotators on every layer."""

    annotators: tuple[str, ...]
    documents: Mapping[str, int]
    articles: int
    missing: Mapping[str, tuple[str, ...]]
    layers: Mapping[str, LayerAgreement] = field(default_factory=dict)
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
    # with identical spans are a maximum exact matching; label layers count a matched unit only
    # when the labels agree too.
    exact = [(i, j) for i, j in spans if (ua[i].start, ua[i].end) == (ub[j].start, ub[j].end)]
    loose = spans
    if strict:
        exact = [(i, j) for i, j in exact if ua[i].label == ub[j].label]
        loose = [(i, j) for i, j in spans if ua[i].label == ub[j].label]
    tally.exact += len(exact)
    tally.overlap += len(loose)
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
        if (ua[i].start, ua[i].end) != (ub[j].start, ub[j].end):
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
    estimate = None
    by_label: dict[str, tuple[Scores, Scores]] = {}
    if layer.labelled:
        counts = Counter(tally.label_pairs)
        confusion = tuple(tuple(counts[(x, y)] for y in labels) for x in labels)
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
    )


def _items(
    article_units: Sequence[Sequence[Unit] | None],
    matchings: Mapping[tuple[int, int], list[tuple[int, int]]],
) -> list[list[str | None]]:
    """Group units matched by overlap between any two annotators into items (union-find)."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(node: tuple[int, int]) -> tuple[int, int]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for k, units in enumerate(article_units):
        for i in range(len(units or ())):
            parent[(k, i)] = (k, i)
    n = len(article_units)
    for (x, y), pairs in matchings.items():
        for i, j in pairs:
            parent[find((x, i))] = find((y, j))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    items: list[list[str | None]] = []
    for members in groups.values():
        row: list[str | None] = [None] * n
        for k, i in sorted(members):
            units = article_units[k]
            if row[k] is None and units is not None:
                row[k] = str(units[i].label)
        items.append(row)
    return items


def agree(
    annotations: Mapping[str, Sequence[Document]],
    *,
    layers: Sequence[str] | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
) -> AgreementReport:
    """Compute agreement between annotators.

    Args:
        annotations: Each annotator's documents, by annotator name (two or more).
        layers: Layer names to compute (default: every layer in :data:`LAYERS`).
        bootstrap: Resamples for alpha's confidence interval (0: none).
        seed: Seed for the bootstrap.

    Raises:
        AgreementError: fewer than two annotators, an article twice for one annotator, or two
            versions of an article with different text.
        KeyError: an unknown layer name.
    """
    names = tuple(annotations)
    if len(names) < 2:
        raise AgreementError("agreement needs two or more annotators")
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
        units = [{a: layer.units(doc) for a, doc in ix.items()} for ix in indexed]
        label_set = sorted(
            {str(u.label) for per in units for us in per.values() for u in us}
            if layer.labelled
            else set()
        )
        labels = tuple(label_set)
        pairs = []
        for x, y in combinations(range(len(names)), 2):
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
            pairs.append(_pair((names[x], names[y]), tally, labels, layer))
        estimate = None
        items = 0
        if layer.labelled:
            rows = [
                row
                for article in articles
                for row in _items(
                    [per.get(article) for per in units],
                    {
                        (x, y): spans(layer, units, article, x, y)
                        for x, y in combinations(range(len(names)), 2)
                        if article in units[x] and article in units[y]
                    },
                )
            ]
            items = len(rows)
            estimate = alpha(labels, rows, bootstrap=bootstrap, seed=seed)
        report_layers[layer.name] = LayerAgreement(
            layer.name, layer.description, layer.labelled, tuple(pairs), estimate, items, labels
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
    )
