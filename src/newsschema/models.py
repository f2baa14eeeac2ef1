"""The canonical annotated-article model.

One :class:`Document` holds an article and what is annotated in it: entities, events and quotes.
Annotations point into ``article.body`` with half-open :class:`Span` offsets counted in Unicode
code points (Python ``str`` indices). References between annotations are ids in JSON; the
:class:`Document` resolves them into typed objects (``doc.speaker(quote) -> Entity``).

All models are frozen, forbid unknown keys and validate strictly: ``"12"`` is not an int,
``"yes"`` is not a bool, timestamps need an offset. Entities and quotes are discriminated unions
keyed by ``kind``, so ``isinstance(entity, Person)`` works and the JSON Schema says ``oneOf``.
"""

import sys
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal, TypeAlias, Union

from pydantic import BaseModel, ConfigDict, Field

from newsschema._field_docs import attach_field_docstrings
from newsschema.types import (
    AttributionType,
    DateComponent,
    DateTimeAware,
    Duration,
    EventKind,
    FrozenList,
    HttpUrl,
    Id,
    Iri,
    LanguageTag,
    MentionForm,
    Offset,
    PartialDate,
    ParticipantRole,
    Realis,
    SchemaVersion,
    Sha256,
    ToolLabel,
)

__all__ = [
    "SCHEMA_VERSION",
    "SCHEMA_VERSIONS",
    "AnyQuote",
    "Article",
    "DirectQuote",
    "Document",
    "Entity",
    "Event",
    "EventDate",
    "GeopoliticalEntity",
    "Group",
    "IndirectQuote",
    "Mention",
    "MixedQuote",
    "Organization",
    "OtherEntity",
    "Outlet",
    "PartialQuote",
    "Participant",
    "Person",
    "Place",
    "ScareQuote",
    "Span",
    "ToolRecord",
    "ToolSpan",
    "Work",
]

SCHEMA_VERSION = "1.1"
"""The version this library writes for new documents."""
SCHEMA_VERSIONS: tuple[SchemaVersion, ...] = ("1.0", "1.1")
"""Every version this library reads; 1.1 only adds optional fields and values to 1.0."""


# Lists are tuples (FrozenList), so one shared () default is safe and never deep-copied; the
# schema still says the default is [].
def _empty_list() -> Any:
    return Field(default=(), json_schema_extra={"default": []})


class _Model(BaseModel):
    model_config = ConfigDict(
        strict=True,
        frozen=True,
        extra="forbid",
        validate_default=False,
        # Built on first use, after attach_field_docstrings (end of module) has described the
        # fields: validating a Document builds it (and the models inside it) once.
        defer_build=True,
    )


def _holds_default(value: Any) -> bool:
    """True when a field added in schema 1.1 holds its default (so it is left out of the JSON)."""
    return value is None or value is False or (isinstance(value, (tuple, list)) and not value)


class _Versioned(_Model):
    """A model with fields added in schema 1.1, left out of its JSON while they hold defaults.

    So a 1.0 document is written back exactly as it was read, and stays a valid 1.0 document.
    """

    _added_in_1_1: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        # Left out by the serializer itself (pydantic-core), not by a Python wrapper around every
        # instance: the models build on first use, so the fields can still be told here.
        for name in cls._added_in_1_1:
            cls.__pydantic_fields__[name].exclude_if = _holds_default


class Span(_Model):
    """A half-open range ``[start, end)`` of code points in ``article.body``."""

    start: Offset
    """Index of the first code point."""
    end: Offset
    """Index one past the last code point."""

    def text(self, body: str) -> str:
        """Return the part of ``body`` this span covers."""
        return body[self.start : self.end]

    @classmethod
    def of(cls, body: str, text: str, occurrence: int = 1) -> "Span":
        """Return the span of the ``occurrence``-th appearance of ``text`` in ``body``.

        Occurrences are counted from 1 and may not overlap one another, the way a reader counts
        them: ``Span.of(body, "said", occurrence=2)`` is the second "said".

        Raises:
            ValueError: ``text`` is empty, ``occurrence`` is below 1, or ``body`` holds fewer
                than ``occurrence`` appearances of ``text`` (the message says how many).
        """
        if not text:
            raise ValueError("Span.of needs a non-empty text to look for")
        if occurrence < 1:
            raise ValueError(f"occurrence counts from 1, got {occurrence}")
        start, found = -len(text), 0
        while found < occurrence:
            start = body.find(text, start + len(text))
            if start < 0:
                raise ValueError(f"{text!r} occurs {found} time(s) in the body, not {occurrence}")
            found += 1
        return cls(start=start, end=start + len(text))


