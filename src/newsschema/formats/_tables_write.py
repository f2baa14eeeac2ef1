"""The row writer of the table bundles: a document's rows, read through the layout.

Every cell is read by its column's getter (:meth:`~newsschema.formats._tables.Column.getter`)
from a cursor that each table's walk points at its rows, straight from the model: no dict of
the document is built, and no column name is written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from newsschema.formats._base import ExportError
from newsschema.formats._tables import TABLES, Cursor, Getter, Table
from newsschema.models import Document

__all__ = ["Rows", "document_cells", "document_rows", "unique_articles"]

Rows = dict[str, list[dict[str, Any]]]
"""The rows of every table by table name, each row a dict by column name."""

_GETTERS: dict[str, tuple[Getter, ...]] = {
    table.name: tuple(column.getter() for column in table.columns) for table in TABLES
}


def unique_articles(documents: Iterable[Document]) -> Iterator[Document]:
    """Yield ``documents`` in order, refusing a repeated article id (every row is keyed by it).

    Raises:
        ExportError: two documents share an article id.
    """
    seen: set[str] = set()
    for document in documents:
        if document.article.id in seen:
            raise ExportError(
                f"two documents have the article id {document.article.id!r}; every bundle "
                "row is keyed by it, so article ids must be unique"
            )
        seen.add(document.article.id)
        yield document


def _cells(table: Table, cursor: Cursor) -> list[list[Any]]:
    getters = _GETTERS[table.name]
    return [[get(cursor) for get in getters] for _ in table.walk(cursor)]


def document_cells(document: Document) -> Iterator[tuple[Table, list[list[Any]]]]:
    """Yield each table with the cells of its rows for one document, in column order.

    Values are ``str``, ``int``, ``bool`` or None, as :func:`document_rows` gives them.
    """
    cursor = Cursor(document)
    for table in TABLES:
        yield table, _cells(table, cursor)


def document_rows(document: Document) -> Rows:
    """Return the rows of every table for one document (values are ``str``, ``int`` or None)."""
    rows: Rows = {}
    for table, cells in document_cells(document):
        names = [column.name for column in table.columns]
        rows[table.name] = [dict(zip(names, row, strict=True)) for row in cells]
    return rows
