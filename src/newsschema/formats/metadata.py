"""Article metadata tables (``--meta FILE --meta-map COLUMN=FIELD,...``): one row per article.

Research corpora keep headline, outlet and date apart from the annotations, in a CSV or TSV
table with one row per article. ``--meta-map`` says which column holds what; the field
``name`` marks the column matched against the article name (for brat, the text file's stem).
Every importer of annotation-tool data reads the table for each document it builds.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = [
    "FIELDS",
    "MetaError",
    "MetaTable",
    "apply_meta",
    "fill_from_table",
    "link_names",
    "load_meta",
    "meta_option",
    "parse_meta_map",
]

FIELDS = (
    "name",
    "headline",
    "date_published",
    "date_modified",
    "authors",
    "publisher",
    "url",
    "language",
    "section",
)
"""What a column may map to: ``name`` (the key) or an article field."""

MAX_TABLE = 64 * 1024 * 1024
"""Largest metadata table read (bytes)."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPLIT = re.compile(r"\s*[|;]\s*")


class MetaError(ValueError):
    """The table or the mapping is unusable (the message names the file and what is wrong)."""


@dataclass(frozen=True, slots=True)
class MetaTable:
    """A metadata table read once for a run (frozen data).

    Attributes:
        file: The table's name as given.
        rows: Article name -> field -> value (empty cells and ``None`` left out).
        unmapped: Columns the mapping does not name, in table order.
    """

    file: str
    rows: Mapping[str, Mapping[str, str]]
    unmapped: tuple[str, ...] = ()
    fields: tuple[str, ...] = field(default=())

    def values(self, name: str) -> dict[str, Any] | None:
        """The article fields for the article ``name``, or None when no row names it.

        ``authors`` is a list of names (split on ``|`` or ``;``); ``publisher`` a name; a date
        without a time is returned as it is (the importer says how it reads it).
        """
        row = self.rows.get(name)
        if row is None:
            return None
        out: dict[str, Any] = {}
        for key, value in row.items():
            if key == "authors":
                out[key] = [a for a in _SPLIT.split(value) if a]
            else:
                out[key] = value
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        # Read-only mappings do not pickle: reading options that carry a table pickle too.
        rows = {name: dict(cells) for name, cells in self.rows.items()}
        return (_rebuilt, (self.file, rows, self.unmapped, self.fields))


def _rebuilt(
    file: str, rows: dict[str, dict[str, str]], unmapped: tuple[str, ...], fields: tuple[str, ...]
) -> MetaTable:
    """A table from its pickled fields, its mappings read-only again."""
    frozen = MappingProxyType({name: MappingProxyType(cells) for name, cells in rows.items()})
    return MetaTable(file, frozen, unmapped, fields)


def is_date_only(value: str) -> bool:
    """Whether ``value`` is a calendar date without a time (``2016-03-11``)."""
    return bool(_DATE.match(value))


def parse_meta_map(text: str) -> dict[str, str]:
    """Parse ``COLUMN=FIELD[,COLUMN=FIELD...]`` into column -> field.

    Raises:
        MetaError: an entry is not ``COLUMN=FIELD``, a field is unknown or given twice, or no
            column is the ``name``.
    """
    out: dict[str, str] = {}
    for entry in (e.strip() for e in text.split(",")):
        if not entry:
            continue
        column, sep, name = entry.partition("=")
        column, name = column.strip(), name.strip()
        if not sep or not column or not name:
            raise MetaError(f"--meta-map {entry!r}: expected COLUMN=FIELD")
        if name not in FIELDS:
            raise MetaError(f"--meta-map {entry!r}: FIELD is one of {', '.join(FIELDS)}")
        if name in out.values():
            raise MetaError(f"--meta-map: two columns map to {name}")
        out[column] = name
    if "name" not in out.values():
        raise MetaError(
            "--meta-map: no column is the article name (COLUMN=name, matched against the "
            "text file's stem)"
        )
    return out


