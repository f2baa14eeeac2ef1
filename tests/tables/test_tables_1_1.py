"""Schema 1.1 fields in the CSV and Parquet bundles: lossless, typed for clients, checked."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from newsschema.findings import Finding
from newsschema.formats import IMPORTERS
from newsschema.formats.canonical import dump_canonical
from newsschema.formats.tables._parquet_layout import layout_row
from newsschema.formats.tables._tables import TABLES_BY_NAME
from newsschema.models import Document

from .tables_support import corpus_1_1, export, reimport, sample_document

CORPUS = corpus_1_1()


def _bytes(documents: list[Document]) -> list[bytes]:
    return [dump_canonical(document) for document in documents]


@pytest.mark.parametrize(
    ("fmt", "target", "options"),
    [
        ("csv", "bundle", {}),
        ("csv", "bundle.zip", {"excel": True}),
        ("parquet", "bundle", {}),
    ],
    ids=["csv", "csv-zip-excel", "parquet"],
)
def test_corpus_round_trips_identically(
    tmp_path: Path, fmt: str, target: str, options: dict[str, Any]
) -> None:
    """Every 1.1 field comes back byte for byte from each kind of bundle."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    back = reimport(fmt, export(fmt, CORPUS, tmp_path / target, **options))
    assert _bytes(back) == _bytes(CORPUS)


def test_new_fields_have_their_own_tables_and_columns(tmp_path: Path) -> None:
    """The descriptor declares the 1.1 tables, typed columns and controlled lists."""
    bundle = export("csv", CORPUS, tmp_path / "bundle")
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    fields = {
        r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in descriptor["resources"]
    }
    assert {"article_images", "quote_interruptions"} <= set(fields)
    assert fields["entities"]["anonymous"]["type"] == "boolean"
    assert fields["entity_mentions"]["form"]["constraints"]["enum"] == [
        "name",
        "nominal",
        "pronoun",
    ]
    assert fields["quotes"]["attribution"]["constraints"]["enum"] == [
        "speech",
        "belief",
        "knowledge",
        "intention",
    ]
    assert "required" not in fields["articles"]["headline"].get("constraints", {})
    with (bundle / "entities.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    cells = {
        row[header.index("entity_id")]: row
        for row in rows
        if row[header.index("article_id")] == "attribution-1"
    }
    assert cells["source"][header.index("anonymous")] == "true"
    assert cells["lavrov"][header.index("anonymous")] == "false"


def test_frictionless_validates_the_corpus_bundle(tmp_path: Path) -> None:
    """Frictionless accepts the 1.1 tables: booleans, enums and foreign keys included."""
    frictionless = pytest.importorskip("frictionless")
    bundle = export("csv", CORPUS, tmp_path / "bundle")
    report = frictionless.validate(bundle / "datapackage.json")
    assert report.valid, [e.note for task in report.tasks for e in task.errors][:5]


_SOURCES = """
SELECT q.attribution, e.kind, e.anonymous, count(*) AS n
FROM quotes q JOIN entities e ON e.article_id = q.article_id AND e.entity_id = q.speaker_id
GROUP BY ALL ORDER BY ALL
"""


def test_duckdb_counts_sources_by_attribution_type(tmp_path: Path) -> None:
    """DuckDB reads the Parquet booleans as booleans and answers as the documents say."""
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    bundle = export("parquet", CORPUS, tmp_path / "pq")
    con = duckdb.connect()
    for table in ("quotes", "entities"):
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?)",
            [str(bundle / f"{table}.parquet")],
        )
    counted: dict[tuple[Any, ...], int] = {}
    for document in CORPUS:
        for quote in document.quotes:
            speaker = document.speaker(quote)
            if speaker is not None:
                key = (quote.attribution, speaker.kind, speaker.anonymous)
                counted[key] = counted.get(key, 0) + 1
    expected = sorted((*key, n) for key, n in counted.items())
    assert con.execute(_SOURCES).fetchall() == expected
    [(kind,)] = con.execute("SELECT typeof(anonymous) FROM entities GROUP BY ALL").fetchall()
    assert kind == "BOOLEAN"


def _tampered(tmp: Path, table: str, column: str, row: int, value: str) -> list[Finding]:
    bundle = export("csv", CORPUS, tmp / "bundle")
    path = bundle / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return [f for item in IMPORTERS["csv"].read(bundle, {}) for f in item.findings]


