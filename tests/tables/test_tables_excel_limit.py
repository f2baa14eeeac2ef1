"""--excel warns about cells Excel cannot hold (over 32,767 characters), naming where they are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from newsschema.cli import cli
from newsschema.formats.tables.csv_bundle import EXCEL_CELL_LIMIT, excel_cell_warnings
from newsschema.models import Document

from .tables_support import SEEDS, reimport


def _long_document(size: int) -> dict[str, Any]:
    """The seed with a body padded to ``size`` characters (spans keep their offsets)."""
    data: dict[str, Any] = json.loads(next(SEEDS.glob("*.json")).read_text("utf-8"))
    body = data["article"]["body"]
    data["article"]["body"] = body + " " + "x" * (size - len(body) - 1)
    data["article"].pop("text_sha256", None)
    return data


def test_a_long_body_is_one_warning_naming_table_column_row_and_limit(tmp_path: Path) -> None:
    """A 40,000-character body: NS078 naming articles.csv, body, the article and 32,767."""
    source = tmp_path / "long.json"
    source.write_text(json.dumps(_long_document(40_000)), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["convert", str(source), "--to", "csv", "--excel", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "NS078" in line]
    assert len(warnings) == 1
    [warning] = warnings
    assert "articles.csv" in warning and "column body" in warning
    assert "article_id=ea502ccfb2dde799" in warning
    assert "32,767" in warning and "40,000" in warning
    assert str(source) in warning
    # The bundle itself is complete: it imports back to the same document.
    assert reimport("csv", out) == [Document.model_validate(_long_document(40_000))]


def test_no_warning_without_excel_or_at_the_limit(tmp_path: Path) -> None:
    """Without --excel nothing is said; a cell of exactly the limit is not over it."""
    source = tmp_path / "long.json"
    source.write_text(json.dumps(_long_document(40_000)), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["convert", str(source), "--to", "csv", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 0
    assert "NS078" not in result.output
    at_limit = Document.model_validate(_long_document(EXCEL_CELL_LIMIT))
    assert excel_cell_warnings(at_limit) == []
    over = Document.model_validate(_long_document(EXCEL_CELL_LIMIT + 1))
    assert [f.code for f in excel_cell_warnings(over)] == ["NS078"]
