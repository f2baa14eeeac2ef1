"""Constrained value types shared by the models.

Every constraint on a scalar lives here, so that the models read as a list of fields and the
generated JSON Schema carries the same constraints (patterns, bounds, formats) as Pydantic.

Dates are the one place where JSON text and Python values differ: timestamps are parsed from
RFC 3339 strings only (never from numbers, so ``20240102`` is not a Unix time) and must carry an
offset; event dates keep their stated precision as ISO 8601 strings (``2022``, ``2022-01``,
``2022-01-13`` or a full timestamp).
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

__all__ = [
    "MAX_OFFSET",
    "DateComponent",
    "DateTimeAware",
    "Duration",
    "EntityKind",
    "EventKind",
    "HttpUrl",
    "Id",
    "Iri",
    "LanguageTag",
    "Offset",
    "PartialDate",
    "ParticipantRole",
    "QuoteKind",
    "Realis",
    "Sha256",
]

#: Largest offset we accept: the largest integer every JSON consumer (JavaScript included) reads exactly.
MAX_OFFSET = 2**53 - 1

Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
"""A character offset into ``article.body``, counted in Unicode code points."""

_ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$"
Id = Annotated[str, Field(pattern=_ID_PATTERN)]
"""A document-local identifier: a letter or underscore, then letters, digits, ``_ . : -``."""

# RFC 5646 "well-formed" in its common shape: language, optional script/region/variants.
_BCP47_PATTERN = (
    r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?$"
)
LanguageTag = Annotated[str, Field(pattern=_BCP47_PATTERN, max_length=64)]
"""A BCP 47 language tag such as ``en``, ``en-GB`` or ``zh-Hant-TW``."""

_HTTP_URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+[^\s]*$"
HttpUrl = Annotated[str, Field(pattern=_HTTP_URL_PATTERN, max_length=8192)]
"""An absolute ``http`` or ``https`` URL, kept exactly as written (no normalisation)."""

_IRI_PATTERN = r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$"
Iri = Annotated[str, Field(pattern=_IRI_PATTERN, max_length=8192)]
"""An absolute IRI, e.g. ``https://www.wikidata.org/wiki/Q7747``."""

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
"""A lowercase hex SHA-256 digest."""

# No look-arounds (the Rust regex engine has none): "P" alone and a dangling "T" are refused by
# requiring at least one component in each part.
_DURATION_PATTERN = (
    r"^P(?:(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+W)?(?:[0-9]+D)"
    r"|(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+W)|(?:[0-9]+Y)?(?:[0-9]+M)|(?:[0-9]+Y))?"
    r"(?:T(?:(?:[0-9]+H)?(?:[0-9]+M)?[0-9]+(?:[.,][0-9]+)?S|(?:[0-9]+H)?[0-9]+M|[0-9]+H))?$"
)


def _check_duration(value: str) -> str:
    if value == "P":
        raise ValueError("a duration needs at least one component, e.g. PT4H")
    return value


Duration = Annotated[
    str, Field(pattern=_DURATION_PATTERN, max_length=64), AfterValidator(_check_duration)
]
"""An ISO 8601 duration such as ``PT4H`` or ``P1W``, kept as written."""

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$"
)


def _check_ymd(year: int, month: int, day: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"month {month:02d} does not exist")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"day {day:02d} does not exist in {year:04d}-{month:02d}")


def _parse_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("timestamp must carry a UTC offset (timezone-aware)")
        return value
    if not isinstance(value, str):
        raise ValueError("timestamp must be an RFC 3339 string such as 2022-01-13T09:30:00Z")
    match = _RFC3339.match(value)
    if match is None:
        raise ValueError(
            "timestamp must be RFC 3339 with a UTC offset, such as 2022-01-13T09:30:00Z "
            "or 2022-01-13T12:30:00+03:00"
        )
    _check_ymd(int(match[1]), int(match[2]), int(match[3]))
    if int(match[4]) > 23 or int(match[5]) > 59 or int(match[6]) > 59:
        raise ValueError("time of day out of range")
    text = value.replace("z", "Z").replace("t", "T")
    if match[7] and len(match[7]) > 7:  # datetime keeps microseconds only
        raise ValueError("fractional seconds beyond microseconds are not supported")
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _format_datetime(value: datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


DateTimeAware = Annotated[
    datetime,
    BeforeValidator(_parse_datetime),
    PlainSerializer(_format_datetime, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": _RFC3339.pattern,
            "description": "RFC 3339 timestamp with a UTC offset.",
        }
    ),
]
"""A timezone-aware timestamp written as RFC 3339 (``Z`` or ``±HH:MM``); naive times are refused."""

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PARTIAL_DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$|" + _RFC3339.pattern[1:]


def _check_partial_date(value: str) -> str:
    match = _PARTIAL_DATE.match(value)
    if match is None:
        _parse_datetime(value)
        return value
    year, month, day = match[1], match[2], match[3]
    if month is not None:
        _check_ymd(int(year), int(month), int(day) if day is not None else 1)
    return value


PartialDate = Annotated[
    str,
    Field(pattern=_PARTIAL_DATE_PATTERN),
    AfterValidator(_check_partial_date),
]
"""An ISO 8601 date at its stated precision: ``2022``, ``2022-01``, ``2022-01-13`` or an RFC 3339
timestamp with offset. Impossible calendar dates (``2022-02-30``) are refused."""

EntityKind = Literal["person", "organization", "outlet", "place", "group", "other"]
"""What an entity is: ``outlet`` is a news organisation that relays reports (a news agency,
newspaper, broadcaster); ``group`` is a set of people that is not an organisation
("representatives of the United States"); ``other`` is anything else worth linking."""

EventKind = Literal[
    "meeting",
    "negotiation",
    "talks",
    "summit",
    "conference",
    "press_conference",
    "statement",
    "interview",
    "promise",
    "demand",
    "report",
    "publication",
    "agreement",
    "visit",
    "election",
    "vote",
    "protest",
    "attack",
    "military_action",
    "accident",
    "other",
]
"""Controlled list of event kinds, documented in the module ``newsschema.vocabulary``."""

Realis = Literal[
    "actual", "planned", "promised", "demanded", "hypothetical", "negated", "uncertain"
]
"""Whether the event happened: ``actual`` (reported as having happened), ``planned`` (scheduled),
``promised`` (someone committed to it), ``demanded`` (someone required it), ``hypothetical``
(conditional or speculative), ``negated`` (reported as not happening), ``uncertain`` (disputed)."""

ParticipantRole = Literal[
    "participant",
    "organizer",
    "host",
    "speaker",
    "agent",
    "recipient",
    "addressee",
    "subject",
    "observer",
]
"""How an entity takes part in an event; see ``newsschema.vocabulary`` for definitions."""

QuoteKind = Literal["direct", "partial", "indirect", "mixed", "scare"]
"""Quote kinds: ``direct`` (a whole utterance in quotation marks), ``partial`` (a fragment in
quotation marks inside reported speech), ``indirect`` (reported speech without quotation marks),
``mixed`` (reported speech that switches into quotation), ``scare`` (quotation marks that distance
the writer from a term, with no utterance reported)."""

DateComponent = Literal["year", "month", "day", "time"]
"""A part of a normalised date that the annotator inferred rather than read in the text."""