class ToolSpan(_Model):
    """One annotation as an annotation tool held it: its label, role and fragments."""

    part: Literal["content", "cue", "mention"]
    """What it gave the model: a quote's content, its cue, or an entity's mention."""
    label: ToolLabel
    """The tool's label of the annotation (brat: the ``T`` line's type, e.g. ``Content``)."""
    role: ToolLabel | None = None
    """The event argument role that named it, where the tool has events (``Content2``)."""
    fragments: FrozenList[Span] = Field(min_length=1)
    """Its fragments exactly as the tool stored them, in the tool's order."""


class ToolRecord(_Model):
    """What an importer normalised, kept so that an export back to the tool is exact (schema 1.1).

    The canonical model joins fragments that only white space separates, moves quotation marks
    out of a direct quote's span, reads a continued content (``Content2``) as more of one quote
    and stores a mention as one span. The record keeps the tool's annotations as they were; an
    export to the same tool under the same labels writes them back while they still agree with
    the canonical spans (a quote edited since is exported from its canonical span).
    """

    tool: ToolLabel
    """The format it was imported from (``brat``)."""
    event: ToolLabel | None = None
    """The type of the tool's event that tied the annotations (``Attribution``), if any."""
    spans: FrozenList[ToolSpan] = Field(min_length=1)
    """The tool's annotations, in the tool's order."""


class Mention(Span):
    """A span where the text names or refers to an entity or event, and how it does so."""

    form: MentionForm | None = None
    """``name`` ("Lavrov"), ``nominal`` ("the minister") or ``pronoun`` ("he"); absent when not
    annotated (schema 1.1)."""
    imported: ToolRecord | None = None
    """How the annotation tool held this mention when the import normalised it (its label and
    fragments); absent otherwise (schema 1.1)."""


class Article(_Versioned):
    """The article itself: its text and its metadata."""

    id: Id
    """Identifier of the article, unique in a corpus."""
    headline: Annotated[str, Field(min_length=1)] | None = None
    """The headline as published; absent when there is none, as in research corpora (schema 1.1;
    required in 1.0)."""
    body: Annotated[str, Field(min_length=1)]
    """The exact article text; every span counts code points in it."""
    language: LanguageTag
    """BCP 47 language tag of the text."""
    url: HttpUrl | None = None
    """Where the article was published (http or https only)."""
    date_published: DateTimeAware | None = None
    """When the article was first published."""
    date_modified: DateTimeAware | None = None
    """When the article was last changed."""
    publisher: Id | None = None
    """Entity id of the publishing organisation or outlet."""
    authors: FrozenList[Id] = _empty_list()
    """Entity ids of the authors."""
    text_sha256: Sha256 | None = None
    """SHA-256 of the UTF-8 bytes of ``body``; when present it must match."""
    image: FrozenList[HttpUrl] = _empty_list()
    """URLs of images representing the article (schema.org ``image``; schema 1.1)."""

    _added_in_1_1: ClassVar[frozenset[str]] = frozenset({"headline", "image"})


class _EntityBase(_Versioned):
    id: Id
    """Identifier, unique in the document."""
    name: Annotated[str, Field(min_length=1)]
    """Canonical name (the fullest form used, or the usual English name)."""
    aliases: FrozenList[Annotated[str, Field(min_length=1)]] = _empty_list()
    """Other names the text uses for it (surface forms of its mentions)."""
    same_as: FrozenList[Iri] = _empty_list()
    """IRIs of the same thing elsewhere, e.g. Wikidata item URLs."""
    mentions: FrozenList[Mention] = _empty_list()
    """Where the text names or refers to it."""
    anonymous: bool = False
    """True for an unnamed source ("a source", "people familiar with the talks"); ``name`` is then
    its description (schema 1.1)."""
    url: HttpUrl | None = None
    """The entity's own page, e.g. an author page (schema.org ``url``; schema 1.1)."""
    image: HttpUrl | None = None
    """A person's photo, or an organisation's or outlet's logo (schema 1.1)."""

    _added_in_1_1: ClassVar[frozenset[str]] = frozenset({"anonymous", "url", "image"})


