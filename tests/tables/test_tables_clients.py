"""Real clients read the bundles: Frictionless validates them, DuckDB queries them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from newsschema.formats.tables._tables import TABLES
from newsschema.loader import load_document
from newsschema.models import Document

from .tables_support import SEEDS, corpora, export, scratch

frictionless = pytest.importorskip("frictionless")
duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")


def _seed_documents() -> list[Document]:
    files = sorted(SEEDS.glob("*.json"))
    if not files:
        pytest.skip("seeds/ is not present")
    return [load_document(path) for path in files]


def _validate(bundle: Path) -> Any:
    return frictionless.validate(bundle / "datapackage.json")


def _errors(report: Any) -> list[str]:
    return [f"{e.type}: {e.note}" for task in report.tasks for e in task.errors][:10]


@pytest.mark.parametrize("excel", [False, True])
def test_frictionless_validates_the_seed_bundle(tmp_path: Path, excel: bool) -> None:
    """Frictionless finds the seed bundle valid, checking every table and foreign keys."""
    bundle = export("csv", _seed_documents(), tmp_path / "seed", excel=excel)
    report = _validate(bundle)
    assert report.valid, _errors(report)
    # Every table was checked, and the foreign keys were among the checks.
    assert len(report.tasks) == len(TABLES)
    resources = json.loads((bundle / "datapackage.json").read_text())["resources"]
    [quotes] = [r for r in resources if r["name"] == "quotes"]
    assert quotes["schema"]["foreignKeys"]


def test_frictionless_command_line_validates_the_seed_bundle(tmp_path: Path) -> None:
    """The `frictionless validate` command reports every table of the seed bundle VALID."""
    bundle = export("csv", _seed_documents(), tmp_path / "seed")
    command = [sys.executable, "-m", "frictionless", "validate", str(bundle / "datapackage.json")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.count("VALID") == len(TABLES)


@settings(settings.get_profile("heavy"), suppress_health_check=[HealthCheck.too_slow])
@given(corpora(max_size=4, big=False))
def test_frictionless_validates_generated_corpora(documents: list[Document]) -> None:
    """Frictionless finds bundles of generated corpora valid."""
    with scratch() as tmp:
        report = _validate(export("csv", documents, tmp / "bundle"))
    assert report.valid, _errors(report)


def test_frictionless_reports_a_broken_foreign_key(tmp_path: Path) -> None:
    """Frictionless reports only foreign-key errors once a speaker's entity row is dropped."""
    documents = _seed_documents()
    bundle = export("csv", documents, tmp_path / "seed")
    entities = (bundle / "entities.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    # Drop the entity that speaks the first quote: its aliases, mentions, quotes now dangle.
    speaker = documents[0].quotes[0].speaker
    kept = [line for line in entities if f",{speaker}," not in line]
    assert len(kept) == len(entities) - 1
    (bundle / "entities.csv").write_text("".join(kept), encoding="utf-8")
    report = _validate(bundle)
    assert not report.valid
    assert {e.type for task in report.tasks for e in task.errors} == {"foreign-key"}


# --- DuckDB ---------------------------------------------------------------------------------

_UNESCAPE = "CREATE MACRO unescape(x) AS CASE WHEN starts_with(x, '''') THEN x[2:] ELSE x END"
"""The documented formula escape, undone in SQL (CSV only; Parquet needs none)."""

_DIRECT_QUOTES = """
SELECT q.article_id, q.quote_id, {u}(s.name) AS speaker, {u}(q.text) AS text,
       {d} AS event_date
FROM quotes q
JOIN entities s ON s.article_id = q.article_id AND s.entity_id = q.speaker_id
LEFT JOIN events ev ON ev.article_id = q.article_id AND ev.event_id = q.event_id
WHERE q.kind = 'direct'
ORDER BY q.article_id, q.position
"""

_CSV_DATE = "ev.date_start"
_PARQUET_DATE = "coalesce(CAST(ev.date_start AS VARCHAR), ev.date_start_text)"
"""The event date as text: a calendar day is a DATE in Parquet, any other precision is text."""

_QUOTES_PER_SPEAKER = """
SELECT q.article_id, q.speaker_id, {u}(min(s.name)) AS speaker, count(*) AS quotes
FROM quotes q JOIN entities s ON s.article_id = q.article_id AND s.entity_id = q.speaker_id
GROUP BY q.article_id, q.speaker_id
ORDER BY quotes DESC, q.article_id, q.speaker_id
"""


def _duck_types(descriptor: dict[str, Any], table: str) -> dict[str, str]:
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return {
        f["name"]: {"integer": "BIGINT", "boolean": "BOOLEAN"}.get(f["type"], "VARCHAR")
        for f in resource["schema"]["fields"]
    }


def _connect_csv(bundle: Path) -> Any:
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    con = duckdb.connect()
    con.execute(_UNESCAPE)
    for table in ("quotes", "entities", "events"):
        # Column types come from the Data Package, not from DuckDB's guess.
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv(?, header = true, quote = '\"', "
            f"escape = '\"', columns = {_duck_types(descriptor, table)!r})",
            [str(bundle / f"{table}.csv")],
        )
    return con


def _connect_parquet(bundle: Path) -> Any:
    con = duckdb.connect()
    con.execute("CREATE MACRO unescape(x) AS x")
    for table in ("quotes", "entities", "events"):
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?)",
            [str(bundle / f"{table}.parquet")],
        )
    return con


