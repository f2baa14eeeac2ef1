"""Offline linked data: the bundled contexts, the pyld loader, N-Quads and Turtle via rdflib."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import orjson
import pytest
import rdflib
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from pyld import jsonld
from pyld.documentloader.frozen import FrozenDocumentLoader
from rdflib.compare import isomorphic

from newsschema.cli import cli
from newsschema.formats import get_document_exporter
from newsschema.formats.jsonld import to_jsonld
from newsschema.jsonld import (
    CONTEXT_IRI,
    SCHEMA_ORG_CONTEXT_URLS,
    document_loader,
    offline_context,
    schemaorg_context,
    to_graph,
)
from newsschema.models import Document
from newsschema.strategies import documents

from .ld_support import SCHEMA_DIR, VOCAB

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = "http://schema.org/"
# Example counts come from the profile (tests/conftest.py).
FAST = settings(deadline=None, suppress_health_check=list(HealthCheck))


def test_bundled_schemaorg_context_is_the_published_one() -> None:
    """The packaged schema.org context is byte for byte schema.org 30.0's context."""
    if not (VOCAB / "schemaorgcontext.jsonld").is_file():
        pytest.skip("../shared/vocab/schemaorg-30.0 is not available")
    bundled = orjson.loads((VOCAB / "schemaorgcontext.jsonld").read_bytes())
    assert schemaorg_context() == bundled


def test_bundled_context_keeps_its_attribution() -> None:
    """The CC BY-SA notice ships beside the bundled schema.org context."""
    notice = ROOT / "src" / "newsschema" / "formats" / "_schemaorg" / "NOTICE.md"
    text = notice.read_text(encoding="utf-8")
    assert "CC" in text or "Creative Commons" in text
    assert "https://creativecommons.org/licenses/by-sa/3.0/" in text


def test_wheel_includes_the_bundled_context() -> None:
    """pyproject packages src/newsschema whole, so the context and notice are in the wheel."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["src/newsschema"]
    assert not any("_schemaorg" in line for line in (ROOT / ".gitignore").read_text().splitlines())


@FAST
@given(document=documents())
def test_loader_expands_both_exports_offline(
    document: Document, network_attempts: list[Any]
) -> None:
    """pyld expands --to schemaorg and --to jsonld with our loader alone: nothing dropped."""
    for data in (
        orjson.loads(get_document_exporter("schemaorg").dump(document, {})),
        to_jsonld(document),
    ):
        dropped: list[Any] = []
        expanded = jsonld.expand(
            data, {"documentLoader": document_loader()}, on_property_dropped=dropped.append
        )
        assert dropped == [] and expanded[0]["@type"] == [f"{SCHEMA}NewsArticle"]
    assert network_attempts == []


def test_loader_serves_every_schemaorg_url_and_our_context() -> None:
    """Each schema.org context URL and our context IRI are served; the committed file matches."""
    load = document_loader()
    for url in SCHEMA_ORG_CONTEXT_URLS:
        assert load(url)["document"] == schemaorg_context()
    ours = load(CONTEXT_IRI)
    assert ours["documentUrl"] == CONTEXT_IRI
    assert ours["document"] == orjson.loads((SCHEMA_DIR / "context.jsonld").read_bytes())


def test_loader_refuses_other_urls_without_network(network_attempts: list[Any]) -> None:
    """Any other URL fails in pyld with a JsonLdError and no connection is attempted."""
    data = {"@context": "https://example.org/ctx.jsonld", "name": "x"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(data, {"documentLoader": document_loader()})
    with pytest.raises(jsonld.JsonLdError, match="does not serve"):
        document_loader()("https://example.org/ctx.jsonld")
    assert network_attempts == []


def test_loader_serves_extra_documents() -> None:
    """extra= adds the caller's own contexts."""
    url = "https://example.org/ctx.jsonld"
    extra = {"@context": {"name": "http://example.org/name"}}
    expanded = jsonld.expand(
        {"@context": url, "name": "x"}, {"documentLoader": document_loader({url: extra})}
    )
    assert expanded == [{"http://example.org/name": [{"@value": "x"}]}]


