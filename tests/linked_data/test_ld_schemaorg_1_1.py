"""Schema 1.1 in the schema.org profile: publishing fields, works, forms, anonymous sources."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from pyld import jsonld

from newsschema.formats import get_document_exporter
from newsschema.formats.schemaorg import schemaorg_dict
from newsschema.models import Document

from .ld_support import corpus_1_1, export_fixture

SCHEMA = "http://schema.org/"
CORPUS = corpus_1_1()
ATTRIBUTION = export_fixture("attribution-1")
PUBLISHING = export_fixture("publishing-1")


def _iris(expanded: Any) -> set[str]:
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


def _variant(document: Document, change: Any) -> Document:
    data = json.loads(document.model_dump_json(exclude_none=True))
    change(data)
    return Document.model_validate(data)


@pytest.mark.parametrize("document", CORPUS, ids=[d.article.id for d in CORPUS])
def test_corpus_uses_only_existing_schemaorg_terms(
    document: Document,
    schemaorg_loader: Any,
    schemaorg_terms: set[str],
    network_attempts: list[Any],
) -> None:
    """Every 1.1 addition expands, offline, to a schema.org 30.0 term; nothing is dropped."""
    data = orjson.loads(get_document_exporter("schemaorg").dump(document, {}))
    dropped: list[Any] = []
    expanded = jsonld.expand(
        data, {"documentLoader": schemaorg_loader}, on_property_dropped=dropped.append
    )
    assert dropped == []
    iris = _iris(expanded)
    for iri in iris:
        assert iri.startswith(SCHEMA) and iri.removeprefix(SCHEMA) in schemaorg_terms, iri
    assert network_attempts == []


def test_corpus_reaches_the_new_schemaorg_terms(schemaorg_loader: Any) -> None:
    """Between them the 1.1 documents use CreativeWork, image, logo, url and description."""
    iris: set[str] = set()
    for document in CORPUS:
        iris |= _iris(jsonld.expand(schemaorg_dict(document), {"documentLoader": schemaorg_loader}))
    for term in ("CreativeWork", "ImageObject", "image", "logo", "url", "description"):
        assert f"{SCHEMA}{term}" in iris, term


def test_publishing_fields_are_where_google_looks() -> None:
    """The article URL is its @id; images, author url and publisher logo are published."""
    data = schemaorg_dict(PUBLISHING)
    article = PUBLISHING.article
    assert data["@id"] == article.url == data["url"]
    assert data["image"] == list(article.image)
    [author] = data["author"]
    assert author["url"] == PUBLISHING.entity("reporter").url
    assert author["image"] == PUBLISHING.entity("reporter").image
    assert data["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": PUBLISHING.entity("daily").image,
    }
    assert "image" not in data["publisher"]


def test_no_url_no_id(sample: Document) -> None:
    """Without a URL the article gets no @id (a blank node, as before)."""
    document = _variant(sample, lambda d: d["article"].pop("url"))
    assert "@id" not in schemaorg_dict(document)


def test_works_are_creative_works() -> None:
    """An entity of kind work (a filing, a report) is a schema.org CreativeWork."""
    mentions = schemaorg_dict(ATTRIBUTION)["mentions"]
    assert {"@type": "CreativeWork", "name": "a court filing"} in mentions


def test_pronoun_and_nominal_mentions_are_never_alternate_names() -> None:
    """Aliases that are the text of pronoun or nominal mentions are not published as names."""

    def add_aliases(data: dict[str, Any]) -> None:
        [lavrov] = [e for e in data["entities"] if e["id"] == "lavrov"]
        lavrov["aliases"] = ["Lavrov", "he", "the minister", "Sergei Lavrov"]

    data = schemaorg_dict(_variant(ATTRIBUTION, add_aliases))
    [lavrov] = [m for m in data["mentions"] if m.get("name") == "Sergey Lavrov"]
    assert lavrov["alternateName"] == ["Lavrov", "Sergei Lavrov"]
    text = json.dumps(data, ensure_ascii=False)
    assert '"he"' not in text and '"the minister"' not in text


def test_anonymous_sources_are_never_published_as_named() -> None:
    """An anonymous source is its description only: no name, alias, sameAs, url or image."""

    def identify(data: dict[str, Any]) -> None:
        [source] = [e for e in data["entities"] if e["id"] == "source"]
        source["aliases"] = ["Ivan Petrov"]
        source["same_as"] = ["https://www.wikidata.org/wiki/Q4115189"]
        source["url"] = "https://example.org/ivan-petrov"
        source["image"] = "https://example.org/ivan.jpg"

    data = schemaorg_dict(_variant(ATTRIBUTION, identify))
    assert {"@type": "Person", "description": "a source familiar with the talks"} in data[
        "mentions"
    ]
    text = json.dumps(data)
    for secret in ("Ivan", "Q4115189", "ivan-petrov", "ivan.jpg"):
        assert secret not in text
    named = [m["name"] for m in data["mentions"] if "name" in m]
    assert "officials" not in named and "a source familiar with the talks" not in named


def test_quotation_text_leaves_out_the_interruption() -> None:
    """A split quote is published as the source's words only, without “he said”."""
    [quotation] = schemaorg_dict(ATTRIBUTION)["hasPart"]
    assert quotation["text"] == "We will, win."