def _expected_direct(documents: list[Document]) -> list[tuple[Any, ...]]:
    rows = []
    for doc in sorted(documents, key=lambda d: d.article.id):
        for quote in doc.quotes:
            speaker = doc.speaker(quote)
            if quote.kind != "direct" or speaker is None:
                continue
            event = doc.quote_event(quote)
            date = None if event is None or event.date is None else event.date.start
            rows.append((doc.article.id, quote.id, speaker.name, quote.text, date))
    return rows


def _expected_per_speaker(documents: list[Document]) -> list[tuple[Any, ...]]:
    rows = []
    for doc in documents:
        for entity in doc.entities:
            said = doc.quotes_by(entity.id)
            if said:
                rows.append((doc.article.id, entity.id, entity.name, len(said)))
    return sorted(rows, key=lambda r: (-r[3], r[0], r[1]))


def _ask(documents: list[Document], tmp: Path, excel: bool = False) -> None:
    csv_con = _connect_csv(export("csv", documents, tmp / "csv", excel=excel))
    pq_con = _connect_parquet(export("parquet", documents, tmp / "parquet"))
    for query, expected in (
        (_DIRECT_QUOTES, _expected_direct(documents)),
        (_QUOTES_PER_SPEAKER, _expected_per_speaker(documents)),
    ):
        from_csv = csv_con.execute(query.format(u="unescape", d=_CSV_DATE)).fetchall()
        from_parquet = pq_con.execute(query.format(u="unescape", d=_PARQUET_DATE)).fetchall()
        assert from_csv == from_parquet
        # ... and both agree with the documents themselves.
        assert from_csv == expected


@pytest.mark.parametrize("excel", [False, True])
def test_duckdb_answers_the_same_on_the_seed(tmp_path: Path, excel: bool) -> None:
    """DuckDB on the seed's CSV and Parquet bundles answers quote queries as the documents do."""
    documents = _seed_documents()
    assert _expected_direct(documents), "the seed has direct quotes"
    _ask(documents, tmp_path, excel)


@settings(settings.get_profile("heavy"), suppress_health_check=[HealthCheck.too_slow])
@given(corpora(max_size=4))
def test_duckdb_answers_the_same_on_generated_corpora(documents: list[Document]) -> None:
    """DuckDB on generated CSV and Parquet bundles answers quote queries as the documents do."""
    with scratch() as tmp:
        _ask(documents, tmp)
