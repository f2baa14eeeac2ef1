"""Anchoring quote texts in a body: offsets in any unit, exact, normalised, fuzzy."""

from collections.abc import Callable

import pytest

from newsschema.formats import anchoring
from newsschema.formats.anchoring import Anchorer, AnchorPolicy, normalise, parse_policy

BODY = (
    "👍 Lavrov said: “We will not attack anyone.” He added that the talks were useful. "
    "Later — “We will not attack anyone,” he repeated. 🇺🇦 The minister smiled."
)
FUZZY = AnchorPolicy("fuzzy", 0.85)


@pytest.fixture(params=["rapidfuzz", "difflib"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with rapidfuzz (when installed) and with the difflib fallback."""
    if request.param == "difflib":
        monkeypatch.setattr(anchoring, "_rapidfuzz", lambda: None)
    elif anchoring.fuzzy_backend() != "rapidfuzz":
        pytest.skip("rapidfuzz is not installed")
    return str(request.param)


def test_exact_text_is_found_where_it_stands() -> None:
    """A text that occurs once is anchored exactly, in code points, after an emoji."""
    found = Anchorer(BODY).find("the talks were useful")
    assert found.method == "exact"
    assert found.span() == (BODY.index("the talks"), BODY.index("the talks") + 21)


def test_utf16_offsets_are_recognised_and_named() -> None:
    """UTF-16 offsets (the emoji counts two) point at the text and the unit is named."""
    start = BODY.index("Lavrov")
    found = Anchorer(BODY).find("Lavrov", start=start + 1, end=start + 7)
    assert found.span() == (start, start + 6)
    assert found.unit == "utf-16"
    assert "UTF-16 code units" in (found.offsets_note() or "")


def test_utf8_byte_offsets_are_recognised_and_named() -> None:
    """UTF-8 byte offsets are converted to code points and the unit is named."""
    start = BODY.index("Later")
    byte = len(BODY[:start].encode("utf-8"))
    found = Anchorer(BODY).find("Later", start=byte, end=byte + 5)
    assert found.span() == (start, start + 5)
    assert found.unit == "utf-8"
    assert "UTF-8 bytes" in (found.offsets_note() or "")


def test_code_point_offsets_raise_no_note() -> None:
    """Right offsets in code points are verified silently."""
    start = BODY.index("Later")
    found = Anchorer(BODY).find("Later", start=start, end=start + 5)
    assert (found.unit, found.offsets_note()) == ("code-points", None)


def test_offsets_pointing_elsewhere_are_reanchored_with_the_shift() -> None:
    """Offsets that point at other text are replaced by the text's place; the shift is said."""
    start = BODY.index("The minister")
    found = Anchorer(BODY).find("The minister", start=start - 10, end=start + 2)
    assert found.span() == (start, start + 12)
    assert found.shift is not None and found.shift != 0
    assert "re-anchored" in (found.offsets_note() or "")


def test_repeated_text_is_resolved_by_offsets() -> None:
    """Of two occurrences, the one the given start points at is taken."""
    second = BODY.index("We will not attack anyone,")
    found = Anchorer(BODY).find("We will not attack anyone", start=second, end=second + 25)
    assert found.span() == (second, second + 25)


def test_repeated_text_is_resolved_by_context_then_by_order() -> None:
    """Without offsets, a suffix picks the occurrence; without context, the first free one."""
    anchorer = Anchorer(BODY)
    first = BODY.index("We will not attack anyone")
    second = BODY.index("We will not attack anyone", first + 1)
    text = "We will not attack anyone"
    assert anchorer.find(text).span()[0] == first
    assert anchorer.find(text).occurrences == 2
    assert anchorer.find(text, suffix=",” he repeated").span()[0] == second
    assert anchorer.find(text, avoid=frozenset({(first, first + 25)})).span()[0] == second
    assert anchorer.find(text, after=first + 1).span()[0] == second


def test_straight_marks_find_curly_ones_only_when_normalising() -> None:
    """Straight quotation marks and a hyphen match curly marks and a dash after normalising."""
    text = '"We will not attack anyone." He added'
    exact = Anchorer(BODY).find(text, AnchorPolicy("exact"))
    normalised = Anchorer(BODY).find(text)
    assert not exact.found
    assert normalised.method == "normalised"
    assert BODY[normalised.span()[0] : normalised.span()[1]].startswith("We will not attack")


def test_case_and_white_space_are_normalised() -> None:
    """Case and runs of white space differ, the text is still found after normalising."""
    found = Anchorer(BODY).find("THE  talks\nwere useful")
    assert found.method == "normalised"
    assert BODY[found.span()[0] : found.span()[1]] == "the talks were useful"


def test_paraphrase_is_found_only_fuzzily(backend: str) -> None:
    """A reworded quote is found with fuzzy anchoring above the threshold, never exactly."""
    text = "the talks were very useful"
    assert not Anchorer(BODY).find(text).found
    found = Anchorer(BODY).find(text, FUZZY)
    assert found.method == "fuzzy"
    assert BODY[found.span()[0] : found.span()[1]] == "the talks were useful"
    assert 0.85 <= found.similarity < 1


def test_missed_quote_reports_the_closest_passage(backend: str) -> None:
    """A text not found gives the closest passage and its similarity, below the threshold."""
    found = Anchorer(BODY).find("the minister frowned", FUZZY)
    assert not found.found
    assert found.closest is not None
    assert "minister" in BODY[found.closest[0] : found.closest[1]]
    assert 0 < found.similarity < 0.85


def test_invented_quote_has_no_closest_passage() -> None:
    """A text sharing no word with the body is not found and has no closest passage."""
    found = Anchorer(BODY).find("Quantum entanglement", FUZZY)
    assert (found.found, found.closest, found.similarity) == (False, None, 0.0)


def test_normalise_drops_marks_around_and_folds_variants() -> None:
    """normalise makes marks, dashes, space and case alike and drops marks around the text."""
    assert normalise("  “We’ll  win — SOON”  ") == "we'll win - soon"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("exact", AnchorPolicy("exact")),
        ("normalized", AnchorPolicy("normalised")),
        ("fuzzy", AnchorPolicy("fuzzy", 0.9)),
        ("fuzzy:0.75", AnchorPolicy("fuzzy", 0.75)),
    ],
)
def test_policy_values_parse(value: str, expected: AnchorPolicy) -> None:
    """--anchor values parse to their policy."""
    assert parse_policy(value) == expected


