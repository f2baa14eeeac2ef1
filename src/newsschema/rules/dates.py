"""NS3xx: dates are real and consistent with each other and with the publication date.

Event dates keep their stated precision (``2022``, ``2022-01``, ``2022-01-13`` or a timestamp),
so comparisons are made at the coarser of the two precisions: ``2022-01`` is neither before nor
after ``2022-01-13``. A date compared with the publication timestamp uses the calendar date of
that timestamp in its own offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from newsschema import _fast
from newsschema.codes import CodeDoc
from newsschema.findings import Severity
from newsschema.models import Document, Event, EventDate
from newsschema.rules._base import Context, Rule, RuleFinding

__all__ = ["RULES"]

_E, _W = Severity.ERROR, Severity.WARNING
_PARTIAL = re.compile(
    r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?"
    r"(?:(Z)|([+-])([0-9]{2}):([0-9]{2})))?)?)?"
)
_FUTURE = frozenset({"planned", "promised"})


class _When:
    """A parsed partial date: its calendar parts at their precision, and the instant if timed."""

    __slots__ = ("instant", "parts")

    def __init__(self, parts: tuple[int, ...], instant: datetime | None) -> None:
        self.parts = parts
        self.instant = instant


@lru_cache(maxsize=4096)
def _parse(value: str) -> _When | None:
    """Parse a partial date, or return None when it is no real date (cached: dates repeat)."""
    match = _PARTIAL.fullmatch(value)
    if match is None:
        return None
    groups = match.groups()
    parts = tuple(int(g) for g in groups[:3] if g is not None)
    try:
        if len(parts) == 3:
            date(*parts)
        elif len(parts) == 2 and not 1 <= parts[1] <= 12:
            return None
        if parts[0] < 1:
            return None
        if groups[3] is None:
            return _When(parts, None)
        offset = timedelta(0)
        if groups[8]:
            offset = timedelta(hours=int(groups[9]), minutes=int(groups[10]))
            if groups[8] == "-":
                offset = -offset
        micro = int((groups[6] or "0").ljust(6, "0"))
        hour, minute, second = int(groups[3]), int(groups[4]), int(groups[5])
        year, month, day = parts
        instant = datetime(year, month, day, hour, minute, second, micro, tzinfo=timezone(offset))
    except (ValueError, OverflowError):
        return None
    return _When(parts, instant)


def _of_datetime(value: datetime) -> _When:
    return _When((value.year, value.month, value.day), value)


def _before(a: _When, b: _When) -> bool:
    """True when ``a`` is certainly earlier than ``b`` at the precision both state."""
    if a.instant is not None and b.instant is not None:
        return a.instant < b.instant
    k = min(len(a.parts), len(b.parts))
    return a.parts[:k] < b.parts[:k]


_Dated = tuple[int, Event, EventDate, "_When | None", "_When | None"]


def _parse_all(ctx: Context) -> list[_Dated]:
    """Every dated event with its parsed start and end (None when absent or impossible)."""
    dated: list[_Dated] = []
    for i, event in enumerate(ctx.document.events):
        when = event.date
        if when is not None:
            start = _parse(when.start) if isinstance(when.start, str) else None
            end = _parse(when.end) if isinstance(when.end, str) else None
            dated.append((i, event, when, start, end))
    return dated


def _event_dates(ctx: Context) -> list[_Dated]:
    dated: list[_Dated] = ctx.shared("dates", _parse_all)
    return dated


def _against_publication(doc: Document, ctx: Context) -> Iterator[tuple[datetime, _When, _Dated]]:
    """Each dated event with the publication date, as given and parsed (none without one)."""
    published = doc.article.date_published
    if published is None:
        return
    pub = _of_datetime(published)
    for dated in _event_dates(ctx):
        yield published, pub, dated


def _after_publication(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    for published, pub, (i, event, when, start, _) in _against_publication(doc, ctx):
        if event.realis == "actual" and start is not None and _before(pub, start):
            yield RuleFinding(
                f"/events/{i}/date/start",
                f"event {event.id!r} is reported as actual but dated {when.start}, after the "
                f"article was published ({published.isoformat()})",
            )


def _future_in_past(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    for published, pub, (i, event, when, start, end) in _against_publication(doc, ctx):
        if event.realis not in _FUTURE:
            continue
        last = when.end if when.end is not None else when.start
        parsed = end if when.end is not None else start
        if parsed is not None and _before(parsed, pub):
            field = "end" if when.end is not None else "start"
            yield RuleFinding(
                f"/events/{i}/date/{field}",
                f"event {event.id!r} is {event.realis} but dated {last}, before the article "
                f"was published ({published.isoformat()})",
            )


def _end_before_start(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    for i, _, when, start, end in _event_dates(ctx):
        if start is not None and end is not None and _before(end, start):
            yield RuleFinding(
                f"/events/{i}/date/end",
                f"date ends ({when.end}) before it starts ({when.start})",
            )


def _modified_before_published(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    article = doc.article
    if article.date_published is None or article.date_modified is None:
        return
    if article.date_modified < article.date_published:
        yield RuleFinding(
            "/article/date_modified",
            f"date_modified ({article.date_modified.isoformat()}) is before date_published "
            f"({article.date_published.isoformat()})",
        )


def _all_parsed(dated: list[_Dated]) -> bool:
    """Fast test for NS305: every stated start and end parsed as a calendar date."""
    return _fast.ENABLED and all(
        start is not None and (end is not None or when.end is None)
        for _, _, when, start, end in dated
    )


def _impossible(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    if _all_parsed(_event_dates(ctx)):
        return
    for i, _, when, start, end in _event_dates(ctx):
        for field, value, parsed in (("start", when.start, start), ("end", when.end, end)):
            if isinstance(value, str) and parsed is None:
                yield RuleFinding(
                    f"/events/{i}/date/{field}", f"{value!r} is not a date on the calendar"
                )
            elif value is not None and not isinstance(value, str):
                yield RuleFinding(f"/events/{i}/date/{field}", "date is not an ISO 8601 string")


_PRECISION = {"year": 1, "month": 2, "day": 3, "time": 4}


def _inferred_missing(doc: Document, ctx: Context) -> Iterator[RuleFinding]:
    for i, _, when, parsed, _ in _event_dates(ctx):
        if parsed is None:
            continue
        stated = len(parsed.parts) + (parsed.instant is not None)
        for k, part in enumerate(when.inferred):
            if _PRECISION.get(part, 0) > stated:
                yield RuleFinding(
                    f"/events/{i}/date/inferred/{k}",
                    f"{part!r} is listed as inferred but the date {when.start} has no {part}",
                )


RULES = (
    Rule(
        CodeDoc(
            "NS301",
            "actual-event-after-publication",
            _E,
            "An event reported as actual is dated after the article was published.",
            "An article cannot report as done what had not happened when it was published; "
            "the year was usually inferred wrongly, or the realis should be planned.",
            '{"date_published": "2022-01-13T10:00:00Z"} ... {"realis": "actual", "date": '
            '{"start": "2022-01-20"}}',
            '{"date_published": "2022-01-13T10:00:00Z"} ... {"realis": "planned", "date": '
            '{"start": "2022-01-20"}}',
        ),
        _after_publication,
    ),
    Rule(
        CodeDoc(
            "NS302",
            "future-event-in-past",
            _W,
            "A planned or promised event is dated before the article was published.",
            "Plans and promises look ahead; one dated in the past is often an actual event "
            "with the wrong realis, or a year inferred wrongly.",
            '{"date_published": "2022-01-13T10:00:00Z"} ... {"realis": "planned", "date": '
            '{"start": "2022-01-03"}}',
            '{"date_published": "2022-01-13T10:00:00Z"} ... {"realis": "planned", "date": '
            '{"start": "2022-01-23"}}',
        ),
        _future_in_past,
    ),
    Rule(
        CodeDoc(
            "NS303",
            "end-before-start",
            _E,
            "An event's date ends before it starts.",
            "A reversed range has no days in it; start and end were swapped or mistyped.",
            '{"start": "2022-01-23", "end": "2022-01-17"}',
            '{"start": "2022-01-17", "end": "2022-01-23"}',
        ),
        _end_before_start,
    ),
    Rule(
        CodeDoc(
            "NS304",
            "modified-before-published",
            _E,
            "article.date_modified is before article.date_published.",
            "An article cannot be changed before it exists; the two fields are swapped or one "
            "carries the wrong offset.",
            '{"date_published": "2022-01-13T10:00:00Z", "date_modified": "2022-01-12T10:00:00Z"}',
            '{"date_published": "2022-01-13T10:00:00Z", "date_modified": "2022-01-13T12:00:00Z"}',
        ),
        _modified_before_published,
    ),
    Rule(
        CodeDoc(
            "NS305",
            "impossible-date",
            _E,
            "An event date is not a date on the calendar (such as February 30th).",
            "Loaded documents are already refused by the schema for this; the rule catches "
            "documents built in Python without validation before they are exported.",
            'EventDate.model_construct(start="2022-02-30")',
            'EventDate(start="2022-02-28")',
        ),
        _impossible,
    ),
    Rule(
        CodeDoc(
            "NS306",
            "inferred-part-missing",
            _E,
            "date.inferred names a part (month, day, time) that the date does not state.",
            "inferred says which stated parts the annotator worked out rather than read; a part "
            "that is not there cannot have been inferred, so the date lost precision or the "
            "list is wrong.",
            '{"start": "2022-01", "inferred": ["day"]}',
            '{"start": "2022-01-13", "inferred": ["day"]}',
        ),
        _inferred_missing,
    ),
)
"""Date rules, in code order."""
