"""Standoff annotations: the shape every annotation tool shares, and its canonical mapping.

Each tool module (brat, INCEpTION, Label Studio, doccano, spaCy) only translates between its
files and a :class:`Standoff`: a text with labelled spans (possibly in fragments), relations,
events with role arguments, attributes, normalisations and notes, plus the article metadata the
tool carries. This module does the rest once for all of them: offset-unit detection, the label
mapping, article metadata (tool data, file stem, ``--set``), quote-kind inference, and building
and checking the canonical document with located, coded findings.

Under the ``newsschema`` labels an export also carries a *record*: the fields spans cannot hold
(entity names, event dates, quote kinds and speakers, article metadata), with spans replaced by
the ids of the tool's annotations. An import resolves those ids against the annotations as the
tool returns them, so the round trip is exact and spans moved in the tool are honoured.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

import orjson
from pydantic import ValidationError

from newsschema.findings import Finding, Severity
from newsschema.formats._offsets import UNITS, Unit, UnitChoice, choose_unit, unit_name
from newsschema.formats.labels import (
    LabelMap,
    labels_option,
    settings_option,
)
from newsschema.formats.metadata import MetaTable, fill_from_table, link_names
from newsschema.loader import Loaded, load_bytes
from newsschema.models import AnyQuote, Document, Mention, Span, ToolRecord, ToolSpan
from newsschema.types import AttributionType, EntityKind

__all__ = [
    "UNITS",
    "Attribute",
    "Link",
    "Normalization",
    "Note",
    "Standoff",
    "TextSpan",
    "export_span_labels",
    "from_document",
    "labels_option",
    "settings_option",
    "to_document",
]

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$")
_OPENING = "\"'“‘«‹„‚「『"
_CLOSING = "\"'”’»›“‘」』"
_WIKIDATA = re.compile(r"^(?:wikidata|wd):(Q[0-9]+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A labelled span of the text, in one or more fragments (in the tool's offset unit)."""

    id: str
    label: str
    fragments: tuple[tuple[int, int], ...]
    text: str | None = None
    line: int | None = None
    pointer: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """A relation (two arguments) or an event (a trigger and role arguments)."""

    id: str
    label: str
    args: tuple[tuple[str, str], ...]
    trigger: str | None = None
    line: int | None = None
    pointer: str = ""


@dataclass(frozen=True, slots=True)
class Attribute:
    """An attribute of an annotation (brat ``A``/``M``, a Label Studio choice)."""

    id: str
    target: str
    name: str
    value: str
    line: int | None = None
    pointer: str = ""


@dataclass(frozen=True, slots=True)
class Normalization:
    """A reference from an annotation to an external resource (``Wikidata:Q42``)."""

    id: str
    target: str
    ref: str
    line: int | None = None
    text: str = ""
    """The name of what is referred to (brat's ``N`` text field; informative)."""


@dataclass(frozen=True, slots=True)
class Note:
    """A free-text note on an annotation (brat ``#``)."""

    id: str
    target: str
    text: str
    line: int | None = None


@dataclass
class Standoff:
    """One text and its annotations as a tool stores them.

    Attributes:
        text: The exact text.
        name: The article id by default (the file's stem, the task's id).
        file: File name for findings.
        unit: The offset unit the format documents (used when the data gives no evidence).
        meta: Article fields the tool carries (``headline``, ``language``...).
        record: The ``newsschema`` record, when the data carries one.
        index: Position of the document in its file (JSON Lines, task lists).
        line: Line where the document starts in its file.
    """

    text: str
    name: str
    file: str | None = None
    unit: Unit = "code-points"
    spans: list[TextSpan] = field(default_factory=list)
    relations: list[Link] = field(default_factory=list)
    events: list[Link] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    norms: list[Normalization] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    record: dict[str, Any] | None = None
    index: int = 0
    line: int = 1
    declared: Unit | None = None
    """The unit the file itself declares (newsschema exports say ``"offsets"``), if any."""
    pointer: str = ""
    """JSON pointer to the document in its file (a Label Studio task's annotation): where
    findings about the whole document point."""
    article_name: str | None = None
    """The article's name where it differs from ``name`` (brat: the text file's stem), matched
    against the ``--meta`` table."""
    tool: str | None = None
    """The format's name when an export to it can give back the tool's own fragments, roles
    and labels (brat): the import then records what it normalises (``imported``)."""


