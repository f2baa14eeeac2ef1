"""NS2xx: ids are unique and every reference resolves to the right kind of thing."""

from __future__ import annotations

from itertools import chain, compress, repeat
from operator import ne
from typing import TYPE_CHECKING

from newsschema import _fast
from newsschema.codes import CodeDoc
from newsschema.findings import Severity
from newsschema.rules._base import Context, PassPart, Plain, Rule, RuleFinding
from newsschema.rules._columns import Columns, columns

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from newsschema.models import Document

__all__ = ["RULES"]

_E = Severity.ERROR
_ENTITY, _EVENT, _QUOTE = "entity", "event", "quote"


def _references(doc: Document) -> Iterator[tuple[str, str, tuple[str | int, ...], str]]:
    """Yield (id, field, location, target) for every reference; target is entity, event or quote.

    The location is the pointer's parts, joined only when a finding needs it.
    """
    article = doc.article
    if article.publisher is not None:
        yield article.publisher, "publisher", ("article", "publisher"), _ENTITY
    for k, author in enumerate(article.authors):
        yield author, "author", ("article", "authors", k), _ENTITY
    for i, event in enumerate(doc.events):
        if event.location is not None:
            yield event.location, "location", ("events", i, "location"), _ENTITY
        for k, participant in enumerate(event.participants):
            yield (
                participant.entity,
                "participant",
                ("events", i, "participants", k, "entity"),
                _ENTITY,
            )
    for i, quote in enumerate(doc.quotes):
        if quote.speaker is not None:
            yield quote.speaker, "speaker", ("quotes", i, "speaker"), _ENTITY
        for k, via in enumerate(quote.via):
            yield via, "via", ("quotes", i, "via", k), _ENTITY
        if quote.event is not None:
            yield quote.event, "event", ("quotes", i, "event"), _EVENT
        if quote.within is not None:
            yield quote.within, "within", ("quotes", i, "within"), _QUOTE


def _pointer(parts: tuple[str | int, ...]) -> str:
    return "".join(f"/{part}" for part in parts)


def _all_resolve(doc: Document, ctx: Context) -> bool:
    """Fast test: every reference names an entity (or event, quote) of an acceptable kind.

    Set operations over the shared columns; a document with a duplicated entity id (NS201's
    finding) is tested entity by entity, since the first of the duplicates decides the kind.
    """
    cols = columns(ctx)
    ids = cols.entity_ids
    known = set(ids)
    if len(known) != len(ids):
        return _all_resolve_by_entity(doc, ctx)
    return _resolves(cols, doc.article.publisher, doc.article.authors)


def _resolves(cols: Columns, publisher: str | None, authors: Sequence[str]) -> bool:
    """:func:`_all_resolve` for documents whose entity ids are all distinct.

    An optional reference (None where there is none) is tested against a set of ids that
    also holds None: no list of the references present need be built. A test whose
    references are all absent (no via, no within: usual) builds no set.
    """
    ids, kinds = cols.entity_ids, cols.entity_kinds
    # Entities that may speak, relay, publish or write: all but pure places (a gpe may speak).
    people: set[str | None] = set(compress(ids, map(ne, kinds, repeat("place"))))
    if publisher is not None and publisher not in people:
        return False
    if authors and not people.issuperset(authors):
        return False
    if cols.event_ids:
        places: set[str | None] = set(compress(ids, map(_LOCATABLE.__contains__, kinds)))
        places.add(None)
        if not places.issuperset(cols.event_locations):
            return False
        if not set(ids).issuperset(cols.participant_entities):
            return False
    if cols.quote_ids:
        people.add(None)
        if not people.issuperset(cols.speakers):
            return False
        if any(cols.vias):
            relays = set(compress(ids, map(_RELAYS.__contains__, kinds)))
            if not relays.issuperset(_flat(cols.vias)):
                return False
        events: set[str | None] = {None, *cols.event_ids}
        if not events.issuperset(cols.quote_events):
            return False
        withins = cols.withins
        if withins.count(None) != len(withins):
            quotes: set[str | None] = {None, *cols.quote_ids}
            if not quotes.issuperset(withins):
                return False
    return True


def _references_quiet(plain: Plain) -> bool:
    """Quiet test for NS202 and NS203: every reference resolves to an acceptable kind.

    A document whose entity ids repeat is left to the models (the first of the duplicates
    decides there, and NS201 reports them anyway).
    """
    return _references_of(plain)[0]


def _ids_unique(plain: Plain) -> bool:
    """Quiet test for NS201: no id is used twice."""
    return _references_of(plain)[1]


