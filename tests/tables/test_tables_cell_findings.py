"""Findings about one cell of a bundle name that cell: file, line, column and JSON pointer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from newsschema.findings import Finding
from newsschema.formats import IMPORTERS

from .tables_support import export, sample_document


def _edit_csv(tmp_path: Path, table: str, column: str, value: str) -> tuple[list[Finding], int]:
    """Set ``column`` of the first row of ``table`` to ``value``; return findings and column."""
    bundle = export("csv", [sample_document()], tmp_path / "bundle")
    path = bundle / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    rows[1][index] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    findings = [f for item in IMPORTERS["csv"].read(bundle, {}) for f in item.findings]
    return findings, index + 1


@pytest.mark.parametrize("value", ["9007199254740993", "99999999999999999999"])
@pytest.mark.parametrize(
    ("table", "column", "pointer"),
    [
        ("quotes", "span_start", "/quotes/0/span/start"),
        ("quotes", "cue_end", "/quotes/0/cue/end"),
        ("entity_mentions", "start", "/entities/0/mentions/0/start"),
        ("quote_outlets", "position", "/quotes/0/via/0"),
    ],
)
def test_an_integer_beyond_2_53_is_one_ns011_at_its_cell(
    tmp_path: Path, table: str, column: str, pointer: str, value: str
) -> None:
    """A whole number beyond 2^53-1 is one NS011 at its own file, line, column and pointer."""
    findings, number = _edit_csv(tmp_path, table, column, value)
    [finding] = findings
    assert finding.code == "NS011"
    assert finding.file is not None and finding.file.endswith(f"{table}.csv")
    assert (finding.line, finding.column, finding.pointer) == (2, number, pointer)
    assert f'"{value}"' in finding.message and "2^53-1" in finding.message


def test_a_huge_offset_is_excerpted_in_the_message(tmp_path: Path) -> None:
    """A 5,000-digit offset is quoted shortened: the message stays short."""
    findings, _ = _edit_csv(tmp_path, "quotes", "span_start", "9" * 5_000)
    [finding] = findings
    assert finding.code == "NS011" and "5000 digits" in finding.message
    assert len(finding.message) < 300


def test_a_mention_past_the_body_is_not_called_an_empty_text(tmp_path: Path) -> None:
    """A mention offset past the body reads; the span rules judge it, not a text mismatch."""
    findings, _ = _edit_csv(tmp_path, "entity_mentions", "end", "9007199254740991")
    assert [f.code for f in findings] == []
    [loaded] = IMPORTERS["csv"].read(tmp_path / "bundle", {})
    assert loaded.document is not None
    assert loaded.document.entities[0].mentions[0].end == 9007199254740991


def test_a_bad_cell_carries_the_pointer_of_its_field(tmp_path: Path) -> None:
    """A non-number in quotes.csv is NS072 at its cell with the pointer of the quote's field."""
    findings, number = _edit_csv(tmp_path, "quotes", "span_end", "12.0")
    [finding] = findings
    assert (finding.code, finding.line, finding.column) == ("NS072", 2, number)
    assert finding.pointer == "/quotes/0/span/end"


def test_parquet_integer_beyond_2_53_is_ns011_at_its_cell(tmp_path: Path) -> None:
    """A Parquet int64 beyond 2^53-1 is NS011 at its table, row, column and pointer."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    bundle = export("parquet", [sample_document()], tmp_path / "pq")
    table = pq.read_table(bundle / "quotes.parquet")
    index = table.schema.get_field_index("span_start")
    values = table.column(index).to_pylist()
    values[0] = 2**53 + 1
    table = table.set_column(index, "span_start", pa.array(values, pa.int64()))
    pq.write_table(table, bundle / "quotes.parquet")
    findings = [f for item in IMPORTERS["parquet"].read(bundle, {}) for f in item.findings]
    [finding] = findings
    assert finding.code == "NS011"
    assert finding.file is not None and finding.file.endswith("quotes.parquet")
    assert (finding.line, finding.column) == (1, index + 1)
    assert finding.pointer == "/quotes/0/span/start"
