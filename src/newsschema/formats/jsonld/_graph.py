"""JSON-LD import by graph: any document that expands to our graph, put back into our shape.

A JSON-LD processor (pyld, the ``jsonld`` extra) flattens the input with our context, using an
offline loader that serves only newsschema's and schema.org's contexts (any other remote
context is refused with ``NS060``, nothing is fetched). Flattening makes every shape the same:
other compactions, ``@graph``, framed or flattened documents and other contexts all become one
list of nodes in our terms. From it the exporter's shape is rebuilt: the article node with its
entities (``mentions``), events (``about``) and quotes embedded in the order the graph gives
them, every other blank node (selectors, spans, roles) embedded where it is referred to, and
each entity, event and quote named by its ``identifier`` (a processor relabels blank nodes).
The strict reader (:mod:`._read`) then reads that as it reads an export.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from newsschema.formats.jsonld._policy import Refused, shape
from newsschema.formats.jsonld._terms import ARTICLE_NODE, ENTITY_KINDS, node_id
from newsschema.formats.jsonld.context import (
    CONTEXT_IRI,
    context_document,
    schemaorg_context_bytes,
)

__all__ = ["GraphUnavailable", "reshape"]

_NAMED = {**dict.fromkeys(ENTITY_KINDS, "entity"), "Event": "event", "Quotation": "quote"}
_EMBEDDED = {"mentions", "about", "quotes"}
_SCHEMA_ORG = ("https://schema.org", "http://schema.org")
_PART_OF = ("schema:isPartOf", "isPartOf")


class GraphUnavailable(Exception):
    """No JSON-LD processor is installed (``pip install 'newsschema[jsonld]'``)."""


def _loader() -> Any:
    from pyld.jsonld import JsonLdError

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url == CONTEXT_IRI:
            document = context_document()
        elif url.rstrip("/").startswith(_SCHEMA_ORG):
            document = orjson.loads(schemaorg_context_bytes())
        else:
            raise JsonLdError(
                f"remote context {url[:80]!r} refused: contexts are never fetched",
                "jsonld.LoadDocumentError",
                {"url": url},
                code="loading document failed",
            )
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": document,
        }

    return load


def _reference_terms() -> frozenset[str]:
    """The terms of our context whose string values are node references (``@type: @id``)."""
    context = context_document()["@context"]
    return frozenset(
        term
        for term, definition in context.items()
        if isinstance(definition, dict) and definition.get("@type") in ("@id", "@vocab")
    )


def _types(node: dict[str, Any]) -> list[str]:
    declared = node.get("@type", [])
    return declared if isinstance(declared, list) else [declared]


def _message(error: BaseException) -> str:
    return str(error.args[0]) if error.args else str(error)


def _refused_context(error: Exception) -> str | None:
    """The message of a refused remote context inside pyld's chain of causes, if any."""
    seen: Any = error
    while seen is not None:
        message = _message(seen)
        if "contexts are never fetched" in message:
            return message
        seen = getattr(seen, "cause", None) or seen.__cause__
    return None


