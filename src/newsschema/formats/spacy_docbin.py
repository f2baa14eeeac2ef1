"""spaCy DocBin (``--to spacy``, export only; needs the ``spacy`` extra).

Writes one ``.spacy`` file (a ``DocBin``, spaCy 3.x) for training: entity mentions in
``doc.ents`` (and all of them, overlapping ones included, in ``doc.spans["entities"]``),
quotes, cues and insertions in ``doc.spans["quotes"]``, ``["cues"]`` and ``["insertions"]``
(quote spans labelled with their kind), event mentions in ``doc.spans["events"]``. Each doc is
tokenised with ``spacy.blank(LANG)`` (the article's primary language subtag, ``xx`` when spaCy
has no such language; no model is downloaded), and tokens are split wherever a span starts or
ends so that every span is kept exactly. ``doc.user_data`` holds the article id, quote ids,
speakers and cue of each quote.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from newsschema._atomic import atomic_open
from newsschema.formats._base import ExportError, Options
from newsschema.loader import Loaded
from newsschema.models import Document

__all__ = ["SPACY", "document_doc"]


def _spacy() -> Any:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ExportError(
            "--to spacy needs the spacy extra: pip install 'newsschema[spacy]'"
        ) from exc
    return spacy


_BLANK: dict[str, Any] = {}


def _blank(language: str) -> Any:
    spacy = _spacy()
    lang = language.split("-")[0].lower()
    if lang not in _BLANK:
        try:
            _BLANK[lang] = spacy.blank(lang)
        except Exception:  # unsupported language codes raise ImportError or ValueError
            _BLANK[lang] = spacy.blank("xx")
    return _BLANK[lang]


def _doc_with_boundaries(nlp: Any, text: str, cuts: set[int]) -> Any:
    """Tokenise ``text`` and split tokens at every offset in ``cuts``."""
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    ordered = sorted(cuts)
    for token in nlp.make_doc(text):
        start, end = token.idx, token.idx + len(token.text)
        inner = ordered[bisect_right(ordered, start) : bisect_right(ordered, end - 1)]
        points = [start, *[p for p in inner if start < p < end], end]
        for a, b in itertools.pairwise(points):
            words.append(text[a:b])
            spaces.append(False)
        spaces[-1] = bool(token.whitespace_)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    if doc.text != text:
        raise ExportError("spaCy could not keep the text exactly")
    return doc


def document_doc(document: Document) -> Any:
    """Return the spaCy ``Doc`` of one document."""
    nlp = _blank(document.article.language)
    text = document.article.body
    cuts = {offset for _, span in document.iter_spans() for offset in (span.start, span.end)}
    doc = _doc_with_boundaries(nlp, text, cuts)

    def span(start: int, end: int, label: str) -> Any:
        made = doc.char_span(start, end, label=label, alignment_mode="strict")
        if made is None:  # an empty span or one that is only white space inside a token
            raise ExportError(
                f"{document.article.id}: span {start}-{end} does not fit spaCy's tokens"
            )
        return made

    mentions = [
        span(m.start, m.end, entity.kind)
        for entity in document.entities
        for m in entity.mentions
        if m.end > m.start
    ]
    from spacy.util import filter_spans

    doc.spans["entities"] = mentions
    doc.ents = filter_spans(mentions)
    doc.spans["events"] = [
        span(m.start, m.end, event.kind) for event in document.events for m in event.mentions
    ]
    doc.spans["quotes"] = [span(q.span.start, q.span.end, q.kind) for q in document.quotes]
    doc.spans["cues"] = [span(q.cue.start, q.cue.end, "cue") for q in document.quotes if q.cue]
    doc.spans["insertions"] = [
        span(i.start, i.end, "insertion") for q in document.quotes for i in q.insertions
    ]
    doc.user_data["newsschema"] = {
        "article_id": document.article.id,
        "quotes": [
            {
                "id": q.id,
                "kind": q.kind,
                "start": q.span.start,
                "end": q.span.end,
                "speaker": q.speaker,
            }
            for q in document.quotes
        ],
    }
    return doc


class _Spacy:
    name = "spacy"
    description = "spaCy DocBin (.spacy) with doc.ents and doc.spans (export only; spacy extra)"
    suffix = ".spacy"
    suffixes = ()
    # One binary file written whole (a DocBin is not a stream): needs -o like a bundle.
    layout: Literal["bundle"] = "bundle"

    def dump(self, document: Document, options: Options) -> bytes:
        from spacy.tokens import DocBin

        _spacy()
        docbin = DocBin(store_user_data=True)
        docbin.add(document_doc(document))
        return bytes(docbin.to_bytes())

    def write(self, documents: Iterable[Document], target: Path, options: Options) -> None:
        _spacy()
        from spacy.tokens import DocBin

        docbin = DocBin(store_user_data=True)
        for document in documents:
            docbin.add(document_doc(document))
        with atomic_open(target) as handle:
            handle.write(docbin.to_bytes())

    def read(self, path: Path, options: Options) -> Iterator[Loaded]:
        raise NotImplementedError("spacy is export only")

    def read_bytes(self, data: bytes, name: str, options: Options) -> Iterator[Loaded]:
        raise NotImplementedError("spacy is export only")


SPACY = _Spacy()
