"""The schema.org profile (``--to schemaorg``): JSON-LD for search engines, schema.org terms only.

A ``NewsArticle`` with Google's recommended properties (headline, image, datePublished,
dateModified, author with name and url, publisher with logo), the entities as ``mentions``, the
events as ``about`` and the quotes that report someone's words (direct, partial and mixed) as
``Quotation`` parts with their ``creator``. Entities are embedded wherever they are used, as
search engines prefer. The article's ``url`` is also its ``@id``.

Two things are never published, because they would say something false:

- an alias that is the text of a pronoun or nominal mention ("he", "the minister"): it is how
  the text refers to the entity, not one of its names, so it is not an ``alternateName``;
- the identity of an anonymous source: it is published with its description as
  ``description`` (never as ``name``) and without aliases, sameAs, url or image, which could
  name it.

An organisation's or outlet's image is its ``logo`` (an ``ImageObject``), as Google asks of a
publisher; anyone else's is its ``image``.

What this profile leaves out (everything schema.org has no term for) is listed in
:data:`DROPPED`; use ``--to jsonld`` to keep everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from newsschema.formats._base import Format, GivenOptions
from newsschema.formats._export_options import NoOptions
from newsschema.formats._model_json import article_timestamps, fields
from newsschema.formats._script_safe import script_safe_json_bytes

if TYPE_CHECKING:  # annotations only: a valid document is exported without the models
    from newsschema.models import Document

__all__ = ["DROPPED", "SCHEMAORG", "SCHEMAORG_CONTEXT", "plain_schemaorg_dict", "schemaorg_dict"]

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
    ("quotes[].span, .cue, .insertions, .interruptions", "spans in the text"),
    ("quotes[].attribution", "what is attributed: speech, belief, knowledge or intention"),
    ("quotes[].within", "the enclosing attribution of a nested one"),
    ("entities[].anonymous", "an anonymous source is published by its description only"),
    ("quotes[].via order and repeats", "isBasedOn lists each relaying outlet once, unordered"),
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
    "work": "CreativeWork",
    "other": "Thing",
}
# Whose image is a logo (schema:logo is a property of Organization; outlets are organisations).
_LOGO_KINDS = frozenset({"organization", "outlet"})
# Reported words, as opposed to reported speech (indirect) or distancing marks (scare).
_QUOTATION_KINDS = frozenset({"direct", "partial", "mixed"})


def _entity(entity: Any, body: str) -> dict[str, Any]:
    values = fields(entity)
    kind = values["kind"]
    if values["anonymous"]:
        # An unnamed source: its "name" is a description, and nothing may identify it.
        return {"@type": _TYPES[kind], "description": values["name"]}
    node: dict[str, Any] = {"@type": _TYPES[kind], "name": values["name"]}
    aliases = _names_only(values, body)
    if aliases:
        node["alternateName"] = aliases
    if values["same_as"]:
        node["sameAs"] = list(values["same_as"])
    if values["url"] is not None:
        node["url"] = values["url"]
    image = values["image"]
    if image is not None:
        if kind in _LOGO_KINDS:
            node["logo"] = {"@type": "ImageObject", "url": image}
        else:
            node["image"] = image
    return node


def _names_only(entity: Mapping[str, Any], body: str) -> list[str]:
    """The aliases that are names: not the text of a pronoun or nominal mention only."""
    if not entity["aliases"]:
        return []
    texts: dict[str, set[str]] = {}
    for mention in entity["mentions"]:
        values = fields(mention)
        text = body[values["start"] : values["end"]]
        texts.setdefault(text, set()).add(values["form"] or "name")
    return [alias for alias in entity["aliases"] if alias not in texts or "name" in texts[alias]]


class _Nodes:
    """The node of each entity, built once per document and embedded wherever it is used."""

    def __init__(self, entities: Sequence[Any], body: str) -> None:
        self.listed = [_entity(entity, body) for entity in entities]
        # A repeated id names its last entity, as a lookup by id does.
        self.by_id = {
            fields(entity)["id"]: node for entity, node in zip(entities, self.listed, strict=True)
        }

    def refs(self, ids: Iterable[str | None]) -> list[dict[str, Any]]:
        """Return the nodes of the entities ``ids`` names, each once; unknown ids are skipped.

        A JSON-LD array is a set: a repeated id (an outlet that relayed the quote twice) says
        nothing more, and embedding its node again for each repeat would make the output grow
        with the number of repeats times the node's size. Unknown ids are the validator's.
        """
        by_id = self.by_id
        return [by_id[i] for i in dict.fromkeys(ids) if i is not None and i in by_id]

    def one(self, ident: str | None) -> dict[str, Any] | None:
        """Return the node of the entity ``ident`` names (None: no id, or an unknown one)."""
        return None if ident is None else self.by_id.get(ident)


def _event(event: Any, nodes: _Nodes) -> dict[str, Any]:
    values = fields(event)
    node: dict[str, Any] = {"@type": "Event", "name": values["name"]}
    date = values["date"]
    if date is not None:
        date = fields(date)
        node["startDate"] = date["start"]
        if date["end"] is not None:
            node["endDate"] = date["end"]
    location = nodes.one(values["location"])
    if location is not None:
        node["location"] = location
    participants = [fields(participant) for participant in values["participants"]]
    organizers = nodes.refs([p["entity"] for p in participants if p["role"] == "organizer"])
    attendees = nodes.refs([p["entity"] for p in participants if p["role"] != "organizer"])
    if organizers:
        node["organizer"] = organizers
    if attendees:
        node["attendee"] = attendees
    if values["duration"] is not None:
        node["duration"] = values["duration"]
    return node


def _source_words(quote: Mapping[str, Any]) -> str:
    """The quote's text without its interruptions (“We will,” he said, “win.” -> We will, win.)."""
    text: str = quote["text"]
    interruptions = quote["interruptions"]
    if not interruptions:
        return text
    offset = fields(quote["span"])["start"]
    parts, at = [], 0
    # Semantically invalid spans (outside the quote, overlapping) are clipped, never fatal.
    for cut in sorted(map(fields, interruptions), key=lambda span: span["start"]):
        start = min(max(cut["start"] - offset, at), len(text))
        parts.append(text[at:start])
        at = min(max(cut["end"] - offset, start), len(text))
    parts.append(text[at:])
    return " ".join(part.strip() for part in parts if part.strip())


