"""The schema.org profile: schema.org terms only, expanded by pyld from the offline context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from pyld import jsonld

from newsschema.formats import get_document_exporter
from newsschema.formats.schemaorg import DROPPED, schemaorg_dict
from newsschema.models import Document
from newsschema.strategies import documents

from .ld_support import ROOT

SCHEMA = "http://schema.org/"


def _iris(expanded: Any) -> set[str]:
    """Every property and type IRI in expanded JSON-LD."""
    found: set[str] = set()
    if isinstance(expanded, list):
        for item in expanded:
            found |= _iris(item)
    elif isinstance(expanded, dict):
        for key, value in expanded.items():
            if key == "@type":
                found.update(value if isinstance(value, list) else [value])
            elif not key.startswith("@"):
                found.add(key)
            if key != "@value":
                found |= _iris(value)
    return found


@settings(settings.get_profile("slow"), suppress_health_check=list(HealthCheck))
@given(document=documents())
def test_only_existing_schemaorg_terms_and_nothing_dropped(
    document: Document,
    schemaorg_loader: Any,
    schemaorg_terms: set[str],
    network_attempts: list[Any],
) -> None:
    """The schema.org export expands with nothing dropped, to real schema.org terms only."""
    data = orjson.loads(get_document_exporter("schemaorg").dump(document, {}))
    assert data["@context"] == "https://schema.org"
    dropped: list[Any] = []
    expanded = jsonld.expand(
        data, {"documentLoader": schemaorg_loader}, on_property_dropped=dropped.append
    )
    assert dropped == []
    iris = _iris(expanded)
    assert iris, "expansion produced nothing"
    for iri in iris:
        assert iri.startswith(SCHEMA), iri
        assert iri.removeprefix(SCHEMA) in schemaorg_terms, iri
    assert network_attempts == []


def test_sample_profile_content(sample: Document) -> None:
    """The schema.org profile maps the sample article, quotes, entities and events as documented."""
    data = schemaorg_dict(sample)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == sample.article.headline
    assert data["datePublished"] == "2022-01-13T12:30:00Z"
    assert data["author"] == [{"@type": "Person", "name": "A. Reporter"}]
    assert data["publisher"] == {"@type": "NewsMediaOrganization", "name": "Kyiv Post"}
    # Only reported words are Quotations: the direct quote, not the indirect or scare quote.
    assert [part["text"] for part in data["hasPart"]] == [
        "The Americans promised us to do their best,"
    ]
    quotation = data["hasPart"][0]
    assert quotation["creator"]["name"] == "Sergey Lavrov"
    assert quotation["creator"]["sameAs"] == ["https://www.wikidata.org/wiki/Q150851"]
    assert quotation["isBasedOn"] == [{"@type": "NewsMediaOrganization", "name": "RIA Novosti"}]
    assert {e["name"] for e in data["mentions"]} == {e.name for e in sample.entities}
    talks = next(e for e in data["about"] if e["name"] == "Russia-NATO talks")
    assert talks["organizer"] == [{"@type": "Organization", "name": "NATO"}]
    assert talks["attendee"][0]["name"] == "Sergey Lavrov"
    assert talks["duration"] == "PT4H" and talks["startDate"] == "2022-01-12"


def test_dropped_fields_are_documented() -> None:
    """Every field the schema.org profile drops is named in docs/linked-data.md."""
    docs = (ROOT / "docs" / "linked-data.md").read_text(encoding="utf-8")
    for field, _ in DROPPED:
        assert f"`{field}`" in docs, field


def test_seed_exports(seed: Document, tmp_path: Path) -> None:
    """The seed exports to schema.org with its headline and one mention per entity."""
    data = schemaorg_dict(seed)
    assert data["headline"] == seed.article.headline
    assert len(data.get("mentions", [])) == len(seed.entities)
