"""Stable codes for what the machine-quote importers verify (``--from quotes``, citron, ggt).

``NS090``–``NS099``: each names the record (JSON Lines line, JSON pointer of the quote) and says
what was found and done. Together they are the check a quote-extraction or LLM pipeline runs on
every output: a quote that is not in the article is an error, one found only after tolerance
is a warning.
"""

from __future__ import annotations

from newsschema._code_doc import CodeDoc
from newsschema.findings import Severity

__all__ = ["QUOTE_CODES"]

_E = Severity.ERROR
_W = Severity.WARNING

QUOTE_CODES: dict[str, CodeDoc] = {
    doc.code: doc
    for doc in (
        CodeDoc(
            "NS090",
            "quote-not-found",
            _E,
            "A quote's text does not occur in the article body, even after normalisation (or "
            "fuzzily above the --anchor fuzzy:T threshold); the message gives the closest "
            "passage and its similarity.",
            "Language models rewrite what they claim to quote; a quotation that is not in the "
            "article is not a quotation of it.",
            'body: He said the talks were useful. quote: {"text": "the talks were a success"}',
            'body: He said the talks were useful. quote: {"text": "the talks were useful"}',
        ),
        CodeDoc(
            "NS091",
            "quote-found-fuzzily",
            _W,
            "A quote's text was found only approximately (--anchor fuzzy:T); the span is the "
            "body's passage and the quote's text is the body's text there.",
            "The passage is probably what was meant, but the extractor changed the words: the "
            "similarity is reported so that a reviewer can judge.",
            'body: the talks were useful. quote: {"text": "the talks were very useful"}',
            'body: the talks were useful. quote: {"text": "the talks were useful"}',
        ),
        CodeDoc(
            "NS092",
            "quote-normalised",
            _W,
            "A quote's text was found only after quotation marks, dashes, white space and case "
            "were made alike (or marks around it dropped); the body's text is kept.",
            "Typography differs between the extractor's output and the article; the quote is "
            "right, but its text is taken from the body so that the span and text agree.",
            'body: “We’ll win — soon,” he said. quote: {"text": "\\"We\'ll win - soon\\""}',
            'body: “We’ll win — soon,” he said. quote: {"text": "We’ll win — soon,"}',
        ),
        CodeDoc(
            "NS093",
            "quote-offsets-moved",
            _W,
            "A quote's (or cue's or speaker's) given offsets count another unit than code "
            "points, or point elsewhere; the text was re-anchored and the finding names the "
            "unit or the shift found.",
            "Extractors count UTF-16 units (JavaScript) or bytes, or work on a text cleaned "
            "differently; every offset after the first difference moves.",
            'body: 👍 We won. quote: {"text": "We won", "start": 3, "end": 9} (UTF-16)',
            'body: 👍 We won. quote: {"text": "We won", "start": 2, "end": 8}',
        ),
        CodeDoc(
            "NS094",
            "direct-quote-unmarked",
            _E,
            'A quote given as "direct" does not stand in quotation marks in the body.',
            "A direct quote reproduces the words between quotation marks; an unmarked passage "
            "is reported speech (or a paraphrase presented as a quotation).",
            'body: He said they will win. quote: {"text": "they will win", "kind": "direct"}',
            'body: He said they will win. quote: {"text": "they will win", "kind": "indirect"}',
        ),
        CodeDoc(
            "NS095",
            "speaker-not-mentioned",
            _W,
            "A quote's speaker, given as a name, is not mentioned in the body under that name; "
            "it becomes an entity with no mention.",
            "A speaker the article never names may be invented or resolved from elsewhere; "
            "the link from the quote to the text is missing.",
            'body: Lavrov said ... quote: {"speaker": "Sergei Shoigu"}',
            'body: Lavrov said ... quote: {"speaker": "Lavrov"}',
        ),
        CodeDoc(
            "NS096",
            "quote-repeated",
            _W,
            "A quote's text occurs more than once in the body and nothing (offsets, context) "
            "says which; the first free occurrence in document order was taken.",
            "The wrong occurrence would attach the quote to the wrong speaker and cue; giving "
            "offsets settles it.",
            'body: "No." ... "No." quote: {"text": "No."}',
            'quote: {"text": "No.", "start": 40, "end": 43}',
        ),
        CodeDoc(
            "NS097",
            "cue-not-found",
            _W,
            "A quote's cue (the reporting verb) does not occur near the quote; it is left out.",
            "A cue is a place in the text; one that cannot be placed is not recorded.",
            'body: “We will win,” Lavrov said. quote: {"cue": "stressed"}',
            'body: “We will win,” Lavrov said. quote: {"cue": "said"}',
        ),
    )
}
"""Codes reported by the machine-quote importers, keyed by code."""
