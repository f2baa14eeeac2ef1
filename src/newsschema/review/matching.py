"""One-to-one matching of units between two annotators (or two versions) of one document.

Exact matching pairs units with the same span; overlap matching also pairs units whose spans
share at least one code point. Both are one-to-one: exact pairs are taken first, then the
remaining units are paired greedily by largest overlap (ties: closest boundaries, then document
order), which is deterministic and, for the mostly disjoint spans of annotations, the maximum
matching. Candidates are found with a sorted sweep, so matching n units costs O(n log n) plus
the overlapping pairs, not O(n²).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence

from newsschema.review.layers import Unit

__all__ = ["match_units", "overlap"]


def overlap(a: Unit, b: Unit) -> int:
    """Return how many code points two units share (0 when disjoint)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_units(
    a: Sequence[Unit], b: Sequence[Unit], *, exact: bool, same_label: bool
) -> list[tuple[int, int]]:
    """Pair units of ``a`` with units of ``b`` one to one.

    Args:
        a: One annotator's units.
        b: The other's.
        exact: Pair only identical spans; otherwise overlapping spans also pair.
        same_label: Pair only units with equal labels.

    Returns:
        ``(i, j)`` index pairs, sorted by ``i``.
    """
    waiting: dict[tuple[int, int, str | None], list[int]] = defaultdict(list)
    for j in reversed(range(len(b))):
        u = b[j]
        waiting[(u.start, u.end, u.label if same_label else None)].append(j)
    pairs: list[tuple[int, int]] = []
    free_a: list[int] = []
    for i, unit in enumerate(a):
        stack = waiting.get((unit.start, unit.end, unit.label if same_label else None))
        if stack:
            pairs.append((i, stack.pop()))
        else:
            free_a.append(i)
    if exact or not free_a:
        return sorted(pairs)
    taken = {j for _, j in pairs}
    free_b = sorted((j for j in range(len(b)) if j not in taken), key=lambda j: b[j].start)
    if not free_b:
        return sorted(pairs)
    starts = [b[j].start for j in free_b]
    longest = max(b[j].end - b[j].start for j in free_b)
    candidates: list[tuple[int, int, int, int]] = []
    for i in free_a:
        unit = a[i]
        # b units that can overlap start before unit.end and no earlier than unit.start - longest.
        first = bisect_left(starts, unit.start - longest)
        last = bisect_left(starts, unit.end)
        for j in free_b[first:last]:
            other = b[j]
            shared = overlap(unit, other)
            if shared and (not same_label or unit.label == other.label):
                distance = abs(unit.start - other.start) + abs(unit.end - other.end)
                candidates.append((-shared, distance, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return sorted(pairs)
