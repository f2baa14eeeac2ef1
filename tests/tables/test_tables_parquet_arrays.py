"""The Parquet bundle's writer: pyarrow's arrays without pandas, in row groups of bounded size."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema.formats.tables import parquet_bundle
from newsschema.formats.tables._arrow_arrays import array_builder
from newsschema.formats.tables._parquet_layout import typed_row
from newsschema.formats.tables._tables import TABLES_BY_NAME
from newsschema.formats.tables.parquet_bundle import _schema, _typed_columns, write_table_files
from newsschema.models import Document
from newsschema.strategies import documents

from ..conftest import SEEDS, run_python
from .tables_support import export, reimport

pa = pytest.importorskip("pyarrow")
pytest.importorskip("nanoarrow")
SEED = next(SEEDS.glob("*.json"))

_OFFSETS = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
_INSTANTS = st.builds(
    lambda local, tz: local.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
    _OFFSETS,
)
_TIMESTAMP_TEXT = _INSTANTS.map(lambda value: value.isoformat().replace("+00:00", "Z"))
_EVENT_DATES = st.one_of(
    st.dates().map(date.isoformat),
    st.dates().map(lambda d: d.isoformat()[:7]),
    st.dates().map(lambda d: d.isoformat()[:4]),
    _TIMESTAMP_TEXT,
)
_WHOLE = st.integers(-(2**53 - 1), 2**53 - 1)
_COLUMNS = {
    "string": st.none() | st.text(),
    "int64": st.none() | _WHOLE,
    "bool": st.none() | st.booleans(),
    "int16": st.none() | st.integers(-(2**15), 2**15 - 1),
    "timestamp[us, tz=UTC]": st.none() | st.integers(-62_135_596_800_000_000, 2**53),
    "date32[day]": st.none() | st.integers(-719_162, 2_932_896),
}


def _arrow_type(name: str) -> Any:
    types = [pa.string(), pa.int64(), pa.bool_(), pa.int16()]
    types += [pa.timestamp("us", tz="UTC"), pa.date32()]
    return next(t for t in types if str(t) == name)


@st.composite
def _typed_column(draw: st.DrawFn) -> tuple[Any, list[Any]]:
    name = draw(st.sampled_from(sorted(_COLUMNS)))
    return _arrow_type(name), draw(st.lists(_COLUMNS[name], max_size=40))


@given(_typed_column(), st.booleans())
def test_nanoarrow_builds_the_array_pyarrow_builds(
    column: tuple[Any, list[Any]], tup: bool
) -> None:
    """Every column type the bundle writes gives, through nanoarrow, pyarrow.array's array."""
    arrow_type, values = column
    cells = tuple(values) if tup else values  # the writer hands over tuples of a transposition
    built = array_builder(pa)(cells, arrow_type)
    expected = pa.array(values, type=arrow_type)
    assert built.type == arrow_type
    assert built.equals(expected)


def test_a_column_nanoarrow_refuses_is_built_by_pyarrow() -> None:
    """A value nanoarrow cannot convert (a float in an integer column) is left to pyarrow."""
    built = array_builder(pa)([1.0, None, 3], pa.int64())
    assert built.to_pylist() == [1, None, 3]


def test_without_nanoarrow_pyarrow_builds_every_array(monkeypatch: pytest.MonkeyPatch) -> None:
    """With nanoarrow not installed, the builder is pyarrow.array (the bundle still writes)."""
    monkeypatch.setitem(sys.modules, "nanoarrow", None)  # import nanoarrow now raises
    built = array_builder(pa)(["a", None], pa.string())
    assert built.equals(pa.array(["a", None], type=pa.string()))


@given(st.lists(st.none() | _TIMESTAMP_TEXT, min_size=1, max_size=20))
def test_split_timestamps_are_the_instants_typed_row_gives(values: list[str | None]) -> None:
    """Timestamp text split by column (microseconds, offset) equals typed_row's datetimes."""
    _check_split("articles", "date_published", values)


@given(st.lists(st.none() | _EVENT_DATES, min_size=1, max_size=20))
def test_split_event_dates_are_the_days_typed_row_gives(values: list[str | None]) -> None:
    """Event dates split by column (days since the epoch, or text) equal typed_row's cells."""
    _check_split("events", "date_start", values)


