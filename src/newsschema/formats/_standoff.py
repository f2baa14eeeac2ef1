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
from newsschema.loader import Loaded, load_bytes
from newsschema.models import Document
from newsschema.types import AttributionType

__all__ = [
    "UNITS",
    "Attribute",
    "Link",
    "Normalization",
    "Note",
    "Standoff",
    "TextSpan",
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


class _Build:
    """Collects findings while one document is rebuilt."""

    def __init__(self, so: Standoff) -> None:
        self.so = so
        self.findings: list[Finding] = []

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
                pointer=pointer,
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
    return {key: tuple(sorted(value)) for key, value in out.items()}


def _article(b: _Build, record: Mapping[str, Any], settings: Mapping[str, str]) -> dict[str, Any]:
    so = b.so
    article: dict[str, Any] = {"id": so.name, **record, **so.meta, "body": so.text}
    for name, value in settings.items():
        article[name.split(".", 1)[1]] = value
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


def _covering(fragments: Sequence[tuple[int, int]]) -> dict[str, int]:
    return {"start": fragments[0][0], "end": fragments[-1][1]}


def to_document(so: Standoff, labels: LabelMap, settings: Mapping[str, str]) -> Loaded:
    """Rebuild the canonical document from one tool document (never raises for bad data)."""
    b = _Build(so)
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
        raw = _from_record(b, so.record, spans, settings)
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


def _from_record(
    b: _Build,
    record: Mapping[str, Any],
    spans: Mapping[str, tuple[tuple[int, int], ...]],
    settings: Mapping[str, str],
) -> dict[str, Any] | None:
    used: set[str] = set()

    def span(ref: Any, pointer: str) -> dict[str, Any] | None:
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
        found = _covering(spans[ref])
        for wrapper in reversed(wrappers):
            found = {**found, **{k: v for k, v in wrapper.items() if k != "span"}}
        return found

    def with_mentions(key: str) -> list[dict[str, Any]]:
        """The record's entities or events with their mention references resolved to spans."""
        return [
            {
                **item,
                "mentions": [
                    span(r, f"/{key}/{i}/mentions/{j}")
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
            out = {**quote, "span": span(quote.get("span"), f"/quotes/{i}/span")}
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
    by_id = {s.id: s for s in b.so.spans}
    for extra in sorted(set(spans) - used):
        one = by_id[extra]
        b.left_out(
            f"annotation {extra} ({one.label}) is not in the newsschema record",
            line=one.line,
            pointer=one.pointer,
            hint=" (import with --labels to map annotations by label)",
        )
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


def _marks(text: str, start: int, end: int, openings: Sequence[int]) -> str:
    """Return ``around`` (the content stands in quotation marks), ``inside`` or ``none``.

    ``openings`` are the offsets of the text's opening marks, in order: whether one lies in
    the span is a search, not a scan of the span (nested quotes would rescan the text).
    """
    before = text[max(0, start - 8) : start].rstrip()
    # A comma or full stop may stand inside the closing mark ("We met," he said).
    after = text[end : end + 8].lstrip().lstrip(",.!?;:…")
    if end - start > 1 and text[start] in _OPENING and text[end - 1] in _CLOSING:
        return "around"
    if before[-1:] and before[-1] in _OPENING and after[:1] and after[0] in _CLOSING:
        return "around"
    at = bisect.bisect_left(openings, start)
    return "inside" if at < len(openings) and openings[at] < end else "none"


def _from_labels(
    b: _Build,
    labels: LabelMap,
    spans: Mapping[str, tuple[tuple[int, int], ...]],
    settings: Mapping[str, str],
) -> dict[str, Any] | None:
    so = b.so
    text = so.text
    article = _article(b, {}, settings)
    roles: dict[str, str] = {}
    for span in so.spans:
        role = labels.spans.get(span.label)
        if role is None:
            b.left_out(
                f"span label {span.label!r} ({span.id}) is not in the {labels.name} labels",
                line=span.line,
                pointer=span.pointer,
            )
            continue
        roles[span.id] = role
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
    for span in so.spans:
        role = roles.get(span.id, "")
        if not (role.startswith("entity:") or role == "source"):
            continue
        kind = role.split(":", 1)[1] if role != "source" else labels.source_kind
        frags = spans[span.id]
        mention = _covering(frags)
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
    for span in so.spans:
        if roles.get(span.id) != "quote":
            continue
        frags = spans[span.id]
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

    def link(quote_ref: str, other: str, what: str, line: int | None) -> None:
        quote = quotes[quote_ref]
        if what == "speaker" and other in entity_of:
            quote["speaker"] = entity_of[other]
        elif what == "cue" and roles.get(other) == "cue":
            quote["cue"] = _covering(spans[other])
        else:
            b.add("NS085", f"{other} cannot be the {what} of quote {quote_ref}", line=line)

    for relation in so.relations:
        what = labels.relations.get(relation.label)
        if what is None:
            b.left_out(
                f"relation label {relation.label!r} ({relation.id}) is not in the "
                f"{labels.name} labels",
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
                f"event type {event.label!r} ({event.id}) is not in the {labels.name} labels",
                line=event.line,
            )
            continue
        parts: dict[str, list[str]] = {"quote": [], "cue": [], "source": []}
        args = list(event.args)
        if event.trigger is not None:
            trigger_role = roles.get(event.trigger)
            parts["cue" if trigger_role in (None, "cue") else trigger_role].append(event.trigger)
        for role, target in args:
            part = argroles.get(role.rstrip("0123456789"))
            if part is None:
                b.left_out(
                    f"argument role {role!r} of {event.id} is not in the {labels.name} labels",
                    line=event.line,
                )
                continue
            parts.setdefault(part, []).append(target)
        for content in parts["quote"]:
            if content not in quotes:
                b.add("NS085", f"{event.id}: {content} is not a quote", line=event.line)
                continue
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

    _attribution_types(b, labels, so, quotes, attributes)
    _nesting(quotes)
    inferred: list[str] = []
    openings = [i for i, c in enumerate(text) if c in _OPENING]
    for ref, quote in quotes.items():
        value = attributes.get(ref, {}).get(labels.quote_kind or "")
        found: str | None = labels.kind_of(value) if value else None
        kind = found or ""
        if found is None:
            marks = _marks(text, quote["span"]["start"], quote["span"]["end"], openings)
            if marks == "none":
                kind = "indirect"
            elif marks == "inside":
                kind = "mixed"
            elif "speaker" in quote:
                kind = "direct"
            else:
                kind = "mixed" if "cue" in quote else "scare"
            inferred.append(f"{ref}: {kind}")
        quote["kind"] = kind
    if inferred:
        b.add(
            "NS087",
            "quote kind not in the tool data, inferred from the quotation marks: "
            + ", ".join(inferred[:10])
            + (" ..." if len(inferred) > 10 else ""),
            severity=Severity.WARNING,
        )
    for entity in entities.values():
        if not entity["aliases"]:
            del entity["aliases"]
        if not entity["same_as"]:
            del entity["same_as"]
    return {
        "schema_version": "1.1",
        "article": article,
        "entities": list(entities.values()),
        "events": events,
        "quotes": list(quotes.values()),
    }


def _joined(b: _Build, span: TextSpan, frags: Sequence[tuple[int, int]]) -> None:
    if len(frags) > 1:
        b.add(
            "NS086",
            f"{span.label} {span.id} has {len(frags)} fragments; only a quote can be "
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


def from_document(document: Document, labels: LabelMap) -> Standoff:
    """Turn a canonical document into tool annotations under ``labels`` (code point offsets)."""
    so = Standoff(text=document.article.body, name=document.article.id)
    counter = iter(range(1, 1 << 62))

    def add(label: str, start: int, end: int, holes: Sequence[Any] = ()) -> str:
        ref = f"T{next(counter)}"
        fragments = _fragments(start, end, holes)
        covered = " ".join(document.article.body[a:b] for a, b in fragments)
        so.spans.append(TextSpan(ref, label, fragments, covered))
        return ref

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
        refs = [add(label, m.start, m.end) for m in entity.mentions]
        if refs:
            first_mention[entity.id] = refs[0]
            for iri in entity.same_as:
                so.norms.append(Normalization(f"N{len(so.norms) + 1}", refs[0], _norm_ref(iri)))
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
        # Without an interruption label, the quote's fragments leave its interruptions out.
        holes = () if explicit else quote.interruptions
        ref = add(labels.label_for("quote"), quote.span.start, quote.span.end, holes)
        data = quote.model_dump(mode="json", exclude_none=True)
        del data["text"]
        data["span"] = ref
        attribute(ref, labels.quote_kind, kind_values.get(quote.kind, quote.kind))
        if quote.attribution is not None:
            attribute(ref, labels.attribution_type, quote.attribution)
        if quote.cue is not None:
            cue = add(labels.label_for("cue"), quote.cue.start, quote.cue.end)
            data["cue"] = cue
            if cue_label:
                so.relations.append(
                    Link(f"R{len(so.relations) + 1}", cue_label, (("Arg1", ref), ("Arg2", cue)))
                )
        if quote.speaker is not None and quote.speaker in first_mention and speaker_label:
            so.relations.append(
                Link(
                    f"R{len(so.relations) + 1}",
                    speaker_label,
                    (("Arg1", ref), ("Arg2", first_mention[quote.speaker])),
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


def _fragments(start: int, end: int, holes: Sequence[Any]) -> tuple[tuple[int, int], ...]:
    """Return ``[start, end)`` without the ``holes`` (spans inside it), as fragments."""
    out: list[tuple[int, int]] = []
    at = start
    for hole in sorted(holes, key=lambda h: (h.start, h.end)):
        if hole.start > at:
            out.append((at, min(hole.start, end)))
        at = max(at, hole.end)
    if at < end or not out:
        out.append((at, end) if at < end else (start, end))
    return tuple(out)


def _mention_refs(mentions: Sequence[Any], refs: Sequence[str]) -> list[Any]:
    """Return the record's mentions: annotation ids, with the form when one is annotated."""
    return [
        ref if getattr(m, "form", None) is None else {"span": ref, "form": m.form}
        for m, ref in zip(mentions, refs, strict=True)
    ]


def _norm_ref(iri: str) -> str:
    match = re.match(r"^https?://www\.wikidata\.org/(?:wiki|entity)/(Q[0-9]+)$", iri)
    return f"Wikidata:{match.group(1)}" if match else iri


def located(findings: Iterable[Finding], file: str | None) -> list[Finding]:
    """Attach ``file`` to findings that have none."""
    return [f if f.file else f.at(file=file) for f in findings]
