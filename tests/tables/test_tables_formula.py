"""CSV formula escaping: declared in datapackage.json, undone on import, off for machines."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from newsschema.cli import cli
from newsschema.loader import load_document
from newsschema.models import Document

from .tables_support import SEEDS, corpora, export, reimport, scratch

duckdb = pytest.importorskip("duckdb")
pd = pytest.importorskip("pandas")


def _outlet_document() -> Document:
    """The seed with an outlet whose name starts with a formula trigger ('+972 Magazine')."""
    data = json.loads(next(SEEDS.glob("*.json")).read_text("utf-8"))
    data["entities"][0]["name"] = "+972 Magazine"
    return Document.model_validate(data)


def _package(bundle: Path) -> dict[str, Any]:
    package: dict[str, Any] = json.loads((bundle / "datapackage.json").read_text("utf-8"))
    return package


def _undo(package: dict[str, Any], cell: str) -> str:
    """What a consumer does with the declaration: remove one declared prefix from a cell."""
    declared = package["newsschema"]["formula_escape"]
    if declared["applied"] and cell.startswith(declared["prefix"]):
        return cell[len(declared["prefix"]) :]
    return cell


def _entity_names(bundle: Path) -> list[str]:
    with (bundle / "entities.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def test_default_bundle_declares_the_escape_a_consumer_can_undo(tmp_path: Path) -> None:
    """The cell is escaped, datapackage.json declares the prefix, and undoing it gives the name."""
    document = _outlet_document()
    bundle = export("csv", [document], tmp_path / "out")
    package = _package(bundle)
    declared = package["newsschema"]["formula_escape"]
    assert declared["applied"] is True
    assert declared["prefix"] == "'"
    assert "+" in declared["triggers"]
    names = _entity_names(bundle)
    assert "'+972 Magazine" in names
    assert [_undo(package, n) for n in names] == [e.name for e in document.entities]
    assert reimport("csv", bundle) == [document]


def test_no_formula_escape_writes_cells_as_they_are_and_declares_it(tmp_path: Path) -> None:
    """--no-formula-escape: raw cells, declared as not applied, read back to the same document."""
    document = _outlet_document()
    bundle = export("csv", [document], tmp_path / "out", **{"no-formula-escape": True})
    assert _package(bundle)["newsschema"]["formula_escape"]["applied"] is False
    assert _entity_names(bundle) == [e.name for e in document.entities]
    assert reimport("csv", bundle) == [document]
    [(name,)] = duckdb.sql(
        f"SELECT name FROM read_csv('{bundle / 'entities.csv'}', all_varchar = true) "
        "WHERE name LIKE '+%'"
    ).fetchall()
    assert name == "+972 Magazine"


def test_an_apostrophe_cell_is_kept_without_the_escape(tmp_path: Path) -> None:
    """Without the escape a leading apostrophe is data: the importer does not remove it."""
    data = json.loads(next(SEEDS.glob("*.json")).read_text("utf-8"))
    data["entities"][0]["name"] = "'Ndrangheta"
    document = Document.model_validate(data)
    bundle = export("csv", [document], tmp_path / "out", **{"no-formula-escape": True})
    assert "'Ndrangheta" in _entity_names(bundle)
    assert reimport("csv", bundle) == [document]


@settings(settings.get_profile("slow"), suppress_health_check=[HealthCheck.too_slow])
@given(corpora(max_size=3, big=False))
def test_both_conventions_round_trip(documents: list[Document]) -> None:
    """Generated corpora (cells starting with =, +, -, @, ') round-trip with and without it."""
    with scratch() as tmp:
        for options in ({}, {"no-formula-escape": True}):
            bundle = export("csv", documents, tmp / str(len(options)), **options)
            assert reimport("csv", bundle) == documents


def test_cli_flag_is_for_csv_only(tmp_path: Path) -> None:
    """--no-formula-escape with another --to is a usage error naming the format it applies to."""
    seed = next(SEEDS.glob("*.json"))
    result = CliRunner().invoke(
        cli,
        ["convert", str(seed), "--to", "jsonl", "--no-formula-escape", "-o", str(tmp_path / "x")],
    )
    assert result.exit_code == 2
    assert "--to csv" in result.output
    result = CliRunner().invoke(
        cli, ["convert", str(seed), "--to", "csv", "--no-formula-escape", "-o", str(tmp_path / "b")]
    )
    assert result.exit_code == 0, result.output
    assert _package(tmp_path / "b")["newsschema"]["formula_escape"]["applied"] is False


PANDAS_DTYPES = {"string": "string", "integer": "Int64", "boolean": "boolean"}
DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "boolean": "BOOLEAN"}


def _fields(bundle: Path, table: str) -> dict[str, str]:
    [resource] = [r for r in _package(bundle)["resources"] if r["name"] == table]
    return {f["name"]: f["type"] for f in resource["schema"]["fields"]}


def test_types_from_the_descriptor_give_pandas_and_duckdb_a_string_schema_version(
    tmp_path: Path,
) -> None:
    """The documented recipe: datapackage.json's types make schema_version text, not a number."""
    bundle = export("csv", [load_document(next(SEEDS.glob("*.json")))], tmp_path / "out")
    fields = _fields(bundle, "articles")
    dtypes = {name: PANDAS_DTYPES.get(kind, "string") for name, kind in fields.items()}
    frame = pd.read_csv(
        bundle / "articles.csv", dtype=dtypes, keep_default_na=False, na_values=[""]
    )
    assert frame["schema_version"].tolist() == ["1.1"]
    types = {name: DUCKDB_TYPES.get(kind, "VARCHAR") for name, kind in fields.items()}
    relation = duckdb.read_csv(str(bundle / "articles.csv"), dtype=types)
    column_types = dict(zip(relation.columns, map(str, relation.types), strict=True))
    assert column_types["schema_version"] == "VARCHAR"
    [row] = relation.fetchall()
    assert row[relation.columns.index("schema_version")] == "1.1"
    untyped = duckdb.read_csv(str(bundle / "articles.csv"))
    assert str(untyped.types[untyped.columns.index("schema_version")]) == "DOUBLE"
