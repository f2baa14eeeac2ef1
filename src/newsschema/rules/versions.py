"""NS6xx: the document declares the schema version its content follows."""

from __future__ import annotations

from itertools import chain, repeat
from operator import attrgetter, is_not
from typing import TYPE_CHECKING

from newsschema import _fast
from newsschema.codes import CodeDoc
from newsschema.findings import Severity
from newsschema.rules._base import Context, Plain, Rule, RuleFinding
from newsschema.rules._columns import columns

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from newsschema.models import Document, Entity, Event, Mention

__all__ = ["RULES", "features_of_1_1"]

_E = Severity.ERROR
_SHOWN = 3


def features_of_1_1(doc: Document) -> list[str]:
    """Return JSON pointers of everything in ``doc`` that schema 1.0 does not have, in order."""
    found: list[str] = []
    article = doc.article
    if article.headline is None:
        found.append("/article/headline")
    if article.image:
        found.append("/article/image")
    for i, entity in enumerate(doc.entities):
        if entity.kind == "work":
            found.append(f"/entities/{i}/kind")
        found.extend(
            f"/entities/{i}/{name}"
            for name in ("anonymous", "url", "image")
            if getattr(entity, name)
        )
        found.extend(
            f"/entities/{i}/mentions/{j}/{name}"
            for j, mention in enumerate(entity.mentions)
            for name in ("form", "imported")
            if getattr(mention, name) is not None
        )
    for i, event in enumerate(doc.events):
        found.extend(
            f"/events/{i}/mentions/{j}/{name}"
            for j, mention in enumerate(event.mentions)
            for name in ("form", "imported")
            if getattr(mention, name) is not None
        )
    for i, quote in enumerate(doc.quotes):
        found.extend(
            f"/quotes/{i}/{name}"
            for name in ("attribution", "interruptions", "within", "imported")
            if getattr(quote, name)
        )
    return found


def _may_use_1_1(doc: Document, ctx: Context | None = None) -> bool:
    """Fast test: False only when :func:`features_of_1_1` finds nothing (no pointers built).

    C-level ``any`` over each field (the mention forms from the shared columns when ``ctx``
    is given): the fields of 1.0 documents hold their defaults, so each scan runs to the end.
    """
    article = doc.article
    if article.headline is None or article.image:
        return True
    entities = doc.entities
    if entities:
        if "work" in map(_KIND, entities) or any(map(any, map(_ADDED, entities))):
            return True
        forms = columns(ctx).mention_forms if ctx is not None else map(_FORM, _mentions(entities))
        if any(map(is_not, forms, repeat(None))):
            return True
        if any(map(is_not, map(_IMPORTED, _mentions(entities)), repeat(None))):
            return True
    if doc.events:
        # Event mentions share the Mention model: form and imported are both 1.1.
        if any(map(is_not, map(_FORM, _mentions(doc.events)), repeat(None))):
            return True
        if any(map(is_not, map(_IMPORTED, _mentions(doc.events)), repeat(None))):
            return True
    return any(map(any, map(_QUOTE_ADDED, doc.quotes)))


_KIND = attrgetter("kind")
_FORM = attrgetter("form")
_MENTIONS = attrgetter("mentions")
# The entity and quote fields added in 1.1 (kind "work" and mention forms apart).
_ADDED = attrgetter("anonymous", "url", "image")
_QUOTE_ADDED = attrgetter("attribution", "interruptions", "within", "imported")
_IMPORTED = attrgetter("imported")


def _mentions(items: Sequence[Entity] | Sequence[Event]) -> Iterator[Mention]:
    """Every mention of ``items``, flat."""
    return chain.from_iterable(map(_MENTIONS, items))


def _declared(plain: Plain) -> bool:
    """Quiet test for NS601: a 1.1 document, or a 1.0 one that uses nothing of 1.1.

    The test of :func:`_may_use_1_1`, on plain data, by plain loops (each object read once).
    """
    if plain.data["schema_version"] != "1.0":
        return True
    article = plain.article
    if article["headline"] is None or article["image"]:
        return False
    for entity in plain.entities:
        if entity["kind"] == "work" or entity["anonymous"] or entity["url"] or entity["image"]:
            return False
        for mention in entity["mentions"]:
            if mention["form"] is not None or mention["imported"] is not None:
                return False
    # Event mentions share the Mention model: form and imported are both 1.1.
    for event in plain.events:
        for mention in event["mentions"]:
            if mention["form"] is not None or mention["imported"] is not None:
                return False
    for quote in plain.quotes:
        if quote["attribution"] or quote["interruptions"] or quote["within"] or quote["imported"]:
            return False
    return True


def _undeclared_1_1(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if doc.schema_version != "1.0":
        return
    if _fast.ENABLED and not _may_use_1_1(doc, ctx):
        return
    found = features_of_1_1(doc)
    if not found:
        return
    shown = ", ".join(found[:_SHOWN])
    if len(found) > _SHOWN:
        shown += f" and {len(found) - _SHOWN} more"
    yield RuleFinding(
        "/schema_version",
        f'the document declares schema_version "1.0" but uses schema 1.1 at {shown}; '
        'set schema_version to "1.1" (1.0 readers refuse these)',
    )


RULES = (
    Rule(
        CodeDoc(
            "NS601",
            "undeclared-1-1-content",
            _E,
            'A document declares schema_version "1.0" but uses fields or values added in 1.1.',
            "Readers of schema 1.0 refuse unknown fields and values (and a missing headline), so "
            "a document that uses 1.1 must say so; newsschema reads both versions.",
            '{"schema_version": "1.0", "quotes": [{"attribution": "belief", ...}]}',
            '{"schema_version": "1.1", "quotes": [{"attribution": "belief", ...}]}',
        ),
        _undeclared_1_1,
        _declared,
    ),
)
"""Version rules, in code order."""
