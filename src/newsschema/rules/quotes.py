"""NS4xx: quotes are marked, attributed and annotated consistently with their kind."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import compress, repeat
from operator import and_, contains, gt, itemgetter, lt, sub
from typing import TYPE_CHECKING, Any, NamedTuple

from newsschema import _fast
from newsschema._scan import excerpt
from newsschema.codes import CodeDoc
from newsschema.findings import Severity
from newsschema.rules._base import Context, Plain, Rule, RuleFinding
from newsschema.rules._columns import columns
from newsschema.rules._shift import shift_hint

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from newsschema.models import AnyQuote, Document, Span

__all__ = ["RULES"]

_E = Severity.ERROR
QUOTATION_MARKS = frozenset("\"'“”„‟«»‹›‘’‚‛「」『』〝〞〟＂＇")
"""Characters accepted as quotation marks around a quote's span."""
# Older newswire opens with two grave accents (``We will'') and closes with two apostrophes.
_OPENING_MARKS = QUOTATION_MARKS | {"`"}
# What may stand between the end of a quote and its closing mark ("... next week,” he said),
# dashes included: a quote broken off ("We will --'').
_CLOSING_PUNCTUATION = frozenset(".,;:!?…-‐‑‒–—―")
_MARKED_KINDS = frozenset({"direct", "partial", "scare"})
_ATTRIBUTED_KINDS = frozenset({"direct", "partial"})


# Scans over white space (and closing punctuation) are short in real text; a body holding
# long runs of it, with many quotes inside one run, would make the scans quadratic. Past
# _SHORT steps a scan jumps to the end of its run, found by bisection in the long runs.
_SHORT = 16
_LONG_SPACE = re.compile(rf"\s{{{_SHORT},}}")
_CLOSING_CLASS = "".join(re.escape(c) for c in sorted(_CLOSING_PUNCTUATION))
_LONG_CLOSING = re.compile(rf"[\s{_CLOSING_CLASS}]{{{_SHORT},}}")


