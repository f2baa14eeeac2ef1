"""The Parquet bundle (``--to parquet``): the tables of the CSV bundle as typed Parquet files.

A directory with one ``<table>.parquet`` file per table and the same ``datapackage.json`` (with
``format: parquet``), for DuckDB, Polars, Spark and pandas. Integers are ``int64``, everything
else is UTF-8 ``string`` with real nulls, so no cell escaping is needed. Timestamps are
``timestamp[us, tz=UTC]`` with the offset of each value beside them, and event dates that are
calendar days are ``date32`` (see ``_parquet_layout``). Needs the ``parquet`` extra (pyarrow).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import orjson

from newsschema._scan import excerpt
from newsschema.findings import Finding
from newsschema.formats._base import ExportError, Format, GivenOptions
from newsschema.formats._bundle_files import (
    BUNDLE_MARKER,
    DESCRIPTOR_LIMIT,
    bundle_output,
)
from newsschema.formats._export_options import NoOptions
from newsschema.formats._members import MAX_MEMBER_BYTES, MemberError, open_regular
from newsschema.formats.tables._arrow_arrays import array_builder
from newsschema.formats.tables._parquet_layout import (
    TypedColumn,
    layout_row,
    typed_columns,
    typed_fields,
    typed_row,
)
from newsschema.formats.tables._tables import TABLES, TABLES_BY_NAME, Table
from newsschema.formats.tables._tables_bundle import read_parts
from newsschema.formats.tables._tables_descriptor import data_package
from newsschema.formats.tables._tables_read import Row, error, make_row
from newsschema.formats.tables._tables_write import document_cells, unique_articles
from newsschema.loader import Loaded
from newsschema.models import Document

__all__ = ["PARQUET", "write_descriptor", "write_table_files"]

_BATCH_ROWS = 4096
"""Rows buffered per table before they are written as a row group (bounds memory)."""
_BATCH_BODY = 64 << 20
"""Characters of article body the ``articles`` table buffers before it writes a row group.