@pytest.mark.parametrize("value", ["loose", "exact:0.5", "fuzzy:2", "fuzzy:x", "fuzzy:0"])
def test_bad_policy_values_are_refused(value: str) -> None:
    """--anchor values outside the contract raise ValueError naming the option."""
    with pytest.raises(ValueError, match="--anchor"):
        parse_policy(value)


def _corpus(articles: int) -> list[tuple[str, list[str]]]:
    out = []
    for n in range(articles):
        sentences = [
            f"Speaker {n} number {i} said the plan {i * 7 + n} will work." for i in range(30)
        ]
        out.append((" ".join(sentences), [sentences[i][:-1] for i in range(0, 30, 3)]))
    return out


def _anchor_all(corpus: list[tuple[str, list[str]]], policy: AnchorPolicy) -> Callable[[], int]:
    def run() -> int:
        found = 0
        for body, texts in corpus:
            anchorer = Anchorer(body)
            for text in texts:
                found += anchorer.find(text.upper(), policy).found
        return found

    return run


def test_anchoring_time_grows_linearly_with_articles(
    cpu_growth: Callable[[Callable[[], object], Callable[[], object]], float],
) -> None:
    """Normalised anchoring of 8x the articles costs about 8x, not 64x (no cross-article work)."""
    small, large = _corpus(4), _corpus(32)
    assert _anchor_all(small, AnchorPolicy())() == 40
    ratio = cpu_growth(_anchor_all(small, AnchorPolicy()), _anchor_all(large, AnchorPolicy()))
    assert ratio < 20


def test_fuzzy_search_cost_does_not_grow_with_body_length(
    cpu_growth: Callable[[Callable[[], object], Callable[[], object]], float],
) -> None:
    """One fuzzy search in an 8x longer body costs far less than 8x the comparisons' work."""
    short = " ".join(f"word{i} filler text number {i}." for i in range(200))
    long = " ".join(f"word{i} filler text number {i}." for i in range(1600))
    text = "word150 filler text numbr 150 and word151 filler"

    def search(body: str) -> Callable[[], object]:
        anchorer = Anchorer(body)
        anchorer.find("warm-up")  # the indexes are built once per body, outside the timing
        return lambda: anchorer.find(text, FUZZY)

    assert search(short)().found  # type: ignore[attr-defined]
    assert cpu_growth(search(short), search(long)) < 4
