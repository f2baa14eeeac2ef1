"""One-to-one matching of units between two annotators (or two versions) of one document.

Exact matching pairs units that cover the same code points (a quote's fragments: its span
minus its interruptions, :attr:`~newsschema.review.layers.Unit.key`); overlap matching also
pairs units whose spans share at least one code point. Both are one-to-one: exact pairs are
taken first, then the remaining units are paired greedily by largest overlap (ties: closest
boundaries, then document order), which is deterministic and, for the mostly disjoint spans
of annotations, the maximum matching.

The cost stays near-linear and the memory bounded whatever the spans: each unit considers at
most :data:`CANDIDATES` overlapping units that start at or before it (the latest-starting ones,
found through a tree of span ends, so that one long span is found without scanning the units
under it) and at most :data:`CANDIDATES` that start inside it (the earliest). When no unit
overlaps more than that many others on either side — any real annotation, where nesting is a
few levels deep — every overlapping pair is a candidate and the matching is the greedy one over
all pairs; deeper nesting (crafted or broken input) is matched among the nearest candidates.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence

from newsschema.review.layers import Unit

__all__ = ["CANDIDATES", "match_units", "overlap"]

CANDIDATES = 16
"""Most overlapping units one unit is compared with on each side of its start."""


def overlap(a: Unit, b: Unit) -> int:
    """Return how many code points two units share (0 when disjoint)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


class _Ends:
    """A max-tree over span ends, in start order: which spans still cover a point."""

    def __init__(self, ends: Sequence[int]) -> None:
        self.size = 1
        while self.size < len(ends):
            self.size *= 2
        self.tree = [-1] * (2 * self.size)
        self.tree[self.size : self.size + len(ends)] = ends
        for node in range(self.size - 1, 0, -1):
            self.tree[node] = max(self.tree[2 * node], self.tree[2 * node + 1])

    def covering(self, before: int, point: int, limit: int) -> list[int]:
        """Up to ``limit`` positions below ``before`` whose end is past ``point``, last first."""
        found: list[int] = []
        stack = [(1, 0, self.size)]
        while stack and len(found) < limit:
            node, low, high = stack.pop()
            if low >= before or self.tree[node] <= point:
                continue
            if high - low == 1:
                found.append(low)
                continue
            middle = (low + high) // 2
            # The left half is pushed first so that the right half (later starts) comes first.
            stack.append((2 * node, low, middle))
            stack.append((2 * node + 1, middle, high))
        return found


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
    waiting: dict[tuple[tuple[tuple[int, int], ...], str | None], list[int]] = defaultdict(list)
    for j in reversed(range(len(b))):
        u = b[j]
        waiting[(u.key, u.label if same_label else None)].append(j)
    pairs: list[tuple[int, int]] = []
    free_a: list[int] = []
    for i, unit in enumerate(a):
        stack = waiting.get((unit.key, unit.label if same_label else None))
        if stack:
            pairs.append((i, stack.pop()))
        else:
            free_a.append(i)
    if exact or not free_a:
        return sorted(pairs)
    taken = {j for _, j in pairs}
    # An empty span overlaps nothing, so it is never a candidate.
    free_b = sorted(
        (j for j in range(len(b)) if j not in taken and b[j].end > b[j].start),
        key=lambda j: b[j].start,
    )
    if not free_b:
        return sorted(pairs)
    starts = [b[j].start for j in free_b]
    ends = _Ends([b[j].end for j in free_b])
    candidates: list[tuple[int, int, int, int]] = []
    for i in free_a:
        unit = a[i]
        if unit.end <= unit.start:
            continue
        at = bisect_right(starts, unit.start)
        inside = free_b[at : min(at + CANDIDATES, bisect_left(starts, unit.end))]
        covering = [free_b[p] for p in ends.covering(at, unit.start, CANDIDATES)]
        for j in covering + inside:
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