@pytest.mark.parametrize(
    ("table", "column", "value", "code"),
    [
        ("entities", "anonymous", "yes", "NS072"),
        ("entities", "anonymous", "", "NS072"),
        ("entity_mentions", "form", "acronym", "NS023"),
        ("quotes", "attribution", "rumour", "NS023"),
        ("quotes", "within_id", "q99", "NS074"),
        ("article_images", "url", "", "NS072"),
    ],
)
def test_bad_1_1_cells_are_located_errors(
    tmp_path: Path, table: str, column: str, value: str, code: str
) -> None:
    """A wrong value in a 1.1 column is reported at its file, line and column."""
    findings = _tampered(tmp_path, table, column, 1, value)
    located = [f for f in findings if f.code == code]
    assert located, findings
    assert all(f.file is not None and f.file.endswith(f"{table}.csv") for f in located)
    assert all(f.line == 2 and f.column is not None for f in located)


def test_parquet_anonymous_must_be_a_boolean(tmp_path: Path) -> None:
    """A Parquet file whose anonymous column holds text is refused with NS072, not read."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    bundle = export("parquet", CORPUS, tmp_path / "pq")
    table = pq.read_table(bundle / "entities.parquet")
    index = table.schema.get_field_index("anonymous")
    text = pa.array(["true"] * table.num_rows)
    pq.write_table(table.set_column(index, "anonymous", text), bundle / "entities.parquet")
    findings = [f for item in IMPORTERS["parquet"].read(bundle, {}) for f in item.findings]
    assert {f.code for f in findings} == {"NS072"}
    assert findings[0].column == index + 1 and "true or false" in findings[0].message


def _as_written_by_1_0(bundle: Path, fmt: str) -> None:
    """Make a bundle look like one written before schema 1.1: no 1.1 tables or columns."""
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    kept = []
    for resource in descriptor["resources"]:
        table = TABLES_BY_NAME[resource["name"]]
        if table.added_in:
            (bundle / resource["path"]).unlink()
            continue
        old = [c.name for c in table.columns if not c.added_in]
        resource["schema"]["fields"] = [f for f in resource["schema"]["fields"] if f["name"] in old]
        kept.append(resource)
        path = bundle / resource["path"]
        if fmt == "csv":
            with path.open(encoding="utf-8", newline="") as handle:
                header, *rows = list(csv.reader(handle))
            keep = [header.index(name) for name in old]
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerows([[row[i] for i in keep] for row in [header, *rows]])
        else:  # as the 1.0 writer did: timestamps and event dates as text, no companions
            pa = pytest.importorskip("pyarrow")
            pq = pytest.importorskip("pyarrow.parquet")
            stored = pq.read_table(path)
            for i, field in enumerate(stored.schema):
                if pa.types.is_timestamp(field.type):  # layout_row takes epoch microseconds
                    stored = stored.set_column(i, field.name, stored.column(i).cast(pa.int64()))
            records = [layout_row(table, row)[0] for row in stored.to_pylist()]
            types = {"integer": pa.int64(), "boolean": pa.bool_()}
            schema = pa.schema(
                [(c.name, types.get(c.type, pa.string())) for c in table.columns if not c.added_in]
            )
            pq.write_table(pa.Table.from_pylist(records, schema=schema), path)
    descriptor["resources"] = kept
    (bundle / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_bundle_written_before_1_1_still_reads(tmp_path: Path, fmt: str) -> None:
    """A bundle without the 1.1 tables and columns reads back as the same 1.0 documents."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    documents = [sample_document()]
    assert documents[0].schema_version == "1.0"
    bundle = export(fmt, documents, tmp_path / "old")
    _as_written_by_1_0(bundle, fmt)
    assert not (bundle / f"quote_interruptions.{fmt}").exists()
    assert _bytes(reimport(fmt, bundle)) == _bytes(documents)


def test_a_missing_1_0_column_is_still_refused(tmp_path: Path) -> None:
    """Only columns added in 1.1 may be absent: a bundle without entities.name is NS071."""
    bundle = export("csv", [sample_document()], tmp_path / "b")
    path = bundle / "entities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    drop = header.index("name")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([r[:drop] + r[drop + 1 :] for r in [header, *rows]])
    findings = [f for item in IMPORTERS["csv"].read(bundle, {}) for f in item.findings]
    [header_problem] = [f for f in findings if f.code == "NS071"]
    assert "missing column(s) name" in header_problem.message
    assert header_problem.file is not None and header_problem.file.endswith("entities.csv")
