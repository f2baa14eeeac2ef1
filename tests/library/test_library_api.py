"""The library surface for notebooks and scripts: replace, Span.of, dates, dumps/save, $schema."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from pydantic import ValidationError

import newsschema
from newsschema import Document, EventDate, Span
from newsschema.cli import cli
from newsschema.formats.canonical import dump_canonical
from newsschema.schema import jsonschema_validator
from newsschema.strategies import documents

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_URL = "https://w3id.org/newsschema/1.0/document.schema.json"


def _minimal(**article: Any) -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "article": {
            "id": "a1",
            "headline": "H",
            "body": "Lavrov said it. Lavrov said it again.",
            "language": "en",
            **article,
        },
        "entities": [
            {"id": "e1", "kind": "person", "name": "Lavrov", "mentions": [{"start": 0, "end": 6}]}
        ],
    }


# --- deep immutability -------------------------------------------------------------------


def test_lists_cannot_be_changed_in_place() -> None:
    """Every list field is a tuple: append/extend on a frozen document is impossible."""
    doc = Document.model_validate(_minimal())
    with pytest.raises(AttributeError):
        doc.entities.append(doc.entities[0])  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        doc.entities[0].mentions.append(Span(start=0, end=1))  # type: ignore[attr-defined]
    assert isinstance(doc.article.authors, tuple)


def test_cached_lookup_stays_consistent() -> None:
    """After a cached lookup nothing can add an entity the cache would miss."""
    doc = Document.model_validate(_minimal())
    assert doc.entity("e1").name == "Lavrov"
    with pytest.raises(AttributeError):
        doc.entities.append(doc.entities[0])  # type: ignore[attr-defined]
    with pytest.raises(KeyError):
        doc.entity("new")
    assert [entity.id for entity in doc.entities] == ["e1"]


def test_tuples_dump_as_arrays_and_accept_tuples_from_python() -> None:
    """JSON output keeps arrays; Python callers may pass tuples or lists."""
    doc = Document.model_validate(_minimal())
    assert orjson.loads(newsschema.dumps(doc))["entities"][0]["mentions"] == [
        {"start": 0, "end": 6}
    ]
    data = _minimal()
    data["entities"] = tuple(data["entities"])
    assert Document.model_validate(data) == doc


def test_strict_types_still_refuse_non_lists() -> None:
    """A string where a list belongs is refused, not split into characters."""
    with pytest.raises(ValidationError):
        Document.model_validate(_minimal(authors="e1"))


def test_published_schema_keeps_array_types() -> None:
    """The JSON Schema still says array for every list field."""
    schema = orjson.loads((ROOT / "schema" / "document.schema.json").read_bytes())
    assert schema["properties"]["entities"]["type"] == "array"
    assert schema["$defs"]["Article"]["properties"]["authors"]["type"] == "array"


# --- replace -----------------------------------------------------------------------------


def test_replace_returns_a_validated_copy() -> None:
    """replace() changes a field and leaves the original untouched."""
    doc = Document.model_validate(_minimal())
    fixed = doc.replace(article={**_minimal()["article"], "headline": "New"})
    assert fixed.article.headline == "New" and doc.article.headline == "H"
    assert fixed.entities == doc.entities


def test_replace_refuses_a_bad_value_with_its_location() -> None:
    """A bad value raises a ValidationError whose loc names the field."""
    doc = Document.model_validate(_minimal())
    with pytest.raises(ValidationError) as info:
        doc.replace(article={**_minimal()["article"], "date_published": "not a date"})
    assert info.value.errors()[0]["loc"] == ("article", "date_published")


def test_replace_revalidates_values_model_copy_let_in() -> None:
    """A nested model corrupted by model_copy(update=...) is caught, not trusted."""
    doc = Document.model_validate(_minimal())
    broken = doc.article.model_copy(update={"date_published": "not a date"})
    with pytest.raises(ValidationError) as info:
        doc.replace(article=broken)
    assert info.value.errors()[0]["loc"] == ("article", "date_published")


def test_replace_refuses_unknown_fields() -> None:
    """A misspelt field name is an error, not silently ignored."""
    doc = Document.model_validate(_minimal())
    with pytest.raises(TypeError, match="entites"):
        doc.replace(entites=())


# --- Span.of -----------------------------------------------------------------------------


def test_span_of_finds_the_nth_occurrence() -> None:
    """Span.of counts occurrences from 1 and returns code-point offsets."""
    body = "🇺🇦 Lavrov said; Lavrov said again"
    first, second = Span.of(body, "Lavrov"), Span.of(body, "Lavrov", occurrence=2)
    assert first.text(body) == second.text(body) == "Lavrov"
    assert (first.start, second.start) == (3, 16)


def test_span_of_counts_non_overlapping_occurrences() -> None:
    """Occurrences do not overlap, as a reader counts them ("aa" twice in "aaaa")."""
    assert Span.of("aaaa", "aa", occurrence=2) == Span(start=2, end=4)
    with pytest.raises(ValueError, match="occurs 2 time"):
        Span.of("aaaa", "aa", occurrence=3)


@pytest.mark.parametrize(
    ("text", "occurrence", "message"),
    [("", 1, "non-empty text"), ("a", 0, "counts from 1"), ("zz", 1, "occurs 0 time")],
)
def test_span_of_refuses_what_it_cannot_find(text: str, occurrence: int, message: str) -> None:
    """Empty text, occurrence below 1 and absent text are clear ValueErrors."""
    with pytest.raises(ValueError, match=message):
        Span.of("abc", text, occurrence=occurrence)


# --- EventDate from Python dates --------------------------------------------------------


def test_event_date_accepts_date_and_aware_datetime() -> None:
    """datetime.date and aware datetime become ISO 8601 text; JSON output is unchanged."""
    assert EventDate(start=dt.date(2022, 1, 10)).start == "2022-01-10"  # type: ignore[arg-type]
    stamp = dt.datetime(2022, 1, 10, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    date = EventDate(start=dt.date(2022, 1, 9), end=stamp)  # type: ignore[arg-type]
    assert date.model_dump(mode="json", exclude_none=True) == {
        "start": "2022-01-09",
        "end": "2022-01-10T09:30:00+03:00",
        "inferred": [],
    }


def test_event_date_refuses_naive_datetime() -> None:
    """A datetime without an offset is refused like a timestamp text without one."""
    with pytest.raises(ValidationError, match="UTC offset"):
        EventDate(start=dt.datetime(2022, 1, 10, 9, 30))  # type: ignore[arg-type]


def test_event_date_from_json_still_needs_text() -> None:
    """From JSON a date is text: a number stays a type error."""
    with pytest.raises(ValidationError):
        EventDate.model_validate_json(b'{"start": 2022}')


# --- dumps / save -------------------------------------------------------------------------


@given(documents())
def test_dumps_is_the_canonical_form(doc: Document) -> None:
    """newsschema.dumps gives the bytes convert --to json writes, and reads back equal."""
    assert newsschema.dumps(doc) == dump_canonical(doc)
    assert newsschema.dumps(doc, indent=False) == dump_canonical(doc, indent=False)
    assert newsschema.loads(newsschema.dumps(doc)) == doc


def test_save_writes_atomically_and_matches_the_cli(tmp_path: Path) -> None:
    """save() writes the CLI's bytes, leaves no temporary file, replaces an old file whole."""
    from click.testing import CliRunner

    source = tmp_path / "in.json"
    source.write_bytes(orjson.dumps(_minimal(), option=orjson.OPT_INDENT_2))
    doc = newsschema.load_document(source)
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    newsschema.save(doc, target)
    result = CliRunner().invoke(cli, ["convert", str(source), "--to", "json"])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == result.stdout_bytes
    assert sorted(os.listdir(tmp_path)) == ["in.json", "out.json"]


