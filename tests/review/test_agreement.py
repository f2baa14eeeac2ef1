"""Agreement statistics: the issue's cases on the seed, and hand-computed small cases."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsschema import Document
from newsschema.review.agreement import AgreementError, agree
from newsschema.review.layers import LAYERS
from newsschema.review.stats import alpha, kappa

from .review_support import document, rename_entity, seed_dict, set_speaker, shift_quote


def _small(article: str, body: str, quotes: list[tuple[int, int, str, str | None]]) -> Document:
    """A tiny document: one person entity per speaker name, quotes as (start, end, kind, who)."""
    speakers = sorted({who for *_, who in quotes if who})
    return Document.model_validate(
        {
            "schema_version": "1.0",
            "article": {"id": article, "headline": "h", "body": body, "language": "en"},
            "entities": [{"id": who, "kind": "person", "name": who.title()} for who in speakers],
            "quotes": [
                {
                    "id": f"q{n}",
                    "kind": kind,
                    "text": body[start:end],
                    "span": {"start": start, "end": end},
                    "speaker": who,
                }
                for n, (start, end, kind, who) in enumerate(quotes)
            ],
        },
        strict=False,
    )


def test_identical_annotations_agree_fully() -> None:
    """Two identical annotators: every F1 is 1.0, kappa and alpha 1.0, no disagreement."""
    seed = document(seed_dict())
    report = agree({"a": [seed], "b": [seed]}, bootstrap=50)
    assert set(report.layers) == set(LAYERS)
    for layer in report.layers.values():
        (pair,) = layer.pairs
        assert pair.exact.f1 == pair.overlap.f1 == 1.0, layer.name
        assert pair.disagreements == ()
        if layer.labelled and len(layer.labels) > 1:
            assert pair.kappa is not None and pair.kappa.value == pytest.approx(1.0)
            assert layer.alpha is not None and layer.alpha.value == pytest.approx(1.0)


def test_shifted_span_overlaps_but_is_not_exact() -> None:
    """A quote span moved by two code points: overlap F1 1.0, exact F1 below 1.0, one boundary."""
    a = document(seed_dict())
    b = document(shift_quote(seed_dict(), 0, 2))
    layer = agree({"a": [a], "b": [b]}, layers=["quote_spans"]).layers["quote_spans"]
    (pair,) = layer.pairs
    n = len(a.quotes)
    assert pair.overlap.f1 == 1.0
    assert pair.exact.f1 == pytest.approx((n - 1) / n)
    (boundary,) = pair.disagreements
    assert boundary.kind == "boundary"
    assert boundary.a is not None and boundary.b is not None
    assert boundary.a.text.startswith("The NATO") and boundary.b.text.startswith("e NATO")


def test_changed_speaker_lowers_speaker_agreement_only() -> None:
    """A different speaker on one quote: speaker F1 and kappa drop, quote spans stay at 1.0."""
    a = document(seed_dict())
    b = document(set_speaker(seed_dict(), 1, "e_stoltenberg"))
    report = agree({"a": [a], "b": [b]}, layers=["quote_spans", "speaker"], bootstrap=0)
    assert report.layers["quote_spans"].pairs[0].overlap.f1 == 1.0
    speaker = report.layers["speaker"].pairs[0]
    n = len(a.quotes)
    assert speaker.overlap.f1 == pytest.approx((n - 1) / n)
    assert speaker.kappa is not None and speaker.kappa.value < 1.0
    (label,) = speaker.disagreements
    assert label.kind == "label"
    assert (label.a and label.a.label, label.b and label.b.label) == (
        "sergey lavrov",
        "jens stoltenberg",
    )
    assert label.a is not None and label.a.text == "security guarantees"


def test_renamed_entity_id_is_not_a_disagreement() -> None:
    """Entity ids are local to an annotator: a renamed speaker id still agrees on the speaker."""
    a = document(seed_dict())
    b = document(rename_entity(seed_dict(), "e_lavrov", "lavrov"))
    report = agree({"a": [a], "b": [b]}, bootstrap=0)
    for layer in report.layers.values():
        assert layer.pairs[0].exact.f1 == 1.0, layer.name
        assert layer.pairs[0].disagreements == ()


def test_three_annotators_with_missing_items() -> None:
    """Three annotators, one missing an article and one missing a quote: alpha uses what exists."""
    body = "He said yes. She said no. They said maybe."
    x: list[tuple[int, int, str, str | None]] = [(0, 12, "direct", "al"), (13, 25, "direct", "bo")]
    a = [_small("d1", body, x), _small("d2", body, x)]
    b = [_small("d1", body, x), _small("d2", body, [(0, 12, "direct", "al")])]
    c = [_small("d1", body, [(0, 12, "indirect", "al"), (13, 25, "direct", "bo")])]
    report = agree({"a": a, "b": b, "c": c}, bootstrap=200, seed=1)
    assert report.missing == {"a": (), "b": (), "c": ("d2",)}
    spans = report.layers["quote_spans"]
    pairs = {p.annotators: p for p in spans.pairs}
    # a~b: 4 units vs 3, 3 shared; a~c and b~c compare d1 only.
    assert pairs[("a", "b")].overlap.recall == 1.0
    assert pairs[("a", "b")].overlap.precision == pytest.approx(3 / 4)
    assert pairs[("a", "b")].overlap.f1 == pytest.approx(6 / 7)
    assert pairs[("a", "c")].documents == 1 and pairs[("a", "c")].overlap.f1 == 1.0
    kind = report.layers["quote_kind"]
    # Items: d1/q0 (direct, direct, indirect), d1/q1 (direct x3), d2/q0 (direct, direct, -),
    # d2/q1 (direct, -, -: not pairable). Nominal alpha by hand from the coincidence matrix:
    # n = 8 pairable values, D_o = 2*2/(3-1)/8 = 0.25, D_e = 2*7*1/(8*7) = 0.25 -> alpha 0.
    assert kind.items == 4
    assert kind.alpha is not None and kind.alpha.value == pytest.approx(0.0)
    assert kind.alpha.low is not None and kind.alpha.high is not None
    assert kind.alpha.low <= kind.alpha.value <= kind.alpha.high


def test_hand_computed_f1_with_a_missing_and_an_extra_unit() -> None:
    """P, R and F1 by hand: a has 3 quotes, b has 2 of them plus one of its own."""
    body = "One two three four five six seven eight nine ten."
    d = "direct"
    a = _small("d", body, [(0, 3, d, None), (4, 7, d, None), (8, 13, d, None)])
    b = _small("d", body, [(0, 3, d, None), (4, 6, d, None), (19, 23, d, None)])
    (pair,) = agree({"a": [a], "b": [b]}, layers=["quote_spans"]).layers["quote_spans"].pairs
    assert (pair.exact.matches, pair.overlap.matches) == (1, 2)
    assert pair.exact.precision == pytest.approx(1 / 3) and pair.exact.f1 == pytest.approx(1 / 3)
    assert pair.overlap.precision == pytest.approx(2 / 3) and pair.overlap.recall == pytest.approx(
        2 / 3
    )
    kinds = sorted(d.kind for d in pair.disagreements)
    assert kinds == ["boundary", "missing", "missing"]


def test_kappa_matches_a_hand_computed_table() -> None:
    """Kappa of the 2x2 table [[20, 5], [10, 15]] is (0.7 - 0.5) / 0.5 = 0.4."""
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    estimate = kappa(("n", "y"), pairs)
    assert estimate is not None and estimate.value == pytest.approx(0.4)
    assert estimate.low is not None and estimate.high is not None
    assert estimate.low < 0.4 < estimate.high and estimate.method == "asymptotic"


@pytest.mark.filterwarnings("ignore::UserWarning")
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=2, max_size=60))
def test_kappa_agrees_with_scikit_learn(pairs: list[tuple[str, str]]) -> None:
    """Our kappa (statsmodels) equals scikit-learn's cohen_kappa_score on any labelling."""
    from sklearn.metrics import cohen_kappa_score

    labels = tuple(sorted({x for pair in pairs for x in pair}))
    ours = kappa(labels, pairs)
    theirs = float(cohen_kappa_score([p[0] for p in pairs], [p[1] for p in pairs]))
    if ours is None:
        assert len(labels) < 2 or math.isnan(theirs)
    else:
        assert ours.value == pytest.approx(theirs, abs=1e-9)


