"""Extracted quotes (``--to/--from quotes``): an article and its quotes, one record per line.

The shape a quote extractor or a language model is asked to write (its JSON Schema is
``schema/quotes.schema.json``, from :mod:`newsschema.quote_records`)::

    {"article": {"id": "a1", "body": "...", "language": "en"},
     "quotes": [{"text": "We will win", "speaker": "Lavrov", "cue": "said",
                 "kind": "direct", "start": 10, "end": 21, "confidence": 0.9}]}

Only a quote's ``text`` is required. Reading anchors every text in the body
(:mod:`newsschema.formats.anchoring`, as tolerant as ``--anchor`` allows), verifies given
offsets in any unit, links speaker names to entities with mentions and reports what it found
with the ``NS09x`` codes. Writing gives each quote its text, speaker name, cue text, kind,
attribution and code point offsets; the extractor's ``confidence`` has no place in the
canonical document and is not kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import ValidationError

from newsschema.formats._base import Format, GivenOptions
from newsschema.formats._export_options import NoOptions
from newsschema.formats.quotes._quote_build import GivenQuote
from newsschema.formats.quotes._quote_read import Parsed, read_file, read_records
from newsschema.loader import Loaded
from newsschema.models import Document
from newsschema.quote_records import QuoteRecord

__all__ = ["QUOTES", "dump_record"]

_ARTICLE_FIELDS = ("language", "headline", "url", "date_published", "date_modified")


def _parse(value: Any, stem: str, index: int) -> Parsed:
    try:
        record = QuoteRecord.model_validate(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        pointer = "".join(f"/{part}" for part in error["loc"])
        return f"{pointer or '/'}: {error['msg']} (not a quotes record)"
    article = record.article.model_dump(exclude_none=True)
    quotes = [
        GivenQuote(
            pointer=f"/quotes/{i}",
            text=quote.text,
            start=quote.start,
            end=quote.end,
            speaker=quote.speaker,
            cue=quote.cue,
            kind=quote.kind,
            attribution=quote.attribution,
        )
        for i, quote in enumerate(record.quotes)
    ]
    return article, quotes


def dump_record(document: Document) -> dict[str, Any]:
    """Return the ``quotes`` record of one document (offsets in code points)."""
    article = document.article
    head: dict[str, Any] = {"id": article.id, "body": article.body}
    for name in _ARTICLE_FIELDS:
        value = getattr(article, name)
        if value is not None:
            head[name] = value
    quotes = []
    for quote in sorted(document.quotes, key=lambda q: (q.span.start, q.span.end)):
        item: dict[str, Any] = {"text": quote.text}
        speaker = document.speaker(quote)
        if speaker is not None:
            item["speaker"] = speaker.name
        if quote.cue is not None:
            item["cue"] = document.text(quote.cue)
        item["kind"] = quote.kind
        if quote.attribution is not None:
            item["attribution"] = quote.attribution
        item["start"] = quote.span.start
        item["end"] = quote.span.end
        quotes.append(item)
    return {"article": head, "quotes": quotes}


class _Quotes(Format):
    layout: Literal["stream"] = "stream"

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        NoOptions.of(options)  # it takes none: a name given is refused
        return orjson.dumps(dump_record(document)) + b"\n"

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        yield from read_file(path, options, _parse)

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        yield from read_records(data, name, Path(name).stem or "doc", options, _parse)


QUOTES = _Quotes(
    "quotes",
    "Extracted quotes: article and quotes, JSON Lines (anchored on import)",
    suffix=".jsonl",
)
