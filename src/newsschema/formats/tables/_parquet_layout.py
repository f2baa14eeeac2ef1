"""The typed column layout of the Parquet bundle (and of ``newsschema.tables()``).

The CSV bundle stores every timestamp and event date as text. The Parquet bundle stores the
same values in native types, losslessly:

- a ``datetime`` column ``X`` (RFC 3339 text with an offset) becomes ``X``, the instant as
  ``timestamp[us, tz=UTC]``, followed by ``X_offset``, the offset the value was written with,
  in minutes east of UTC (``+03:00`` is ``180``, ``Z`` is ``0``), as ``int16``;
- an event date column (``events.date_start``, ``events.date_end``) becomes ``X``, a ``date32``
  holding the value when it is a calendar day (``2022-01-13``), followed by ``X_text``, the value
  when it is anything else (``2022``, ``2022-01`` or a timestamp with offset). At most one of
  the two is set.

Every other column is the layout's column unchanged. Rows go from layout cells (the text of the
CSV bundle) to typed cells with :func:`typed_row` and back with :func:`layout_row`, so the rest of
the importer (human-column checks, document assembly) is the one shared with CSV.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal

from newsschema.formats.tables._tables import Column, Table

__all__ = [
    "DATE_COLUMNS",
    "MAX_OFFSET_MINUTES",
    "TypedColumn",
    "layout_row",
    "typed_columns",
    "typed_fields",
    "typed_row",
]

DATE_COLUMNS = frozenset({("events", "date_start"), ("events", "date_end")})
"""The (table, column) pairs that hold an event date at its stated precision."""

MAX_OFFSET_MINUTES = 23 * 60 + 59
"""The largest UTC offset RFC 3339 text can carry (``±23:59``), in minutes."""

TypedKind = Literal["integer", "boolean", "string", "timestamp", "offset", "date", "date_text"]

_CALENDAR_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, slots=True)
class TypedColumn:
    """One column of a Parquet table.

    Attributes:
        name: The Parquet field name.
        kind: What the column holds (decides the Arrow type and the Table Schema type).
        column: The layout column whose value this column stores (alone or with its companion).
    """

    name: str
    kind: TypedKind
    column: Column

    @property
    def companion(self) -> bool:
        """Whether this column is the second half of a split layout column."""
        return self.kind in ("offset", "date_text")


def typed_columns(table: Table) -> tuple[TypedColumn, ...]:
    """Return the Parquet columns of ``table``, in file order."""
    out: list[TypedColumn] = []
    for column in table.columns:
        if column.type == "datetime":
            out.append(TypedColumn(column.name, "timestamp", column))
            out.append(TypedColumn(f"{column.name}_offset", "offset", column))
        elif (table.name, column.name) in DATE_COLUMNS:
            out.append(TypedColumn(column.name, "date", column))
            out.append(TypedColumn(f"{column.name}_text", "date_text", column))
        else:
            out.append(TypedColumn(column.name, column.type, column))
    return tuple(out)


def typed_row(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """Return the typed cells of one row of layout cells (as ``document_rows`` builds them)."""
    out = dict(row)
    for column in table.columns:
        value = row.get(column.name)
        if column.type == "datetime":
            instant, offset = _split_timestamp(value)
            out[column.name] = instant
            out[f"{column.name}_offset"] = offset
        elif (table.name, column.name) in DATE_COLUMNS:
            if value is not None and _CALENDAR_DAY.fullmatch(value):
                out[column.name], out[f"{column.name}_text"] = date.fromisoformat(value), None
            else:
                out[column.name], out[f"{column.name}_text"] = None, value
    return out


def layout_row(table: Table, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the layout cells of one row of typed cells, and the problems found, by column.

    Timestamps are given as microseconds since the epoch (UTC), as the reader casts them. A
    problem names the Parquet column it is in; the layout cell is then empty. A file written
    before the typed layout (timestamps and dates as text, no companion columns) is read as
    text, as it was written.
    """
    out = dict(values)
    problems: dict[str, str] = {}
    for column in table.columns:
        name = column.name
        if column.type == "datetime":
            instant, offset = out.pop(name, None), out.pop(f"{name}_offset", None)
            if isinstance(instant, str) and offset is None:  # written before the typed layout
                out[name] = instant
                continue
            text, problem = _join_timestamp(name, instant, offset)
            out[name] = text
            if problem:
                problems[name if instant is None else f"{name}_offset"] = problem
        elif (table.name, name) in DATE_COLUMNS:
            day, text = out.pop(name, None), out.pop(f"{name}_text", None)
            out[name] = None
            if isinstance(day, str) and text is None:  # written before the typed layout
                out[name] = day
            elif day is not None and text is not None:
                problems[f"{name}_text"] = f"{name} and {name}_text are both set; keep one"
            elif day is not None:
                out[name] = day.isoformat()
            elif text is not None and _CALENDAR_DAY.fullmatch(text):
                problems[f"{name}_text"] = f"the calendar day {text!r} belongs in {name} (a date)"
            else:
                out[name] = text
    return out, problems