def test_alpha_matches_the_krippendorff_package_example() -> None:
    """The krippendorff package's documented example (missing values) gives nominal alpha 0.691."""
    nan = None
    rows = [
        [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
        [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
        [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
    ]
    items = [[None if r[i] is None else str(r[i]) for r in rows] for i in range(len(rows[0]))]
    estimate = alpha(("1", "2", "3", "4"), items, bootstrap=0, seed=0)
    assert estimate is not None and round(estimate.value, 3) == 0.691


def test_different_text_is_refused() -> None:
    """Two versions of an article with different bodies cannot be compared: a clear error."""
    a = _small("d", "Hello there.", [])
    b = _small("d", "Hello world.", [])
    with pytest.raises(AgreementError, match="different text"):
        agree({"a": [a], "b": [b]})


def test_an_article_twice_for_one_annotator_is_refused() -> None:
    """Articles are matched by id, so one annotator may not have two versions of one."""
    a = _small("d", "Hello there.", [])
    with pytest.raises(AgreementError, match="appears twice"):
        agree({"a": [a, a], "b": [a]})


def test_attribution_layer_compares_schema_1_1_types() -> None:
    """On 1.1 documents the attribution layer compares the quotes' attribution types."""
    data = seed_dict()
    data["schema_version"] = "1.1"
    for quote in data["quotes"]:
        quote["attribution"] = "speech"
    other = json.loads(json.dumps(data))
    other["quotes"][7]["attribution"] = "belief"
    report = agree({"a": [document(data)], "b": [document(other)]}, layers=["attribution"])
    (pair,) = report.layers["attribution"].pairs
    assert pair.labels == ("belief", "speech")
    assert pair.confusion == ((0, 0), (1, len(data["quotes"]) - 1))
    (label,) = pair.disagreements
    assert (label.a and label.a.label, label.b and label.b.label) == ("speech", "belief")


@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.sampled_from("abcd")), min_size=3, max_size=3),
        min_size=1,
        max_size=30,
    )
)
def test_sparse_alpha_equals_the_krippendorff_package(items: list[list[str | None]]) -> None:
    """The sparse nominal alpha used for many labels and the bootstrap equals the package's."""
    import krippendorff
    import numpy as np

    from newsschema.review.stats import _nominal_alpha

    labels = ("a", "b", "c", "d")
    rows = [[labels.index(v) for v in item if v is not None] for item in items]
    rows = [r for r in rows if len(r) >= 2]
    counts = np.array([[r.count(k) for k in range(4)] for r in rows], dtype=float)
    if len(rows) == 0 or np.count_nonzero(counts.sum(axis=0)) < 2:
        return
    nz = np.nonzero(counts)
    ours = _nominal_alpha(np, nz[0], nz[1], counts[nz], np.ones(len(rows)), 4)
    theirs = krippendorff.alpha(value_counts=counts, level_of_measurement="nominal")
    assert ours is not None and ours == pytest.approx(theirs, abs=1e-9)
