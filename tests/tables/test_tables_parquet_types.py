"""Parquet stores timestamps and calendar days in native types, losslessly (see docs/tables.md)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsschema.formats import IMPORTERS
from newsschema.formats.canonical import dump_canonical, to_canonical_dict
from newsschema.models import Document

from .tables_support import export, reimport, sample_document, scratch

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
duckdb = pytest.importorskip("duckdb")

_OFFSETS = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
_TIMESTAMPS = st.builds(
    lambda local, tz: local.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
    _OFFSETS,
)
_EVENT_DATES = st.one_of(
    st.dates().map(date.isoformat),
    st.dates().map(lambda d: d.isoformat()[:7]),
    st.dates().map(lambda d: d.isoformat()[:4]),
    _TIMESTAMPS,
)


def _with_dates(published: datetime | None, start: Any, end: Any, ident: str = "a1") -> Document:
    data = to_canonical_dict(sample_document())
    data["article"]["id"] = ident
    data["article"]["date_published"] = published
    data["article"]["date_modified"] = published
    data["events"][0]["date"] = {"start": start, "end": end}
    return Document.model_validate(data)


def _bytes(documents: list[Document]) -> list[bytes]:
    return [dump_canonical(document) for document in documents]


@given(
    published=st.none() | _TIMESTAMPS,
    start=_EVENT_DATES,
    end=st.none() | _EVENT_DATES,
)
def test_any_offset_and_date_precision_round_trips(
    published: datetime | None, start: Any, end: Any
) -> None:
    """Every offset (±23:59, years 1-9999) and every event date precision reads back exactly."""
    document = _with_dates(published, start, end)
    with scratch() as tmp:
        back = reimport("parquet", export("parquet", [document], tmp / "pq"))
    assert _bytes(back) == _bytes([document])


def test_arrow_types_and_descriptor_agree(tmp_path: Path) -> None:
    """The files hold timestamp[us, UTC], int16 offsets and date32; datapackage.json says so."""
    bundle = export("parquet", [sample_document()], tmp_path / "pq")
    articles = pq.read_schema(bundle / "articles.parquet")
    events = pq.read_schema(bundle / "events.parquet")
    assert articles.field("date_published").type == pa.timestamp("us", tz="UTC")
    assert articles.field("date_published_offset").type == pa.int16()
    assert events.field("date_start").type == pa.date32()
    assert events.field("date_start_text").type == pa.string()
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    arrow_to_table_schema = {
        pa.timestamp("us", tz="UTC"): "datetime",
        pa.int16(): "integer",
        pa.int64(): "integer",
        pa.date32(): "date",
        pa.string(): "string",
        pa.bool_(): "boolean",
    }
    for resource in descriptor["resources"]:
        schema = pq.read_schema(bundle / resource["path"])
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == schema.names
        for field in fields:
            assert field["type"] == arrow_to_table_schema[schema.field(field["name"]).type]


def test_the_offset_is_kept_beside_the_utc_instant(tmp_path: Path) -> None:
    """+03:00 is stored as the UTC instant and offset 180; Z as offset 0."""
    document = _with_dates(datetime(2022, 1, 13, 0, 30, tzinfo=timezone.utc), "2022", None, "a2")
    bundle = export("parquet", [sample_document(), document], tmp_path / "pq")
    rows = pq.read_table(bundle / "articles.parquet").to_pylist()
    assert rows[0]["date_published"] == datetime(2022, 1, 13, 9, 30, tzinfo=timezone.utc)
    assert [row["date_published_offset"] for row in rows] == [180, 0]
    events = pq.read_table(bundle / "events.parquet").to_pylist()
    assert events[-1]["date_start"] is None and events[-1]["date_start_text"] == "2022"


def _duckdb(bundle: Path) -> Any:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for table in ("articles", "events"):
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?)",
            [str(bundle / f"{table}.parquet")],
        )
    return con


def test_duckdb_sees_timestamp_with_time_zone_and_date(tmp_path: Path) -> None:
    """DuckDB reads the columns as TIMESTAMP WITH TIME ZONE, SMALLINT and DATE."""
    con = _duckdb(export("parquet", [sample_document()], tmp_path / "pq"))
    articles = dict(
        con.execute("SELECT column_name, column_type FROM (DESCRIBE articles)").fetchall()
    )
    events = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE events)").fetchall())
    assert articles["date_published"] == "TIMESTAMP WITH TIME ZONE"
    assert articles["date_published_offset"] == "SMALLINT"
    assert events["date_start"] == "DATE"
    assert events["date_start_text"] == "VARCHAR"


_CORPUS = st.lists(
    st.tuples(_TIMESTAMPS, st.dates() | st.dates().map(lambda d: d.isoformat()[:7])),
    min_size=1,
    max_size=6,
)


@given(corpus=_CORPUS, low=_TIMESTAMPS, high=_TIMESTAMPS, day_low=st.dates(), day_high=st.dates())
def test_duckdb_date_range_queries_match_python(
    corpus: list[tuple[datetime, Any]],
    low: datetime,
    high: datetime,
    day_low: date,
    day_high: date,
) -> None:
    """A publication-time range and an event-day range give the articles Python computes."""
    documents = []
    for i, (published, start) in enumerate(corpus):
        documents.append(_with_dates(published, start, None, f"a{i}"))
    with scratch() as tmp:
        con = _duckdb(export("parquet", documents, tmp / "pq"))
        by_time = con.execute(
            "SELECT article_id FROM articles WHERE date_published BETWEEN ? AND ? "
            "ORDER BY article_id",
            [low, high],
        ).fetchall()
        by_day = con.execute(
            "SELECT DISTINCT article_id FROM events WHERE date_start BETWEEN ? AND ? "
            "ORDER BY article_id",
            [day_low, day_high],
        ).fetchall()
    assert [r[0] for r in by_time] == sorted(
        d.article.id
        for d in documents
        if low <= d.article.date_published <= high  # type: ignore[operator]
    )
    starts = {d.article.id: d.events[0].date.start for d in documents}  # type: ignore[union-attr]
    assert [r[0] for r in by_day] == sorted(
        key
        for key, start in starts.items()
        if len(start) == 10 and day_low <= date.fromisoformat(start) <= day_high
    )


def _refused(bundle: Path) -> list[Any]:
    return [f for item in IMPORTERS["parquet"].read(bundle, {}) for f in item.findings]


def _rewrite(path: Path, change: Any) -> None:
    table = pq.read_table(path)
    pq.write_table(change(table), path)


def test_an_instant_without_its_offset_is_refused(tmp_path: Path) -> None:
    """An empty offset beside a set instant is NS072 at the offset column."""
    bundle = export("parquet", [sample_document()], tmp_path / "pq")
    path = bundle / "articles.parquet"
    index = pq.read_schema(path).get_field_index("date_published_offset")
    empty = pa.nulls(1, pa.int16())
    _rewrite(path, lambda t: t.set_column(index, "date_published_offset", empty))
    findings = _refused(bundle)  # then quotes.date_published disagrees too (NS073)
    assert (findings[0].code, findings[0].column) == ("NS072", index + 1)
    assert "date_published_offset is empty" in findings[0].message


def test_a_day_in_both_event_date_columns_is_refused(tmp_path: Path) -> None:
    """A calendar day and a text value in one event date is NS072, never a silent choice."""
    bundle = export("parquet", [sample_document()], tmp_path / "pq")
    path = bundle / "events.parquet"
    index = pq.read_schema(path).get_field_index("date_start_text")
    text = pa.array(["2021"], pa.string())
    _rewrite(path, lambda t: t.set_column(index, "date_start_text", text))
    findings = _refused(bundle)  # then the quotes' event_date disagrees too (NS073)
    assert (findings[0].code, findings[0].column) == ("NS072", index + 1)
    assert "both set" in findings[0].message


def test_a_timestamp_without_time_zone_is_refused(tmp_path: Path) -> None:
    """A naive timestamp column is NS072 (its instant is unknown), not a traceback."""
    bundle = export("parquet", [sample_document()], tmp_path / "pq")
    path = bundle / "articles.parquet"
    index = pq.read_schema(path).get_field_index("date_published")
    naive = pa.array([datetime(2022, 1, 13, 9, 30)], pa.timestamp("us"))
    _rewrite(path, lambda t: t.set_column(index, "date_published", naive))
    findings = _refused(bundle)  # the table is not read, so its children are orphans (NS074)
    assert (findings[0].code, findings[0].column) == ("NS072", index + 1)
    assert "time zone" in findings[0].message


def test_frictionless_accepts_the_parquet_descriptor(tmp_path: Path) -> None:
    """The Parquet bundle's datapackage.json (with date and offset fields) is a valid package."""
    frictionless = pytest.importorskip("frictionless")
    bundle = export("parquet", [sample_document()], tmp_path / "pq")
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    report = frictionless.Package.validate_descriptor(descriptor)
    assert report.valid, [error.message for error in report.errors]
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    types = {f["name"]: f["type"] for f in events["schema"]["fields"]}
    assert (types["date_start"], types["date_start_text"]) == ("date", "string")
