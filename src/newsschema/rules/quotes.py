"""NS4xx: quotes are marked, attributed and annotated consistently with their kind."""

from __future__ import annotations

from collections.abc import Iterator

from newsschema.codes import CodeDoc
from newsschema.findings import Severity
from newsschema.models import Document
from newsschema.rules._base import Context, Rule, RuleFinding

__all__ = ["RULES"]

_E = Severity.ERROR
QUOTATION_MARKS = frozenset("\"'“”„‟«»‹›‘’‚‛「」『』〝〞〟＂＇")
"""Characters accepted as quotation marks around a quote's span."""
# What may stand between the end of a quote and its closing mark ("... next week,” he said).
_CLOSING_PUNCTUATION = frozenset(".,;:!?…")
_MARKED_KINDS = frozenset({"direct", "partial", "scare"})
_ATTRIBUTED_KINDS = frozenset({"direct", "partial"})


def _opens(body: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and body[i].isspace():
        i -= 1
    return i >= 0 and body[i] in QUOTATION_MARKS


def _closes(body: str, end: int) -> bool:
    i, n = end, len(body)
    while i < n and (body[i].isspace() or body[i] in _CLOSING_PUNCTUATION):
        i += 1
    return i < n and body[i] in QUOTATION_MARKS


def _unmarked(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    body = ctx.body
    for i, quote in enumerate(doc.quotes):
        if quote.kind not in _MARKED_KINDS or not ctx.span_ok(quote.span):
            continue
        opens, closes = _opens(body, quote.span.start), _closes(body, quote.span.end)
        if not (opens and closes):
            side = (
                "before or after"
                if not opens and not closes
                else ("before" if not opens else "after")
            )
            yield RuleFinding(
                f"/quotes/{i}/span",
                f"{quote.kind} quote has no quotation mark {side} its span; the span excludes "
                "the marks, or the quote is indirect",
            )


def _no_speaker(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    for i, quote in enumerate(doc.quotes):
        if quote.kind in _ATTRIBUTED_KINDS and quote.speaker is None:
            yield RuleFinding(f"/quotes/{i}", f"{quote.kind} quote {quote.id!r} has no speaker")


def _via_speaker(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    for i, quote in enumerate(doc.quotes):
        if quote.speaker is None:
            continue
        for k, via in enumerate(quote.via):
            if via == quote.speaker:
                yield RuleFinding(
                    f"/quotes/{i}/via/{k}",
                    f"via names the speaker {via!r} itself; via lists who relayed the quote",
                )


def _insertion_outside(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    for i, quote in enumerate(doc.quotes):
        span = quote.span
        for k, insertion in enumerate(quote.insertions):
            if not (ctx.span_ok(span) and ctx.span_ok(insertion)):
                continue
            if insertion.start < span.start or insertion.end > span.end:
                yield RuleFinding(
                    f"/quotes/{i}/insertions/{k}",
                    f"insertion [{insertion.start}, {insertion.end}) lies outside the quote's "
                    f"span [{span.start}, {span.end})",
                )


def _scare_attributed(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    for i, quote in enumerate(doc.quotes):
        if quote.kind != "scare":
            continue
        if quote.cue is not None:
            yield RuleFinding(
                f"/quotes/{i}/cue", "scare quote has a reporting cue; a scare quote reports no one"
            )
        if quote.speaker is not None:
            yield RuleFinding(
                f"/quotes/{i}/speaker",
                "scare quote has a speaker; use a partial quote for a fragment someone said",
            )


RULES = (
    Rule(
        CodeDoc(
            "NS401",
            "quote-not-in-marks",
            _E,
            "A direct, partial or scare quote does not stand in quotation marks in the body.",
            "Those kinds are defined by their quotation marks and the span excludes the marks; "
            "a span without marks around it is shifted, includes the marks, or belongs to an "
            "indirect quote. White space, and closing punctuation before the closing mark, "
            "may stand between the span and the marks.",
            'body: He said we will win. quote: {"kind": "direct", "text": "we will win"}',
            'body: He said: “We will win.” quote: {"kind": "direct", "text": "We will win."}',
        ),
        _unmarked,
    ),
    Rule(
        CodeDoc(
            "NS402",
            "quote-without-speaker",
            _E,
            "A direct or partial quote has no speaker.",
            "Quoted words without a source cannot be checked or attributed; even an anonymous "
            'source ("a diplomat") is an entity.',
            '{"kind": "direct", "text": "We will win.", "speaker": null}',
            '{"kind": "direct", "text": "We will win.", "speaker": "e_lavrov"}',
        ),
        _no_speaker,
    ),
    Rule(
        CodeDoc(
            "NS403",
            "via-is-speaker",
            _E,
            "A quote's via names its own speaker.",
            "via lists the outlets that relayed the quote between the speaker and this article; "
            "the speaker cannot relay itself.",
            '{"speaker": "e_lavrov", "via": ["e_lavrov"]}',
            '{"speaker": "e_lavrov", "via": ["e_ria_novosti"]}',
        ),
        _via_speaker,
    ),
    Rule(
        CodeDoc(
            "NS404",
            "insertion-outside-quote",
            _E,
            "An editorial insertion lies outside its quote's span.",
            'Insertions such as "(Jens)" are the editor\'s words inside the quoted words; '
            "outside the span they are just text, so the span or the insertion is misplaced.",
            '{"span": {"start": 10, "end": 40}, "insertions": [{"start": 2, "end": 8}]}',
            '{"span": {"start": 10, "end": 40}, "insertions": [{"start": 10, "end": 16}]}',
        ),
        _insertion_outside,
    ),
    Rule(
        CodeDoc(
            "NS405",
            "scare-quote-attributed",
            _E,
            "A scare quote has a reporting cue or a speaker.",
            "A scare quote is the writer distancing themselves from a term; nobody is reported "
            "as saying it. A cue or speaker means it is really a partial quote.",
            '{"kind": "scare", "text": "paper", "speaker": "e_lavrov", "cue": {...}}',
            '{"kind": "partial", "text": "paper", "speaker": "e_lavrov", "cue": {...}}',
        ),
        _scare_attributed,
    ),
)
"""Quote rules, in code order."""
