"""The bounded matcher pairs units exactly as the greedy matching over every pair does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema.review.layers import Unit
from newsschema.review.matching import CANDIDATES, match_units


def reference(
    a: list[Unit], b: list[Unit], *, exact: bool, same_label: bool
) -> list[tuple[int, int]]:
    """The matching by definition: identical spans first, then every overlapping pair, greedily."""
    pairs: list[tuple[int, int]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            same = (x.start, x.end) == (y.start, y.end) and (not same_label or x.label == y.label)
            if same and j not in used_b:
                pairs.append((i, j))
                used_a.add(i)
                used_b.add(j)
                break
    if exact:
        return sorted(pairs)
    candidates = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            shared = min(x.end, y.end) - max(x.start, y.start)
            if i in used_a or j in used_b or shared <= 0:
                continue
            if same_label and x.label != y.label:
                continue
            distance = abs(x.start - y.start) + abs(x.end - y.end)
            candidates.append((-shared, distance, i, j))
    for _, _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return sorted(pairs)


@st.composite
def units(draw: st.DrawFn) -> list[Unit]:
    """Up to CANDIDATES spans (empty, nested, overlapping, long) over 60 code points."""
    found = []
    for n in range(draw(st.integers(0, CANDIDATES))):
        start = draw(st.integers(0, 60))
        end = draw(st.integers(start, 60))
        found.append(Unit(start, end, draw(st.sampled_from(["x", "y", None])), f"u{n}"))
    return found


@settings(settings.get_profile("cheap"))
@given(units(), units(), st.booleans(), st.booleans())
def test_matching_equals_the_greedy_matching_over_every_pair(
    a: list[Unit], b: list[Unit], exact: bool, same_label: bool
) -> None:
    """On inputs no deeper than the candidate bound, the result is the all-pairs greedy one."""
    assert match_units(a, b, exact=exact, same_label=same_label) == reference(
        a, b, exact=exact, same_label=same_label
    )


def test_deep_nesting_is_matched_among_the_nearest_candidates() -> None:
    """Beyond the bound, every unit of two equal nestings shifted by one is still paired."""
    depth = 4 * CANDIDATES
    a = [Unit(n, 1000 - n, None, f"a{n}") for n in range(depth)]
    b = [Unit(n + 1, 1000 - n, None, f"b{n}") for n in range(depth)]
    pairs = match_units(a, b, exact=False, same_label=False)
    assert len(pairs) == depth
    assert len({j for _, j in pairs}) == depth
