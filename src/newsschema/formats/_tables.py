"""The table layout shared by the CSV and Parquet bundles: tables, columns, keys, and rows.

A document becomes long tables keyed by ids, one row per thing (article, entity, alias, mention,
event, participant, quote, outlet in a quote's chain, insertion, ...). Every row carries its
``article_id``; ids inside a document (entity, event, quote ids) are keys only together with it.
List order is kept in a ``position`` column (0, 1, 2, ... within the list), so a database that
forgets row order loses nothing.

Optional references (``publisher_id``, ``location_id``, ``speaker_id`` and the quote's
``event_id``) are not declared as Data Package foreign keys: Frictionless reports a composite key
with one empty part as a violation. The importer checks that they resolve (NS074).

Human columns (``human=True``) repeat, beside an id, what a reader needs without a join (the
speaker's name, the outlet names in order, the headline ...). They are derived from the document
on export and checked against the ids on import.

:data:`TABLES` is the single source of the layout: row building, the Data Package descriptor, the
Parquet schema and the declarative mapping file ``exporters/csv.toml`` (see :func:`mapping_toml`)
all come from it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from newsschema.formats._base import ExportError
from newsschema.formats._formula import FORMULA_PREFIX, FORMULA_TRIGGERS
from newsschema.models import SCHEMA_VERSION, SCHEMA_VERSIONS, Document, Mention, Span
from newsschema.types import (
    AttributionType,
    DateComponent,
    EntityKind,
    EventKind,
    MentionForm,
    ParticipantRole,
    QuoteKind,
    Realis,
)

__all__ = [
    "TABLES",
    "VIA_SEPARATOR",
    "VIA_SHOWN",
    "Column",
    "ForeignKey",
    "Table",
    "data_package",
    "document_rows",
    "event_date_label",
    "mapping_toml",
]

ColumnType = Literal["string", "integer", "datetime", "boolean"]

VIA_SEPARATOR = "; "
"""Joins the outlet names of a quote's chain in the human ``via_names`` column."""

VIA_SHOWN = 10
"""Outlet names the ``via_names`` cell shows before it counts the rest, as the HTML page does.

A chain may repeat one outlet 100,000 times; naming every entry would make the cell the chain's
length times the name's length, so the output would grow far beyond the input.
"""

