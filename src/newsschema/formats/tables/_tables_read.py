"""Rebuilding documents from table rows (shared by the CSV and Parquet importers).

Rows arrive per table in file order, grouped by article in the order of the ``articles`` table;
they are merged one article at a time, so a bundle of any size is read in constant memory.
Everything is checked: keys, positions, references between tables, and every human column
against the ids it stands beside. Each problem is a located :class:`Finding` (file, line or row,
column, and a JSON pointer into the rebuilt document); the rebuilt JSON then goes through the
strict loader, whose findings are located back to the cells they came from.

A row out of article order is only seen when the reader reaches it, possibly after the documents
it belongs with were yielded; callers that need all or nothing collect every result first, as
``newsschema convert`` does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import ValidationError

from newsschema._scan import excerpt
from newsschema.findings import Finding, Severity
from newsschema.formats.tables._tables import (
    TABLES,
    VIA_SEPARATOR,
    VIA_SHOWN,
    Table,
    event_date_label,
    via_label,
)
from newsschema.loader import Loaded, load_bytes
from newsschema.models import Document

__all__ = ["MAX_INTEGER", "Row", "assemble", "error", "make_row", "too_large"]

MAX_INTEGER = 2**53 - 1
"""The largest whole number every JSON reader holds exactly (JavaScript rounds beyond it)."""


def too_large(column: str, value: str) -> str:
    """The NS011 message for a whole number beyond :data:`MAX_INTEGER` (the value excerpted)."""
    return (
        f"{column} is {excerpt(value)} ({len(value)} digits), beyond 2^53-1 = {MAX_INTEGER}: "
        "JSON readers such as JavaScript cannot represent it exactly"
    )


@dataclass(slots=True)
class Row:
    """One table row with typed values (``str``, ``int`` or None) and where it came from.

    Attributes:
        table: The table the row belongs to.
        values: Cell values by column name.
        file: The file, as findings name it.
        line: 1-based line (CSV) or row number (Parquet).
        columns: 1-based column number by column name, in the file.
        errors: Problems found while reading the cells.
    """

    table: Table
    values: dict[str, Any]
    file: str
    line: int
    columns: Mapping[str, int]
    errors: list[Finding] = field(default_factory=list)

    def get(self, column: str) -> Any:
        """Return the value of ``column`` (None when empty or absent)."""
        return self.values.get(column)

    def at(self, finding: Finding, column: str | None = None) -> Finding:
        """Return ``finding`` located at this row (and ``column``)."""
        return finding.at(
            file=self.file,
            line=self.line,
            column=None if column is None else self.columns.get(column),
        )


def error(code: str, message: str, row: Row | None = None, column: str | None = None) -> Finding:
    """Return an error finding, located at ``row`` and ``column`` when given."""
    finding = Finding(code, Severity.ERROR, message)
    return finding if row is None else row.at(finding, column)


class _Peekable:
    def __init__(self, rows: Iterator[Row]) -> None:
        self._rows = rows
        self._next: Row | None = None

    def peek(self) -> Row | None:
        if self._next is None:
            self._next = next(self._rows, None)
        return self._next

    def pop(self) -> Row:
        row = self.peek()
        assert row is not None
        self._next = None
        return row


def assemble(tables: Mapping[str, Iterator[Row]]) -> Iterator[Loaded]:
    """Rebuild each document from the rows of every table, in the order of ``articles``.

    Args:
        tables: Row iterators for every table name in :data:`TABLES`.

    Yields:
        One :class:`Loaded` per article row, then one with the findings about rows that belong
        to no article (if any).
    """
    children = {t.name: _Peekable(tables[t.name]) for t in TABLES if t.name != "articles"}
    done: set[str] = set()
    disordered: set[str] = set()
    index = -1
    for index, article in enumerate(tables["articles"]):
        aid = article.get("article_id")
        findings = list(article.errors)
        groups: dict[str, list[Row]] = {}
        for name, rows in children.items():
            group: list[Row] = []
            while (row := rows.peek()) is not None:
                owner = row.get("article_id")
                if owner is not None and owner == aid:
                    group.append(rows.pop())
                    findings.extend(row.errors)
                elif owner is None or owner in done:
                    rows.pop()
                    findings.extend(row.errors)
                    if owner is not None and name not in disordered:
                        # Once per table: a reordered table would otherwise flood the report.
                        disordered.add(name)
                        findings.append(
                            error(
                                "NS077",
                                f"row of article {excerpt(owner)} comes after the rows of a later "
                                "article; group rows by article in the order of articles (later "
                                "rows out of order in this table are not reported)",
                                row,
                                "article_id",
                            )
                        )
                else:
                    break
            groups[name] = group
        if aid is not None and aid in done:
            findings.append(
                error("NS075", f"article {excerpt(aid)} appears twice", article, "article_id")
            )
        if aid is not None:
            done.add(aid)
        yield _build(index, article, groups, findings)
    leftovers: list[Finding] = []
    for rows in children.values():
        first: Row | None = None
        more = 0
        while rows.peek() is not None:
            row = rows.pop()
            leftovers.extend(row.errors)
            if first is None:
                first = row
            else:
                more += 1
        if first is not None:
            # One finding per table: a wrong articles table would otherwise flood the report.
            owner = first.get("article_id")
            message = (
                f"row of article {excerpt(owner or '')}, which is not in articles"
                if owner not in done
                else f"row of article {excerpt(owner or '')} is out of order"
            )
            if more:
                message += f" (and {more} more row(s) after it)"
            leftovers.append(error("NS074", message, first, "article_id"))
    if leftovers:
        yield Loaded(None, leftovers, index=index + 1)


@dataclass
class _Builder:
    """Rebuilds one document and remembers which row each part came from."""

    index: int
    findings: list[Finding]
    body: str = ""
    # JSON pointer -> (row, column that holds the value at the pointer itself, if a scalar).
    where: dict[str, tuple[Row, str | None]] = field(default_factory=dict)
    # (file, line) -> (row, pointer of the object the row builds, or of its value).
    rows: dict[tuple[str, int], tuple[Row, str]] = field(default_factory=dict)
    # (file, line, column) -> pointer of the value the cell holds.
    cells: dict[tuple[str, int, str], str] = field(default_factory=dict)

    def fail(self, code: str, message: str, row: Row, column: str | None = None) -> None:
        self.findings.append(error(code, message, row, column))

    def ordered(
        self, rows: list[Row], owner: str | None = None, owners: Mapping[str, Any] | None = None
    ) -> dict[Any, list[Row]]:
        """Group rows by their ``owner`` column and sort each group by ``position``.

        Rows whose owner is not in ``owners`` are reported (NS074); positions must run
        0, 1, 2, ... (NS076).
        """
        groups: dict[Any, list[Row]] = {}
        for row in rows:
            key = None if owner is None else row.get(owner)
            if owner is not None and owners is not None and key not in owners:
                what = _OWNER_TABLES.get(owner, owner)
                self.fail("NS074", f"{owner} {excerpt(str(key))} is not in {what}", row, owner)
                continue
            groups.setdefault(key, []).append(row)
        for key, group in groups.items():
            group.sort(key=lambda r: r.get("position") if r.get("position") is not None else -1)
            for expected, row in enumerate(group):
                position = row.get("position")
                if position != expected and position is not None:
                    self.fail(
                        "NS076",
                        f"position {position} in a list of {len(group)}: positions must be "
                        "0, 1, 2, ... without gaps or repeats",
                        row,
                        "position",
                    )
                    break
            groups[key] = group
        return groups

    def keyed(self, rows: list[Row], key: str) -> dict[str, Row]:
        """Index rows by ``key``, reporting repeats (NS075)."""
        found: dict[str, Row] = {}
        for row in rows:
            value = row.get(key)
            if value in found:
                self.fail("NS075", f"{key} {excerpt(str(value))} appears twice", row, key)
            elif value is not None:
                found[value] = row
        return found

    def resolves(self, row: Row, column: str, known: Mapping[str, Any], what: str) -> None:
        """Report an id in ``column`` that names no row of ``what`` (NS074)."""
        value = row.get(column)
        if value is not None and value not in known:
            self.fail("NS074", f"{column} {excerpt(str(value))} is not in {what}", row, column)

    def check(self, row: Row, column: str, expected: Any) -> None:
        """Report a human column that disagrees with what the ids say (NS073)."""
        actual = row.get(column)
        # An empty cell reads as None; the empty text of a zero-length span is "" too.
        if (actual or "") != (expected or ""):
            shown = "empty" if actual in (None, "") else excerpt(str(actual))
            wanted = "empty" if expected in (None, "") else excerpt(str(expected))
            self.fail(
                "NS073",
                f"{column} is {shown} but the ids say {wanted}; fix one so they agree",
                row,
                column,
            )

    def children(
        self,
        groups: Mapping[str, list[Row]],
        owner: str,
        owners: Mapping[str, Any],
        tables: Sequence[str],
    ) -> list[dict[Any, list[Row]]]:
        """The rows of each child table by ``owner``, as :meth:`ordered` groups them."""
        return [self.ordered(groups[table], owner, owners) for table in tables]

    def each(self, rows: list[Row], path: str) -> Iterator[tuple[Row, str]]:
        """Each row with its pointer (``path/i``), noted there for the findings about it."""
        for i, row in enumerate(rows):
            pointer = f"{path}/{i}"
            self.note(pointer, row)
            yield row, pointer

    def note(self, pointer: str, row: Row, column: str | None = None) -> None:
        self.where[pointer] = (row, column)
        # The first pointer a row is noted at is the object it builds (or, for a row of scalars,
        # its value); the articles row is noted at "" and then at "/article".
        known = self.rows.get((row.file, row.line))
        if known is None or (not known[1] and column is None):
            self.rows[(row.file, row.line)] = (row, pointer)
        if column is not None:
            self.cells[(row.file, row.line, column)] = pointer

    def pointed(self, finding: Finding) -> Finding:
        """Give a finding about a cell the JSON pointer of the field the cell holds."""
        if finding.pointer or finding.file is None or finding.line is None:
            return finding
        place = self.rows.get((finding.file, finding.line))
        if place is None:
            return finding
        row, pointer = place
        name = next((n for n, i in row.columns.items() if i == finding.column), None)
        if name is not None and (finding.file, finding.line, name) in self.cells:
            return finding.at(pointer=self.cells[(finding.file, finding.line, name)])
        field = _FIELD_OF[row.table.name].get(name or "", "")
        return finding.at(pointer=f"{pointer}/{field}" if field else pointer)

    def span(self, row: Row, prefix: str, pointer: str) -> dict[str, Any] | None:
        start, end = row.get(f"{prefix}start"), row.get(f"{prefix}end")
        if start is None and end is None:
            return None
        if start is None or end is None:
            missing = f"{prefix}start" if start is None else f"{prefix}end"
            if any(f.column == row.columns.get(missing) for f in row.errors):
                return None  # the unreadable cell is reported already
            self.fail(
                "NS072", f"{missing} is empty but the other end of the span is set", row, missing
            )
            return None
        self.note(f"{pointer}/start", row, f"{prefix}start")
        self.note(f"{pointer}/end", row, f"{prefix}end")
        # A span outside the body has no text to compare: the span rules say why (NS101, NS102),
        # where comparing would claim that the ids say the text is empty.
        if f"{prefix}text" in _COLUMNS[row.table.name] and start <= end <= len(self.body):
            self.check(row, f"{prefix}text", self.body[start:end])
        span = {"start": start, "end": end}
        if not prefix and row.get("form") is not None:  # a mention's form (schema 1.1)
            span["form"] = row.get("form")
            self.note(f"{pointer}/form", row, "form")
        return span

    def spans(self, rows: list[Row], pointer: str) -> list[dict[str, Any]]:
        out = []
        for j, row in enumerate(rows):
            self.note(f"{pointer}/{j}", row)
            value = self.span(row, "", f"{pointer}/{j}")
            if value is not None:
                out.append(value)
        return out

    def scalars(self, rows: list[Row], column: str, pointer: str) -> list[Any]:
        for j, row in enumerate(rows):
            self.note(f"{pointer}/{j}", row, column)
        return [row.get(column) for row in rows]

    def locate(self, finding: Finding) -> Finding:
        """Point a finding about the rebuilt JSON at the row and cell it came from."""
        pointer = finding.pointer
        probe = pointer
        while probe not in self.where and probe:
            probe = probe.rsplit("/", 1)[0]
        if probe not in self.where:
            return finding.at(document=self.index)
        row, column = self.where[probe]
        if probe != pointer or column is None:
            rest = pointer[len(probe) :].lstrip("/")
            column = _FIELDS[row.table.name].get(rest.split("/")[0] if rest else "", column)
        return row.at(finding, column).at(document=self.index)


_OWNER_TABLES = {"entity_id": "entities", "event_id": "events", "quote_id": "quotes"}

_COLUMNS = {t.name: frozenset(c.name for c in t.columns) for t in TABLES}

_FIELD_OF: dict[str, dict[str, str]] = {
    t.name: {c.name: c.field for c in t.columns if c.field} for t in TABLES
}

_FIELDS: dict[str, dict[str, str]] = {
    t.name: {c.field.split("/")[0]: c.name for c in t.columns if c.field} for t in TABLES
}


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _build(index: int, art: Row, groups: dict[str, list[Row]], findings: list[Finding]) -> Loaded:
    b = _Builder(index, findings)
    b.body = art.get("body") or ""
    aid = art.get("article_id")
    b.note("", art)
    b.note("/schema_version", art, "schema_version")
    b.note("/article", art)
    # Entities first: every human name column is checked against them.
    entity_rows = b.ordered(groups["entities"]).get(None, [])
    entities = b.keyed(entity_rows, "entity_id")
    names = {eid: row.get("name") for eid, row in entities.items()}
    event_rows = b.ordered(groups["events"]).get(None, [])
    events = b.keyed(event_rows, "event_id")
    quote_rows = b.ordered(groups["quotes"]).get(None, [])
    quotes = b.keyed(quote_rows, "quote_id")

    b.resolves(art, "publisher_id", names, "entities")
    b.check(art, "publisher_name", names.get(art.get("publisher_id") or ""))
    authors = b.ordered(groups["article_authors"]).get(None, [])
    for row in authors:
        b.resolves(row, "author_id", names, "entities")
        b.check(row, "author_name", names.get(row.get("author_id")))
    article = _compact(
        {
            "id": aid,
            "headline": art.get("headline"),
            "body": art.get("body"),
            "language": art.get("language"),
            "url": art.get("url"),
            "date_published": art.get("date_published"),
            "date_modified": art.get("date_modified"),
            "publisher": art.get("publisher_id"),
            "authors": b.scalars(authors, "author_id", "/article/authors") or None,
            "text_sha256": art.get("text_sha256"),
        }
    )
    images = b.ordered(groups["article_images"]).get(None, [])
    if images:
        article["image"] = b.scalars(images, "url", "/article/image")

    aliases, same_as, entity_mentions = b.children(
        groups, "entity_id", entities, ("entity_aliases", "entity_same_as", "entity_mentions")
    )
    entity_list = []
    for row, pointer in b.each(entity_rows, "/entities"):
        eid = row.get("entity_id")
        entity_list.append(
            {
                "id": eid,
                "kind": row.get("kind"),
                "name": row.get("name"),
                "aliases": b.scalars(aliases.get(eid, []), "alias", f"{pointer}/aliases"),
                "same_as": b.scalars(same_as.get(eid, []), "iri", f"{pointer}/same_as"),
                "mentions": b.spans(entity_mentions.get(eid, []), f"{pointer}/mentions"),
                **_compact(
                    {
                        "anonymous": row.get("anonymous"),
                        "url": row.get("url"),
                        "image": row.get("image"),
                    }
                ),
            }
        )

    inferred, participants, event_mentions = b.children(
        groups, "event_id", events, ("event_date_inferred", "event_participants", "event_mentions")
    )
    event_list = []
    for row, pointer in b.each(event_rows, "/events"):
        vid = row.get("event_id")
        b.resolves(row, "location_id", names, "entities")
        b.check(row, "location_name", names.get(row.get("location_id") or ""))
        event: dict[str, Any] = {
            "id": vid,
            "kind": row.get("kind"),
            "name": row.get("name"),
            "realis": row.get("realis"),
        }
        start, end = row.get("date_start"), row.get("date_end")
        components = inferred.get(vid, [])
        if start is not None:
            b.note(f"{pointer}/date", row, "date_start")
            event["date"] = _compact(
                {
                    "start": start,
                    "end": end,
                    "inferred": b.scalars(components, "component", f"{pointer}/date/inferred"),
                }
            )
        elif end is not None:
            b.fail("NS072", "date_end is set but date_start is empty", row, "date_start")
        elif components:
            b.fail(
                "NS072",
                "event has inferred date parts but no date_start",
                components[0],
                "event_id",
            )
        event.update(_compact({"location": row.get("location_id")}))
        plist = []
        for j, prow in enumerate(participants.get(vid, [])):
            b.note(f"{pointer}/participants/{j}", prow)
            b.resolves(prow, "entity_id", names, "entities")
            b.check(prow, "entity_name", names.get(prow.get("entity_id")))
            plist.append({"entity": prow.get("entity_id"), "role": prow.get("role")})
        event["participants"] = plist
        event["mentions"] = b.spans(event_mentions.get(vid, []), f"{pointer}/mentions")
        event.update(
            _compact(
                {
                    "duration": row.get("duration"),
                    "planned_duration": row.get("planned_duration"),
                }
            )
        )
        event_list.append(event)

    outlets, insertions, interruptions = b.children(
        groups, "quote_id", quotes, ("quote_outlets", "quote_insertions", "quote_interruptions")
    )
    quote_list = []
    for row, pointer in b.each(quote_rows, "/quotes"):
        qid = row.get("quote_id")
        chain = outlets.get(qid, [])
        named: set[Any] = set()
        for orow in chain:
            outlet = orow.get("outlet_id")
            b.resolves(orow, "outlet_id", names, "entities")
            # A repeat of an outlet within the chain leaves its name empty; bundles written
            # before the name was bounded repeat it, which is checked like a first row.
            if outlet not in named or orow.get("outlet_name") not in (None, ""):
                b.check(orow, "outlet_name", names.get(outlet))
            named.add(outlet)
        b.resolves(row, "speaker_id", names, "entities")
        b.resolves(row, "event_id", events, "events")
        b.resolves(row, "within_id", quotes, "quotes")
        b.check(row, "speaker_name", names.get(row.get("speaker_id") or ""))
        chain_names = [names.get(o.get("outlet_id")) for o in chain]
        if not _is_full_via_join(row.get("via_names"), chain_names):
            b.check(row, "via_names", via_label(chain_names))
        event_row = events.get(row.get("event_id") or "")
        b.check(row, "event_name", None if event_row is None else event_row.get("name"))
        b.check(
            row,
            "event_date",
            None
            if event_row is None
            else event_date_label(event_row.get("date_start"), event_row.get("date_end")),
        )
        b.check(row, "headline", art.get("headline"))
        b.check(row, "date_published", art.get("date_published"))
        quote: dict[str, Any] = {
            "id": qid,
            "kind": row.get("kind"),
            # The text is never null: an empty cell is the empty text.
            "text": row.get("text") or "",
            "span": b.span(row, "span_", f"{pointer}/span"),
        }
        cue = b.span(row, "cue_", f"{pointer}/cue")
        quote.update(
            _compact({"speaker": row.get("speaker_id"), "cue": cue, "event": row.get("event_id")})
        )
        quote["via"] = b.scalars(chain, "outlet_id", f"{pointer}/via")
        quote["insertions"] = b.spans(insertions.get(qid, []), f"{pointer}/insertions")
        quote.update(
            _compact({"attribution": row.get("attribution"), "within": row.get("within_id")})
        )
        quote["interruptions"] = b.spans(interruptions.get(qid, []), f"{pointer}/interruptions")
        quote_list.append(quote)

    raw = {
        "schema_version": art.get("schema_version"),
        "article": article,
        "entities": entity_list,
        "events": event_list,
        "quotes": quote_list,
    }
    errors = [b.pointed(f).at(document=index) for f in b.findings]
    if errors:
        return Loaded(None, errors, raw=raw, index=index, line=art.line, file=art.file)
    try:
        document = Document.model_validate(raw)
    except ValidationError:
        # The strict loader turns the model's complaints into coded findings with pointers.
        loaded = next(load_bytes(orjson.dumps(raw)))
        located = [b.locate(f.at(line=None, column=None)) for f in loaded.findings]
        return Loaded(None, located, raw=raw, index=index, line=art.line, file=art.file)
    return Loaded(document, [], raw=raw, index=index, line=art.line, file=art.file)


def make_row(
    table: Table,
    values: dict[str, Any],
    file: str,
    line: int,
    columns: Mapping[str, int],
    errors: list[Finding],
) -> Row:
    """Return a :class:`Row`, reporting bad cells the layout itself can judge.

    Empty required cells are NS072; values outside a controlled list are NS023, as the loader
    reports them.
    """
    for column in table.columns:
        if column.added_in and column.name not in columns:
            values[column.name] = column.default  # a bundle written before the column existed
    row = Row(table, values, file, line, columns, errors)
    flagged = {f.column for f in errors}
    for column in table.columns:
        value = values.get(column.name)
        if column.type == "integer" and isinstance(value, int) and abs(value) > MAX_INTEGER:
            # Refused here, at its cell: the loader would only see it in the rebuilt JSON.
            values[column.name] = None
            errors.append(error("NS011", too_large(column.name, str(value)), row, column.name))
            flagged.add(columns.get(column.name))
        elif column.enum and value is not None and value not in column.enum:
            allowed = ", ".join(column.enum)
            errors.append(
                error(
                    "NS023",
                    f"{column.name} must be one of {allowed}; got {excerpt(str(value))}",
                    row,
                    column.name,
                )
            )
        if (
            column.required
            and values.get(column.name) is None
            and (columns.get(column.name) not in flagged)
        ):
            errors.append(
                error("NS072", f"{column.name} is empty; it is required", row, column.name)
            )
    return row


def _is_full_via_join(cell: Any, names: list[str | None]) -> bool:
    """Whether a ``via_names`` cell joins every name of a long chain, as older bundles did."""
    if len(names) <= VIA_SHOWN or not isinstance(cell, str):
        return False
    # Lengths first: a short wrong cell never makes the reader build the whole join.
    size = sum(len(name or "") for name in names) + len(VIA_SEPARATOR) * (len(names) - 1)
    return size == len(cell) and cell == VIA_SEPARATOR.join(name or "" for name in names)