class _Runs:
    """The maximal runs of a pattern's characters in the body, for O(log n) skips."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, pattern: re.Pattern[str], body: str) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for found in pattern.finditer(body):
            self._starts.append(found.start())
            self._ends.append(found.end())

    def around(self, i: int) -> tuple[int, int]:
        """The run holding position ``i`` (which the caller knows lies in a long run)."""
        k = bisect_right(self._starts, i) - 1
        return self._starts[k], self._ends[k]


def _space_runs(ctx: Context | Plain) -> _Runs:
    return _Runs(_LONG_SPACE, ctx.body)


def _closing_runs(ctx: Context | Plain) -> _Runs:
    return _Runs(_LONG_CLOSING, ctx.body)


def _opens(body: str, start: int, ctx: Context | Plain) -> bool:
    i = start - 1
    steps = 0
    while i >= 0 and body[i].isspace():
        steps += 1
        if steps > _SHORT:  # inside a long run: jump to just before it
            i = ctx.shared("quotes.space_runs", _space_runs).around(i)[0] - 1
            break
        i -= 1
    return i >= 0 and body[i] in _OPENING_MARKS


def _closes(body: str, end: int, ctx: Context | Plain) -> bool:
    i, n = end, len(body)
    steps = 0
    while i < n and (body[i].isspace() or body[i] in _CLOSING_PUNCTUATION):
        steps += 1
        if steps > _SHORT:  # inside a long run: jump to just after it
            i = ctx.shared("quotes.closing_runs", _closing_runs).around(i)[1]
            break
        i += 1
    return i < n and body[i] in QUOTATION_MARKS


def _all_marked(ctx: Context | Plain) -> bool:
    """Fast test for NS401: a mark stands right before and right after every marked quote."""
    cols = columns(ctx)
    marked = list(map(_MARKED_KINDS.__contains__, cols.quote_kinds))
    begins = list(compress(cols.quote_starts, marked))
    if not begins:
        return True
    finishes = list(compress(cols.quote_ends, marked))
    # A quote at the very start or end of the body has no room for a mark: the plain code.
    if min(begins) < 1 or max(finishes) >= ctx.body_length or any(map(gt, begins, finishes)):
        return False
    body = ctx.body
    # One character (a str) for one quote, a tuple of them for more: a set reads either.
    before = itemgetter(*map(sub, begins, repeat(1)))(body)
    return _OPENING_MARKS.issuperset(before) and QUOTATION_MARKS.issuperset(
        itemgetter(*finishes)(body)
    )


def _unmarked(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if _fast.ENABLED and _all_marked(ctx):
        return
    body = ctx.body
    for i, quote in enumerate(doc.quotes):
        if quote.kind not in _MARKED_KINDS or not ctx.span_ok(quote.span):
            continue
        opens = _opens(body, quote.span.start, ctx)
        closes = _closes(body, quote.span.end, ctx)
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
    if _fast.ENABLED and None not in columns(ctx).speakers:
        return
    for i, quote in enumerate(doc.quotes):
        if quote.kind in _ATTRIBUTED_KINDS and quote.speaker is None:
            yield RuleFinding(f"/quotes/{i}", f"{quote.kind} quote {quote.id!r} has no speaker")


def _via_speaker(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    cols = columns(ctx)
    if _fast.ENABLED and not any(map(contains, cols.vias, cols.speakers)):
        return
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
    if _fast.ENABLED and not any(columns(ctx).insertions):
        return
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
    if _fast.ENABLED and "scare" not in columns(ctx).quote_kinds:
        return
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


class _PlainQuotes(NamedTuple):
    """What one pass over a plain document's quotes found, for the quote rules' quiet tests."""

    marked: bool  # :func:`_all_marked` (False: NS401's own scans decide)
    speakers: bool  # every direct and partial quote has a speaker (NS402 finds nothing)
    no_via_speaker: bool  # no quote relayed by its own speaker (NS403 finds nothing)
    insertions: bool  # some quote has insertions (NS404, NS408 look further)
    scare: bool  # some quote is a scare quote (NS405 may fire)
    within: bool  # some quote is within another (NS406, NS407 look further)
    interruptions: bool  # some quote has interruptions (NS408 looks further, NS409 too)
    cues: bool  # :func:`_cues_in_place` (NS409 finds nothing)


def _plain_quotes(plain: Plain) -> _PlainQuotes:
    """The quote rules' fast tests on plain data, in one pass of plain loops."""
    body, n = plain.body, plain.body_length
    marked = speakers = no_via_speaker = cues = True
    insertions = scare = within = interruptions = False
    for quote in plain.quotes:
        kind, speaker = quote["kind"], quote["speaker"]
        span = quote["span"]
        start, end = span["start"], span["end"]
        if (
            marked
            and kind in _MARKED_KINDS
            # A quote at the very start or end of the body has no room for a mark.
            and not (
                0 < start <= end < n
                and body[start - 1] in _OPENING_MARKS
                and body[end] in QUOTATION_MARKS
            )
        ):
            marked = False
        if speaker is None:
            if kind in _ATTRIBUTED_KINDS:
                speakers = False
        elif speaker in quote["via"]:
            no_via_speaker = False
        if kind == "scare":
            scare = True
        if quote["insertions"]:
            insertions = True
        if quote["within"] is not None:
            within = True
        if quote["interruptions"]:
            interruptions = True
            cues = False  # an interruption: NS409's plain code decides
        cue = quote["cue"]
        if cue is not None and cues:
            cue_start, cue_end = cue["start"], cue["end"]
            # In the body, in order, outside its quote, with no word character just outside.
            if not (
                0 < cue_start < cue_end < n
                and start <= end <= n
                and not (cue_start < end and start < cue_end)
                and body[cue_start - 1] in _ASCII_NOT_WORD
                and body[cue_end] in _ASCII_NOT_WORD
            ):
                cues = False
    return _PlainQuotes(
        marked, speakers, no_via_speaker, insertions, scare, within, interruptions, cues
    )


