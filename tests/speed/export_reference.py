"""The 1.0 exporters that worked on dict copies of the model, verbatim: the references that the
model-reading exporters must reproduce exactly (JSON-LD, schema.org, table rows, description).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from newsschema.formats.canonical import to_canonical_dict
from newsschema.formats.tables._tables import TABLES, VIA_SEPARATOR, VIA_SHOWN
from newsschema.models import Document, Mention, Span

CONTEXT_IRI = "https://w3id.org/newsschema/1.0/context.jsonld"
SCHEMAORG_CONTEXT = "https://schema.org"

# --- JSON-LD (formats/jsonld.py of 1.0) ---

ARTICLE_NODE = "_:article"
_ENTITY_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "outlet": "NewsMediaOrganization",
    "place": "Place",
    "gpe": "AdministrativeArea",
    "group": "Group",
    "work": "CreativeWork",
    "other": "Thing",
}
_ENTITY_KINDS = {value: key for key, value in _ENTITY_TYPES.items()}
# The XSD type of an event date follows its precision: 2022, 2022-01, 2022-01-13, timestamp.
_DATE_TYPES = {4: "xsd:gYear", 7: "xsd:gYearMonth", 10: "xsd:date"}
_DATETIME_TYPE = "xsd:dateTime"


def _node_id(kind: str, local: str) -> str:
    return f"_:{kind}-{local}"


def _date_value(value: str) -> dict[str, str]:
    return {"@value": value, "@type": _DATE_TYPES.get(len(value), _DATETIME_TYPE)}


def _selector(span: dict[str, Any]) -> dict[str, Any]:
    node = {"@type": "TextPositionSelector", "start": span["start"], "end": span["end"]}
    # Only mentions carry a form (schema 1.1); it is a property of the selector.
    _put(node, "mentionForm", span.get("form"))
    return node


def _put(node: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` unless the value is absent or an empty list (both mean "not given")."""
    if value is not None and value != []:
        node[key] = value


def _entity(entity: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _node_id("entity", entity["id"]),
        "@type": _ENTITY_TYPES[entity["kind"]],
        "identifier": entity["id"],
        "name": entity["name"],
    }
    _put(node, "alternateName", entity.get("aliases"))
    _put(node, "sameAs", entity.get("same_as"))
    _put(node, "textMention", [_selector(s) for s in entity.get("mentions", [])])
    if entity.get("anonymous"):
        node["anonymous"] = True
    _put(node, "url", entity.get("url"))
    # schema:image is a set (an article has several); an entity's one image is a set of one.
    _put(node, "image", [entity["image"]] if "image" in entity else None)
    return node


def _event(event: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _node_id("event", event["id"]),
        "@type": "Event",
        "identifier": event["id"],
        "name": event["name"],
        "eventKind": event["kind"],
        "realis": event["realis"],
    }
    date = event.get("date")
    if date is not None:
        node["startDate"] = _date_value(date["start"])
        if "end" in date:
            node["endDate"] = _date_value(date["end"])
        _put(node, "inferredDatePart", date.get("inferred"))
    if "location" in event:
        node["location"] = _node_id("entity", event["location"])
    _put(
        node,
        "attendee",
        [
            {
                "@type": "Role",
                "roleName": participant["role"],
                "attendee": _node_id("entity", participant["entity"]),
            }
            for participant in event.get("participants", [])
        ],
    )
    _put(node, "duration", event.get("duration"))
    _put(node, "plannedDuration", event.get("planned_duration"))
    _put(node, "textMention", [_selector(s) for s in event.get("mentions", [])])
    return node


def _quote(quote: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@id": _node_id("quote", quote["id"]),
        "@type": "Quotation",
        "identifier": quote["id"],
        "quoteKind": quote["kind"],
        "selector": [
            _selector(quote["span"]),
            {"@type": "TextQuoteSelector", "exact": quote["text"]},
        ],
    }
    if "speaker" in quote:
        node["creator"] = _node_id("entity", quote["speaker"])
    if "cue" in quote:
        node["cue"] = _selector(quote["cue"])
    via = [_node_id("entity", outlet) for outlet in quote.get("via", [])]
    if via:
        node["via"] = via
        # The ordered chain is ns:via; isBasedOn is a set, so each outlet is named once.
        node["isBasedOn"] = list(dict.fromkeys(via))
    if "event" in quote:
        node["recordedAt"] = _node_id("event", quote["event"])
    _put(node, "insertion", [_selector(s) for s in quote.get("insertions", [])])
    _put(node, "attributionType", quote.get("attribution"))
    _put(node, "interruption", [_selector(s) for s in quote.get("interruptions", [])])
    if "within" in quote:
        node["within"] = _node_id("quote", quote["within"])
    return node


