"""Full-fidelity JSON-LD: round trip, real JSON-LD and RDF clients, vocabulary, refusals."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
import rdflib
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld
from rdflib.compare import isomorphic

from newsschema.cli import cli
from newsschema.formats import IMPORTERS, get_document_exporter
from newsschema.formats.canonical import dump_canonical
from newsschema.formats.jsonld import to_jsonld
from newsschema.formats.jsonld.context import (
    CONTEXT_FILENAME,
    CONTEXT_IRI,
    VOCABULARY_FILENAME,
    VOCABULARY_IRI,
    context_document,
)
from newsschema.models import Document
from newsschema.schema import check_schema_files
from newsschema.strategies import documents

from .ld_support import ROOT, SCHEMA_DIR, corpus_1_1, inconsistent_documents

SCHEMA = "http://schema.org/"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
FAST = settings(settings.get_profile("slow"), suppress_health_check=list(HealthCheck))


def export(document: Document) -> bytes:
    return get_document_exporter("jsonld").dump(document, {})


def import_(data: bytes) -> Any:
    [loaded] = IMPORTERS["jsonld"].read_bytes(data, "doc.jsonld", {})
    return loaded


@settings(settings.get_profile("cheap"), suppress_health_check=list(HealthCheck))
@given(documents())
def test_round_trip_gives_the_identical_canonical_document(document: Document) -> None:
    """JSON-LD export then import gives the identical canonical document, with no finding."""
    loaded = import_(export(document))
    assert loaded.findings == []
    assert dump_canonical(loaded.document) == dump_canonical(document)


@settings(suppress_health_check=list(HealthCheck))
@given(inconsistent_documents())
def test_round_trip_keeps_semantically_invalid_documents_as_they_are(document: Document) -> None:
    """JSON-LD round trip carries rule-breaking documents unchanged."""
    # Validation rules are the validator's business; the format must carry the data unchanged.
    loaded = import_(export(document))
    assert dump_canonical(loaded.document) == dump_canonical(document)


def test_every_schemaorg_iri_of_the_context_exists(schemaorg_terms: set[str]) -> None:
    """Every schema: IRI in our context is a real schema.org term."""
    context = context_document()["@context"]
    used = []
    for value in context.values():
        iri = (
            value
            if isinstance(value, str)
            else (value.get("@id") or value.get("@reverse"))
            if isinstance(value, dict)
            else None
        )
        if isinstance(iri, str) and iri.startswith("schema:"):
            used.append(iri.removeprefix("schema:"))
    assert len(used) > 30
    assert [term for term in used if term not in schemaorg_terms] == []


def test_cli_round_trip_of_the_sample(tmp_path: Path, sample: Document) -> None:
    """`convert` to JSON-LD and back to JSON gives the source bytes."""
    source = tmp_path / "doc.json"
    source.write_bytes(dump_canonical(sample))
    runner = CliRunner()
    first = runner.invoke(
        cli, ["convert", str(source), "--to", "jsonld", "-o", str(tmp_path / "doc.jsonld")]
    )
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, ["convert", str(tmp_path / "doc.jsonld"), "--to", "json"])
    assert second.exit_code == 0, second.output
    assert second.stdout_bytes == source.read_bytes()


def test_seed_round_trips(seed: Document) -> None:
    """The seed round-trips through JSON-LD to identical canonical bytes."""
    assert dump_canonical(import_(export(seed)).document) == dump_canonical(seed)


def test_committed_context_and_vocabulary_are_current() -> None:
    """The committed context and vocabulary files are up to date with the code."""
    stale = check_schema_files(SCHEMA_DIR)
    assert CONTEXT_FILENAME not in stale and VOCABULARY_FILENAME not in stale
    assert orjson.loads((SCHEMA_DIR / "context.jsonld").read_bytes()) == context_document()


def _rdf_via_pyld(data: dict[str, Any], loader: Any) -> rdflib.Graph:
    nquads = jsonld.to_rdf(data, {"documentLoader": loader, "format": "application/n-quads"})
    return rdflib.Graph().parse(data=nquads, format="nt")


def _rdf_via_rdflib(data: dict[str, Any]) -> rdflib.Graph:
    # rdflib would fetch a context named by URL, so it gets the committed file's content inline.
    inline = {
        **data,
        "@context": orjson.loads((SCHEMA_DIR / "context.jsonld").read_bytes())["@context"],
    }
    return rdflib.Graph().parse(data=json.dumps(inline), format="json-ld")


def _spans(document: Document) -> int:
    return sum(1 for _ in document.iter_spans())


@FAST
@given(document=documents())
def test_pyld_drops_nothing_and_agrees_with_rdflib(
    document: Document, our_loader: Any, network_attempts: list[Any]
) -> None:
    """pyld drops no property and yields a graph isomorphic to rdflib's, with every annotation."""
    data = to_jsonld(document)
    dropped: list[Any] = []
    expanded = jsonld.expand(
        data, {"documentLoader": our_loader}, on_property_dropped=dropped.append
    )
    assert dropped == []
    assert expanded and expanded[0]["@type"] == [f"{SCHEMA}NewsArticle"]
    by_pyld = _rdf_via_pyld(data, our_loader)
    by_rdflib = _rdf_via_rdflib(data)
    assert len(by_pyld) > 0
    assert isomorphic(by_pyld, by_rdflib)
    # The graph carries every span and every annotation, not just the article.
    types = Counter(str(o) for o in by_pyld.objects(None, rdflib.URIRef(RDF_TYPE)))
    assert types[f"{OA}TextPositionSelector"] == _spans(document)
    assert types[f"{SCHEMA}Quotation"] == len(document.quotes)
    assert types[f"{SCHEMA}Event"] == len(document.events)
    part_of = list(by_pyld.subject_objects(rdflib.URIRef(f"{SCHEMA}isPartOf")))
    assert len(part_of) == len(document.quotes)
    assert all(
        (o, rdflib.RDF.type, rdflib.URIRef(f"{SCHEMA}NewsArticle")) in by_pyld for _, o in part_of
    )
    assert network_attempts == []


