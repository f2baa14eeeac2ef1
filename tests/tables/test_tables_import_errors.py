"""Tampered bundles are refused with located findings and stable codes, never a traceback."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsschema.findings import Finding
from newsschema.formats import IMPORTERS
from newsschema.formats.tables.csv_bundle import FORMULA_PREFIX, escape_cell, unescape_cell
from newsschema.models import Document

from .tables_support import (
    Rows,
    canonical,
    export,
    read_table,
    reimport,
    sample_document,
    scratch,
    write_table,
)


def _tamper(tmp: Path, table: str, change: Callable[[Rows], None]) -> list[Finding]:
    bundle = export("csv", [sample_document()], tmp / "bundle")
    rows = read_table(bundle / f"{table}.csv")
    change(rows)
    write_table(bundle / f"{table}.csv", rows)
    loaded = list(IMPORTERS["csv"].read(bundle, {}))
    assert all(item.document is None for item in loaded if item.findings)
    return [f for item in loaded for f in item.findings]


def _set(table_rows: Rows, row: int, column: str, value: str) -> None:
    table_rows[row][table_rows[0].index(column)] = value


def _only(findings: list[Finding], code: str) -> Finding:
    assert [f.code for f in findings] == [code], findings
    return findings[0]


def test_speaker_name_that_disagrees_with_the_id_is_an_error(tmp_path: Path) -> None:
    """A speaker name disagreeing with its id is NS073 at its cell, naming both names."""
    findings = _tamper(tmp_path, "quotes", lambda r: _set(r, 1, "speaker_name", "Jens Stoltenberg"))
    finding = _only(findings, "NS073")
    assert finding.file is not None and finding.file.endswith("quotes.csv")
    assert finding.line == 2
    header = read_table(export("csv", [sample_document()], tmp_path / "h") / "quotes.csv")[0]
    assert finding.column == header.index("speaker_name") + 1
    assert "Jens Stoltenberg" in finding.message and "Sergey Lavrov" in finding.message


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("quotes", "via_names", "TASS"),
        ("quotes", "headline", "Another headline"),
        ("quotes", "date_published", "2022-01-14T00:00:00Z"),
        ("quotes", "event_date", "2022-01-12"),
        ("quotes", "event_name", "Something else"),
        ("quotes", "cue_text", "stressed"),
        ("quote_outlets", "outlet_name", "TASS"),
        ("event_participants", "entity_name", "Someone"),
        ("entity_mentions", "text", "Putin"),
        ("quote_insertions", "text", "(Putin)"),
        ("article_authors", "author_name", ""),
        ("articles", "publisher_name", "TASS"),
    ],
)
def test_every_human_column_is_checked(tmp_path: Path, table: str, column: str, value: str) -> None:
    """Each human-readable column is checked against its id column (NS073 at row 2)."""
    finding = _only(_tamper(tmp_path, table, lambda r: _set(r, 1, column, value)), "NS073")
    assert finding.line == 2 and finding.file is not None and finding.file.endswith(table + ".csv")


def test_changing_an_id_without_its_name_is_caught(tmp_path: Path) -> None:
    """Changing an id without its name column is caught as a located NS073."""
    # Point the quote at the outlet but leave the speaker's name: the name now disagrees.
    findings = _tamper(tmp_path, "quotes", lambda r: _set(r, 1, "speaker_id", "e_ria"))
    assert _only(findings, "NS073").column is not None


@pytest.mark.parametrize(
    ("table", "change", "code"),
    [
        ("quotes", lambda r: _set(r, 1, "span_start", "12.0"), "NS072"),
        ("quotes", lambda r: _set(r, 1, "span_start", "-1"), "NS072"),
        ("quotes", lambda r: _set(r, 1, "cue_end", ""), "NS072"),
        ("entities", lambda r: _set(r, 1, "name", ""), "NS072"),
        ("entities", lambda r: r[1].append("extra"), "NS072"),
        ("entities", lambda r: _set(r, 0, "name", "label"), "NS071"),
        ("entity_aliases", lambda r: _set(r, 2, "position", "5"), "NS076"),
        ("entity_aliases", lambda r: _set(r, 1, "entity_id", "e_nobody"), "NS074"),
        ("quotes", lambda r: _set(r, 1, "event_id", "ev9"), "NS074"),
        ("entities", lambda r: r.append(list(r[1])), "NS075"),
        ("quotes", lambda r: _set(r, 1, "kind", "quip"), "NS023"),
        ("entity_same_as", lambda r: _set(r, 1, "iri", "not an iri"), "NS023"),
        ("article_authors", lambda r: _set(r, 1, "article_id", "a2"), "NS074"),
    ],
)
def test_broken_cells_are_located_errors(
    tmp_path: Path, table: str, change: Callable[[Rows], None], code: str
) -> None:
    """Each kind of broken cell gives its code located in that table's file and line."""
    findings = _tamper(tmp_path, table, change)
    assert code in {f.code for f in findings}, findings
    located = [f for f in findings if f.code == code]
    assert all(f.file is not None and f.file.endswith(f"{table}.csv") for f in located)
    assert all(f.line is not None and f.line >= 1 for f in located)