def old_to_jsonld(document: Document) -> dict[str, Any]:
    """Return the full-fidelity JSON-LD form of ``document`` (compacted with our context)."""
    canonical = to_canonical_dict(document)
    article = canonical["article"]
    node: dict[str, Any] = {
        "@context": CONTEXT_IRI,
        "@id": ARTICLE_NODE,
        "@type": "NewsArticle",
    }
    _put(node, "jsonSchema", canonical.get("$schema"))
    node |= {
        "schemaVersion": canonical["schema_version"],
        "identifier": article["id"],
        # Optional since schema 1.1; the key order of 1.0 output is kept.
        **({"headline": article["headline"]} if "headline" in article else {}),
        "articleBody": article["body"],
        "inLanguage": article["language"],
    }
    _put(node, "url", article.get("url"))
    _put(node, "datePublished", article.get("date_published"))
    _put(node, "dateModified", article.get("date_modified"))
    if "publisher" in article:
        node["publisher"] = _node_id("entity", article["publisher"])
    _put(node, "author", [_node_id("entity", a) for a in article.get("authors", [])])
    _put(node, "textSha256", article.get("text_sha256"))
    _put(node, "image", article.get("image"))
    _put(node, "mentions", [_entity(e) for e in canonical.get("entities", [])])
    _put(node, "about", [_event(e) for e in canonical.get("events", [])])
    _put(node, "quotes", [_quote(q) for q in canonical.get("quotes", [])])
    return node


# --- schema.org (formats/schemaorg.py of 1.0) ---

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


def _so_entity(entity: dict[str, Any], body: str) -> dict[str, Any]:
    kind = entity["kind"]
    if entity.get("anonymous"):
        # An unnamed source: its "name" is a description, and nothing may identify it.
        return {"@type": _TYPES[kind], "description": entity["name"]}
    node: dict[str, Any] = {"@type": _TYPES[kind], "name": entity["name"]}
    aliases = _names_only(entity, body)
    if aliases:
        node["alternateName"] = aliases
    if entity.get("same_as"):
        node["sameAs"] = list(entity["same_as"])
    if "url" in entity:
        node["url"] = entity["url"]
    if "image" in entity:
        if kind in _LOGO_KINDS:
            node["logo"] = {"@type": "ImageObject", "url": entity["image"]}
        else:
            node["image"] = entity["image"]
    return node


def _names_only(entity: dict[str, Any], body: str) -> list[str]:
    """The aliases that are names: not the text of a pronoun or nominal mention only."""
    texts: dict[str, set[str]] = {}
    for mention in entity.get("mentions", []):
        text = body[mention["start"] : mention["end"]]
        texts.setdefault(text, set()).add(mention.get("form", "name"))
    return [
        alias for alias in entity.get("aliases", []) if alias not in texts or "name" in texts[alias]
    ]


def _refs(
    entities: dict[str, dict[str, Any]], ids: Iterable[str | None], body: str
) -> list[dict[str, Any]]:
    """Return the nodes of the entities ``ids`` names, each once; unknown ids are the validator's.

    A JSON-LD array is a set: a repeated id (an outlet that relayed the quote twice) says nothing
    more, and embedding its node again for each repeat would make the output grow with the
    number of repeats times the node's size.
    """
    return [
        _so_entity(entities[i], body) for i in dict.fromkeys(ids) if i is not None and i in entities
    ]


def _so_event(
    event: dict[str, Any], entities: dict[str, dict[str, Any]], body: str
) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Event", "name": event["name"]}
    date = event.get("date")
    if date is not None:
        node["startDate"] = date["start"]
        if "end" in date:
            node["endDate"] = date["end"]
    location = _refs(entities, [event.get("location")], body)
    if location:
        node["location"] = location[0]
    participants = event.get("participants", [])
    organizers = _refs(
        entities, [p["entity"] for p in participants if p["role"] == "organizer"], body
    )
    attendees = _refs(
        entities, [p["entity"] for p in participants if p["role"] != "organizer"], body
    )
    if organizers:
        node["organizer"] = organizers
    if attendees:
        node["attendee"] = attendees
    if "duration" in event:
        node["duration"] = event["duration"]
    return node


