"""NS1xx: spans point at the right text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from itertools import chain, compress
from operator import gt, itemgetter, le, not_
from typing import TYPE_CHECKING, NamedTuple

from newsschema import _fast
from newsschema._scan import excerpt
from newsschema.codes import CodeDoc
from newsschema.findings import Severity
from newsschema.rules._base import UTF16_HINT, Context, PassPart, Plain, Rule, RuleFinding
from newsschema.rules._columns import columns
from newsschema.rules._graphemes import has_prepend, prepend_at, splits_cluster
from newsschema.rules._shift import shift_hint

if TYPE_CHECKING:
    from newsschema.models import Document, Span

__all__ = ["RULES"]

_E, _W = Severity.ERROR, Severity.WARNING
# Code points below U+0300 never continue a grapheme cluster (except LF after CR): checking
# one comparison first keeps the rule cheap on Latin text.
_NEVER_EXTENDS = "\u0300"
# Common punctuation above U+0300 that never joins the character before it into a cluster.
_NEVER_JOIN = frozenset("‘’‚‛“”„‟‹›«»–—…‐‑‒―′″•·€£")
# A character that may continue a cluster: at or above U+0300 and not common punctuation.
_MAY_JOIN = re.compile(f"[^\\x00-\\u02ff{re.escape(''.join(sorted(_NEVER_JOIN)))}]")
# Code points outside the Basic Multilingual Plane: two UTF-16 code units each.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

Fits = Callable[[str], bool]
"""Whether a span's text is what the annotation says it is (quote text, entity name)."""


def _utf16_starts(ctx: Context) -> list[int]:
    """UTF-16 offsets of the body's astral code points (empty: UTF-16 counts as code points)."""
    return [m.start() + k for k, m in enumerate(_ASTRAL.finditer(ctx.body))]


def _from_utf16(starts: list[int], offset: int, n: int) -> int | None:
    """Turn a UTF-16 code-unit offset into a code-point offset (None: no such place)."""
    before = bisect_left(starts, offset)  # astral code points that start before ``offset``
    if before and starts[before - 1] + 1 == offset:
        return None  # between the two halves of a surrogate pair
    converted = offset - before
    return converted if 0 <= converted <= n else None


def utf16_hint(ctx: Context, span: Span, fits: Fits | None) -> str:
    """Return a hint when ``span`` only makes sense read as UTF-16 code units, else ``""``.

    JavaScript (and Java, C#, many annotation tools) count string positions in UTF-16 code
    units; every character outside the Basic Multilingual Plane (most emoji, some CJK) then
    counts twice and every later offset drifts. The hint is given when the body has such
    characters, the span read as UTF-16 lies in the body, and (when there is something to
    compare with) its text is the expected one there.
    """
    starts: list[int] = ctx.shared("utf16", _utf16_starts)
    if not starts or span.start > span.end:
        return ""
    start = _from_utf16(starts, span.start, ctx.body_length)
    end = _from_utf16(starts, span.end, ctx.body_length)
    if start is None or end is None or start > end or (start, end) == (span.start, span.end):
        return ""
    if fits is not None and not fits(ctx.body[start:end]):
        return ""
    return f"; {UTF16_HINT} (as JavaScript counts): in code points this span is [{start}, {end})"