def reshape(value: Any) -> dict[str, Any]:
    """Return the exporter's shape of a JSON-LD document that expands to our graph.

    Raises:
        GraphUnavailable: pyld is not installed.
        Refused: NS060 for a context that is never fetched, NS061 when the input is not
            JSON-LD or its graph holds no single article.
    """
    try:
        from pyld import jsonld
    except ImportError as exc:
        raise GraphUnavailable(str(exc)) from exc
    options = {"documentLoader": _loader()}
    dropped: list[str | None] = []
    # A key that expands to no IRI would vanish from the graph: refused, never dropped.
    processor = jsonld.JsonLdProcessor(on_property_dropped=dropped.append)
    try:
        flat = processor.flatten(_numbered(value), {"@context": CONTEXT_IRI}, options)
    except jsonld.JsonLdError as exc:
        refused = _refused_context(exc)
        if refused is not None:
            raise Refused("NS060", "/@context", refused) from exc
        raise shape("", f"not JSON-LD a processor can expand: {_message(exc)}") from exc
    if dropped:
        raise shape("", f"a key expands to no IRI and would be dropped ({dropped[0]!r})")
    graph = flat.get("@graph", []) if isinstance(flat, dict) else []
    if isinstance(flat, dict) and "@graph" not in flat and "@id" in flat:
        graph = [{k: v for k, v in flat.items() if k != "@context"}]
    nodes = {node["@id"]: node for node in graph if isinstance(node, dict) and "@id" in node}
    articles = [node for node in nodes.values() if "NewsArticle" in _types(node)]
    if len(articles) != 1:
        raise shape("", f"expected one NewsArticle node in the graph, found {len(articles)}")
    names: dict[str, str] = {}
    for ident, node in nodes.items():
        kinds = [_NAMED[t] for t in _types(node) if t in _NAMED]
        local = node.get("identifier")
        if kinds and isinstance(local, str):
            names[ident] = node_id(kinds[0], local)
    names[articles[0]["@id"]] = ARTICLE_NODE

    references = _reference_terms()

    def rebuild(item: Any, *, embed: bool, path: frozenset[str], key: str = "") -> Any:
        if isinstance(item, list):
            # A set of one is its member (the strict reader reads a set from either form).
            if len(item) == 1:
                return rebuild(item[0], embed=embed, path=path, key=key)
            return [rebuild(one, embed=embed, path=path, key=key) for one in item]
        if isinstance(item, str) and key in references and item in nodes:
            item = {"@id": item}  # a term coerced to @id compacts a reference to a string
        if not isinstance(item, dict):
            return item
        ident = item.get("@id")
        if list(item) == ["@id"] and isinstance(ident, str):
            if ident in names and not embed:
                return {"@id": names[ident]}
            if ident in nodes and ident not in path:
                item = nodes[ident]
            elif ident in names:
                return {"@id": names[ident]}
            else:
                # An IRI (url, sameAs): our context writes it as a plain string.
                return ident if key in references else {"@id": ident}
        out: dict[str, Any] = {}
        inner = path | {ident} if isinstance(ident, str) else path
        for name, member in item.items():
            if name == "@id":
                if ident in names:
                    out["@id"] = names[ident]
                continue
            out[name] = rebuild(member, embed=False, path=inner, key=name)
        return out

    article = articles[0]
    # Quotes are tied to the article by a reverse property (isPartOf on each quote): they are
    # taken in the order the processor met them (its blank node labels count up).
    quotes = sorted(
        (
            ident
            for ident, node in nodes.items()
            if any(_refers(node.get(key), article["@id"]) for key in _PART_OF)
        ),
        key=_label_order,
    )
    for ident in quotes:
        for key in _PART_OF:
            nodes[ident].pop(key, None)
    top = frozenset({article["@id"]})
    shaped: dict[str, Any] = {"@context": CONTEXT_IRI, "@id": ARTICLE_NODE}
    for key, member in article.items():
        if key != "@id":
            shaped[key] = rebuild(member, embed=key in _EMBEDDED, path=top, key=key)
    if quotes:
        shaped["quotes"] = [
            rebuild({"@id": ident}, embed=True, path=top, key="quotes") for ident in quotes
        ]
    return shaped


def _refers(value: Any, ident: str) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(v == ident or (isinstance(v, dict) and v.get("@id") == ident) for v in values)


def _label_order(ident: str) -> tuple[int, str]:
    """Order blank node labels a processor generated (``_:b2`` before ``_:b10``)."""
    match = re.fullmatch(r"_:b(\d+)", ident)
    return (int(match.group(1)), "") if match else (-1, ident)


def _numbered(value: Any) -> Any:
    """A flattened input's ``@graph`` in the order of its generated labels (numeric order).

    A processor lists a flattened graph by label as text (``_:b10`` before ``_:b2``);
    numeric order is the order it met the nodes in, so the quotes keep their order.
    """
    graph = value.get("@graph") if isinstance(value, dict) else value
    if not isinstance(graph, list) or not all(
        isinstance(n, dict) and isinstance(n.get("@id"), str) for n in graph
    ):
        return value
    ordered = sorted(graph, key=lambda n: _label_order(n["@id"]))
    return {**value, "@graph": ordered} if isinstance(value, dict) else ordered
