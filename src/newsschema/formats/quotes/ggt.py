"""Gender Gap Tracker quotes (``--from ggt``): an article's text and its extracted quote records.

The Gender Gap Tracker's quote extractor writes, per article, a list of records ``{"speaker",
"speaker_index": "(s,e)", "quote", "quote_index": "(s,e)", "verb", "verb_index", "quote_type",
"is_floating_quote"}`` with character offsets into the article's (pre-processed) text, which it
keeps apart. This importer reads the two together: ``{"text": ..., "quotes": [records]}`` (or
``"body"`` for the text, ``"quotesUpdated"`` for the records, as its human annotations name
them), one object per file, an array, or one per line. An empty speaker (a floating quote whose
speaker the extractor could not find) leaves the quote unattributed. Every span is verified
against the record's text in any unit; the article id is ``"id"``, else the file name (or
``--set article.id``), the language ``--set article.language``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsschema.formats._base import Format, GivenOptions
from newsschema.formats.quotes._quote_build import GivenQuote, GivenSpan
from newsschema.formats.quotes._quote_read import Parsed, read_file, read_records, record_id
from newsschema.loader import Loaded

__all__ = ["GGT", "parse_index"]

_INDEX = re.compile(r"^\s*\(?\s*(\d+)\s*,\s*(\d+)\s*\)?\s*$")


def parse_index(value: Any) -> tuple[int, int] | None:
    """Read a Gender Gap Tracker index ``"(s,e)"`` (or ``[s, e]``); None when it is not one."""
    if isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value):
        return value[0], value[1]
    if not isinstance(value, str):
        return None
    found = _INDEX.match(value)
    return (int(found.group(1)), int(found.group(2))) if found else None


def _span(record: dict[str, Any], text_key: str, index_key: str, pointer: str) -> GivenSpan | None:
    text = record.get(text_key)
    index = parse_index(record.get(index_key))
    if not isinstance(text, str) or not text.strip():
        return None
    start, end = index if index is not None else (None, None)
    return GivenSpan(text, start, end, f"{pointer}/{text_key}")


def _parse(value: Any, stem: str, index: int) -> Parsed:
    if not isinstance(value, dict):
        return 'not a Gender Gap Tracker article: expected {"text", "quotes": [records]}'
    body = value.get("text", value.get("body"))
    key = "quotesUpdated" if "quotesUpdated" in value else "quotes"
    records = value.get(key, [])
    if not isinstance(body, str) or not isinstance(records, list):
        return 'not a Gender Gap Tracker article: expected {"text", "quotes": [records]}'
    quotes = []
    for i, record in enumerate(records):
        pointer = f"/{key}/{i}"
        if not isinstance(record, dict) or not isinstance(record.get("quote"), str):
            return f"{pointer}: expected a record with quote and quote_index"
        content = _span(record, "quote", "quote_index", pointer)
        if content is None:
            return f"{pointer}/quote: empty quote"
        speaker = _span(record, "speaker", "speaker_index", pointer)
        quotes.append(
            GivenQuote(
                pointer=pointer,
                fragments=(content,),
                speaker=speaker.text if speaker is not None else None,
                speaker_spans=(speaker,) if speaker is not None else (),
                cue_span=_span(record, "verb", "verb_index", pointer),
            )
        )
    return {"id": record_id(value, stem, index), "body": body}, quotes


class _Ggt(Format):
    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        yield from read_file(path, options, _parse)

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        yield from read_records(data, name, Path(name).stem or "doc", options, _parse)


GGT = _Ggt("ggt", "Gender Gap Tracker quote records with the article text")