def _span_problems(ctx: Context, *, plain: bool = False) -> dict[str, list[RuleFinding]]:
    """One pass over every span for NS101, NS102 and NS106 (the hot path: keep it lean).

    Pointers are built only for spans that fail the combined fast test.
    """
    if _fast.ENABLED and not plain:
        return _span_problems_fast(ctx)
    problems: dict[str, list[RuleFinding]] = {"NS101": [], "NS102": [], "NS106": []}
    doc, body, n = ctx.document, ctx.body, ctx.body_length
    last = n - 1
    # A prepended mark (U+0600, rare) joins whatever follows it: then the character before a
    # boundary matters too.
    prepend = has_prepend(body)

    def suspect(s: int, e: int) -> bool:
        if s > e or e > n:
            return True
        for i in (s, e):
            if 0 < i <= last:
                ch = body[i]
                if (
                    (ch >= _NEVER_EXTENDS and ch not in _NEVER_JOIN)
                    or (ch == "\n" and body[i - 1] == "\r")
                    or (prepend and prepend_at(body, i - 1))
                ):
                    return True
        return False

    for i, entity in enumerate(doc.entities):
        fits: Fits | None = None  # built once per entity: it holds every alias
        for j, mention in enumerate(entity.mentions):
            if suspect(mention.start, mention.end):
                if fits is None:
                    fits = _names_of(entity.name, entity.aliases)
                _classify(ctx, problems, f"/entities/{i}/mentions/{j}", mention, fits)
    for i, event in enumerate(doc.events):
        for j, mention in enumerate(event.mentions):
            if suspect(mention.start, mention.end):
                _classify(ctx, problems, f"/events/{i}/mentions/{j}", mention, None)
    for i, quote in enumerate(doc.quotes):
        span = quote.span
        if suspect(span.start, span.end):
            _classify(ctx, problems, f"/quotes/{i}/span", span, quote.text.__eq__)
        cue = quote.cue
        if cue is not None and suspect(cue.start, cue.end):
            _classify(ctx, problems, f"/quotes/{i}/cue", cue, None)
        for j, span in enumerate(quote.insertions):
            if suspect(span.start, span.end):
                _classify(ctx, problems, f"/quotes/{i}/insertions/{j}", span, None)
        for j, span in enumerate(quote.interruptions):
            if suspect(span.start, span.end):
                _classify(ctx, problems, f"/quotes/{i}/interruptions/{j}", span, None)
    return problems


def _spans_clean(ctx: Context | Plain) -> bool:
    """Fast test: no span is reversed, leaves the body or has a boundary ``suspect`` flags.

    Then :func:`_span_problems` finds nothing. The spans' offsets are read from the shared
    columns and tested by C-level steps; the characters at the boundaries are picked at once
    (one ``itemgetter`` call), and when they are ASCII (usual: words at the boundaries, curly
    quotes and dashes inside) only a CR LF could be split there.
    """
    body, n = ctx.body, ctx.body_length
    cols = columns(ctx)
    begins = [*cols.mention_starts, *cols.quote_starts, *cols.cue_starts]
    finishes = [*cols.mention_ends, *cols.quote_ends, *cols.cue_ends]
    if any(cols.event_mentions):
        more_begins, more_ends = cols.offsets(list(_flat(cols.event_mentions)))
        begins += more_begins
        finishes += more_ends
    if any(cols.insertions) or any(cols.interruptions):
        more_begins, more_ends = cols.offsets([*_flat(cols.insertions), *_flat(cols.interruptions)])
        begins += more_begins
        finishes += more_ends
    if not begins:
        return True
    if max(finishes) > n or any(map(gt, begins, finishes)):
        return False
    return _boundaries_clean(body, [*begins, *finishes], min(begins) == 0 or max(finishes) == n)


def _boundaries_clean(body: str, bounds: list[int], at_ends: bool) -> bool:
    """No offset of ``bounds`` (each in ``[0, len(body)]``) is one ``suspect`` flags.

    ``at_ends``: some offset is 0 or the body's length (no boundary inside the body).
    """
    if _has_prepend(body):
        return False  # a prepended mark (U+0600) joins the character after it, ASCII or not
    # Offsets 0 and n are no boundary inside the body: when a span touches either end, NULs
    # stand there (never suspect) in a copy of the body, so one call picks every boundary
    # character.
    probe = f"\0{body[1:]}\0" if at_ends else body
    chars = "".join(itemgetter(*bounds)(probe))
    if not chars.isascii() and _MAY_JOIN.search(chars) is not None:
        return False  # curly quotes and dashes are common there: the class leaves them out
    if "\n" in chars and "\r" in body:
        last = len(body) - 1
        inside = [i for i in bounds if 0 < i <= last]
        return all(body[i - 1] != "\r" for i in inside if body[i] == "\n")
    return True


class _PlainSpans(NamedTuple):
    """What one pass over a plain document's spans found, for the span rules' quiet tests."""

    clean: bool  # :func:`_spans_clean`: NS101, NS102 and NS106 find nothing
    texts: bool  # :func:`_texts_match`: NS103 finds nothing
    named: bool  # :func:`_all_named`: NS104 finds nothing
    in_order: bool  # :func:`_apart_in_order` (NS105 finds nothing; False: ask the full test)