def test_documented_frozen_loader_recipe_works(sample: Document) -> None:
    """docs/linked-data.md's FrozenDocumentLoader recipe (with a Path) expands an export."""
    docs = (ROOT / "docs" / "linked-data.md").read_text(encoding="utf-8")
    assert "FrozenDocumentLoader(documents={CONTEXT_IRI: Path(" in docs
    loader = FrozenDocumentLoader(documents={CONTEXT_IRI: SCHEMA_DIR / "context.jsonld"})
    assert jsonld.expand(to_jsonld(sample), {"documentLoader": loader})


@FAST
@given(document=documents())
def test_turtle_and_nquads_are_the_jsonld_graph(
    document: Document, network_attempts: list[Any]
) -> None:
    """--to turtle and --to nquads hold exactly the graph pyld makes of --to jsonld."""
    data = to_jsonld(document)
    nquads = jsonld.to_rdf(
        data, {"documentLoader": document_loader(), "format": "application/n-quads"}
    )
    by_pyld = rdflib.Graph().parse(data=nquads, format="nt")
    turtle = rdflib.Graph().parse(
        data=get_document_exporter("turtle").dump(document, {}), format="turtle"
    )
    nquads_out = get_document_exporter("nquads").dump(document, {})
    quads = rdflib.Dataset().parse(data=nquads_out, format="nquads")
    assert len(by_pyld) > 0
    assert isomorphic(by_pyld, turtle)
    # Valid N-Quads, every statement in the default graph (so also valid N-Triples).
    assert len(quads) == len(by_pyld)
    assert isomorphic(by_pyld, rdflib.Graph().parse(data=nquads_out, format="nt"))
    assert network_attempts == []


def test_turtle_uses_our_prefixes(sample: Document) -> None:
    """Turtle binds schema: to http://schema.org/ (not schema1:) and ns: to our vocabulary."""
    text = get_document_exporter("turtle").dump(sample, {}).decode()
    assert "@prefix schema: <http://schema.org/> ." in text
    assert "@prefix ns: <https://w3id.org/newsschema/vocab#> ." in text
    assert "schema1:" not in text


