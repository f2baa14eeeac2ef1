"""The declarative mapping file and the Data Package agree with what the exporter writes."""

from __future__ import annotations

import csv
import importlib
import json
import sys
from pathlib import Path
from typing import Any, get_args

import pytest

from newsschema.formats.tables._tables_descriptor import mapping_toml

from .tables_support import ROOT, export, sample_document

MAPPING = ROOT / "exporters" / "csv.toml"
REGENERATE = (
    'python -c "from newsschema.formats.tables._tables_descriptor import mapping_toml; '
    "print(mapping_toml(), end='')\" > exporters/csv.toml"
)


def _values(column: dict[str, Any]) -> list[str]:
    """Resolve ``values_from`` (a Literal type or a constant of the model) to its values."""
    if "values_from" not in column:
        return []
    module, name = column["values_from"].rsplit(".", 1)
    value = getattr(importlib.import_module(module), name)
    return [value] if isinstance(value, str) else list(get_args(value))


def test_mapping_file_is_up_to_date() -> None:
    """exporters/csv.toml equals the mapping generated from the table layout."""
    assert MAPPING.read_text(encoding="utf-8") == mapping_toml(), f"regenerate: {REGENERATE}"


def test_mapping_describes_the_files_written(tmp_path: Path) -> None:
    """csv.toml tables, columns, types, keys and enums match the written bundle and descriptor."""
    if sys.version_info < (3, 11):
        pytest.skip("tomllib needs Python 3.11")
    import tomllib

    mapping = tomllib.loads(MAPPING.read_text(encoding="utf-8"))
    bundle = export("csv", [sample_document()], tmp_path / "bundle")
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    assert [t["name"] for t in mapping["tables"]] == [r["name"] for r in descriptor["resources"]]
    for table, resource in zip(mapping["tables"], descriptor["resources"], strict=True):
        with (bundle / resource["path"]).open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        columns = [c["name"] for c in table["columns"]]
        assert columns == header == [f["name"] for f in resource["schema"]["fields"]]
        assert table["primary_key"] == resource["schema"]["primaryKey"]
        # Every row carries its article id.
        assert header[0] == "article_id"
        for column, field in zip(table["columns"], resource["schema"]["fields"], strict=True):
            assert column["type"] == field["type"]
            assert column["required"] == field.get("constraints", {}).get("required", False)
            assert _values(column) == field.get("constraints", {}).get("enum", [])