def load_meta(path: str | Path, mapping: Mapping[str, str]) -> MetaTable:
    """Read a CSV or TSV table (a ``.tsv`` name, or a tab in the header, means tabs).

    Raises:
        MetaError: unreadable, not UTF-8, a mapped column missing, or two rows for one article.
    """
    where = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_TABLE + 1)
    except OSError as exc:
        raise MetaError(f"--meta {where}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_TABLE:
        raise MetaError(f"--meta {where}: larger than the {MAX_TABLE >> 20} MiB limit")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MetaError(f"--meta {where}: not UTF-8 (byte offset {exc.start})") from exc
    header = text.split("\n", 1)[0]
    tabs = where.lower().endswith(".tsv") or "\t" in header
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if tabs else ",")
    columns = next(reader, None)
    if not columns:
        raise MetaError(f"--meta {where}: empty table")
    missing = [c for c in mapping if c not in columns]
    if missing:
        raise MetaError(f"--meta {where}: no column {missing[0]!r} (columns: {', '.join(columns)})")
    index = {name: columns.index(column) for column, name in mapping.items()}
    rows: dict[str, Mapping[str, str]] = {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {
            name: row[i].strip()
            for name, i in index.items()
            if i < len(row) and row[i].strip() and row[i].strip() != "None"
        }
        key = cells.pop("name", None)
        if key is None:
            raise MetaError(f"--meta {where}:{number}: the article name is empty")
        if key in rows:
            raise MetaError(f"--meta {where}:{number}: a second row for article {key!r}")
        rows[key] = MappingProxyType(cells)
    return MetaTable(
        where,
        MappingProxyType(rows),
        tuple(c for c in columns if c not in mapping),
        tuple(n for n in mapping.values() if n != "name"),
    )


def meta_option(options: Mapping[str, Any]) -> MetaTable | None:
    """The table the options carry (``meta``: a :class:`MetaTable`), if any.

    The command line reads the table once (``--meta``, ``--meta-map``) and passes it on;
    a caller may also pass ``meta`` as ``(PATH, "COLUMN=FIELD,...")``.

    Raises:
        MetaError: the table or the mapping is unusable.
    """
    value = options.get("meta")
    if value is None or isinstance(value, MetaTable):
        return value
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not isinstance(value[0], (str, PathLike))
        or not isinstance(value[1], str)
    ):
        shown = repr(value) if len(repr(value)) <= 80 else f"{type(value).__name__} value"
        raise MetaError(
            f'meta: expected a MetaTable or (PATH, "COLUMN=FIELD,..."), not {shown} (e.g. '
            '("metadata.tsv", "filename=name,title=headline"))'
        )
    path, mapping = value
    return load_meta(path, parse_meta_map(mapping))


def fill_from_table(
    article: dict[str, Any], names: dict[str, list[str]], meta: MetaTable, name: str
) -> list[str]:
    """Fill ``article`` (a document's article as JSON data) from the row of article ``name``.

    ``publisher`` and ``authors`` are names: they go into ``names`` for :func:`link_names`.

    Returns:
        What was left out or read in a stated way (the NS041 messages), in order.
    """
    said = []
    if meta.unmapped:
        said.append(
            f"--meta {meta.file}: columns not in --meta-map are left out: "
            + ", ".join(meta.unmapped)
        )
    values = meta.values(name)
    if values is None:
        return [*said, f"--meta {meta.file}: no row names this article ({name!r})"]
    for key, value in values.items():
        if key in ("publisher", "authors"):
            names[key] = [value] if isinstance(value, str) else value
        elif key == "section":
            said.append(f"--meta {meta.file}: the model has no article section; left out")
        elif key in ("date_published", "date_modified") and is_date_only(value):
            # A day without a time: the model's timestamps need one; midnight UTC says the day.
            said.append(f"--meta {meta.file}: {key} is a date without a time; read as midnight UTC")
            article[key] = f"{value}T00:00:00Z"
        else:
            article[key] = value
    return said


_ID_CHARACTERS = re.compile(r"[^a-z0-9_]+")


def _slug(name: str, prefix: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return (prefix + (_ID_CHARACTERS.sub("_", plain.lower()).strip("_") or "x"))[:120]


def link_names(
    article: dict[str, Any], entities: list[dict[str, Any]], names: Mapping[str, list[str]]
) -> None:
    """Set the article's publisher and authors from names, linking or creating entities.

    A publisher is an ``outlet``: an outlet or organisation of that name (or with that id) is
    linked, else an outlet entity ``outlet_NAME`` is added; an author a ``person`` likewise.
    """
    taken = {e.get("id") for e in entities}

    def entity(name: str, kinds: tuple[str, ...], prefix: str) -> str:
        for e in entities:
            if e.get("id") == name or (e.get("kind") in kinds and e.get("name") == name):
                return str(e["id"])
        base = _slug(name, prefix)
        eid, n = base, 2
        while eid in taken:
            eid, n = f"{base}_{n}", n + 1
        taken.add(eid)
        entities.append({"id": eid, "kind": kinds[0], "name": name})
        return eid

    for name in names.get("publisher", [])[:1]:
        article["publisher"] = entity(name, ("outlet", "organization"), "outlet_")
    authors = names.get("authors")
    if authors:
        article["authors"] = list(dict.fromkeys(entity(a, ("person",), "person_") for a in authors))


def apply_meta(data: dict[str, Any], meta: MetaTable, name: str | None = None) -> list[str]:
    """Fill a document (as JSON data) from its row: for importers of documents, not tool data.

    ``name`` is matched against the table's name column (default: the article id).

    Returns:
        The NS041 messages (what was left out or read in a stated way).
    """
    article = data.setdefault("article", {})
    entities = data.setdefault("entities", [])
    names: dict[str, list[str]] = {}
    said = fill_from_table(article, names, meta, name or str(article.get("id")))
    link_names(article, entities, names)
    return said