BUNDLE_VERSION = "1"
"""Version of this table layout, recorded in ``datapackage.json``."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table.

    Attributes:
        name: Column name (the CSV header, the Parquet field).
        type: Table Schema type; ``datetime`` values are RFC 3339 text kept exactly;
            ``boolean`` cells are ``true`` or ``false``.
        source: Where the value comes from, in document terms (documentation).
        description: One line for the Data Package.
        field: Path of the value relative to the object the row builds (``span/start``), or
            ``""`` for key, position and human columns; locates import errors.
        required: The cell is never empty.
        enum: Allowed values, when the column is a controlled list.
        human: Derived for readers; checked against the ids on import.
        vocabulary: Where ``enum`` comes from (a ``Literal`` type or constant of the model), so
            that the mapping file names the controlled list instead of copying it.
        added_in: The schema version that added the column (``""``: there from the start). A
            bundle written before it may lack the column; its cells are then ``default``.
        default: The value of the column's cells in a bundle that lacks it.
    """

    name: str
    type: ColumnType
    source: str
    description: str
    field: str = ""
    required: bool = False
    enum: tuple[str, ...] = ()
    human: bool = False
    vocabulary: str = ""
    added_in: str = ""
    default: Any = None


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """Columns of a table that must match a key of another table."""

    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the bundle.

    Attributes:
        name: Table name; the file is ``<name>.csv`` or ``<name>.parquet``.
        row: What one row is.
        columns: The columns, in file order.
        primary_key: Columns that identify a row.
        foreign_keys: References to other tables.
        added_in: The schema version that added the table (``""``: there from the start); a
            bundle written before it may lack the table, which then has no rows.
    """

    name: str
    row: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    added_in: str = ""

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


def _article_id() -> Column:
    return Column(
        "article_id", "string", "article.id", "Id of the article the row belongs to.", required=True
    )


def _position(of: str) -> Column:
    return Column(
        "position", "integer", f"index in {of}", f"0-based position in {of}.", required=True
    )


def _owner(name: str, what: str) -> Column:
    return Column(name, "string", f"{what}.id", f"Id of the {what}.", required=True)


def _span(
    prefix: str, source: str, what: str, *, required: bool = True, text: bool = True
) -> tuple[Column, ...]:
    start, end = f"{prefix}start", f"{prefix}end"
    field = f"{source.rsplit('.', 1)[-1]}/" if prefix else ""
    columns = (
        Column(
            start,
            "integer",
            f"{source}.start",
            f"Code-point offset in the body where the {what} starts.",
            field=f"{field}start",
            required=required,
        ),
        Column(
            end,
            "integer",
            f"{source}.end",
            f"Code-point offset in the body one past the end of the {what}.",
            field=f"{field}end",
            required=required,
        ),
        Column(
            f"{prefix}text",
            "string",
            f"article.body[{start}:{end}]",
            f"The body text at the {what} (for readers; checked on import).",
            human=True,
        ),
    )
    return columns if text else columns[:2]


def _name_of(column: str, what: str) -> Column:
    return Column(
        column.replace("_id", "_name"),
        "string",
        f"entities[{column}].name",
        f"Name of the {what} (for readers; checked on import).",
        human=True,
    )


def _form(source: str) -> Column:
    return Column(
        "form",
        "string",
        source,
        "How the mention refers: name, nominal or pronoun (empty: not annotated; schema 1.1).",
        "form",
        enum=get_args(MentionForm),
        vocabulary="newsschema.types.MentionForm",
        added_in="1.1",
    )


def _entity_fk(column: str) -> ForeignKey:
    return ForeignKey(("article_id", column), "entities", ("article_id", "entity_id"))


_ARTICLE_FK = ForeignKey(("article_id",), "articles", ("article_id",))

TABLES: tuple[Table, ...] = (
    Table(
        "articles",
        "one row per article (document)",
        (
            Column("article_id", "string", "article.id", "Id of the article.", "id", required=True),
            Column(
                "schema_version",
                "string",
                "schema_version",
                "Schema version of the document.",
                required=True,
                enum=SCHEMA_VERSIONS,
                vocabulary="newsschema.types.SchemaVersion",
            ),
            Column(
                "headline",
                "string",
                "article.headline",
                "Headline as published (empty: none, as in research corpora; schema 1.1).",
                "headline",
            ),
            Column(
                "language",
                "string",
                "article.language",
                "BCP 47 language tag.",
                "language",
                required=True,
            ),
            Column("url", "string", "article.url", "Where it was published.", "url"),
            Column(
                "date_published",
                "datetime",
                "article.date_published",
                "When it was first published (RFC 3339).",
                "date_published",
            ),
            Column(
                "date_modified",
                "datetime",
                "article.date_modified",
                "When it was last changed (RFC 3339).",
                "date_modified",
            ),
            Column(
                "publisher_id",
                "string",
                "article.publisher",
                "Entity id of the publisher.",
                "publisher",
            ),
            _name_of("publisher_id", "publisher"),
            Column(
                "text_sha256",
                "string",
                "article.text_sha256",
                "SHA-256 of the UTF-8 body.",
                "text_sha256",
            ),
            Column(
                "body", "string", "article.body", "The exact article text.", "body", required=True
            ),
        ),
        ("article_id",),
    ),
    Table(
        "article_authors",
        "one row per author of an article",
        (
            _article_id(),
            _position("article.authors"),
            Column(
                "author_id",
                "string",
                "article.authors[]",
                "Entity id of the author.",
                required=True,
            ),
            _name_of("author_id", "author"),
        ),
        ("article_id", "position"),
        (_ARTICLE_FK, _entity_fk("author_id")),
    ),
    Table(
        "article_images",
        "one row per image of an article (schema 1.1)",
        (
            _article_id(),
            _position("article.image"),
            Column(
                "url",
                "string",
                "article.image[]",
                "URL of an image representing the article.",
                required=True,
            ),
        ),
        ("article_id", "position"),
        (_ARTICLE_FK,),
        added_in="1.1",
    ),
    Table(
        "entities",
        "one row per entity",
        (
            _article_id(),
            Column(
                "entity_id", "string", "entities[].id", "Id of the entity.", "id", required=True
            ),
            _position("entities"),
            Column(
                "kind",
                "string",
                "entities[].kind",
                "What the entity is.",
                "kind",
                required=True,
                enum=get_args(EntityKind),
                vocabulary="newsschema.types.EntityKind",
            ),
            Column("name", "string", "entities[].name", "Canonical name.", "name", required=True),
            Column(
                "anonymous",
                "boolean",
                "entities[].anonymous",
                "true for an unnamed source; the name is then its description (schema 1.1).",
                "anonymous",
                required=True,
                added_in="1.1",
                default=False,
            ),
            Column(
                "url",
                "string",
                "entities[].url",
                "The entity's own page (schema 1.1).",
                "url",
                added_in="1.1",
            ),
            Column(
                "image",
                "string",
                "entities[].image",
                "URL of a photo or logo of the entity (schema 1.1).",
                "image",
                added_in="1.1",
            ),
        ),
        ("article_id", "entity_id"),
        (_ARTICLE_FK,),
    ),
    Table(
        "entity_aliases",
        "one row per alias of an entity",
        (
            _article_id(),
            _owner("entity_id", "entity"),
            _position("entities[].aliases"),
            Column(
                "alias",
                "string",
                "entities[].aliases[]",
                "Another name the text uses.",
                required=True,
            ),
        ),
        ("article_id", "entity_id", "position"),
        (_entity_fk("entity_id"),),
    ),
    Table(
        "entity_same_as",
        "one row per same-as IRI of an entity",
        (
            _article_id(),
            _owner("entity_id", "entity"),
            _position("entities[].same_as"),
            Column(
                "iri",
                "string",
                "entities[].same_as[]",
                "IRI of the same thing elsewhere.",
                required=True,
            ),
        ),
        ("article_id", "entity_id", "position"),
        (_entity_fk("entity_id"),),
    ),
    Table(
        "entity_mentions",
        "one row per mention of an entity",
        (
            _article_id(),
            _owner("entity_id", "entity"),
            _position("entities[].mentions"),
            *_span("", "entities[].mentions[]", "mention"),
            _form("entities[].mentions[].form"),
        ),
        ("article_id", "entity_id", "position"),
        (_entity_fk("entity_id"),),
    ),
    Table(
        "events",
        "one row per event",
        (
            _article_id(),
            Column("event_id", "string", "events[].id", "Id of the event.", "id", required=True),
            _position("events"),
            Column(
                "kind",
                "string",
                "events[].kind",
                "What sort of event.",
                "kind",
                required=True,
                enum=get_args(EventKind),
                vocabulary="newsschema.types.EventKind",
            ),
            Column("name", "string", "events[].name", "Short label.", "name", required=True),
            Column(
                "realis",
                "string",
                "events[].realis",
                "Whether it happened.",
                "realis",
                required=True,
                enum=get_args(Realis),
                vocabulary="newsschema.types.Realis",
            ),
            Column(
                "date_start",
                "string",
                "events[].date.start",
                "ISO 8601 date at its precision (empty: no date).",
                "date/start",
            ),
            Column("date_end", "string", "events[].date.end", "Last day or end time.", "date/end"),
            Column(
                "location_id", "string", "events[].location", "Entity id of the place.", "location"
            ),
            _name_of("location_id", "place"),
            Column(
                "duration",
                "string",
                "events[].duration",
                "How long it lasted (ISO 8601).",
                "duration",
            ),
            Column(
                "planned_duration",
                "string",
                "events[].planned_duration",
                "How long it was scheduled to last.",
                "planned_duration",
            ),
        ),
        ("article_id", "event_id"),
        (_ARTICLE_FK,),
    ),
    Table(
        "event_date_inferred",
        "one row per inferred part of an event date",
        (
            _article_id(),
            _owner("event_id", "event"),
            _position("events[].date.inferred"),
            Column(
                "component",
                "string",
                "events[].date.inferred[]",
                "Part of the date the annotator inferred.",
                required=True,
                enum=get_args(DateComponent),
                vocabulary="newsschema.types.DateComponent",
            ),
        ),
        ("article_id", "event_id", "position"),
        (ForeignKey(("article_id", "event_id"), "events", ("article_id", "event_id")),),
    ),
    Table(
        "event_participants",
        "one row per participant of an event",
        (
            _article_id(),
            _owner("event_id", "event"),
            _position("events[].participants"),
            Column(
                "entity_id",
                "string",
                "events[].participants[].entity",
                "Entity id of the participant.",
                "entity",
                required=True,
            ),
            _name_of("entity_id", "participant"),
            Column(
                "role",
                "string",
                "events[].participants[].role",
                "How it takes part.",
                "role",
                required=True,
                enum=get_args(ParticipantRole),
                vocabulary="newsschema.types.ParticipantRole",
            ),
        ),
        ("article_id", "event_id", "position"),
        (
            ForeignKey(("article_id", "event_id"), "events", ("article_id", "event_id")),
            _entity_fk("entity_id"),
        ),
    ),
    Table(
        "event_mentions",
        "one row per mention of an event",
        (
            _article_id(),
            _owner("event_id", "event"),
            _position("events[].mentions"),
            *_span("", "events[].mentions[]", "mention"),
            _form("events[].mentions[].form"),
        ),
        ("article_id", "event_id", "position"),
        (ForeignKey(("article_id", "event_id"), "events", ("article_id", "event_id")),),
    ),
    Table(
        "quotes",
        "one row per quote",
        (
            _article_id(),
            Column("quote_id", "string", "quotes[].id", "Id of the quote.", "id", required=True),
            _position("quotes"),
            Column(
                "kind",
                "string",
                "quotes[].kind",
                "Quote kind.",
                "kind",
                required=True,
                enum=get_args(QuoteKind),
                vocabulary="newsschema.types.QuoteKind",
            ),
            Column(
                "speaker_id", "string", "quotes[].speaker", "Entity id of the speaker.", "speaker"
            ),
            _name_of("speaker_id", "speaker"),
            Column(
                "text",
                "string",
                "quotes[].text",
                "The quoted text (an empty cell is the empty text).",
                "text",
            ),
            Column(
                "via_names",
                "string",
                "entities[quote_outlets.outlet_id].name",
                f"Outlet names of the chain in order, joined by {VIA_SEPARATOR!r}; after "
                f"{VIA_SHOWN} names the rest are counted as '… (N more)' (for readers; checked "
                "on import).",
                human=True,
            ),
            Column(
                "event_id", "string", "quotes[].event", "Event id of where it was said.", "event"
            ),
            Column(
                "event_name",
                "string",
                "events[event_id].name",
                "Name of the event (for readers; checked on import).",
                human=True,
            ),
            Column(
                "event_date",
                "string",
                "events[event_id].date",
                "Date of the event, start or start/end (for readers; checked on import).",
                human=True,
            ),
            Column(
                "headline",
                "string",
                "article.headline",
                "Headline of the article (for readers; checked on import).",
                human=True,
            ),
            Column(
                "date_published",
                "datetime",
                "article.date_published",
                "Publication time of the article (for readers; checked on import).",
                human=True,
            ),
            *_span("span_", "quotes[].span", "quote", text=False),
            *_span("cue_", "quotes[].cue", "cue", required=False),
            Column(
                "attribution",
                "string",
                "quotes[].attribution",
                "What is attributed: speech, belief, knowledge or intention (empty: not "
                "annotated; schema 1.1).",
                "attribution",
                enum=get_args(AttributionType),
                vocabulary="newsschema.types.AttributionType",
                added_in="1.1",
            ),
            Column(
                "within_id",
                "string",
                "quotes[].within",
                "Quote id of the enclosing attribution of a nested one (schema 1.1).",
                "within",
                added_in="1.1",
            ),
        ),
        ("article_id", "quote_id"),
        (_ARTICLE_FK,),
    ),
    Table(
        "quote_outlets",
        "one row per outlet in a quote's chain (via), nearest the speaker first",
        (
            _article_id(),
            _owner("quote_id", "quote"),
            _position("quotes[].via"),
            Column(
                "outlet_id", "string", "quotes[].via[]", "Entity id of the outlet.", required=True
            ),
            Column(
                "outlet_name",
                "string",
                "entities[outlet_id].name",
                "Name of the outlet on its first row in the quote's chain, empty on its repeats "
                "there (for readers; checked on import).",
                human=True,
            ),
        ),
        ("article_id", "quote_id", "position"),
        (
            ForeignKey(("article_id", "quote_id"), "quotes", ("article_id", "quote_id")),
            _entity_fk("outlet_id"),
        ),
    ),
    Table(
        "quote_insertions",
        "one row per editorial insertion inside a quote",
        (
            _article_id(),
            _owner("quote_id", "quote"),
            _position("quotes[].insertions"),
            *_span("", "quotes[].insertions[]", "insertion"),
        ),
        ("article_id", "quote_id", "position"),
        (ForeignKey(("article_id", "quote_id"), "quotes", ("article_id", "quote_id")),),
    ),
    Table(
        "quote_interruptions",
        "one row per interruption inside a quote: words in its span that are not the "
        "source's, such as the attribution clause (schema 1.1)",
        (
            _article_id(),
            _owner("quote_id", "quote"),
            _position("quotes[].interruptions"),
            *_span("", "quotes[].interruptions[]", "interruption"),
        ),
        ("article_id", "quote_id", "position"),
        (ForeignKey(("article_id", "quote_id"), "quotes", ("article_id", "quote_id")),),
        added_in="1.1",
    ),
)
"""Every table of a bundle, in file order."""

TABLES_BY_NAME = {table.name: table for table in TABLES}


def event_date_label(start: str | None, end: str | None) -> str | None:
    """Return the human ``event_date``: the start, or ``start/end`` (an ISO 8601 interval)."""
    if start is None:
        return None
    return start if end is None else f"{start}/{end}"


def _span_cells(body: str, span: Span | None) -> tuple[int | None, int | None, str | None]:
    if span is None:
        return None, None, None
    return span.start, span.end, body[span.start : span.end]


Rows = dict[str, list[dict[str, Any]]]


def unique_articles(documents: Iterable[Document]) -> Iterator[Document]:
    """Yield ``documents`` in order, refusing a repeated article id (every row is keyed by it).

    Raises:
        ExportError: two documents share an article id.
    """
    seen: set[str] = set()
    for document in documents:
        if document.article.id in seen:
            raise ExportError(
                f"two documents have the article id {document.article.id!r}; every bundle "
                "row is keyed by it, so article ids must be unique"
            )
        seen.add(document.article.id)
        yield document


def document_rows(document: Document) -> Rows:
    """Return the rows of every table for one document (values are ``str``, ``int`` or None)."""
    doc = document
    art = doc.article
    aid = art.id
    body = art.body
    rows: Rows = {table.name: [] for table in TABLES}

    def name(entity_id: str | None) -> str | None:
        entity = doc.get_entity(entity_id)
        return None if entity is None else entity.name

    published = None if art.date_published is None else _rfc3339(doc, "date_published")
    rows["articles"].append(
        {
            "article_id": aid,
            "schema_version": doc.schema_version,
            "headline": art.headline,
            "language": art.language,
            "url": art.url,
            "date_published": published,
            "date_modified": None if art.date_modified is None else _rfc3339(doc, "date_modified"),
            "publisher_id": art.publisher,
            "publisher_name": name(art.publisher),
            "text_sha256": art.text_sha256,
            "body": body,
        }
    )
    for i, author in enumerate(art.authors):
        rows["article_authors"].append(
            {"article_id": aid, "position": i, "author_id": author, "author_name": name(author)}
        )
    for i, image in enumerate(art.image):
        rows["article_images"].append({"article_id": aid, "position": i, "url": image})
    for i, entity in enumerate(doc.entities):
        key = {"article_id": aid, "entity_id": entity.id}
        rows["entities"].append(
            {
                **key,
                "position": i,
                "kind": entity.kind,
                "name": entity.name,
                "anonymous": entity.anonymous,
                "url": entity.url,
                "image": entity.image,
            }
        )
        for j, alias in enumerate(entity.aliases):
            rows["entity_aliases"].append({**key, "position": j, "alias": alias})
        for j, iri in enumerate(entity.same_as):
            rows["entity_same_as"].append({**key, "position": j, "iri": iri})
        rows["entity_mentions"].extend(_mention_rows(key, body, entity.mentions))
    for i, event in enumerate(doc.events):
        key = {"article_id": aid, "event_id": event.id}
        date = event.date
        rows["events"].append(
            {
                **key,
                "position": i,
                "kind": event.kind,
                "name": event.name,
                "realis": event.realis,
                "date_start": None if date is None else date.start,
                "date_end": None if date is None else date.end,
                "location_id": event.location,
                "location_name": name(event.location),
                "duration": event.duration,
                "planned_duration": event.planned_duration,
            }
        )
        for j, component in enumerate([] if date is None else date.inferred):
            rows["event_date_inferred"].append({**key, "position": j, "component": component})
        for j, participant in enumerate(event.participants):
            rows["event_participants"].append(
                {
                    **key,
                    "position": j,
                    "entity_id": participant.entity,
                    "entity_name": name(participant.entity),
                    "role": participant.role,
                }
            )
        rows["event_mentions"].extend(_mention_rows(key, body, event.mentions))
    for i, quote in enumerate(doc.quotes):
        key = {"article_id": aid, "quote_id": quote.id}
        said_at = doc.quote_event(quote)
        span_start, span_end, _ = _span_cells(body, quote.span)
        cue_start, cue_end, cue_text = _span_cells(body, quote.cue)
        rows["quotes"].append(
            {
                **key,
                "position": i,
                "kind": quote.kind,
                "speaker_id": quote.speaker,
                "speaker_name": name(quote.speaker),
                "text": quote.text,
                "via_names": via_label([name(outlet) for outlet in quote.via]),
                "event_id": quote.event,
                "event_name": None if said_at is None else said_at.name,
                "event_date": None
                if said_at is None or said_at.date is None
                else event_date_label(said_at.date.start, said_at.date.end),
                "headline": art.headline,
                "date_published": published,
                "span_start": span_start,
                "span_end": span_end,
                "cue_start": cue_start,
                "cue_end": cue_end,
                "cue_text": cue_text,
                "attribution": quote.attribution,
                "within_id": quote.within,
            }
        )
        # A repeated outlet's name is written once per chain: repeating it on every row would
        # make the table the chain's length times the name's length.
        named: set[str] = set()
        for j, outlet in enumerate(quote.via):
            rows["quote_outlets"].append(
                {
                    **key,
                    "position": j,
                    "outlet_id": outlet,
                    "outlet_name": None if outlet in named else name(outlet),
                }
            )
            named.add(outlet)
        rows["quote_insertions"].extend(_mention_rows(key, body, quote.insertions))
        rows["quote_interruptions"].extend(_mention_rows(key, body, quote.interruptions))
    return rows


def via_label(names: Sequence[str | None]) -> str | None:
    """Return the human ``via_names`` cell for the outlet names of a chain (None when empty).

    The first :data:`VIA_SHOWN` names are joined by :data:`VIA_SEPARATOR`; the rest are counted
    in the wording of the HTML page, e.g. ``A; B; …; J; … (5 more)``.
    """
    if not names:
        return None
    shown = VIA_SEPARATOR.join(name or "" for name in names[:VIA_SHOWN])
    more = len(names) - VIA_SHOWN
    return f"{shown}{VIA_SEPARATOR}… ({more} more)" if more > 0 else shown


def _rfc3339(document: Document, field: str) -> str:
    # The canonical JSON form of the timestamp (offset kept as written).
    value = document.article.model_dump(mode="json", include={field})[field]
    return str(value)


def _mention_rows(
    key: dict[str, Any], body: str, spans: Sequence[Span]
) -> Iterator[dict[str, Any]]:
    for j, span in enumerate(spans):
        row = {
            **key,
            "position": j,
            "start": span.start,
            "end": span.end,
            "text": body[span.start : span.end],
        }
        if isinstance(span, Mention):  # only mention tables have the form column
            row["form"] = span.form
        yield row


def data_package(
    *,
    extension: str,
    media_type: str,
    encoding: str | None = None,
    parts: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    """Return the Frictionless Data Package descriptor of a bundle.

    Args:
        extension: File extension of the tables (``csv`` or ``parquet``); also the resource
            ``format``, which names the importer.
        media_type: Media type of the table files.
        encoding: Text encoding of the files, for text formats.
        parts: The files of each table when it is written in parts (read in order); by
            default each table is the one file ``<table>.<extension>``.
    """
    resources = []
    for table in TABLES:
        fields = []
        for column in table.columns:
            field: dict[str, Any] = {
                "name": column.name,
                "type": column.type,
                "description": column.description,
            }
            constraints: dict[str, Any] = {}
            if column.required:
                constraints["required"] = True
            if column.enum:
                constraints["enum"] = list(column.enum)
            if column.type == "integer":
                constraints["minimum"] = 0
            if column.type == "boolean":
                field["trueValues"] = ["true"]
                field["falseValues"] = ["false"]
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        schema: dict[str, Any] = {
            "fields": fields,
            "primaryKey": list(table.primary_key),
            "missingValues": [""],
        }
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": list(fk.fields),
                    "reference": {"resource": fk.table, "fields": list(fk.reference)},
                }
                for fk in table.foreign_keys
            ]
        resource: dict[str, Any] = {
            "name": table.name,
            "path": parts[table.name] if parts else f"{table.name}.{extension}",
            "profile": "tabular-data-resource",
            "format": extension,
            "mediatype": media_type,
            "description": table.row,
        }
        if encoding is not None:
            resource["encoding"] = encoding
        resource["schema"] = schema
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "newsschema-bundle",
        "title": "Annotated news articles as tables",
        "newsschema": {"schema_version": SCHEMA_VERSION, "bundle_version": BUNDLE_VERSION},
        "resources": resources,
    }


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(type(value))


def mapping_toml() -> str:
    """Render the declarative column mapping (``exporters/csv.toml``) from :data:`TABLES`."""
    lines = [
        "# Column mapping of the CSV and Parquet bundles: which document value goes to which",
        "# column of which table. Generated from newsschema.formats._tables.TABLES; a test keeps",
        "# it in sync. `source` is a path in the document (`[]` walks a list, `[x]` looks up the",
        "# entity or event whose id is in column x); `human` columns are derived for readers and",
        "# checked on import; `values_from` names the controlled list of the model that a",
        "# column's values come from (the lists themselves are in each datapackage.json);",
        "# `added_in` names the schema version that added a table or column: a bundle written",
        "# before it may lack them (an absent table has no rows, an absent column its default).",
        "",
        f'bundle_version = "{BUNDLE_VERSION}"',
        f"via_separator = {_toml_value(VIA_SEPARATOR)}",
        f"formula_prefix = {_toml_value(FORMULA_PREFIX)}",
        f"formula_triggers = {_toml_value(FORMULA_TRIGGERS)}",
    ]
    for table in TABLES:
        lines += [
            "",
            "[[tables]]",
            f"name = {_toml_value(table.name)}",
            f"row = {_toml_value(table.row)}",
            f"primary_key = {_toml_value(table.primary_key)}",
        ]
        if table.added_in:
            lines.append(f"added_in = {_toml_value(table.added_in)}")
        for fk in table.foreign_keys:
            lines += [
                "",
                "[[tables.foreign_keys]]",
                f"fields = {_toml_value(fk.fields)}",
                f"table = {_toml_value(fk.table)}",
                f"reference = {_toml_value(fk.reference)}",
            ]
        for column in table.columns:
            lines += [
                "",
                "[[tables.columns]]",
                f"name = {_toml_value(column.name)}",
                f"type = {_toml_value(column.type)}",
                f"source = {_toml_value(column.source)}",
                f"description = {_toml_value(column.description)}",
                f"required = {_toml_value(column.required)}",
                f"human = {_toml_value(column.human)}",
            ]
            if column.vocabulary:
                lines.append(f"values_from = {_toml_value(column.vocabulary)}")
            if column.added_in:
                lines.append(f"added_in = {_toml_value(column.added_in)}")
    return "\n".join(lines) + "\n"
