"""NS106 follows the regex module's extended grapheme clusters (\\X), including GB9b and GB9c."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema.rules._graphemes import MAY_PREPEND, splits_cluster

from .test_text import document, findings, person

CONJUNCT = "क्षत्रिय"  # Devanagari: क्ष and त्रि are conjuncts (consonant + virama + consonant)


def _boundaries(text: str) -> set[int]:
    """Cluster boundaries by the regex module's \\X: the reference."""
    return {0, *(m.end() for m in regex.finditer(r"\X", text))}


def test_devanagari_conjuncts_are_one_cluster_each() -> None:
    """Inside क्ष and त्रि (GB9c) is inside a cluster, as regex's \\X says; between them is not."""
    inside = {i for i in range(len(CONJUNCT) + 1) if splits_cluster(CONJUNCT, i)}
    assert inside == set(range(len(CONJUNCT) + 1)) - _boundaries(CONJUNCT)
    assert splits_cluster(CONJUNCT, 2)  # क्|ष: after the virama, before the next consonant
    assert not splits_cluster(CONJUNCT, 3)  # क्ष|त्रि


def test_a_prepended_concatenation_mark_joins_the_next_character() -> None:
    """U+0600 (Prepend, GB9b) joins the digit after it: a span starting between them splits."""
    text = "Total \u0600123 paid"
    assert splits_cluster(text, text.index("\u0600") + 1)
    assert not splits_cluster(text, text.index("\u0600"))


def test_ns106_reports_a_span_starting_after_a_prepend_mark() -> None:
    """A mention starting after U+0600 (an ASCII digit follows) is an NS106 warning."""
    body = "The sum \u0600123 was paid by Ann."
    start = body.index("123")
    found = findings(document(body, entities=[person("123", start, start + 3)]))
    assert [f.code for f in found.get("NS106", [])] == ["NS106"]


def test_ns106_reports_a_span_splitting_a_conjunct() -> None:
    """A mention ending after the virama of क्ष is an NS106 warning naming the consonant."""
    body = f"The {CONJUNCT} clan."
    start = body.index(CONJUNCT)
    found = findings(document(body, entities=[person(body[start : start + 2], start, start + 2)]))
    [split] = found["NS106"]
    assert "U+0937" in split.message


_PIECES = st.sampled_from(
    [
        "a",
        " ",
        "\r",
        "\n",
        "e\u0301",
        "\u0600",
        "1",
        "क",
        "्",
        "ष",
        "ि",
        "👩",
        "\u200d",
        "🏽",
        "🇺",
        "🇦",
        "\u1100",
        "\u1161",
        "\u11a8",
        "\ufe0f",
        "\u0915\u094d",
    ]
)


@settings(settings.get_profile("cheap"))
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_splits_cluster_agrees_with_regex_everywhere(text: str) -> None:
    """Texts mixing marks, conjuncts, prepends, emoji and flags: every offset agrees with \\X."""
    boundaries = _boundaries(text) | {len(text)}
    for offset in range(len(text) + 1):
        assert splits_cluster(text, offset) == (offset not in boundaries), offset


def test_every_prepended_mark_lies_in_the_blocks_looked_at_first() -> None:
    """Each GB9b mark regex knows is in MAY_PREPEND, so text without one needs no regex."""
    prepend = regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}")
    marks = [chr(c) for c in range(0x110000) if prepend.match(chr(c))]
    assert marks  # the property exists in this regex's Unicode tables
    assert [ch for ch in marks if not MAY_PREPEND.match(ch)] == []
