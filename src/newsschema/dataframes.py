"""Documents as pandas DataFrames, for notebooks: ``newsschema.tables(docs)``.

The frames are the tables of the Parquet bundle (same names, typed columns, order and keys;
see docs/tables.md), built in memory without writing a bundle. Needs the ``pandas`` extra;
pandas (and pyarrow, for ``dtype_backend="pyarrow"``) is imported only when this is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from newsschema.formats.tables import (
    TABLES,
    TABLES_BY_NAME,
    document_rows,
    typed_columns,
    typed_row,
    unique_articles,
)
from newsschema.models import Document

if TYPE_CHECKING:  # pandas is the optional "pandas" extra
    import pandas as pd

__all__ = ["tables"]


def tables(
    documents: Document | Iterable[Document],
    *,
    dtype_backend: Literal["numpy_nullable", "pyarrow"] = "numpy_nullable",
) -> dict[str, pd.DataFrame]:
    """Return one DataFrame per table of the bundle layout, keyed by table name.

    The columns are those of the Parquet bundle (docs/tables.md): every table is present (empty
    tables keep their columns and types), integer columns are nullable integers, text columns
    are strings with ``<NA>`` for null, a timestamp column (``date_published``) is the instant
    in UTC with its original offset in minutes beside it (``date_published_offset``), and an
    event date is a date when it is a calendar day (``date_start``) and text otherwise
    (``date_start_text``: ``2022``, ``2022-01``).

    Args:
        documents: One document or many; article ids must be distinct.
        dtype_backend: ``numpy_nullable`` (``Int64``, ``Int16``, ``boolean``, ``string``,
            ``datetime64[us, UTC]``, dates as ``datetime64[s]``) or ``pyarrow`` (the Arrow
            types of the Parquet files: ``int64``, ``int16``, ``bool``, ``string``,
            ``timestamp[us, tz=UTC]``, ``date32``).

    Raises:
        ImportError: pandas (or, for the pyarrow backend, pyarrow) is not installed.
        newsschema.formats.ExportError: two documents share an article id.
    """
    import pandas as pd  # optional extra: imported only when called

    if dtype_backend not in ("numpy_nullable", "pyarrow"):
        raise ValueError(
            f"dtype_backend must be 'numpy_nullable' or 'pyarrow', not {dtype_backend!r}"
        )
    if isinstance(documents, Document):
        documents = [documents]
    rows: dict[str, list[dict[str, Any]]] = {table.name: [] for table in TABLES}
    for document in unique_articles(documents):
        for name, table_rows in document_rows(document).items():
            table = TABLES_BY_NAME[name]
            rows[name].extend(typed_row(table, row) for row in table_rows)
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        columns = typed_columns(table)
        frame = pd.DataFrame.from_records(rows[table.name], columns=[c.name for c in columns])
        for column in columns:
            frame[column.name] = _convert(pd, frame[column.name], column.kind, dtype_backend)
        frames[table.name] = frame
    return frames


def _convert(pd: Any, series: Any, kind: str, backend: str) -> Any:
    if backend == "pyarrow":
        import pyarrow as pa  # optional: only for this backend

        arrow = {
            "integer": pa.int64(),
            "boolean": pa.bool_(),
            "timestamp": pa.timestamp("us", tz="UTC"),
            "offset": pa.int16(),
            "date": pa.date32(),
        }.get(kind, pa.string())
        values = pa.array(series.astype(object).tolist(), type=arrow, from_pandas=True)
        return pd.Series(values, index=series.index, dtype=pd.ArrowDtype(arrow))
    if kind == "timestamp":
        # Aware datetimes with any offset become the same instants in UTC.
        return pd.to_datetime(series, utc=True).astype("datetime64[us, UTC]")
    dtype = {
        "integer": "Int64",
        "boolean": "boolean",
        "offset": "Int16",
        "date": "datetime64[s]",
    }.get(kind, "string")
    return series.astype(dtype)
