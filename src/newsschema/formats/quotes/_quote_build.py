"""Build a canonical document from machine-extracted quotes: anchor, verify, link speakers.

The importers of quote extractors (``quotes``, ``citron``, ``ggt``) read their own shapes into
:class:`GivenQuote` values and call :func:`build`, which anchors every text in the body
(:mod:`newsschema.formats.anchoring`), reports what it found with the ``NS09x`` codes, links
speaker names to entities with mentions, and validates the result as a
:class:`~newsschema.models.Document`. It never raises for bad data.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import ValidationError

from newsschema._scan import excerpt
from newsschema.codes import QUOTE_CODES
from newsschema.findings import Finding, Severity
from newsschema.formats.anchoring import Anchor, Anchorer, AnchorPolicy, strip_marks
from newsschema.loader import Loaded, load_bytes
from newsschema.models import SCHEMA_VERSION, Document

__all__ = ["GivenQuote", "GivenSpan", "build"]

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$")
_OPENING = frozenset("\"'“„‟«»‹›‘‚‛「『〝＂＇`")
_CLOSING = frozenset("\"'”«»‹›’‛」』〞〟＂＇")
_TRAILING = frozenset(".,;:!?…-‐‑‒–—― ")
_CUE_WINDOW = 300


@dataclass(frozen=True, slots=True)
class GivenSpan:
    """A span as an extractor gives it: its text and/or offsets (any unit)."""

    text: str | None
    start: int | None
    end: int | None
    pointer: str


@dataclass(frozen=True, slots=True)
class GivenQuote:
    """One quote as an extractor gives it, before anchoring.

    ``fragments`` are the parts of a quote broken by an attribution clause (Citron's
    ``contents``); when given, the quote runs from the first to the last and the gaps become
    interruptions.
    """

    pointer: str
    text: str | None = None
    start: int | None = None
    end: int | None = None
    fragments: tuple[GivenSpan, ...] = ()
    speaker: str | None = None
    speaker_spans: tuple[GivenSpan, ...] = ()
    cue: str | None = None
    cue_span: GivenSpan | None = None
    kind: str | None = None
    attribution: str | None = None


@dataclass
class _Entity:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: set[tuple[int, int]] = field(default_factory=set)
    pointer: str = ""


class _Build:
    def __init__(
        self, body: str, policy: AnchorPolicy, file: str | None, index: int, line: int
    ) -> None:
        self.body = body
        self.anchorer = Anchorer(body)
        self.policy = policy
        self.file = file
        self.index = index
        self.line = line
        self.findings: list[Finding] = []
        self.entities: dict[str, _Entity] = {}
        self.taken: set[tuple[int, int]] = set()
        self.last = 0

    def add(self, code: str, message: str, pointer: str) -> None:
        severity = QUOTE_CODES[code].severity if code in QUOTE_CODES else Severity.WARNING
        if code in ("NS080", "NS083"):
            severity = Severity.ERROR
        self.findings.append(
            Finding(
                code,
                severity,
                message,
                pointer=pointer,
                file=self.file,
                line=self.line,
                column=1,
                document=self.index,
            )
        )

    @property
    def failed(self) -> bool:
        return any(f.is_error for f in self.findings)

    # -- anchoring ---------------------------------------------------------------------------

    def anchor(self, span: GivenSpan, what: str, *, content: bool) -> tuple[int, int] | None:
        """Anchor one given span and report how it was found; None when it was not."""
        text = span.text
        if not text:
            return self._by_offsets(span, what)
        policy = self.policy
        found = self.anchorer.find(
            text,
            policy,
            start=span.start,
            end=span.end,
            after=self.last if content else 0,
            avoid=frozenset(self.taken) if content else frozenset(),
        )
        if not found.found:
            self._not_found(found, text, what, span.pointer, content=content)
            return None
        start, end = found.span()
        self._report(found, text, what, span, content=content)
        if content:
            start, end = strip_marks(self.body, start, end)
            if start >= end:
                self.add("NS090", f"{what} {excerpt(text)} is only quotation marks", span.pointer)
                return None
        return start, end

    def _by_offsets(self, span: GivenSpan, what: str) -> tuple[int, int] | None:
        if span.start is None or span.end is None or not 0 <= span.start < span.end:
            self.add("NS080", f"{what} has neither a text nor offsets", span.pointer)
            return None
        if span.end > len(self.body):
            self.add("NS080", f"{what} [{span.start}, {span.end}) runs past the body", span.pointer)
            return None
        return span.start, span.end

    def _not_found(
        self, found: Anchor, text: str, what: str, pointer: str, *, content: bool
    ) -> None:
        if found.closest is not None:
            a, b = found.closest
            closest = f"; the closest passage is [{a}, {b}) {excerpt(self.body[a:b], 60)} "
            closest += f"(similarity {found.similarity:.2f})"
        else:
            closest = "; no passage shares a word with it"
        hint = ""
        if self.policy.mode != "fuzzy" and found.closest is not None:
            hint = "; --anchor fuzzy:T accepts a passage at least T similar"
        elif self.policy.mode == "fuzzy":
            hint = f"; below the --anchor threshold {self.policy.threshold:g}"
        if content:
            message = f"{what} {excerpt(text, 60)} is not in the body{closest}{hint}"
            self.add("NS090", message, pointer)
        else:
            self.add("NS097", f"{what} {excerpt(text)} is not in the body; left out", pointer)

    def _report(
        self, found: Anchor, text: str, what: str, span: GivenSpan, *, content: bool
    ) -> None:
        start, end = found.span()
        here = f"[{start}, {end}) {excerpt(self.body[start:end], 60)}"
        if found.method == "fuzzy":
            self.add(
                "NS091",
                f"{what} {excerpt(text, 60)} was found only approximately, at {here} "
                f"(similarity {found.similarity:.2f}); the body's text is kept",
                span.pointer,
            )
        elif found.method == "normalised" and not _only_marks_differ(text, self.body[start:end]):
            self.add(
                "NS092",
                f"{what} {excerpt(text, 60)} was found only after normalising quotation marks, "
                f"dashes, white space and case, at {here}; the body's text is kept",
                span.pointer,
            )
        note = found.offsets_note()
        if note is not None:
            self.add("NS093", f"{what} at {here}: {note}", span.pointer)
        elif found.occurrences > 1 and span.start is None and content:
            self.add(
                "NS096",
                f"{what} {excerpt(text)} occurs {found.occurrences} times in the body; the "
                f"first free one in document order, at {here}, was taken (give start/end)",
                span.pointer,
            )

    # -- quotes ------------------------------------------------------------------------------

    def quote(self, given: GivenQuote, number: int) -> dict[str, Any] | None:
        fragments = given.fragments or (
            GivenSpan(given.text, given.start, given.end, given.pointer + "/text"),
        )
        spans: list[tuple[int, int]] = []
        for i, fragment in enumerate(fragments):
            what = "the quote" if len(fragments) == 1 else f"part {i + 1} of the quote"
            found = self.anchor(fragment, what, content=True)
            if found is None:
                return None
            spans.append(found)
        spans.sort()
        start, end = spans[0][0], spans[-1][1]
        self.taken.add((start, end))
        self.last = end
        quote: dict[str, Any] = {
            "id": f"q{number}",
            "kind": self._kind(given, start, end),
            "text": self.body[start:end],
            "span": {"start": start, "end": end},
        }
        gaps = [
            {"start": a_end, "end": b_start}
            for (_, a_end), (b_start, _) in itertools.pairwise(spans)
            if b_start > a_end
        ]
        if gaps:
            quote["interruptions"] = gaps
        if given.attribution is not None:
            quote["attribution"] = given.attribution
        speaker = self._speaker(given)
        if speaker is not None:
            quote["speaker"] = speaker
        cue = self._cue(given, start, end)
        if cue is not None:
            quote["cue"] = {"start": cue[0], "end": cue[1]}
        return quote

    def _kind(self, given: GivenQuote, start: int, end: int) -> str:
        marked = in_marks(self.body, start, end)
        if given.kind is None:
            kind = "direct" if marked else "indirect"
            self.add(
                "NS087",
                f"the quote's kind is not given; {kind} inferred from the quotation marks "
                f"{'around' if marked else 'missing around'} it",
                given.pointer,
            )
            return kind
        if given.kind == "direct" and not marked:
            self.add(
                "NS094",
                f"the quote [{start}, {end}) {excerpt(self.body[start:end])} is given as direct "
                "but does not stand in quotation marks in the body",
                given.pointer + "/kind",
            )
        return given.kind

    def _cue(self, given: GivenQuote, start: int, end: int) -> tuple[int, int] | None:
        if given.cue_span is not None:
            return self.anchor(given.cue_span, "the cue", content=False)
        if given.cue is None:
            return None
        places = self.anchorer.occurrences(given.cue, "exact") or self.anchorer.occurrences(
            given.cue, "normalised"
        )
        near = [
            (min(abs(a - end), abs(start - b)), (a, b))
            for a, b in places
            if (b <= start or a >= end)
            and min(abs(a - end), abs(start - b)) <= _CUE_WINDOW
            and _whole_word(self.body, a, b)
        ]
        if not near:
            self.add(
                "NS097",
                f"the cue {excerpt(given.cue)} does not occur within {_CUE_WINDOW} code points "
                "of the quote; left out",
                given.pointer + "/cue",
            )
            return None
        return min(near)[1]

    def _speaker(self, given: GivenQuote) -> str | None:
        spans = []
        for span in given.speaker_spans:
            found = self.anchor(span, "the speaker", content=False)
            if found is not None:
                spans.append(found)
        name = given.speaker
        if not name and spans:
            name = self.body[spans[0][0] : spans[0][1]]
        if not name or not name.strip():
            return None
        name = " ".join(name.split())
        entity = self._entity(name, given.pointer + "/speaker")
        entity.mentions.update(spans)
        return entity.id

    def _entity(self, name: str, pointer: str) -> _Entity:
        """The entity named ``name``: an earlier one by name, alias or last name, else a new one.

        "Lavrov" and "Sergey Lavrov" are one entity; the fullest name is the entity's.
        """
        key = name.casefold()
        for entity in self.entities.values():
            names = [entity.name, *entity.aliases]
            if key in {n.casefold() for n in names}:
                return entity
        for entity in self.entities.values():
            if _same_person(name, entity.name):
                if len(name) > len(entity.name):
                    entity.aliases.append(entity.name)
                    entity.name = name
                else:
                    entity.aliases.append(name)
                return entity
        entity = _Entity(f"e{len(self.entities) + 1}", name, pointer=pointer)
        self.entities[key] = entity
        return entity

    def link_mentions(self) -> None:
        """Give each speaker the mentions of its names in the body.

        A person named in full ("Anna Berg") is also mentioned by their last name alone
        ("Berg told reporters"), unless another speaker shares that last name.
        """
        lasts = Counter(e.name.split()[-1] for e in self.entities.values())
        for entity in self.entities.values():
            words = entity.name.split()
            last = words[-1]
            places = self._named([entity.name, *entity.aliases])
            if len(words) > 1 and len(last) > 2 and last[0].isupper() and lasts[last] == 1:
                by_last = self._named([last])
                if by_last and last not in entity.aliases:
                    entity.aliases.append(last)
                places |= by_last
            entity.mentions.update(places)
            if not entity.mentions:
                self.add(
                    "NS095",
                    f"the speaker {excerpt(entity.name)} is not mentioned in the body; "
                    "recorded as an entity with no mention",
                    entity.pointer,
                )

    def _named(self, names: Sequence[str]) -> set[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for name in names:
            places = self.anchorer.occurrences(name, "exact") or self.anchorer.occurrences(
                name, "normalised"
            )
            found.update(p for p in places if _whole_word(self.body, *p))
        return found


def in_marks(body: str, start: int, end: int) -> bool:
    """True when ``[start, end)`` stands between quotation marks (space and punctuation allowed)."""
    i = start - 1
    while i >= 0 and body[i].isspace():
        i -= 1
    j = end
    while j < len(body) and body[j] in _TRAILING:
        j += 1
    return i >= 0 and body[i] in _OPENING and j < len(body) and body[j] in _CLOSING


def _outermost(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another ("Lavrov" within "Sergey Lavrov" is one mention), sorted."""
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int]] = []
    for span in ordered:
        if out and span[1] <= out[-1][1]:
            continue
        out.append(span)
    return out


