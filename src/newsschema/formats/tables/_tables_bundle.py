"""Reading a table bundle: its descriptor's table paths, then its parts (CSV and Parquet).

The descriptor names each table's parts; every part is probed before any row is read (so a
missing one is one clear NS070 first), but none is held open: the format's row reader opens
them one at a time, so a bundle of hundreds of parts needs one descriptor per table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from newsschema.findings import Finding
from newsschema.formats._bundle_files import BUNDLE_MARKER, descriptor_parts
from newsschema.formats.tables._tables import TABLES, Table
from newsschema.formats.tables._tables_read import Row, assemble, error
from newsschema.loader import Loaded

__all__ = ["read_parts", "read_table_paths", "resource_paths"]


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
        The documents, as :func:`~newsschema.formats.tables._tables_read.assemble` does, or one
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


def resource_paths(descriptor: bytes, extension: str) -> dict[str, list[str]] | str:
    """Return the file of each table named in a bundle's ``datapackage.json``.

    Args:
        descriptor: The bytes of ``datapackage.json``.
        extension: The table format expected (``csv`` or ``parquet``).

    Returns:
        The files of each table by table name (one file, or the parts of a table written in
        pieces, e.g. one per partition by the Dask engine, to be read in order), or a message
        saying why the descriptor is unusable (it lacks a table, among others).
    """
    paths = descriptor_parts(descriptor, extension)
    if isinstance(paths, str):
        return paths
    for table in TABLES:
        if table.name not in paths:
            if table.added_in:  # a bundle written before the table existed: it has no rows
                paths[table.name] = []
                continue
            return f"{BUNDLE_MARKER} has no table {table.name}"
    return paths


def read_table_paths(
    read_descriptor: Callable[[], bytes], name: str, extension: str
) -> dict[str, list[str]] | Finding:
    """Read a bundle's ``datapackage.json``; return each table's part files, or why not (NS070).

    Args:
        read_descriptor: Returns the descriptor's bytes (from a folder or an archive); may raise
            OSError, or KeyError for a missing archive member.
        name: How findings name the bundle.
        extension: The table format the bundle must hold (``csv``, ``parquet``).
    """
    try:
        descriptor = read_descriptor()
    except (OSError, KeyError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        return error("NS070", f"cannot read {BUNDLE_MARKER}: {reason}").at(file=name)
    paths = resource_paths(descriptor, extension)
    if isinstance(paths, str):
        return error("NS070", paths).at(file=f"{name}/{BUNDLE_MARKER}")
    return paths
