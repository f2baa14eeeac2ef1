"""BBC R&D's Citron output (``--from citron``): a text and the quotes Citron found in it.

Citron writes one JSON object per document, ``{"text", "quotes": [{"cue", "sources",
"contents", "coreferences", "confidence"}]}``, each span ``{"start", "end", "text"}`` counting
characters of ``text``. A quote's contents (several when an attribution clause breaks it)
become one span from the first to the last, the gaps its interruptions, quotation marks
trimmed; its sources and coreferences become the mentions of its speaker (named after the
first coreference, else the first source). Every span is verified against its stored text in
any unit and re-anchored when it points elsewhere. The article id is the file name (or
``--set article.id``); the language comes from ``--set article.language``. Files may hold one
object, an array of them, or one per line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsschema.formats._base import Format, GivenOptions
from newsschema.formats.quotes._quote_build import GivenQuote, GivenSpan
from newsschema.formats.quotes._quote_read import Parsed, read_file, read_records, record_id
from newsschema.loader import Loaded

__all__ = ["CITRON"]


def _span(value: Any, pointer: str) -> GivenSpan | str:
    if not isinstance(value, dict):
        return f"{pointer}: expected a span object {{start, end, text}}"
    start, end, text = value.get("start"), value.get("end"), value.get("text")
    for name, number in (("start", start), ("end", end)):
        if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
            return f"{pointer}/{name}: expected an integer offset"
    if text is not None and not isinstance(text, str):
        return f"{pointer}/text: expected a string"
    if text is None and (start is None or end is None):
        return f"{pointer}: a span needs its text or both offsets"
    return GivenSpan(text, start, end, pointer)


def _spans(value: Any, pointer: str) -> tuple[GivenSpan, ...] | str:
    if value is None:
        return ()
    if not isinstance(value, list):
        return f"{pointer}: expected a list of spans"
    out = []
    for i, item in enumerate(value):
        span = _span(item, f"{pointer}/{i}")
        if isinstance(span, str):
            return span
        out.append(span)
    return tuple(out)


def _parse(value: Any, stem: str, index: int) -> Parsed:
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        return 'not a Citron document: expected an object with "text" and "quotes"'
    raw_quotes = value.get("quotes", [])
    if not isinstance(raw_quotes, list):
        return "/quotes: expected a list"
    quotes = []
    for i, quote in enumerate(raw_quotes):
        pointer = f"/quotes/{i}"
        if not isinstance(quote, dict):
            return f"{pointer}: expected a quote object"
        contents = _spans(quote.get("contents"), pointer + "/contents")
        sources = _spans(quote.get("sources"), pointer + "/sources")
        corefs = _spans(quote.get("coreferences"), pointer + "/coreferences")
        cue = None if quote.get("cue") is None else _span(quote["cue"], pointer + "/cue")
        for part in (contents, sources, corefs, cue):
            if isinstance(part, str):
                return part
        assert not isinstance(contents, str)
        assert not isinstance(sources, str)
        assert not isinstance(corefs, str)
        assert not isinstance(cue, str)
        if not contents:
            return f"{pointer}/contents: a quote needs at least one content span"
        named = [s.text for s in (*corefs, *sources) if s.text]
        quotes.append(
            GivenQuote(
                pointer=pointer,
                fragments=contents,
                speaker=named[0] if named else None,
                speaker_spans=(*sources, *corefs),
                cue_span=cue,
            )
        )
    article = {"id": record_id(value, stem, index), "body": value["text"]}
    return article, quotes


class _Citron(Format):
    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        yield from read_file(path, options, _parse)

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        yield from read_records(data, name, Path(name).stem or "doc", options, _parse)


CITRON = _Citron("citron", "BBC Citron quote-extraction JSON (text, quotes with spans)")