Its rows are one per document and hold the whole body: 4,096 long articles would otherwise
be held at once, twice (as text and as Arrow's copy). Seed-like news (9 KB) never reach it.
"""
_MEDIA_TYPE = "application/vnd.apache.parquet"
_MISSING = "Parquet needs pyarrow: pip install 'newsschema[parquet]'"


def _arrow() -> tuple[ModuleType, ModuleType]:
    """Import pyarrow, the optional dependency of this format (the only lazy import).

    Raises:
        ImportError: pyarrow is not installed.
    """
    import pyarrow  # noqa: ICN001 - returned as a module: the name says which one
    import pyarrow.parquet  # optional extra: imported only here

    return pyarrow, pyarrow.parquet


def _schema(pa: ModuleType, table: Table) -> Any:
    arrow_types = {
        "integer": pa.int64(),
        "boolean": pa.bool_(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "offset": pa.int16(),
        "date": pa.date32(),
    }
    typed = typed_columns(table)
    return pa.schema(
        [
            pa.field(
                column.name,
                arrow_types.get(column.kind, pa.string()),
                nullable=not column.column.required,
            )
            for column in typed
        ],
        metadata={b"pandas": _pandas_metadata(typed)},
    )


# The pandas dtype each kind is read as (pyarrow's to_pandas and pandas.read_parquet follow the
# schema's "pandas" metadata): nullable integers as integers with <NA> rather than float64 with
# NaN, dates as dates rather than objects. DuckDB and Arrow readers use the Arrow types.
_PANDAS_DTYPES = {
    "integer": ("int64", "Int64"),
    "offset": ("int16", "Int16"),
    "boolean": ("bool", "boolean"),
    "date": ("date", "date32[day][pyarrow]"),
}


def _pandas_metadata(typed: Sequence[TypedColumn]) -> bytes:
    columns = [
        {
            "name": column.name,
            "field_name": column.name,
            "pandas_type": _PANDAS_DTYPES[column.kind][0],
            "numpy_type": _PANDAS_DTYPES[column.kind][1],
            "metadata": None,
        }
        for column in typed
        if column.kind in _PANDAS_DTYPES
    ]
    return orjson.dumps(
        {
            "index_columns": [],
            "column_indexes": [],
            "columns": columns,
            "creator": {"library": "newsschema"},
        }
    )


class _ParquetBundle(Format):
    layout: Literal["bundle"] = "bundle"

    def write(self, documents: Iterable[Document], target: Path, options: GivenOptions) -> None:
        NoOptions.of(options)  # it takes none: a name given is refused
        try:
            pa, pq = _arrow()
        except ImportError as exc:
            raise ExportError(_MISSING) from exc
        with bundle_output(target, archive=False) as work:
            _write_tables(pa, pq, documents, work)

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        NoOptions.of(options)  # it takes none: a name given is refused
        name = str(path)
        try:
            _, pq = _arrow()
        except ImportError:
            yield Loaded(None, [error("NS070", _MISSING).at(file=name)])
            return

        def read_descriptor() -> bytes:
            with open_regular(path / BUNDLE_MARKER) as handle:
                return handle.read(DESCRIPTOR_LIMIT + 1)  # a bombed descriptor is not read whole

        yield from read_parts(
            read_descriptor,
            name,
            "parquet",
            lambda member, table: _open_problem(pq, path / member, table),
            lambda table, parts: _part_rows(table, pq, [(path / m, f) for m, f in parts]),
        )

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        NoOptions.of(options)  # it takes none: a name given is refused
        message = "a Parquet bundle is a directory; it cannot be read from standard input"
        yield Loaded(None, [error("NS070", message).at(file=name)])


def write_table_files(documents: Iterable[Document], files: Mapping[str, Path]) -> None:
    """Write the rows of ``documents`` into one Parquet file per table (``files`` by table name).

    Raises:
        ExportError: pyarrow is not installed, or two documents share an article id.
    """
    try:
        pa, pq = _arrow()
    except ImportError as exc:
        raise ExportError(_MISSING) from exc
    _write_files(pa, pq, documents, files)


def write_descriptor(directory: Path, *, parts: Mapping[str, list[str]] | None = None) -> None:
    """Write the ``datapackage.json`` of a Parquet bundle (``parts``: see ``data_package``)."""
    descriptor = data_package(extension="parquet", media_type=_MEDIA_TYPE, parts=parts)
    for resource, table in zip(descriptor["resources"], TABLES, strict=True):
        schema = resource["schema"]
        schema["fields"] = typed_fields(table, schema["fields"])
    (directory / BUNDLE_MARKER).write_bytes(
        orjson.dumps(descriptor, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    )


def _write_tables(
    pa: ModuleType, pq: ModuleType, documents: Iterable[Document], directory: Path
) -> None:
    files = {table.name: directory / f"{table.name}.parquet" for table in TABLES}
    _write_files(pa, pq, documents, files)
    write_descriptor(directory)


def _splitters(table: Table) -> dict[int, Callable[[Any], tuple[Any, Any]]]:
    """How each layout column typed as two Parquet columns is split, by the column's index.

    Only a timestamp or an event date column is typed differently (split in two columns, in its
    place); every other cell goes to Arrow as it is. Each split column is converted alone, by
    :func:`typed_row` on a table of that one column, and remembered by value: a document repeats
    its values (every quote row carries the article's publication time).
    """
    plan: dict[int, Callable[[Any], tuple[Any, Any]]] = {}
    for index, column in enumerate(table.columns):
        single = replace(table, columns=(column,))
        names = [typed.name for typed in typed_columns(single)]
        if names != [column.name]:
            plan[index] = _splitter(single, names)
    return plan


def _splitter(single: Table, names: list[str]) -> Callable[[Any], tuple[Any, Any]]:
    column = single.columns[0].name
    first, second = names

    @lru_cache(maxsize=1024)
    def split(value: Any) -> tuple[Any, Any]:
        typed = typed_row(single, {column: value})
        return _arrow_value(typed[first]), typed[second]

    return split


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
_EPOCH_DAY = _EPOCH.date().toordinal()


def _arrow_value(value: Any) -> Any:
    """An instant as microseconds since the epoch, a calendar day as days since it.

    The numbers Arrow stores for ``timestamp[us, tz=UTC]`` and ``date32`` (so the array is
    built from integers); any other value is returned as it is.
    """
    if isinstance(value, datetime):  # before date: a datetime is a date
        return (value - _EPOCH) // _MICROSECOND
    if isinstance(value, date):
        return value.toordinal() - _EPOCH_DAY
    return value


_SPLITTERS = {table.name: _splitters(table) for table in TABLES}
_ARTICLES = TABLES_BY_NAME["articles"]


def _typed_columns(table: Table, columns: Sequence[Sequence[Any]]) -> list[Sequence[Any]]:
    """Return the Parquet columns of a table's layout columns, in file order.

    A timestamp or event date column becomes its two typed columns (timestamps as
    microseconds since the epoch, calendar days as days since it); the others are as given.
    """
    split = _SPLITTERS[table.name]
    if not split:
        return list(columns)
    typed: list[Sequence[Any]] = []
    for index, column in enumerate(columns):
        splitter = split.get(index)
        if splitter is None:
            typed.append(column)
            continue
        pairs = list(map(splitter, column))
        typed.append([pair[0] for pair in pairs])
        typed.append([pair[1] for pair in pairs])
    return typed


def _write_files(
    pa: ModuleType, pq: ModuleType, documents: Iterable[Document], files: Mapping[str, Path]
) -> None:
    schemas = {table.name: _schema(pa, table) for table in TABLES}
    # Rows are buffered column by column: lists of text and numbers, which the cyclic garbage
    # collector does not track. Thousands of buffered row lists made every collection walk them
    # (0.67 s of CPU in converting 2,000 seed-like documents; 0.06 s now).
    buffers: dict[str, list[list[Any]]] = {t.name: [[] for _ in t.columns] for t in TABLES}
    counts = dict.fromkeys(schemas, 0)
    build = array_builder(pa)
    with ExitStack() as stack:
        writers = {
            name: stack.enter_context(pq.ParquetWriter(files[name], schema))
            for name, schema in schemas.items()
        }

        def flush(table: Table) -> None:
            if counts[table.name]:
                schema = schemas[table.name]
                columns = _typed_columns(table, buffers[table.name])
                arrays = [build(c, f.type) for c, f in zip(columns, schema, strict=True)]
                writers[table.name].write_table(pa.Table.from_arrays(arrays, schema=schema))
                buffers[table.name] = [[] for _ in table.columns]
                counts[table.name] = 0

        bodies = 0  # characters of article body in the articles buffer
        for document in unique_articles(documents):
            bodies += len(document.article.body)
            for table, rows in document_cells(document):
                if not rows:
                    continue
                columns = buffers[table.name]
                for column, cells in zip(columns, zip(*rows, strict=True), strict=True):
                    column.extend(cells)
                counts[table.name] += len(rows)
                if counts[table.name] >= _BATCH_ROWS or (
                    table is _ARTICLES and bodies >= _BATCH_BODY
                ):
                    flush(table)
                    if table is _ARTICLES:
                        bodies = 0
        for table in TABLES:
            flush(table)


def _check_size(parquet: Any) -> None:
    """Refuse a file whose row groups expand beyond the bundle limits (a compression bomb).

    Raises:
        MemberError: The file's metadata declares more than :data:`MAX_MEMBER_BYTES`.
    """
    metadata = parquet.metadata
    expanded = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    if expanded > MAX_MEMBER_BYTES:
        raise MemberError(f"expands to {expanded} bytes; at most {MAX_MEMBER_BYTES} are read")


def _open_part(pq: Any, part: Path) -> Any:
    """Open one Parquet part (a regular file, not a size bomb); the caller closes it."""
    parquet = pq.ParquetFile(open_regular(part))
    try:
        _check_size(parquet)
    except BaseException:
        parquet.close(force=True)  # force: also close the file object we handed it
        raise
    return parquet


def _open_problem(pq: Any, part: Path, table: Table) -> str | None:
    """Why ``part`` cannot be read as a Parquet table, or None (the probe closes it)."""
    try:
        _open_part(pq, part).close(force=True)
    except MemberError as exc:
        return f"cannot read table {table.name}: {exc.strerror}"
    except Exception as exc:  # noqa: BLE001 - pyarrow raises OSError or ArrowInvalid kinds
        return f"cannot read table {table.name}: {excerpt(str(exc), 200)}"
    return None


def _part_rows(table: Table, pq: Any, parts: list[tuple[Path, str]]) -> Iterator[Row]:
    """Yield the rows of a table stored in parts, in order (row numbers count per part).

    Each part is opened when the previous one is exhausted and closed before the next.
    """
    for part, file in parts:
        try:
            parquet = _open_part(pq, part)
        except Exception:  # noqa: BLE001 - it was readable when probed
            problem = _open_problem(pq, part, table) or f"cannot read table {table.name}"
            yield Row(table, {}, file, 1, {}, [error("NS070", problem).at(file=file, line=1)])
            return
        try:
            for row in _rows(table, parquet, file):
                yield row
                if row.errors and not row.values:  # wrong columns: the rest cannot be trusted
                    return
        finally:
            parquet.close(force=True)


def _rows(table: Table, parquet: Any, file: str) -> Iterator[Row]:
    """Yield the rows of one Parquet table; ``line`` is the 1-based row number."""
    names = list(parquet.schema_arrow.names)
    typed = {column.name: column for column in typed_columns(table)}
    # Columns added in a later schema version may be absent from an older bundle, and so may
    # the companions of a timestamp or date written as text before the typed layout.
    missing = [
        c.name
        for c in typed.values()
        if c.name not in names and not c.column.added_in and not c.companion
    ]
    unknown = [c for c in names if c not in typed]
    if missing or unknown or len(set(names)) != len(names):
        message = f"columns differ from the layout: missing {missing}, unknown {unknown}"
        yield Row(table, {}, file, 1, {}, [error("NS071", message).at(file=file, line=1)])
        return
    columns = {column: i + 1 for i, column in enumerate(names)}
    number = 0
    batches = parquet.iter_batches(batch_size=_BATCH_ROWS)
    while True:
        try:
            batch = next(batches, None)
        except Exception as exc:  # noqa: BLE001 - pyarrow: a corrupt page is this input's error
            message = f"cannot read the table: {excerpt(str(exc), 200)}"
            yield Row(table, {}, file, number + 1, {}, [error("NS070", message).at(file=file)])
            return
        if batch is None:
            return
        batch, problem = _instants(batch, typed)
        if problem:
            message = f"{problem} must be a timestamp with a time zone (to microseconds)"
            found = error("NS072", message).at(file=file, line=number + 1, column=columns[problem])
            yield Row(table, {}, file, number + 1, {}, [found])
            return
        for values in batch.to_pylist():
            number += 1
            errors: list[Finding] = []
            for column, value in values.items():
                wanted = _PYTHON_TYPES[typed[column].kind]
                # Exact types: bool is an int subclass, and only boolean columns hold one.
                if value is not None and type(value) not in wanted:
                    message = f"{column} must be {_TYPE_NAMES[wanted[0]]}"
                    errors.append(
                        error("NS072", f"{message}, got {excerpt(repr(value))}").at(
                            file=file, line=number, column=columns[column]
                        )
                    )
                    values[column] = None
            cells, problems = layout_row(table, values)
            for column, message in problems.items():
                errors.append(
                    error("NS072", message).at(file=file, line=number, column=columns.get(column))
                )
            yield make_row(table, cells, file, number, columns, errors)


def _instants(batch: Any, typed: Mapping[str, TypedColumn]) -> tuple[Any, str]:
    """Return ``batch`` with its timestamp columns as int64 microseconds since the epoch (UTC).

    Python datetimes cannot hold every instant (a local time in year 1 can be in year 0 in
    UTC), so instants are handed on as numbers. Returns the name of a column that is not an
    instant (a timestamp without a time zone, or finer than microseconds), or ``""``.
    """
    pa, _ = _arrow()
    for i, field in enumerate(batch.schema):
        if typed[field.name].kind != "timestamp" or pa.types.is_string(field.type):
            continue  # text: a bundle written before the typed layout
        if not pa.types.is_timestamp(field.type) or field.type.tz is None:
            return batch, field.name
        try:
            micros = batch.column(i).cast(pa.timestamp("us", tz="UTC")).cast(pa.int64())
        except Exception:  # noqa: BLE001 - pyarrow: ArrowInvalid when nanoseconds would be lost
            return batch, field.name
        batch = batch.set_column(i, field.name, micros)
    return batch, ""


_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "integer": (int,),
    "boolean": (bool,),
    "string": (str,),
    "offset": (int,),
    "date_text": (str,),
    # Text is what a bundle written before the typed layout holds in these columns.
    "timestamp": (int, str),  # microseconds since the epoch; see _instants
    "date": (date, str),
}
_TYPE_NAMES = {
    int: "an integer",
    bool: "true or false",
    str: "text",
    date: "a date",
}

PARQUET = _ParquetBundle(
    "parquet",
    "Parquet bundle: one typed .parquet file per table + datapackage.json",
)