def _references_of(plain: Plain) -> tuple[bool, bool]:
    """The reference pass of ``plain``, run once for every reference rule."""
    found: tuple[bool, bool] = plain.shared("references", _plain_references)
    return found


def _plain_references(plain: Plain) -> tuple[bool, bool]:
    """(every reference resolves, every id is unique): :func:`_resolves` by plain loops.

    Each entity, event and quote is read once, for both; the sets are built by C-level
    calls over the ids and kinds read.
    """
    entities, events, quotes = plain.entities, plain.events, plain.quotes
    ids = [entity["id"] for entity in entities]
    kinds = [entity["kind"] for entity in entities]
    known = set(ids)
    if len(known) != len(ids):
        return False, False
    event_ids = [event["id"] for event in events]
    quote_ids = [quote["id"] for quote in quotes]
    every = [*ids, *event_ids, *quote_ids]
    unique = len(set(every)) == len(every)
    # Entities that may speak, relay, publish or write: all but pure places (a gpe may speak).
    # None in a set: no reference there.
    people: set[str | None] = set(compress(ids, map(ne, kinds, repeat("place"))))
    people.add(None)
    article = plain.article
    if article["publisher"] not in people or not people.issuperset(article["authors"]):
        return False, unique
    if events:
        places: set[str | None] = set(compress(ids, map(_LOCATABLE.__contains__, kinds)))
        places.add(None)
        for event in events:
            if event["location"] not in places:
                return False, unique
            for participant in event["participants"]:
                if participant["entity"] not in known:
                    return False, unique
    if quotes:
        relays = set(compress(ids, map(_RELAYS.__contains__, kinds)))
        event_set: set[str | None] = {None, *event_ids}
        for quote in quotes:
            if quote["speaker"] not in people or quote["event"] not in event_set:
                return False, unique
            if quote["via"] and not relays.issuperset(quote["via"]):
                return False, unique
            if quote["within"] is not None and quote["within"] not in quote_ids:
                return False, unique
    return True, unique


def _all_resolve_by_entity(doc: Document, ctx: Context) -> bool:
    """:func:`_all_resolve` for documents whose entity ids repeat (first occurrence wins)."""
    entities, events = ctx.entities, ctx.events
    places: set[str] = set()
    people: set[str] = set()
    relays: set[str] = set()
    for key, entity in entities.items():  # one pass, not three
        kind = entity.kind
        if kind != "place":
            people.add(key)
        if kind in _LOCATABLE:
            places.add(key)
        if kind in _RELAYS:
            relays.add(key)
    quote_ids = {quote.id for quote in doc.quotes}
    article = doc.article
    if article.publisher is not None and article.publisher not in people:
        return False
    if not people.issuperset(article.authors):
        return False
    for event in doc.events:
        if event.location is not None and event.location not in places:
            return False
        if not all(p.entity in entities for p in event.participants):
            return False
    for quote in doc.quotes:
        if quote.speaker is not None and quote.speaker not in people:
            return False
        if not relays.issuperset(quote.via):
            return False
        if quote.event is not None and quote.event not in events:
            return False
        if quote.within is not None and quote.within not in quote_ids:
            return False
    return True


_flat = chain.from_iterable


def _reference_problems(ctx: Context) -> dict[str, list[RuleFinding]]:
    """One pass over every reference for NS202 and NS203."""
    unknown: list[RuleFinding] = []
    wrong: list[RuleFinding] = []
    doc = ctx.document
    if _fast.ENABLED and _all_resolve(doc, ctx):
        return {"NS202": unknown, "NS203": wrong}
    entities, events = ctx.entities, ctx.events
    quote_ids = {quote.id for quote in doc.quotes}
    for ref, field, where, target in _references(doc):
        if target == _ENTITY:
            entity = entities.get(ref)
            if entity is not None:
                kind = entity.kind
                # A quote relayed by its own speaker is NS403's finding, not this one.
                if field == "via" and kind not in _RELAYS and ref != _speaker_of(doc, where):
                    wrong.append(RuleFinding(_pointer(where), _via_message(ref, kind)))
                elif field in _MUST_BE_PLACE and kind not in _LOCATABLE:
                    wrong.append(
                        RuleFinding(_pointer(where), f"{field} {ref!r} is a {kind}, not a place")
                    )
                elif kind == "place" and field in _NOT_A_PLACE:
                    wrong.append(
                        RuleFinding(
                            _pointer(where),
                            f"{field} {ref!r} is a place; a {field} cannot be a place (a country, "
                            'state or city acting as one is kind "gpe")',
                        )
                    )
                continue
        elif (target == _EVENT and ref in events) or (target == _QUOTE and ref in quote_ids):
            continue
        if ref in events or ref in entities or ref in quote_ids:
            found = "an event" if ref in events else ("an entity" if ref in entities else "a quote")
            article = "a" if target == _QUOTE else "an"
            wrong.append(
                RuleFinding(_pointer(where), f"{field} {ref!r} is {found}, not {article} {target}")
            )
        else:
            unknown.append(
                RuleFinding(
                    _pointer(where), f"{field} {ref!r} is not the id of anything in the document"
                )
            )
    return {"NS202": unknown, "NS203": wrong}


