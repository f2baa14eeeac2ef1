"""The writer of ``--to jsonld``: the full-fidelity JSON-LD form, read from the document directly.

The nodes are built from the document's field values (a model's, or the same as plain data:
:func:`~newsschema.formats._model_json.fields`), with no canonical dict in between: what the
canonical JSON leaves out (nulls, and empty lists, which JSON-LD has no use for) is left out
here, and every list is a JSON list, as the canonical form has it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from newsschema.formats._model_json import article_timestamps, fields
from newsschema.formats.jsonld._terms import (
    ARTICLE_NODE,
    CONTEXT_IRI,
    ENTITY_TYPES,
    date_type,
    node_id,
)

if TYPE_CHECKING:  # annotations only: a valid document is exported without the models
    from newsschema.models import Document

__all__ = ["plain_to_jsonld", "to_jsonld"]

# Blank node id prefixes, from node_id itself: a document has about a hundred references, and
# a call each cost more than joining the prefix and the local id here.
_ENTITY = node_id("entity", "")
_EVENT = node_id("event", "")
_QUOTE = node_id("quote", "")
_SELECTOR = "TextPositionSelector"


def _selector(span: Any) -> dict[str, Any]:
    span = fields(span)
    return {"@type": _SELECTOR, "start": span["start"], "end": span["end"]}


def _mentions(mentions: Any) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    for mention in mentions:
        values = fields(mention)
        node = {"@type": _SELECTOR, "start": values["start"], "end": values["end"]}
        # Only mentions carry a form (schema 1.1); it is a property of the selector.
        form = values["form"]
        if form is not None:
            node["mentionForm"] = form
        nodes.append(node)
    return nodes


def _date(value: str) -> dict[str, str]:
    return {"@value": value, "@type": date_type(value)}


def _entity(entity: Any) -> dict[str, Any]:
    values = fields(entity)
    ident = values["id"]
    node: dict[str, Any] = {
        "@id": _ENTITY + ident,
        "@type": ENTITY_TYPES[values["kind"]],
        "identifier": ident,
        "name": values["name"],
    }
    if values["aliases"]:
        node["alternateName"] = list(values["aliases"])
    if values["same_as"]:
        node["sameAs"] = list(values["same_as"])
    if values["mentions"]:
        node["textMention"] = _mentions(values["mentions"])
    if values["anonymous"]:
        node["anonymous"] = True
    if values["url"] is not None:
        node["url"] = values["url"]
    # schema:image is a set (an article has several); an entity's one image is a set of one.
    if values["image"] is not None:
        node["image"] = [values["image"]]
    return node


def _event(event: Any) -> dict[str, Any]:
    values = fields(event)
    ident = values["id"]
    node: dict[str, Any] = {
        "@id": _EVENT + ident,
        "@type": "Event",
        "identifier": ident,
        "name": values["name"],
        "eventKind": values["kind"],
        "realis": values["realis"],
    }
    date = values["date"]
    if date is not None:
        date = fields(date)
        node["startDate"] = _date(date["start"])
        if date["end"] is not None:
            node["endDate"] = _date(date["end"])
        if date["inferred"]:
            node["inferredDatePart"] = list(date["inferred"])
    if values["location"] is not None:
        node["location"] = _ENTITY + values["location"]
    if values["participants"]:
        attendees = []
        for participant in values["participants"]:
            role = fields(participant)
            attendees.append(
                {"@type": "Role", "roleName": role["role"], "attendee": _ENTITY + role["entity"]}
            )
        node["attendee"] = attendees
    if values["duration"] is not None:
        node["duration"] = values["duration"]
    if values["planned_duration"] is not None:
        node["plannedDuration"] = values["planned_duration"]
    if values["mentions"]:
        node["textMention"] = _mentions(values["mentions"])
    return node


def _quote(quote: Any) -> dict[str, Any]:
    values = fields(quote)
    ident = values["id"]
    node: dict[str, Any] = {
        "@id": _QUOTE + ident,
        "@type": "Quotation",
        "identifier": ident,
        "quoteKind": values["kind"],
        "selector": [
            _selector(values["span"]),
            {"@type": "TextQuoteSelector", "exact": values["text"]},
        ],
    }
    if values["speaker"] is not None:
        node["creator"] = _ENTITY + values["speaker"]
    if values["cue"] is not None:
        node["cue"] = _selector(values["cue"])
    if values["via"]:
        via = [_ENTITY + outlet for outlet in values["via"]]
        node["via"] = via
        # The ordered chain is ns:via; isBasedOn is a set, so each outlet is named once.
        node["isBasedOn"] = list(dict.fromkeys(via))
    if values["event"] is not None:
        node["recordedAt"] = _EVENT + values["event"]
    if values["insertions"]:
        node["insertion"] = [_selector(span) for span in values["insertions"]]
    if values["attribution"] is not None:
        node["attributionType"] = values["attribution"]
    if values["interruptions"]:
        node["interruption"] = [_selector(span) for span in values["interruptions"]]
    if values["within"] is not None:
        node["within"] = _QUOTE + values["within"]
    return node


def plain_to_jsonld(document: Mapping[str, Any]) -> dict[str, Any]:
    """Return the full-fidelity JSON-LD form of a document given as its plain data.

    The plain data is what the structure check returns for a valid document
    (:func:`newsschema._plain.plain_document`: every field by name, defaults filled in); the
    result is the one :func:`to_jsonld` gives for the document built from it.
    """
    article = fields(document["article"])
    node: dict[str, Any] = {"@context": CONTEXT_IRI, "@id": ARTICLE_NODE, "@type": "NewsArticle"}
    if document["json_schema"] is not None:
        node["jsonSchema"] = document["json_schema"]
    node["schemaVersion"] = document["schema_version"]
    node["identifier"] = article["id"]
    # Optional since schema 1.1; the key order of 1.0 output is kept.
    if article["headline"] is not None:
        node["headline"] = article["headline"]
    node["articleBody"] = article["body"]
    node["inLanguage"] = article["language"]
    if article["url"] is not None:
        node["url"] = article["url"]
    published, modified = article_timestamps(article)
    if published is not None:
        node["datePublished"] = published
    if modified is not None:
        node["dateModified"] = modified
    if article["publisher"] is not None:
        node["publisher"] = _ENTITY + article["publisher"]
    if article["authors"]:
        node["author"] = [_ENTITY + author for author in article["authors"]]
    if article["text_sha256"] is not None:
        node["textSha256"] = article["text_sha256"]
    if article["image"]:
        node["image"] = list(article["image"])
    if document["entities"]:
        node["mentions"] = [_entity(entity) for entity in document["entities"]]
    if document["events"]:
        node["about"] = [_event(event) for event in document["events"]]
    if document["quotes"]:
        node["quotes"] = [_quote(quote) for quote in document["quotes"]]
    return node


def to_jsonld(document: Document) -> dict[str, Any]:
    """Return the full-fidelity JSON-LD form of ``document`` (compacted with our context)."""
    return plain_to_jsonld(fields(document))
