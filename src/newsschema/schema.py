"""The published JSON Schema: generation, drift check, and a matching validator.

The schema under ``schema/`` is generated from the models (draft 2020-12, versioned ``$id``) and
committed, so that non-Python users can validate without us. ``newsschema schema`` rewrites it;
``newsschema schema --check`` fails when the committed copy is stale.

:func:`jsonschema_validator` returns a validator from the ``jsonschema`` library tuned to JSON
Schema's own semantics where Python's defaults differ: ``pattern`` uses ECMA-262 regular
expressions (via ``regress``; Python's ``$`` also matches before a final newline) and ``integer``
means a JSON integer, not ``1.0``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import orjson
import regress
from jsonschema.protocols import Validator

from newsschema._atomic import atomic_write_bytes
from newsschema.codes import PROJECT_URL
from newsschema.models import SCHEMA_VERSION, Document

__all__ = [
    "PROJECT_URL",
    "SCHEMA_FILENAME",
    "SCHEMA_ID",
    "SchemaFile",
    "check_schema_files",
    "document_schema",
    "jsonschema_validator",
    "packaged_schema_bytes",
    "schema_files",
    "write_schema_files",
]

SCHEMA_ID = f"{PROJECT_URL}/{SCHEMA_VERSION}/document.schema.json"
"""The schema's ``$id``: the URL documents name in ``"$schema"`` (README's example uses it)."""
SCHEMA_FILENAME = "document.schema.json"
PACKAGED_SCHEMA = ("_schema_data", SCHEMA_FILENAME)
"""Where the wheel carries the schema, inside the ``newsschema`` package: a byte-identical copy
of ``schema/document.schema.json``, written by the same ``newsschema schema`` run when it writes
a source checkout's ``schema/`` (a test keeps them in step)."""


def packaged_schema_bytes() -> bytes:
    """Return the JSON Schema shipped in the package (``importlib.resources``; no repository)."""
    from importlib.resources import files

    return files("newsschema").joinpath(*PACKAGED_SCHEMA).read_bytes()


def document_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of :class:`~newsschema.models.Document`."""
    schema = Document.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "newsschema annotated article",
        "description": (
            "One annotated news article: its text and the entities, events and quotes in it. "
            "Spans are half-open [start, end) offsets in Unicode code points into article.body. "
            f"Schema version {SCHEMA_VERSION}. Semantic rules (spans match the text, references "
            "resolve, dates make sense) are checked by `newsschema validate`, not by this schema."
        ),
    }


def dumps_pretty(value: Any) -> bytes:
    """Serialise JSON the way every generated file in ``schema/`` is written."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


@dataclass(frozen=True, slots=True)
class SchemaFile:
    """One generated file: its name under ``schema/`` and its exact bytes."""

    name: str
    content: bytes


def _quotes_schema_file() -> SchemaFile:
    # The extracted-quotes record shape is published beside the document schema.
    from newsschema.quote_records import QUOTES_SCHEMA_FILENAME, quotes_schema

    return SchemaFile(QUOTES_SCHEMA_FILENAME, dumps_pretty(quotes_schema()))


def _context_file() -> SchemaFile:
    # The JSON-LD context and the vocabulary it names, generated from the one term table.
    from newsschema.formats.jsonld.context import CONTEXT_FILENAME, context_document

    return SchemaFile(CONTEXT_FILENAME, dumps_pretty(context_document()))


def _vocabulary_file() -> SchemaFile:
    from newsschema.formats.jsonld.context import VOCABULARY_FILENAME, vocabulary_turtle

    return SchemaFile(VOCABULARY_FILENAME, vocabulary_turtle().encode("utf-8"))


# Listed here, not registered by the modules that make them: a module registering itself is
# only heard from once something imports it, and `newsschema schema` imports no format.
_GENERATORS: list[Any] = [
    lambda: SchemaFile(SCHEMA_FILENAME, dumps_pretty(document_schema())),
    _quotes_schema_file,
    _context_file,
    _vocabulary_file,
]


def schema_files() -> Iterator[SchemaFile]:
    """Yield every generated file."""
    for generator in _GENERATORS:
        yield generator()


def _targets(directory: Path) -> Iterator[tuple[str, Path, bytes]]:
    # Each generated file under ``directory``; in a source checkout (``directory`` beside
    # ``src/newsschema/``) also the schema copy the wheel carries, so one command keeps both.
    packaged = directory.parent / "src" / "newsschema" / PACKAGED_SCHEMA[0]
    for item in schema_files():
        yield item.name, directory / item.name, item.content
        if item.name == SCHEMA_FILENAME and packaged.is_dir():
            yield f"{packaged.name}/{item.name}", packaged / item.name, item.content
    if packaged.is_dir():
        # The structure check's compiled plain-data schema (newsschema._plain): package data
        # only, read by the validator, not published.
        from newsschema._plain import PLAIN_FILENAME, plain_schema_bytes

        yield f"{packaged.name}/{PLAIN_FILENAME}", packaged / PLAIN_FILENAME, plain_schema_bytes()


def write_schema_files(directory: Path) -> list[Path]:
    """Write every generated file into ``directory`` atomically; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for _, path, content in _targets(directory):
        atomic_write_bytes(path, content)
        written.append(path)
    return written


def check_schema_files(directory: Path) -> list[str]:
    """Return the names of generated files that are missing or differ from what is committed."""
    return [
        name
        for name, path, content in _targets(directory)
        if not path.is_file() or path.read_bytes() != content
    ]


def _ecma_pattern(
    validator: Validator, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if isinstance(instance, str) and _compiled(pattern).find(instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> regress.Regex:
    return regress.Regex(pattern)


def _is_json_integer(checker: Any, instance: Any) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


@lru_cache(maxsize=1)
def jsonschema_validator() -> Validator:
    """Return a ``jsonschema`` validator for the document schema with JSON Schema semantics."""
    base = jsonschema.Draft202012Validator
    cls = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        base,
        validators={"pattern": _ecma_pattern},
        type_checker=base.TYPE_CHECKER.redefine("integer", _is_json_integer),
    )
    schema = document_schema()
    base.check_schema(schema)
    validator: Validator = cls(schema)
    return validator