class _Build:
    """Collects findings while one document is rebuilt."""

    def __init__(self, so: Standoff, meta: MetaTable | None = None) -> None:
        self.so = so
        self.meta = meta
        self.findings: list[Finding] = []
        # Article publisher / authors given by name (--meta, --set): linked to entities.
        self.names: dict[str, list[str]] = {}
        # Each span's fragments in code points, in the tool's order (the spans are sorted).
        self.order: dict[str, tuple[tuple[int, int], ...]] = {}

    def add(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        pointer: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.findings.append(
            Finding(
                code,
                severity,
                message,
                pointer=pointer or ("" if line else self.so.pointer),
                file=self.so.file,
                line=line,
                document=self.so.index,
            )
        )

    def left_out(
        self, what: str, *, line: int | None = None, pointer: str = "", hint: str = ""
    ) -> None:
        """Warn (NS084) that an annotation is left out; ``what`` says which and why."""
        message = f"{what}; left out{hint}"
        self.add("NS084", message, line=line, pointer=pointer, severity=Severity.WARNING)

    @property
    def failed(self) -> bool:
        return any(f.is_error for f in self.findings)


def _spans_in_code_points(b: _Build) -> dict[str, tuple[tuple[int, int], ...]] | None:
    so = b.so
    flat: list[tuple[int, int]] = []
    texts: list[str | None] = []
    owners: list[TextSpan] = []
    for span in so.spans:
        for fragment in span.fragments:
            flat.append(fragment)
            texts.append(span.text if len(span.fragments) == 1 else None)
            owners.append(span)
    choice = choose_unit(so.text, flat, texts, so.declared or so.unit)
    if so.declared is not None and choice.unit == so.declared:
        choice = UnitChoice(so.declared, "declared", choice.spans)
    if choice.unit is None:
        bad = owners[choice.mismatch or 0] if owners else None
        what = f"annotation {bad.id} ({bad.label} {bad.fragments})" if bad else "an annotation"
        stored = f" stores {bad.text!r}" if bad is not None and bad.text is not None else ""
        b.add(
            "NS082",
            f"{what}{stored}: no offset unit (code points, UTF-16 code units, UTF-8 bytes) "
            "makes the spans fit the text"
            + (" and match their stored texts" if any(t is not None for t in texts) else ""),
            line=bad.line if bad else None,
            pointer=bad.pointer if bad else "",
        )
        return None
    # A unit the file declares but its spans contradict is overridden, and that is said too.
    overridden = so.declared is not None and choice.unit != so.declared
    if overridden or (
        choice.evidence != "declared"
        and (choice.unit != "code-points" or choice.evidence == "assumed")
    ):
        why = {
            "texts": "the span texts the tool stores match only in that unit",
            "only-fit": "only that unit keeps every span inside the text and on character "
            "boundaries (the tool stores no span texts)",
            "assumed": "the tool stores no span texts and several units fit: the format's "
            "documented unit was used; check a few spans",
        }.get(choice.evidence, "")
        done = "converted to code points" if choice.unit != "code-points" else "used as they are"
        declared = (
            f" although the file declares {unit_name(so.declared)}"
            if so.declared is not None and overridden
            else ""
        )
        b.add(
            "NS081",
            f"offsets count {unit_name(choice.unit)}{declared} ({why}); {done}",
            severity=Severity.WARNING,
        )
    out: dict[str, list[tuple[int, int]]] = {}
    for owner, fragment in zip(owners, choice.spans, strict=True):
        out.setdefault(owner.id, []).append(fragment)
    b.order = {key: tuple(value) for key, value in out.items()}
    return {key: tuple(sorted(value)) for key, value in out.items()}


def _article(b: _Build, record: Mapping[str, Any], settings: Mapping[str, str]) -> dict[str, Any]:
    so = b.so
    article: dict[str, Any] = {"id": so.name, **record, **so.meta, "body": so.text}
    if b.meta is not None:
        _from_table(b, article, b.meta)
    for name, value in settings.items():
        key = name.split(".", 1)[1]
        if key == "publisher":
            b.names["publisher"] = [value]  # a name, or the id of an entity
        elif key == "authors":
            b.names["authors"] = [a for a in re.split(r"\s*[|;]\s*", value) if a]
        else:
            article[key] = value
    if not isinstance(article.get("id"), str) or not _ID.match(article["id"]):
        b.add(
            "NS083",
            f"the article id {article.get('id')!r} (from the file name or the tool data) is "
            "not an id; give --set article.id=ID",
        )
    # Schema 1.1: a headline is optional (research corpora have none); the language is not.
    if not article.get("language"):
        b.add(
            "NS083",
            "article.language is not in the tool data; give --set article.language=TAG (e.g. en)",
        )
    return article


def _from_table(b: _Build, article: dict[str, Any], meta: MetaTable) -> None:
    """Fill the article's fields from its row of the ``--meta`` table."""
    for message in fill_from_table(article, b.names, meta, b.so.article_name or b.so.name):
        b.add("NS041", message, severity=Severity.WARNING)


def _named_entities(b: _Build, article: dict[str, Any], entities: list[dict[str, Any]]) -> None:
    """Link the publisher and authors given by name to entities, creating them when missing."""
    link_names(article, entities, b.names)


def _covering(fragments: Sequence[tuple[int, int]]) -> dict[str, int]:
    return {"start": fragments[0][0], "end": fragments[-1][1]}


def to_document(
    so: Standoff,
    labels: LabelMap,
    settings: Mapping[str, str],
    meta: MetaTable | None = None,
) -> Loaded:
    """Rebuild the canonical document from one tool document (never raises for bad data).

    ``meta`` is the ``--meta`` table: the row of the article (``so.article_name``) fills the
    article's fields.
    """
    b = _Build(so, meta)
    _unique_ids(b, [*so.spans, *so.events])
    _unique_ids(b, so.relations)
    if b.failed:
        return _loaded(b, None)
    spans = _spans_in_code_points(b)
    if spans is None:
        return _loaded(b, None)
    known = {span.id for span in so.spans}
    event_ids = {event.id for event in so.events}
    for link in [*so.relations, *so.events]:
        for _, target in link.args:
            if target not in known and target not in event_ids:
                b.add(
                    "NS085",
                    f"{link.id} ({link.label}) names {target}, which is not an annotation",
                    line=link.line,
                    pointer=link.pointer,
                )
    targets: list[Attribute | Normalization | Note] = [*so.attributes, *so.norms, *so.notes]
    for item in targets:
        if item.target not in known and item.target not in event_ids:
            b.add(
                "NS085",
                f"{item.id} names {item.target}, which is not an annotation",
                line=item.line,
            )
    if b.failed:
        return _loaded(b, None)
    if labels.lossless and so.record is not None:
        raw = _from_record(b, so.record, spans, settings, labels, _edited(labels, so))
    else:
        raw = _from_labels(b, labels, spans, settings)
    if raw is None or b.failed:
        return _loaded(b, raw)
    try:
        document = Document.model_validate(raw)
    except ValidationError:
        # The strict loader turns the model's complaints into coded findings with pointers.
        loaded = next(load_bytes(orjson.dumps(raw)))
        for finding in loaded.findings:
            b.findings.append(finding.at(file=so.file, line=None, column=None, document=so.index))
        return _loaded(b, raw)
    return Loaded(document, b.findings, raw=raw, index=so.index, line=so.line, file=so.file)


def _unique_ids(b: _Build, annotations: Sequence[TextSpan | Link]) -> None:
    """Report (NS080) every annotation whose id an earlier one already has.

    Annotations are found by id (relations, attributes, the record name them): two with one
    id would be merged into an invented one (a quote with a made-up gap) or one would be lost.
    """
    first: dict[str, TextSpan | Link] = {}
    for annotation in annotations:
        earlier = first.setdefault(annotation.id, annotation)
        if earlier is annotation:
            continue
        where = (
            f" (line {earlier.line})"
            if earlier.line
            else (f" ({earlier.pointer})" if earlier.pointer else "")
        )
        b.add(
            "NS080",
            f"annotation id {annotation.id} is used twice: {annotation.label} here and "
            f"{earlier.label} before{where}; ids must be unique",
            line=annotation.line,
            pointer=annotation.pointer,
        )


def _loaded(b: _Build, raw: Any) -> Loaded:
    so = b.so
    return Loaded(None, b.findings, raw=raw, index=so.index, line=so.line, file=so.file)


def _edited(labels: LabelMap, so: Standoff) -> dict[str, dict[str, str]]:
    """Quote kinds and attribution types the tool's attributes set, by span id.

    Under the ``newsschema`` labels the record holds every field, but a tool lets an editor
    change a quote's kind or attribution type (a brat attribute, a Label Studio choice): the
    attribute on the quote's span then wins over the record.
    """
    edited: dict[str, dict[str, str]] = {}
    for attribute in so.attributes:
        if attribute.name == labels.quote_kind:
            kind = labels.kind_of(attribute.value)
            if kind is not None:
                edited.setdefault(attribute.target, {})["kind"] = kind
        elif attribute.name == labels.attribution_type:
            value = attribute.value.lower()
            if value in get_args(AttributionType):
                edited.setdefault(attribute.target, {})["attribution"] = value
    return edited


def _from_record(
    b: _Build,
    record: Mapping[str, Any],
    spans: Mapping[str, tuple[tuple[int, int], ...]],
    settings: Mapping[str, str],
    labels: LabelMap,
    edited: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any] | None:
    used: set[str] = set()
    by_id = {one.id: one for one in b.so.spans}

    def span(ref: Any, pointer: str, mention: bool = False) -> dict[str, Any] | None:
        # A mention with its form is {"span": ID, "form": ...}; nested ones are unwrapped in a
        # loop (outer keys win), so that crafted deep nesting cannot exhaust the stack.
        wrappers: list[dict[str, Any]] = []
        while isinstance(ref, dict) and "span" in ref:
            wrappers.append(ref)
            ref = ref["span"]
        if not isinstance(ref, str) or ref not in spans:
            b.add(
                "NS085",
                f"the newsschema record names annotation {ref!r}, which is missing",
                pointer=pointer,
            )
            return None
        used.add(ref)
        found: dict[str, Any] = _covering(spans[ref])
        for wrapper in reversed(wrappers):
            found = {**found, **{k: v for k, v in wrapper.items() if k != "span"}}
        if mention and len(spans[ref]) > 1:
            # An entity mention split in the tool since the export: joined as the labels'
            # import joins it, with the same warning and (brat) the same record of the split.
            _joined(b, by_id[ref], spans[ref])
            if b.so.tool is not None:
                tool_span = _tool_span("mention", by_id[ref].label, b.order[ref])
                found["imported"] = {"tool": b.so.tool, "spans": [tool_span]}
        return found

    def with_mentions(key: str) -> list[dict[str, Any]]:
        """The record's entities or events with their mention references resolved to spans."""
        return [
            {
                **item,
                "mentions": [
                    span(r, f"/{key}/{i}/mentions/{j}", mention=key == "entities")
                    for j, r in enumerate(item.get("mentions", []))
                ],
            }
            for i, item in enumerate(record.get(key, []))
        ]

    try:
        article = _article(b, dict(record.get("article", {})), settings)
        entities = with_mentions("entities")
        events = with_mentions("events")
        quotes = []
        for i, quote in enumerate(record.get("quotes", [])):
            out = {
                **quote,
                **(edited or {}).get(str(quote.get("span")), {}),
                "span": span(quote.get("span"), f"/quotes/{i}/span"),
            }
            if out["span"] is not None:
                out["text"] = b.so.text[out["span"]["start"] : out["span"]["end"]]
            if quote.get("cue") is not None:
                out["cue"] = span(quote["cue"], f"/quotes/{i}/cue")
            for key in ("insertions", "interruptions"):
                out[key] = [
                    span(r, f"/quotes/{i}/{key}/{j}") for j, r in enumerate(quote.get(key, []))
                ]
            quotes.append(out)
    except (AttributeError, TypeError, ValueError):
        b.add("NS080", "the newsschema record is not in the shape newsschema writes")
        return None
    if set(spans) - used:
        _added(b, labels, spans, used, record, article, entities, events, quotes)
    _named_entities(b, article, entities)
    return {
        "schema_version": record.get("schema_version", "1.0"),
        "article": article,
        "entities": entities,
        "events": events,
        "quotes": quotes,
    }


def _local_id(raw: str, prefix: str) -> str:
    candidate = raw if _ID.match(raw) else f"{prefix}{re.sub(r'[^A-Za-z0-9_.:-]', '_', raw)}"
    return candidate[:128]


def _same_as(ref: str) -> str | None:
    match = _WIKIDATA.match(ref.strip())
    if match:
        return f"https://www.wikidata.org/wiki/{match.group(1)}"
    return ref.strip() if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", ref.strip()) else None


def _marks(text: str, start: int, end: int, marks_at: Sequence[int]) -> str:
    """Return ``around`` (the content stands in quotation marks), ``inside`` or ``none``.

    ``marks_at`` are the offsets of the text's quotation marks, in order (see
    :func:`_mark_offsets`): whether one lies in the span is a search, not a scan of the span
    (nested quotes would rescan the text).
    """
    before = text[max(0, start - 8) : start].rstrip()
    # A comma or full stop may stand inside the closing mark ("We met," he said).
    after = text[end : end + 8].lstrip().lstrip(",.!?;:…")
    if before[-1:] and before[-1] in _OPENING and after[:1] and after[0] in _CLOSING:
        return "around"
    # Marks inside the span (quoted material at one end, or in the middle) make it mixed: a
    # span that holds its own marks is never direct, whose span excludes them (NS401).
    at = bisect.bisect_left(marks_at, start)
    return "inside" if at < len(marks_at) and marks_at[at] < end else "none"


def _is_apostrophe(text: str, i: int) -> bool:
    """Whether the mark at ``i`` is an apostrophe: between two letters (don't, O’Neill)."""
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalpha()


_ANY_MARK = re.compile("[" + re.escape("".join(sorted(set(_OPENING + _CLOSING)))) + "]")


def _mark_offsets(text: str) -> list[int]:
    """The offsets of the text's quotation marks (opening or closing, not apostrophes)."""
    return [
        found.start()
        for found in _ANY_MARK.finditer(text)
        if not _is_apostrophe(text, found.start())
    ]


_DOUBLE = frozenset('"“”„‟«»「」『』')


# Older newswire opens with two grave accents or apostrophes and closes with two apostrophes.
_TWO_OPENING = ("``", "''")
_TWO_CLOSING = "''"


def _mark_widths(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The widths of the opening and closing marks of ``text[start:end]``, if it has both."""
    if end - start < 3:
        return None
    first = 2 if text[start : start + 2] in _TWO_OPENING else 1
    last = 2 if first == 2 and text[end - 2 : end] == _TWO_CLOSING else 1
    if text[start] not in _OPENING + "`" or text[end - 1] not in _CLOSING:
        return None
    return (first, last) if end - start > first + last else None


class _QuoteMarks:
    """Where a text's quotation marks are, for searches instead of scans of each span."""

    __slots__ = ("doubles", "pairs", "singles")

    def __init__(self, text: str) -> None:
        marks = _mark_offsets(text)
        self.doubles = [i for i in marks if text[i] in _DOUBLE]
        # Single marks that are not apostrophes (an apostrophe is between two letters).
        self.singles = [i for i in marks if text[i] not in _DOUBLE]
        self.pairs = [found.start() for found in _PAIR.finditer(text)]


# Where two grave accents or two apostrophes start (overlapping: ''' starts two).
_PAIR = re.compile("(?=``|'')")


def _any_in(offsets: Sequence[int], start: int, end: int) -> bool:
    """Whether a sorted offset lies in ``[start, end)``."""
    at = bisect.bisect_left(offsets, start)
    return at < len(offsets) and offsets[at] < end


def _one_pair(
    text: str, start: int, end: int, marks: _QuoteMarks | None = None
) -> tuple[int, int] | None:
    """Whether ``text[start:end]`` is one quotation: a mark, words, the mark that closes it.

    Returns the widths of its two marks, or None. Inside double marks, single ones are nested
    quotations; a mark of the outer kind closes the quotation early ("a" and "b" is two
    quotations, not one).
    """
    widths = _mark_widths(text, start, end)
    if widths is None:
        return None
    outer = text[start] in _DOUBLE or widths[0] == 2
    if outer != (text[end - 1] in _DOUBLE or widths[1] == 2):
        return None
    marks = marks or _QuoteMarks(text)
    inside = (start + widths[0], end - widths[1])
    if widths[0] == 2:
        closed = _any_in(marks.pairs, *inside) or _any_in(marks.doubles, *inside)
    else:
        closed = _any_in(marks.doubles if outer else marks.singles, *inside)
    return None if closed else widths


def _unquoted(
    text: str, frags: Sequence[tuple[int, int]], marks: _QuoteMarks | None = None
) -> tuple[tuple[int, int], ...] | None:
    """The fragments without their marks, when each fragment is one quotation; else None."""
    marks = marks or _QuoteMarks(text)
    out = []
    for a, z in frags:
        widths = _one_pair(text, a, z, marks)
        if widths is None:
            return None
        out.append((a + widths[0], z - widths[1]))
    return tuple(out)


def _merged(text: str, frags: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted fragments, joined where only white space (or nothing) lies between them."""
    out: list[tuple[int, int]] = []
    for a, z in sorted(frags):
        if out and (a <= out[-1][1] or not text[out[-1][1] : a].strip()):
            out[-1] = (out[-1][0], max(out[-1][1], z))
        else:
            out.append((a, z))
    return tuple(out)


def _continuations(labels: LabelMap, so: Standoff) -> dict[str, str]:
    """Continued content (an event's ``continuation`` argument) -> the event's quote span."""
    out: dict[str, str] = {}
    for event in so.events:
        argroles = labels.events.get(event.label, {})
        quote = next((t for r, t in event.args if argroles.get(r) == "quote"), None)
        # An event with only a continuation: its first continuation is the quote.
        quote = quote or next((t for r, t in event.args if argroles.get(r) == "continuation"), None)
        if quote is None:
            continue
        for role, target in event.args:
            if argroles.get(role) == "continuation" and target != quote:
                out[target] = quote
    return out


def _added(
    b: _Build,
    labels: LabelMap,
    spans: Mapping[str, tuple[tuple[int, int], ...]],
    used: set[str],
    record: Mapping[str, Any],
    article: dict[str, Any],
    entities: list[dict[str, Any]],
    events: list[dict[str, Any]],
    quotes: list[dict[str, Any]],
) -> None:
    """Add the annotations made in the tool after the export (not in the record) by label.

    A pre-annotated document comes back with the regions an annotator added; they are read
    under the same labels, as an import without a record reads them. A relation from a new
    quote to a mention the record knows links the quote to that entity.
    """
    so = b.so
    new = {span.id for span in so.spans if span.id not in used}
    entity_of: dict[str, str] = {}
    for entity in record.get("entities", []):
        for mention in entity.get("mentions", []):
            ref = mention.get("span") if isinstance(mention, dict) else mention
            if isinstance(ref, str) and isinstance(entity.get("id"), str):
                entity_of[ref] = entity["id"]
    part = Standoff(
        text=so.text,
        name=so.name,
        file=so.file,
        index=so.index,
        spans=[s for s in so.spans if s.id in new],
        relations=[r for r in so.relations if all(t in new for _, t in r.args)],
        attributes=[a for a in so.attributes if a.target in new],
        norms=[n for n in so.norms if n.target in new],
        pointer=so.pointer,
        tool=so.tool,
    )
    sub = _Build(part)
    sub.order = b.order  # the tool's own fragments, recorded where the import changes them
    raw = _from_labels(sub, labels, spans, {}, article=article)
    b.findings.extend(sub.findings)
    if raw is None:
        return
    taken = {x.get("id") for x in [*entities, *events, *quotes]}

    def fresh(item: dict[str, Any]) -> dict[str, Any]:
        base, n = item["id"], 2
        while item["id"] in taken:
            item["id"], n = f"{base}_{n}", n + 1
        taken.add(item["id"])
        return item

    renamed = {e["id"]: fresh(e)["id"] for e in raw["entities"]}
    entities.extend(raw["entities"])
    events.extend(fresh(e) for e in raw["events"])
    by_span = {q["id"]: q for q in raw["quotes"]}
    for quote in raw["quotes"]:
        if "speaker" in quote:
            quote["speaker"] = renamed.get(quote["speaker"], quote["speaker"])
    for relation in so.relations:
        ends = [t for _, t in relation.args]
        mine = [e for e in ends if _local_id(e, "q_") in by_span]
        known = [e for e in ends if e in entity_of]
        if labels.relations.get(relation.label) == "speaker" and len(mine) == len(known) == 1:
            by_span[_local_id(mine[0], "q_")]["speaker"] = entity_of[known[0]]
    quotes.extend(fresh(q) for q in raw["quotes"])


def _from_labels(
    b: _Build,
    labels: LabelMap,
    spans: Mapping[str, tuple[tuple[int, int], ...]],
    settings: Mapping[str, str],
    *,
    article: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    so = b.so
    text = so.text
    if article is None:
        article = _article(b, {}, settings)
    roles: dict[str, str] = {}
    for span in so.spans:
        role = labels.spans.get(span.label)
        if role is None:
            if span.label in labels.triggers:
                continue  # the event's own span: it repeats the cue
            if span.label in labels.notes:
                b.left_out(
                    f"annotators' note label {span.label!r}", line=span.line, pointer=span.pointer
                )
                continue
            b.left_out(
                f"span label {span.label!r} is not in the {labels.name} labels",
                line=span.line,
                pointer=span.pointer,
            )
            continue
        roles[span.id] = role
    # Continued content (an event's Content2): more fragments of the event's quote, not a quote.
    continued = _continuations(labels, so)
    continues: dict[str, list[str]] = {}
    for ref, main in continued.items():
        continues.setdefault(main, []).append(ref)
    attributes: dict[str, dict[str, str]] = {}
    for attribute in so.attributes:
        attributes.setdefault(attribute.target, {})[attribute.name] = attribute.value
    refs: dict[str, list[str]] = {}
    for norm in so.norms:
        iri = _same_as(norm.ref)
        if iri is not None:
            refs.setdefault(norm.target, []).append(iri)

    # Entities: one per mention, merged when they share a normalisation (the same Wikidata id).
    entities: dict[str, dict[str, Any]] = {}
    aliases: dict[str, set[str]] = {}
    entity_of: dict[str, str] = {}
    by_ref: dict[str, str] = {}
    mentions: list[tuple[TextSpan, dict[str, Any]]] = []
    for span in so.spans:
        role = roles.get(span.id, "")
        if not (role.startswith("entity:") or role == "source"):
            continue
        kind = role.split(":", 1)[1] if role != "source" else labels.source_kind
        frags = spans[span.id]
        mention = _covering(frags)
        mentions.append((span, mention))
        _joined(b, span, frags)
        name = " ".join(text[mention["start"] : mention["end"]].split()) or span.label
        same = refs.get(span.id, [])
        merged = next((by_ref[r] for r in same if r in by_ref), None)
        if merged is not None:
            entity = entities[merged]
            entity["mentions"].append(mention)
            if name != entity["name"] and name not in aliases[merged]:
                aliases[merged].add(name)  # a set beside the list: no scan of the list
                entity["aliases"].append(name)
            entity_of[span.id] = merged
            continue
        eid = _local_id(span.id, "e_")
        entities[eid] = {
            "id": eid,
            "kind": kind,
            "name": name,
            "aliases": [],
            "same_as": list(dict.fromkeys(same)),
            "mentions": [mention],
        }
        aliases[eid] = set()
        flag = attributes.get(span.id, {}).get(labels.anonymous or "")
        if flag is not None and flag.lower() in ("true", "yes", "1", "anonymous"):
            entities[eid]["anonymous"] = True
        entity_of[span.id] = eid
        for r in same:
            by_ref[r] = eid

    events = []
    for span in so.spans:
        if roles.get(span.id) != "event":
            continue
        mention = _covering(spans[span.id])
        kind = attributes.get(span.id, {}).get(labels.event_kind or "", "other")
        events.append(
            {
                "id": _local_id(span.id, "ev_"),
                "kind": kind,
                "name": " ".join(text[mention["start"] : mention["end"]].split()) or kind,
                "mentions": [mention],
            }
        )

    quotes: dict[str, dict[str, Any]] = {}
    kinds: dict[str, str] = {}
    moved = 0
    quote_marks = _QuoteMarks(text) if labels.marks_in_content else None
    for span in so.spans:
        if roles.get(span.id) != "quote" or span.id in continued:
            continue
        more = [f for ref in continues.get(span.id, ()) for f in spans[ref]]
        frags, around = _content(text, [*spans[span.id], *more], labels, quote_marks)
        if around:
            moved += 1
            kinds[span.id] = "around"
        covering = _covering(frags)
        quotes[span.id] = {
            "id": _local_id(span.id, "q_"),
            "span": covering,
            "text": text[covering["start"] : covering["end"]],
        }
        # Discontinuous content: what lies between the fragments is not the source's words.
        gaps = [{"start": a[1], "end": z[0]} for a, z in itertools.pairwise(frags) if a[1] < z[0]]
        if gaps:
            quotes[span.id]["interruptions"] = gaps
    if moved:
        b.add(
            "NS087",
            "content spans include their quotation marks: moved out of the quotes' spans (an "
            "export under the same labels puts them back)",
            severity=Severity.WARNING,
        )

    cue_of: dict[str, str] = {}
    event_of: dict[str, Link] = {}
    named_cues: set[str] = set()  # cues an event names

    def link(quote_ref: str, other: str, what: str, line: int | None) -> None:
        quote = quotes[quote_ref]
        if what == "speaker" and other in entity_of:
            quote["speaker"] = entity_of[other]
        elif what == "cue" and roles.get(other) == "cue":
            quote["cue"] = _covering(spans[other])
            cue_of[quote_ref] = other
        else:
            b.add("NS085", f"{other} cannot be the {what} of quote {quote_ref}", line=line)

    for relation in so.relations:
        what = labels.relations.get(relation.label)
        if what is None:
            b.left_out(
                f"relation label {relation.label!r} is not in the {labels.name} labels",
                line=relation.line,
                pointer=relation.pointer,
            )
            continue
        ends = [target for _, target in relation.args]
        inside = [e for e in ends if e in quotes]
        if len(ends) != 2 or len(inside) != 1:
            b.add(
                "NS085",
                f"{relation.id} ({relation.label}) must link one quote to its {what}",
                line=relation.line,
                pointer=relation.pointer,
            )
            continue
        link(inside[0], next(e for e in ends if e != inside[0]), what, relation.line)

    for event in so.events:
        argroles = labels.events.get(event.label)
        if argroles is None:
            b.left_out(
                f"event type {event.label!r} is not in the {labels.name} labels",
                line=event.line,
            )
            continue
        parts: dict[str, list[str]] = {"quote": [], "cue": [], "source": []}
        for role, target in event.args:
            part = argroles.get(role) or argroles.get(role.rstrip("0123456789"))
            if part is None:
                b.left_out(
                    f"argument role {role!r} of event type {event.label!r} is not in the "
                    f"{labels.name} labels",
                    line=event.line,
                )
                continue
            parts.setdefault(part, []).append(target)
        if not parts["quote"] and parts.get("continuation"):
            parts["quote"] = parts["continuation"][:1]
        if not parts["quote"]:
            b.left_out(
                f"an event of type {event.label!r} has no content (no quote argument)",
                line=event.line,
            )
            continue
        if event.trigger is not None:
            # The trigger is the cue only when no argument is: brat's trigger span often
            # repeats the Cue argument.
            trigger_role = roles.get(event.trigger)
            parts["cue" if trigger_role in (None, "cue") else trigger_role].append(event.trigger)
        named_cues.update(parts["cue"][:1])
        for content in parts["quote"]:
            if content not in quotes:
                b.add("NS085", f"{event.id}: {content} is not a quote", line=event.line)
                continue
            first = event_of.setdefault(content, event)
            if first is not event:
                b.add(
                    "NS084",
                    "a content that two events name is one quote: the later event's source "
                    "and cue replace the earlier's",
                    line=event.line,
                    severity=Severity.WARNING,
                )
            for source in parts["source"][:1]:
                link(content, source, "speaker", event.line)
            for cue in parts["cue"][:1]:
                if roles.get(cue) != "cue":
                    roles[cue] = "cue"  # an unlabelled trigger is the reporting verb
                link(content, cue, "cue", event.line)

    inner = [span for span in so.spans if roles.get(span.id) in ("insertion", "interruption")]
    covers = [_covering(spans[span.id]) for span in inner]
    ordered = list(quotes.values())
    # The first quote (in annotation order) that holds each insertion, found in one sweep.
    owners = _holders(
        [(q["span"]["start"], q["span"]["end"], (i,)) for i, q in enumerate(ordered)],
        [(ins["start"], ins["end"]) for ins in covers],
        strict=False,
    )
    added: dict[int, dict[str, set[tuple[int, int]]]] = {}
    for span, ins, owner_key in zip(inner, covers, owners, strict=True):
        key = f"{roles[span.id]}s"
        if owner_key is None:
            b.add("NS085", f"{roles[span.id]} {span.id} lies in no quote", line=span.line)
            continue
        owner = ordered[owner_key[0]]
        seen = added.setdefault(owner_key[0], {}).get(key)
        if seen is None:
            seen = {(s["start"], s["end"]) for s in owner.get(key, [])}
            added[owner_key[0]][key] = seen
        if (ins["start"], ins["end"]) not in seen:
            seen.add((ins["start"], ins["end"]))
            owner.setdefault(key, []).append(ins)
    for at, keys in added.items():
        for key in keys:
            ordered[at][key].sort(key=lambda s: (s["start"], s["end"]))

    named_cues.update(cue_of.values())
    for span in so.spans:
        if roles.get(span.id) == "cue" and span.id not in named_cues:
            # An annotator's unfinished attribution: no event or relation names it.
            b.left_out(
                f"a {span.label} span that no event or relation ties to a quote",
                line=span.line,
                pointer=span.pointer,
            )
    _attribution_types(b, labels, so, quotes, attributes)
    _nesting(quotes)
    inferred: list[str] = []
    marks_at = _mark_offsets(text)
    for ref, quote in quotes.items():
        value = attributes.get(ref, {}).get(labels.quote_kind or "")
        found: str | None = labels.kind_of(value) if value else None
        kind = found or ""
        if found is None:
            marks = kinds.get(ref) or _marks(
                text, quote["span"]["start"], quote["span"]["end"], marks_at
            )
            if marks == "none":
                kind = "indirect"
            elif marks == "inside":
                kind = "mixed"
            elif "speaker" in quote:
                kind = "direct"
            else:
                kind = "mixed" if "cue" in quote else "scare"
            inferred.append(ref)
        quote["kind"] = kind
    if inferred:
        b.add(
            "NS087",
            "quote kinds are not in the tool data: inferred from the quotation marks",
            severity=Severity.WARNING,
        )
    for entity in entities.values():
        if not entity["aliases"]:
            del entity["aliases"]
        if not entity["same_as"]:
            del entity["same_as"]
    if so.tool is not None:
        _record_quotes(b, labels, quotes, continues, cue_of, event_of, quote_marks)
        _record_mentions(b, labels, quotes, mentions, entity_of, entities)
    named = list(entities.values())
    _named_entities(b, article, named)
    return {
        "schema_version": "1.1",
        "article": article,
        "entities": named,
        "events": events,
        "quotes": list(quotes.values()),
    }


def _content(
    text: str,
    frags: Iterable[tuple[int, int]],
    labels: LabelMap,
    marks: _QuoteMarks | None,
) -> tuple[tuple[tuple[int, int], ...], bool]:
    """A content's canonical fragments, and whether its quotation marks were moved out.

    Fragments that only white space (or nothing) separates are one fragment of the source's
    words; under a map whose content spans hold the marks, fragments that each stand in one
    pair of marks lose them.
    """
    merged = _merged(text, frags)
    if labels.marks_in_content:
        unquoted = _unquoted(text, merged, marks)
        if unquoted is not None:
            return unquoted, True
    return merged, False


def _exported(
    text: str,
    start: int,
    end: int,
    interruptions: Sequence[tuple[int, int]],
    kind: str,
    labels: LabelMap,
    marks: _QuoteMarks | None,
) -> tuple[tuple[int, int], ...]:
    """The fragments an export under ``labels`` writes for a quote's content."""
    # Without an interruption label, the quote's fragments leave its interruptions out.
    explicit = "interruption" in labels.spans.values()
    fragments = _fragments(start, end, () if explicit else interruptions)
    # Under a map whose content spans hold the marks, the marks right around go back in.
    if labels.marks_in_content and kind in ("direct", "mixed"):
        fragments = _with_marks(text, fragments, marks)
    return fragments


def _tool_span(part: str, label: str, frags: Iterable[tuple[int, int]]) -> dict[str, Any]:
    return {"part": part, "label": label, "fragments": [{"start": a, "end": z} for a, z in frags]}


def _record_quotes(
    b: _Build,
    labels: LabelMap,
    quotes: Mapping[str, dict[str, Any]],
    continues: Mapping[str, Sequence[str]],
    cue_of: Mapping[str, str],
    event_of: Mapping[str, Link],
    marks: _QuoteMarks | None,
) -> None:
    """Record (``imported``) the tool's content and cue of each quote the import normalised.

    A quote whose export from its canonical span gives the tool's spans back gets no record.
    """
    so = b.so
    by_id = {span.id: span for span in so.spans}
    for ref, quote in quotes.items():
        parts = [ref, *continues.get(ref, ())]
        cue = cue_of.get(ref)
        gaps = [(g["start"], g["end"]) for g in quote.get("interruptions", ())]
        span = quote["span"]
        exported = _exported(
            so.text, span["start"], span["end"], gaps, quote["kind"], labels, marks
        )
        # The event's trigger read as its cue is written back as a cue (the export adds the
        # trigger itself).
        cue_label = None if cue is None else by_id[cue].label
        if cue_label in labels.triggers:
            cue_label = labels.label_for("cue")
        plain_cue = cue is None or (len(b.order[cue]) == 1 and cue_label == labels.label_for("cue"))
        if len(parts) == 1 and b.order[ref] == exported and plain_cue:
            continue
        event = event_of.get(ref)
        named = {target: role for role, target in reversed(event.args)} if event else {}
        record: list[dict[str, Any]] = []
        for part in parts:
            entry = _tool_span("content", by_id[part].label, b.order[part])
            if part in named:
                entry["role"] = named[part]
            record.append(entry)
        if cue is not None:
            entry = _tool_span("cue", cue_label or "", b.order[cue])
            if cue in named:
                entry["role"] = named[cue]
            record.append(entry)
        quote["imported"] = {"tool": so.tool, "spans": record}
        if event is not None:
            quote["imported"]["event"] = event.label


def _record_mentions(
    b: _Build,
    labels: LabelMap,
    quotes: Mapping[str, dict[str, Any]],
    mentions: Sequence[tuple[TextSpan, dict[str, Any]]],
    entity_of: Mapping[str, str],
    entities: Mapping[str, dict[str, Any]],
) -> None:
    """Record (``imported``) the tool's label and fragments of each mention an export changes.

    An export writes a speaker's mention with the source label and another entity's with its
    kind's label, as one fragment: a source span no quote uses, a speaker annotated with an
    entity label and a mention in several fragments are recorded.
    """
    speakers = {quote.get("speaker") for quote in quotes.values()}
    source = next((label for label, role in labels.spans.items() if role == "source"), None)
    for span, mention in mentions:
        eid = entity_of[span.id]
        label = labels.label_for(f"entity:{entities[eid]['kind']}")
        if source is not None and eid in speakers:
            label = source
        if span.label != label or len(b.order[span.id]) > 1:
            mention["imported"] = {
                "tool": b.so.tool,
                "spans": [_tool_span("mention", span.label, b.order[span.id])],
            }


def _joined(b: _Build, span: TextSpan, frags: Sequence[tuple[int, int]]) -> None:
    if len(frags) > 1:
        b.add(
            "NS086",
            f"a {span.label} span has several fragments; only a quote can be "
            "discontinuous, so it is stored as one span from the first to the last",
            line=span.line,
            pointer=span.pointer,
            severity=Severity.WARNING,
        )


def _attribution_types(
    b: _Build,
    labels: LabelMap,
    so: Standoff,
    quotes: dict[str, dict[str, Any]],
    attributes: Mapping[str, Mapping[str, str]],
) -> None:
    """Set ``attribution`` from the attribute on a quote or on the event that ties it."""
    if not labels.attribution_type:
        return
    owners: dict[str, list[str]] = {ref: [ref] for ref in quotes}
    for event in so.events:
        roles = labels.events.get(event.label, {})
        for role, target in event.args:
            if roles.get(role.rstrip("0123456789")) == "quote" and target in quotes:
                owners[target].append(event.id)
    for ref, quote in quotes.items():
        for owner in owners[ref]:
            value = attributes.get(owner, {}).get(labels.attribution_type)
            if value is None:
                continue
            if value.lower() in get_args(AttributionType):
                quote["attribution"] = value.lower()
            else:
                b.left_out(
                    f"{labels.attribution_type} {value!r} of {owner} is not an "
                    f"attribution type ({', '.join(get_args(AttributionType))})"
                )


def _nesting(quotes: dict[str, dict[str, Any]]) -> None:
    """Set ``within``: the smallest other quote whose span holds this one (nested attribution).

    Of several as small, the first in annotation order; a quote on the very same span is not
    a holder.
    """
    ordered = list(quotes.values())
    spans = [(q["span"]["start"], q["span"]["end"]) for q in ordered]
    found = _holders(
        [(start, end, (end - start, i)) for i, (start, end) in enumerate(spans)],
        spans,
        strict=True,
    )
    for quote, holder in zip(ordered, found, strict=True):
        if holder is not None:
            quote["within"] = ordered[holder[1]]["id"]


def _holders(
    holders: Sequence[tuple[int, int, tuple[int, ...]]],
    queries: Sequence[tuple[int, int]],
    *,
    strict: bool,
) -> list[tuple[int, ...] | None]:
    """For each query span, the least key of the holders whose span contains it.

    A holder ``(start, end, key)`` contains ``(s, e)`` when ``start <= s`` and ``e <= end``;
    with ``strict``, a holder on the very same span does not count. One sweep by start with a
    Fenwick tree of the least key over ends: O((h + q) log h), where comparing every pair
    grew with the square of the quotes.
    """
    ends = sorted({end for _, end, _ in holders}, reverse=True)
    rank = {end: i + 1 for i, end in enumerate(ends)}  # larger end, smaller rank
    tree: list[tuple[int, ...] | None] = [None] * (len(ends) + 1)

    def insert(end: int, key: tuple[int, ...]) -> None:
        i = rank[end]
        while i <= len(ends):
            if tree[i] is None or key < tree[i]:  # type: ignore[operator]
                tree[i] = key
            i += i & -i

    def least(end: int) -> tuple[int, ...] | None:
        """The least key among holders whose end is at least ``end``."""
        i = _count_at_least(ends, end)
        best: tuple[int, ...] | None = None
        while i > 0:
            if tree[i] is not None and (best is None or tree[i] < best):  # type: ignore[operator]
                best = tree[i]
            i -= i & -i
        return best

    # At one start, longer spans first; on the very same span, a query comes before the holder
    # when ``strict`` (it must not find itself) and after it otherwise.
    query_first, holder_first = (0, 1) if strict else (1, 0)
    events = [(start, -end, holder_first, i) for i, (start, end, _) in enumerate(holders)]
    events += [(start, -end, query_first, i) for i, (start, end) in enumerate(queries)]
    events.sort()
    out: list[tuple[int, ...] | None] = [None] * len(queries)
    for _start, negative_end, kind, i in events:
        if kind == holder_first:
            insert(-negative_end, holders[i][2])
        else:
            out[i] = least(-negative_end)
    return out


def _count_at_least(descending: Sequence[int], value: int) -> int:
    """How many items of the descending ``descending`` are at least ``value``."""
    low, high = 0, len(descending)
    while low < high:
        middle = (low + high) // 2
        if descending[middle] >= value:
            low = middle + 1
        else:
            high = middle
    return low


def from_document(document: Document, labels: LabelMap, tool: str | None = None) -> Standoff:
    """Turn a canonical document into tool annotations under ``labels`` (code point offsets).

    ``tool`` names the format written: the ``imported`` records of that tool give back its own
    fragments, labels and event roles wherever they still agree with the canonical spans.
    """
    text = document.article.body
    so = Standoff(text=text, name=document.article.id)
    counter = iter(range(1, 1 << 62))
    quote_marks = _QuoteMarks(text) if labels.marks_in_content else None

    def add(label: str, start: int, end: int) -> str:
        return exact(label, ((start, end),))

    def exact(label: str, fragments: tuple[tuple[int, int], ...]) -> str:
        ref = f"T{next(counter)}"
        covered = " ".join(text[a:b] for a, b in fragments)
        so.spans.append(TextSpan(ref, label, fragments, covered))
        return ref

    def mention(label: str, m: Mention, kind: EntityKind) -> str:
        record = _replayed_mention(text, m, labels, tool, kind)
        if record is None:
            return add(label, m.start, m.end)
        return exact(record.label, _pairs(record.fragments))

    def attribute(target: str, name: str | None, value: str) -> None:
        if name:
            so.attributes.append(Attribute(f"A{len(so.attributes) + 1}", target, name, value))

    kind_values = {kind: value for value, kind in labels.quote_kinds.items()}
    record: dict[str, Any] = {"schema_version": document.schema_version}
    article = document.article.model_dump(mode="json", exclude_none=True)
    del article["body"]
    record["article"] = article
    first_mention: dict[str, str] = {}
    record["entities"] = []
    speakers = {quote.speaker for quote in document.quotes}
    source_label = next((k for k, v in labels.spans.items() if v == "source"), None)
    for entity in document.entities:
        label = labels.label_for(f"entity:{entity.kind}")
        if source_label is not None and entity.id in speakers:
            label = source_label  # the label map marks speakers as sources, not by kind
        refs = [mention(label, m, entity.kind) for m in entity.mentions]
        if refs:
            first_mention[entity.id] = refs[0]
            for iri in entity.same_as:
                so.norms.append(
                    Normalization(
                        f"N{len(so.norms) + 1}", refs[0], _norm_ref(iri), text=entity.name
                    )
                )
            if entity.anonymous:
                attribute(refs[0], labels.anonymous, "true")
        data = entity.model_dump(mode="json", exclude_none=True)
        record["entities"].append({**data, "mentions": _mention_refs(entity.mentions, refs)})
    record["events"] = []
    for event in document.events:
        refs = [add(labels.label_for("event"), m.start, m.end) for m in event.mentions]
        for ref in refs:
            attribute(ref, labels.event_kind, event.kind)
        data = event.model_dump(mode="json", exclude_none=True)
        record["events"].append({**data, "mentions": _mention_refs(event.mentions, refs)})
    record["quotes"] = []
    speaker_label = labels.relation_for("speaker")
    cue_label = labels.relation_for("cue")
    explicit = "interruption" in labels.spans.values()
    for quote in document.quotes:
        speaker = first_mention.get(quote.speaker or "")
        replay = _replayed_quote(text, quote, labels, tool, quote_marks, speaker is not None)
        contents: list[tuple[str, str | None]]
        if replay is None:
            gaps = [(i.start, i.end) for i in quote.interruptions]
            fragments = _exported(
                text, quote.span.start, quote.span.end, gaps, quote.kind, labels, quote_marks
            )
            contents = [(exact(labels.label_for("quote"), fragments), None)]
        else:
            contents = [(exact(s.label, _pairs(s.fragments)), s.role) for s in replay.content]
        ref = contents[0][0]
        data = quote.model_dump(mode="json", exclude_none=True)
        del data["text"]
        data["span"] = ref
        attribute(ref, labels.quote_kind, kind_values.get(quote.kind, quote.kind))
        if quote.attribution is not None:
            attribute(ref, labels.attribution_type, quote.attribution)
        cue: str | None = None
        cue_fragments: tuple[tuple[int, int], ...] = ()
        if replay is not None and replay.cue is not None:
            cue_fragments = _pairs(replay.cue.fragments)
            cue = exact(replay.cue.label, cue_fragments)
        elif quote.cue is not None:
            cue_fragments = ((quote.cue.start, quote.cue.end),)
            cue = exact(labels.label_for("cue"), cue_fragments)
        if cue is not None:
            data["cue"] = cue
        if replay is not None and replay.event is not None and cue is not None:
            # The tool's own event: its type over the cue (the trigger), its roles.
            event_roles = labels.events[replay.event]
            args = [(role or _role(event_roles, "quote"), target) for target, role in contents]
            args.insert(0, (_role(event_roles, "cue"), cue))
            if speaker is not None:
                args.insert(0, (_role(event_roles, "source"), speaker))
            trigger = exact(replay.event, cue_fragments)
            so.events.append(
                Link(f"E{len(so.events) + 1}", replay.event, tuple(args), trigger=trigger)
            )
            speaker = None
            cue = None
        if cue is not None and cue_label:
            so.relations.append(
                Link(f"R{len(so.relations) + 1}", cue_label, (("Arg1", ref), ("Arg2", cue)))
            )
        if speaker is not None and speaker_label:
            so.relations.append(
                Link(
                    f"R{len(so.relations) + 1}",
                    speaker_label,
                    (("Arg1", ref), ("Arg2", speaker)),
                )
            )
        data["insertions"] = [
            add(labels.label_for("insertion"), i.start, i.end) for i in quote.insertions
        ]
        if explicit:
            data["interruptions"] = [
                add(labels.label_for("interruption"), i.start, i.end) for i in quote.interruptions
            ]
        record["quotes"].append(data)
    if labels.lossless:
        so.record = record
    return so


@dataclass(frozen=True, slots=True)
class _Replay:
    """A quote's tool record that still agrees with the quote: what an export writes back."""

    content: tuple[ToolSpan, ...]
    cue: ToolSpan | None
    event: str | None


def _pairs(fragments: Iterable[Span]) -> tuple[tuple[int, int], ...]:
    return tuple((f.start, f.end) for f in fragments)


def _role(roles: Mapping[str, str], part: str) -> str:
    """The first argument role of an event type that gives ``part``."""
    return next(role for role, mapped in roles.items() if mapped == part)


def _replayed_quote(
    text: str,
    quote: AnyQuote,
    labels: LabelMap,
    tool: str | None,
    marks: _QuoteMarks | None,
    speaker: bool,
) -> _Replay | None:
    """The quote's ``imported`` record, when it is the export's tool's and still agrees.

    It agrees when the import's normalisation of its content gives exactly the quote's span
    and interruptions, its labels and roles are the map's content, cue and event labels, and
    its cue covers the quote's cue: a quote edited after the import is exported from its
    canonical span. ``speaker`` says whether the export writes the quote's speaker: the event
    type is then one with a source role, else one without (see :func:`_event_type`).
    """
    record = quote.imported
    if record is None or tool is None or record.tool != tool or not _inside(text, record):
        return None
    content = tuple(s for s in record.spans if s.part == "content")
    cues = [s for s in record.spans if s.part == "cue"]
    if not content or any(labels.spans.get(s.label) != "quote" for s in content):
        return None
    # Without a cue to trigger it, no event.
    has_cue = bool(cues) and quote.cue is not None
    event = _event_type(labels, record.event, content, speaker) if has_cue else None
    if event is None and len(content) > 1:
        return None  # only an event ties several content spans
    frags, _ = _content(text, [f for s in content for f in _pairs(s.fragments)], labels, marks)
    gaps = [(a[1], z[0]) for a, z in itertools.pairwise(frags) if a[1] < z[0]]
    wanted = sorted((i.start, i.end) for i in quote.interruptions)
    if (frags[0][0], frags[-1][1]) != (quote.span.start, quote.span.end) or gaps != wanted:
        return None
    cue = cues[0] if cues else None
    if cue is not None and (
        quote.cue is None
        # An event may name a span of another label as its cue (the import reads it so).
        or labels.spans.get(cue.label, "cue") != "cue"
        or (min(f.start for f in cue.fragments), max(f.end for f in cue.fragments))
        != (quote.cue.start, quote.cue.end)
    ):
        # The cue was edited: the canonical cue, and relations instead of the event.
        if len(content) > 1:
            return None
        cue, event = None, None
    return _Replay(content, cue, event)


def _event_type(
    labels: LabelMap, recorded: str | None, content: Sequence[ToolSpan], speaker: bool
) -> str | None:
    """The event type an export writes for a replayed quote, or None when the map has none.

    The recorded type while the map names its content roles and a cue role, and has a source
    role exactly when the quote has a speaker: a speaker removed or added since the import
    changes the type to one of the map's that agrees (``Attribution`` and
    ``Attribution-no-source``) and gives the content roles the same meaning. A quote without a
    speaker keeps the recorded type when the map has no type without a source.
    """

    def fits(roles: Mapping[str, str]) -> bool:
        return "cue" in roles.values() and all(
            roles.get(s.role or "") in ("quote", "continuation") for s in content
        )

    roles = labels.events.get(recorded or "")
    if recorded is None or roles is None or not fits(roles):
        return None
    if ("source" in roles.values()) == speaker:
        return recorded
    for name, other in labels.events.items():
        if (
            ("source" in other.values()) == speaker
            and fits(other)
            and all(other.get(s.role or "") == roles.get(s.role or "") for s in content)
        ):
            return name
    return None if speaker else recorded


def _inside(text: str, record: ToolRecord) -> bool:
    """Whether every fragment of the record is a span of the text (a record is data too)."""
    return all(0 <= f.start <= f.end <= len(text) for span in record.spans for f in span.fragments)


def _replayed_mention(
    text: str, mention: Mention, labels: LabelMap, tool: str | None, kind: EntityKind
) -> ToolSpan | None:
    """The mention's ``imported`` span, when it is the export's tool's and still agrees.

    It agrees when its fragments run from the mention's start to its end and its label stands
    for the entity's ``kind``: the kind's own label, or the source label when ``kind`` is the
    map's source kind (a speaker annotated with an entity label keeps that label). An entity
    whose kind changed since the import is exported from its canonical span, under its kind.
    """
    record = mention.imported
    if record is None or tool is None or record.tool != tool or len(record.spans) != 1:
        return None
    if not _inside(text, record):
        return None
    span = record.spans[0]
    role = labels.spans.get(span.label, "")
    if role != f"entity:{kind}" and not (role == "source" and kind == labels.source_kind):
        return None
    start = min(f.start for f in span.fragments)
    end = max(f.end for f in span.fragments)
    return span if (start, end) == (mention.start, mention.end) else None


def _fragments(
    start: int, end: int, holes: Sequence[tuple[int, int]]
) -> tuple[tuple[int, int], ...]:
    """Return ``[start, end)`` without the ``holes`` (spans inside it), as fragments."""
    out: list[tuple[int, int]] = []
    at = start
    for hole_start, hole_end in sorted(holes):
        if hole_start > at:
            out.append((at, min(hole_start, end)))
        at = max(at, hole_end)
    if at < end or not out:
        out.append((at, end) if at < end else (start, end))
    return tuple(out)


def _with_marks(
    text: str, frags: Sequence[tuple[int, int]], marks: _QuoteMarks | None = None
) -> tuple[tuple[int, int], ...]:
    """Each fragment with the quotation marks right around it (undoes :func:`_unquoted`).

    Fragments not all standing right inside marks are returned as they are.
    """
    marks = marks or _QuoteMarks(text)
    out = []
    for a, z in frags:
        for first, last in ((2, 2), (1, 1)):
            widths = _one_pair(text, a - first, z + last, marks) if a >= first else None
            if widths == (first, last):
                out.append((a - first, z + last))
                break
        else:
            return tuple(frags)
    return tuple(out)


def _mention_refs(mentions: Sequence[Any], refs: Sequence[str]) -> list[Any]:
    """Return the record's mentions: annotation ids, with the form and the tool record if any."""
    out: list[Any] = []
    for m, ref in zip(mentions, refs, strict=True):
        extra = m.model_dump(mode="json", exclude_none=True, exclude={"start", "end"})
        out.append({"span": ref, **extra} if extra else ref)
    return out


def _norm_ref(iri: str) -> str:
    match = re.match(r"^https?://www\.wikidata\.org/(?:wiki|entity)/(Q[0-9]+)$", iri)
    return f"Wikidata:{match.group(1)}" if match else iri


def located(findings: Iterable[Finding], file: str | None) -> list[Finding]:
    """Attach ``file`` to findings that have none."""
    return [f if f.file else f.at(file=file) for f in findings]


def export_span_labels(labels: LabelMap) -> dict[str, str]:
    """Return every span label an export under ``labels`` may write -> the role it stands for.

    The mapped labels, and the label :func:`from_document` makes up for a role or entity kind
    the map does not name (``Outlet`` under the attribution labels): a tool's configuration
    must declare them all.
    """
    out = dict(labels.spans)
    for role in ("quote", "cue", "insertion", "event"):
        out.setdefault(labels.label_for(role), role)
    if "interruption" in labels.spans.values():
        out.setdefault(labels.label_for("interruption"), "interruption")
    for kind in get_args(EntityKind):
        out.setdefault(labels.label_for(f"entity:{kind}"), f"entity:{kind}")
    return out
