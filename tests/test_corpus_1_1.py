"""The hand-written schema 1.1 corpus: each document is clean; together they use all of 1.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

import newsschema
from newsschema import Document, loads
from newsschema.formats.canonical import dump_canonical
from newsschema.rules.versions import features_of_1_1
from newsschema.schema import jsonschema_validator

CORPUS = Path(__file__).resolve().parent / "corpus_1_1"
FILES = sorted(CORPUS.glob("*.json"))
# The one finding a corpus document is meant to draw.
EXPECTED = {"older_newswire_no_headline.json": [("NS503", "/article")]}


def load(path: Path) -> Document:
    """Parse one corpus file into a Document."""
    return Document.model_validate(orjson.loads(path.read_bytes()))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_corpus_document_is_clean(path: Path) -> None:
    """Each corpus document validates with no finding beyond the one it exists to show."""
    report = newsschema.validate(path)
    assert [(f.code, f.pointer) for f in report.findings] == EXPECTED.get(path.name, [])
    assert report.valid


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_corpus_document_passes_the_published_schema(path: Path) -> None:
    """The published JSON Schema accepts each corpus document, as Pydantic does."""
    assert list(jsonschema_validator().iter_errors(orjson.loads(path.read_bytes()))) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_corpus_document_round_trips_canonical_json(path: Path) -> None:
    """Every 1.1 field of a corpus document survives the canonical writer and reader."""
    doc = load(path)
    assert loads(dump_canonical(doc)) == doc


def test_corpus_declared_as_1_1_would_be_refused_as_1_0() -> None:
    """Every corpus document uses 1.1, so declaring it 1.0 draws NS601."""
    for path in FILES:
        raw = orjson.loads(path.read_bytes())
        raw["schema_version"] = "1.0"
        codes = {f.code for f in newsschema.validate(orjson.dumps(raw)).findings}
        assert "NS601" in codes, path.name


def _used(docs: list[Document]) -> set[str]:
    used: set[str] = set()
    for doc in docs:
        if doc.article.headline is None:
            used.add("article.headline absent")
        if doc.article.image:
            used.add("article.image")
        for entity in doc.entities:
            used.update(
                f"entity.{name}" for name in ("anonymous", "url", "image") if getattr(entity, name)
            )
            used.add(f"kind.{entity.kind}")
            used.update(f"form.{m.form}" for m in entity.mentions if m.form)
        for event in doc.events:
            used.update(f"event form.{m.form}" for m in event.mentions if m.form)
        for quote in doc.quotes:
            used.add(f"attribution.{quote.attribution}")
            if quote.interruptions:
                used.add("quote.interruptions")
            if quote.within:
                used.add("quote.within")
        if len({(q.span.start, q.span.end) for q in doc.quotes}) < len(doc.quotes):
            used.add("shared content span")
    return used


def test_corpus_covers_every_1_1_field() -> None:
    """Together the corpus documents use every field and value schema 1.1 adds."""
    docs = [load(path) for path in FILES]
    wanted: set[Any] = {
        "article.headline absent",
        "article.image",
        "entity.anonymous",
        "entity.url",
        "entity.image",
        "kind.work",
        "form.name",
        "form.nominal",
        "form.pronoun",
        "event form.nominal",
        "attribution.speech",
        "attribution.belief",
        "attribution.knowledge",
        "attribution.intention",
        "quote.interruptions",
        "quote.within",
        "shared content span",
    }
    assert wanted <= _used(docs)
    assert all(features_of_1_1(doc) for doc in docs)


def test_document_without_headline_exports_to_every_format(tmp_path: Path) -> None:
    """A 1.1 article without a headline is written by every exporter (Parquet once refused it)."""
    from newsschema.formats import EXPORTERS, write_many

    doc = load(CORPUS / "older_newswire_no_headline.json")
    for name, exporter in sorted(EXPORTERS.items()):
        if exporter.layout == "document":
            assert exporter.dump(doc, {}), name
        else:
            target = tmp_path / name
            write_many(exporter, [doc], target, {})
            assert target.exists(), name
