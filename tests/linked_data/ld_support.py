"""Shared helpers of the linked-data tests: paths, a hand-made sample, extra strategies.

Test modules import it relatively (``from .ld_support import ...``): under pytest's
``--import-mode=importlib`` each test folder is a package, and nothing edits ``sys.path``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from newsschema.models import Document
from newsschema.strategies import documents

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


def sample_dict() -> dict[str, Any]:
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


@st.composite
def inconsistent_documents(draw: st.DrawFn) -> Document:
    """Model-valid documents that break semantic rules: dangling ids, duplicates, wild spans."""
    data = draw(
        documents(max_entities=4).map(lambda d: d.model_dump(mode="json", exclude_none=True))
    )
    wild = st.fixed_dictionaries({"start": st.integers(0, 400), "end": st.integers(0, 400)})
    for entity in data["entities"]:
        if draw(st.booleans()):
            entity["mentions"] = draw(st.lists(wild, max_size=3))
        if draw(st.booleans()):
            entity["id"] = "dup"
    for quote in data["quotes"]:
        if draw(st.booleans()):
            quote["speaker"] = "nobody"
        if draw(st.booleans()):
            quote["span"] = draw(wild)
        if draw(st.booleans()):
            quote["via"] = ["nowhere"]
    for event in data["events"]:
        if draw(st.booleans()):
            event["location"] = "nowhere"
            event["participants"] = [{"entity": "ghost", "role": "host"}]
    if draw(st.booleans()):
        data["article"]["publisher"] = "ghost"
        data["article"]["authors"] = ["ghost", "dup"]
    return Document.model_validate(data)


CORPUS_1_1 = ROOT / "tests" / "corpus_1_1"
EXPORTS_1_1 = ROOT / "tests" / "exports_1_1"


def corpus_1_1() -> list[Document]:
    """Every hand-written schema 1.1 document: the corpus, then the export fixtures.

    ``tests/corpus_1_1`` holds the documents written from real attribution phenomena;
    ``tests/exports_1_1`` two more for the exporters (a research article with every attribution
    phenomenon at once, and a fully published article with the fields Google asks for).
    """
    from newsschema.loader import load_document

    paths = sorted(CORPUS_1_1.glob("*.json")) + sorted(EXPORTS_1_1.glob("*.json"))
    return [load_document(path) for path in paths]


def export_fixture(name: str) -> Document:
    """One document of ``tests/exports_1_1`` by its file name (without ``.json``)."""
    from newsschema.loader import load_document

    return load_document(EXPORTS_1_1 / f"{name}.json")
