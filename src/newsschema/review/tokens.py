"""The ``tokens`` layer: every token of the body labelled source, cue, content or none.

This is how attribution corpora report agreement (PolNeAR: token-wise Krippendorff's alpha over
the source / cue / content labelling), so a team can put its figure beside theirs.

Tokenisation: a token is a run of word characters (Unicode word characters: letters, digits,
the underscore) or one character that is neither a word character nor white space (each
punctuation mark is its own token). White space is never a token. Every annotator's version of
an article has the same body, so the tokens are the same for all.

A token takes the label of the first of these that it shares a code point with: a cue, a
quote's source mention (the speaker's mention nearest the quote), the fragments of a quote (its
span minus its interruptions); otherwise ``none``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from newsschema.models import Document
from newsschema.review.layers import covered, source_mention

__all__ = ["TOKEN_LABELS", "token_labels", "tokenize"]

TOKEN_LABELS = ("content", "cue", "none", "source")
"""The labels of the ``tokens`` layer, sorted (the report's label order)."""

_TOKEN = re.compile(r"\w+|[^\w\s]")
_PRIORITY = {"cue": 3, "source": 2, "content": 1}


def tokenize(body: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` code-point spans of the body's tokens, in order."""
    return [match.span() for match in _TOKEN.finditer(body)]


def _marks(document: Document) -> Iterable[tuple[int, int, str]]:
    for quote in document.quotes:
        for start, end in covered(quote) or ((quote.span.start, quote.span.end),):
            yield start, end, "content"
        if quote.cue is not None:
            yield quote.cue.start, quote.cue.end, "cue"
        mention = source_mention(document, quote)
        if mention is not None:
            yield mention.start, mention.end, "source"


def token_labels(document: Document, tokens: Sequence[tuple[int, int]]) -> list[str]:
    """Label every token of one annotator's document (see the module docstring)."""
    labels = ["none"] * len(tokens)
    rank = [0] * len(tokens)
    starts = [start for start, _ in tokens]
    ends = [end for _, end in tokens]
    for start, end, label in _marks(document):
        if end <= start:
            continue
        # Tokens sharing a code point with [start, end): end after start, start before end.
        first = bisect_right(ends, start)
        last = bisect_left(starts, end)
        priority = _PRIORITY[label]
        for n in range(first, last):
            if priority > rank[n]:
                rank[n] = priority
                labels[n] = label
    return labels
