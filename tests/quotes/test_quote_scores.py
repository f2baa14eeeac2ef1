"""Quote scores equal values computed by hand with Citron's and the GGT's definitions."""

from __future__ import annotations

from typing import Any

import pytest

from newsschema.models import Document, Span
from newsschema.review.quote_scores import Scores, score_quotes

BODY = "Ann said we will win . Bob said they lose now . Cy noted rain"
# Tokens: 0 Ann 1 said 2 we 3 will 4 win 5 . 6 Bob 7 said 8 they 9 lose 10 now 11 . 12 Cy
# 13 noted 14 rain.


def _span(body: str, text: str, occurrence: int = 1) -> dict[str, int]:
    found = Span.of(body, text, occurrence)
    return {"start": found.start, "end": found.end}


def _document(
    body: str, quotes: list[tuple[str, tuple[str, int] | None, str | None]], article: str = "a1"
) -> Document:
    """A document whose quotes are (content, (cue, occurrence) or None, speaker name or None)."""
    names = sorted({speaker for _, _, speaker in quotes if speaker})
    entities = [
        {"id": f"e_{name}", "kind": "person", "name": name, "mentions": [_span(body, name)]}
        for name in names
    ]
    items: list[dict[str, Any]] = []
    for i, (content, cue, speaker) in enumerate(quotes):
        item: dict[str, Any] = {
            "id": f"q{i}",
            "kind": "indirect",
            "text": content,
            "span": _span(body, content),
        }
        if cue is not None:
            item["cue"] = _span(body, *cue)
        if speaker is not None:
            item["speaker"] = f"e_{speaker}"
        items.append(item)
    return Document.model_validate(
        {
            "schema_version": "1.1",
            "article": {"id": article, "body": body, "language": "en"},
            "entities": entities,
            "quotes": items,
        }
    )


GOLD = _document(
    BODY,
    [("we will win", ("said", 1), "Ann"), ("they lose now", ("said", 2), "Bob")],
)
SYSTEM = _document(
    BODY,
    [
        ("we will win", ("said", 1), "Ann"),
        ("they lose", ("said", 2), "Bob"),
        ("rain", ("noted", 1), "Cy"),
    ],
)


def _close(scores: Scores, precision: float, recall: float, f1: float) -> None:
    assert scores.precision == pytest.approx(precision)
    assert scores.recall == pytest.approx(recall)
    assert scores.f1 == pytest.approx(f1)


@pytest.mark.parametrize(
    ("mode", "precision", "recall", "f1"),
    [
        # S1 matches G1 in every role; S2 matches G2's cue and source, not its content; S3 is
        # spurious.
        ("exact.cue", 2 / 3, 1.0, 0.8),
        ("exact.source", 2 / 3, 1.0, 0.8),
        ("exact.content", 1 / 3, 1 / 2, 0.4),
        ("exact.quote", 1 / 3, 1 / 2, 0.4),
        # Tokens shared over all pairs / system tokens / gold tokens.
        ("overlap.cue", 2 / 3, 1.0, 0.8),
        ("overlap.source", 2 / 3, 1.0, 0.8),
        ("overlap.content", 5 / 6, 5 / 6, 5 / 6),
        ("overlap.quote", 9 / 12, 9 / 10, 2 * 0.75 * 0.9 / 1.65),
        # GGT: G2 "they lose now" (13 characters) is 9/13 = 0.69 covered by S2.
        ("match@0.3", 2 / 3, 1.0, 0.8),
        ("match@0.8", 1 / 3, 1 / 2, 0.4),
    ],
)
def test_every_mode_equals_the_hand_computed_value(
    mode: str, precision: float, recall: float, f1: float
) -> None:
    """Each mode's precision, recall and F1 on a three-quote case equal the hand computation."""
    _close(score_quotes([GOLD], [SYSTEM]).modes[mode], precision, recall, f1)


def test_citron_swapped_order_reproduces_its_printed_whole_quote_overlap() -> None:
    """citron_swapped=True swaps whole-quote overlap precision and recall, as Citron prints."""
    scores = score_quotes([GOLD], [SYSTEM], citron_swapped=True)
    _close(scores.modes["overlap.quote"], 0.9, 0.75, 2 * 0.75 * 0.9 / 1.65)
    _close(scores.modes["overlap.content"], 5 / 6, 5 / 6, 5 / 6)


def test_speaker_accuracy_counts_matched_quotes_with_agreeing_speakers() -> None:
    """GGT speaker accuracy: 1/2 when one matched quote has the wrong speaker, one is floating."""
    body = "X said aaa bbb ccc ddd eee . Y said fff ggg ."
    gold = _document(body, [("aaa bbb ccc ddd", None, "X"), ("fff ggg", None, None)])
    # Both system quotes cover 7/15 of G1; the first (in text order) is taken, with speaker Y.
    system = _document(
        body, [("aaa bbb", None, "Y"), ("ccc ddd eee", None, "X"), ("fff ggg", None, None)]
    )
    scores = score_quotes([gold], [system], thresholds=(0.3,))
    _close(scores.modes["match@0.3"], 2 / 3, 1.0, 0.8)
    assert scores.speaker_accuracy[0.3] == pytest.approx(1 / 2)