def _iris(graph: rdflib.Graph) -> set[str]:
    used = {str(p) for p in graph.predicates()}
    used |= {str(o) for o in graph.objects(None, rdflib.URIRef(RDF_TYPE))}
    return used


def test_every_term_is_schemaorg_web_annotation_or_defined_in_our_vocabulary(
    sample: Document, our_loader: Any, schemaorg_terms: set[str]
) -> None:
    """Every IRI is schema.org, Web Annotation, RDF, or in vocab.ttl with label and comment."""
    vocabulary = rdflib.Graph().parse(SCHEMA_DIR / "vocab.ttl", format="turtle")
    label = rdflib.RDFS.label
    comment = rdflib.RDFS.comment
    seen: set[str] = set()
    for document in (sample,):
        for iri in _iris(_rdf_via_pyld(to_jsonld(document), our_loader)):
            seen.add(iri)
            if iri.startswith(SCHEMA):
                assert iri.removeprefix(SCHEMA) in schemaorg_terms, iri
            elif iri.startswith(VOCABULARY_IRI):
                term = rdflib.URIRef(iri)
                assert vocabulary.value(term, label) and vocabulary.value(term, comment), iri
            else:
                assert iri.startswith((OA, "http://www.w3.org/1999/02/22-rdf-syntax-ns#")), iri
    assert f"{SCHEMA}Quotation" in seen and f"{VOCABULARY_IRI}via" in seen


def test_vocabulary_defines_every_project_term_of_the_context() -> None:
    """vocab.ttl gives a comment for every ns: term of the context."""
    vocabulary = rdflib.Graph().parse(SCHEMA_DIR / "vocab.ttl", format="turtle")
    context = context_document()["@context"]
    ours = [
        value if isinstance(value, str) else value.get("@id", "")
        for value in context.values()
        if isinstance(value, (str, dict))
    ]
    project = [term for term in ours if term.startswith("ns:")]
    assert len(project) >= 10
    for term in project:
        iri = rdflib.URIRef(VOCABULARY_IRI + term.removeprefix("ns:"))
        assert (iri, rdflib.RDFS.comment, None) in vocabulary, term


