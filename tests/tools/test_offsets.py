"""Offset-unit detection: which unit a tool counted, from its stored span texts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsschema.formats._offsets import choose_unit, from_code_points, to_code_points

_CHARS = st.sampled_from(["a", " ", "é", "e\u0301", "😀", "👩‍💻", "\r\n", "Ж", "中"])


def _spaced(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ")


@st.composite
def texts_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = "".join(draw(st.lists(_CHARS, min_size=1, max_size=30)))
    spans = []
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text) - 1))
        spans.append((start, draw(st.integers(start + 1, len(text)))))
    return text, spans


@given(texts_and_spans(), st.sampled_from(["code-points", "utf-16", "utf-8"]))
def test_detected_unit_recovers_the_spans(
    case: tuple[str, list[tuple[int, int]]], unit: str
) -> None:
    """Spans written in any unit, with their texts, come back as the same code point spans."""
    text, spans = case
    flat = [o for span in spans for o in span]
    converted = from_code_points(text, unit, flat)  # type: ignore[arg-type]
    written = list(zip(converted[::2], converted[1::2], strict=True))
    stored = [text[a:b] for a, b in spans]
    choice = choose_unit(text, written, stored, "code-points")
    # The chosen spans always cover the stored texts; when the text repeats itself another unit
    # may match too, and then the documented default wins.
    # (Compared as brat stores span texts: a line break as a space.)
    assert [_spaced(text[a:b]) for a, b in choice.spans] == [_spaced(t) for t in stored]
    if choice.unit == unit:
        assert choice.spans == spans


def test_unit_is_refused_when_no_text_matches() -> None:
    """No unit that makes the stored texts match: no unit, and the index of the culprit."""
    choice = choose_unit("😀 Hello", [(2, 7)], ["World"], "code-points")
    assert (choice.unit, choice.mismatch) == (None, 0)


def test_a_span_inside_a_surrogate_pair_does_not_fit() -> None:
    """A UTF-16 offset that falls between the halves of a surrogate pair is no boundary."""
    assert to_code_points("😀x", "utf-16", [(1, 3)]) is None
    assert to_code_points("😀x", "utf-16", [(2, 3)]) == [(1, 2)]
