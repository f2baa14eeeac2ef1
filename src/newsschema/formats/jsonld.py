"""Full-fidelity JSON-LD 1.1 (``--to jsonld``) and its importer (``--from jsonld``).

Every field of the canonical document is carried, so importing an export gives back the identical
document. The terms come from schema.org where it has them (NewsArticle, Person, Event,
Quotation, creator, isPartOf, ...), from the W3C Web Annotation vocabulary for spans
(``oa:TextPositionSelector`` with ``start``/``end``, ``oa:TextQuoteSelector`` with ``exact``)
and from the project vocabulary for the rest (quote kind, cue, ordered outlet chain, editorial
insertions, realis, planned duration, inferred date parts; since schema 1.1 attribution type,
nesting (``within``), interruptions, mention form and anonymous sources). The @context is
published at :data:`~newsschema.formats._jsonld_context.CONTEXT_IRI` and committed as
``schema/context.jsonld``.

Entities, events and quotes are blank nodes (``_:entity-e1``, ``_:event-ev1``, ``_:quote-q1``):
their ids are local to the document. Arrays keep the canonical order in the JSON text; in RDF
only the outlet chain (``via``) is an ordered list.

The importer never fetches anything. It accepts only our own context, by its IRI: any other
context (a remote URL, or an inline one that would redefine our terms) is refused with
``NS060``, and anything that is not the shape the exporter writes with ``NS061``. Both carry
the line and column of the offending value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import orjson

from newsschema._scan import MAX_KEY_IN_POINTER, LineIndex, ScanError, escape_pointer, excerpt, scan
from newsschema.findings import Finding, Severity
from newsschema.formats._base import Format, Options
from newsschema.formats._jsonld_context import CONTEXT_IRI, context_document
from newsschema.formats._script_safe import script_safe_json
from newsschema.formats.canonical import to_canonical_dict
from newsschema.loader import Loaded, LoadError, load_bytes, parse_json
from newsschema.models import Document

__all__ = [
    "CONTEXT_IRI",
    "JSONLD",
    "Refused",
    "check_context",
    "context_document",
    "from_jsonld",
    "load_jsonld",
    "to_jsonld",
]

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


def to_jsonld(document: Document) -> dict[str, Any]:
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


class Refused(Exception):
    """The JSON-LD input was refused: a code, the JSON pointer of the culprit and why."""

    def __init__(self, code: str, pointer: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.pointer = pointer
        self.message = message


def _member(pointer: str, key: str) -> str:
    """The pointer of an object member; a key no term could have names its object instead."""
    return pointer if len(key) > MAX_KEY_IN_POINTER else f"{pointer}/{escape_pointer(key)}"


def _shape(pointer: str, message: str) -> Refused:
    return Refused("NS061", pointer, message)


class _Reader:
    """Turns our JSON-LD shape back into the canonical dict, remembering where each part was.

    ``origin`` maps canonical JSON pointers to the JSON-LD pointers they were read from, so a
    model error in the rebuilt document can be reported at the input's line and column.
    """

    def __init__(self) -> None:
        self.origin: dict[str, str] = {"": ""}

    # Small typed readers; each refuses with the pointer of the offending value.
    def node(
        self, value: Any, pointer: str, allowed: Iterable[str], type_: str | None
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _shape(pointer, "expected a JSON-LD node object")
        if "@context" in value and pointer:
            raise Refused("NS060", f"{pointer}/@context", "embedded @context is not accepted")
        allowed_keys = set(allowed) | {"@id", "@type"}
        for key in value:
            if key not in allowed_keys:
                raise _shape(_member(pointer, key), f"unknown JSON-LD key {excerpt(key)}")
        if type_ is not None and value.get("@type") != type_:
            raise _shape(f"{pointer}/@type", f'expected "@type": "{type_}"')
        return value

    @staticmethod
    def items(value: Any, pointer: str) -> list[tuple[Any, str]]:
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list):
            return [(item, f"{pointer}/{i}") for i, item in enumerate(values)]
        return [(value, pointer)]

    @staticmethod
    def string(value: Any, pointer: str) -> str:
        if not isinstance(value, str):
            raise _shape(pointer, "expected a string")
        return value

    @staticmethod
    def ref(value: Any, pointer: str, kind: str) -> str:
        prefix = f"_:{kind}-"
        if isinstance(value, dict) and list(value) == ["@id"]:
            value = value["@id"]
        if not isinstance(value, str) or not value.startswith(prefix):
            raise _shape(pointer, f"expected a reference to an {kind} node ({prefix}ID)")
        return value[len(prefix) :]

    def own_id(self, node: dict[str, Any], pointer: str, kind: str) -> str:
        local = self.string(node.get("identifier"), f"{pointer}/identifier")
        if node.get("@id") != _node_id(kind, local):
            raise _shape(f"{pointer}/@id", f'expected "@id": "{_node_id(kind, local)}"')
        return local

    def span(
        self, value: Any, pointer: str, canonical: str, *, mention: bool = False
    ) -> dict[str, Any]:
        allowed = ("start", "end", "mentionForm") if mention else ("start", "end")
        node = self.node(value, pointer, allowed, "TextPositionSelector")
        self.origin[canonical] = pointer
        span = {"start": node.get("start"), "end": node.get("end")}
        if "mentionForm" in node:
            span["form"] = node["mentionForm"]
            self.origin[f"{canonical}/form"] = f"{pointer}/mentionForm"
        return span

    def spans(
        self, value: Any, pointer: str, canonical: str, *, mention: bool = False
    ) -> list[dict[str, Any]]:
        self.origin[canonical] = pointer
        return [
            self.span(item, where, f"{canonical}/{i}", mention=mention)
            for i, (item, where) in enumerate(self.items(value, pointer))
        ]

    def one(self, value: Any, pointer: str) -> Any:
        """The single member of a set that holds one value for this field (entity image)."""
        items = self.items(value, pointer)
        if len(items) != 1:
            raise _shape(pointer, "expected exactly one value")
        return items[0][0]

    def date(self, value: Any, pointer: str) -> str:
        if isinstance(value, dict):
            node = self.node(value, pointer, ("@value",), None)
            text = self.string(node.get("@value"), f"{pointer}/@value")
            expected = _DATE_TYPES.get(len(text), _DATETIME_TYPE)
            if node.get("@type") != expected:
                raise _shape(
                    f"{pointer}/@type", f'expected "@type": "{expected}" for {excerpt(text)}'
                )
            return text
        return self.string(value, pointer)

    # The four kinds of nodes.
    def entity(self, value: Any, pointer: str, canonical: str) -> dict[str, Any]:
        node = self.node(
            value,
            pointer,
            (
                "identifier",
                "name",
                "alternateName",
                "sameAs",
                "textMention",
                "anonymous",
                "url",
                "image",
            ),
            None,
        )
        self.origin[canonical] = pointer
        declared = node.get("@type")
        kind = _ENTITY_KINDS.get(declared) if isinstance(declared, str) else None
        if kind is None:
            raise _shape(
                f"{pointer}/@type", f"entity @type must be one of {', '.join(_ENTITY_KINDS)}"
            )
        entity: dict[str, Any] = {
            "id": self.own_id(node, pointer, "entity"),
            "kind": kind,
            "name": node.get("name"),
        }
        for key, field in (("alternateName", "aliases"), ("sameAs", "same_as")):
            if key in node:
                entity[field] = [item for item, _ in self.items(node[key], f"{pointer}/{key}")]
                self.origin[f"{canonical}/{field}"] = f"{pointer}/{key}"
        if "textMention" in node:
            entity["mentions"] = self.spans(
                node["textMention"], f"{pointer}/textMention", f"{canonical}/mentions", mention=True
            )
        for key in ("anonymous", "url"):
            if key in node:
                entity[key] = node[key]
                self.origin[f"{canonical}/{key}"] = f"{pointer}/{key}"
        if "image" in node:
            entity["image"] = self.one(node["image"], f"{pointer}/image")
            self.origin[f"{canonical}/image"] = f"{pointer}/image"
        return entity

    def event(self, value: Any, pointer: str, canonical: str) -> dict[str, Any]:
        node = self.node(
            value,
            pointer,
            (
                "identifier",
                "name",
                "eventKind",
                "realis",
                "startDate",
                "endDate",
                "inferredDatePart",
                "location",
                "attendee",
                "duration",
                "plannedDuration",
                "textMention",
            ),
            "Event",
        )
        self.origin[canonical] = pointer
        event: dict[str, Any] = {
            "id": self.own_id(node, pointer, "event"),
            "kind": node.get("eventKind"),
            "name": node.get("name"),
        }
        self.origin[f"{canonical}/kind"] = f"{pointer}/eventKind"
        if "startDate" in node:
            date: dict[str, Any] = {"start": self.date(node["startDate"], f"{pointer}/startDate")}
            if "endDate" in node:
                date["end"] = self.date(node["endDate"], f"{pointer}/endDate")
            if "inferredDatePart" in node:
                where = f"{pointer}/inferredDatePart"
                date["inferred"] = [item for item, _ in self.items(node["inferredDatePart"], where)]
                self.origin[f"{canonical}/date/inferred"] = where
            event["date"] = date
            self.origin[f"{canonical}/date/start"] = f"{pointer}/startDate"
            self.origin[f"{canonical}/date/end"] = f"{pointer}/endDate"
        elif "endDate" in node or "inferredDatePart" in node:
            raise _shape(pointer, "endDate or inferredDatePart without startDate")
        if "realis" in node:
            event["realis"] = node["realis"]
        if "location" in node:
            event["location"] = self.ref(node["location"], f"{pointer}/location", "entity")
        if "attendee" in node:
            event["participants"] = []
            for i, (item, where) in enumerate(self.items(node["attendee"], f"{pointer}/attendee")):
                event["participants"].append(self.participant(item, where))
                self.origin[f"{canonical}/participants/{i}/entity"] = f"{where}/attendee"
                self.origin[f"{canonical}/participants/{i}/role"] = f"{where}/roleName"
        for key, field in (("duration", "duration"), ("plannedDuration", "planned_duration")):
            if key in node:
                event[field] = node[key]
                self.origin[f"{canonical}/{field}"] = f"{pointer}/{key}"
        if "textMention" in node:
            event["mentions"] = self.spans(
                node["textMention"], f"{pointer}/textMention", f"{canonical}/mentions", mention=True
            )
        return event

    def participant(self, value: Any, pointer: str) -> dict[str, Any]:
        node = self.node(value, pointer, ("roleName", "attendee"), "Role")
        return {
            "entity": self.ref(node.get("attendee"), f"{pointer}/attendee", "entity"),
            "role": node.get("roleName"),
        }

    def quote(self, value: Any, pointer: str, canonical: str) -> dict[str, Any]:
        node = self.node(
            value,
            pointer,
            (
                "identifier",
                "quoteKind",
                "selector",
                "creator",
                "cue",
                "via",
                "isBasedOn",
                "recordedAt",
                "insertion",
                "attributionType",
                "interruption",
                "within",
            ),
            "Quotation",
        )
        self.origin[canonical] = pointer
        quote: dict[str, Any] = {
            "id": self.own_id(node, pointer, "quote"),
            "kind": node.get("quoteKind"),
        }
        self.origin[f"{canonical}/kind"] = f"{pointer}/quoteKind"
        quote["text"], quote["span"] = self.selectors(
            node.get("selector"), f"{pointer}/selector", f"{canonical}/span"
        )
        self.origin[f"{canonical}/text"] = f"{pointer}/selector"
        if "creator" in node:
            quote["speaker"] = self.ref(node["creator"], f"{pointer}/creator", "entity")
        if "cue" in node:
            quote["cue"] = self.span(node["cue"], f"{pointer}/cue", f"{canonical}/cue")
        via = [
            self.ref(item, where, "entity")
            for item, where in self.items(node.get("via", []), f"{pointer}/via")
        ]
        based_on = [
            self.ref(item, where, "entity")
            for item, where in self.items(node.get("isBasedOn", []), f"{pointer}/isBasedOn")
        ]
        if set(via) != set(based_on):
            raise _shape(f"{pointer}/isBasedOn", "isBasedOn must name the same outlets as via")
        if via:
            quote["via"] = via
        if "recordedAt" in node:
            quote["event"] = self.ref(node["recordedAt"], f"{pointer}/recordedAt", "event")
        if "insertion" in node:
            quote["insertions"] = self.spans(
                node["insertion"], f"{pointer}/insertion", f"{canonical}/insertions"
            )
        if "attributionType" in node:
            quote["attribution"] = node["attributionType"]
            self.origin[f"{canonical}/attribution"] = f"{pointer}/attributionType"
        if "interruption" in node:
            quote["interruptions"] = self.spans(
                node["interruption"], f"{pointer}/interruption", f"{canonical}/interruptions"
            )
        if "within" in node:
            quote["within"] = self.ref(node["within"], f"{pointer}/within", "quote")
            self.origin[f"{canonical}/within"] = f"{pointer}/within"
        return quote

    def selectors(self, value: Any, pointer: str, canonical: str) -> tuple[Any, dict[str, Any]]:
        found: dict[str, tuple[Any, str]] = {}
        for item, where in self.items(value, pointer):
            kind = item.get("@type") if isinstance(item, dict) else None
            if kind not in ("TextPositionSelector", "TextQuoteSelector") or kind in found:
                raise _shape(
                    where, "a quote needs one TextPositionSelector and one TextQuoteSelector"
                )
            found[kind] = (item, where)
        if len(found) != 2:
            raise _shape(
                pointer, "a quote needs one TextPositionSelector and one TextQuoteSelector"
            )
        exact_node, exact_where = found["TextQuoteSelector"]
        self.node(exact_node, exact_where, ("exact",), "TextQuoteSelector")
        span_node, span_where = found["TextPositionSelector"]
        return exact_node.get("exact"), self.span(span_node, span_where, canonical)

    def document(self, value: Any) -> dict[str, Any]:
        check_context(value)
        node = self.node(
            value,
            "",
            (
                "@context",
                "jsonSchema",
                "schemaVersion",
                "identifier",
                "headline",
                "articleBody",
                "inLanguage",
                "url",
                "datePublished",
                "dateModified",
                "publisher",
                "author",
                "textSha256",
                "image",
                "mentions",
                "about",
                "quotes",
            ),
            "NewsArticle",
        )
        if node.get("@id") != ARTICLE_NODE:
            raise _shape("/@id", f'expected "@id": "{ARTICLE_NODE}"')
        article: dict[str, Any] = {}
        fields = (
            ("identifier", "id"),
            ("headline", "headline"),
            ("articleBody", "body"),
            ("inLanguage", "language"),
            ("url", "url"),
            ("datePublished", "date_published"),
            ("dateModified", "date_modified"),
            ("textSha256", "text_sha256"),
        )
        for key, field in fields:
            if key in node:
                article[field] = node[key]
            self.origin[f"/article/{field}"] = f"/{key}"
        if "publisher" in node:
            article["publisher"] = self.ref(node["publisher"], "/publisher", "entity")
        if "image" in node:
            article["image"] = [item for item, _ in self.items(node["image"], "/image")]
            self.origin["/article/image"] = "/image"
        if "author" in node:
            article["authors"] = [
                self.ref(item, where, "entity")
                for item, where in self.items(node["author"], "/author")
            ]
        self.origin["/article"] = ""
        self.origin["/schema_version"] = "/schemaVersion"
        canonical: dict[str, Any] = {}
        if "jsonSchema" in node:
            self.origin["/$schema"] = "/jsonSchema"
            canonical["$schema"] = node["jsonSchema"]
        canonical |= {"schema_version": node.get("schemaVersion"), "article": article}
        for key, field, read in (
            ("mentions", "entities", self.entity),
            ("about", "events", self.event),
            ("quotes", "quotes", self.quote),
        ):
            if key in node:
                self.origin[f"/{field}"] = f"/{key}"
                canonical[field] = [
                    read(item, where, f"/{field}/{i}")
                    for i, (item, where) in enumerate(self.items(node[key], f"/{key}"))
                ]
        return canonical


def check_context(value: Any) -> None:
    """Accept only our own context, named by its IRI; never fetch anything.

    Raises:
        Refused: NS060 for a remote or inline context (naming the terms it would redefine),
            NS061 when the input is not a JSON object.
    """
    if not isinstance(value, dict):
        raise _shape("", "a JSON-LD document must be a JSON object")
    if "@context" not in value:
        raise Refused("NS060", "", f'missing "@context": "{CONTEXT_IRI}"')
    context = value["@context"]
    if context == CONTEXT_IRI or context == [CONTEXT_IRI]:
        return
    for item, where in _Reader.items(context, "/@context"):
        if item == CONTEXT_IRI:
            continue
        if isinstance(item, str):
            raise Refused(
                "NS060", where, f"remote context {item[:80]!r} refused: contexts are never fetched"
            )
        if isinstance(item, dict):
            ours = sorted(key for key in item if not key.startswith("@"))
            if ours:
                # Keys are input: each is an excerpt, and only the first few are named.
                shown = ", ".join(excerpt(key) for key in ours[:5])
                if len(ours) > 5:
                    shown += f" and {len(ours) - 5} more"
                raise Refused(
                    "NS060", where, f"inline context refused: it would redefine terms ({shown})"
                )
        raise Refused("NS060", where, f'only "@context": "{CONTEXT_IRI}" is accepted')


def from_jsonld(value: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Rebuild the canonical JSON form from our JSON-LD form (not yet validated).

    Returns:
        The canonical dict and the map from its JSON pointers to those of the input.

    Raises:
        Refused: the input carries a foreign context or is not the shape we write.
    """
    reader = _Reader()
    return reader.document(value), reader.origin


