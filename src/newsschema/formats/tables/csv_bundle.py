"""The CSV bundle (``--to csv``): long tables plus a Frictionless ``datapackage.json``.

Written as a directory, or as a ``.zip`` archive when the output name ends in ``.zip``. The
layout is in :mod:`newsschema.formats.tables._tables`; this module only encodes cells.

CSV dialect: RFC 4180 (comma, double quotes, CRLF between records), UTF-8; with the ``excel``
option every file starts with a UTF-8 byte-order mark (the importer accepts both). An empty cell
is null, except in the quote ``text`` column, which is never null (there an empty cell is the
empty text). Integers are written as plain numbers.

Formula safety: a text cell that starts with ``=``, ``+``, ``-``, ``@``, tab, CR or LF would run
as a formula in a spreadsheet, so it gets :data:`FORMULA_PREFIX` (an apostrophe) in front; so
does a cell that already starts with an apostrophe, which makes the escape reversible. The
importer removes exactly one leading apostrophe from every text cell that has one. The
convention is declared in ``datapackage.json`` (``newsschema.formula_escape``); the
``no-formula-escape`` option writes text cells as they are and declares that instead, and the
importer follows the declaration.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any, Literal

import orjson

from newsschema._scan import excerpt
from newsschema.findings import Finding, Severity
from newsschema.formats._base import Format, GivenOptions
from newsschema.formats._bundle_files import (
    BUNDLE_MARKER,
    DESCRIPTOR_LIMIT,
    bundle_output,
)
from newsschema.formats._export_options import CsvOptions, NoOptions
from newsschema.formats._members import MemberError, archive_opener, folder_opener
from newsschema.formats.tables._csv_records import records
from newsschema.formats.tables._formula import (
    FORMULA_PREFIX,
    FORMULA_TRIGGERS,
    escape_cell,
    unescape_cell,
)
from newsschema.formats.tables._tables import TABLES, Table
from newsschema.formats.tables._tables_bundle import read_parts
from newsschema.formats.tables._tables_descriptor import data_package
from newsschema.formats.tables._tables_read import Row, error, make_row, too_large
from newsschema.formats.tables._tables_write import document_cells, unique_articles
from newsschema.loader import Loaded
from newsschema.models import Document

__all__ = [
    "CSV",
    "EXCEL_CELL_LIMIT",
    "FORMULA_PREFIX",
    "escape_cell",
    "excel_cell_warnings",
    "unescape_cell",
    "write_descriptor",
    "write_table_files",
]

_BOM = "\ufeff"
_MAX_DIGITS = len(str(2**53 - 1))  # 16: a longer whole number is beyond 2^53-1
_INTEGER = re.compile(r"(?:0|[1-9][0-9]*)\Z")
_BOOLEANS = {"true": True, "false": False}
# Python's csv module refuses fields over 128 KiB by default; article bodies can be longer.
_FIELD_SIZE_LIMIT = 16 << 20  # 16 MiB: far above any article, far below a bomb


EXCEL_CELL_LIMIT = 32_767
"""The most characters Excel holds in one cell (Excel's specifications and limits)."""


def excel_cell_warnings(document: Document) -> list[Finding]:
    """Warn (``NS078``) about each cell of ``document`` longer than Excel's cell limit.

    A check for ``convert --to csv --excel``: the message names the table file, the column
    and the row (by the article and the row's key), as the formula escape writes the cell.
    Excel counts UTF-16 code units, so a character outside the BMP counts twice.
    """
    found: list[Finding] = []
    for table, rows in document_cells(document):
        for number, row in enumerate(rows, start=1):
            for column, value in zip(table.columns, _text_cells(row), strict=True):
                size = len(value.encode("utf-16-le")) // 2
                if size <= EXCEL_CELL_LIMIT:
                    continue
                key = ", ".join(
                    f"{name}={row[i]}"
                    for i, c in enumerate(table.columns)
                    for name in table.primary_key
                    if c.name == name
                )
                found.append(
                    Finding(
                        "NS078",
                        Severity.WARNING,
                        f"{table.name}.csv, column {column.name}, the row {key} (row {number} "
                        f"of this article's rows): {size:,} characters, over Excel's limit of "
                        f"{EXCEL_CELL_LIMIT:,} characters per cell; Excel cuts it off",
                    )
                )
    return found


def _text_cells(row: list[Any]) -> list[str]:
    """Encode a row's cells as text for a record.

    None is the empty cell, text gets the formula escape, booleans are ``true``/``false`` and
    integers plain digits.
    """
    return [
        ""
        if value is None
        else (FORMULA_PREFIX + value if value.startswith(FORMULA_TRIGGERS) else value)
        if value.__class__ is str
        else ("true" if value else "false")
        if value.__class__ is bool
        else str(value)
        for value in row
    ]


def _raw_cells(row: list[Any]) -> list[str]:
    """Encode a row's cells as :func:`_text_cells` does, without the formula escape."""
    return [
        ""
        if value is None
        else value
        if value.__class__ is str
        else ("true" if value else "false")
        if value.__class__ is bool
        else str(value)
        for value in row
    ]


class _CsvBundle(Format):
    layout: Literal["bundle"] = "bundle"

    def write(self, documents: Iterable[Document], target: Path, options: GivenOptions) -> None:
        typed = CsvOptions.of(options)
        archive = target.suffix.lower() == ".zip"
        with bundle_output(target, archive=archive) as work:
            _write_tables(documents, work, excel=typed.excel, formula_escape=typed.formula_escape)

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        NoOptions.of(options)  # it reads with none: a name given is refused
        name = str(path)
        if path.is_dir():
            yield from _read_bundle(folder_opener(path), name)
            return
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            message = (
                f"cannot read the archive ({exc}); a CSV bundle is a directory with "
                f"{BUNDLE_MARKER}, or a .zip of one"
            )
            yield Loaded(None, [error("NS070", message).at(file=name)])
            return
        with archive:
            yield from _read_archive(archive, name)

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        NoOptions.of(options)  # it reads with none: a name given is refused
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            message = "a CSV bundle on standard input must be a .zip archive"
            yield Loaded(None, [error("NS070", message).at(file=name)])
            return
        with archive:
            yield from _read_archive(archive, name)


def _read_archive(archive: zipfile.ZipFile, name: str) -> Iterator[Loaded]:
    # The tables sit at the top of the archive, or in its one folder (a zipped bundle directory).
    names = archive.namelist()
    folder = ""
    if BUNDLE_MARKER not in names:
        nested = [n for n in names if n.count("/") == 1 and n.endswith(f"/{BUNDLE_MARKER}")]
        if len(nested) == 1:
            folder = nested[0].removesuffix(BUNDLE_MARKER)
    try:
        opener = archive_opener(archive, folder)
    except MemberError as exc:
        yield Loaded(
            None, [error("NS070", f"cannot read the archive: {exc.strerror}").at(file=name)]
        )
        return
    yield from _read_bundle(opener, name)


def write_table_files(
    documents: Iterable[Document],
    files: Mapping[str, Path],
    *,
    excel: bool,
    formula_escape: bool = True,
) -> None:
    """Write the rows of ``documents`` into one CSV file per table (``files`` by table name).

    Each file is a whole table with its header row (and, with ``excel``, the byte-order mark),
    also when it is one part of a table written in parts; ``formula_escape`` False writes text
    cells as they are.
    """
    cells = _text_cells if formula_escape else _raw_cells
    with ExitStack() as stack:
        handles = {}
        for table in TABLES:
            handle = stack.enter_context(open(files[table.name], "w", encoding="utf-8", newline=""))
            if excel:
                handle.write(_BOM)
            handle.write(records([[column.name for column in table.columns]]))
            handles[table.name] = handle
        for document in unique_articles(documents):
            for table, rows in document_cells(document):
                if rows:
                    handles[table.name].write(records([cells(row) for row in rows]))


def write_descriptor(
    directory: Path,
    *,
    excel: bool,
    parts: Mapping[str, list[str]] | None = None,
    formula_escape: bool = True,
) -> None:
    """Write the ``datapackage.json`` of a CSV bundle (``parts``: see ``data_package``)."""
    descriptor = data_package(
        extension="csv",
        media_type="text/csv",
        encoding="utf-8-sig" if excel else "utf-8",
        parts=parts,
        formula_escape=formula_escape,
    )
    (directory / BUNDLE_MARKER).write_bytes(
        orjson.dumps(descriptor, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    )


def _write_tables(
    documents: Iterable[Document], directory: Path, *, excel: bool, formula_escape: bool
) -> None:
    files = {table.name: directory / f"{table.name}.csv" for table in TABLES}
    write_table_files(documents, files, excel=excel, formula_escape=formula_escape)
    write_descriptor(directory, excel=excel, formula_escape=formula_escape)


def _read_bundle(open_member: Callable[[str], IO[bytes]], name: str) -> Iterator[Loaded]:
    def read_descriptor() -> bytes:
        with open_member(BUNDLE_MARKER) as handle:
            return handle.read(DESCRIPTOR_LIMIT + 1)  # a bombed descriptor is not read whole

    csv.field_size_limit(_FIELD_SIZE_LIMIT)
    escaped = _declares_escape(read_descriptor)
    yield from read_parts(
        read_descriptor,
        name,
        "csv",
        lambda member, table: _open_problem(open_member, member, table),
        lambda table, parts: _part_rows(table, open_member, parts, escaped=escaped),
    )


def _declares_escape(read_descriptor: Callable[[], bytes]) -> bool:
    """Whether text cells carry the formula escape, as ``datapackage.json`` declares.

    Bundles written before the declaration always carried it. A descriptor that cannot be
    read is reported by the bundle reader; here it means the default.
    """
    try:
        package = orjson.loads(read_descriptor())
    except (OSError, KeyError, MemberError, orjson.JSONDecodeError):
        return True
    about = package.get("newsschema") if isinstance(package, dict) else None
    declared = about.get("formula_escape") if isinstance(about, dict) else None
    return not (isinstance(declared, dict) and declared.get("applied") is False)


def _open_problem(open_member: Callable[[str], IO[bytes]], member: str, table: Table) -> str | None:
    """Why ``member`` cannot be opened, or None (the probe closes what it opened)."""
    try:
        with open_member(member):
            return None
    except (OSError, KeyError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        return f"cannot read table {table.name}: {reason}"


def _part_rows(
    table: Table,
    open_member: Callable[[str], IO[bytes]],
    parts: list[tuple[str, str]],
    *,
    escaped: bool = True,
) -> Iterator[Row]:
    """Yield the rows of a table stored in parts, in order: each part has its header row.

    Each part is opened when the previous one is exhausted and closed before the next.
    """
    for member, file in parts:
        try:
            binary = open_member(member)
        except (OSError, KeyError) as exc:  # it was there when probed
            reason = getattr(exc, "strerror", None) or exc
            yield _broken(table, file, 1, "NS070", f"cannot read table {table.name}: {reason}")
            return
        with binary:
            for row in _rows(table, binary, file, escaped=escaped):
                yield row
                if row.errors and not row.values:  # a broken part: the rest cannot be trusted
                    return


def _rows(table: Table, binary: IO[bytes], file: str, *, escaped: bool = True) -> Iterator[Row]:
    """Yield the typed rows of one CSV table; problems become errors on the rows."""
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            yield _broken(table, file, 1, "NS071", "the table is empty (no header row)")
            return
        problem = _header_problem(table, header)
        if problem is not None:
            yield _broken(table, file, 1, "NS071", problem)
            return
        columns = {column: i + 1 for i, column in enumerate(header)}
        types = [table.column(column).type for column in header]
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not cells:
                continue  # a blank line
            yield _typed(table, header, types, cells, file, start, columns, escaped=escaped)
    except UnicodeDecodeError as exc:
        yield _broken(table, file, reader.line_num + 1, "NS002", f"invalid UTF-8 ({exc.reason})")
    except csv.Error as exc:
        yield _broken(table, file, reader.line_num, "NS072", f"malformed CSV: {exc}")
    except MemberError as exc:
        yield _broken(table, file, reader.line_num + 1, "NS070", f"cannot read: {exc.strerror}")


_SHOWN_COLUMNS = 5
"""How many unknown or repeated columns an NS071 message names (a header can have 100,000)."""


def _named(columns: list[str]) -> str:
    shown = ", ".join(excerpt(c) for c in columns[:_SHOWN_COLUMNS])
    more = len(columns) - _SHOWN_COLUMNS
    return f"{shown} and {more} more" if more > 0 else shown


def _header_problem(table: Table, header: list[str]) -> str | None:
    # Sets and one count pass: a header of n columns is checked in O(n), not O(n^2).
    expected = {column.name for column in table.columns}
    present = set(header)
    counts = Counter(header)
    repeated = sorted(c for c, times in counts.items() if times > 1)
    # Columns added in a later schema version may be absent from an older bundle.
    missing = [c.name for c in table.columns if c.name not in present and not c.added_in]
    unknown = [c for c in header if c not in expected]
    parts = []
    if missing:
        parts.append(f"missing column(s) {', '.join(missing)}")
    if unknown:
        parts.append(f"unknown column(s) {_named(unknown)}")
    if repeated:
        parts.append(f"repeated column(s) {_named(repeated)}")
    return "; ".join(parts) if parts else None


def _broken(table: Table, file: str, line: int, code: str, message: str) -> Row:
    finding = error(code, message).at(file=file, line=line)
    return Row(table, {}, file, line, {}, [finding])


def _typed(
    table: Table,
    header: list[str],
    types: Sequence[str],
    cells: list[str],
    file: str,
    line: int,
    columns: dict[str, int],
    *,
    escaped: bool = True,
) -> Row:
    errors: list[Finding] = []
    values: dict[str, Any] = {}
    if len(cells) != len(header):
        errors.append(
            error("NS072", f"row has {len(cells)} cells; the header has {len(header)}").at(
                file=file, line=line
            )
        )
    for i, (column, kind, cell) in enumerate(zip(header, types, cells, strict=False)):
        if cell == "":
            values[column] = None
        elif kind == "integer":
            if _INTEGER.match(cell) and len(cell) > _MAX_DIGITS:
                # Beyond 2^53-1 (and int() refuses over 4,300 digits): refused at the cell.
                values[column] = None
                errors.append(
                    error("NS011", too_large(column, cell)).at(file=file, line=line, column=i + 1)
                )
            elif _INTEGER.match(cell):
                values[column] = int(cell)
            else:
                values[column] = None
                errors.append(
                    error("NS072", f"{column} must be a whole number >= 0, got {excerpt(cell)}").at(
                        file=file, line=line, column=i + 1
                    )
                )
        elif kind == "boolean":
            if cell in _BOOLEANS:
                values[column] = _BOOLEANS[cell]
            else:
                values[column] = None
                errors.append(
                    error("NS072", f"{column} must be true or false, got {excerpt(cell)}").at(
                        file=file, line=line, column=i + 1
                    )
                )
        else:
            values[column] = unescape_cell(cell) if escaped else cell
    return make_row(table, values, file, line, columns, errors)


CSV = _CsvBundle(
    "csv",
    "CSV bundle: long tables + datapackage.json (a directory, or a .zip)",
)
