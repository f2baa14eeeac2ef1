"""The reader of ``--from jsonld``: our JSON-LD shape back into the canonical document.

The reader walks the shape the writer (:mod:`._write`) produces and nothing else: any
other key, type or reference is refused with ``NS061`` at its JSON pointer, and a foreign context
with ``NS060`` (:mod:`._policy`). The rebuilt canonical dict goes through the strict
loader, and its findings are moved back to the input's lines and columns
(:mod:`._locate`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from newsschema._scan import excerpt
from newsschema.findings import Finding, Severity
from newsschema.formats.jsonld._locate import locate
from newsschema.formats.jsonld._policy import Refused, check_context, items, member, shape
from newsschema.formats.jsonld._terms import (
    ARTICLE_NODE,
    CONTEXT_IRI,
    ENTITY_KINDS,
    date_type,
    node_id,
)
from newsschema.loader import Loaded, LoadError, load_bytes, parse_json

__all__ = ["from_jsonld", "load_jsonld"]


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
            raise shape(pointer, "expected a JSON-LD node object")
        if "@context" in value and pointer:
            raise Refused("NS060", f"{pointer}/@context", "embedded @context is not accepted")
        allowed_keys = set(allowed) | {"@id", "@type"}
        for key in value:
            if key not in allowed_keys:
                raise shape(member(pointer, key), f"unknown JSON-LD key {excerpt(key)}")
        if type_ is not None and value.get("@type") != type_:
            raise shape(f"{pointer}/@type", f'expected "@type": "{type_}"')
        return value

    @staticmethod
    def string(value: Any, pointer: str) -> str:
        if not isinstance(value, str):
            raise shape(pointer, "expected a string")
        return value

    @staticmethod
    def ref(value: Any, pointer: str, kind: str) -> str:
        prefix = f"_:{kind}-"
        if isinstance(value, dict) and list(value) == ["@id"]:
            value = value["@id"]
        if not isinstance(value, str) or not value.startswith(prefix):
            raise shape(pointer, f"expected a reference to an {kind} node ({prefix}ID)")
        return value[len(prefix) :]

    def own_id(self, node: dict[str, Any], pointer: str, kind: str) -> str:
        local = self.string(node.get("identifier"), f"{pointer}/identifier")
        if node.get("@id") != node_id(kind, local):
            raise shape(f"{pointer}/@id", f'expected "@id": "{node_id(kind, local)}"')
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
            for i, (item, where) in enumerate(items(value, pointer))
        ]

    def one(self, value: Any, pointer: str) -> Any:
        """The single member of a set that holds one value for this field (entity image)."""
        members = items(value, pointer)
        if len(members) != 1:
            raise shape(pointer, "expected exactly one value")
        return members[0][0]

    def date(self, value: Any, pointer: str) -> str:
        if isinstance(value, dict):
            node = self.node(value, pointer, ("@value",), None)
            text = self.string(node.get("@value"), f"{pointer}/@value")
            expected = date_type(text)
            if node.get("@type") != expected:
                raise shape(
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
        kind = ENTITY_KINDS.get(declared) if isinstance(declared, str) else None
        if kind is None:
            raise shape(
                f"{pointer}/@type", f"entity @type must be one of {', '.join(ENTITY_KINDS)}"
            )
        entity: dict[str, Any] = {
            "id": self.own_id(node, pointer, "entity"),
            "kind": kind,
            "name": node.get("name"),
        }
        for key, field in (("alternateName", "aliases"), ("sameAs", "same_as")):
            if key in node:
                entity[field] = [item for item, _ in items(node[key], f"{pointer}/{key}")]
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
                date["inferred"] = [item for item, _ in items(node["inferredDatePart"], where)]
                self.origin[f"{canonical}/date/inferred"] = where
            event["date"] = date
            self.origin[f"{canonical}/date/start"] = f"{pointer}/startDate"
            self.origin[f"{canonical}/date/end"] = f"{pointer}/endDate"
        elif "endDate" in node or "inferredDatePart" in node:
            raise shape(pointer, "endDate or inferredDatePart without startDate")
        if "realis" in node:
            event["realis"] = node["realis"]
        if "location" in node:
            event["location"] = self.ref(node["location"], f"{pointer}/location", "entity")
        if "attendee" in node:
            event["participants"] = []
            for i, (item, where) in enumerate(items(node["attendee"], f"{pointer}/attendee")):
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
            for item, where in items(node.get("via", []), f"{pointer}/via")
        ]
        based_on = [
            self.ref(item, where, "entity")
            for item, where in items(node.get("isBasedOn", []), f"{pointer}/isBasedOn")
        ]
        if set(via) != set(based_on):
            raise shape(f"{pointer}/isBasedOn", "isBasedOn must name the same outlets as via")
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
        for item, where in items(value, pointer):
            kind = item.get("@type") if isinstance(item, dict) else None
            if kind not in ("TextPositionSelector", "TextQuoteSelector") or kind in found:
                raise shape(
                    where, "a quote needs one TextPositionSelector and one TextQuoteSelector"
                )
            found[kind] = (item, where)
        if len(found) != 2:
            raise shape(pointer, "a quote needs one TextPositionSelector and one TextQuoteSelector")
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
            raise shape("/@id", f'expected "@id": "{ARTICLE_NODE}"')
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
            article["image"] = [item for item, _ in items(node["image"], "/image")]
            self.origin["/article/image"] = "/image"
        if "author" in node:
            article["authors"] = [
                self.ref(item, where, "entity") for item, where in items(node["author"], "/author")
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
                    for i, (item, where) in enumerate(items(node[key], f"/{key}"))
                ]
        return canonical


def from_jsonld(value: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Rebuild the canonical JSON form from our JSON-LD form (not yet validated).

    Returns:
        The canonical dict and the map from its JSON pointers to those of the input.

    Raises:
        Refused: the input carries a foreign context or is not the shape we write.
    """
    reader = _Reader()
    return reader.document(value), reader.origin


