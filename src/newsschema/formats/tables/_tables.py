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
Parquet schema and the declarative mapping file ``exporters/csv.toml`` all come from it. Each
table names the list its rows come from (``rows_from``) and each column knows how to read its
cell (:meth:`Column.getter`: the model attribute at its ``field``, or its own ``get``), so the row
writer (:mod:`._tables_write`) has no column names of its own. The descriptor and the mapping
file are written by :mod:`._tables_descriptor`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any, Literal, TypeVar, get_args

from newsschema.formats._model_json import article_timestamps
from newsschema.models import SCHEMA_VERSIONS, Document
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
    "BUNDLE_VERSION",
    "TABLES",
    "TABLES_BY_NAME",
    "VIA_SEPARATOR",
    "VIA_SHOWN",
    "Column",
    "Cursor",
    "ForeignKey",
    "Getter",
    "Table",
    "event_date_label",
    "via_label",
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


class Cursor:
    """Where the cells of a row are read from; one cursor walks every row of one document.

    A table's walk (:meth:`Table.walk`) points the cursor at each of its rows in turn, and each
    column's getter reads its cell from it.

    Attributes:
        document: The document.
        article: Its article.
        article_id: The article's id (every row's key).
        body: The article body (span texts are cut from it).
        names: Entity names by id (human columns); a repeated id names its last entity.
        published: The canonical text of ``article.date_published`` (or None).
        modified: The canonical text of ``article.date_modified`` (or None).
        owner: The object whose list holds the row's item (the entity of an alias), if any.
        position: The item's 0-based position in its list.
        item: What the row is: a model object, or a list member (an id, an alias).
        repeat: Whether the item repeats an earlier member of its list (tables with
            ``repeats``).
    """

    __slots__ = (
        "article",
        "article_id",
        "body",
        "document",
        "item",
        "modified",
        "names",
        "owner",
        "position",
        "published",
        "repeat",
    )

    def __init__(self, document: Document) -> None:
        self.document = document
        self.article = document.article
        self.article_id = self.article.id
        self.body = self.article.body
        self.names = {entity.id: entity.name for entity in document.entities}
        self.published, self.modified = article_timestamps(self.article)
        self.owner: Any = None
        self.position = 0
        self.item: Any = None
        self.repeat = False


