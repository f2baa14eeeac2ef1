"""Schema 1.1 fields in full-fidelity JSON-LD: lossless import, RDF meaning, refusals."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import orjson
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from pyld import jsonld
from rdflib.compare import isomorphic

from newsschema.formats import IMPORTERS, get_document_exporter
from newsschema.formats.canonical import dump_canonical
from newsschema.formats.jsonld import to_jsonld
from newsschema.formats.jsonld.context import VOCABULARY_IRI
from newsschema.models import Document
from newsschema.strategies import documents

from .ld_support import SCHEMA_DIR, corpus_1_1, export_fixture

SCHEMA = "http://schema.org/"
OA = "http://www.w3.org/ns/oa#"
NS = VOCABULARY_IRI
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
CORPUS = corpus_1_1()
ATTRIBUTION = export_fixture("attribution-1")
IDS = [document.article.id for document in CORPUS]


def _import(data: bytes) -> Any:
    [loaded] = IMPORTERS["jsonld"].read_bytes(data, "doc.jsonld", {})
    return loaded


def _graph(document: Document, loader: Any) -> rdflib.Graph:
    nquads = jsonld.to_rdf(
        to_jsonld(document), {"documentLoader": loader, "format": "application/n-quads"}
    )
    return rdflib.Graph().parse(data=nquads, format="nt")


def _by_identifier(graph: rdflib.Graph, identifier: str) -> Any:
    [node] = graph.subjects(rdflib.URIRef(f"{SCHEMA}identifier"), rdflib.Literal(identifier))
    return node


def test_corpus_uses_every_field_added_in_1_1() -> None:
    """The corpus really exercises each 1.1 field, so the round trips below cover them."""
    entities = [e for d in CORPUS for e in d.entities]
    quotes = [q for d in CORPUS for q in d.quotes]
    mentions = [m for d in CORPUS for x in (*d.entities, *d.events) for m in x.mentions]
    assert {q.attribution for q in quotes} >= {"speech", "belief", "knowledge", "intention"}
    assert any(q.interruptions for q in quotes) and any(q.within for q in quotes)
    assert any(e.kind == "work" for e in entities) and any(e.anonymous for e in entities)
    assert any(e.url for e in entities) and any(e.image for e in entities)
    assert {m.form for m in mentions} >= {"name", "nominal", "pronoun"}
    assert any(d.article.headline is None for d in CORPUS)
    assert any(d.article.image for d in CORPUS)


@pytest.mark.parametrize("document", CORPUS, ids=IDS)
def test_corpus_round_trips_identically(document: Document) -> None:
    """Canonical -> JSON-LD -> canonical gives the same bytes for every 1.1 document."""
    loaded = _import(get_document_exporter("jsonld").dump(document, {}))
    assert loaded.findings == []
    assert dump_canonical(loaded.document) == dump_canonical(document)


@pytest.mark.parametrize("document", CORPUS, ids=IDS)
def test_pyld_drops_nothing_and_agrees_with_rdflib(
    document: Document, our_loader: Any, network_attempts: list[Any]
) -> None:
    """Every 1.1 term is in the published context: pyld drops no key and rdflib agrees."""
    data = to_jsonld(document)
    dropped: list[Any] = []
    jsonld.expand(data, {"documentLoader": our_loader}, on_property_dropped=dropped.append)
    assert dropped == []
    inline = {
        **data,
        "@context": orjson.loads((SCHEMA_DIR / "context.jsonld").read_bytes())["@context"],
    }
    by_rdflib = rdflib.Graph().parse(data=json.dumps(inline), format="json-ld")
    assert isomorphic(_graph(document, our_loader), by_rdflib)
    assert network_attempts == []


@given(documents(schema_version="1.1"))
def test_generated_1_1_documents_round_trip(document: Document) -> None:
    """Hypothesis: any valid 1.1 document comes back byte-identical from JSON-LD."""
    loaded = _import(get_document_exporter("jsonld").dump(document, {}))
    assert loaded.findings == []
    assert dump_canonical(loaded.document) == dump_canonical(document)


# The fixtures are shared by all examples: the loader is immutable, and no example may ever
# add a network attempt.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents(max_entities=4, schema_version="1.1"))
def test_generated_1_1_documents_are_read_by_pyld_and_rdflib(
    document: Document, our_loader: Any, network_attempts: list[Any]
) -> None:
    """Hypothesis: pyld drops no 1.1 key, agrees with rdflib, and counts every span."""
    data = to_jsonld(document)
    dropped: list[Any] = []
    jsonld.expand(data, {"documentLoader": our_loader}, on_property_dropped=dropped.append)
    assert dropped == []
    graph = _graph(document, our_loader)
    inline = {
        **data,
        "@context": orjson.loads((SCHEMA_DIR / "context.jsonld").read_bytes())["@context"],
    }
    assert isomorphic(graph, rdflib.Graph().parse(data=json.dumps(inline), format="json-ld"))
    selectors = Counter(str(o) for o in graph.objects(None, rdflib.RDF.type))
    assert selectors[f"{OA}TextPositionSelector"] == sum(1 for _ in document.iter_spans())
    nested = sum(1 for _ in graph.subject_objects(rdflib.URIRef(f"{NS}within")))
    assert nested == sum(1 for quote in document.quotes if quote.within is not None)
    assert network_attempts == []


def test_new_terms_mean_what_the_model_says(our_loader: Any, schemaorg_terms: set[str]) -> None:
    """Nesting links quote nodes, interruptions are selectors, works are CreativeWorks."""
    document = ATTRIBUTION
    graph = _graph(document, our_loader)
    vocabulary = rdflib.Graph().parse(SCHEMA_DIR / "vocab.ttl", format="turtle")
    nested = _by_identifier(graph, "q2")
    enclosing = graph.value(nested, rdflib.URIRef(f"{NS}within"))
    assert enclosing == _by_identifier(graph, "q1")
    assert (enclosing, rdflib.RDF.type, rdflib.URIRef(f"{SCHEMA}Quotation")) in graph
    assert str(graph.value(nested, rdflib.URIRef(f"{NS}attributionType"))) == "belief"
    split = _by_identifier(graph, "q3")
    [interruption] = graph.objects(split, rdflib.URIRef(f"{NS}interruption"))
    assert (interruption, rdflib.RDF.type, rdflib.URIRef(f"{OA}TextPositionSelector")) in graph
    expected = document.quote("q3").interruptions[0]
    start = graph.value(interruption, rdflib.URIRef(f"{OA}start"))
    assert isinstance(start, rdflib.Literal) and start.toPython() == expected.start
    filing = _by_identifier(graph, "filing")
    assert (filing, rdflib.RDF.type, rdflib.URIRef(f"{SCHEMA}CreativeWork")) in graph
    source = _by_identifier(graph, "source")
    anonymous = graph.value(source, rdflib.URIRef(f"{NS}anonymous"))
    assert anonymous is not None and anonymous.toPython() is True
    forms = Counter(str(o) for o in graph.objects(None, rdflib.URIRef(f"{NS}mentionForm")))
    assert forms == Counter(
        m.form for x in (*document.entities, *document.events) for m in x.mentions if m.form
    )
    for term in ("within", "attributionType", "interruption", "anonymous", "mentionForm"):
        assert (rdflib.URIRef(f"{NS}{term}"), rdflib.RDFS.label, None) in vocabulary, term
    assert {"CreativeWork", "image", "url"} <= schemaorg_terms


def test_1_0_output_has_none_of_the_new_terms(sample: Document) -> None:
    """A 1.0 document exports exactly the keys it did before 1.1 (no empty new terms)."""
    text = orjson.dumps(to_jsonld(sample)).decode()
    for term in ("attributionType", "interruption", "within", "anonymous", "mentionForm", "image"):
        assert f'"{term}"' not in text, term


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        (lambda d: d["mentions"][1].__setitem__("image", ["https://a.example/1.png"] * 2), "image"),
        (lambda d: d["quotes"][1].__setitem__("within", "_:entity-lavrov"), "within"),
        (lambda d: d["quotes"][0]["selector"][0].__setitem__("mentionForm", "name"), "selector"),
    ],
    ids=["two-entity-images", "within-names-an-entity", "form-on-a-quote-span"],
)
def test_malformed_1_1_terms_are_refused_and_located(change: Any, pointer: str) -> None:
    """Wrong shapes of the 1.1 terms give a located NS061, never a crash or a silent drop."""
    data = to_jsonld(ATTRIBUTION)
    change(data)
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    loaded = _import(text)
    assert loaded.document is None
    [finding] = loaded.findings
    assert finding.code == "NS061" and pointer in finding.pointer
    assert finding.line is not None
