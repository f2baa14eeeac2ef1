"""Reading a table bundle's parts (shared by the CSV and Parquet importers).

The descriptor names each table's parts; every part is probed before any row is read (so a
missing one is one clear NS070 first), but none is held open: the format's row reader opens
them one at a time, so a bundle of hundreds of parts needs one descriptor per table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from newsschema.findings import Finding
from newsschema.formats._bundle_files import read_table_paths
from newsschema.formats._tables import TABLES, Table
from newsschema.formats._tables_read import Row, assemble, error
from newsschema.loader import Loaded

__all__ = ["read_parts"]


def read_parts(
    read_descriptor: Callable[[], bytes],
    name: str,
    kind: str,
    probe: Callable[[str, Table], str | None],
    rows: Callable[[Table, list[tuple[str, str]]], Iterator[Row]],
) -> Iterator[Loaded]:
    """Rebuild the documents of the bundle ``name`` from its parts.

    Args:
        read_descriptor: Returns the bytes of ``datapackage.json``.
        name: The bundle, as findings name it.
        kind: ``csv`` or ``parquet``: the format the descriptor must declare.
        probe: Says why a part (a member name) of a table cannot be opened, or None.
        rows: Yields a table's rows from its parts, given as (member, file) pairs.

    Yields:
        The documents, as :func:`~newsschema.formats._tables_read.assemble` does, or one
        failed load for an unreadable descriptor or part.
    """
    paths = read_table_paths(read_descriptor, name, kind)
    if isinstance(paths, Finding):
        yield Loaded(None, [paths])
        return
    sources: dict[str, Iterator[Row]] = {}
    for table in TABLES:
        parts = []
        for member in paths[table.name]:
            file = f"{name}/{member}"
            problem = probe(member, table)
            if problem is not None:
                yield Loaded(None, [error("NS070", problem).at(file=file)])
                return
            parts.append((member, file))
        sources[table.name] = rows(table, parts)
    yield from assemble(sources)
