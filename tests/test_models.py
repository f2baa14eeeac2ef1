from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any, get_args

import pytest
from pydantic import ValidationError

from newsschema import (
    DirectQuote,
    Document,
    Outlet,
    Person,
    Place,
    ScareQuote,
    Span,
    vocabulary,
)
from newsschema import types as nt

BODY = "“We met,” Lavrov said in Geneva, RIA Novosti reported."


def minimal() -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "article": {
            "id": "a1",
            "headline": "Lavrov speaks",
            "body": BODY,
            "language": "en",
            "date_published": "2022-01-13T10:00:00Z",
        },
        "entities": [
            {
                "id": "lavrov",
                "kind": "person",
                "name": "Sergey Lavrov",
                "aliases": ["Lavrov"],
                "mentions": [{"start": 10, "end": 16}],
            },
            {
                "id": "geneva",
                "kind": "place",
                "name": "Geneva",
                "mentions": [{"start": 25, "end": 31}],
            },
            {
                "id": "ria",
                "kind": "outlet",
                "name": "RIA Novosti",
                "mentions": [{"start": 33, "end": 44}],
            },
        ],
        "events": [
            {
                "id": "talks",
                "kind": "talks",
                "name": "Geneva talks",
                "realis": "actual",
                "date": {"start": "2022-01-10", "inferred": ["year"]},
                "location": "geneva",
                "participants": [{"entity": "lavrov", "role": "participant"}],
            },
        ],
        "quotes": [
            {
                "id": "q1",
                "kind": "direct",
                "text": "We met",
                "span": {"start": 1, "end": 7},
                "speaker": "lavrov",
                "cue": {"start": 17, "end": 21},
                "via": ["ria"],
                "event": "talks",
            },
        ],
    }


def test_minimal_document_loads_with_typed_union_members() -> None:
    """Entities and quotes load as their `kind` classes and timestamps become aware datetimes."""
    doc = Document.model_validate(minimal())
    assert isinstance(doc.entities[0], Person)
    assert isinstance(doc.entities[1], Place)
    assert isinstance(doc.entities[2], Outlet)
    assert isinstance(doc.quotes[0], DirectQuote)
    assert doc.article.date_published == datetime(2022, 1, 13, 10, tzinfo=timezone.utc)


def test_lookups_resolve_ids_to_typed_objects() -> None:
    """Document lookups resolve speakers, sources, events, places, participants and span text."""
    doc = Document.model_validate(minimal())
    quote = doc.quotes[0]
    speaker = doc.speaker(quote)
    assert isinstance(speaker, Person) and speaker.name == "Sergey Lavrov"
    assert [o.name for o in doc.via(quote)] == ["RIA Novosti"]
    assert doc.quote_event(quote) is doc.events[0]
    location = doc.location(doc.events[0])
    assert location is not None and location.name == "Geneva"
    assert doc.participants(doc.events[0]) == [(speaker, "participant")]
    assert doc.text(quote.span) == "We met"
    assert doc.quotes_by("lavrov") == [quote]
    with pytest.raises(KeyError):
        doc.entity("nobody")
    assert doc.get_entity("nobody") is None


def test_iter_spans_names_every_span_with_its_pointer() -> None:
    """`iter_spans` yields every mention, quote span and cue with its JSON pointer, in order."""
    doc = Document.model_validate(minimal())
    pointers = [pointer for pointer, _ in doc.iter_spans()]
    assert pointers == [
        "/entities/0/mentions/0",
        "/entities/1/mentions/0",
        "/entities/2/mentions/0",
        "/quotes/0/span",
        "/quotes/0/cue",
    ]


def test_models_are_frozen() -> None:
    """Assigning to a field of a loaded model raises a ValidationError."""
    doc = Document.model_validate(minimal())
    with pytest.raises(ValidationError):
        doc.article.headline = "changed"  # type: ignore[misc]
    span = Span(start=1, end=2)
    with pytest.raises(ValidationError):
        span.start = 5  # type: ignore[misc]