def _plain_spans(plain: Plain) -> _PlainSpans:
    """The span rules' fast tests on plain data, in one pass of plain loops.

    Each mention and quote is read once for all of them (no columns gathered): its offsets
    go to the boundary test, its text is compared with the entity's name or the quote's.
    """
    body, n = plain.body, plain.body_length
    bounds: list[int] = []
    add = bounds.append
    inside = named = texts = in_order = True
    for entity in plain.entities:
        name = entity["name"]
        aliases: frozenset[str] | None = None  # a set when first needed: linear in mentions
        for span in entity["mentions"]:
            start, end = span["start"], span["end"]
            if start > end or end > n:
                inside = False
            add(start)
            add(end)
            if named:
                text = body[start:end]
                if text != name and span["form"] not in _NOT_NAMES:
                    if aliases is None:
                        aliases = frozenset(entity["aliases"])
                    if text not in aliases:
                        named = False
    for event in plain.events:
        for span in event["mentions"]:
            start, end = span["start"], span["end"]
            if start > end or end > n:
                inside = False
            add(start)
            add(end)
    before = 0  # where the previous quote ends
    for quote in plain.quotes:
        span = quote["span"]
        start, end = span["start"], span["end"]
        if start > end or end > n:
            inside = in_order = False
        elif start < before:
            in_order = False
        before = end
        add(start)
        add(end)
        if texts and body[start:end] != quote["text"]:
            texts = False
        more = quote["insertions"]
        if more or quote["interruptions"]:
            more = (*more, *quote["interruptions"])
        cue = quote["cue"]
        if cue is not None:
            more = (cue, *more)
        for span in more:
            start, end = span["start"], span["end"]
            if start > end or end > n:
                inside = False
            add(start)
            add(end)
    clean = inside and (not bounds or _bounds_clean(body, bounds))
    return _PlainSpans(clean, texts, named, in_order)


def _bounds_clean(body: str, bounds: list[int]) -> bool:
    """:func:`_boundaries_clean` without looking for offsets 0 and n first (usually none).

    Picked from the body itself, offset 0 gives its first character, which may only make
    the test say "suspect" where the exact one would not (never the other way); offset n
    is past the body's end, and the test is then run as asked.
    """
    try:
        return _boundaries_clean(body, bounds, False)
    except IndexError:
        return _boundaries_clean(body, bounds, True)


_ASCII_BYTES = bytes(range(128))


def _has_prepend(body: str) -> bool:
    """Whether ``body`` holds a prepended mark (GB9b), looked for among its non-ASCII only.

    Every such mark is beyond ASCII, and dropping the ASCII bytes of UTF-8 keeps every other
    character whole: the search then reads the few curly quotes and dashes of most text
    instead of all of it. The strict codec is tried first: a str that was checked by
    Pydantic keeps its UTF-8 form, which that codec copies instead of encoding again.
    """
    if body.isascii():
        return False
    try:
        encoded = body.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (never from JSON)
        encoded = body.encode("utf-8", "surrogatepass")
    rest = encoded.translate(None, _ASCII_BYTES)
    return has_prepend(rest.decode("utf-8", "surrogatepass"))


def _span_problems_fast(ctx: Context) -> dict[str, list[RuleFinding]]:
    """:func:`_span_problems` after a cheap test that it can find anything (most documents)."""
    if _spans_clean(ctx):
        return {"NS101": [], "NS102": [], "NS106": []}
    return _span_problems(ctx, plain=True)


def _classify(
    ctx: Context,
    problems: dict[str, list[RuleFinding]],
    pointer: str,
    span: Span,
    fits: Fits | None,
) -> None:
    body, n = ctx.body, ctx.body_length
    start, end = span.start, span.end
    if start > n or end > n:
        problems["NS101"].append(
            RuleFinding(
                pointer,
                f"span [{start}, {end}) reaches past the end of the body ({n} code points)"
                + utf16_hint(ctx, span, fits),
            )
        )
    if start > end:
        problems["NS102"].append(RuleFinding(pointer, f"span start {start} is after its end {end}"))
    if start > end or end > n:
        return
    for name, offset in (("start", start), ("end", end)):
        if splits_cluster(body, offset):
            ch = body[offset]
            problems["NS106"].append(
                RuleFinding(
                    pointer,
                    f"span {name} {offset} falls inside a grapheme cluster "
                    f"(before {ch!r}, U+{ord(ch):04X})",
                )
            )


