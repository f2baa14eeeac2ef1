"""The row writer of the table bundles: a document's rows, read through the layout.

Each table's row reader is compiled once from its columns (:meth:`Column.reads
<newsschema.formats._tables.Column.reads>`): a cell at a model attribute becomes a plain
attribute read in one list display, which the interpreter runs at its fast path, and any other
cell a call of its column's function. A cursor that each table's walk points at its rows feeds
the reader, straight from the model: no dict of the document is built, and no column name is
written here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from newsschema.formats._base import ExportError
from newsschema.formats._tables import TABLES, Cursor, Table
from newsschema.models import Document

__all__ = ["Rows", "document_cells", "document_rows", "row_reader", "unique_articles"]

Rows = dict[str, list[dict[str, Any]]]
"""The rows of every table by table name, each row a dict by column name."""


def _expression(path: str) -> str:
    """A Python expression reading ``path`` on ``cursor``.

    Below the cursor's own attributes, the object holding the value may be absent (a quote's
    cue, an event's date): the value is then None.
    """
    names = path.split(".")
    if not all(name.isidentifier() for name in names):
        raise ValueError(f"not a dotted path of attribute names: {path!r}")
    if len(names) <= 2:
        return f"cursor.{path}"
    parent = ".".join(names[:-1])
    return f"(None if (holder := cursor.{parent}) is None else holder.{names[-1]})"


def row_reader(
    table: Table, encode: Mapping[str, str] | None = None, scope: Mapping[str, Any] | None = None
) -> Callable[[Cursor], list[Any]]:
    """Compile the function that reads one row of ``table`` (its cells in column order).

    Args:
        table: The table.
        encode: By column type, an expression template that encodes a cell for a format
            (``{}`` stands for the value, read once); other cells are read as they are.
        scope: Names the templates use.
    """
    namespace: dict[str, Any] = dict(scope or {})
    templates = encode or {}
    cells = []
    for index, column in enumerate(table.columns):
        reads = column.reads()
        if isinstance(reads, str):
            cell = _expression(reads)
        else:
            namespace[f"read_{index}"] = reads
            cell = f"read_{index}(cursor)"
        template = templates.get(column.type)
        cells.append(cell if template is None else template.format(cell))
    source = f"def read_row(cursor):\n    return [{', '.join(cells)}]\n"
    exec(compile(source, f"<row reader of {table.name}>", "exec"), namespace)
    reader: Callable[[Cursor], list[Any]] = namespace["read_row"]
    return reader


def document_cells(
    document: Document, readers: Mapping[str, Callable[[Cursor], list[Any]]] | None = None
) -> Iterator[tuple[Table, list[list[Any]]]]:
    """Yield each table with the cells of its rows for one document, in column order.

    Values are ``str``, ``int``, ``bool`` or None, as :func:`document_rows` gives them, unless
    ``readers`` (by table name, from :func:`row_reader`) encode them for a format.
    """
    cursor = Cursor(document)
    readers = readers or _READERS
    for table in TABLES:
        yield table, table.rows(cursor, readers[table.name])


_READERS = {table.name: row_reader(table) for table in TABLES}


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
