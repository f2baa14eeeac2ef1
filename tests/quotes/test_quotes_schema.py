"""The published quotes JSON Schema: generated from the record model, committed, usable."""

from __future__ import annotations

import jsonschema
import orjson

from newsschema.quote_records import QUOTES_SCHEMA_FILENAME, QuoteRecord, quotes_schema
from newsschema.schema import dumps_pretty, schema_files

from ..conftest import ROOT

RECORD = {
    "article": {"id": "a1", "body": "Lavrov said: “We met.”", "language": "en"},
    "quotes": [{"text": "We met.", "speaker": "Lavrov", "cue": "said", "start": 13, "end": 20}],
}


def test_committed_quotes_schema_is_the_generated_one() -> None:
    """schema/quotes.schema.json is byte-identical to what `newsschema schema` generates."""
    generated = {item.name: item.content for item in schema_files()}
    assert generated[QUOTES_SCHEMA_FILENAME] == dumps_pretty(quotes_schema())
    assert (ROOT / "schema" / QUOTES_SCHEMA_FILENAME).read_bytes() == generated[
        QUOTES_SCHEMA_FILENAME
    ]


def test_schema_accepts_what_the_model_accepts() -> None:
    """A record the Pydantic model accepts validates against the published schema."""
    schema = orjson.loads((ROOT / "schema" / QUOTES_SCHEMA_FILENAME).read_bytes())
    jsonschema.Draft202012Validator.check_schema(schema)
    QuoteRecord.model_validate(RECORD)
    jsonschema.Draft202012Validator(schema).validate(RECORD)


def test_schema_requires_only_the_quote_text() -> None:
    """The schema requires a quote's text and refuses unknown quote keys, like the model."""
    schema = orjson.loads((ROOT / "schema" / QUOTES_SCHEMA_FILENAME).read_bytes())
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"article": RECORD["article"], "quotes": [{"text": "We met."}]})
    assert not validator.is_valid({"article": RECORD["article"], "quotes": [{"speaker": "Lavrov"}]})
    assert not validator.is_valid(
        {"article": RECORD["article"], "quotes": [{"text": "We met.", "said_by": "Lavrov"}]}
    )


def test_every_field_is_described() -> None:
    """Every property in the schema carries a description (for a model asked by schema)."""
    definitions = quotes_schema()["$defs"]
    assert isinstance(definitions, dict)
    for name, definition in definitions.items():
        for field, spec in definition["properties"].items():
            assert spec.get("description"), f"{name}.{field}"
