"""RFC 3339 timestamps: the strict pattern, a parser that accepts exactly it, and the writer.

Kept apart from :mod:`newsschema.types` (which builds Pydantic's annotated types) because the
plain-data structure check (:mod:`newsschema._plain`) calls the parser without importing
Pydantic's model machinery: a valid document's check never needs it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

from newsschema import _fast

__all__ = [
    "DATE",
    "DATETIME",
    "DATETIME_PATTERN",
    "YEAR",
    "format_datetime",
    "parse_datetime",
]

# Patterns use only what the Rust (Pydantic), Python and ECMA-262 (JSON Schema) regex engines
# agree on (see :mod:`newsschema.types`).
YEAR = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
DATE = rf"(?:{YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
_OFFSET = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
DATETIME = rf"{DATE}T{_TIME}{_OFFSET}"
DATETIME_PATTERN = rf"^{DATETIME}$"
_SPLIT_RE = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?"
    r"(?:Z|([+-])([0-9]{2}):([0-9]{2}))$"
)


@cache
def _full_re() -> re.Pattern[str]:
    # Only the plain code (fast paths off) runs the whole calendar alternation: compiled then.
    return re.compile(DATETIME_PATTERN)


def parse_datetime(value: Any) -> datetime:
    """Return ``value`` (RFC 3339 text with an offset, or an aware datetime) as a datetime.

    Raises:
        ValueError: anything else (Pydantic reports it as a located validation error).
    """
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("timestamp must carry a UTC offset (timezone-aware)")
        return value
    if not isinstance(value, str):
        # Pydantic turns a ValueError (not a TypeError) into a located validation error.
        raise ValueError(  # noqa: TRY004
            "timestamp must be an RFC 3339 string such as 2022-01-13T09:30:00Z"
        )
    if _fast.ENABLED:
        return _parse_rfc3339(value)
    # The strict pattern is the contract (the JSON Schema carries the same one); the second
    # pattern only splits the accepted text into fields.
    if _full_re().match(value) is None:
        raise ValueError(_NOT_RFC3339)
    match = _SPLIT_RE.match(value)
    assert match is not None  # the full pattern is stricter
    year, month, day, hour, minute, second = (int(match[i]) for i in range(1, 7))
    micro = int((match[7] or "0").ljust(6, "0"))
    offset = timedelta(0)
    if match[8]:
        offset = timedelta(hours=int(match[9]), minutes=int(match[10]))
        if match[8] == "-":
            offset = -offset
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=timezone(offset))


_NOT_RFC3339 = (
    "timestamp must be a real RFC 3339 date-time with a UTC offset, such as "
    "2022-01-13T09:30:00Z or 2022-01-13T12:30:00+03:00"
)
_UTC = timezone(timedelta(0))


def _parse_rfc3339(value: str) -> datetime:
    """Accept exactly what the strict pattern accepts, without its calendar alternation.

    The field-splitting pattern fixes the shape; the ranges the strict pattern spells out
    (year 0001 up, month, hour, minute, second, offset) are compared as numbers, and the day
    of the month (leap years included: both follow the Gregorian rule) is left to ``datetime``.
    """
    match = _SPLIT_RE.match(value)
    if match is None:
        raise ValueError(_NOT_RFC3339)
    year, month, day, hour, minute, second = (int(match[i]) for i in range(1, 7))
    sign = match[8]
    tz = _UTC
    if sign:
        hours, minutes = int(match[9]), int(match[10])
        if hours > 23 or minutes > 59:
            raise ValueError(_NOT_RFC3339)
        offset = timedelta(hours=hours, minutes=minutes)
        tz = timezone(-offset if sign == "-" else offset)
    if year < 1 or hour > 23 or minute > 59 or second > 59:
        raise ValueError(_NOT_RFC3339)
    micro = int((match[7] or "0").ljust(6, "0"))
    try:
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)
    except ValueError:  # no such day in that month (or month out of range)
        raise ValueError(_NOT_RFC3339) from None


def format_datetime(value: datetime) -> str:
    """Write ``value`` as RFC 3339 (``Z`` for UTC)."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
