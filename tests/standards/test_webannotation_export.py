"""--to webannotation: the W3C test suite's MUST assertions, pyld offline, and what maps where."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from pyld import jsonld
from pyld.documentloader.frozen import FrozenDocumentLoader

from newsschema.formats import get_document_exporter
from newsschema.loader import load_document
from newsschema.models import Document
from newsschema.strategies import documents

from ..tools.tools_support import tool_documents
from .standards_support import (
    ANNO_CONTEXT_FILE,
    WEB_ANNOTATION,
    annotations_of,
    collection_failures,
    need,
    w3c_failures,
)

ROOT = Path(__file__).resolve().parents[2]
ANNO = "http://www.w3.org/ns/anno.jsonld"
OA = "http://www.w3.org/ns/oa#"
QUIET = settings(suppress_health_check=list(HealthCheck))


def _export(document: Document) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(get_document_exporter("webannotation").dump(document, {}))
    return data


@pytest.fixture(scope="module")
def seed() -> Document:
    return load_document(next((ROOT / "seeds").glob("*.json")))


@pytest.fixture(scope="module")
def anno_loader() -> FrozenDocumentLoader:
    """Serves the offline anno.jsonld and refuses every other URL."""
    return FrozenDocumentLoader(documents={ANNO: need(ANNO_CONTEXT_FILE)})


def _selectors(annotation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["type"]: s for s in annotation["target"]["selector"]}


def test_seed_export_meets_every_must_assertion() -> None:
    """The seed's collection, its page and every annotation pass the W3C suite's MUST schemas."""
    need(WEB_ANNOTATION)
    seed = load_document(next((ROOT / "seeds").glob("*.json")))
    assert collection_failures(_export(seed)) == []


@settings(settings.get_profile("heavy"), suppress_health_check=list(HealthCheck))
@given(document=documents())
def test_generated_exports_meet_every_must_assertion(document: Document) -> None:
    """Generated documents' collections pass the W3C suite's MUST schemas too."""
    need(WEB_ANNOTATION)
    assert collection_failures(_export(document)) == []


def test_suite_harness_rejects_the_incorrect_samples() -> None:
    """The local suite fails every incorrect JSON sample, and our export once a selector breaks."""
    folder = need(WEB_ANNOTATION / "samples" / "incorrect")
    checked = 0
    for path in sorted(folder.glob("*.json")):
        try:
            sample = orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError:
            continue  # some incorrect samples are not even JSON
        checked += 1
        assert w3c_failures("annotations/annotationMusts.test", sample), path.name
    assert checked >= 10
    seed = load_document(next((ROOT / "seeds").glob("*.json")))
    broken = _export(seed)
    first = broken["first"]["items"][0]
    first["target"]["selector"][1] = {"type": "TextQuoteSelector", "prefix": "no exact"}
    assert any("textQuoteSelector" in f for f in collection_failures(broken))


@given(document=tool_documents())
@QUIET
def test_targets_carry_code_point_positions_and_quotes(document: Document) -> None:
    """Each target has a code point position and the quote it holds with 32 points of context."""
    body = document.article.body
    for annotation in annotations_of(_export(document)):
        selectors = _selectors(annotation)
        start = selectors["TextPositionSelector"]["start"]
        end = selectors["TextPositionSelector"]["end"]
        quote = selectors["TextQuoteSelector"]
        assert quote["exact"] == body[start:end]
        assert quote.get("prefix", "") == body[max(0, start - 32) : start]
        assert quote.get("suffix", "") == body[end : end + 32]
        assert annotation["target"]["source"] in (
            document.article.url,
            f"urn:newsschema:article:{document.article.id}",
        )


def test_bodies_say_kind_identity_speaker_and_cue(seed: Document) -> None:
    """Quotes are tagged with label and kind, link to speaker and cue; mentions identify IRIs."""
    items = {a["id"]: a for a in annotations_of(_export(seed))}
    body = seed.article.body

    def covering(annotation: dict[str, Any]) -> tuple[int, int]:
        position = _selectors(annotation)["TextPositionSelector"]
        return position["start"], position["end"]

    def tags(annotation: dict[str, Any]) -> set[str]:
        return {b["value"] for b in annotation["body"] if b.get("purpose") == "tagging"}

    quote = next(q for q in seed.quotes if q.speaker and q.cue and seed.entity(q.speaker).mentions)
    [mine] = [
        a
        for a in items.values()
        if covering(a) == (quote.span.start, quote.span.end) and "Quote" in tags(a)
    ]
    assert f"Kind:{quote.kind}" in tags(mine)
    links = [items[b["source"]] for b in mine["body"] if b.get("purpose") == "linking"]
    speaker = seed.entity(quote.speaker or "")
    first = speaker.mentions[0]
    assert any(covering(a) == (first.start, first.end) for a in links)
    cue = quote.cue
    assert cue is not None
    assert any(covering(a) == (cue.start, cue.end) and "Cue" in tags(a) for a in links)
    entity = next(e for e in seed.entities if e.same_as and e.mentions)
    mention = entity.mentions[0]
    [named] = [
        a
        for a in items.values()
        if covering(a) == (mention.start, mention.end) and entity.kind.capitalize() in str(tags(a))
    ]
    identified = {b["source"] for b in named["body"] if b.get("purpose") == "identifying"}
    assert identified == set(entity.same_as)
    assert body[mention.start : mention.end] == _selectors(named)["TextQuoteSelector"]["exact"]


def test_collection_carries_the_article(seed: Document) -> None:
    """The collection is labelled with the headline and its record holds the text and metadata."""
    collection = _export(seed)
    assert collection["@context"][0] == ANNO
    assert collection["type"] == "AnnotationCollection"
    assert collection["label"] == seed.article.headline
    assert collection["total"] == len(collection["first"]["items"])
    assert collection["newsschema"]["article"]["body"] == seed.article.body
    assert collection["newsschema"]["article"]["language"] == seed.article.language


def _expand(data: dict[str, Any], loader: FrozenDocumentLoader) -> tuple[list[Any], list[Any]]:
    dropped: list[Any] = []
    expanded = jsonld.expand(data, {"documentLoader": loader}, on_property_dropped=dropped.append)
    return expanded, dropped


def test_pyld_expands_the_seed_offline(
    seed: Document, anno_loader: FrozenDocumentLoader, network_attempts: list[Any]
) -> None:
    """pyld expands the export with the offline anno.jsonld alone: W3C terms, nothing dropped."""
    collection = _export(seed)
    expanded, dropped = _expand(collection, anno_loader)
    assert dropped == [] and network_attempts == []
    [node] = expanded
    # anno.jsonld maps AnnotationCollection to Activity Streams' OrderedCollection.
    assert node["@type"] == ["http://www.w3.org/ns/activitystreams#OrderedCollection"]
    items = node["http://www.w3.org/ns/activitystreams#first"][0][
        "http://www.w3.org/ns/activitystreams#items"
    ][0]["@list"]
    assert len(items) == len(collection["first"]["items"])
    assert all(item["@type"] == [f"{OA}Annotation"] for item in items)
    selectors = items[0][f"{OA}hasTarget"][0][f"{OA}hasSelector"]
    assert {s["@type"][0] for s in selectors} == {
        f"{OA}TextPositionSelector",
        f"{OA}TextQuoteSelector",
    }
    # The record is one JSON literal, kept whole.
    [record] = node["https://w3id.org/newsschema/vocab#webAnnotationRecord"]
    assert record["@type"] == "@json" and record["@value"] == collection["newsschema"]


@given(document=documents())
@QUIET
def test_pyld_expands_generated_exports_offline(
    document: Document, anno_loader: FrozenDocumentLoader
) -> None:
    """Every generated export expands offline with nothing dropped."""
    _, dropped = _expand(_export(document), anno_loader)
    assert dropped == []