def typed_fields(table: Table, fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the Table Schema ``fields`` of the Parquet table, from those of the layout.

    Args:
        table: The table.
        fields: The layout's fields, one per column, in order (from ``data_package``).
    """
    by_name = {field["name"]: field for field in fields}
    out: list[dict[str, Any]] = []
    for typed in typed_columns(table):
        field = dict(by_name.get(typed.name, by_name[typed.column.name]))
        field["name"] = typed.name
        what = typed.column.description.rstrip(".")
        if typed.kind == "timestamp":
            field["description"] = f"{what}: the instant, in UTC (offset in {typed.name}_offset)."
        elif typed.kind == "offset":
            field["type"] = "integer"
            field["description"] = (
                f"{what}: the UTC offset it was written with, in minutes east of UTC "
                "(+03:00 is 180, Z is 0); set exactly when the instant is."
            )
            field["constraints"] = {"minimum": -MAX_OFFSET_MINUTES, "maximum": MAX_OFFSET_MINUTES}
        elif typed.kind == "date":
            field["type"] = "date"
            field["description"] = f"{what}: the calendar day, when the value is one."
            field.pop("constraints", None)
        elif typed.kind == "date_text":
            field["type"] = "string"
            field["description"] = (
                f"{what}: the value when it is not a calendar day (2022, 2022-01, or a "
                f"timestamp with offset); empty when {typed.column.name} is set."
            )
            field.pop("constraints", None)
        out.append(field)
    return out


def _split_timestamp(text: str | None) -> tuple[datetime | None, int | None]:
    if text is None:
        return None, None
    # Canonical text is datetime.isoformat() output with "Z" for UTC, which 3.10 parses.
    value = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    offset = value.utcoffset()
    assert offset is not None  # the model refuses naive timestamps
    return value, int(offset.total_seconds()) // 60


def _join_timestamp(name: str, instant: Any, offset: Any) -> tuple[str | None, str | None]:
    # ``instant`` is microseconds since the epoch (UTC): the UTC instant of a local time in
    # year 1 can fall in year 0, which a Python datetime cannot hold.
    if instant is None and offset is None:
        return None, None
    if instant is None:
        return None, f"{name}_offset is set but {name} is empty"
    if offset is None:
        return None, f"{name} is set but {name}_offset is empty"
    if not -MAX_OFFSET_MINUTES <= offset <= MAX_OFFSET_MINUTES:
        return None, f"{name}_offset must be minutes between ±{MAX_OFFSET_MINUTES}, got {offset}"
    try:
        wall = _EPOCH + timedelta(microseconds=instant, minutes=offset)
    except OverflowError:  # a local time before year 1 or after 9999
        return None, f"{name} with offset {offset} is not a time between years 1 and 9999"
    text = wall.replace(tzinfo=timezone(timedelta(minutes=offset))).isoformat()
    return (text[:-6] + "Z" if text.endswith("+00:00") else text), None


_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - naive on purpose: wall-clock arithmetic