def _speaker_of(doc: Document, where: tuple[str | int, ...]) -> str | None:
    index = where[1]
    return doc.quotes[index].speaker if isinstance(index, int) else None


def _via_message(ref: str, kind: str) -> str:
    message = (
        f"via {ref!r} is a {kind}; via lists the outlets or organisations that relayed the quote"
    )
    if kind in ("person", "group"):
        # Real data: "X said that Y said Z" annotated as Z via X. That is a nested attribution.
        message += (
            f"; when {ref!r} reports what the speaker said, annotate {ref!r}'s own quote and "
            "point to it with within"
        )
    return message


def _duplicate_ids(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    cols = columns(ctx)
    ids = [*cols.entity_ids, *cols.event_ids, *cols.quote_ids]
    if len(set(ids)) == len(ids):
        return
    seen: dict[str, tuple[str, int]] = {}
    for section, items in (
        ("entities", doc.entities),
        ("events", doc.events),
        ("quotes", doc.quotes),
    ):
        for i, item in enumerate(items):
            first = seen.setdefault(item.id, (section, i))
            if first != (section, i):
                yield RuleFinding(
                    f"/{section}/{i}/id",
                    f"id {item.id!r} is already used by /{first[0]}/{first[1]}; ids are unique",
                )


_unknown_ids = PassPart("references", _reference_problems, "NS202")


_wrong_kind = PassPart("references", _reference_problems, "NS203")


# Reference fields that must name a place, and those that must not. A gpe (a country or city
# acting politically) is both a place and an actor.
_LOCATABLE = frozenset({"place", "gpe"})
_MUST_BE_PLACE = frozenset({"location"})
_NOT_A_PLACE = frozenset({"publisher", "author", "speaker"})
# Who may relay a quote (schema 1.1 made this explicit; a person relaying is a nested quote).
_RELAYS = frozenset({"outlet", "organization"})


RULES = (
    Rule(
        CodeDoc(
            "NS201",
            "duplicate-id",
            _E,
            "Two entities, events or quotes share an id.",
            "Entities, events and quotes share one id space in a document; a duplicated id "
            "makes every reference to it ambiguous.",
            '"entities": [{"id": "e1", ...}], "events": [{"id": "e1", ...}]',
            '"entities": [{"id": "e1", ...}], "events": [{"id": "ev1", ...}]',
        ),
        _duplicate_ids,
        _ids_unique,
    ),
    Rule(
        CodeDoc(
            "NS202",
            "unknown-id",
            _E,
            "A reference (speaker, via, participant, location, publisher, author, event, "
            "within) names an id that nothing in the document has.",
            "A dangling reference loses who said or did what; it is usually a typo or an "
            "entity deleted without its references.",
            '{"kind": "direct", "speaker": "e_lavorv", ...}',
            '{"kind": "direct", "speaker": "e_lavrov", ...}',
        ),
        _unknown_ids,
        _references_quiet,
    ),
    Rule(
        CodeDoc(
            "NS203",
            "wrong-kind",
            _E,
            "A reference names the wrong kind of thing: a location that is not a place or gpe; "
            "a speaker, publisher or author that is a place; a via that is not an outlet or "
            "organisation; a within that is not a quote; an event where an entity is expected "
            "or the other way round.",
            "Places do not speak or publish and events do not happen in people; such a "
            "reference is a mix-up of two ids or a mistyped entity kind. via is the chain of "
            "outlets that relayed a quote: a person in via is a nested attribution, annotated "
            "as the person's own quote that the nested one is within.",
            '{"location": "e_lavrov"} or {"speaker": "e_geneva"}',
            '{"location": "e_geneva"} or {"speaker": "e_lavrov"}',
        ),
        _wrong_kind,
        _references_quiet,
    ),
)
"""Reference rules, in code order."""