Getter = Callable[[Cursor], Any]
"""Reads one cell from a :class:`Cursor`."""


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
        get: How to read the cell when it is not the model attribute at ``field``: a dotted
            path on the :class:`Cursor` (``owner.id``, ``published``) or a function of it
            (human columns).
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
    get: str | Getter | None = None

    def reads(self) -> str | Getter:
        """Return how the cell is read: a dotted path on the :class:`Cursor`, or a function.

        A column with a ``field`` and no ``get`` reads the model attribute at its field, on the
        row's item (``item.span.start``); an absent object on the way gives None.
        """
        if self.get is not None:
            return self.get
        if not self.field:
            raise ValueError(f"column {self.name} has neither a field nor a getter")
        return "item." + self.field.replace("/", ".")


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
        rows_from: Where the rows come from, in document terms: ``article`` (one row),
            ``quotes[]`` (one per quote) or ``quotes[].via[]`` (one per member of each quote's
            list); the walk sets the cursor's ``owner``, ``position`` and ``item``.
        repeats: The walk tells each item whether it repeats an earlier member of its list.
    """

    name: str
    row: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    added_in: str = ""
    rows_from: str = ""
    repeats: bool = False

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def rows(self, cursor: Cursor, read: Callable[[Cursor], _Row]) -> list[_Row]:
        """Point ``cursor`` at each row of the table in turn and return what ``read`` gives."""
        return _walker(self.rows_from, repeats=self.repeats)(cursor, read)


def _optional(path: str) -> Callable[[Any], Any]:
    """Read a dotted attribute path; an absent object on the way (None) gives None."""
    names = path.split(".")

    def read(value: Any) -> Any:
        for name in names:
            if value is None:
                return None
            value = getattr(value, name)
        return value

    return read


_Row = TypeVar("_Row")


@cache
def _walker(
    path: str, *, repeats: bool
) -> Callable[[Cursor, Callable[[Cursor], _Row]], list[_Row]]:
    """Return the walk of the rows at ``path`` (see :attr:`Table.rows_from`)."""
    if "[]" not in path:
        single = _optional(path)

        def one(cursor: Cursor, read: Callable[[Cursor], _Row]) -> list[_Row]:
            cursor.owner, cursor.position, cursor.item = None, 0, single(cursor.document)
            return [read(cursor)]

        return one
    head, _, rest = path.partition("[]")
    outer = _optional(head)
    if not rest:

        def each(cursor: Cursor, read: Callable[[Cursor], _Row]) -> list[_Row]:
            cursor.owner = None
            rows = []
            for position, item in enumerate(outer(cursor.document) or ()):
                cursor.position, cursor.item = position, item
                rows.append(read(cursor))
            return rows

        return each
    inner = _optional(rest.strip(".").removesuffix("[]"))

    def nested(cursor: Cursor, read: Callable[[Cursor], _Row]) -> list[_Row]:
        rows = []
        for owner in outer(cursor.document) or ():
            cursor.owner = owner
            seen: set[Any] = set()
            for position, item in enumerate(inner(owner) or ()):
                cursor.position, cursor.item = position, item
                if repeats:
                    cursor.repeat = item in seen
                    seen.add(item)
                rows.append(read(cursor))
        return rows

    return nested


_ITEM = "item"


def _article_id() -> Column:
    return Column(
        "article_id",
        "string",
        "article.id",
        "Id of the article the row belongs to.",
        required=True,
        get="article_id",
    )


def _position(of: str) -> Column:
    return Column(
        "position",
        "integer",
        f"index in {of}",
        f"0-based position in {of}.",
        required=True,
        get="position",
    )


def _owner(name: str, what: str) -> Column:
    return Column(
        name,
        "string",
        f"{what}.id",
        f"Id of the {what}.",
        required=True,
        get="owner.id",
    )


def _span_text(source: str) -> Getter:
    """Read the body text at the row's span (the item) or at its item's span ``source``."""
    if not source:
        return lambda cursor: cursor.body[cursor.item.start : cursor.item.end]
    span_of = attrgetter(f"item.{source}")

    def text(cursor: Cursor) -> str | None:
        span = span_of(cursor)
        return None if span is None else cursor.body[span.start : span.end]

    return text


def _name_getter(of: str) -> Getter:
    """Read the name of the entity whose id is the item's attribute ``of`` (or the item)."""
    entity_id = attrgetter(f"item.{of}" if of else "item")
    return lambda cursor: cursor.names.get(entity_id(cursor))


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
            get=_span_text(field.rstrip("/")),
        ),
    )
    return columns if text else columns[:2]