def mutate(path: list[Any], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(minimal())
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["quotes", 0, "span", "start"], "1"),  # no str -> int coercion
        (["quotes", 0, "span", "start"], 1.0),  # no float -> int
        (["quotes", 0, "span", "start"], True),  # bool is not an int
        (["quotes", 0, "span", "start"], -1),
        (["quotes", 0, "span", "start"], 2**53),
        (["article", "date_published"], 20240102),  # not a Unix time
        (["article", "date_published"], "20240102"),
        (["article", "date_published"], "2022-01-13T10:00:00"),  # naive
        (["article", "date_published"], "2022-02-30T10:00:00Z"),
        (["article", "date_published"], "2022-01-13 10:00:00Z"),
        (["article", "url"], "javascript:alert(1)"),
        (["article", "url"], "ftp://example.org/x"),
        (["article", "language"], "english please"),
        (["article", "text_sha256"], "ABC"),
        (["article", "headline"], ""),
        (["article", "nmae"], "x"),  # unknown field
        (["events", 0, "date", "start"], "2022-13"),
        (["events", 0, "date", "start"], "2021-02-29"),
        (["events", 0, "date", "start"], "13 Jan 2022"),
        (["events", 0, "date", "inferred"], ["century"]),
        (["events", 0, "realis"], "maybe"),
        (["events", 0, "kind"], "party"),
        (["events", 0, "duration"], "P"),
        (["events", 0, "duration"], "4 hours"),
        (["events", 0, "participants", 0, "role"], "boss"),
        (["entities", 0, "kind"], "persn"),
        (["entities", 0, "same_as"], ["not an iri"]),
        (["quotes", 0, "kind"], "quoted"),
        (["quotes", 0, "via"], "ria"),  # a list is required
        (["entities", 0, "id"], "1bad id"),
        (["schema_version"], "2.0"),
        (["schema_version"], 1.0),
    ],
)
def test_invalid_values_are_refused(path: list[Any], value: Any) -> None:
    """Each listed out-of-range or wrongly typed value makes the document invalid."""
    with pytest.raises(ValidationError):
        Document.model_validate(mutate(path, value))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["events", 0, "date", "start"], "2022"),
        (["events", 0, "date", "start"], "2022-01"),
        (["events", 0, "date", "start"], "2024-02-29"),
        (["events", 0, "date", "start"], "2022-01-13T10:00:00+03:00"),
        (["events", 0, "duration"], "PT4H"),
        (["events", 0, "duration"], "P1DT2H30M"),
        (["article", "date_published"], "2022-01-13T10:00:00.123456-05:00"),
        (["article", "language"], "zh-Hant-TW"),
        (["article", "url"], "https://example.org/a?b=c#d"),
        (["quotes", 0, "speaker"], None),
    ],
)
def test_valid_values_are_accepted(path: list[Any], value: Any) -> None:
    """Each listed edge value inside the allowed range is accepted."""
    Document.model_validate(mutate(path, value))


def test_python_datetimes_must_be_aware() -> None:
    """A naive Python datetime is refused with a message about the missing offset."""
    doc = minimal()
    doc["article"]["date_published"] = datetime(2022, 1, 13, 10)
    with pytest.raises(ValidationError, match="offset"):
        Document.model_validate(doc)


def test_timestamps_serialise_as_rfc3339() -> None:
    """Timestamps dump as RFC 3339 strings with a `Z` for UTC."""
    doc = Document.model_validate(minimal())
    dumped = doc.model_dump(mode="json")
    assert dumped["article"]["date_published"] == "2022-01-13T10:00:00Z"


def test_scare_quote_is_a_union_member() -> None:
    """A `scare` quote loads as ScareQuote and has no speaker."""
    doc = minimal()
    doc["quotes"][0] = {
        "id": "s",
        "kind": "scare",
        "text": "We met",
        "span": {"start": 1, "end": 7},
    }
    parsed = Document.model_validate(doc)
    assert isinstance(parsed.quotes[0], ScareQuote)
    assert parsed.speaker(parsed.quotes[0]) is None