def _quotation(quote: Mapping[str, Any], nodes: _Nodes) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Quotation", "text": _source_words(quote)}
    creator = nodes.one(quote["speaker"])
    if creator is not None:
        node["creator"] = creator
    based_on = nodes.refs(quote["via"])
    if based_on:
        node["isBasedOn"] = based_on
    return node


def plain_schemaorg_dict(document: Mapping[str, Any]) -> dict[str, Any]:
    """Return the schema.org JSON-LD of a document given as its plain data.

    The plain data is what the structure check returns for a valid document
    (:func:`newsschema._plain.plain_document`: every field by name, defaults filled in); the
    result is the one :func:`schemaorg_dict` gives for the document built from it (and, as
    there, an entity's node is one object embedded wherever the entity is used).
    """
    article = fields(document["article"])
    body: str = article["body"]
    nodes = _Nodes(document["entities"], body)
    url = article["url"]
    node: dict[str, Any] = {"@context": SCHEMAORG_CONTEXT}
    # The page's own URL names the article (a 1.0 document had no @id).
    if url is not None:
        node["@id"] = url
    node["@type"] = "NewsArticle"
    node["identifier"] = article["id"]
    # Optional since schema 1.1; the key order of 1.0 output is kept.
    if article["headline"] is not None:
        node["headline"] = article["headline"]
    node["inLanguage"] = article["language"]
    if url is not None:
        node["url"] = url
        node["mainEntityOfPage"] = url
    if article["image"]:
        node["image"] = list(article["image"])
    published, modified = article_timestamps(article)
    if published is not None:
        node["datePublished"] = published
    if modified is not None:
        node["dateModified"] = modified
    authors = nodes.refs(article["authors"])
    if authors:
        node["author"] = authors
    publisher = nodes.one(article["publisher"])
    if publisher is not None:
        node["publisher"] = publisher
    if nodes.listed:
        node["mentions"] = nodes.listed
    if document["events"]:
        node["about"] = [_event(event, nodes) for event in document["events"]]
    quotations = [
        values for values in map(fields, document["quotes"]) if values["kind"] in _QUOTATION_KINDS
    ]
    if quotations:
        node["hasPart"] = [_quotation(quote, nodes) for quote in quotations]
    node["articleBody"] = body
    return node


def schemaorg_dict(document: Document) -> dict[str, Any]:
    """Return the schema.org JSON-LD of ``document`` (``"@context": "https://schema.org"``).

    Built from the model's field values directly. An entity's node is built once and the same
    object is embedded wherever the entity is used: treat the result as read-only.
    """
    return plain_schemaorg_dict(fields(document))


class _SchemaOrg(Format):
    layout: Literal["document"] = "document"

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        NoOptions.of(options)  # it takes none: a name given is refused
        # Script-safe, so that the file can be pasted into an HTML page as it is.
        return script_safe_json_bytes(schemaorg_dict(document), newline=True)

    def dump_plain(self, document: Mapping[str, Any], options: GivenOptions) -> bytes:
        """Return :meth:`dump`'s bytes for a document given as its plain data (a valid one's)."""
        NoOptions.of(options)  # it takes none: a name given is refused
        return script_safe_json_bytes(plain_schemaorg_dict(document), newline=True)


SCHEMAORG = _SchemaOrg(
    "schemaorg",
    "schema.org-only JSON-LD for search engines (drops what schema.org cannot say)",
    suffix=".jsonld",
)
