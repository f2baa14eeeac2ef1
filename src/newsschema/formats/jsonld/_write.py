"""The writer of ``--to jsonld``: the full-fidelity JSON-LD form, read from the model directly.

The nodes are built from the model's attributes, with no canonical dict in between: what the
canonical JSON leaves out (nulls, and empty lists, which JSON-LD has no use for) is left out
here, and every list is a JSON list, as the canonical form has it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsschema.formats._model_json import article_timestamps
from newsschema.formats.jsonld._terms import ARTICLE_NODE, ENTITY_TYPES, date_type, node_id
from newsschema.formats.jsonld.context import CONTEXT_IRI
from newsschema.models import AnyQuote, Document, Entity, Event, Mention, Span

__all__ = ["to_jsonld"]

# Blank node id prefixes, from node_id itself: a document has about a hundred references, and
# a call each cost more than joining the prefix and the local id here.
_ENTITY = node_id("entity", "")
_EVENT = node_id("event", "")
_QUOTE = node_id("quote", "")


def _selector(span: Span) -> dict[str, Any]:
    return {"@type": "TextPositionSelector", "start": span.start, "end": span.end}


def _mention(mention: Mention) -> dict[str, Any]:
    node = {"@type": "TextPositionSelector", "start": mention.start, "end": mention.end}
    # Only mentions carry a form (schema 1.1); it is a property of the selector.
    if mention.form is not None:
        node["mentionForm"] = mention.form
    return node


def _mentions(mentions: Sequence[Mention]) -> list[dict[str, Any]]:
    # Most mentions have no form: their selector is built inline, without a call each.
    return [
        {"@type": "TextPositionSelector", "start": m.start, "end": m.end}
        if m.form is None
        else _mention(m)
        for m in mentions
    ]


def _date(value: str) -> dict[str, str]:
    return {"@value": value, "@type": date_type(value)}


def _entity(entity: Entity) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _ENTITY + entity.id,
        "@type": ENTITY_TYPES[entity.kind],
        "identifier": entity.id,
        "name": entity.name,
    }
    if entity.aliases:
        node["alternateName"] = list(entity.aliases)
    if entity.same_as:
        node["sameAs"] = list(entity.same_as)
    if entity.mentions:
        node["textMention"] = _mentions(entity.mentions)
    if entity.anonymous:
        node["anonymous"] = True
    if entity.url is not None:
        node["url"] = entity.url
    # schema:image is a set (an article has several); an entity's one image is a set of one.
    if entity.image is not None:
        node["image"] = [entity.image]
    return node


def _event(event: Event) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _EVENT + event.id,
        "@type": "Event",
        "identifier": event.id,
        "name": event.name,
        "eventKind": event.kind,
        "realis": event.realis,
    }
    date = event.date
    if date is not None:
        node["startDate"] = _date(date.start)
        if date.end is not None:
            node["endDate"] = _date(date.end)
        if date.inferred:
            node["inferredDatePart"] = list(date.inferred)
    if event.location is not None:
        node["location"] = _ENTITY + event.location
    if event.participants:
        node["attendee"] = [
            {
                "@type": "Role",
                "roleName": participant.role,
                "attendee": _ENTITY + participant.entity,
            }
            for participant in event.participants
        ]
    if event.duration is not None:
        node["duration"] = event.duration
    if event.planned_duration is not None:
        node["plannedDuration"] = event.planned_duration
    if event.mentions:
        node["textMention"] = _mentions(event.mentions)
    return node


def _selectors(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [_selector(span) for span in spans]


def _quote(quote: AnyQuote) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _QUOTE + quote.id,
        "@type": "Quotation",
        "identifier": quote.id,
        "quoteKind": quote.kind,
        "selector": [
            _selector(quote.span),
            {"@type": "TextQuoteSelector", "exact": quote.text},
        ],
    }
    if quote.speaker is not None:
        node["creator"] = _ENTITY + quote.speaker
    if quote.cue is not None:
        node["cue"] = _selector(quote.cue)
    if quote.via:
        via = [_ENTITY + outlet for outlet in quote.via]
        node["via"] = via
        # The ordered chain is ns:via; isBasedOn is a set, so each outlet is named once.
        node["isBasedOn"] = list(dict.fromkeys(via))
    if quote.event is not None:
        node["recordedAt"] = _EVENT + quote.event
    if quote.insertions:
        node["insertion"] = _selectors(quote.insertions)
    if quote.attribution is not None:
        node["attributionType"] = quote.attribution
    if quote.interruptions:
        node["interruption"] = _selectors(quote.interruptions)
    if quote.within is not None:
        node["within"] = _QUOTE + quote.within
    return node


def to_jsonld(document: Document) -> dict[str, Any]:
    """Return the full-fidelity JSON-LD form of ``document`` (compacted with our context)."""
    article = document.article
    node: dict[str, Any] = {"@context": CONTEXT_IRI, "@id": ARTICLE_NODE, "@type": "NewsArticle"}
    if document.json_schema is not None:
        node["jsonSchema"] = document.json_schema
    node["schemaVersion"] = document.schema_version
    node["identifier"] = article.id
    # Optional since schema 1.1; the key order of 1.0 output is kept.
    if article.headline is not None:
        node["headline"] = article.headline
    node["articleBody"] = article.body
    node["inLanguage"] = article.language
    if article.url is not None:
        node["url"] = article.url
    published, modified = article_timestamps(article)
    if published is not None:
        node["datePublished"] = published
    if modified is not None:
        node["dateModified"] = modified
    if article.publisher is not None:
        node["publisher"] = _ENTITY + article.publisher
    if article.authors:
        node["author"] = [_ENTITY + author for author in article.authors]
    if article.text_sha256 is not None:
        node["textSha256"] = article.text_sha256
    if article.image:
        node["image"] = list(article.image)
    if document.entities:
        node["mentions"] = [_entity(entity) for entity in document.entities]
    if document.events:
        node["about"] = [_event(event) for event in document.events]
    if document.quotes:
        node["quotes"] = [_quote(quote) for quote in document.quotes]
    return node