class Person(_EntityBase):
    """A human being."""

    kind: Literal["person"] = "person"


class Organization(_EntityBase):
    """A government, ministry, alliance, company, party or other organisation."""

    kind: Literal["organization"] = "organization"


class Outlet(_EntityBase):
    """A news organisation that publishes or relays reports (agency, paper, broadcaster)."""

    kind: Literal["outlet"] = "outlet"


class Place(_EntityBase):
    """A country, city, region or venue."""

    kind: Literal["place"] = "place"


class GeopoliticalEntity(_EntityBase):
    """A country, state or city as a political actor that is also a place ("Russia reiterated")."""

    kind: Literal["gpe"] = "gpe"


class Group(_EntityBase):
    """A set of people that is not an organisation, such as "Ukrainian representatives"."""

    kind: Literal["group"] = "group"


class Work(_EntityBase):
    """A document or other creative work as a source: a report, filing, letter or post."""

    kind: Literal["work"] = "work"


class OtherEntity(_EntityBase):
    """Anything else worth linking (a policy, a product)."""

    kind: Literal["other"] = "other"


Entity: TypeAlias = Annotated[
    Union[  # noqa: UP007
        Person, Organization, Outlet, Place, GeopoliticalEntity, Group, Work, OtherEntity
    ],
    Field(discriminator="kind"),
]
"""Any entity; ``kind`` selects the class."""


class EventDate(_Model):
    """A normalised date at the precision the text supports."""

    start: PartialDate
    """ISO 8601 date or timestamp: ``2022``, ``2022-01``, ``2022-01-13`` or
    ``2022-01-13T10:00:00Z``."""
    end: PartialDate | None = None
    """Last day (inclusive) or end time, for events that span more than one date."""
    inferred: FrozenList[DateComponent] = _empty_list()
    """Parts of the date the annotator inferred rather than read (e.g. the year from the
    publication date when the text only says "Jan. 13")."""


class Participant(_Model):
    """An entity taking part in an event, and how."""

    entity: Id
    """Entity id."""
    role: ParticipantRole = "participant"
    """How it takes part."""


class Event(_Model):
    """Something that happened, is planned, or was promised."""

    id: Id
    """Identifier, unique in the document."""
    kind: EventKind
    """What sort of event (controlled list)."""
    name: Annotated[str, Field(min_length=1)]
    """Short human-readable label."""
    date: EventDate | None = None
    """When it happened or is to happen."""
    realis: Realis = "actual"
    """Whether it happened, is planned, was promised, ..."""
    location: Id | None = None
    """Entity id of the place."""
    participants: FrozenList[Participant] = _empty_list()
    """Who took part, with roles."""
    mentions: FrozenList[Mention] = _empty_list()
    """Where the text refers to it."""
    duration: Duration | None = None
    """How long it actually lasted (ISO 8601 duration)."""
    planned_duration: Duration | None = None
    """How long it was scheduled to last (ISO 8601 duration)."""