def _name_of(column: str, what: str, of: str) -> Column:
    return Column(
        column.replace("_id", "_name"),
        "string",
        f"entities[{column}].name",
        f"Name of the {what} (for readers; checked on import).",
        human=True,
        get=_name_getter(of),
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


def _via_names(cursor: Cursor) -> str | None:
    names = cursor.names
    return via_label([names.get(outlet) for outlet in cursor.item.via])


def _event_name(cursor: Cursor) -> str | None:
    event = cursor.document.quote_event(cursor.item)
    return None if event is None else event.name


def _event_date(cursor: Cursor) -> str | None:
    event = cursor.document.quote_event(cursor.item)
    if event is None or event.date is None:
        return None
    return event_date_label(event.date.start, event.date.end)


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
                get="document.schema_version",
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
                get="published",  # the canonical text, offset as written
            ),
            Column(
                "date_modified",
                "datetime",
                "article.date_modified",
                "When it was last changed (RFC 3339).",
                "date_modified",
                get="modified",
            ),
            Column(
                "publisher_id",
                "string",
                "article.publisher",
                "Entity id of the publisher.",
                "publisher",
            ),
            _name_of("publisher_id", "publisher", "publisher"),
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
        rows_from="article",
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
                get=_ITEM,
            ),
            _name_of("author_id", "author", ""),
        ),
        ("article_id", "position"),
        (_ARTICLE_FK, _entity_fk("author_id")),
        rows_from="article.authors[]",
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
                get=_ITEM,
            ),
        ),
        ("article_id", "position"),
        (_ARTICLE_FK,),
        added_in="1.1",
        rows_from="article.image[]",
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
        rows_from="entities[]",
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
                get=_ITEM,
            ),
        ),
        ("article_id", "entity_id", "position"),
        (_entity_fk("entity_id"),),
        rows_from="entities[].aliases[]",
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
                get=_ITEM,
            ),
        ),
        ("article_id", "entity_id", "position"),
        (_entity_fk("entity_id"),),
        rows_from="entities[].same_as[]",
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
        rows_from="entities[].mentions[]",
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
            _name_of("location_id", "place", "location"),
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
        rows_from="events[]",
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
                get=_ITEM,
            ),
        ),
        ("article_id", "event_id", "position"),
        (ForeignKey(("article_id", "event_id"), "events", ("article_id", "event_id")),),
        rows_from="events[].date.inferred[]",
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
            _name_of("entity_id", "participant", "entity"),
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
        rows_from="events[].participants[]",
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
        rows_from="events[].mentions[]",
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
            _name_of("speaker_id", "speaker", "speaker"),
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
                get=_via_names,
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
                get=_event_name,
            ),
            Column(
                "event_date",
                "string",
                "events[event_id].date",
                "Date of the event, start or start/end (for readers; checked on import).",
                human=True,
                get=_event_date,
            ),
            Column(
                "headline",
                "string",
                "article.headline",
                "Headline of the article (for readers; checked on import).",
                human=True,
                get="article.headline",
            ),
            Column(
                "date_published",
                "datetime",
                "article.date_published",
                "Publication time of the article (for readers; checked on import).",
                human=True,
                get="published",
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
        rows_from="quotes[]",
    ),
    Table(
        "quote_outlets",
        "one row per outlet in a quote's chain (via), nearest the speaker first",
        (
            _article_id(),
            _owner("quote_id", "quote"),
            _position("quotes[].via"),
            Column(
                "outlet_id",
                "string",
                "quotes[].via[]",
                "Entity id of the outlet.",
                required=True,
                get=_ITEM,
            ),
            Column(
                "outlet_name",
                "string",
                "entities[outlet_id].name",
                "Name of the outlet on its first row in the quote's chain, empty on its repeats "
                "there (for readers; checked on import).",
                human=True,
                # A repeated outlet's name is written once per chain: repeating it on every row
                # would make the table the chain's length times the name's length.
                get=lambda cursor: None if cursor.repeat else cursor.names.get(cursor.item),
            ),
        ),
        ("article_id", "quote_id", "position"),
        (
            ForeignKey(("article_id", "quote_id"), "quotes", ("article_id", "quote_id")),
            _entity_fk("outlet_id"),
        ),
        rows_from="quotes[].via[]",
        repeats=True,
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
        rows_from="quotes[].insertions[]",
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
        rows_from="quotes[].interruptions[]",
    ),
)
"""Every table of a bundle, in file order."""

TABLES_BY_NAME = {table.name: table for table in TABLES}


def event_date_label(start: str | None, end: str | None) -> str | None:
    """Return the human ``event_date``: the start, or ``start/end`` (an ISO 8601 interval)."""
    if start is None:
        return None
    return start if end is None else f"{start}/{end}"


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