def test_match_threshold_is_strict() -> None:
    """A share equal to the threshold does not match (GGT compares with >)."""
    body = "aa bb cc dd ."
    gold = _document(body, [("aa bb cc dd", None, None)])
    system = _document(body, [("aa bb", None, None)])  # 5 of 11 characters
    assert (
        score_quotes([gold], [system], thresholds=(5 / 11,)).modes[f"match@{5 / 11:g}"].recall == 0
    )
    assert score_quotes([gold], [system], thresholds=(0.45,)).modes["match@0.45"].recall == 1


def test_sweep_rows_fall_as_the_threshold_rises() -> None:
    """The sweep has one row per threshold; G2 (0.69 covered) drops out from 0.7 on."""
    rows = {round(row["threshold"] or 0, 1): row for row in score_quotes([GOLD], [SYSTEM]).sweep}
    assert sorted(rows) == [i / 10 for i in range(10)]
    assert rows[0.6]["recall"] == 1.0
    assert rows[0.7]["recall"] == 0.5
    assert rows[0.7]["speaker_accuracy"] == 1.0


def test_a_missing_system_document_misses_every_gold_quote() -> None:
    """A gold article the system has no document for counts its quotes as false negatives."""
    scores = score_quotes([GOLD], [])
    _close(scores.modes["exact.quote"], 0.0, 0.0, 0.0)
    _close(scores.modes["match@0.3"], 0.0, 0.0, 0.0)
    assert scores.speaker_accuracy[0.3] is None


def test_perfect_system_scores_one_everywhere() -> None:
    """The gold set scored against itself is 1.0 in every mode."""
    scores = score_quotes([GOLD], [GOLD])
    for value in scores.modes.values():
        _close(value, 1.0, 1.0, 1.0)


def test_json_has_the_agree_gold_shape() -> None:
    """to_json gives {precision, recall, f1} per mode, speaker accuracy by threshold, the sweep."""
    data = score_quotes([GOLD], [SYSTEM]).to_json()
    assert set(data["modes"]["exact.quote"]) == {"precision", "recall", "f1"}
    assert data["speaker_accuracy"] == {"0.3": 1.0, "0.8": 1.0}
    assert data["documents"] == 1
    assert len(data["sweep"]) == 10


def _broken(interrupted: bool) -> Document:
    body = "we met , Lav said , and agreed ."
    # Tokens: 0 we 1 met 2 , 3 Lav 4 said 5 , 6 and 7 agreed 8 .
    quote: dict[str, Any] = {
        "id": "q1",
        "kind": "indirect",
        "text": "we met , Lav said , and agreed",
        "span": {"start": 0, "end": 30},
        "cue": _span(body, "said"),
        "speaker": "e1",
    }
    if interrupted:
        quote["interruptions"] = [{"start": 6, "end": 20}]
    return Document.model_validate(
        {
            "schema_version": "1.1",
            "article": {"id": "a1", "body": body, "language": "en"},
            "entities": [
                {"id": "e1", "kind": "person", "name": "Lav", "mentions": [_span(body, "Lav")]}
            ],
            "quotes": [quote],
        }
    )


def test_interruptions_split_the_content_into_fragments() -> None:
    """Gold content "we met" + "and agreed" (4 tokens) against the whole span (8 tokens)."""
    scores = score_quotes([_broken(True)], [_broken(False)])
    _close(scores.modes["exact.content"], 0.0, 0.0, 0.0)
    _close(scores.modes["exact.cue"], 1.0, 1.0, 1.0)
    _close(scores.modes["overlap.content"], 4 / 8, 4 / 4, 2 * 0.5 / 1.5)
    # GGT compares whole spans: the same span matches.
    _close(scores.modes["match@0.8"], 1.0, 1.0, 1.0)


def test_a_system_cue_starting_where_the_gold_cue_ends_counts_as_overlapping() -> None:
    """Citron's cue test (start1 <= end2 and end1 > start2) accepts a system cue just after."""
    body = "Ann said told we win ."
    # Tokens: 0 Ann 1 said 2 told 3 we 4 win 5 .
    gold = _document(body, [("we win", ("said", 1), "Ann")])
    after = _document(body, [("we win", ("told", 1), "Ann")])
    before = _document(body, [("we win", ("Ann", 1), "Ann")])
    _close(score_quotes([gold], [after]).modes["exact.content"], 1.0, 1.0, 1.0)
    _close(score_quotes([gold], [before]).modes["exact.content"], 0.0, 0.0, 0.0)
