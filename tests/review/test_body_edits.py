"""``diff`` reports body edits that, applied to the old body, give exactly the new one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema.review.diff import _body_edits

_TEXT = st.lists(
    st.sampled_from(["the", "talks", "said", "Ivan", "word1", "word2", " ", ", ", ".", "\n", "é"]),
    max_size=60,
).map("".join)


def _apply(old: str, new: str, edits: list[tuple[int, int, int, int]]) -> str:
    """Rebuild the new body from the old one, the edits and the new text they name."""
    out, at = [], 0
    for i1, i2, j1, j2 in edits:
        assert at <= i1 <= i2  # in order, not overlapping
        out.append(old[at:i1])
        out.append(new[j1:j2])
        at = i2
    out.append(old[at:])
    return "".join(out)


@settings(settings.get_profile("cheap"))
@given(_TEXT, _TEXT)
def test_edits_turn_the_old_body_into_the_new_one(old: str, new: str) -> None:
    """Replacing each edited range of the old body with the new text gives the new body."""
    edits = _body_edits(old, new)
    assert _apply(old, new, edits) == new
    assert (edits == []) == (old == new)


def test_one_changed_word_in_a_long_body_is_one_small_edit() -> None:
    """A single word changed in a long repetitive body is reported as that word only."""
    words = [f"word{n % 97} the" for n in range(3000)]
    old = " ".join(words)
    changed = list(words)
    changed[1500] = "WORD the"
    new = " ".join(changed)
    (edit,) = _body_edits(old, new)
    i1, i2, j1, j2 = edit
    assert (old[i1:i2], new[j1:j2]) in {("word45", "WORD"), ("word", "WORD")}
