"""Annotation layers: what an agreement study compares, as spans with optional labels.

Each layer turns a document into *units*: a span of the body and, for label layers, the label an
annotator gave it. Span layers (``entity_mentions``, ``quote_spans``, ``cue``, ``events``) ask
whether annotators marked the same text; label layers ask, on those spans, whether they said the
same thing about it (kind, speaker, realis...).

Entity and event ids are local to one annotator's file, so labels that point at entities use the
entity's name (case-folded), not its id: two annotators who both attribute a quote to "Sergey
Lavrov" agree even if one called the entity ``e_lavrov`` and the other ``lavrov``. Speakers
whose mentions overlap across annotators are the same speaker too, whatever their names
("Flynn, a top Trump surrogate," and "Flynn"): :func:`shared_names` gives them one name, and
the ``source_spans`` layer reports how their boundaries differ.

A quote's span minus its interruptions is what it covers (:attr:`Unit.key`): exact agreement
compares those fragments, so a discontinuous quote never equals a continuous one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from newsschema.models import AnyQuote, Document, Event, Mention

__all__ = ["LAYERS", "NONE", "Layer", "Unit", "covered", "shared_names", "source_mention"]

Names = Mapping[str, str]
"""Entity id -> the name labels use for it (see :func:`shared_names`)."""

NONE = "(none)"
"""The label of a unit whose attribute is not set (an unattributed quote, an undated event)."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One annotated span in one document.

    Attributes:
        start: First code point.
        end: One past the last code point.
        label: What the annotator said about it (None in span layers).
        ref: Id of the annotation it comes from (entity, event or quote).
        fragments: The code points it covers when that is not ``[start, end)`` (a quote with
            interruptions); empty otherwise.
    """

    start: int
    end: int
    label: str | None
    ref: str
    fragments: tuple[tuple[int, int], ...] = ()

    @property
    def key(self) -> tuple[tuple[int, int], ...]:
        """What the unit covers, as exact agreement compares it."""
        return self.fragments or ((self.start, self.end),)


@dataclass(frozen=True, slots=True)
class Layer:
    """One thing annotators can agree on.

    Attributes:
        name: Stable name, used as the key in reports.
        description: One line for reports.
        units: Extracts the units from a document, given the names entities go by.
        labelled: True when units carry labels (label agreement is computed).
        spans: Which spans the units are (layers with the same spans, in the same order, share
            their span matching).
        tokens: True for the ``tokens`` layer, computed per token (:mod:`.tokens`), not from
            units.
    """

    name: str
    description: str
    units: Callable[[Document, Names], list[Unit]]
    labelled: bool
    spans: str
    tokens: bool = False


def _plain(document: Document, entity_id: str) -> str:
    entity = document.get_entity(entity_id)
    return entity_id if entity is None else " ".join(entity.name.casefold().split())


def _name(document: Document, entity_id: str | None, names: Names) -> str:
    if entity_id is None:
        return NONE
    return names.get(entity_id) or _plain(document, entity_id)


def source_mention(document: Document, quote: AnyQuote) -> Mention | None:
    """Return the mention of a quote's speaker that is its source: the one nearest the quote."""
    entity = document.get_entity(quote.speaker)
    if entity is None or not entity.mentions:
        return None
    start, end = quote.span.start, quote.span.end
    return min(
        entity.mentions,
        key=lambda m: (max(0, m.start - end, start - m.end), m.start),
    )


def shared_names(documents: Sequence[Document | None]) -> list[dict[str, str]]:
    """Name speakers alike across annotators when their source mentions overlap.

    Args:
        documents: Each annotator's version of one article (None: not annotated).

    Returns:
        Per annotator, speaker entity id -> the name every annotator's overlapping speaker
        goes by (the most common case-folded name among them; ties: the shortest, then the
        first in order). Entities not linked to another annotator's keep their own name.
    """
    nodes: list[tuple[int, str]] = []
    marks: list[tuple[int, int, int]] = []  # (start, end, node)
    for k, document in enumerate(documents):
        if document is None:
            continue
        for quote in document.quotes:
            mention = source_mention(document, quote)
            if mention is None or mention.end <= mention.start:
                continue
            node = len(nodes)
            nodes.append((k, str(quote.speaker)))
            marks.append((mention.start, mention.end, node))
    parent = list(range(len(nodes)))

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    same: dict[tuple[int, str], int] = {}
    for node, key in enumerate(nodes):
        parent[find(node)] = find(same.setdefault(key, node))
    # Sweep in start order; the open marks are few (sources rarely nest), so this is linear.
    marks.sort()
    open_marks: list[tuple[int, int, int]] = []
    for start, end, node in marks:
        open_marks = [m for m in open_marks if m[1] > start]
        for _, _, other in open_marks:
            if nodes[other][0] != nodes[node][0]:
                parent[find(node)] = find(other)
        open_marks.append((start, end, node))
    groups: dict[int, list[str]] = {}
    for node, (k, entity_id) in enumerate(nodes):
        document = documents[k]
        assert document is not None
        groups.setdefault(find(node), []).append(_plain(document, entity_id))
    chosen: dict[int, str] = {}
    for root, found in groups.items():
        counts: dict[str, int] = {}
        for name in found:
            counts[name] = counts.get(name, 0) + 1
        chosen[root] = min(counts, key=lambda name: (-counts[name], len(name), name))
    result: list[dict[str, str]] = [{} for _ in documents]
    for node, (k, entity_id) in enumerate(nodes):
        result[k][entity_id] = chosen[find(node)]
    return result


