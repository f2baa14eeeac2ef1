"""Documents as pandas DataFrames, for notebooks: ``newsschema.tables(docs)``.

The frames are the tables of the CSV and Parquet bundles (same names, columns, order and
keys; see docs/tables.md), built in memory without writing a bundle. Needs the ``pandas`` extra;
pandas (and pyarrow, for ``dtype_backend="pyarrow"``) is imported only when this is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from newsschema.formats._tables import TABLES, Column, document_rows, unique_articles
from newsschema.models import Document

if TYPE_CHECKING:  # pandas is the optional "pandas" extra
    import pandas

__all__ = ["tables"]


def tables(
    documents: Document | Iterable[Document],
    *,
    dtype_backend: Literal["numpy_nullable", "pyarrow"] = "numpy_nullable",
) -> dict[str, pandas.DataFrame]:
    """Return one DataFrame per table of the bundle layout, keyed by table name.

    Every table is present (empty tables keep their columns and types). Integer columns are
    nullable integers, text columns are strings with ``<NA>`` for null, and timestamp columns
    (``date_published``, ``date_modified``) are timezone-aware UTC timestamps; event dates stay
    text, because they keep their stated precision (``2022-01``). The exact offset of each
    timestamp is in the documents (and in the CSV and Parquet bundles), not in these frames.

    Args:
        documents: One document or many; article ids must be distinct.
        dtype_backend: ``numpy_nullable`` (``Int64``, ``string``, ``datetime64[ns, UTC]``)
            or ``pyarrow`` (``int64[pyarrow]``, ``string[pyarrow]``,
            ``timestamp[us, tz=UTC][pyarrow]``).

    Raises:
        ImportError: pandas (or, for the pyarrow backend, pyarrow) is not installed.
        newsschema.formats.ExportError: two documents share an article id.
    """
    import pandas as pd  # optional extra: imported only here

    if isinstance(documents, Document):
        documents = [documents]
    rows: dict[str, list[dict[str, Any]]] = {table.name: [] for table in TABLES}
    for document in unique_articles(documents):
        for name, table_rows in document_rows(document).items():
            rows[name].extend(table_rows)
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        names = [column.name for column in table.columns]
        frame = pd.DataFrame.from_records(rows[table.name], columns=names)
        for column in table.columns:
            dtype = _dtype(pd, column, dtype_backend)
            if column.type == "datetime":
                # RFC 3339 text with any offset; to_datetime converts each value to UTC.
                instants = pd.to_datetime(frame[column.name], utc=True, format="ISO8601")
                frame[column.name] = instants.astype(dtype)
            else:
                frame[column.name] = frame[column.name].astype(dtype)
        frames[table.name] = frame
    return frames


def _dtype(pd: Any, column: Column, backend: str) -> Any:
    if backend == "pyarrow":
        import pyarrow as pa  # optional: only for this backend

        arrow = {
            "integer": pa.int64(),
            "datetime": pa.timestamp("us", tz="UTC"),
            "string": pa.string(),
            "boolean": pa.bool_(),
        }[column.type]
        return pd.ArrowDtype(arrow)
    if backend != "numpy_nullable":
        raise ValueError(f"dtype_backend must be 'numpy_nullable' or 'pyarrow', not {backend!r}")
    return {
        "integer": "Int64",
        "datetime": "datetime64[ns, UTC]",
        "string": "string",
        "boolean": "boolean",
    }[column.type]