_out_of_body = PassPart("spans", _span_problems, "NS101")


_reversed = PassPart("spans", _span_problems, "NS102")


def _texts_match(ctx: Context | Plain) -> bool:
    """Fast test for NS103: every quote's text is the body at its span.

    A span that is reversed or leaves the body is never checked by NS103, so a text that
    happens to equal the (empty or cut) slice there changes nothing.
    """
    cols = columns(ctx)
    body = ctx.body
    found = [body[s:e] for s, e in zip(cols.quote_starts, cols.quote_ends, strict=True)]
    return found == cols.quote_texts


def _quote_text(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if _fast.ENABLED and _texts_match(ctx):
        return
    for i, quote in enumerate(doc.quotes):
        if not ctx.span_ok(quote.span):
            continue
        found = ctx.text(quote.span)
        if found != quote.text:
            text, body = quote.text, ctx.body
            hint = _normalisation_hint(found, text) + utf16_hint(ctx, quote.span, text.__eq__)
            if not hint:
                hint = shift_hint(
                    ctx.body_length, quote.span.start, quote.span.end, _text_at(body, text)
                )
            yield RuleFinding(
                f"/quotes/{i}/text",
                f"quote text {excerpt(text)} differs from the body at its span "
                f"[{quote.span.start}, {quote.span.end}): {excerpt(found)}" + hint,
            )


def _normalisation_hint(found: str, expected: str) -> str:
    """Say so when two texts differ only in Unicode normalisation (composed vs decomposed)."""
    if unicodedata.normalize("NFC", found) != unicodedata.normalize("NFC", expected):
        return ""
    return (
        "; they differ only in Unicode normalisation (NFC vs NFD): write the text exactly as "
        "the body has it (offsets count the body's code points)"
    )


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _names_of(name: str, aliases: Sequence[str]) -> Fits:
    """Return the test NS104 applies: is a text the name or an alias (case, spacing aside)?"""
    known = {_normal(name), *(_normal(alias) for alias in aliases)}
    return lambda text: _normal(text) in known


def _fits_known(known: set[str]) -> Fits:
    """The test of :func:`_names_of`, over names already normalised."""
    return lambda text: _normal(text) in known


def _all_named(ctx: Context | Plain) -> bool:
    """Fast test for NS104: every mention by name is exactly the name or an alias.

    The (entity index, text) pairs of the mentions, as a set, less those of the names; what is
    left must be aliases. Mentions whose form says they are no name are left out, as NS104
    leaves them out.
    """
    cols = columns(ctx)
    if not cols.mentions:
        return True
    body = ctx.body
    texts = [body[s:e] for s, e in zip(cols.mention_starts, cols.mention_ends, strict=True)]
    owners = [i for i, mentions in enumerate(cols.entity_mentions) for _ in mentions]
    forms = cols.mention_forms
    if _NOT_NAMES.isdisjoint(forms):
        wanted = set(zip(owners, texts, strict=True))
    else:
        named = map(not_, map(_NOT_NAMES.__contains__, forms))
        wanted = set(compress(zip(owners, texts, strict=True), named))
    wanted.difference_update(enumerate(cols.entity_names))
    aliases, entities = cols.get.aliases, cols.entities
    return all(text in aliases(entities[i]) for i, text in wanted)


_flat = chain.from_iterable


def _mention_names(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if _fast.ENABLED and _all_named(ctx):
        return
    body, n = ctx.body, ctx.body_length
    for i, entity in enumerate(doc.entities):
        if not entity.mentions:
            continue
        # A set: each mention is looked up among every alias (many x many was quadratic);
        # built only when a mention is not the name itself.
        name, aliases = entity.name, None
        known: set[str] | None = None
        for j, span in enumerate(entity.mentions):
            start, end = span.start, span.end
            # Descriptions and pronouns refer without naming: they are never aliases.
            if start > end or end > n or span.form in _NOT_NAMES:
                continue
            found = body[start:end]
            if found == name:
                continue
            if aliases is None:
                aliases = frozenset(entity.aliases)
            if found in aliases:
                continue
            if known is None:
                known = {_normal(name), *(_normal(alias) for alias in aliases)}
            if _normal(found) not in known:
                hint = utf16_hint(ctx, span, _fits_known(known)) or shift_hint(
                    n, start, end, _name_at(body, known)
                )
                advice = (
                    "add it to aliases or fix the span"
                    if span.form is not None
                    else "add it to aliases, give a description or pronoun its form "
                    "(nominal, pronoun), or fix the span"
                )
                yield RuleFinding(
                    f"/entities/{i}/mentions/{j}",
                    f"mention text {excerpt(found)} is neither the name nor an alias of "
                    f"{entity.id!r}; " + (hint[2:] if hint else advice),
                )


_NOT_NAMES = frozenset({"nominal", "pronoun"})


def _text_at(body: str, text: str) -> Callable[[int, int], bool]:
    return lambda start, end: body[start:end] == text


def _name_at(body: str, known: set[str]) -> Callable[[int, int], bool]:
    return lambda start, end: _normal(body[start:end]) in known


def _nested_or_apart(doc: Document, ctx: Context) -> bool:
    """Fast test for NS105: no two checked quote spans cross and no two non-empty ones are equal.

    Then no quote has a crossing one or a twin, so NS105 finds nothing. Empty spans are never
    reported and end before any quote that starts after them: they are left out.
    """
    return _nested_or_apart_columns(ctx)


def _nested_or_apart_columns(ctx: Context | Plain) -> bool:
    """:func:`_nested_or_apart` over the shared columns."""
    n = ctx.body_length
    cols = columns(ctx)
    spans = []
    for start, end in zip(cols.quote_starts, cols.quote_ends, strict=True):
        if start < end <= n:
            spans.append((start, -end))
    spans.sort()
    open_ends: list[int] = []  # ends of the spans that contain the current start, innermost last
    previous = None
    for item in spans:
        if item == previous:
            return False
        previous = item
        start, end = item[0], -item[1]
        while open_ends and open_ends[-1] <= start:
            open_ends.pop()
        if open_ends and end > open_ends[-1]:
            return False
        open_ends.append(end)
    return True


def _apart_in_order(ctx: Context | Plain) -> bool:
    """Fast test for NS105: in document order, each quote ends before the next one starts.

    Then the spans are in order and apart (none crosses or equals another that is not empty),
    as usual in real articles; otherwise :func:`_nested_or_apart` decides.
    """
    cols = columns(ctx)
    begins, finishes = cols.quote_starts, cols.quote_ends
    if len(begins) < 2:
        return True
    return (
        max(finishes) <= ctx.body_length
        and not any(map(gt, begins, finishes))
        and all(map(le, finishes[:-1], begins[1:]))
    )


def _overlapping_quotes(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if _fast.ENABLED and (_apart_in_order(ctx) or _nested_or_apart(doc, ctx)):
        return
    # One finding per quote, with a count, at the quote that starts later (the later one of a
    # shared span): listing every pair was quadratic in time and in report size. In start
    # order, a Fenwick tree over the ends of the quotes that start earlier counts those ending
    # strictly inside this quote (they cross it) in O(log q): O(q log q) in all.
    quotes = sorted(
        (q.span.start, q.span.end, i) for i, q in enumerate(doc.quotes) if ctx.span_ok(q.span)
    )
    ends = sorted({e for _, e, _ in quotes})
    tree = [0] * (len(ends) + 1)
    first_end: dict[int, int] = {}  # rank of an end -> the first quote with that end
    # span -> speaker -> (first quote, count) of the quotes seen with that span
    first_span: dict[tuple[int, int], dict[str | None, tuple[int, int]]] = {}
    found: dict[int, str] = {}

    def before(rank: int) -> int:  # how many inserted ends have a rank below ``rank``
        total = 0
        while rank > 0:
            total, rank = total + tree[rank], rank & (rank - 1)
        return total

    def nth(count: int) -> int:  # rank of the count-th smallest inserted end (1-based)
        rank, step = 0, 1 << len(ends).bit_length()
        while step:
            if rank + step <= len(ends) and tree[rank + step] < count:
                rank += step
                count -= tree[rank]
            step >>= 1
        return rank

    k = 0
    while k < len(quotes):
        group = quotes[k : bisect_left(quotes, (quotes[k][0] + 1,))]  # same start: they nest
        for start, end, i in group:
            if start == end:
                continue
            parts = []
            low, high = bisect_right(ends, start), bisect_left(ends, end)
            crossing = before(high) - before(low)
            if crossing:
                other = doc.quotes[first_end[nth(before(low) + 1)]].id
                more = f" and {crossing - 1} other quote(s)" if crossing > 1 else ""
                parts.append(f"partly overlaps quote {other!r}{more}")
            # Two attributions of one content span to different sources are fine ("X and Y
            # said ..."): only earlier quotes without a speaker, or with this one's, conflict.
            state = first_span.setdefault((start, end), {})
            speaker = doc.quotes[i].speaker
            keys = list(state) if speaker is None else [None, speaker]
            clashes = [state[key] for key in keys if key in state]
            same = sum(count for _, count in clashes)
            if same:
                twin = min(first for first, _ in clashes)
                more = f" and {same - 1} other quote(s)" if same > 1 else ""
                parts.append(f"has the same span as quote {doc.quotes[twin].id!r}{more}")
            first, count = state.get(speaker, (i, 0))
            state[speaker] = (first, count + 1)
            if parts:
                found[i] = "quote " + " and ".join(parts)
        for _, end, i in group:
            rank = bisect_left(ends, end)
            first_end.setdefault(rank, i)
            rank += 1
            while rank <= len(ends):
                tree[rank] += 1
                rank += rank & -rank
        k += len(group)
    for i in sorted(found):
        yield RuleFinding(f"/quotes/{i}/span", found[i])


_splits_grapheme = PassPart("spans", _span_problems, "NS106")


def _spans_quiet(plain: Plain) -> bool:
    """Quiet test for NS101, NS102 and NS106 (one test for the three, run once)."""
    return _spans_of(plain).clean


def _texts_quiet(plain: Plain) -> bool:
    """Quiet test for NS103."""
    return _spans_of(plain).texts


def _names_quiet(plain: Plain) -> bool:
    """Quiet test for NS104."""
    return _spans_of(plain).named


def _quotes_apart(plain: Plain) -> bool:
    """Quiet test for NS105: the quotes in order and apart, else the laminar test."""
    return _spans_of(plain).in_order or _nested_or_apart_columns(plain)


def _spans_of(plain: Plain) -> _PlainSpans:
    """The span pass of ``plain``, run once for every span rule."""
    found: _PlainSpans = plain.shared("spans", _plain_spans)
    return found


def _sha256_matches(plain: Plain) -> bool:
    """Quiet test for NS107: no hash, or the body's."""
    expected = plain.article["text_sha256"]
    if expected is None:
        return True
    try:
        # The strict codec is the fast one; a body from JSON holds no surrogate.
        encoded = plain.body.encode("utf-8")
    except UnicodeEncodeError:
        encoded = plain.body.encode("utf-8", "surrogatepass")
    return bool(hashlib.sha256(encoded).hexdigest() == expected)


def _sha256(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    expected = doc.article.text_sha256
    if expected is None:
        return
    actual = hashlib.sha256(ctx.body.encode("utf-8", "surrogatepass")).hexdigest()
    if actual != expected:
        yield RuleFinding(
            "/article/text_sha256",
            f"text_sha256 does not match the body (the body hashes to {actual}); the text "
            "was changed after annotation or the hash is stale",
        )


RULES = (
    Rule(
        CodeDoc(
            "NS101",
            "span-out-of-body",
            _E,
            "A span reaches past the end of article.body.",
            "Offsets count code points in the body; a span past its end points at nothing, "
            "usually because the body was cut or offsets were counted in bytes or UTF-16 units. "
            "When the span fits read as UTF-16 code units (as JavaScript counts), the message "
            "says so and gives the span in code points.",
            '{"article": {"body": "Lavrov said."}, ... "mentions": [{"start": 0, "end": 40}]}',
            '{"article": {"body": "Lavrov said."}, ... "mentions": [{"start": 0, "end": 6}]}',
        ),
        _out_of_body,
        _spans_quiet,
    ),
    Rule(
        CodeDoc(
            "NS102",
            "span-reversed",
            _E,
            "A span starts after it ends.",
            "Spans are half-open [start, end); a reversed span covers no text and is a swapped "
            "or mistyped offset.",
            '{"start": 12, "end": 6}',
            '{"start": 6, "end": 12}',
        ),
        _reversed,
        _spans_quiet,
    ),
    Rule(
        CodeDoc(
            "NS103",
            "quote-text-mismatch",
            _E,
            "A quote's text differs from the body at its span.",
            "The text field is a check on the offsets: when they disagree, either the span "
            "moved or the text was edited, and exports would carry the wrong words. When the "
            "text is found at the span read as UTF-16 code units (offsets from a JavaScript "
            "tool), the message says so and gives the span in code points; when the two differ "
            "only in Unicode normalisation (NFC vs NFD), it says that; when the text stands "
            "one to three code points to either side, the message gives that span.",
            '{"text": "We promised", "span": {"start": 1, "end": 10}}  (body[1:10] is "We promis")',
            '{"text": "We promised", "span": {"start": 1, "end": 12}}',
        ),
        _quote_text,
        _texts_quiet,
    ),
    Rule(
        CodeDoc(
            "NS104",
            "mention-not-a-name",
            _W,
            "A mention's text is neither the entity's name nor one of its aliases.",
            "Aliases list the surface forms the text uses, so a mention that matches none of "
            "them is often a shifted span or a missing alias. Case and runs of white space are "
            "ignored, and so is Unicode normalisation (composed or decomposed accents). Only "
            "mentions by name are checked: a mention whose form is nominal or pronoun "
            '("the minister", "he") is never an alias. When the name is found at the span '
            "read as UTF-16 code units, or one to three code points to either side, the "
            "message says so and gives the span.",
            '{"name": "Sergey Lavrov", "aliases": [], "mentions": [<span of "the minister">]}',
            '{"name": "Sergey Lavrov", "aliases": ["the minister"], "mentions": [<span of "the '
            'minister">]}',
        ),
        _mention_names,
        _names_quiet,
    ),
    Rule(
        CodeDoc(
            "NS105",
            "overlapping-quotes",
            _E,
            "Two quotes partly overlap or have the same span.",
            "Quotes may nest (a partial quote inside a mixed one), but two quotes that cross "
            "each other's boundaries, or two with one span, are double or misplaced annotations "
            '-- except two attributions of the same content to different speakers ("X and Y '
            'said ...", or one content shared through an ellipsis).',
            '[{"id": "q1", "span": {"start": 0, "end": 20}}, {"id": "q2", "span": {"start": 10, '
            '"end": 30}}]',
            '[{"id": "q1", "span": {"start": 0, "end": 20}}, {"id": "q2", "span": {"start": 22, '
            '"end": 30}}]',
        ),
        _overlapping_quotes,
        _quotes_apart,
    ),
    Rule(
        CodeDoc(
            "NS106",
            "span-splits-grapheme",
            _W,
            "A span starts or ends inside a grapheme cluster (a user-perceived character).",
            "Splitting an accented letter written with a combining mark, an emoji sequence or a "
            "flag leaves half a character in the annotation; such offsets usually come from "
            "tools that count UTF-16 units or bytes.",
            'body "Cafe\\u0301 Zurich", mention {"start": 0, "end": 4} (cuts the accent off)',
            'body "Cafe\\u0301 Zurich", mention {"start": 0, "end": 5}',
        ),
        _splits_grapheme,
        _spans_quiet,
    ),
    Rule(
        CodeDoc(
            "NS107",
            "text-sha256-mismatch",
            _E,
            "article.text_sha256 is not the SHA-256 of the body's UTF-8 bytes.",
            "The hash pins the exact text the offsets were counted in; a mismatch means the "
            "body changed after annotation, so every span is suspect.",
            '{"body": "Lavrov said.", "text_sha256": "<hash of an older body>"}',
            '{"body": "Lavrov said.", "text_sha256": "<sha256 of the UTF-8 bytes of the body>"}',
        ),
        _sha256,
        _sha256_matches,
    ),
)
"""Span rules, in code order."""