def _quotes_of(plain: Plain) -> _PlainQuotes:
    """The quote pass of ``plain``, run once for every quote rule."""
    found: _PlainQuotes = plain.shared("quotes.plain", _plain_quotes)
    return found


def _marks_around(plain: Plain) -> bool:
    """Quiet test for NS401: :func:`_all_marked` in the quote pass, then the rule's own scans."""
    return _quotes_of(plain).marked or _marks_scanned(plain)


def _marks_scanned(plain: Plain) -> bool:
    """NS401's own scans (white space and punctuation before the marks), without messages."""
    body = plain.body
    for quote in plain.quotes:
        span = quote["span"]
        if quote["kind"] not in _MARKED_KINDS or not _ok(plain, span):
            continue
        if not (_opens(body, span["start"], plain) and _closes(body, span["end"], plain)):
            return False
    return True


def _speakers_given(plain: Plain) -> bool:
    """Quiet test for NS402: every direct and partial quote has a speaker."""
    return _quotes_of(plain).speakers


def _no_via_speaker(plain: Plain) -> bool:
    """Quiet test for NS403."""
    return _quotes_of(plain).no_via_speaker


def _no_within(plain: Plain) -> bool:
    """Whether no quote names one it is within (usual: the within tests then pass)."""
    return not _quotes_of(plain).within


def _ok(plain: Plain, span: dict[str, int]) -> bool:
    """:meth:`Context.span_ok` on plain data."""
    return span["start"] <= span["end"] <= plain.body_length


def _within(inner: dict[str, int], outer: dict[str, int]) -> bool:
    return outer["start"] <= inner["start"] and inner["end"] <= outer["end"]


def _insertions_inside(plain: Plain) -> bool:
    """Quiet test for NS404: every insertion (of a span in the body) lies in its quote."""
    if not _quotes_of(plain).insertions:
        return True
    cols = plain.columns
    for span, insertions in zip(cols.quote_spans, cols.insertions, strict=True):
        if insertions and _ok(plain, span):
            for insertion in insertions:
                if _ok(plain, insertion) and not _within(insertion, span):
                    return False
    return True


def _no_scare(plain: Plain) -> bool:
    """Quiet test for NS405."""
    return not _quotes_of(plain).scare


def _no_within_cycle(plain: Plain) -> bool:
    """Quiet test for NS406: no chain of within comes back to where it started."""
    if _no_within(plain):
        return True
    cols = plain.columns
    withins = cols.withins
    parent: dict[str, str | None] = {}
    for ident, within in zip(cols.quote_ids, withins, strict=True):
        parent.setdefault(ident, within)
    done: set[str] = set()
    for ident in cols.quote_ids:
        on_path: set[str] = set()
        current: str | None = ident
        while current is not None and current in parent and current not in done:
            if current in on_path:
                return False
            on_path.add(current)
            current = parent[current]
        done.update(on_path)
    return True


def _nested_inside(plain: Plain) -> bool:
    """Quiet test for NS407: each nested quote lies inside the quote it is within."""
    if _no_within(plain):
        return True
    withins = plain.columns.withins
    quotes = plain.data["quotes"]
    first: dict[str, dict[str, Any]] = {}
    for quote in quotes:
        first.setdefault(quote["id"], quote)
    for quote, within in zip(quotes, withins, strict=True):
        outer = None if within is None else first.get(within)
        if outer is None or outer is quote:
            continue
        inner_span, outer_span = quote["span"], outer["span"]
        ok = _ok(plain, inner_span) and _ok(plain, outer_span)
        if ok and not _within(inner_span, outer_span):
            return False
    return True


def _interruptions_fit(plain: Plain) -> bool:
    """Quiet test for NS408: interruptions lie in their quote and overlap no insertion."""
    if not _quotes_of(plain).interruptions:
        return True
    cols = plain.columns
    for span, cuts, insertions in zip(
        cols.quote_spans, cols.interruptions, cols.insertions, strict=True
    ):
        if not cuts or not _ok(plain, span):
            continue
        for cut in cuts:
            if _ok(plain, cut) and not _within(cut, span):
                return False
            for insertion in insertions:
                if (
                    _ok(plain, insertion)
                    and cut["start"] < insertion["end"]
                    and insertion["start"] < cut["end"]
                ):
                    return False
    return True