def _exporters_shape(raw: Any) -> bool:
    """True for the exporter's own shape: our context and the article node ``_:article``.

    Such a document is read strictly (every deviation is a located NS061, nothing is dropped);
    a processor relabels blank nodes, so its output always goes through the graph.
    """
    return (
        isinstance(raw, dict)
        and raw.get("@context") == CONTEXT_IRI
        and raw.get("@id") == ARTICLE_NODE
    )


def _by_graph(raw: Any, refused: Refused) -> dict[str, Any] | Refused:
    """Read a document in another JSON-LD shape through its graph (pyld), or say why not.

    The exporter's own shape is read strictly; any other JSON-LD document is flattened by a
    JSON-LD processor and rebuilt (:mod:`._graph`). Without pyld, or when
    the graph is not ours either, the first refusal stands (it is located in the input).
    """
    if not isinstance(raw, (dict, list)) or _exporters_shape(raw):
        return refused
    from newsschema.formats.jsonld._graph import GraphUnavailable, reshape

    try:
        canonical, _ = from_jsonld(reshape(raw))
    except GraphUnavailable:
        return Refused(
            refused.code,
            refused.pointer,
            f"{refused.message} (other JSON-LD shapes are read with a JSON-LD processor: "
            "pip install 'newsschema[jsonld]')",
        )
    except Refused as again:
        # A refused context is the clearest reason; otherwise the located first refusal.
        return again if again.code == "NS060" and refused.code != "NS060" else refused
    return canonical


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
        by_graph = _by_graph(raw, refused)
        if isinstance(by_graph, Refused):
            finding = Finding(
                by_graph.code, Severity.ERROR, by_graph.message, pointer=by_graph.pointer
            )
            return Loaded(
                None,
                locate([finding], text, {by_graph.pointer: by_graph.pointer}, file),
                raw=raw,
                file=file,
            )
        # Read through the graph: positions name the input's top (the shape is rebuilt).
        canonical, origin = by_graph, {"": ""}
    loaded = next(load_bytes(orjson.dumps(canonical), file=file))
    if loaded.document is not None:
        return Loaded(loaded.document, [], raw=raw, file=file)
    return Loaded(None, locate(loaded.findings, text, origin, file), raw=raw, file=file)
