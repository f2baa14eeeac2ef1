"""JSON-LD import by graph: other shapes of our graph (pyld's outputs) import to the same document.

Each test runs pyld (the JSON-LD processor users run) on an export: compaction with another
context, flattening, framing, expansion. The importer expands what it gets and rebuilds the
document from the graph; the exporter's own shape is still read strictly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld

from newsschema.formats import IMPORTERS
from newsschema.formats.jsonld import to_jsonld
from newsschema.formats.jsonld.context import CONTEXT_IRI, context_document
from newsschema.jsonld import document_loader
from newsschema.models import Document
from newsschema.strategies import documents

OPTIONS = {"documentLoader": document_loader()}
OURS = {"@context": CONTEXT_IRI}


def _import(value: Any) -> Any:
    [loaded] = IMPORTERS["jsonld"].read_bytes(orjson.dumps(value), "doc.jsonld", {})
    return loaded


def _renamed_context() -> dict[str, Any]:
    """Our context inline, with some terms under other names (another context, same graph)."""
    context = dict(context_document()["@context"])
    context["title"] = context.pop("headline")
    context["entitiesMentioned"] = context.pop("mentions")
    context["quoted"] = context.pop("quotes")
    return {"@context": context}


def _flatten(data: dict[str, Any]) -> Any:
    return jsonld.flatten(data, OURS, OPTIONS)


def _flatten_expanded(data: dict[str, Any]) -> Any:
    return jsonld.flatten(data, None, OPTIONS)


def _compact_schemaorg(data: dict[str, Any]) -> Any:
    return jsonld.compact(data, {"@context": "https://schema.org"}, OPTIONS)


def _compact_renamed(data: dict[str, Any]) -> Any:
    return jsonld.compact(data, _renamed_context(), OPTIONS)


def _expand(data: dict[str, Any]) -> Any:
    return jsonld.expand(data, OPTIONS)


def _in_a_graph(data: dict[str, Any]) -> Any:
    node = {key: value for key, value in data.items() if key != "@context"}
    return {"@context": CONTEXT_IRI, "@graph": [node]}


def _frame(data: dict[str, Any]) -> Any:
    frame = {"@context": CONTEXT_IRI, "@type": "NewsArticle", "quotes": {}}
    return jsonld.frame(data, frame, OPTIONS)


ORDERED: dict[str, Callable[[dict[str, Any]], Any]] = {
    "flatten": _flatten,
    "flatten-expanded": _flatten_expanded,
    "compact-schemaorg": _compact_schemaorg,
    "compact-renamed-terms": _compact_renamed,
    "expand": _expand,
    "graph": _in_a_graph,
}


def _without_quote_order(document: Document) -> Document:
    return document.model_copy(
        update={"quotes": tuple(sorted(document.quotes, key=lambda q: q.id))}
    )


@pytest.mark.parametrize("name", sorted(ORDERED))
def test_other_shapes_of_the_seed_import_to_the_same_document(seed: Document, name: str) -> None:
    """pyld's flattened, expanded, @graph and recompacted forms of an export import identically."""
    reshaped = ORDERED[name](to_jsonld(seed))
    assert reshaped != to_jsonld(seed)
    loaded = _import(reshaped)
    assert loaded.findings == []
    assert loaded.document == seed


def test_framed_seed_imports_to_the_same_document_up_to_quote_order(seed: Document) -> None:
    """A framed export imports with every field; only the quotes' order is not in a frame."""
    # Quotes hang from the article by a reverse property (isPartOf), which a graph does not
    # order, and pyld frames them in the text order of its blank node labels.
    loaded = _import(_frame(to_jsonld(seed)))
    assert loaded.findings == []
    assert _without_quote_order(loaded.document) == _without_quote_order(seed)


@settings(settings.get_profile("slow"), suppress_health_check=list(HealthCheck))
@given(document=documents(), name=st.sampled_from([*sorted(ORDERED), "frame"]))
def test_export_reshaped_by_pyld_imports_identically(document: Document, name: str) -> None:
    """Export -> pyld compact/flatten/frame/expand -> import gives the same document."""
    data = to_jsonld(document)
    reshaped = _frame(data) if name == "frame" else ORDERED[name](data)
    loaded = _import(reshaped)
    assert loaded.findings == []
    if name == "frame":
        assert _without_quote_order(loaded.document) == _without_quote_order(document)
    else:
        assert loaded.document == document


def test_remote_context_in_another_shape_is_refused_without_network(
    seed: Document, network_attempts: list[Any]
) -> None:
    """A flattened document naming a context we do not serve is NS060; nothing is fetched."""
    flat = _flatten(to_jsonld(seed))
    flat["@context"] = [CONTEXT_IRI, "https://evil.example/more.jsonld"]
    loaded = _import(flat)
    assert loaded.document is None
    assert [f.code for f in loaded.findings] == ["NS060"]
    assert "https://evil.example/more.jsonld" in loaded.findings[0].message
    assert network_attempts == []


def test_a_key_that_expands_to_nothing_is_refused_not_dropped(seed: Document) -> None:
    """A key of a reshaped document that is no term of its context is refused, never dropped."""
    flat = _flatten(to_jsonld(seed))
    flat["@graph"][0]["nmae"] = "NATO"
    loaded = _import(flat)
    assert loaded.document is None
    assert [f.code for f in loaded.findings] == ["NS061"]


def test_a_graph_without_an_article_is_refused(seed: Document) -> None:
    """A flattened graph whose article node was removed is one NS061."""
    flat = _flatten(to_jsonld(seed))
    flat["@graph"] = [n for n in flat["@graph"] if n.get("@type") != "NewsArticle"]
    loaded = _import(flat)
    assert loaded.document is None
    assert [f.code for f in loaded.findings] == ["NS061"]