class _QuoteBase(_Versioned):
    id: Id
    """Identifier, unique in the document."""
    text: str
    """The quoted text; must equal ``article.body`` at ``span``."""
    span: Span
    """Where the quote stands in the body (without the quotation marks)."""
    speaker: Id | None = None
    """Entity id of who said it, or null when unattributed."""
    cue: Span | None = None
    """Span of the reporting verb ("said", "stressed")."""
    via: FrozenList[Id] = _empty_list()
    """Entity ids of the outlets the quote passed through, nearest the speaker first."""
    event: Id | None = None
    """Event id of where it was said."""
    insertions: FrozenList[Span] = _empty_list()
    """Editorial insertions inside the quote, like "(Jens)"."""
    attribution: AttributionType | None = None
    """What is attributed: ``speech``, ``belief``, ``knowledge`` or ``intention``; absent when
    not annotated (schema 1.1)."""
    interruptions: FrozenList[Span] = _empty_list()
    """Spans inside ``span`` that are not the source's words, such as the attribution clause in
    “We will,” he said, “win.” (schema 1.1)."""
    within: Id | None = None
    """Quote id of the enclosing attribution of a nested one ("Officials said Lavrov believes X":
    X is within the officials' quote; schema 1.1)."""
    imported: ToolRecord | None = None
    """How the annotation tool held this quote's content and cue when the import normalised them
    (fragments joined, quotation marks moved out, a continued content); absent otherwise
    (schema 1.1)."""

    _added_in_1_1: ClassVar[frozenset[str]] = frozenset(
        {"attribution", "interruptions", "within", "imported"}
    )


class DirectQuote(_QuoteBase):
    """A whole utterance reproduced in quotation marks."""

    kind: Literal["direct"] = "direct"


class PartialQuote(_QuoteBase):
    """A fragment in quotation marks embedded in reported speech."""

    kind: Literal["partial"] = "partial"


class IndirectQuote(_QuoteBase):
    """Reported speech without quotation marks."""

    kind: Literal["indirect"] = "indirect"


class MixedQuote(_QuoteBase):
    """Reported speech that switches into direct quotation."""

    kind: Literal["mixed"] = "mixed"


class ScareQuote(_QuoteBase):
    """Quotation marks that distance the writer from a term; no utterance is reported."""

    kind: Literal["scare"] = "scare"


AnyQuote: TypeAlias = Annotated[
    Union[DirectQuote, PartialQuote, IndirectQuote, MixedQuote, ScareQuote],  # noqa: UP007
    Field(discriminator="kind"),
]
"""Any quote; ``kind`` selects the class."""


