"""Rebuilding a document from tool annotations costs near-linear time in the annotations.

Each loop of the stand-off importer that compared every annotation with every other (quote
nesting, the quote holding each insertion, event ids per argument, events per attribute, an
entity's aliases) grew with the square of the input; an 8x input now costs about 8x, and
the sweeps that replaced the pairwise loops give the answers the pairwise loops gave.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema.formats._standoff import (
    Attribute,
    Link,
    Normalization,
    Standoff,
    TextSpan,
    _holders,
    labels_option,
    to_document,
)
from newsschema.loader import Loaded

Growth = Callable[[Callable[[], object], Callable[[], object]], float]
SETTINGS = {"article.language": "en"}
SMALL = 200


def _run(so: Standoff, labels: str) -> Loaded:
    return to_document(so, labels_option({"labels": labels}), SETTINGS)


def nested_quotes(n: int) -> tuple[Standoff, str]:
    """n quotes, each inside the one before (quote nesting)."""
    so = Standoff(text="x" * (2 * n + 2), name="a1")
    so.spans = [TextSpan(f"T{i}", "Content", ((i, 2 * n + 2 - i),)) for i in range(n)]
    return so, "attribution"


def insertions(n: int) -> tuple[Standoff, str]:
    """n quotes side by side, each holding one insertion (the quote that holds each)."""
    so = Standoff(text="abcd" * n, name="a1")
    for i in range(n):
        so.spans.append(TextSpan(f"Q{i}", "Quote", ((4 * i, 4 * i + 4),)))
        so.spans.append(TextSpan(f"I{i}", "Insertion", ((4 * i + 1, 4 * i + 3),)))
    return so, "newsschema"


def events(n: int) -> tuple[Standoff, str]:
    """n attribution events of three arguments, each with an attribute (event-id lookups)."""
    so = Standoff(text="abc " * n, name="a1")
    for i in range(n):
        labels = ("Source", "Cue", "Content")
        so.spans += [
            TextSpan(f"T{3 * i + k}", labels[k], ((4 * i + k, 4 * i + k + 1),)) for k in range(3)
        ]
        args = (("Source", f"T{3 * i}"), ("Cue", f"T{3 * i + 1}"), ("Content", f"T{3 * i + 2}"))
        so.events.append(Link(f"E{i}", "Attribution", args))
        so.attributes.append(Attribute(f"A{i}", f"E{i}", "Type", "Speech"))
    return so, "attribution"


def aliases(n: int) -> tuple[Standoff, str]:
    """n mentions of one person under n different names (the entity's aliases)."""
    words = [f"w{i:05d}" for i in range(n)]
    so = Standoff(text=" ".join(words), name="a1")
    for i in range(n):
        so.spans.append(TextSpan(f"T{i}", "Person", ((7 * i, 7 * i + 6),)))
        so.norms.append(Normalization(f"N{i}", f"T{i}", "Wikidata:Q42"))
    return so, "attribution"


# The pairwise loops over events and aliases ran at C speed per pair: they need more
# annotations before the square dominates the ratio.
SIZES = {"events": 400, "aliases": 1000}
BUILDERS = {
    "nesting": nested_quotes,
    "insertions": insertions,
    "events": events,
    "aliases": aliases,
}


def test_each_builder_makes_a_document_that_uses_the_loop_it_measures() -> None:
    """The measured inputs build documents (the loops run on real data, not on a refusal)."""
    done = {name: _run(*build(SMALL)) for name, build in BUILDERS.items()}
    assert all(one.document is not None for one in done.values()), done
    nested = done["nesting"].document
    assert nested is not None and nested.quotes[-1].within == nested.quotes[-2].id
    held = done["insertions"].document
    assert held is not None and all(len(q.insertions) == 1 for q in held.quotes)
    events_doc = done["events"].document
    assert events_doc is not None and {q.attribution for q in events_doc.quotes} == {"speech"}
    person = done["aliases"].document
    assert person is not None and len(person.entities) == 1
    assert len(person.entities[0].aliases) == SMALL - 1


def test_rebuilding_grows_linearly_in_each_kind_of_annotation(cpu_growth: Growth) -> None:
    """8x the quotes, insertions, events or merged mentions: well under 64x the CPU time."""
    for name, build in BUILDERS.items():
        n = SIZES.get(name, SMALL)
        small, large = build(n), build(8 * n)
        ratio = cpu_growth(partial(_run, *small), partial(_run, *large))
        assert ratio < 24, (name, ratio)


def _pairwise(
    holders: list[tuple[int, int, tuple[int, ...]]], queries: list[tuple[int, int]], strict: bool
) -> list[tuple[int, ...] | None]:
    """The least key of the holders containing each query, by comparing every pair."""
    out: list[tuple[int, ...] | None] = []
    for qs, qe in queries:
        keys = [
            key
            for start, end, key in holders
            if start <= qs and qe <= end and not (strict and (start, end) == (qs, qe))
        ]
        out.append(min(keys) if keys else None)
    return out


_SPANS = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 12)).map(lambda p: (min(p), max(p))),
    max_size=12,
)


@settings(settings.get_profile("cheap"))
@given(holders=_SPANS, queries=_SPANS, strict=st.booleans())
def test_the_holder_sweep_gives_the_pairwise_answer(
    holders: list[tuple[int, int]], queries: list[tuple[int, int]], strict: bool
) -> None:
    """Nested, crossing, equal and empty spans: the sweep finds what all pairs would."""
    keyed: list[tuple[int, int, tuple[int, ...]]] = [
        (start, end, (end - start, i)) for i, (start, end) in enumerate(holders)
    ]
    if strict:
        queries = holders  # quote nesting: the quotes are asked about themselves
    expected: Any = _pairwise(keyed, queries, strict)
    assert _holders(keyed, queries, strict=strict) == expected