def test_model_errors_point_at_the_cell(tmp_path: Path) -> None:
    """A model error from a cell (bad quote kind) is NS023 at that cell's line and column."""
    finding = _only(_tamper(tmp_path, "quotes", lambda r: _set(r, 1, "kind", "quip")), "NS023")
    header = read_table(export("csv", [sample_document()], tmp_path / "h") / "quotes.csv")[0]
    assert (finding.line, finding.column) == (2, header.index("kind") + 1)
    assert "direct" in finding.message


def _with_id(document: Document, article_id: str) -> Document:
    return document.model_copy(
        update={"article": document.article.model_copy(update={"id": article_id})}
    )


def test_rows_out_of_article_order_are_refused(tmp_path: Path) -> None:
    """Rows out of article order are refused (NS077 or NS074)."""
    second = _with_id(sample_document(), "a2")
    bundle = export("csv", [sample_document(), second], tmp_path / "bundle")
    rows = read_table(bundle / "entities.csv")
    rows[1:] = rows[1:][::-1]  # a2's entities first
    write_table(bundle / "entities.csv", rows)
    findings = [f for item in IMPORTERS["csv"].read(bundle, {}) for f in item.findings]
    assert "NS077" in {f.code for f in findings} or "NS074" in {f.code for f in findings}


def test_a_broken_articles_table_does_not_flood_the_report(tmp_path: Path) -> None:
    """A broken articles header gives NS071 and at most one NS074 per other table."""
    documents = [_with_id(sample_document(), f"a{i}") for i in range(30)]
    bundle = export("csv", documents, tmp_path / "bundle")
    rows = read_table(bundle / "articles.csv")
    _set(rows, 0, "article_id", "id")
    write_table(bundle / "articles.csv", rows)
    findings = [f for item in IMPORTERS["csv"].read(bundle, {}) for f in item.findings]
    assert findings[0].code == "NS071"
    # At most one finding per other table, however many rows it has.
    assert len(findings) <= 13
    assert {f.code for f in findings[1:]} == {"NS074"}


def test_reordered_rows_are_reported_once_per_table(tmp_path: Path) -> None:
    """Reordered rows in one table give a single NS077 naming that table."""
    documents = [_with_id(sample_document(), f"a{i}") for i in range(30)]
    bundle = export("csv", documents, tmp_path / "bundle")
    rows = read_table(bundle / "entity_mentions.csv")
    rows[1:] = rows[1:][::-1]
    write_table(bundle / "entity_mentions.csv", rows)
    findings = [f for item in IMPORTERS["csv"].read(bundle, {}) for f in item.findings]
    assert [f.code for f in findings] == ["NS077"]
    assert findings[0].file is not None and findings[0].file.endswith("entity_mentions.csv")


def test_missing_table_and_descriptor_are_reported(tmp_path: Path) -> None:
    """A missing table or an unreadable descriptor is one NS070."""
    bundle = export("csv", [sample_document()], tmp_path / "bundle")
    (bundle / "quote_outlets.csv").unlink()
    findings = [f for item in IMPORTERS["csv"].read(bundle, {}) for f in item.findings]
    assert [f.code for f in findings] == ["NS070"]
    (bundle / "datapackage.json").write_text("{not json", encoding="utf-8")
    findings = [f for item in IMPORTERS["csv"].read(bundle, {}) for f in item.findings]
    assert [f.code for f in findings] == ["NS070"]


