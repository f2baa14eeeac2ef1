"""The Parquet bundle as its users read it: frictionless, pandas and DuckDB, with no options."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from newsschema.formats.tables._tables import TABLES
from newsschema.loader import load_document
from newsschema.models import Document

from .tables_support import SEEDS, corpora, export, scratch

frictionless = pytest.importorskip("frictionless")
duckdb = pytest.importorskip("duckdb")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")


def _seed_bundle(target: Path) -> Path:
    return export("parquet", [load_document(p) for p in sorted(SEEDS.glob("*.json"))], target)


def test_frictionless_command_line_validates_the_parquet_bundle(tmp_path: Path) -> None:
    """`frictionless validate` reports every table of the seed's Parquet bundle VALID."""
    bundle = _seed_bundle(tmp_path / "pq")
    command = [sys.executable, "-m", "frictionless", "validate", str(bundle / "datapackage.json")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stdout.count("VALID") == len(TABLES)


@settings(settings.get_profile("heavy"), suppress_health_check=[HealthCheck.too_slow])
@given(corpora(max_size=3, big=False))
def test_frictionless_validates_parquet_bundles_of_generated_corpora(
    documents: list[Document],
) -> None:
    """Frictionless finds Parquet bundles of generated corpora valid (nulls in every column)."""
    with scratch() as tmp:
        report = frictionless.validate(
            export("parquet", documents, tmp / "pq") / "datapackage.json"
        )
    errors = [f"{e.type}: {e.note}" for task in report.tasks for e in task.errors][:5]
    assert report.valid, errors


def test_pandas_reads_nullable_integers_as_integers_and_dates_as_dates(tmp_path: Path) -> None:
    """pd.read_parquet on one table: Int16/Int64 with <NA> (not float64), a date dtype for days."""
    bundle = _seed_bundle(tmp_path / "pq")
    articles = pd.read_parquet(bundle / "articles.parquet")
    assert str(articles["date_published_offset"].dtype) == "Int16"
    assert articles["date_modified_offset"].isna().all()
    quotes = pd.read_parquet(bundle / "quotes.parquet")
    assert str(quotes["cue_start"].dtype) == "Int64"
    assert str(quotes["position"].dtype) == "Int64"
    events = pd.read_parquet(bundle / "events.parquet")
    assert "date" in str(events["date_start"].dtype)
    days = [d for d in events["date_start"] if d is not pd.NA]
    assert days and all(isinstance(d, dt.date) for d in days)


def test_duckdb_reads_integers_and_dates_typed(tmp_path: Path) -> None:
    """DuckDB reads the offsets as SMALLINT with NULLs and event days as DATE."""
    bundle = _seed_bundle(tmp_path / "pq")
    articles = duckdb.sql(f"SELECT * FROM '{bundle / 'articles.parquet'}'")
    types = dict(zip(articles.columns, map(str, articles.types), strict=True))
    assert types["date_published_offset"] == "SMALLINT"
    [(nulls,)] = duckdb.sql(
        f"SELECT count(*) FROM '{bundle / 'articles.parquet'}' WHERE date_modified_offset IS NULL"
    ).fetchall()
    assert nulls == 1
    events = duckdb.sql(f"SELECT date_start FROM '{bundle / 'events.parquet'}'")
    assert str(events.types[0]) == "DATE"