def _source_words(quote: dict[str, Any]) -> str:
    """The quote's text without its interruptions (“We will,” he said, “win.” -> We will, win.)."""
    text: str = quote["text"]
    interruptions = quote.get("interruptions", [])
    if not interruptions:
        return text
    offset = quote["span"]["start"]
    parts, at = [], 0
    # Semantically invalid spans (outside the quote, overlapping) are clipped, never fatal.
    for cut in sorted(interruptions, key=lambda span: span["start"]):
        start = min(max(cut["start"] - offset, at), len(text))
        parts.append(text[at:start])
        at = min(max(cut["end"] - offset, start), len(text))
    parts.append(text[at:])
    return " ".join(part.strip() for part in parts if part.strip())


def _quotation(
    quote: dict[str, Any], entities: dict[str, dict[str, Any]], body: str
) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Quotation", "text": _source_words(quote)}
    creator = _refs(entities, [quote.get("speaker")], body)
    if creator:
        node["creator"] = creator[0]
    based_on = _refs(entities, quote.get("via", []), body)
    if based_on:
        node["isBasedOn"] = based_on
    return node


def old_schemaorg_dict(document: Document) -> dict[str, Any]:
    """Return the schema.org JSON-LD of ``document`` (``"@context": "https://schema.org"``)."""
    canonical = to_canonical_dict(document)
    article = canonical["article"]
    entities = {entity["id"]: entity for entity in canonical.get("entities", [])}
    body = article["body"]
    node: dict[str, Any] = {
        "@context": SCHEMAORG_CONTEXT,
        # The page's own URL names the article (a 1.0 document had no @id).
        **({"@id": article["url"]} if "url" in article else {}),
        "@type": "NewsArticle",
        "identifier": article["id"],
        # Optional since schema 1.1; the key order of 1.0 output is kept.
        **({"headline": article["headline"]} if "headline" in article else {}),
        "inLanguage": article["language"],
    }
    if "url" in article:
        node["url"] = article["url"]
        node["mainEntityOfPage"] = article["url"]
    if article.get("image"):
        node["image"] = list(article["image"])
    for key, field in (("datePublished", "date_published"), ("dateModified", "date_modified")):
        if field in article:
            node[key] = article[field]
    authors = _refs(entities, article.get("authors", []), body)
    if authors:
        node["author"] = authors
    publisher = _refs(entities, [article.get("publisher")], body)
    if publisher:
        node["publisher"] = publisher[0]
    if canonical.get("entities"):
        node["mentions"] = [_so_entity(entity, body) for entity in canonical["entities"]]
    if canonical.get("events"):
        node["about"] = [_so_event(event, entities, body) for event in canonical["events"]]
    quotations = [q for q in canonical.get("quotes", []) if q["kind"] in _QUOTATION_KINDS]
    if quotations:
        node["hasPart"] = [_quotation(quote, entities, body) for quote in quotations]
    node["articleBody"] = article["body"]
    return node


# --- table rows (formats/_tables.py of 1.0) ---


def _event_date_label(start: str | None, end: str | None) -> str | None:
    if start is None:
        return None
    return start if end is None else f"{start}/{end}"


def _span_cells(body: str, span: Span | None) -> tuple[int | None, int | None, str | None]:
    if span is None:
        return None, None, None
    return span.start, span.end, body[span.start : span.end]


Rows = dict[str, list[dict[str, Any]]]


