"""The row writer of the table bundles: a document's rows, read through the layout.

Each table's row reader is built once from its columns (:meth:`Column.reads
<newsschema.formats.tables._tables.Column.reads>`): the cells at attribute paths are read by one
``attrgetter`` of them all, in C, and any other cell by its column's function. A cursor that
each table's walk points at its rows feeds the reader, straight from the model: no dict of the
document is built, and no column name is written here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from typing import Any

from newsschema.formats._base import ExportError
from newsschema.formats.tables._tables import TABLES, Cursor, Getter, Table
from newsschema.models import Document

__all__ = ["Rows", "document_cells", "document_rows", "row_reader", "unique_articles"]

Rows = dict[str, list[dict[str, Any]]]
"""The rows of every table by table name, each row a dict by column name."""


def _nested(path: str) -> Getter:
    """Read a path whose holder may be absent (a quote's cue, an event's date): None then."""
    holder_path, _, name = path.rpartition(".")
    holder_of = attrgetter(holder_path)

    def read(cursor: Cursor) -> Any:
        holder = holder_of(cursor)
        return None if holder is None else getattr(holder, name)

    return read


def _tuple_of(paths: list[str]) -> Callable[[Cursor], tuple[Any, ...]]:
    """Read ``paths`` on the cursor as one tuple (``attrgetter`` gives a bare value for one)."""
    if len(paths) > 1:
        return attrgetter(*paths)
    if paths:
        single = attrgetter(paths[0])
        return lambda cursor: (single(cursor),)
    return lambda _cursor: ()


def row_reader(table: Table) -> Callable[[Cursor], list[Any]]:
    """Return the function that reads one row of ``table`` (its cells in column order).

    The cells at plain paths on the cursor (``article_id``, ``item.kind``) are read by one
    ``attrgetter`` of them all; a path below an object that may be absent and a column's own
    function are called one by one and put in their places.
    """
    paths: list[str] = []
    calls: list[tuple[int, Getter]] = []
    for index, column in enumerate(table.columns):
        reads = column.reads()
        if not isinstance(reads, str):
            calls.append((index, reads))
        elif reads.count(".") > 1:
            calls.append((index, _nested(reads)))
        else:
            paths.append(reads)
    many = _tuple_of(paths)

    def read(cursor: Cursor) -> list[Any]:
        row = list(many(cursor))
        # In increasing column order, each insert lands at its column's final index.
        for index, get in calls:
            row.insert(index, get(cursor))
        return row

    return read


_READERS = {table.name: row_reader(table) for table in TABLES}


def document_cells(document: Document) -> Iterator[tuple[Table, list[list[Any]]]]:
    """Yield each table with the cells of its rows for one document, in column order.

    Values are ``str``, ``int``, ``bool`` or None, as :func:`document_rows` gives them.
    """
    cursor = Cursor(document)
    for table in TABLES:
        yield table, table.rows(cursor, _READERS[table.name])


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


def document_rows(document: Document) -> Rows:
    """Return the rows of every table for one document (values are ``str``, ``int`` or None)."""
    rows: Rows = {}
    for table, cells in document_cells(document):
        names = [column.name for column in table.columns]
        rows[table.name] = [dict(zip(names, row, strict=True)) for row in cells]
    return rows
