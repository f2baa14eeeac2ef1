"""``agree --format csv`` writes annotator names as text a spreadsheet never runs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from newsschema.cli import cli
from newsschema.formats.tables.csv_bundle import unescape_cell

from .review_support import seed_dict, write


def test_formula_annotator_names_are_escaped(tmp_path: Path) -> None:
    """Names starting with = or + get the CSV bundle's apostrophe; unescaping gives them back."""
    first = write(tmp_path / "=HYPERLINK(1).json", seed_dict())
    second = write(tmp_path / "+cmd.json", seed_dict())
    result = CliRunner().invoke(
        cli, ["agree", str(first), str(second), "--format", "csv", "--bootstrap", "0"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    pairs = [r for r in rows if r["annotator_a"] != "mean"]
    assert pairs
    for row in pairs:
        assert (row["annotator_a"], row["annotator_b"]) == ("'=HYPERLINK(1)", "'+cmd")
        assert unescape_cell(row["annotator_a"]) == "=HYPERLINK(1)"