def old_document_rows(document: Document) -> Rows:
    """Return the rows of every table for one document (values are ``str``, ``int`` or None)."""
    doc = document
    art = doc.article
    aid = art.id
    body = art.body
    rows: Rows = {table.name: [] for table in TABLES}

    def name(entity_id: str | None) -> str | None:
        entity = doc.get_entity(entity_id)
        return None if entity is None else entity.name

    published = None if art.date_published is None else _rfc3339(doc, "date_published")
    rows["articles"].append(
        {
            "article_id": aid,
            "schema_version": doc.schema_version,
            "headline": art.headline,
            "language": art.language,
            "url": art.url,
            "date_published": published,
            "date_modified": None if art.date_modified is None else _rfc3339(doc, "date_modified"),
            "publisher_id": art.publisher,
            "publisher_name": name(art.publisher),
            "text_sha256": art.text_sha256,
            "body": body,
        }
    )
    for i, author in enumerate(art.authors):
        rows["article_authors"].append(
            {"article_id": aid, "position": i, "author_id": author, "author_name": name(author)}
        )
    for i, image in enumerate(art.image):
        rows["article_images"].append({"article_id": aid, "position": i, "url": image})
    for i, entity in enumerate(doc.entities):
        key = {"article_id": aid, "entity_id": entity.id}
        rows["entities"].append(
            {
                **key,
                "position": i,
                "kind": entity.kind,
                "name": entity.name,
                "anonymous": entity.anonymous,
                "url": entity.url,
                "image": entity.image,
            }
        )
        for j, alias in enumerate(entity.aliases):
            rows["entity_aliases"].append({**key, "position": j, "alias": alias})
        for j, iri in enumerate(entity.same_as):
            rows["entity_same_as"].append({**key, "position": j, "iri": iri})
        rows["entity_mentions"].extend(_mention_rows(key, body, entity.mentions))
    for i, event in enumerate(doc.events):
        key = {"article_id": aid, "event_id": event.id}
        date = event.date
        rows["events"].append(
            {
                **key,
                "position": i,
                "kind": event.kind,
                "name": event.name,
                "realis": event.realis,
                "date_start": None if date is None else date.start,
                "date_end": None if date is None else date.end,
                "location_id": event.location,
                "location_name": name(event.location),
                "duration": event.duration,
                "planned_duration": event.planned_duration,
            }
        )
        for j, component in enumerate([] if date is None else date.inferred):
            rows["event_date_inferred"].append({**key, "position": j, "component": component})
        for j, participant in enumerate(event.participants):
            rows["event_participants"].append(
                {
                    **key,
                    "position": j,
                    "entity_id": participant.entity,
                    "entity_name": name(participant.entity),
                    "role": participant.role,
                }
            )
        rows["event_mentions"].extend(_mention_rows(key, body, event.mentions))
    for i, quote in enumerate(doc.quotes):
        key = {"article_id": aid, "quote_id": quote.id}
        said_at = doc.quote_event(quote)
        span_start, span_end, _ = _span_cells(body, quote.span)
        cue_start, cue_end, cue_text = _span_cells(body, quote.cue)
        rows["quotes"].append(
            {
                **key,
                "position": i,
                "kind": quote.kind,
                "speaker_id": quote.speaker,
                "speaker_name": name(quote.speaker),
                "text": quote.text,
                "via_names": _via_label([name(outlet) for outlet in quote.via]),
                "event_id": quote.event,
                "event_name": None if said_at is None else said_at.name,
                "event_date": None
                if said_at is None or said_at.date is None
                else _event_date_label(said_at.date.start, said_at.date.end),
                "headline": art.headline,
                "date_published": published,
                "span_start": span_start,
                "span_end": span_end,
                "cue_start": cue_start,
                "cue_end": cue_end,
                "cue_text": cue_text,
                "attribution": quote.attribution,
                "within_id": quote.within,
            }
        )
        # A repeated outlet's name is written once per chain: repeating it on every row would
        # make the table the chain's length times the name's length.
        named: set[str] = set()
        for j, outlet in enumerate(quote.via):
            rows["quote_outlets"].append(
                {
                    **key,
                    "position": j,
                    "outlet_id": outlet,
                    "outlet_name": None if outlet in named else name(outlet),
                }
            )
            named.add(outlet)
        rows["quote_insertions"].extend(_mention_rows(key, body, quote.insertions))
        rows["quote_interruptions"].extend(_mention_rows(key, body, quote.interruptions))
    return rows


def _via_label(names: Sequence[str | None]) -> str | None:
    """Return the human ``via_names`` cell for the outlet names of a chain (None when empty).

    The first :data:`VIA_SHOWN` names are joined by :data:`VIA_SEPARATOR`; the rest are counted
    in the wording of the HTML page, e.g. ``A; B; …; J; … (5 more)``.
    """
    if not names:
        return None
    shown = VIA_SEPARATOR.join(name or "" for name in names[:VIA_SHOWN])
    more = len(names) - VIA_SHOWN
    return f"{shown}{VIA_SEPARATOR}… ({more} more)" if more > 0 else shown


def _rfc3339(document: Document, field: str) -> str:
    # The canonical JSON form of the timestamp (offset kept as written).
    value = document.article.model_dump(mode="json", include={field})[field]
    return str(value)


def _mention_rows(
    key: dict[str, Any], body: str, spans: Sequence[Span]
) -> Iterator[dict[str, Any]]:
    for j, span in enumerate(spans):
        row = {
            **key,
            "position": j,
            "start": span.start,
            "end": span.end,
            "text": body[span.start : span.end],
        }
        if isinstance(span, Mention):  # only mention tables have the form column
            row["form"] = span.form
        yield row


# --- page description (formats/_html_meta.py of 1.0) ---

_SPACE = re.compile(r"\s+")


def old_description(body: str, limit: int = 200) -> str:
    text = _SPACE.sub(" ", body).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"