def test_descriptor_paths_cannot_leave_the_bundle(tmp_path: Path) -> None:
    """A descriptor path leading outside the bundle is refused as NS070."""
    bundle = export("csv", [sample_document()], tmp_path / "bundle")
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "../articles.csv"
    (bundle / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    findings = [f for item in IMPORTERS["csv"].read(bundle, {}) for f in item.findings]
    assert [f.code for f in findings] == ["NS070"]


def test_invalid_utf8_is_reported(tmp_path: Path) -> None:
    """Invalid UTF-8 in a table is reported as NS002."""
    bundle = export("csv", [sample_document()], tmp_path / "bundle")
    path = bundle / "entities.csv"
    path.write_bytes(path.read_bytes().replace(b"Sergey", b"Serg\xffy"))
    findings = [f for item in IMPORTERS["csv"].read(bundle, {}) for f in item.findings]
    assert "NS002" in {f.code for f in findings}


# --- escaping, BOM, numbers -------------------------------------------------------------------


@given(st.text())
def test_formula_escape_is_reversible(text: str) -> None:
    """Formula escaping never starts with a trigger and unescaping restores the text."""
    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


def test_formula_cells_are_prefixed_and_numbers_are_bare(tmp_path: Path) -> None:
    """Formula-like cells are prefixed, numbers stay bare, and the import removes the prefix."""
    bundle = export("csv", [sample_document()], tmp_path / "bundle")
    articles = (bundle / "articles.csv").read_text(encoding="utf-8")
    assert f'{FORMULA_PREFIX}-Lavrov: ""hurry""' in articles
    assert f'"{FORMULA_PREFIX}=Lavrov said:' in articles  # quoted: the body has CRLF
    aliases = read_table(bundle / "entity_aliases.csv")
    assert aliases[1][-1] == f"{FORMULA_PREFIX}=Lavrov"
    # Offsets and positions are plain numbers: no quotes, no prefix.
    mentions = (bundle / "entity_mentions.csv").read_bytes().split(b"\r\n")
    assert mentions[1].startswith(b"a1,e_lavrov,0,0,7,")
    assert reimport("csv", bundle)[0].entities[0].aliases[0] == "=Lavrov"


def test_excel_option_adds_a_bom_and_both_forms_import(tmp_path: Path) -> None:
    """The excel option adds a BOM to each table; both forms import to the same documents."""
    plain = export("csv", [sample_document()], tmp_path / "plain")
    excel = export("csv", [sample_document()], tmp_path / "excel", excel=True)
    for name in ("articles.csv", "quotes.csv"):
        assert not (plain / name).read_bytes().startswith(b"\xef\xbb\xbf")
        assert (excel / name).read_bytes().startswith(b"\xef\xbb\xbfarticle_id,")
    assert canonical(reimport("csv", plain)) == canonical(reimport("csv", excel))
    assert canonical(reimport("csv", excel)) == canonical([sample_document()])


def test_zip_bundle_reads_from_bytes(tmp_path: Path) -> None:
    """A zipped bundle imports from bytes; non-zip bytes are NS070."""
    archive = export("csv", [sample_document()], tmp_path / "b.zip")
    with zipfile.ZipFile(archive) as zf:
        assert "datapackage.json" in zf.namelist()
    loaded = list(IMPORTERS["csv"].read_bytes(archive.read_bytes(), "<stdin>", {}))
    assert canonical([item.document for item in loaded]) == canonical([sample_document()])  # type: ignore[misc]
    bad = list(IMPORTERS["csv"].read_bytes(b"article_id\n", "<stdin>", {}))
    assert [f.code for item in bad for f in item.findings] == ["NS070"]


def test_a_zipped_bundle_directory_reads_too(tmp_path: Path) -> None:
    """A zip holding the bundle inside one folder imports too."""
    bundle = export("csv", [sample_document()], tmp_path / "out")
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(bundle.iterdir()):
            zf.write(path, f"out/{path.name}")
    assert canonical(reimport("csv", archive)) == canonical([sample_document()])


def test_parquet_with_a_wrong_column_type_is_refused(tmp_path: Path) -> None:
    """A Parquet column of the wrong type is NS072 at that column."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    bundle = export("parquet", [sample_document()], tmp_path / "pq")
    table = pq.read_table(bundle / "quotes.parquet")
    index = table.schema.get_field_index("span_start")
    table = table.set_column(index, "span_start", pa.array(["12"]))
    pq.write_table(table, bundle / "quotes.parquet")
    findings = [f for item in IMPORTERS["parquet"].read(bundle, {}) for f in item.findings]
    assert [f.code for f in findings] == ["NS072"]
    assert findings[0].line == 1 and findings[0].column == index + 1


# --- bad input never crashes ------------------------------------------------------------------

_CELLS = st.sampled_from(["", "x", "-1", "0", "99999", "e_lavrov", "ev1", "a1", "q1", "'", '"'])


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_single_cell_edit_never_crashes(data: st.DataObject) -> None:
    """Any single cell edit gives a document or located findings, never a crash."""
    original = sample_document()
    with scratch() as tmp:
        bundle = export("csv", [original], tmp / "bundle")
        tables = sorted(p.name for p in bundle.glob("*.csv"))
        name = data.draw(st.sampled_from(tables))
        rows = read_table(bundle / name)
        r = data.draw(st.integers(0, len(rows) - 1))
        c = data.draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = data.draw(_CELLS | st.text(max_size=5))
        write_table(bundle / name, rows)
        loaded = list(IMPORTERS["csv"].read(bundle, {}))
    documents = [item.document for item in loaded if item.document is not None]
    findings = [f for item in loaded for f in item.findings]
    # Either a located refusal, or a document (an edit can be harmless, e.g. a same value).
    assert findings or documents
    assert all(f.code.startswith("NS0") and f.message for f in findings)
    assert all(f.file is not None for f in findings if f.code in {"NS071", "NS072", "NS073"})


@settings(settings.get_profile("slow"))
@given(st.binary(max_size=200))
def test_garbage_table_bytes_never_crash(garbage: bytes) -> None:
    """Garbage bytes in place of a table give findings, never a crash."""
    with scratch() as tmp:
        bundle = export("csv", [sample_document()], tmp / "bundle")
        (bundle / "quotes.csv").write_bytes(garbage)
        loaded = list(IMPORTERS["csv"].read(bundle, {}))
    assert any(item.findings for item in loaded)


def test_copy_of_bundle_still_reads(tmp_path: Path) -> None:
    """A copied bundle directory imports to the same documents."""
    bundle = export("csv", [sample_document()], tmp_path / "bundle")
    shutil.copytree(bundle, tmp_path / "copy")
    assert canonical(reimport("csv", tmp_path / "copy")) == canonical([sample_document()])
    assert io  # keep the import used for readers who paste snippets
