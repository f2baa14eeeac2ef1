"""The exporters that read the model directly write exactly what the dict-copy exporters wrote.

Each fast path is checked against the 1.0 implementation kept verbatim in
``export_reference.py``, on generated documents of both schema versions, and the table layout is
checked to drive the row writer: every cell a row reader gives is the one its column names.
"""

from __future__ import annotations

import csv
import io
from operator import attrgetter
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema.formats import get_document_exporter
from newsschema.formats._csv_records import records
from newsschema.formats._parquet_layout import typed_columns, typed_row
from newsschema.formats._script_safe import script_safe_json, script_safe_json_bytes
from newsschema.formats._tables import TABLES, Cursor
from newsschema.formats._tables_write import document_cells, document_rows
from newsschema.formats.html._meta import description
from newsschema.formats.jsonld._write import to_jsonld
from newsschema.formats.parquet_bundle import _schema, _typed_columns
from newsschema.formats.schemaorg import schemaorg_dict
from newsschema.models import Document
from newsschema.strategies import documents

from ..conftest import ROOT, SEEDS
from .export_reference import old_description, old_document_rows, old_schemaorg_dict, old_to_jsonld

any_document = documents(schema_version="1.0") | documents(schema_version="1.1")


@given(any_document)
def test_jsonld_from_the_model_equals_the_dict_copy_exporter(document: Document) -> None:
    """The JSON-LD built from model attributes equals, key order included, the 1.0 dict build."""
    fast, old = to_jsonld(document), old_to_jsonld(document)
    assert fast == old
    assert orjson.dumps(fast) == orjson.dumps(old)


@given(any_document)
def test_schemaorg_from_the_model_equals_the_dict_copy_exporter(document: Document) -> None:
    """The schema.org JSON-LD built from model attributes serialises to the 1.0 bytes."""
    fast, old = schemaorg_dict(document), old_schemaorg_dict(document)
    assert fast == old
    assert orjson.dumps(fast) == orjson.dumps(old)


def test_schemaorg_embeds_a_repeated_reference_once_per_place() -> None:
    """An entity used as author, publisher and mention is one node object, built once."""
    body = "Reuters reported it. Reuters said so."
    document = Document.model_validate(
        {
            "schema_version": "1.1",
            "article": {
                "id": "a1",
                "body": body,
                "language": "en",
                "publisher": "r",
                "authors": ["r"],
            },
            "entities": [{"id": "r", "kind": "outlet", "name": "Reuters"}],
        }
    )
    data = schemaorg_dict(document)
    assert data["publisher"] is data["author"][0] is data["mentions"][0]
    assert data == old_schemaorg_dict(document)


@given(any_document)
def test_table_rows_from_the_layout_equal_the_hand_written_rows(document: Document) -> None:
    """Rows read through the layout equal the 1.0 hand-written rows, keys in column order."""
    fast, old = document_rows(document), old_document_rows(document)
    assert fast == old
    for name, rows in fast.items():
        assert [list(row) for row in rows] == [list(row) for row in old[name]]


@given(any_document)
def test_each_cell_is_the_one_its_column_reads(document: Document) -> None:
    """A compiled row reader gives, cell by cell, what each column's own path or getter reads."""
    cursor = Cursor(document)
    for table, rows in document_cells(document):
        readers = []
        for column in table.columns:
            reads = column.reads()
            readers.append(_path_reader(reads) if isinstance(reads, str) else reads)
        expected = table.rows(cursor, lambda c, r=readers: [read(c) for read in r])  # type: ignore[misc]
        assert rows == expected, table.name


def _path_reader(path: str) -> Any:
    names = path.split(".")
    parent = attrgetter(".".join(names[:-1])) if len(names) > 1 else None

    def read(cursor: Cursor) -> Any:
        holder = cursor if parent is None else parent(cursor)
        return None if holder is None else getattr(holder, names[-1])

    return read


