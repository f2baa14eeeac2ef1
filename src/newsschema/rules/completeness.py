"""NS5xx: warnings about annotations that are probably incomplete."""

from __future__ import annotations

from itertools import compress
from operator import not_
from typing import TYPE_CHECKING

from newsschema import _fast
from newsschema.codes import CodeDoc
from newsschema.findings import Severity
from newsschema.rules._base import Context, Plain, Rule, RuleFinding
from newsschema.rules._columns import columns

if TYPE_CHECKING:
    from collections.abc import Iterator

    from newsschema.models import Document

__all__ = ["RULES"]

_W = Severity.WARNING


def _never_mentioned(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    # The publisher and the authors belong to the article's metadata, not its text.
    metadata = set(doc.article.authors)
    if doc.article.publisher is not None:
        metadata.add(doc.article.publisher)
    if _fast.ENABLED and metadata.issuperset(_unmentioned(ctx)):
        return
    for i, entity in enumerate(doc.entities):
        if not entity.mentions and entity.id not in metadata:
            yield RuleFinding(
                f"/entities/{i}/mentions", f"entity {entity.id!r} is never mentioned in the text"
            )


def _all_mentioned(plain: Plain) -> bool:
    """Quiet test for NS501: every entity without mentions is the publisher or an author."""
    unmentioned = _plain_unmentioned(plain)
    if not unmentioned:
        return True  # usual
    article = plain.article
    metadata = set(article["authors"])
    if article["publisher"] is not None:
        metadata.add(article["publisher"])
    return metadata.issuperset(unmentioned)


def _speakers_mentioned(plain: Plain) -> bool:
    """Quiet test for NS502: no entity without mentions speaks."""
    unmentioned = _plain_unmentioned(plain)
    if not unmentioned:
        return True  # usual
    return set(unmentioned).isdisjoint(quote["speaker"] for quote in plain.quotes)


def _plain_unmentioned(plain: Plain) -> list[str]:
    """:func:`_unmentioned` by a plain loop."""
    return [entity["id"] for entity in plain.entities if not entity["mentions"]]


def _has_headline(plain: Plain) -> bool:
    """Quiet test for NS503."""
    return plain.article["headline"] is not None


def _unmentioned(ctx: Context | Plain) -> list[str]:
    """Ids of the entities without mentions (every one of them, duplicates included)."""
    cols = columns(ctx)
    return list(compress(cols.entity_ids, map(not_, cols.entity_mentions)))


def _silent_speaker(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    # Fast test: no entity without mentions speaks (a superset of the speakers checked below).
    if _fast.ENABLED and set(_unmentioned(ctx)).isdisjoint(columns(ctx).speakers):
        return
    entities = ctx.entities
    for i, quote in enumerate(doc.quotes):
        if quote.kind != "direct" or quote.speaker is None:
            continue
        speaker = entities.get(quote.speaker)
        if speaker is not None and not speaker.mentions:
            yield RuleFinding(
                f"/quotes/{i}/speaker",
                f"the speaker {speaker.id!r} of this direct quote is never mentioned in the text",
            )


def _no_headline(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if doc.article.headline is None:
        yield RuleFinding(
            "/article",
            "the article has no headline; exports to schema.org and HTML publish none (Google "
            "requires one for an Article), so add it when the article has one",
        )


RULES = (
    Rule(
        CodeDoc(
            "NS501",
            "entity-never-mentioned",
            _W,
            "An entity has no mentions (the publisher and the authors are exempt).",
            "Entities are annotated because the text names them; one without mentions was "
            "left unfinished or belongs to another article.",
            '{"id": "e_geneva", "kind": "place", "name": "Geneva", "mentions": []}',
            '{"id": "e_geneva", "kind": "place", "name": "Geneva", "mentions": [{"start": 30, '
            '"end": 36}]}',
        ),
        _never_mentioned,
        _all_mentioned,
    ),
    Rule(
        CodeDoc(
            "NS502",
            "speaker-never-mentioned",
            _W,
            "The speaker of a direct quote is never mentioned in the text.",
            "A reader learns who speaks from the text; a speaker without mentions usually means "
            "the attribution in the text was not annotated.",
            '{"kind": "direct", "speaker": "e_lavrov"} with e_lavrov "mentions": []',
            '{"kind": "direct", "speaker": "e_lavrov"} with e_lavrov "mentions": [<"Lavrov said">]',
        ),
        _silent_speaker,
        _speakers_mentioned,
    ),
    Rule(
        CodeDoc(
            "NS503",
            "no-headline",
            _W,
            "The article has no headline.",
            "Since schema 1.1 the headline is optional, because research corpora keep none; "
            "but a published article has one, and schema.org, Google's Article check and the "
            "HTML page need it.",
            '{"article": {"id": "a1", "body": "...", "language": "en"}}',
            '{"article": {"id": "a1", "headline": "Lavrov expects proposals", "body": "...", '
            '"language": "en"}}',
        ),
        _no_headline,
        _has_headline,
    ),
)
"""Completeness rules, in code order."""
