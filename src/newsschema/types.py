"""Constrained value types shared by the models.

Every constraint on a scalar lives here, so that the models read as a list of fields and the
generated JSON Schema carries the same constraints (patterns, bounds, formats) as Pydantic.

Dates are the one place where JSON text and Python values differ: timestamps are parsed from
RFC 3339 strings only (never from numbers, so ``20240102`` is not a Unix time) and must carry an
offset; event dates keep their stated precision as ISO 8601 strings (``2022``, ``2022-01``,
``2022-01-13`` or a full timestamp).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

from newsschema._datetimes import (
    DATE,
    DATETIME,
    DATETIME_PATTERN,
    YEAR,
    format_datetime,
    parse_datetime,
)

__all__ = [
    "MAX_OFFSET",
    "AttributionType",
    "DateComponent",
    "DateTimeAware",
    "Duration",
    "EntityKind",
    "EventKind",
    "FrozenList",
    "HttpUrl",
    "Id",
    "Iri",
    "LanguageTag",
    "MentionForm",
    "Offset",
    "PartialDate",
    "ParticipantRole",
    "QuoteKind",
    "Realis",
    "SchemaVersion",
    "Sha256",
    "ToolLabel",
]

#: Largest offset accepted: the largest integer every JSON reader (JavaScript too) reads exactly.
MAX_OFFSET = 2**53 - 1

Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
"""A character offset into ``article.body``, counted in Unicode code points."""

_ID_PATTERN = r"^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$"
Id = Annotated[str, Field(pattern=_ID_PATTERN)]
"""A document-local identifier: a letter or underscore, then letters, digits, ``_ . : -``."""

ToolLabel = Annotated[str, Field(pattern=r"^\S{1,256}$")]
"""An annotation tool's label, role or format name: 1 to 256 characters, no white space."""

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

# What an IRI may not hold unescaped (RFC 3987): controls, space, and <>"{}|\^` , which would
# also end or break an IRI in N-Quads, Turtle or HTML; a URL holding them is written %-encoded.
_NOT_IN_IRI = r'\x00-\x20\x7f<>"{}|\\^`'
_HTTP_URL_PATTERN = rf"^[Hh][Tt][Tt][Pp][Ss]?://[^{_NOT_IN_IRI}/?#]+[^{_NOT_IN_IRI}]*$"
HttpUrl = Annotated[str, Field(pattern=_HTTP_URL_PATTERN, max_length=8192)]
"""An absolute ``http`` or ``https`` URL (an IRI), kept exactly as written (no normalisation)."""

_IRI_PATTERN = rf"^[A-Za-z][A-Za-z0-9+.-]*:[^{_NOT_IN_IRI}]+$"
Iri = Annotated[str, Field(pattern=_IRI_PATTERN, max_length=8192)]
"""An absolute IRI, e.g. ``https://www.wikidata.org/wiki/Q7747``."""

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
"""A lowercase hex SHA-256 digest."""

# Patterns below use only what the Rust (Pydantic), Python and ECMA-262 (JSON Schema) regex
# engines agree on: no look-arounds, no \d or \s. That way Pydantic and any JSON Schema validator
# accept exactly the same strings, calendar rules included.
_DATE_PART = (
    r"(?:[0-9]+Y(?:[0-9]+M)?(?:[0-9]+W)?(?:[0-9]+D)?|[0-9]+M(?:[0-9]+W)?(?:[0-9]+D)?"
    r"|[0-9]+W(?:[0-9]+D)?|[0-9]+D)"
)
_SECONDS = r"[0-9]+(?:[.,][0-9]+)?S"
_TIME_PART = rf"T(?:[0-9]+H(?:[0-9]+M)?(?:{_SECONDS})?|[0-9]+M(?:{_SECONDS})?|{_SECONDS})"
_DURATION_PATTERN = rf"^P(?:{_DATE_PART}(?:{_TIME_PART})?|{_TIME_PART})$"
Duration = Annotated[str, Field(pattern=_DURATION_PATTERN, max_length=64)]
"""An ISO 8601 duration such as ``PT4H`` or ``P1W``, kept as written."""

DateTimeAware = Annotated[
    datetime,
    BeforeValidator(parse_datetime),
    PlainSerializer(format_datetime, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DATETIME_PATTERN,
            "description": "RFC 3339 timestamp with a UTC offset (Z or ±HH:MM).",
        }
    ),
]
"""A timezone-aware timestamp written as RFC 3339 (``Z`` or ``±HH:MM``); naive times are refused."""

_PARTIAL_DATE_PATTERN = rf"^(?:{YEAR}(?:-(?:0[1-9]|1[0-2]))?|{DATE}|{DATETIME})$"


def _date_to_text(value: Any) -> Any:
    # Python callers may pass date/datetime objects; JSON text never produces them, so the
    # JSON contract (a string at its stated precision) is unchanged.
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("a datetime event date must carry a UTC offset (timezone-aware)")
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# The validator comes last so that it runs first (and the pattern stays in the JSON Schema).
PartialDate = Annotated[
    str, Field(pattern=_PARTIAL_DATE_PATTERN, max_length=40), BeforeValidator(_date_to_text)
]
"""An ISO 8601 date at its stated precision: ``2022``, ``2022-01``, ``2022-01-13`` or an RFC 3339
timestamp with offset. Impossible calendar dates (``2022-02-30``) are refused by the pattern.
From Python, a ``datetime.date`` or timezone-aware ``datetime`` is accepted and stored as its
ISO 8601 text."""

_T = TypeVar("_T")


def _to_tuple(value: Any) -> Any:
    # JSON arrays and Python lists become tuples; anything else is left for the strict
    # tuple check to refuse with its usual message.
    return tuple(value) if isinstance(value, list) else value


FrozenList = Annotated[tuple[_T, ...], BeforeValidator(_to_tuple)]
"""An immutable list: a JSON array (or a Python list or tuple) stored as a tuple, so a frozen
model cannot be changed in place (``doc.entities.append(...)`` is impossible). The JSON Schema
says ``array``, as for a list."""

EntityKind = Literal["person", "organization", "outlet", "place", "gpe", "group", "work", "other"]
"""What an entity is (``work`` since schema 1.1); each value is defined in
``newsschema.vocabulary.ENTITY_KINDS``."""

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
"""What kind of event it is; each value is defined in ``newsschema.vocabulary.EVENT_KINDS``."""

Realis = Literal[
    "actual", "planned", "promised", "demanded", "hypothetical", "negated", "uncertain"
]
"""Whether the event happened; each value is defined in ``newsschema.vocabulary.REALIS``."""

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
"""How an entity takes part in an event; each value is defined in
``newsschema.vocabulary.PARTICIPANT_ROLES``."""

QuoteKind = Literal["direct", "partial", "indirect", "mixed", "scare"]
"""How the words are reported; each value is defined in ``newsschema.vocabulary.QUOTE_KINDS``."""

DateComponent = Literal["year", "month", "day", "time"]
"""A part of a normalised date that the annotator inferred rather than read in the text."""

SchemaVersion = Literal["1.0", "1.1"]
"""Schema versions a document may declare: 1.1 is additive, so every 1.0 document is also read."""

AttributionType = Literal["speech", "belief", "knowledge", "intention"]
"""What a quote attributes to its source (schema 1.1; the PDTB/PARC attribution types); each
value is defined in ``newsschema.vocabulary.ATTRIBUTION_TYPES``."""

MentionForm = Literal["name", "nominal", "pronoun"]
"""How a mention refers (schema 1.1); each value is defined in
``newsschema.vocabulary.MENTION_FORMS``."""
