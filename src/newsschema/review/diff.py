"""What changed between two versions of annotated articles, in annotation terms.

Documents are matched by ``article.id``; inside a document, entities, events and quotes are
matched by content first (the same kind, spans, names and labels, whatever their ids), then by
id when the two annotations with one id are plausibly the same (their anchors overlap, or they
have the same name), and the ones left over by where they stand in the text (a quote by its
span, an entity or event by its mentions). Ids renumbered by a round trip through a tool
therefore give no change, and an id that now names another annotation is not read as an edit
of it. References follow renames: a quote whose speaker entity was renamed from ``lavrov`` to
``e_lavrov`` has not changed speaker. A pure rename (nothing but the id changed) is a change
only when asked for (``show_renames``).

Every field the model has is compared, so fields added by later schema versions are reported
too. Spans are shown with the text they cover in their own version of the body.
"""

from __future__ import annotations

import difflib
import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Literal

from pydantic import BaseModel

from newsschema.findings import Finding, Severity
from newsschema.loader import locate
from newsschema.models import Document, Span
from newsschema.review._read import ReviewInputError, Source

__all__ = ["Change", "DiffReport", "FieldChange", "diff_documents", "diff_sources"]

Action = Literal["added", "removed", "changed"]

_ENTITY_REFS = frozenset({"speaker", "location", "publisher"})
_ENTITY_REF_LISTS = frozenset({"via", "authors"})
_SKIPPED = frozenset({"id", "text", "text_sha256"})  # derived from other fields
_EXCERPT = 60


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs.

    Attributes:
        field: Field name (``span``, ``speaker``, ``mentions``...).
        old: The old value as a reader sees it (a span as its text), or None when unset.
        new: The new value, likewise.
        added: For list fields, the items only the new version has (rendered).
        removed: For list fields, the items only the old version has (rendered).
    """

    field: str
    old: str | None
    new: str | None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Change:
    """One annotation (or article) added, removed or changed.

    Attributes:
        document: Article id.
        layer: ``document``, ``article``, ``entity``, ``event`` or ``quote``.
        action: ``added``, ``removed`` or ``changed``.
        id: Id in the new version (the old one for a removal).
        old_id: Id in the old version when it was renamed, else None.
        summary: A short description (a quote's text, an entity's name).
        fields: What changed (for ``changed``).
        file: The new version's file (the old one for a removed document).
        pointer: JSON pointer of the annotation in the new version (for a removal, of the list
            it was in).
        index: Index of the document in its file.
    """

    document: str
    layer: str
    action: Action
    id: str
    old_id: str | None
    summary: str
    fields: tuple[FieldChange, ...] = ()
    file: str | None = None
    pointer: str = ""
    index: int = 0


def _excerpt(text: str) -> str:
    # Head and tail: where a span starts and ends is what a reviewer checks.
    text = " ".join(text.split())
    if len(text) <= _EXCERPT:
        return text
    half = (_EXCERPT - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def _edges(old: Span, new: Span, old_body: str, new_body: str) -> tuple[tuple[str, ...], ...]:
    """Return the text a moved span gained and lost at its edges (same body only)."""
    if old_body != new_body or old.end <= new.start or new.end <= old.start:
        return (), ()
    added: list[str] = []
    removed: list[str] = []
    for a, b, into in (
        (new.start, old.start, added),
        (old.start, new.start, removed),
        (old.end, new.end, added),
        (new.end, old.end, removed),
    ):
        if a < b:
            into.append(f"“{_excerpt(new_body[a:b])}” [{a}:{b}]")
    return tuple(added), tuple(removed)


def _span_text(span: Span, body: str) -> str:
    return f"“{_excerpt(span.text(body))}” [{span.start}:{span.end}]"


def _anchors(item: Any) -> list[Span]:
    if hasattr(item, "span"):
        return [item.span]
    return list(getattr(item, "mentions", []))


def _overlaps(
    old: Sequence[Any], left_old: Sequence[int], new: Sequence[Any], left_new: Sequence[int]
) -> dict[tuple[int, int], int]:
    """Shared code points of every pair of leftovers whose anchors overlap.

    A sweep over the anchors sorted by start: its cost is the anchors' sort plus the overlapping
    pairs, not every old item against every new one.
    """
    events = sorted(
        [(span.start, span.end, 0, i) for i in left_old for span in _anchors(old[i])]
        + [(span.start, span.end, 1, j) for j in left_new for span in _anchors(new[j])]
    )
    active: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
    scores: dict[tuple[int, int], int] = {}
    for start, end, side, index in events:
        others = active[1 - side]
        # Drop the other side's anchors that end before this one starts.
        others[:] = [(e, k) for e, k in others if e > start]
        for other_end, other in others:
            shared = min(end, other_end) - start
            if shared > 0:
                pair = (index, other) if side == 0 else (other, index)
                scores[pair] = scores.get(pair, 0) + shared
        active[side].append((end, index))
    return scores


_REFERENCES = frozenset(
    {"id", "speaker", "location", "publisher", "via", "event", "within", "participants"}
)


def _content(item: Any) -> str:
    """What an annotation says apart from its id and its references to other annotations."""
    return json.dumps(item.model_dump(mode="json", exclude=_REFERENCES), sort_keys=True)


def _plausible(old: Any, new: Any) -> bool:
    """True when two annotations sharing an id may be one annotation edited."""
    name = getattr(old, "name", None)
    if name is not None and name == getattr(new, "name", None):
        return True
    before, after = _anchors(old), _anchors(new)
    if not before or not after:
        return not before and not after
    return any(a.start < b.end and b.start < a.end for a in before for b in after)


def _match(old: Sequence[Any], new: Sequence[Any]) -> list[tuple[int | None, int | None]]:
    """Pair old and new annotations: by content, by id, then by overlapping anchors or name."""
    pairs: list[tuple[int | None, int | None]] = []
    used_new: set[int] = set()
    paired_old: set[int] = set()
    # Equal content pairs first (an unchanged annotation keeps its id when it can).
    waiting: dict[str, list[int]] = {}
    for j in reversed(range(len(new))):
        waiting.setdefault(_content(new[j]), []).append(j)
    new_ids = {item.id: j for j, item in enumerate(new)}
    for i, item in enumerate(old):
        stack = waiting.get(_content(item))
        if not stack:
            continue
        same_id = new_ids.get(item.id)
        if same_id is not None and same_id in stack:
            stack.remove(same_id)
            chosen = same_id
        else:
            chosen = stack.pop()
        pairs.append((i, chosen))
        paired_old.add(i)
        used_new.add(chosen)
    left_old: list[int] = []
    for i, item in enumerate(old):
        if i in paired_old:
            continue
        same = new_ids.get(item.id)
        if same is None or same in used_new or not _plausible(item, new[same]):
            left_old.append(i)
        else:
            pairs.append((i, same))
            used_new.add(same)
    left_new = [j for j in range(len(new)) if j not in used_new]
    scores = _overlaps(old, left_old, new, left_new)
    by_name: dict[str, list[int]] = {}
    for j in left_new:
        name = getattr(new[j], "name", None)
        if name is not None:
            by_name.setdefault(name, []).append(j)
    for i in left_old:
        name = getattr(old[i], "name", None)
        for j in by_name.get(name, ()) if name is not None else ():
            scores.setdefault((i, j), 0)
    scored = []
    for (i, j), score in scores.items():
        name = getattr(old[i], "name", None)
        same_name = name is not None and name == getattr(new[j], "name", None)
        same_kind = getattr(old[i], "kind", None) == getattr(new[j], "kind", None)
        scored.append((-score, -same_name, -same_kind, i, j))
    scored.sort()
    free_old, free_new = set(left_old), set(left_new)
    for _, _, _, i, j in scored:
        if i in free_old and j in free_new:
            free_old.remove(i)
            free_new.remove(j)
            pairs.append((i, j))
    pairs.extend((i, None) for i in left_old if i in free_old)
    pairs.extend((None, j) for j in left_new if j in free_new)
    return pairs


@dataclass(frozen=True)
class _Side:
    document: Document
    entity_names: Mapping[str, str]

    @classmethod
    def of(cls, document: Document) -> _Side:
        return cls(document, {e.id: e.name for e in document.entities})

    def entity(self, entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        name = self.entity_names.get(entity_id)
        return entity_id if name is None else f"{name} ({entity_id})"


@dataclass(frozen=True)
class _Context:
    old: _Side
    new: _Side
    entity_map: Mapping[str, str]
    event_map: Mapping[str, str]
    quote_map: Mapping[str, str]

    def mapped(self, name: str, value: str | None) -> str | None:
        if value is None:
            return None
        table = self.event_map if name in ("event", "within") else self.entity_map
        if name == "within":
            table = self.quote_map
        return table.get(value, value)


def _render(value: Any, body: str) -> str:
    if isinstance(value, BaseModel):
        dumped = value.model_dump(mode="json", exclude_defaults=True)
        # Spans, and span-like models of later schema versions (a mention with a form), show
        # their text and then whatever else they carry.
        start, end = dumped.get("start"), dumped.get("end")
        if isinstance(start, int) and isinstance(end, int):
            rest = {k: v for k, v in dumped.items() if k not in ("start", "end")}
            shown = f"“{_excerpt(body[start:end])}” [{start}:{end}]"
            return shown + "".join(f" {k}={v}" for k, v in rest.items())
        return ", ".join(f"{k}={v}" for k, v in dumped.items())
    return str(value)


def _key(value: Any, name: str, ctx: _Context, old: bool) -> Any:
    """A comparable form of a field value, with references mapped to new ids."""
    if isinstance(value, BaseModel):
        dumped = value.model_dump(mode="json")
        if name == "participants" and old:
            dumped["entity"] = ctx.entity_map.get(dumped["entity"], dumped["entity"])
        return json.dumps(dumped, sort_keys=True)
    if isinstance(value, str) and old and (name in _ENTITY_REFS or name in ("event", "within")):
        return ctx.mapped(name, value)
    if isinstance(value, str) and old and name in _ENTITY_REF_LISTS:
        return ctx.entity_map.get(value, value)
    return value


def _field_change(name: str, old: Any, new: Any, ctx: _Context) -> FieldChange | None:
    old_body, new_body = ctx.old.document.article.body, ctx.new.document.article.body
    if isinstance(old, (list, tuple)) or isinstance(new, (list, tuple)):
        old_list, new_list = list(old or []), list(new or [])
        old_keys = [_key(v, name, ctx, old=True) for v in old_list]
        new_keys = [_key(v, name, ctx, old=False) for v in new_list]
        if old_keys == new_keys:
            return None
        if name in _ENTITY_REF_LISTS:
            old_shown = [str(ctx.old.entity(v)) for v in old_list]
            new_shown = [str(ctx.new.entity(v)) for v in new_list]
        else:
            old_shown = [_render(v, old_body) for v in old_list]
            new_shown = [_render(v, new_body) for v in new_list]
        removed = tuple(s for s, k in zip(old_shown, old_keys, strict=True) if k not in new_keys)
        added = tuple(s for s, k in zip(new_shown, new_keys, strict=True) if k not in old_keys)
        return FieldChange(
            name, "; ".join(old_shown) or None, "; ".join(new_shown) or None, added, removed
        )
    # A span whose text changed (the body was edited) still reads as a change.
    moved_text = (
        isinstance(old, Span) and isinstance(new, Span) and old.text(old_body) != new.text(new_body)
    )
    if _key(old, name, ctx, old=True) == _key(new, name, ctx, old=False) and not moved_text:
        return None
    if name in _ENTITY_REFS:
        return FieldChange(name, ctx.old.entity(old), ctx.new.entity(new))
    if name == "body":
        return _body_change(old, new)
    if isinstance(old, Span) and isinstance(new, Span):
        added, removed = _edges(old, new, old_body, new_body)
        return FieldChange(name, _render(old, old_body), _render(new, new_body), added, removed)
    return FieldChange(
        name,
        None if old is None else _render(old, old_body),
        None if new is None else _render(new, new_body),
    )


_WORDS = re.compile(r"\s+|\w+|[^\w\s]")
# A changed region of words is diffed again by character only up to this many characters a
# side, and a region of words without an anchor token by token only up to this product of
# lengths: such matching costs the product of the two lengths.
_CHARACTER_REGION = 400
_TOKEN_PRODUCT = 40_000


def _words(text: str) -> tuple[list[str], list[int]]:
    """The words of ``text`` (with the spaces and marks between them) and where each starts."""
    words = _WORDS.findall(text)  # every character is in exactly one token
    return words, list(accumulate((len(word) for word in words), initial=0))


def _increasing(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (sorted by first item) whose second items also rise."""
    ends: list[int] = []  # ends[k]: smallest second item ending a rising run of k + 1 pairs
    last: list[int] = []  # last[k]: the index in pairs of that pair
    before: list[int] = []
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(ends, j)
        before.append(last[k - 1] if k else -1)
        if k == len(ends):
            ends.append(j)
            last.append(index)
        else:
            ends[k] = j
            last[k] = index
    run: list[tuple[int, int]] = []
    index = last[-1] if last else -1
    while index >= 0:
        run.append(pairs[index])
        index = before[index]
    return run[::-1]