def test_via_is_an_ordered_rdf_list(sample: Document, our_loader: Any) -> None:
    """The `via` chain of a quote is an RDF list that keeps the outlets' order."""
    graph = _rdf_via_pyld(to_jsonld(sample), our_loader)
    names = []
    for quote in graph.subjects(rdflib.URIRef(f"{SCHEMA}identifier"), rdflib.Literal("q2")):
        chain = graph.value(quote, rdflib.URIRef(f"{VOCABULARY_IRI}via"))
        assert chain is not None
        names += [
            str(graph.value(outlet, rdflib.URIRef(f"{SCHEMA}name")))
            for outlet in rdflib.collection.Collection(graph, chain)
        ]
    assert names == ["RIA Novosti", "Kyiv Post"]


# Refusals: never fetch, never let a context change our terms.
def _with(data: dict[str, Any], **changes: Any) -> bytes:
    return orjson.dumps({**data, **changes}, option=orjson.OPT_INDENT_2)


@pytest.mark.parametrize(
    ("context", "needle"),
    [
        ("https://evil.example/context.jsonld", "remote context"),
        ([CONTEXT_IRI, "https://evil.example/more.jsonld"], "remote context"),
        ([CONTEXT_IRI, {"headline": "https://evil.example/title"}], 'redefine terms ("headline")'),
        ({"@vocab": "http://schema.org/"}, "only"),
        ("http://schema.org", "remote context"),
    ],
)
def test_foreign_contexts_are_refused_without_network(
    sample: Document, network_attempts: list[Any], context: Any, needle: str
) -> None:
    """Foreign contexts are one located NS060 naming the context, without network use."""
    loaded = import_(_with(to_jsonld(sample), **{"@context": context}))
    assert loaded.document is None
    [finding] = loaded.findings
    assert finding.code == "NS060" and needle in finding.message
    assert finding.line is not None and finding.line >= 1
    assert network_attempts == []


def test_embedded_context_in_a_node_is_refused(
    sample: Document, network_attempts: list[Any]
) -> None:
    """An embedded context inside a node is NS060 at that node's @context pointer."""
    data = to_jsonld(sample)
    data["mentions"][0]["@context"] = {"name": "https://evil.example/name"}
    loaded = import_(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    assert [f.code for f in loaded.findings] == ["NS060"]
    assert loaded.findings[0].pointer == "/mentions/0/@context"


def test_cli_refuses_a_remote_context_with_a_located_error(
    tmp_path: Path, sample: Document, network_attempts: list[Any]
) -> None:
    """The CLI refuses a remote context as NS060 at line 2:15, with no network use."""
    path = tmp_path / "remote.jsonld"
    path.write_bytes(_with(to_jsonld(sample), **{"@context": "https://evil.example/c.jsonld"}))
    result = CliRunner().invoke(cli, ["convert", str(path), "--to", "json"])
    assert result.exit_code == 1
    assert f"{path}:2:15: NS060" in result.output
    assert network_attempts == []


def test_unknown_key_and_bad_values_are_located(sample: Document) -> None:
    """An unknown key is NS061 and a bad value NS023, each at its line in the input."""
    data = to_jsonld(sample)
    data["mentions"][1]["nmae"] = "NATO"
    loaded = import_(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    [finding] = loaded.findings
    assert finding.code == "NS061" and finding.pointer == "/mentions/1/nmae"
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    assert text.splitlines()[finding.line - 1].strip().startswith('"nmae"')

    data = to_jsonld(sample)
    data["quotes"][0]["selector"][0]["start"] = -1
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    loaded = import_(text.encode())
    codes = {f.code for f in loaded.findings}
    assert loaded.document is None and "NS023" in codes
    lines = {text.splitlines()[f.line - 1].strip() for f in loaded.findings}
    assert '"start": -1,' in lines


def test_wrong_node_type_and_reference_kind_are_refused(sample: Document) -> None:
    """A wrong @type or a reference to the wrong kind of node is NS061."""
    data = to_jsonld(sample)
    data["about"][0]["@type"] = "Quotation"
    assert [f.code for f in import_(orjson.dumps(data)).findings] == ["NS061"]
    data = to_jsonld(sample)
    data["quotes"][0]["creator"] = "_:event-talks"
    assert [f.code for f in import_(orjson.dumps(data)).findings] == ["NS061"]
    data = to_jsonld(sample)
    data["quotes"][1]["isBasedOn"] = ["_:entity-ria"]
    assert [f.code for f in import_(orjson.dumps(data)).findings] == ["NS061"]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*path, i))
    return found