@pytest.mark.parametrize(
    ("literal", "table"),
    [
        (nt.EntityKind, vocabulary.ENTITY_KINDS),
        (nt.EventKind, vocabulary.EVENT_KINDS),
        (nt.Realis, vocabulary.REALIS),
        (nt.ParticipantRole, vocabulary.PARTICIPANT_ROLES),
        (nt.QuoteKind, vocabulary.QUOTE_KINDS),
        (nt.AttributionType, vocabulary.ATTRIBUTION_TYPES),
        (nt.MentionForm, vocabulary.MENTION_FORMS),
    ],
)
def test_every_controlled_value_is_defined(literal: Any, table: Any) -> None:
    """Each vocabulary table lists exactly its Literal's values, each with a definition."""
    assert list(get_args(literal)) == list(table)
    assert all(isinstance(text, str) and len(text) > 10 for text in table.values())


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["schema_version"], "1.2"),
        (["quotes", 0, "attribution"], "opinion"),
        (["quotes", 0, "within"], "1bad id"),
        (["quotes", 0, "interruptions"], [{"start": "1", "end": 2}]),
        (["entities", 0, "anonymous"], "yes"),
        (["entities", 0, "anonymous"], 1),
        (["entities", 0, "url"], "javascript:alert(1)"),
        (["entities", 0, "image"], ["https://x.example/a.png"]),  # one URL, not a list
        (["entities", 0, "mentions", 0, "form"], "alias"),
        (["article", "image"], "https://x.example/a.png"),  # a list is required
        (["article", "image"], ["ftp://x.example/a.png"]),
        (["article", "headline"], ""),
    ],
)
def test_invalid_1_1_values_are_refused(path: list[Any], value: Any) -> None:
    """Schema 1.1 fields are as strict as the rest: wrong types and values are refused."""
    with pytest.raises(ValidationError):
        Document.model_validate(mutate(path, value))


def test_1_1_fields_load_and_resolve() -> None:
    """A 1.1 document loads with every new field, a work entity and a within lookup."""
    doc = mutate(["schema_version"], "1.1")
    del doc["article"]["headline"]
    doc["article"]["image"] = ["https://news.example/a.jpg"]
    doc["entities"].append({"id": "filing", "kind": "work", "name": "a filing", "anonymous": True})
    doc["entities"][0].update(url="https://x.example/lavrov", image="https://x.example/l.jpg")
    doc["entities"][0]["mentions"][0]["form"] = "name"
    quote = doc["quotes"][0]
    quote.update(attribution="belief", interruptions=[{"start": 3, "end": 4}])
    doc["quotes"].append({**quote, "id": "q2", "within": "q1", "interruptions": []})
    parsed = Document.model_validate(doc)
    assert parsed.article.headline is None and parsed.article.image == (
        "https://news.example/a.jpg",
    )
    assert parsed.entity("filing").kind == "work" and parsed.entity("filing").anonymous
    assert parsed.entities[0].mentions[0].form == "name"
    assert parsed.within(parsed.quotes[1]) is parsed.quote("q1")
    assert parsed.within(parsed.quotes[0]) is None
    assert parsed.quotes[0].attribution == "belief"


def _pairs(model: Any, dumped: Any) -> Any:
    """Yield (model, dumped dict) for every model inside ``model`` and its JSON dump, in step."""
    from pydantic import BaseModel

    if isinstance(model, BaseModel):
        yield model, dumped
        for name in type(model).model_fields:
            if name in dumped:
                yield from _pairs(getattr(model, name), dumped[name])
    elif isinstance(model, tuple):
        for item, out in zip(model, dumped, strict=True):
            yield from _pairs(item, out)


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_fields_added_in_1_1_are_left_out_exactly_when_they_hold_their_default(
    version: nt.SchemaVersion,
) -> None:
    """A 1.1 field is missing from the JSON exactly when it holds None, False or an empty list."""
    from hypothesis import given

    from newsschema.strategies import documents

    @given(documents(schema_version=version))
    def check(document: Document) -> None:
        for model, dumped in _pairs(document, document.model_dump(mode="json")):
            for name in getattr(type(model), "_added_in_1_1", ()):
                value = getattr(model, name)
                holds_default = value is None or value is False or value == ()
                assert (name not in dumped) is holds_default, (type(model).__name__, name)

    check()
