"""Fixtures for the linked-data tests: offline contexts, schema.org tables, sample documents."""

from __future__ import annotations

import csv
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyld.documentloader.frozen import FrozenDocumentLoader

from newsschema.formats._jsonld_context import CONTEXT_IRI
from newsschema.loader import load_document
from newsschema.models import Document

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schema"
VOCAB = ROOT / ".." / "shared" / "vocab" / "schemaorg-30.0"
SEEDS = ROOT / "seeds"
SCHEMA_ORG_CONTEXTS = (
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
)


@pytest.fixture(scope="session")
def schemaorg_vocab() -> Path:
    if not (VOCAB / "schemaorgcontext.jsonld").is_file():
        pytest.skip("../shared/vocab/schemaorg-30.0 is not available")
    return VOCAB


@pytest.fixture(scope="session")
def schemaorg_terms(schemaorg_vocab: Path) -> set[str]:
    """Local names of every schema.org type and property (pending ones included)."""
    names: set[str] = set()
    for table in ("schemaorg-all-https-types.csv", "schemaorg-all-https-properties.csv"):
        with open(schemaorg_vocab / table, newline="", encoding="utf-8") as handle:
            names.update(
                row["id"].removeprefix("https://schema.org/") for row in csv.DictReader(handle)
            )
    return names


@pytest.fixture(scope="session")
def our_loader() -> FrozenDocumentLoader:
    """Serves only our committed context; refuses every other URL."""
    return FrozenDocumentLoader(documents={CONTEXT_IRI: SCHEMA_DIR / "context.jsonld"})


@pytest.fixture(scope="session")
def schemaorg_loader(schemaorg_vocab: Path) -> FrozenDocumentLoader:
    """Serves only schema.org's published context, from the offline copy."""
    path = schemaorg_vocab / "schemaorgcontext.jsonld"
    return FrozenDocumentLoader(documents={url: path for url in SCHEMA_ORG_CONTEXTS})


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Make every socket connection fail loudly and record the attempts."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts


SAMPLE: dict[str, Any] = {
    "schema_version": "1.0",
    "article": {
        "id": "sample-1",
        "headline": "Lavrov says NATO promised written answers",
        "body": (
            "Russian Foreign Minister Sergey Lavrov said on Jan. 13 that NATO would answer in "
            "writing, RIA Novosti reported.\n“The Americans promised us to do their best,” "
            "Lavrov said. NATO chief (Jens) Stoltenberg called the talks “businesslike”."
        ),
        "language": "en",
        "url": "https://news.example/sample-1",
        "date_published": "2022-01-13T12:30:00Z",
        "publisher": "kyiv",
        "authors": ["reporter"],
    },
    "entities": [],
    "events": [],
    "quotes": [],
}


def _sample() -> dict[str, Any]:
    doc = {**SAMPLE, "article": dict(SAMPLE["article"])}
    body = doc["article"]["body"]

    def span(text: str, nth: int = 0) -> dict[str, int]:
        start = -1
        for _ in range(nth + 1):
            start = body.index(text, start + 1)
        return {"start": start, "end": start + len(text)}

    doc["entities"] = [
        {
            "id": "lavrov",
            "kind": "person",
            "name": "Sergey Lavrov",
            "aliases": ["Lavrov"],
            "same_as": ["https://www.wikidata.org/wiki/Q150851"],
            "mentions": [span("Sergey Lavrov"), span("Lavrov", 1)],
        },
        {"id": "nato", "kind": "organization", "name": "NATO", "mentions": [span("NATO")]},
        {"id": "ria", "kind": "outlet", "name": "RIA Novosti", "mentions": [span("RIA Novosti")]},
        {
            "id": "stoltenberg",
            "kind": "person",
            "name": "Jens Stoltenberg",
            "mentions": [span("Stoltenberg")],
        },
        {"id": "kyiv", "kind": "outlet", "name": "Kyiv Post"},
        {"id": "reporter", "kind": "person", "name": "A. Reporter"},
        {
            "id": "americans",
            "kind": "group",
            "name": "the Americans",
            "mentions": [span("Americans")],
        },
    ]
    doc["events"] = [
        {
            "id": "answer",
            "kind": "promise",
            "name": "NATO written answers",
            "realis": "promised",
            "date": {"start": "2022-01", "inferred": ["month"]},
            "participants": [{"entity": "nato", "role": "agent"}],
            "planned_duration": "P1W",
            "mentions": [span("answer in writing")],
        },
        {
            "id": "talks",
            "kind": "talks",
            "name": "Russia-NATO talks",
            "realis": "actual",
            "date": {"start": "2022-01-12"},
            "duration": "PT4H",
            "participants": [
                {"entity": "nato", "role": "organizer"},
                {"entity": "lavrov", "role": "participant"},
            ],
            "mentions": [span("talks")],
        },
    ]
    direct_text = "The Americans promised us to do their best,"
    doc["quotes"] = [
        {
            "id": "q1",
            "kind": "direct",
            "text": direct_text,
            "span": span(direct_text),
            "speaker": "lavrov",
            "cue": span("said", 1),
            "via": ["ria"],
            "event": "talks",
        },
        {
            "id": "q2",
            "kind": "indirect",
            "text": "NATO would answer in writing",
            "span": span("NATO would answer in writing"),
            "speaker": "lavrov",
            "cue": span("said"),
            "via": ["ria", "kyiv"],
        },
        {"id": "q3", "kind": "scare", "text": "businesslike", "span": span("businesslike")},
    ]
    return doc


@pytest.fixture(scope="session")
def sample_dict() -> dict[str, Any]:
    return _sample()


@pytest.fixture(scope="session")
def sample(sample_dict: dict[str, Any]) -> Document:
    return Document.model_validate(sample_dict)


@pytest.fixture(scope="session")
def seed() -> Document:
    found = sorted(SEEDS.glob("*.json")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip("seeds/ has no seed document")
    return load_document(found[0])
