"""The table layout of the CSV and Parquet bundles, for code outside the formats package.

The data frames (:mod:`newsschema.dataframes`) and the Dask engine write the same tables as the
bundle formats; they use the layout from here, so that there is one layout.
"""

from __future__ import annotations

from newsschema.formats._bundle_files import bundle_output
from newsschema.formats.tables._parquet_layout import typed_columns, typed_row
from newsschema.formats.tables._tables import TABLES, TABLES_BY_NAME, Column
from newsschema.formats.tables._tables_write import document_rows, unique_articles

__all__ = [
    "TABLES",
    "TABLES_BY_NAME",
    "Column",
    "bundle_output",
    "document_rows",
    "typed_columns",
    "typed_row",
    "unique_articles",
]
