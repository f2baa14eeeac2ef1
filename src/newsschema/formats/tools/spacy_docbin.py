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
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from newsschema._atomic import atomic_open
from newsschema.formats._base import ExportError, Format, GivenOptions
from newsschema.formats._export_options import NoOptions
from newsschema.formats._extras import extra
from newsschema.models import Document

__all__ = ["SPACY", "document_doc"]


def _spacy() -> Any:
    with extra("spacy", "--to spacy"):
        import spacy
    return spacy


_BLANK: dict[str, Any] = {}


def _blank(language: str) -> Any:
    spacy = _spacy()
    lang = language.split("-", maxsplit=1)[0].lower()
    if lang not in _BLANK:
        try:
            _BLANK[lang] = spacy.blank(lang)
        except Exception:  # noqa: BLE001 - unsupported languages raise ImportError or ValueError
            _BLANK[lang] = spacy.blank("xx")
    return _BLANK[lang]


def _doc_with_boundaries(nlp: Any, text: str, cuts: set[int], ends: set[int]) -> Any:
    """Tokenise ``text`` and split tokens (and white space) at every offset in ``cuts``.

    ``ends`` are the offsets where a span ends: a space just before one must be a token of its
    own, or the span would end inside a word's trailing white space and have no tokens.
    """
    from spacy.tokens import Doc

    points = {0, len(text), *(c for c in cuts if 0 <= c <= len(text))}
    for token in nlp.make_doc(text):
        points.update((token.idx, token.idx + len(token.text)))
    words: list[str] = []
    spaces: list[bool] = []
    ordered = sorted(points)
    for a, b in itertools.pairwise(ordered):
        piece = text[a:b]
        # One space after a word is that word's trailing white space, unless a span starts there.
        if (
            piece == " "
            and words
            and not spaces[-1]
            and a not in cuts
            and b not in ends
            and not words[-1].isspace()
        ):
            spaces[-1] = True
            continue
        words.append(piece)
        spaces.append(False)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    if doc.text != text:
        raise ExportError("spaCy could not keep the text exactly")
    return doc


def document_doc(document: Document) -> Any:
    """Return the spaCy ``Doc`` of one document."""
    nlp = _blank(document.article.language)
    text = document.article.body
    spans_at = [span for _, span in document.iter_spans()]
    cuts = {offset for span in spans_at for offset in (span.start, span.end)}
    ends = {span.end for span in spans_at if span.end > span.start}
    doc = _doc_with_boundaries(nlp, text, cuts, ends)

    def spans(items: Iterable[tuple[int, int, str]]) -> list[Any]:
        made = []
        for start, end, label in items:
            if end <= start:
                continue  # spaCy has no empty spans
            one = doc.char_span(start, end, label=label, alignment_mode="strict")
            if one is None:  # cannot happen: every span boundary is a token boundary
                raise ExportError(f"{document.article.id}: span {start}-{end} has no tokens")
            made.append(one)
        return made

    from spacy.util import filter_spans

    mentions = spans(
        (m.start, m.end, entity.kind) for entity in document.entities for m in entity.mentions
    )
    doc.spans["entities"] = mentions
    doc.ents = filter_spans(mentions)
    doc.spans["events"] = spans(
        (m.start, m.end, event.kind) for event in document.events for m in event.mentions
    )
    doc.spans["quotes"] = spans((q.span.start, q.span.end, q.kind) for q in document.quotes)
    doc.spans["cues"] = spans((q.cue.start, q.cue.end, "cue") for q in document.quotes if q.cue)
    doc.spans["insertions"] = spans(
        (i.start, i.end, "insertion") for q in document.quotes for i in q.insertions
    )
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


class _Spacy(Format):
    # One binary file written whole (a DocBin is not a stream): needs -o like a bundle.
    layout: Literal["bundle"] = "bundle"

    def write(self, documents: Iterable[Document], target: Path, options: GivenOptions) -> None:
        NoOptions.of(options)  # it takes none: a name given is refused
        _spacy()
        from spacy.tokens import DocBin

        docbin = DocBin(store_user_data=True)
        for document in documents:
            docbin.add(document_doc(document))
        with atomic_open(target) as handle:
            handle.write(docbin.to_bytes())


SPACY = _Spacy(
    "spacy",
    "spaCy DocBin (.spacy) with doc.ents and doc.spans (export only; spacy extra)",
    suffix=".spacy",
)