def test_save_leaves_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    """A failure during save leaves the previous file exactly as it was."""
    doc = Document.model_validate(_minimal())
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    broken = doc.model_copy(update={"schema_version": object()})
    with pytest.raises(Exception):  # noqa: B017, PT011 - any serialisation error will do
        newsschema.save(broken, target)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.json"]


# --- "$schema" ----------------------------------------------------------------------------


def test_schema_key_is_accepted_and_kept() -> None:
    """A document with "$schema" loads, and dumps write it back first."""
    raw = orjson.dumps({"$schema": SCHEMA_URL, **_minimal()})
    doc = newsschema.loads(raw)
    assert doc.json_schema == SCHEMA_URL
    dumped = newsschema.dumps(doc)
    assert dumped.startswith(b'{\n  "$schema": "' + SCHEMA_URL.encode())
    assert newsschema.loads(dumped) == doc


def test_schema_key_passes_validate(tmp_path: Path) -> None:
    """newsschema validate reports no finding for a "$schema" key."""
    path = tmp_path / "doc.json"
    path.write_bytes(orjson.dumps({"$schema": "../schema/document.schema.json", **_minimal()}))
    report = newsschema.validate(path)
    assert report.valid and not [f for f in report.findings if f.code == "NS020"]


def test_published_schema_accepts_the_schema_key() -> None:
    """The published JSON Schema accepts "$schema" (and still refuses other unknown keys)."""
    validator = jsonschema_validator()
    assert validator.is_valid({"$schema": SCHEMA_URL, **_minimal()})
    assert not validator.is_valid({"$schemas": SCHEMA_URL, **_minimal()})
    assert not validator.is_valid({"$schema": "", **_minimal()})


def test_schema_key_by_python_name() -> None:
    """From Python the field is json_schema; an empty value is refused."""
    doc = Document.model_validate({**_minimal(), "json_schema": SCHEMA_URL})
    assert orjson.loads(newsschema.dumps(doc))["$schema"] == SCHEMA_URL
    with pytest.raises(ValidationError):
        Document.model_validate({**_minimal(), "$schema": ""})