def _nothing_within(ctx: Context) -> bool:
    """Fast test for the within rules (cycles, nesting): no quote names an enclosing one."""
    withins = columns(ctx).withins
    return _fast.ENABLED and withins.count(None) == len(withins)


def _within_cycles(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if _nothing_within(ctx):
        return
    quotes = ctx.shared("quotes", _quotes_by_id)
    # Each quote has at most one parent: walk each chain once, remembering where every quote's
    # walk ended, so the whole pass is linear however long the chains are.
    in_cycle: set[str] = set()
    done: set[str] = set()
    for quote in doc.quotes:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = quote.id
        while current is not None and current in quotes and current not in done:
            if current in on_path:
                in_cycle.update(path[path.index(current) :])
                break
            path.append(current)
            on_path.add(current)
            current = quotes[current].within
        done.update(path)
    for i, quote in enumerate(doc.quotes):
        if quote.id in in_cycle and quote.within is not None:
            yield RuleFinding(
                f"/quotes/{i}/within",
                f"quote {quote.id!r} is, through within, inside itself; within names the "
                "enclosing attribution, so the chain must end at an outermost quote",
            )


def _quotes_by_id(ctx: Context) -> dict[str, AnyQuote]:
    found: dict[str, AnyQuote] = {}
    for quote in ctx.document.quotes:
        found.setdefault(quote.id, quote)
    return found


def _within_outside(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if _nothing_within(ctx):
        return
    quotes = ctx.shared("quotes", _quotes_by_id)
    for i, quote in enumerate(doc.quotes):
        outer = quotes.get(quote.within) if quote.within is not None else None
        if outer is None or outer is quote:
            continue
        inner_span, outer_span = quote.span, outer.span
        if not (ctx.span_ok(inner_span) and ctx.span_ok(outer_span)):
            continue
        if not _inside(inner_span, outer_span):
            yield RuleFinding(
                f"/quotes/{i}/span",
                f"nested quote [{inner_span.start}, {inner_span.end}) lies outside the quote "
                f"{outer.id!r} it is within [{outer_span.start}, {outer_span.end}); a nested "
                "attribution is part of the enclosing one's content",
            )


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _interruption_outside(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if _fast.ENABLED and not any(columns(ctx).interruptions):
        return
    for i, quote in enumerate(doc.quotes):
        span = quote.span
        if not ctx.span_ok(span):
            continue
        for k, cut in enumerate(quote.interruptions):
            if ctx.span_ok(cut) and not _inside(cut, span):
                yield RuleFinding(
                    f"/quotes/{i}/interruptions/{k}",
                    f"interruption [{cut.start}, {cut.end}) lies outside the quote's span "
                    f"[{span.start}, {span.end}); the span covers every part of the quote and "
                    "what interrupts it",
                )
            for m, insertion in enumerate(quote.insertions):
                if ctx.span_ok(insertion) and _overlaps(cut, insertion):
                    yield RuleFinding(
                        f"/quotes/{i}/interruptions/{k}",
                        f"interruption [{cut.start}, {cut.end}) overlaps insertion {m} "
                        f"[{insertion.start}, {insertion.end}); an insertion is the editor's "
                        "words inside the quote, an interruption the words between its parts",
                    )


def _own_words(quote: AnyQuote) -> list[tuple[int, int]]:
    """The quote's span minus its interruptions: the stretches that are the source's words."""
    if not quote.interruptions and _fast.ENABLED:
        span = quote.span
        return [(span.start, span.end)] if span.start < span.end else []
    pieces, at = [], quote.span.start
    for cut in sorted(quote.interruptions, key=lambda c: c.start):
        if cut.start > at:
            pieces.append((at, min(cut.start, quote.span.end)))
        at = max(at, cut.end)
    if at < quote.span.end:
        pieces.append((at, quote.span.end))
    return pieces


# Scripts written without spaces between words (Han, kana, Thai, Lao, Myanmar, Khmer): any
# place between two of their characters may be a word boundary, so none is refused there.
# Compared as ranges: a regular expression of these classes cost milliseconds to compile at
# every start, for a test that sees one character at a time.
_UNSPACED = (
    ("\u0e00", "\u0eff"),
    ("\u1000", "\u109f"),
    ("\u1780", "\u17ff"),
    ("\u3040", "\u30ff"),
    ("\u3400", "\u9fff"),
    ("\uf900", "\ufaff"),
    ("\U00020000", "\U0003ffff"),
)


def _unspaced(ch: str) -> bool:
    """True for a character of a script written without spaces between words."""
    return ch >= "\u0e00" and any(low <= ch <= high for low, high in _UNSPACED)


def _is_word_char(ch: str) -> bool:
    if ch < "\x80" and _fast.ENABLED:  # ASCII: neither unspaced script nor combining mark
        return ch.isalnum() or ch == "_"
    if _unspaced(ch):
        return False
    return ch.isalnum() or ch == "_" or (ch >= "\u0300" and unicodedata.category(ch)[0] == "M")


def _on_word_boundaries(body: str, start: int, end: int) -> bool:
    if start >= end:
        return False
    if start > 0 and _is_word_char(body[start - 1]) and _is_word_char(body[start]):
        return False
    return not (end < len(body) and _is_word_char(body[end - 1]) and _is_word_char(body[end]))


def _word_at(body: str) -> Callable[[int, int], bool]:
    return lambda start, end: (
        _on_word_boundaries(body, start, end) and body[start].isalnum() and body[end - 1].isalnum()
    )


def _cues_in_place(ctx: Context | Plain) -> bool:
    """Fast test for NS409: every cue is outside its quote with non-word characters around it.

    Only for quotes without interruptions (their own words are then their span) and spans and
    cues in order inside the body; a cue at either end of the body goes to the plain code.
    """
    cols = columns(ctx)
    if any(cols.interruptions):
        return False
    cue_starts, cue_ends = cols.cue_starts, cols.cue_ends
    if not cue_starts:
        return True
    span_starts = list(compress(cols.quote_starts, cols.has_cue))
    span_ends = list(compress(cols.quote_ends, cols.has_cue))
    n = ctx.body_length
    if min(cue_starts) < 1 or max(cue_ends) >= n or max(span_ends) > n:
        return False
    if not all(map(lt, cue_starts, cue_ends)) or any(map(gt, span_starts, span_ends)):
        return False
    if any(map(and_, map(lt, cue_starts, span_ends), map(lt, span_starts, cue_ends))):
        return False  # a cue overlaps its quote's span
    # A boundary is a word boundary when the character outside the cue is no word character.
    outside = itemgetter(*map(sub, cue_starts, repeat(1)), *cue_ends)(ctx.body)
    return _ASCII_NOT_WORD.issuperset(outside)


# ASCII characters that are no word character: neither alphanumeric nor "_".
_ASCII_NOT_WORD = frozenset(chr(i) for i in range(128) if not (chr(i).isalnum() or chr(i) == "_"))


def _cues_quiet(plain: Plain) -> bool:
    """Quiet test for NS409: :func:`_cues_in_place` in the quote pass."""
    return _quotes_of(plain).cues


def _cue_misplaced(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if _fast.ENABLED and _cues_in_place(ctx):
        return
    body, n = ctx.body, ctx.body_length
    for i, quote in enumerate(doc.quotes):
        cue = quote.cue
        if cue is None or not ctx.span_ok(cue) or cue.start == cue.end:
            continue
        if ctx.span_ok(quote.span) and any(
            cue.start < end and start < cue.end for start, end in _own_words(quote)
        ):
            yield RuleFinding(
                f"/quotes/{i}/cue",
                f"cue [{cue.start}, {cue.end}) {excerpt(ctx.text(cue))} lies inside the quote's "
                "own words; the cue is the reporting verb outside them (or inside an "
                "interruption: “We will,” he said, “win.”)",
            )
        elif not _on_word_boundaries(body, cue.start, cue.end):
            yield RuleFinding(
                f"/quotes/{i}/cue",
                f"cue [{cue.start}, {cue.end}) {excerpt(ctx.text(cue))} does not start and end "
                "on word boundaries" + shift_hint(n, cue.start, cue.end, _word_at(body)),
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
            "indirect quote. White space, and closing punctuation or a dash before the closing "
            "mark, may stand between the span and the marks. The ASCII marks of older "
            "newswire (``opened with two grave accents, closed with two apostrophes'') count.",
            'body: He said we will win. quote: {"kind": "direct", "text": "we will win"}',
            'body: He said: “We will win.” quote: {"kind": "direct", "text": "We will win."}',
        ),
        _unmarked,
        _marks_around,
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
        _speakers_given,
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
        _no_via_speaker,
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
        _insertions_inside,
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
        _no_scare,
    ),
    Rule(
        CodeDoc(
            "NS406",
            "within-cycle",
            _E,
            "Following within from a quote leads back to the same quote.",
            'within names the attribution a nested one is part of ("Officials said Lavrov '
            "believes X\": X is within the officials' quote); a quote cannot enclose itself, "
            "directly or through others.",
            '[{"id": "q1", "within": "q2"}, {"id": "q2", "within": "q1"}]',
            '[{"id": "q1", "within": "q2"}, {"id": "q2"}]',
        ),
        _within_cycles,
        _no_within_cycle,
    ),
    Rule(
        CodeDoc(
            "NS407",
            "nested-quote-outside",
            _E,
            "A nested quote's span does not lie inside the span of the quote it is within.",
            "A nested attribution is part of what the enclosing source said or believed, so its "
            "words stand inside the enclosing quote's span; outside it, within names the wrong "
            "quote or a span is misplaced.",
            '[{"id": "q1", "span": {"start": 10, "end": 40}}, {"id": "q2", "within": "q1", '
            '"span": {"start": 45, "end": 60}}]',
            '[{"id": "q1", "span": {"start": 10, "end": 40}}, {"id": "q2", "within": "q1", '
            '"span": {"start": 25, "end": 40}}]',
        ),
        _within_outside,
        _nested_inside,
    ),
    Rule(
        CodeDoc(
            "NS408",
            "interruption-misplaced",
            _E,
            "An interruption lies outside its quote's span or overlaps one of its insertions.",
            "An interruption is the text between the parts of one quote (the attribution "
            "clause in “We will,” he said, “win.”), so the span covers it; an insertion is the "
            "editor's words inside the quote. One stretch of text cannot be both.",
            '{"span": {"start": 1, "end": 24}, "interruptions": [{"start": 30, "end": 40}]}',
            '{"span": {"start": 1, "end": 24}, "interruptions": [{"start": 9, "end": 20}]}',
        ),
        _interruption_outside,
        _interruptions_fit,
    ),
    Rule(
        CodeDoc(
            "NS409",
            "cue-misplaced",
            _E,
            "A quote's cue lies inside the quote's own words, or does not start and end on "
            "word boundaries.",
            'The cue is the reporting verb ("said", "believes"): it stands outside the '
            "source's words, or inside an interruption between their parts, and it is made of "
            "whole words. A cut word is a shifted span; the message gives the nearest whole "
            "word one to three code points away. Scripts written without spaces (Chinese, "
            "Japanese, Thai, ...) have no visible word boundaries and are not checked for them.",
            'body: “We will win,” Lavrov said. cue: {"start": 21, "end": 25} (" sai")',
            'body: “We will win,” Lavrov said. cue: {"start": 22, "end": 26} ("said")',
        ),
        _cue_misplaced,
        _cues_quiet,
    ),
)
"""Quote rules, in code order."""