def _check_split(table_name: str, column: str, values: list[str | None]) -> None:
    table = TABLES_BY_NAME[table_name]
    names = [c.name for c in table.columns]
    columns: list[list[Any]] = [[None] * len(values) for _ in names]
    columns[names.index(column)] = values
    typed = _typed_columns(table, columns)
    cells_by_row = zip(*columns, strict=True)
    rows = [typed_row(table, dict(zip(names, row, strict=True))) for row in cells_by_row]
    for field, cells in zip(_schema(pa, table), typed, strict=True):
        expected = pa.array([row[field.name] for row in rows], type=field.type)
        assert array_builder(pa)(cells, field.type).equals(expected), field.name


@settings(settings.get_profile("slow"))
@given(st.lists(documents(schema_version="1.1"), max_size=3))
def test_bundle_bytes_are_the_same_with_or_without_nanoarrow(
    tmp_path_factory: pytest.TempPathFactory, drawn: list[Document]
) -> None:
    """Every Parquet file is byte for byte the same whether nanoarrow or pyarrow built it."""
    batch = [
        document.model_copy(update={"article": document.article.model_copy(update={"id": f"a{i}"})})
        for i, document in enumerate(drawn)  # every row is keyed by the article id: unique ones
    ]
    written = []
    for nanoarrow in (True, False):
        folder = tmp_path_factory.mktemp("bundle")
        files = {name: folder / f"{name}.parquet" for name in TABLES_BY_NAME}
        with pytest.MonkeyPatch.context() as patch:
            if not nanoarrow:
                patch.setitem(sys.modules, "nanoarrow", None)
            write_table_files(batch, files)
        written.append({name: path.read_bytes() for name, path in files.items()})
    assert written[0] == written[1]


def test_writing_a_parquet_bundle_imports_no_pandas(tmp_path: Path) -> None:
    """Writing Parquet imports pyarrow and nanoarrow, not pandas (half a second of start-up)."""
    out = run_python(
        "import sys\n"
        "from pathlib import Path\n"
        "from newsschema.formats import EXPORTERS\n"
        "from newsschema.models import Document\n"
        f"document = Document.model_validate_json(Path({str(SEED)!r}).read_bytes())\n"
        f"EXPORTERS['parquet'].write([document], Path({str(tmp_path / 'b')!r}), {{}})\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'nanoarrow') if m in sys.modules))\n"
    )
    assert out.strip().splitlines()[-1] == "['nanoarrow', 'pyarrow']"
    assert (tmp_path / "b" / "quotes.parquet").is_file()


def test_long_bodies_are_written_in_row_groups_of_bounded_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The articles table writes a row group once its bodies reach the cap; all read back."""
    pq = pytest.importorskip("pyarrow.parquet")
    seed = Document.model_validate_json(SEED.read_bytes())
    batch = [
        seed.model_copy(update={"article": seed.article.model_copy(update={"id": f"a{i}"})})
        for i in range(5)
    ]
    monkeypatch.setattr(parquet_bundle, "_BATCH_BODY", 2 * len(seed.article.body))
    out = export("parquet", batch, tmp_path / "b")
    assert pq.ParquetFile(out / "articles.parquet").metadata.num_row_groups == 3  # 2, 2, 1
    assert pq.ParquetFile(out / "quotes.parquet").metadata.num_row_groups == 1
    assert [d.model_dump() for d in reimport("parquet", out)] == [d.model_dump() for d in batch]


def test_buffered_rows_hold_no_object_the_garbage_collector_tracks(tmp_path: Path) -> None:
    """Rows waiting for their row group add no collector-tracked object per document."""
    seed = Document.model_validate_json(SEED.read_bytes())
    tracked: dict[int, int] = {}

    def feed(count: int) -> Iterator[Document]:
        for i in range(count):
            if i in (10, 80):  # every earlier document's rows are buffered (under 4,096 rows)
                gc.collect()
                tracked[i] = len(gc.get_objects())
            yield seed.model_copy(
                update={"article": seed.article.model_copy(update={"id": f"a{i}"})}
            )

    export("parquet", list(feed(0)), tmp_path / "warm")  # imports and caches out of the count
    parquet_bundle.PARQUET.write(feed(81), tmp_path / "b", {})  # streamed, as convert does
    per_document = (tracked[80] - tracked[10]) / 70
    assert per_document < 5, per_document  # a list per buffered row was 100 and more
