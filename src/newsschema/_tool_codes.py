"""Stable codes for what the annotation-tool importers check (brat, INCEpTION, doccano...).

``NS080``–``NS089``: each names the tool file, the line (brat ``.ann``, JSON Lines) or the JSON
pointer / annotation id where the problem is, and says what was found.
"""

from __future__ import annotations

from newsschema._code_doc import CodeDoc
from newsschema.findings import Severity

__all__ = ["TOOL_CODES"]

_E = Severity.ERROR
_W = Severity.WARNING

TOOL_CODES: dict[str, CodeDoc] = {
    doc.code: doc
    for doc in (
        CodeDoc(
            "NS080",
            "tool-file-malformed",
            _E,
            "An annotation tool's file is not in the tool's documented format (a bad .ann line, "
            "JSON that is not a task or a JSONL record, XMI that cassis cannot read, a missing "
            "text file).",
            "Reading past a malformed line would silently drop or shift annotations.",
            "T1\tQuote 10 x20\tWe met",
            "T1\tQuote 10 16\tWe met",
        ),
        CodeDoc(
            "NS081",
            "offset-unit-converted",
            _W,
            "The tool's offsets count another unit than code points (UTF-16 code units or UTF-8 "
            "bytes), or could not be checked; they were converted, and the finding says what "
            "was found and done.",
            "Tools disagree about what an offset counts; every span after the first emoji "
            "moves when the two sides disagree, so the conversion is always reported.",
            '{"text": "👍 ok", "entities": [[3, 5, "X"]]} (UTF-16 offsets)',
            '{"text": "👍 ok", "entities": [[2, 4, "X"]]} (code points)',
        ),
        CodeDoc(
            "NS082",
            "offset-unit-unknown",
            _E,
            "No offset unit (code points, UTF-16 code units, UTF-8 bytes) makes the tool's "
            "spans fit the text and match the span texts it stores.",
            "The annotations were made on another text, or the file was edited: any guess "
            "would anchor them in the wrong place.",
            "T1\tQuote 0 6\tWe met (text starts with 'Hello')",
            "T1\tQuote 0 5\tHello",
        ),
        CodeDoc(
            "NS083",
            "metadata-missing",
            _E,
            "Article metadata the canonical model needs (language, headline, ...) is neither "
            "in the tool data nor given with --set.",
            "Annotation tools do not carry article metadata; inventing it would be wrong.",
            "newsschema convert corpus/ --from brat --to json",
            "newsschema convert corpus/ --from brat --to json --set article.language=en "
            "--set article.headline=...",
        ),
        CodeDoc(
            "NS084",
            "label-unmapped",
            _W,
            "An annotation's label (or relation, event type, attribute) is not in the label "
            "mapping; it is left out.",
            "A project's own labels need a mapping file; leaving them out is said, not silent.",
            "T1\tClaim 0 5\tHello (with --labels attribution)",
            '--labels project.toml mapping Claim = "quote"',
        ),
        CodeDoc(
            "NS085",
            "annotation-reference",
            _E,
            "A relation, event, attribute, note or normalisation names an annotation that does "
            "not exist, or links annotations of the wrong roles.",
            "A dangling link would silently lose who said what.",
            "R1\tSpeaker Arg1:T9 Arg2:T1 (no T9)",
            "R1\tSpeaker Arg1:T2 Arg2:T1",
        ),
        CodeDoc(
            "NS086",
            "discontinuous-joined",
            _W,
            "A quote annotated in several fragments is stored as one span from its first to "
            "its last fragment (schema 1.0 has no interruptions); the gaps are listed.",
            'The words between the fragments ("he said") become part of the quote\'s span.',
            "T1\tContent 0 10;18 30\t...",
            "T1\tContent 0 30\t...",
        ),
        CodeDoc(
            "NS087",
            "quote-kind-inferred",
            _W,
            "The tool data does not say a quote's kind; it was inferred from the quotation "
            "marks around the content (direct when quoted, indirect otherwise).",
            "Kinds drive rules and exports; an inferred kind should be reviewed.",
            "T1\tContent 1 7\tWe met (no Kind attribute)",
            "A1\tKind T1 Direct",
        ),
        CodeDoc(
            "NS088",
            "selector-disagrees",
            _W,
            "A Web Annotation's TextPositionSelector does not hold the text of its "
            "TextQuoteSelector; the quote was looked up in the text (its prefix and suffix, "
            "then the nearest occurrence) and wins. The finding gives both places.",
            "Pages change after they are annotated; the quote says what was annotated, a "
            "position only where it once stood.",
            '"selector": [{"type": "TextPositionSelector", "start": 4, "end": 9}, '
            '{"type": "TextQuoteSelector", "exact": "Kyiv"}] (the text has "Kyiv" at 10)',
            '"selector": [{"type": "TextPositionSelector", "start": 10, "end": 14}, '
            '{"type": "TextQuoteSelector", "exact": "Kyiv"}]',
        ),
        CodeDoc(
            "NS089",
            "annotation-unanchored",
            _W,
            "A Web Annotation cannot be anchored in the text: it has no text selector, its "
            "position lies outside the text and it has no quote, or its quote is not in the "
            "text. It is left out.",
            "An annotation of another version of the page (an orphan) would otherwise be "
            "placed on the wrong words.",
            '{"type": "TextQuoteSelector", "exact": "words the text does not hold"}',
            '{"type": "TextQuoteSelector", "exact": "words of the text"}',
        ),
    )
}
"""Codes reported by the annotation-tool importers, keyed by code."""