def _locate(
    findings: Sequence[Finding], text: str | None, origin: dict[str, str], file: str | None
) -> list[Finding]:
    """Move findings from canonical pointers to the input's pointers, lines and columns."""
    scanned = None
    index = None
    if text is not None:
        try:
            scanned = scan(text)
            index = LineIndex(text)
        except ScanError:
            scanned = None
    located = []
    for finding in findings:
        pointer, tail = finding.pointer, ""
        while pointer not in origin and pointer:
            pointer, last = pointer.rsplit("/", 1)
            tail = f"/{last}{tail}"
        # Keys below a mapped node mostly keep their names (start, end, name, ...); when they
        # do not, the walk up below lands on the nearest enclosing value.
        source = origin.get(pointer, "") + tail
        line = column = None
        if scanned is not None and index is not None:
            while source not in scanned.values and source:
                source = source.rsplit("/", 1)[0]
            line, column = index.position(scanned.values.get(source, 0))
        located.append(finding.at(pointer=source, line=line, column=column, file=file))
    return located


def load_jsonld(data: bytes, *, file: str | None = None) -> Loaded:
    """Load one document from our JSON-LD bytes; never raises for bad input."""
    try:
        raw = parse_json(data)
    except LoadError as exc:
        return Loaded(None, [f.at(file=file) for f in exc.findings], file=file)
    text = data.decode("utf-8", "surrogatepass")
    try:
        canonical, origin = from_jsonld(raw)
    except Refused as refused:
        finding = Finding(refused.code, Severity.ERROR, refused.message, pointer=refused.pointer)
        return Loaded(
            None,
            _locate([finding], text, {refused.pointer: refused.pointer}, file),
            raw=raw,
            file=file,
        )
    loaded = next(load_bytes(orjson.dumps(canonical), file=file))
    if loaded.document is not None:
        return Loaded(loaded.document, [], raw=raw, file=file)
    return Loaded(None, _locate(loaded.findings, text, origin, file), raw=raw, file=file)


class _JsonLd(Format):
    layout: Literal["document"] = "document"

    def dump(self, document: Document, options: Options) -> bytes:
        # Script-safe, so that the file can be pasted into an HTML page as it is.
        return (script_safe_json(to_jsonld(document)) + "\n").encode("utf-8")

    def read(self, path: Path, options: Options) -> Iterator[Loaded]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            message = f"cannot read file: {exc.strerror or exc}"
            yield Loaded(None, [Finding("NS030", Severity.ERROR, message, file=str(path))])
            return
        yield load_jsonld(data, file=str(path))

    def read_bytes(self, data: bytes, name: str, options: Options) -> Iterator[Loaded]:
        yield load_jsonld(data, file=name)


JSONLD = _JsonLd(
    "jsonld",
    "full-fidelity JSON-LD 1.1 (schema.org, Web Annotation, newsschema vocabulary)",
    suffix=".jsonld",
    suffixes=(".jsonld",),
)