def test_cli_writes_turtle_and_nquads(tmp_path: Path, sample_dict: dict[str, Any]) -> None:
    """convert --to turtle/nquads writes parseable RDF files named by the format's suffix."""
    source = tmp_path / "doc.json"
    source.write_bytes(orjson.dumps(sample_dict))
    runner = CliRunner()
    for fmt, suffix, parser in (("turtle", ".ttl", "turtle"), ("nquads", ".nq", "nquads")):
        out = tmp_path / f"out{suffix}"
        result = runner.invoke(cli, ["convert", str(source), "--to", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        graph = rdflib.Dataset().parse(out, format=parser)
        assert len(graph) > 10


def test_to_graph_refuses_other_contexts(network_attempts: list[Any]) -> None:
    """to_graph reads our and schema.org's contexts only; another URL is refused, not fetched."""
    with pytest.raises(ValueError, match="newsschema context"):
        to_graph({"@context": "https://evil.example/ctx.jsonld", "@type": "NewsArticle"})
    with pytest.raises(ValueError, match="newsschema context"):
        to_graph({"@type": "NewsArticle"})
    assert network_attempts == []


def _pyld_graph(data: dict[str, Any]) -> rdflib.Graph:
    options = {"documentLoader": document_loader(), "format": "application/n-quads"}
    return rdflib.Graph().parse(data=jsonld.to_rdf(data, options), format="nt")


@pytest.mark.parametrize("fmt", ["jsonld", "schemaorg"])
def test_to_graph_reads_both_outputs_offline(
    sample: Document, network_attempts: list[Any], fmt: str
) -> None:
    """to_graph gives, offline, the graph pyld makes of the jsonld and the schemaorg export."""
    data = orjson.loads(get_document_exporter(fmt).dump(sample, {}))
    graph = to_graph(data)
    assert len(graph) > 20
    assert isomorphic(graph, _pyld_graph(data))
    assert network_attempts == []


@pytest.mark.parametrize("fmt", ["jsonld", "schemaorg"])
def test_rdflibs_own_parser_reads_both_outputs_with_the_offline_context(
    sample: Document, network_attempts: list[Any], fmt: str
) -> None:
    """rdflib's parser with context=offline_context(data) gives the same graph, no network."""
    data = orjson.loads(get_document_exporter(fmt).dump(sample, {}))
    body = {key: value for key, value in data.items() if key != "@context"}
    graph = rdflib.Graph().parse(
        data=orjson.dumps(body).decode(), format="json-ld", context=offline_context(data)
    )
    assert isomorphic(graph, to_graph(data))
    assert network_attempts == []


@FAST
@given(document=documents())
def test_to_graph_of_any_schemaorg_export_is_pyld_graph(document: Document) -> None:
    """For generated documents, to_graph of the schemaorg export is isomorphic to pyld's."""
    data = orjson.loads(get_document_exporter("schemaorg").dump(document, {}))
    assert isomorphic(to_graph(data), _pyld_graph(data))


def test_schema_key_survives_jsonld(sample_dict: dict[str, Any]) -> None:
    """A document's "$schema" goes through --to jsonld and back unchanged."""
    from newsschema.formats.jsonld import load_jsonld

    doc = Document.model_validate({"$schema": "document.schema.json", **sample_dict})
    data = get_document_exporter("jsonld").dump(doc, {})
    assert orjson.loads(data)["jsonSchema"] == "document.schema.json"
    back = load_jsonld(data, file="x.jsonld")
    assert back.document == doc


def test_jsonld_js_expands_the_schemaorg_export_offline(tmp_path: Path, sample: Document) -> None:
    """jsonld.js (npm) expands the schemaorg export with the bundled context, no network."""
    node = shutil.which("node")
    module = Path(os.environ.get("NEWSSCHEMA_JSONLD_JS", ROOT / "build" / "jsonld-js"))
    module = module / "node_modules" / "jsonld"
    if node is None or not module.is_dir():
        pytest.skip("jsonld.js is not installed (.ci/run installs it into build/jsonld-js)")
    (tmp_path / "doc.json").write_bytes(get_document_exporter("schemaorg").dump(sample, {}))
    (tmp_path / "ctx.json").write_bytes(orjson.dumps(schemaorg_context()))
    script = tmp_path / "expand.js"
    script.write_text(
        f"""
const jsonld = require({str(module)!r});
const fs = require('fs');
const ctx = JSON.parse(fs.readFileSync({str(tmp_path / "ctx.json")!r}));
const doc = JSON.parse(fs.readFileSync({str(tmp_path / "doc.json")!r}));
const urls = {orjson.dumps(list(SCHEMA_ORG_CONTEXT_URLS)).decode()};
const documentLoader = async (url) => {{
  if (urls.includes(url)) return {{contextUrl: null, documentUrl: url, document: ctx}};
  throw new Error('refused ' + url);
}};
jsonld.expand(doc, {{documentLoader, safe: true}}).then(
  (out) => {{ console.log(JSON.stringify(out)); }},
  (err) => {{ console.error(err); process.exit(2); }});
""",
        encoding="utf-8",
    )
    # The timeout only stops a hung process, not a speed check.
    result = subprocess.run(
        [node, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    expanded = orjson.loads(result.stdout)
    by_pyld = jsonld.expand(
        orjson.loads(get_document_exporter("schemaorg").dump(sample, {})),
        {"documentLoader": document_loader()},
    )
    assert jsonld.normalize(
        expanded, {"algorithm": "URDNA2015", "format": "application/n-quads"}
    ) == (jsonld.normalize(by_pyld, {"algorithm": "URDNA2015", "format": "application/n-quads"}))