@settings(settings.get_profile("cheap"), suppress_health_check=list(HealthCheck))
@given(documents(max_entities=3), st.data(), _JSON)
def test_corrupted_jsonld_never_crashes(document: Document, data: st.DataObject, junk: Any) -> None:
    """Corrupting any value of an export never crashes the importer; refusals are located."""
    value = to_jsonld(document)
    path = data.draw(st.sampled_from(_paths(value)[1:]))
    node = value
    for key in path[:-1]:
        node = node[key]
    if data.draw(st.booleans()) and isinstance(node, dict):
        del node[path[-1]]
    else:
        node[path[-1]] = junk
    loaded = import_(orjson.dumps(value))
    if loaded.document is None:
        assert loaded.findings and all(f.code.startswith("NS") for f in loaded.findings)
        assert all(f.line is not None for f in loaded.findings)


def test_not_json_gives_the_loader_error() -> None:
    """Input that is not JSON gives the loader's NS001."""
    loaded = import_(b'{"@context": ')
    assert [f.code for f in loaded.findings] == ["NS001"]


def test_output_is_refused_over_the_input(tmp_path: Path, sample: Document) -> None:
    """Converting a JSON-LD file onto itself exits 2 and keeps the file."""
    path = tmp_path / "doc.jsonld"
    path.write_bytes(export(sample))
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["convert", str(path), "--to", "jsonld", "-o", str(path)])
    assert result.exit_code == 2 and path.read_bytes() == before


def test_root_is_the_repository() -> None:
    """The mapping file is found from the repository root and names our context IRI."""
    assert (ROOT / "exporters" / "jsonld.json").is_file()
    mapping = orjson.loads((ROOT / "exporters" / "jsonld.json").read_bytes())
    assert mapping["context_iri"] == CONTEXT_IRI


def _keys_and_types(value: Any, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("@"):
                found.add(key)
            elif key == "@type" and isinstance(item, str) and ":" not in item:
                found.add(item)
            _keys_and_types(item, found)
    elif isinstance(value, list):
        for item in value:
            _keys_and_types(item, found)
    return found


def test_every_mapping_term_is_used_by_the_exporter(sample_dict: dict[str, Any]) -> None:
    """The exporter uses exactly the terms listed in exporters/jsonld.json."""
    data = json.loads(json.dumps(sample_dict))
    body = data["article"]["body"]
    data["$schema"] = "../schema/document.schema.json"
    data["article"]["date_modified"] = "2022-01-14T08:00:00+02:00"
    data["article"]["text_sha256"] = hashlib.sha256(body.encode()).hexdigest()
    data["entities"].append({"id": "geneva", "kind": "place", "name": "Geneva"})
    data["entities"].append({"id": "paper", "kind": "other", "name": "the paper"})
    data["entities"].append({"id": "russia", "kind": "gpe", "name": "Russia"})
    data["events"][1]["location"] = "geneva"
    data["events"][1]["date"]["end"] = "2022-01-13"
    start = body.index("(Jens)")
    data["quotes"].append(
        {
            "id": "q4",
            "kind": "partial",
            "text": body[start : start + 18],
            "span": {"start": start, "end": start + 18},
            "insertions": [{"start": start, "end": start + 6}],
        }
    )
    used = _keys_and_types(to_jsonld(Document.model_validate(data)), set())
    # The schema 1.1 corpus uses the terms the 1.0 sample cannot.
    for document in corpus_1_1():
        _keys_and_types(to_jsonld(document), used)
    mapping = orjson.loads((ROOT / "exporters" / "jsonld.json").read_bytes())
    assert used == set(mapping["terms"])


def test_our_terms_are_protected_for_other_jsonld_processors(
    sample: Document, our_loader: Any
) -> None:
    """Our context protects its terms: redefining one makes pyld raise."""
    data = to_jsonld(sample)
    data["@context"] = [CONTEXT_IRI, {"headline": "https://evil.example/title"}]
    with pytest.raises(jsonld.JsonLdError) as error:
        jsonld.expand(data, {"documentLoader": our_loader})
    assert "redefine a protected term" in str(error.value)