def test_every_column_says_how_its_cell_is_read() -> None:
    """Every column of the layout has a model field or its own getter (nothing is left unread)."""
    for table in TABLES:
        assert table.rows_from, table.name
        for column in table.columns:
            assert column.reads(), f"{table.name}.{column.name}"


csv_fields = st.text(
    alphabet=st.sampled_from(',"\r\n\t \x00ab€\u2028') | st.characters(), max_size=12
)


@settings(settings.get_profile("cheap"))
@given(st.integers(1, 5).flatmap(lambda n: st.lists(st.lists(csv_fields, min_size=n, max_size=n))))
def test_csv_records_equal_the_csv_module(rows: list[list[str]]) -> None:
    """Records built by joining equal, byte for byte, what the csv module writes for the bundle."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    assert records(rows) == out.getvalue()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children),
    max_leaves=10,
)


@settings(settings.get_profile("cheap"))
@given(json_values)
def test_script_safe_bytes_are_the_encoded_text(value: Any) -> None:
    """The bytes form is the text form encoded, with the newline a file ends with."""
    assert script_safe_json_bytes(value) == script_safe_json(value).encode("utf-8")
    assert script_safe_json_bytes(value, newline=True) == (script_safe_json(value) + "\n").encode()


bodies = st.text(alphabet=st.sampled_from(" \t\n\r\x1c\u2028\u3000\xa0ab,.;:…"), max_size=900)


@settings(settings.get_profile("cheap"))
@given(bodies, st.integers(-2, 300))
def test_description_from_the_start_of_the_body_equals_the_whole_body_one(
    body: str, limit: int
) -> None:
    """The page description read from the start of the body is the one the whole body gives."""
    assert description(body, limit) == old_description(body, limit)


@pytest.mark.parametrize("fmt", ["jsonld", "schemaorg", "html"])
@given(any_document)
def test_document_exports_serialise_the_reference_dicts(fmt: str, document: Document) -> None:
    """The JSON-LD files and the page's script block hold the reference dicts, script-safe."""
    exports_the_reference(fmt, document)


def exports_the_reference(fmt: str, document: Document) -> None:
    """Assert that ``fmt``'s output of ``document`` is the reference dict, script-safe."""
    data = get_document_exporter(fmt).dump(document, {})
    expected = old_to_jsonld(document) if fmt == "jsonld" else old_schemaorg_dict(document)
    if fmt == "html":
        block = f'<script type="application/ld+json">{script_safe_json(expected)}</script>\n'
        assert block.encode() in data
    else:
        assert data == (script_safe_json(expected) + "\n").encode()


SAMPLES = sorted(SEEDS.glob("*.json")) + sorted((ROOT / "tests" / "corpus_1_1").glob("*.json"))


@pytest.mark.parametrize("fmt", ["jsonld", "schemaorg", "html"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_the_seeds_and_the_1_1_corpus_export_the_reference_dicts(fmt: str, path: Path) -> None:
    """The seeds and the 1.1 corpus export, byte for byte, the reference dicts script-safe."""
    exports_the_reference(fmt, Document.model_validate_json(path.read_bytes()))


@given(any_document)
def test_parquet_columns_typed_by_column_are_the_arrays_of_typed_row(document: Document) -> None:
    """Typed Parquet columns (split by column, as numbers) give the arrays of typed_row's cells."""
    pa = pytest.importorskip("pyarrow")
    for table, rows in document_cells(document):
        if not rows:
            continue
        names = [column.name for column in table.columns]
        typed = [typed_row(table, dict(zip(names, row, strict=True))) for row in rows]
        columns = _typed_columns(table, list(zip(*rows, strict=True)))
        schema = _schema(pa, table)
        assert len(columns) == len(schema) == len(typed_columns(table))
        for field, column in zip(schema, columns, strict=True):
            expected = pa.array([cells[field.name] for cells in typed], type=field.type)
            assert pa.array(column, type=field.type).equals(expected), (table.name, field.name)
