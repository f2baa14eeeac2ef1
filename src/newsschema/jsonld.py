"""Offline JSON-LD processing: a document loader for pyld and RDF graphs via rdflib.

Every JSON-LD document newsschema writes names a context by URL: ours
(``https://w3id.org/newsschema/1.0/context.jsonld``) for ``--to jsonld`` and schema.org's
(``https://schema.org``) for ``--to schemaorg``. A JSON-LD processor would fetch them;
:func:`document_loader` serves both from the installed package instead, and refuses every
other URL, so expansion works offline and never touches the network::

    from pyld import jsonld
    from newsschema.jsonld import document_loader

    expanded = jsonld.expand(data, {"documentLoader": document_loader()})

rdflib has no loader hook, so :func:`to_graph` hands it the context inline (for both outputs),
and :func:`offline_context` gives the same inline context to rdflib's own parser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import orjson

from newsschema.formats.jsonld import CONTEXT_IRI, context_document, schemaorg_context_bytes

if TYPE_CHECKING:  # rdflib is the optional "rdf" extra
    import rdflib

__all__ = [
    "CONTEXT_IRI",
    "SCHEMA_ORG_CONTEXT_URLS",
    "document_loader",
    "offline_context",
    "schemaorg_context",
    "to_graph",
]

SCHEMA_ORG_CONTEXT_URLS = (
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
    "https://schema.org/docs/jsonldcontext.jsonld",
    "http://schema.org/docs/jsonldcontext.jsonld",
)
"""URLs under which schema.org publishes its context; the loader serves the bundled copy."""

Loader = Callable[..., dict[str, Any]]


def schemaorg_context() -> dict[str, Any]:
    """Return schema.org's JSON-LD context document (release 30.0, bundled; CC BY-SA 3.0)."""
    document: dict[str, Any] = orjson.loads(schemaorg_context_bytes())
    return document


def _documents() -> dict[str, Callable[[], dict[str, Any]]]:
    served: dict[str, Callable[[], dict[str, Any]]] = {CONTEXT_IRI: context_document}
    served.update(dict.fromkeys(SCHEMA_ORG_CONTEXT_URLS, schemaorg_context))
    return served


def document_loader(
    extra: Mapping[str, Mapping[str, Any]] | None = None,
) -> Loader:
    """Return a pyld document loader that serves newsschema's and schema.org's contexts offline.

    Args:
        extra: More documents to serve, by URL (parsed JSON), e.g. your own contexts.

    Returns:
        A callable ``loader(url, options=None)`` in pyld's remote-document form. Any URL it
        does not serve raises pyld's ``JsonLdError`` (``loading document failed``) without a
        connection being attempted.
    """
    served = _documents()
    extras = {url: dict(document) for url, document in (extra or {}).items()}

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url in extras:
            document = extras[url]
        elif url in served:
            document = served[url]()
        else:
            raise _refusal(url)
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": document,
        }

    return load


def _refusal(url: str) -> Exception:
    message = f"newsschema's offline loader does not serve {url!r} (no network is used)"
    try:
        from pyld.jsonld import JsonLdError
    except ImportError:  # used without pyld: any exception tells the caller
        return LookupError(message)
    error: Exception = JsonLdError(
        message, "jsonld.LoadDocumentError", {"url": url}, code="loading document failed"
    )
    return error


def offline_context(data: Mapping[str, Any]) -> Any:
    """Return ``data``'s ``@context`` with the context URLs we serve replaced by their content.

    This is the offline option for rdflib's own JSON-LD parser, which fetches a context URL and
    has no loader hook: parse the document without its ``@context`` and hand it this one
    (rdflib's ``context=`` option)::

        body = {k: v for k, v in data.items() if k != "@context"}
        graph = rdflib.Graph().parse(
            data=json.dumps(body), format="json-ld", context=offline_context(data)
        )

    Args:
        data: A parsed ``--to jsonld`` or ``--to schemaorg`` document.

    Raises:
        ValueError: the context names a URL that is neither newsschema's nor schema.org's
            (nothing is fetched).
    """

    def inline(item: Any) -> Any:
        if isinstance(item, str):
            served = _documents().get(item)
            if served is None:
                raise ValueError(
                    f"expected the newsschema context {CONTEXT_IRI} or schema.org's, "
                    f"not {item[:80]!r} (nothing is fetched)"
                )
            return served()["@context"]
        if isinstance(item, list):
            return [inline(member) for member in item]
        return item

    if "@context" not in data:
        raise ValueError(f"expected the newsschema context {CONTEXT_IRI} or schema.org's")
    return inline(data["@context"])


def to_graph(data: Mapping[str, Any]) -> rdflib.Graph:
    """Parse a ``--to jsonld`` or ``--to schemaorg`` document into an rdflib graph, offline.

    Args:
        data: The parsed JSON-LD (its ``@context`` names newsschema's context or schema.org's).

    Raises:
        ImportError: rdflib is not installed (``pip install 'newsschema[rdf]'``).
        ValueError: ``data`` names another context (nothing is fetched).
    """
    import rdflib

    context = offline_context(data)
    inline = {**data, "@context": context}
    graph = rdflib.Graph()
    # Our prefixes, not rdflib's defaults (which bind schema: to https://schema.org/).
    if data.get("@context") == CONTEXT_IRI:
        for prefix, iri in context.items():
            if isinstance(iri, str) and not prefix.startswith("@"):
                graph.bind(prefix, iri, override=True, replace=True)
    return graph.parse(data=orjson.dumps(inline).decode(), format="json-ld")