def _same_person(a: str, b: str) -> bool:
    """True when one name is a single word that is the other's last word ("Lavrov")."""
    wa, wb = a.casefold().split(), b.casefold().split()
    return (len(wa) == 1 or len(wb) == 1) and wa[-1] == wb[-1] and len(wa[-1]) > 2


def _whole_word(body: str, a: int, b: int) -> bool:
    return (a == 0 or not body[a - 1].isalnum() or not body[a].isalnum()) and (
        b == len(body) or not body[b].isalnum() or not body[b - 1].isalnum()
    )


def _only_marks_differ(given: str, found: str) -> bool:
    """True when the given text is the body's with quotation marks or white space around it."""
    return given.strip().strip("\"'“”‘’„«»").strip() == found


def build(
    article: Mapping[str, Any],
    quotes: Sequence[GivenQuote],
    *,
    settings: Mapping[str, str],
    policy: AnchorPolicy,
    file: str | None,
    index: int,
    line: int,
) -> Loaded:
    """Anchor ``quotes`` in ``article["body"]`` and return the canonical document (or why not).

    ``settings`` are ``--set article.FIELD=VALUE`` values; they fill or override the article.
    """
    fields: dict[str, Any] = {k: v for k, v in article.items() if v is not None}
    for name, value in settings.items():
        fields[name.split(".", 1)[1]] = value
    body = fields.get("body")
    b = _Build(body if isinstance(body, str) else "", policy, file, index, line)
    if not isinstance(body, str) or not body:
        b.add("NS080", "the article has no body text", "/article/body")
        return Loaded(None, b.findings, index=index, line=line, file=file)
    if not isinstance(fields.get("id"), str) or not _ID.match(fields["id"]):
        b.add(
            "NS083",
            f"the article id {fields.get('id')!r} is not an id; give --set article.id=ID",
            "/article/id",
        )
    if not fields.get("language"):
        b.add(
            "NS083",
            "article.language is not given; give --set article.language=TAG (e.g. en)",
            "/article",
        )
    built = [b.quote(given, number) for number, given in enumerate(quotes, start=1)]
    b.link_mentions()
    if b.failed:
        return Loaded(None, b.findings, index=index, line=line, file=file)
    raw: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "article": fields,
        "entities": [
            {
                "id": e.id,
                "kind": "person",
                "name": e.name,
                **({"aliases": e.aliases} if e.aliases else {}),
                "mentions": [{"start": a, "end": z} for a, z in _outermost(e.mentions)],
            }
            for e in b.entities.values()
        ],
        "quotes": [quote for quote in built if quote is not None],
    }
    try:
        document = Document.model_validate(raw)
    except ValidationError:
        loaded = next(load_bytes(orjson.dumps(raw)))
        for finding in loaded.findings:
            b.findings.append(finding.at(file=file, line=line, column=1, document=index))
        return Loaded(None, b.findings, raw=raw, index=index, line=line, file=file)
    return Loaded(document, b.findings, raw=raw, index=index, line=line, file=file)