class Document(_Model):
    """One annotated article: the canonical unit of every file and every JSONL line."""

    # "$schema" is not a Python name: the field is json_schema in Python, "$schema" in JSON.
    model_config = ConfigDict(
        validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )

    json_schema: Annotated[str, Field(min_length=1, max_length=8192)] | None = Field(
        default=None,
        alias="$schema",
        title="$schema",
        json_schema_extra={"format": "uri-reference"},
    )
    """The JSON Schema this file follows (``$schema``), e.g. the published
    ``document.schema.json``, so that editors offer completion; kept as written, never fetched."""
    schema_version: SchemaVersion
    """Version of this schema the document follows: ``1.1`` (current) or ``1.0``."""
    article: Article
    """The article and its text."""
    entities: FrozenList[Entity] = _empty_list()
    """People, organisations, outlets, places and groups the article mentions."""
    events: FrozenList[Event] = _empty_list()
    """Events the article reports, plans or promises."""
    quotes: FrozenList[AnyQuote] = _empty_list()
    """Quotes of every kind, in any order."""

    def replace(self, **changes: Any) -> "Document":
        """Return a re-validated copy with ``changes`` applied to top-level fields.

        Unlike ``model_copy(update=...)``, which trusts its values, every value is validated as
        if read from a file: a nested model or a dict, lists or tuples are all accepted.

        Raises:
            pydantic.ValidationError: a changed value is invalid; each error's ``loc`` names
                the field (e.g. ``('article', 'date_published')``).
        """
        unknown = sorted(set(changes) - set(type(self).model_fields))
        if unknown:
            raise TypeError(f"Document has no field(s) {', '.join(unknown)}")
        data: dict[str, Any] = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self).model_validate(
            {name: _plain(value) for name, value in data.items() if value is not None}
        )

    # Lookups. cached_property writes to the instance __dict__ directly, so it works on frozen
    # models and is computed once per document.
    @cached_property
    def _entities_by_id(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.entities}

    @cached_property
    def _events_by_id(self) -> dict[str, Event]:
        return {event.id: event for event in self.events}

    @cached_property
    def _quotes_by_id(self) -> dict[str, AnyQuote]:
        return {quote.id: quote for quote in self.quotes}

    def entity(self, entity_id: str) -> Entity:
        """Return the entity with this id.

        Raises:
            KeyError: no entity has this id.
        """
        return self._entities_by_id[entity_id]

    def event(self, event_id: str) -> Event:
        """Return the event with this id.

        Raises:
            KeyError: no event has this id.
        """
        return self._events_by_id[event_id]

    def quote(self, quote_id: str) -> AnyQuote:
        """Return the quote with this id.

        Raises:
            KeyError: no quote has this id.
        """
        return self._quotes_by_id[quote_id]

    def within(self, quote: AnyQuote) -> AnyQuote | None:
        """Return the quote enclosing ``quote`` (a nested attribution), if recorded."""
        return None if quote.within is None else self._quotes_by_id.get(quote.within)

    def get_entity(self, entity_id: str | None) -> Entity | None:
        """Return the entity with this id, or None when there is none (or the id is None)."""
        return None if entity_id is None else self._entities_by_id.get(entity_id)

    def speaker(self, quote: AnyQuote) -> Entity | None:
        """Return the entity that said ``quote``, or None for an unattributed quote."""
        return self.get_entity(quote.speaker)

    def via(self, quote: AnyQuote) -> list[Entity]:
        """Return the outlets ``quote`` passed through, nearest the speaker first."""
        return [self.entity(entity_id) for entity_id in quote.via]

    def quote_event(self, quote: AnyQuote) -> Event | None:
        """Return the event where ``quote`` was said, if recorded."""
        return None if quote.event is None else self._events_by_id.get(quote.event)

    def location(self, event: Event) -> Entity | None:
        """Return the place where ``event`` happened, if recorded."""
        return self.get_entity(event.location)

    def participants(self, event: Event) -> list[tuple[Entity, ParticipantRole]]:
        """Return the entities taking part in ``event`` with their roles."""
        return [(self.entity(p.entity), p.role) for p in event.participants]

    def publisher(self) -> Entity | None:
        """Return the publishing entity, if recorded."""
        return self.get_entity(self.article.publisher)

    def authors(self) -> list[Entity]:
        """Return the author entities in order."""
        return [self.entity(entity_id) for entity_id in self.article.authors]

    def text(self, span: Span) -> str:
        """Return the body text at ``span``."""
        return self.article.body[span.start : span.end]

    def quotes_by(self, entity_id: str) -> list[AnyQuote]:
        """Return the quotes whose speaker is ``entity_id``, in document order."""
        return [quote for quote in self.quotes if quote.speaker == entity_id]

    def iter_spans(self) -> Iterator[tuple[str, Span]]:
        """Yield every span in the document with its JSON pointer."""
        for i, entity in enumerate(self.entities):
            yield from _pointed(f"/entities/{i}/mentions", entity.mentions)
        for i, event in enumerate(self.events):
            yield from _pointed(f"/events/{i}/mentions", event.mentions)
        for i, quote in enumerate(self.quotes):
            yield f"/quotes/{i}/span", quote.span
            if quote.cue is not None:
                yield f"/quotes/{i}/cue", quote.cue
            yield from _pointed(f"/quotes/{i}/insertions", quote.insertions)
            yield from _pointed(f"/quotes/{i}/interruptions", quote.interruptions)


def _plain(value: Any) -> Any:
    # Models become dicts of their raw field values, so that the strict validator re-checks
    # everything: a model instance would be trusted as it is, and serialising one first could
    # crash on a bad value that model_copy(update=...) let in.
    if isinstance(value, BaseModel):
        fields = type(value).model_fields.items()
        raw = ((field.alias or name, getattr(value, name)) for name, field in fields)
        return {key: _plain(item) for key, item in raw if item is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _pointed(prefix: str, spans: Sequence[Span]) -> Iterator[tuple[str, Span]]:
    for j, span in enumerate(spans):
        yield f"{prefix}/{j}", span


attach_field_docstrings(
    sys.modules[__name__],
    [
        value
        for value in list(globals().values())
        if isinstance(value, type) and issubclass(value, BaseModel)
    ],
)
