"""The fields several rules read, gathered once per document as flat lists (columns).

Rules that each walk the entities, mentions and quotes with a Python loop pay for the walk many
times over; here one pass of C-level ``map`` calls reads every field the rules' fast tests need,
and the fast tests are then set and list operations over these columns. The columns are only
read: what a rule reports is still decided by its plain code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from itertools import chain
from operator import attrgetter, is_not
from typing import TYPE_CHECKING, Any

from newsschema.models import Span

if TYPE_CHECKING:
    from newsschema.rules._base import Context

__all__ = ["Columns", "columns"]

_ID = attrgetter("id")
_KIND = attrgetter("kind")
_MENTIONS = attrgetter("mentions")
_SPAN = attrgetter("span")
_CUE = attrgetter("cue")
_SPEAKER = attrgetter("speaker")
_INSERTIONS = attrgetter("insertions")
_INTERRUPTIONS = attrgetter("interruptions")
_VIA = attrgetter("via")
_START = attrgetter("start")
_END = attrgetter("end")
_flat = chain.from_iterable
_present = partial(is_not, None)


class Columns:
    """One document's fields as lists, in document order (read by the rules' fast tests).

    Attributes:
        entity_ids: Each entity's id.
        entity_kinds: Each entity's kind.
        entity_mentions: Each entity's mentions (one tuple per entity).
        mentions: Every entity mention, flat.
        event_ids: Each event's id.
        event_mentions: Every event mention, flat.
        quote_ids: Each quote's id.
        quote_kinds: Each quote's kind.
        quote_spans: Each quote's span.
        cues: Each quote's cue (None where it has none).
        speakers: Each quote's speaker (None where it has none).
        insertions: Each quote's insertions.
        interruptions: Each quote's interruptions.
        vias: Each quote's via.
    """

    __slots__ = (
        "cues",
        "entity_ids",
        "entity_kinds",
        "entity_mentions",
        "event_ids",
        "event_mentions",
        "insertions",
        "interruptions",
        "mentions",
        "quote_ids",
        "quote_kinds",
        "quote_spans",
        "speakers",
        "vias",
    )

    def __init__(self, ctx: Context) -> None:
        doc = ctx.document
        entities, events, quotes = doc.entities, doc.events, doc.quotes
        self.entity_ids: list[str] = list(map(_ID, entities))
        self.entity_kinds: list[str] = list(map(_KIND, entities))
        self.entity_mentions: list[tuple[Any, ...]] = list(map(_MENTIONS, entities))
        self.mentions: list[Any] = list(_flat(self.entity_mentions))
        self.event_ids: list[str] = list(map(_ID, events))
        self.event_mentions: list[Any] = list(_flat(map(_MENTIONS, events)))
        self.quote_ids: list[str] = list(map(_ID, quotes))
        self.quote_kinds: list[str] = list(map(_KIND, quotes))
        self.quote_spans: list[Span] = list(map(_SPAN, quotes))
        self.cues: list[Span | None] = list(map(_CUE, quotes))
        self.speakers: list[str | None] = list(map(_SPEAKER, quotes))
        self.insertions: list[tuple[Span, ...]] = list(map(_INSERTIONS, quotes))
        self.interruptions: list[tuple[Span, ...]] = list(map(_INTERRUPTIONS, quotes))
        self.vias: list[tuple[str, ...]] = list(map(_VIA, quotes))

    def all_spans(self) -> list[Span]:
        """Every span the span rules check: mentions, quote spans, cues, insertions, cuts."""
        return [
            *self.mentions,
            *self.event_mentions,
            *self.quote_spans,
            *filter(_present, self.cues),
            *_flat(self.insertions),
            *_flat(self.interruptions),
        ]


def columns(ctx: Context) -> Columns:
    """Return the document's columns, gathered on first use and shared by every rule."""
    found: Columns = ctx.shared("columns", Columns)
    return found


def starts(spans: Iterable[Span]) -> list[int]:
    """The start of each span."""
    return list(map(_START, spans))


def ends(spans: Iterable[Span]) -> list[int]:
    """The end of each span."""
    return list(map(_END, spans))
