"""The schema.org profile (``--to schemaorg``): JSON-LD for search engines, schema.org terms only.

A ``NewsArticle`` with Google's recommended properties (headline, datePublished, dateModified,
author with name, publisher), the entities as ``mentions``, the events as ``about`` and the
quotes that report someone's words (direct, partial and mixed) as ``Quotation`` parts with
their ``creator``. Entities are embedded wherever they are used, as search engines prefer.

What this profile leaves out (everything schema.org has no term for) is listed in
:data:`DROPPED`; use ``--to jsonld`` to keep everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from newsschema.formats._base import Options
from newsschema.formats._script_safe import script_safe_json
from newsschema.formats.canonical import to_canonical_dict
from newsschema.models import Document

__all__ = ["DROPPED", "SCHEMAORG", "SCHEMAORG_CONTEXT", "schemaorg_dict"]

SCHEMAORG_CONTEXT = "https://schema.org"

DROPPED: tuple[tuple[str, str], ...] = (
    ("schema_version", "the canonical schema version"),
    ("article.text_sha256", "the checksum of the body"),
    ("entities[].id, events[].id, quotes[].id", "document-local identifiers"),
    ("entities[].mentions, events[].mentions", "where the text names them (spans)"),
    ("entities[].kind = group/other", "written as the generic schema.org Thing"),
    ("events[].kind", "the event kind"),
    ("events[].realis", "whether the event happened, is planned, promised, ..."),
    ("events[].date.inferred", "which date parts were inferred"),
    ("events[].planned_duration", "the scheduled duration"),
    ("events[].participants[].role", "roles other than organizer (all others are attendees)"),
    ("quotes[kind=indirect], quotes[kind=scare]", "reported speech and scare quotes"),
    ("quotes[].kind", "direct, partial and mixed quotes all become Quotation"),
    ("quotes[].span, .cue, .insertions", "spans in the text"),
    ("quotes[].via order", "isBasedOn lists the relaying outlets without their order"),
    ("quotes[].event", "where the quote was said"),
)
"""Canonical fields this profile does not carry, with what they are."""

_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "outlet": "NewsMediaOrganization",
    "place": "Place",
    "gpe": "AdministrativeArea",
    "group": "Thing",
    "other": "Thing",
}
# Reported words, as opposed to reported speech (indirect) or distancing marks (scare).
_QUOTATION_KINDS = frozenset({"direct", "partial", "mixed"})


def _entity(entity: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": _TYPES[entity["kind"]], "name": entity["name"]}
    if entity.get("aliases"):
        node["alternateName"] = list(entity["aliases"])
    if entity.get("same_as"):
        node["sameAs"] = list(entity["same_as"])
    return node


def _refs(entities: dict[str, dict[str, Any]], ids: Iterable[str | None]) -> list[dict[str, Any]]:
    """Return the nodes of the entities ``ids`` names; unknown ids are the validator's business."""
    return [_entity(entities[i]) for i in ids if i is not None and i in entities]


def _event(event: dict[str, Any], entities: dict[str, dict[str, Any]]) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Event", "name": event["name"]}
    date = event.get("date")
    if date is not None:
        node["startDate"] = date["start"]
        if "end" in date:
            node["endDate"] = date["end"]
    location = _refs(entities, [event.get("location")])
    if location:
        node["location"] = location[0]
    participants = event.get("participants", [])
    organizers = _refs(entities, [p["entity"] for p in participants if p["role"] == "organizer"])
    attendees = _refs(entities, [p["entity"] for p in participants if p["role"] != "organizer"])
    if organizers:
        node["organizer"] = organizers
    if attendees:
        node["attendee"] = attendees
    if "duration" in event:
        node["duration"] = event["duration"]
    return node


def _quotation(quote: dict[str, Any], entities: dict[str, dict[str, Any]]) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Quotation", "text": quote["text"]}
    creator = _refs(entities, [quote.get("speaker")])
    if creator:
        node["creator"] = creator[0]
    based_on = _refs(entities, quote.get("via", []))
    if based_on:
        node["isBasedOn"] = based_on
    return node


def schemaorg_dict(document: Document) -> dict[str, Any]:
    """Return the schema.org JSON-LD of ``document`` (``"@context": "https://schema.org"``)."""
    canonical = to_canonical_dict(document)
    article = canonical["article"]
    entities = {entity["id"]: entity for entity in canonical.get("entities", [])}
    node: dict[str, Any] = {
        "@context": SCHEMAORG_CONTEXT,
        "@type": "NewsArticle",
        "identifier": article["id"],
        # Optional since schema 1.1; the key order of 1.0 output is kept.
        **({"headline": article["headline"]} if "headline" in article else {}),
        "inLanguage": article["language"],
    }
    if "url" in article:
        node["url"] = article["url"]
        node["mainEntityOfPage"] = article["url"]
    for key, field in (("datePublished", "date_published"), ("dateModified", "date_modified")):
        if field in article:
            node[key] = article[field]
    authors = _refs(entities, article.get("authors", []))
    if authors:
        node["author"] = authors
    publisher = _refs(entities, [article.get("publisher")])
    if publisher:
        node["publisher"] = publisher[0]
    if canonical.get("entities"):
        node["mentions"] = [_entity(entity) for entity in canonical["entities"]]
    if canonical.get("events"):
        node["about"] = [_event(event, entities) for event in canonical["events"]]
    quotations = [q for q in canonical.get("quotes", []) if q["kind"] in _QUOTATION_KINDS]
    if quotations:
        node["hasPart"] = [_quotation(quote, entities) for quote in quotations]
    node["articleBody"] = article["body"]
    return node


class _SchemaOrg:
    name = "schemaorg"
    description = "schema.org-only JSON-LD for search engines (drops what schema.org cannot say)"
    suffix = ".jsonld"
    layout: Literal["document"] = "document"

    def dump(self, document: Document, options: Options) -> bytes:
        # Script-safe, so that the file can be pasted into an HTML page as it is.
        return (script_safe_json(schemaorg_dict(document)) + "\n").encode("utf-8")

    def write(self, documents: Iterable[Document], target: Path, options: Options) -> None:
        raise NotImplementedError("schemaorg writes one file per document; use dump()")


SCHEMAORG = _SchemaOrg()