def _token_edits(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """Token ranges ``(i1, i2, j1, j2)`` that differ, by patience diffing.

    Tokens that occur once in each side of a range anchor it (the longest run of such tokens in
    the same order on both sides); the gaps between anchors are diffed the same way. A gap with
    no anchor is compared token by token when small, else reported whole. Each range costs its
    length, so text with edits all through it costs about its length times a log.
    """
    edits: list[tuple[int, int, int, int]] = []
    todo = [(0, len(a), 0, len(b))]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
        if alo == ahi or blo == bhi:
            if alo < ahi or blo < bhi:
                edits.append((alo, ahi, blo, bhi))
            continue
        in_a, in_b = Counter(a[alo:ahi]), Counter(b[blo:bhi])
        where_b = {b[j]: j for j in range(blo, bhi) if in_b[b[j]] == 1}
        anchors = _increasing(
            [(i, where_b[a[i]]) for i in range(alo, ahi) if in_a[a[i]] == 1 and a[i] in where_b]
        )
        if not anchors:
            if (ahi - alo) * (bhi - blo) > _TOKEN_PRODUCT:
                edits.append((alo, ahi, blo, bhi))
                continue
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            edits.extend(
                (alo + i1, alo + i2, blo + j1, blo + j2)
                for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                if tag != "equal"
            )
            continue
        i, j = alo, blo
        for anchor_i, anchor_j in anchors:
            todo.append((i, anchor_i, j, anchor_j))
            i, j = anchor_i + 1, anchor_j + 1
        todo.append((i, ahi, j, bhi))
    return sorted(edits)


def _body_edits(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """The edited regions ``(i1, i2, j1, j2)`` that turn ``old`` into ``new``.

    Words (and runs of spaces, and punctuation marks) are matched first, then characters within
    each small changed region, so that the cost follows the text's length and its edits, not the
    product of the two lengths.
    """
    old_words, old_bounds = _words(old)
    new_words, new_bounds = _words(new)
    edits = []
    for w1, w2, v1, v2 in _token_edits(old_words, new_words):
        i1, i2 = old_bounds[w1], old_bounds[w2]
        j1, j2 = new_bounds[v1], new_bounds[v2]
        too_long = i2 - i1 > _CHARACTER_REGION or j2 - j1 > _CHARACTER_REGION
        if too_long or i1 == i2 or j1 == j2:
            edits.append((i1, i2, j1, j2))
            continue
        characters = difflib.SequenceMatcher(None, old[i1:i2], new[j1:j2], autojunk=False)
        edits.extend(
            (i1 + a1, i1 + a2, j1 + b1, j1 + b2)
            for tag, a1, a2, b1, b2 in characters.get_opcodes()
            if tag != "equal"
        )
    return edits


def _body_change(old: str, new: str) -> FieldChange:
    shown = [
        f"[{i1}:{i2}] “{_excerpt(old[i1:i2])}” → “{_excerpt(new[j1:j2])}”"
        for i1, i2, j1, j2 in _body_edits(old, new)
    ]
    return FieldChange(
        "body",
        f"{len(old)} characters",
        f"{len(new)} characters",
        added=tuple(shown[:5]) + ((f"… {len(shown) - 5} more edit(s)",) if len(shown) > 5 else ()),
    )


def _fields(old: BaseModel, new: BaseModel, ctx: _Context) -> tuple[FieldChange, ...]:
    names = [n for n in type(new).model_fields if n not in _SKIPPED]
    names += [n for n in type(old).model_fields if n not in _SKIPPED and n not in names]
    changes = []
    for name in names:
        change = _field_change(name, getattr(old, name, None), getattr(new, name, None), ctx)
        if change is not None:
            changes.append(change)
    return tuple(changes)


def _summary(item: Any, body: str) -> str:
    if hasattr(item, "span"):
        return f"{item.kind} quote “{_excerpt(item.span.text(body))}”"
    return f"{item.kind} “{_excerpt(item.name)}”"


def _id_map(
    old: Sequence[Any], new: Sequence[Any], pairs: Sequence[tuple[int | None, int | None]]
) -> dict[str, str]:
    return {old[i].id: new[j].id for i, j in pairs if i is not None and j is not None}


def diff_documents(
    old: Document,
    new: Document,
    *,
    file: str | None = None,
    index: int = 0,
    show_renames: bool = False,
) -> list[Change]:
    """Return what changed from ``old`` to ``new`` (two versions of one article).

    Args:
        old: The old version.
        new: The new version.
        file: The new version's file, recorded on each change.
        index: The new version's index in that file.
        show_renames: Report an annotation whose id alone changed (hidden by default: the
            ids of a round trip through a tool are renumbered).
    """
    layers = (("entity", "entities"), ("event", "events"), ("quote", "quotes"))
    matched = {plural: _match(getattr(old, plural), getattr(new, plural)) for _, plural in layers}
    ctx = _Context(
        _Side.of(old),
        _Side.of(new),
        _id_map(old.entities, new.entities, matched["entities"]),
        _id_map(old.events, new.events, matched["events"]),
        _id_map(old.quotes, new.quotes, matched["quotes"]),
    )
    article = new.article.id
    changes: list[Change] = []
    article_fields = _fields(old.article, new.article, ctx)
    if article_fields:
        changes.append(
            Change(
                article,
                "article",
                "changed",
                article,
                None,
                _excerpt(new.article.headline or ""),
                article_fields,
                file,
                "/article",
                index,
            )
        )
    for layer, plural in layers:
        old_items, new_items = getattr(old, plural), getattr(new, plural)
        for i, j in sorted(matched[plural], key=_order):
            if j is None:
                item = old_items[i]
                changes.append(
                    Change(
                        article,
                        layer,
                        "removed",
                        item.id,
                        None,
                        _summary(item, old.article.body),
                        (),
                        file,
                        f"/{plural}",
                        index,
                    )
                )
            elif i is None:
                item = new_items[j]
                changes.append(
                    Change(
                        article,
                        layer,
                        "added",
                        item.id,
                        None,
                        _summary(item, new.article.body),
                        (),
                        file,
                        f"/{plural}/{j}",
                        index,
                    )
                )
            else:
                before, after = old_items[i], new_items[j]
                fields = _fields(before, after, ctx)
                renamed = before.id != after.id
                if fields or (renamed and show_renames):
                    changes.append(
                        Change(
                            article,
                            layer,
                            "changed",
                            after.id,
                            before.id if renamed else None,
                            _summary(after, new.article.body),
                            fields,
                            file,
                            f"/{plural}/{j}",
                            index,
                        )
                    )
    return changes


def _order(pair: tuple[int | None, int | None]) -> tuple[int, int]:
    i, j = pair
    return (j if j is not None else (i or 0), 0 if j is not None else 1)


@dataclass(frozen=True)
class DiffReport:
    """Every change between two sets of documents.

    Attributes:
        changes: The changes, by new file, document, then position in the document.
        documents: How many articles were compared (present in both versions).
        lines: For each change (same order), the 1-based line of its place in the new file,
            when the new file is canonical JSON; else None.
        findings: The rule findings of the new version, shown beside the changes (they never
            decide the exit status of ``diff``).
    """

    changes: tuple[Change, ...]
    documents: int
    lines: tuple[int | None, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        """True when anything changed."""
        return bool(self.changes)

    def counts(self) -> dict[str, dict[str, int]]:
        """Return ``{layer: {action: count}}``."""
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            per = counts.setdefault(change.layer, {})
            per[change.action] = per.get(change.action, 0) + 1
        return counts


def _lines(source: Source, pointers: Sequence[str]) -> list[int | None]:
    """The line of each pointer in the source's bytes, located in one scan of them."""
    if source.raw is None or not pointers:
        return [None] * len(pointers)
    probes = [Finding("diff", Severity.WARNING, "", pointer=pointer) for pointer in pointers]
    located = locate(probes, source.raw, line=source.line)
    if len(located) != len(probes):
        return [None] * len(pointers)
    return [finding.line for finding in located]


def diff_sources(
    old: Sequence[Source], new: Sequence[Source], *, show_renames: bool = False
) -> DiffReport:
    """Compare two sets of documents, matched by ``article.id``.

    Args:
        old: The old version's documents.
        new: The new version's.
        show_renames: Report annotations whose id alone changed.

    Raises:
        ReviewInputError: an article id appears twice on one side.
    """
    sides = []
    for label, sources in (("old", old), ("new", new)):
        by_id: dict[str, Source] = {}
        for source in sources:
            article = source.document.article.id
            if article in by_id:
                raise ReviewInputError(
                    f"{label} version: article {article!r} appears twice "
                    f"({by_id[article].file} and {source.file}); documents are matched by id"
                )
            by_id[article] = source
        sides.append(by_id)
    old_by_id, new_by_id = sides
    found: list[tuple[Change, int | None]] = []
    compared = 0
    for article, source in old_by_id.items():
        if article not in new_by_id:
            summary = _excerpt(source.document.article.headline or "")
            change = Change(article, "document", "removed", article, None, summary, (), source.file)
            found.append((change, None))
    for article, source in new_by_id.items():
        before = old_by_id.get(article)
        if before is None:
            summary = _excerpt(source.document.article.headline or "")
            change = Change(article, "document", "added", article, None, summary, (), source.file)
            found.append((change, _lines(source, [""])[0]))
            continue
        compared += 1
        changes = diff_documents(
            before.document, source.document, file=source.file, show_renames=show_renames
        )
        found.extend(zip(changes, _lines(source, [c.pointer for c in changes]), strict=True))
    found.sort(key=lambda pair: (pair[0].file or "", pair[1] or 0))
    return DiffReport(
        tuple(change for change, _ in found), compared, tuple(line for _, line in found)
    )
