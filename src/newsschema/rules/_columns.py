"""The fields several rules read, gathered once per document as flat lists (columns).

Rules that each walk the entities, mentions and quotes with a Python loop pay for the walk many
times over; here one pass of C-level ``map`` calls reads every field the rules' fast tests need,
and the fast tests are then set and list operations over these columns. The columns are only
read: what a rule reports is still decided by its plain code.
"""

from __future__ import annotations

from itertools import chain, compress, repeat
from operator import attrgetter, is_not, itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from newsschema.rules._base import Context, Plain

__all__ = ["MODELS", "PLAIN", "Columns", "columns", "present"]

_FIELDS = (
    "id",
    "kind",
    "mentions",
    "span",
    "cue",
    "speaker",
    "via",
    "within",
    "insertions",
    "interruptions",
    "form",
    "start",
    "end",
    "name",
    "aliases",
    "text",
    "event",
    "location",
    "participants",
    "entity",
)


class _Getters:
    """How each field is read: attributes of models, or keys of plain data (the same names)."""

    def __init__(self, getter: Callable[[str], Callable[[Any], Any]]) -> None:
        for name in _FIELDS:
            setattr(self, name, getter(name))

    id: Callable[[Any], Any]
    kind: Callable[[Any], Any]
    mentions: Callable[[Any], Any]
    span: Callable[[Any], Any]
    cue: Callable[[Any], Any]
    speaker: Callable[[Any], Any]
    via: Callable[[Any], Any]
    within: Callable[[Any], Any]
    insertions: Callable[[Any], Any]
    interruptions: Callable[[Any], Any]
    form: Callable[[Any], Any]
    start: Callable[[Any], Any]
    end: Callable[[Any], Any]
    name: Callable[[Any], Any]
    aliases: Callable[[Any], Any]
    text: Callable[[Any], Any]
    event: Callable[[Any], Any]
    location: Callable[[Any], Any]
    participants: Callable[[Any], Any]
    entity: Callable[[Any], Any]


MODELS = _Getters(attrgetter)
"""Fields read from Pydantic models."""
PLAIN = _Getters(itemgetter)
"""Fields read from plain data (the dicts of :mod:`newsschema._plain`, every field present)."""
_flat = chain.from_iterable

_T = TypeVar("_T")


def present(values: list[_T | None]) -> list[bool]:
    """For each value, whether it is not None (a mask for ``itertools.compress``)."""
    return list(map(is_not, values, repeat(None)))


class Columns:
    """One document's fields as lists, in document order (read by the rules' fast tests).

    Attributes:
        entities: The entities themselves.
        entity_ids: Each entity's id.
        entity_names: Each entity's name.
        entity_kinds: Each entity's kind.
        entity_mentions: Each entity's mentions (one tuple per entity).
        mentions: Every entity mention, flat.
        mention_starts: The start of each of ``mentions``.
        mention_ends: The end of each of ``mentions``.
        mention_forms: The form of each of ``mentions``.
        event_ids: Each event's id.
        event_mentions: Each event's mentions (one tuple per event).
        event_locations: Each event's location (None where it has none).
        participant_entities: The entity of every participant of every event, flat.
        quote_ids: Each quote's id.
        quote_kinds: Each quote's kind.
        quote_texts: Each quote's text.
        quote_events: Each quote's event (None where it has none).
        quote_spans: Each quote's span.
        quote_starts: The start of each quote's span.
        quote_ends: The end of each quote's span.
        get: How the fields were read (models or plain data).
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
        "entities",
        "entity_ids",
        "entity_kinds",
        "entity_mentions",
        "entity_names",
        "event_ids",
        "event_locations",
        "event_mentions",
        "get",
        "has_cue",
        "insertions",
        "interruptions",
        "mention_ends",
        "mention_forms",
        "mention_starts",
        "mentions",
        "participant_entities",
        "quote_ends",
        "quote_events",
        "quote_ids",
        "quote_kinds",
        "quote_spans",
        "quote_starts",
        "quote_texts",
        "speakers",
        "vias",
        "withins",
    )

    def __init__(
        self,
        entities: Sequence[Any],
        events: Sequence[Any],
        quotes: Sequence[Any],
        get: _Getters = MODELS,
    ) -> None:
        self.get = get
        self.entities = entities
        self.entity_ids: list[str] = list(map(get.id, entities))
        self.entity_names: list[str] = list(map(get.name, entities))
        self.entity_kinds: list[str] = list(map(get.kind, entities))
        self.entity_mentions: list[tuple[Any, ...]] = list(map(get.mentions, entities))
        mentions = self.mentions = list(_flat(self.entity_mentions))
        self.mention_starts: list[int] = list(map(get.start, mentions))
        self.mention_ends: list[int] = list(map(get.end, mentions))
        self.mention_forms: list[str | None] = list(map(get.form, mentions))
        self.event_ids: list[str] = list(map(get.id, events))
        self.event_mentions: list[tuple[Any, ...]] = list(map(get.mentions, events))
        self.event_locations: list[str | None] = list(map(get.location, events))
        participants = _flat(map(get.participants, events))
        self.participant_entities: list[str] = list(map(get.entity, participants))
        self.quote_ids: list[str] = list(map(get.id, quotes))
        self.quote_kinds: list[str] = list(map(get.kind, quotes))
        self.quote_texts: list[str] = list(map(get.text, quotes))
        self.quote_events: list[str | None] = list(map(get.event, quotes))
        spans = self.quote_spans = list(map(get.span, quotes))
        self.quote_starts: list[int] = list(map(get.start, spans))
        self.quote_ends: list[int] = list(map(get.end, spans))
        self.cues: list[Any] = list(map(get.cue, quotes))
        self.has_cue = present(self.cues)
        cues = list(compress(self.cues, self.has_cue))
        self.cue_starts: list[int] = list(map(get.start, cues))
        self.cue_ends: list[int] = list(map(get.end, cues))
        self.speakers: list[str | None] = list(map(get.speaker, quotes))
        self.vias: list[tuple[str, ...]] = list(map(get.via, quotes))
        self.withins: list[str | None] = list(map(get.within, quotes))
        self.insertions: list[tuple[Any, ...]] = list(map(get.insertions, quotes))
        self.interruptions: list[tuple[Any, ...]] = list(map(get.interruptions, quotes))

    def offsets(self, spans: list[Any]) -> tuple[list[int], list[int]]:
        """The starts and the ends of ``spans`` (read as this document's spans are)."""
        return list(map(self.get.start, spans)), list(map(self.get.end, spans))


def columns(ctx: Context | Plain) -> Columns:
    """Return the document's columns, gathered on first use and shared by every rule."""
    try:
        found: Columns = ctx.memo["columns"]
    except KeyError:
        document = getattr(ctx, "document", None)
        if document is None:  # plain data: its own columns
            return ctx.columns  # type: ignore[union-attr]
        found = ctx.memo["columns"] = Columns(document.entities, document.events, document.quotes)
    return found
