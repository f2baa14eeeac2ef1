"""Annotation layers: what an agreement study compares, as spans with optional labels.

Each layer turns a document into *units*: a span of the body and, for label layers, the label an
annotator gave it. Span layers (``entity_mentions``, ``quote_spans``, ``cue``, ``events``) ask
whether annotators marked the same text; label layers ask, on those spans, whether they said the
same thing about it (kind, speaker, realis...).

Entity and event ids are local to one annotator's file, so labels that point at entities use the
entity's name (case-folded), not its id: two annotators who both attribute a quote to "Sergey
Lavrov" agree even if one called the entity ``e_lavrov`` and the other ``lavrov``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newsschema.models import AnyQuote, Document, Event

__all__ = ["LAYERS", "NONE", "Layer", "Unit"]

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
    """

    start: int
    end: int
    label: str | None
    ref: str


@dataclass(frozen=True, slots=True)
class Layer:
    """One thing annotators can agree on.

    Attributes:
        name: Stable name, used as the key in reports.
        description: One line for reports.
        units: Extracts the units from a document.
        labelled: True when units carry labels (label agreement is computed).
        spans: Which spans the units are (layers with the same spans, in the same order, share
            their span matching).
    """

    name: str
    description: str
    units: Callable[[Document], list[Unit]]
    labelled: bool
    spans: str


def _name(document: Document, entity_id: str | None) -> str:
    entity = document.get_entity(entity_id)
    if entity is None:
        return NONE if entity_id is None else entity_id
    return " ".join(entity.name.casefold().split())


def _mentions(document: Document, label: bool) -> list[Unit]:
    return [
        Unit(m.start, m.end, entity.kind if label else None, entity.id)
        for entity in document.entities
        for m in entity.mentions
    ]


def _quotes(document: Document, label: Callable[[Document, AnyQuote], str] | None) -> list[Unit]:
    return [
        Unit(q.span.start, q.span.end, None if label is None else label(document, q), q.id)
        for q in document.quotes
    ]


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
            lambda d: _mentions(d, label=False),
            False,
            "mentions",
        ),
        Layer(
            "entity_kind",
            "entity mentions by kind",
            lambda d: _mentions(d, label=True),
            True,
            "mentions",
        ),
        Layer(
            "mention_form",
            "form of entity mentions (name, nominal, pronoun...)",
            _forms,
            True,
            "mentions",
        ),
        Layer("quote_spans", "quote spans", lambda d: _quotes(d, None), False, "quotes"),
        Layer(
            "quote_kind", "quote kind", lambda d: _quotes(d, lambda _, q: q.kind), True, "quotes"
        ),
        Layer(
            "attribution",
            "attribution type of quotes",
            lambda d: _quotes(d, _attribution),
            True,
            "quotes",
        ),
        Layer(
            "speaker",
            "quote speaker (entity name)",
            lambda d: _quotes(d, lambda doc, q: _name(doc, q.speaker)),
            True,
            "quotes",
        ),
        Layer(
            "via",
            "outlets a quote passed through",
            lambda d: _quotes(
                d, lambda doc, q: " > ".join(_name(doc, v) for v in q.via) if q.via else NONE
            ),
            True,
            "quotes",
        ),
        Layer("cue", "cue (reporting verb) spans", _cues, False, "cues"),
        Layer("events", "event mention spans", lambda d: _events(d, None), False, "events"),
        Layer("event_kind", "event kind", lambda d: _events(d, lambda e: e.kind), True, "events"),
        Layer("realis", "event realis", lambda d: _events(d, lambda e: e.realis), True, "events"),
        Layer("dates", "normalised event dates", lambda d: _events(d, _date), True, "events"),
    )
}
"""Every layer by name, in report order."""
