"""The fields several rules read, gathered once per document as flat lists (columns).

Rules that each walk the entities, mentions and quotes with a Python loop pay for the walk many
times over; here one pass of C-level ``map`` calls reads every field the rules' fast tests need,
and the fast tests are then set and list operations over these columns. The columns are only
read: what a rule reports is still decided by its plain code.
"""

from __future__ import annotations

from itertools import chain, compress, repeat
from operator import attrgetter, is_not
from typing import TYPE_CHECKING, Any, TypeVar

from newsschema.models import Span

if TYPE_CHECKING:
    from newsschema.rules._base import Context

__all__ = ["Columns", "columns", "present"]

_ID = attrgetter("id")
_KIND = attrgetter("kind")
_MENTIONS = attrgetter("mentions")
_SPAN = attrgetter("span")
_CUE = attrgetter("cue")
_SPEAKER = attrgetter("speaker")
_VIA = attrgetter("via")
_WITHIN = attrgetter("within")
_INSERTIONS = attrgetter("insertions")
_INTERRUPTIONS = attrgetter("interruptions")
_FORM = attrgetter("form")
_START = attrgetter("start")
_END = attrgetter("end")
_flat = chain.from_iterable

_T = TypeVar("_T")


def present(values: list[_T | None]) -> list[bool]:
    """For each value, whether it is not None (a mask for ``itertools.compress``)."""
    return list(map(is_not, values, repeat(None)))


class Columns:
    """One document's fields as lists, in document order (read by the rules' fast tests).

    Attributes:
        entity_ids: Each entity's id.
        entity_kinds: Each entity's kind.
        entity_mentions: Each entity's mentions (one tuple per entity).
        mentions: Every entity mention, flat.
        mention_starts: The start of each of ``mentions``.
        mention_ends: The end of each of ``mentions``.
        mention_forms: The form of each of ``mentions``.
        event_ids: Each event's id.
        quote_ids: Each quote's id.
        quote_kinds: Each quote's kind.
        quote_spans: Each quote's span.
        quote_starts: The start of each quote's span.
        quote_ends: The end of each quote's span.
        cues: Each quote's cue (None where it has none).
        has_cue: For each quote, whether it has a cue.
        cue_starts: The start of each cue (quotes without one left out).
        cue_ends: The end of each cue (quotes without one left out).
        speakers: Each quote's speaker (None where it has none).
        vias: Each quote's via.
        withins: Each quote's within (None where it has none).
        insertions: Each quote's insertions.
        interruptions: Each quote's interruptions.
    """

    __slots__ = (
        "cue_ends",
        "cue_starts",
        "cues",
        "entity_ids",
        "entity_kinds",
        "entity_mentions",
        "event_ids",
        "has_cue",
        "insertions",
        "interruptions",
        "mention_ends",
        "mention_forms",
        "mention_starts",
        "mentions",
        "quote_ends",
        "quote_ids",
        "quote_kinds",
        "quote_spans",
        "quote_starts",
        "speakers",
        "vias",
        "withins",
    )

    def __init__(self, ctx: Context) -> None:
        doc = ctx.document
        entities, quotes = doc.entities, doc.quotes
        self.entity_ids: list[str] = list(map(_ID, entities))
        self.entity_kinds: list[str] = list(map(_KIND, entities))
        self.entity_mentions: list[tuple[Any, ...]] = list(map(_MENTIONS, entities))
        mentions = self.mentions = list(_flat(self.entity_mentions))
        self.mention_starts: list[int] = list(map(_START, mentions))
        self.mention_ends: list[int] = list(map(_END, mentions))
        self.mention_forms: list[str | None] = list(map(_FORM, mentions))
        self.event_ids: list[str] = list(map(_ID, doc.events))
        self.quote_ids: list[str] = list(map(_ID, quotes))
        self.quote_kinds: list[str] = list(map(_KIND, quotes))
        spans = self.quote_spans = list(map(_SPAN, quotes))
        self.quote_starts: list[int] = list(map(_START, spans))
        self.quote_ends: list[int] = list(map(_END, spans))
        self.cues: list[Span | None] = list(map(_CUE, quotes))
        self.has_cue = present(self.cues)
        cues = list(compress(self.cues, self.has_cue))
        self.cue_starts: list[int] = list(map(_START, cues))
        self.cue_ends: list[int] = list(map(_END, cues))
        self.speakers: list[str | None] = list(map(_SPEAKER, quotes))
        self.vias: list[tuple[str, ...]] = list(map(_VIA, quotes))
        self.withins: list[str | None] = list(map(_WITHIN, quotes))
        self.insertions: list[tuple[Span, ...]] = list(map(_INSERTIONS, quotes))
        self.interruptions: list[tuple[Span, ...]] = list(map(_INTERRUPTIONS, quotes))


def columns(ctx: Context) -> Columns:
    """Return the document's columns, gathered on first use and shared by every rule."""
    try:
        found: Columns = ctx.memo["columns"]
    except KeyError:
        found = ctx.memo["columns"] = Columns(ctx)
    return found


def offsets(spans: list[Span]) -> tuple[list[int], list[int]]:
    """The starts and the ends of ``spans``."""
    return list(map(_START, spans)), list(map(_END, spans))