def _mentions(document: Document, label: bool) -> list[Unit]:
    return [
        Unit(m.start, m.end, entity.kind if label else None, entity.id)
        for entity in document.entities
        for m in entity.mentions
    ]


def covered(quote: AnyQuote) -> tuple[tuple[int, int], ...]:
    """The fragments a quote covers: its span minus its interruptions (empty: the whole span)."""
    if not quote.interruptions:
        return ()
    pieces: list[tuple[int, int]] = []
    at = quote.span.start
    for gap in sorted(quote.interruptions, key=lambda g: g.start):
        if gap.start > at:
            pieces.append((at, min(gap.start, quote.span.end)))
        at = max(at, gap.end)
    if at < quote.span.end:
        pieces.append((at, quote.span.end))
    return tuple(pieces)


def _quotes(document: Document, label: Callable[[Document, AnyQuote], str] | None) -> list[Unit]:
    return [
        Unit(
            q.span.start,
            q.span.end,
            None if label is None else label(document, q),
            q.id,
            covered(q),
        )
        for q in document.quotes
    ]


def _sources(document: Document) -> list[Unit]:
    units = []
    for quote in document.quotes:
        mention = source_mention(document, quote)
        if mention is not None:
            units.append(Unit(mention.start, mention.end, None, quote.id))
    return units


def _events(document: Document, label: Callable[[Event], str] | None) -> list[Unit]:
    return [
        Unit(m.start, m.end, None if label is None else label(event), event.id)
        for event in document.events
        for m in event.mentions
    ]


def _attribution(document: Document, quote: AnyQuote) -> str:
    # Schema 1.1 attribution type; a 1.0 document has none on every quote.
    return NONE if quote.attribution is None else quote.attribution


def _forms(document: Document) -> list[Unit]:
    return [
        Unit(m.start, m.end, NONE if m.form is None else m.form, entity.id)
        for entity in document.entities
        for m in entity.mentions
    ]


def _date(event: Event) -> str:
    if event.date is None:
        return NONE
    date = event.date
    return date.start if date.end is None else f"{date.start}/{date.end}"


def _cues(document: Document) -> list[Unit]:
    return [Unit(q.cue.start, q.cue.end, None, q.id) for q in document.quotes if q.cue is not None]


LAYERS: dict[str, Layer] = {
    layer.name: layer
    for layer in (
        Layer(
            "entity_mentions",
            "entity mention spans",
            lambda d, _: _mentions(d, label=False),
            False,
            "mentions",
        ),
        Layer(
            "entity_kind",
            "entity mentions by kind",
            lambda d, _: _mentions(d, label=True),
            True,
            "mentions",
        ),
        Layer(
            "mention_form",
            "form of entity mentions (name, nominal, pronoun...)",
            lambda d, _: _forms(d),
            True,
            "mentions",
        ),
        Layer("quote_spans", "quote spans", lambda d, _: _quotes(d, None), False, "quotes"),
        Layer(
            "quote_kind",
            "quote kind",
            lambda d, _: _quotes(d, lambda _, q: q.kind),
            True,
            "quotes",
        ),
        Layer(
            "attribution",
            "attribution type of quotes",
            lambda d, _: _quotes(d, _attribution),
            True,
            "quotes",
        ),
        Layer(
            "speaker",
            "quote speaker (one name for speakers whose source mentions overlap)",
            lambda d, n: _quotes(d, lambda doc, q: _name(doc, q.speaker, n)),
            True,
            "quotes",
        ),
        Layer(
            "source_spans",
            "source mention of each quote",
            lambda d, _: _sources(d),
            False,
            "sources",
        ),
        Layer(
            "via",
            "outlets a quote passed through",
            lambda d, n: _quotes(
                d, lambda doc, q: " > ".join(_name(doc, v, n) for v in q.via) if q.via else NONE
            ),
            True,
            "quotes",
        ),
        Layer("cue", "cue (reporting verb) spans", lambda d, _: _cues(d), False, "cues"),
        Layer(
            "tokens",
            "tokens labelled source / cue / content / none",
            lambda _d, _n: [],
            True,
            "tokens",
            tokens=True,
        ),
        Layer("events", "event mention spans", lambda d, _: _events(d, None), False, "events"),
        Layer(
            "event_kind", "event kind", lambda d, _: _events(d, lambda e: e.kind), True, "events"
        ),
        Layer(
            "realis", "event realis", lambda d, _: _events(d, lambda e: e.realis), True, "events"
        ),
        Layer("dates", "normalised event dates", lambda d, _: _events(d, _date), True, "events"),
    )
}
"""Every layer by name, in report order."""
