"""NS3xx: dates are real and consistent with each other and with the publication date.

Event dates keep their stated precision (``2022``, ``2022-01``, ``2022-01-13`` or a timestamp),
so comparisons are made at the coarser of the two precisions: ``2022-01`` is neither before nor
after ``2022-01-13``. A date compared with the publication timestamp uses the calendar date of
that timestamp in its own offset.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING

from newsschema import _fast
from newsschema.codes import CodeDoc
from newsschema.findings import Severity
from newsschema.rules._base import Context, PassPart, Plain, Rule, RuleFinding

if TYPE_CHECKING:
    from collections.abc import Iterator

    from newsschema.models import Document

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


def _parse_any(value: object) -> _When | None:
    """Parse ``value`` when it is a string (a constructed document may hold anything)."""
    return _parse(value) if isinstance(value, str) else None


_YEAR = frozenset({"year"})


def _of_datetime(value: datetime) -> _When:
    return _When((value.year, value.month, value.day), value)


def _before(a: _When, b: _When) -> bool:
    """True when ``a`` is certainly earlier than ``b`` at the precision both state."""
    if a.instant is not None and b.instant is not None:
        return a.instant < b.instant
    k = min(len(a.parts), len(b.parts))
    return a.parts[:k] < b.parts[:k]


def _date_problems(ctx: Context) -> dict[str, list[RuleFinding]]:
    """One pass over the dated events for NS301, NS302, NS303, NS305 and NS306.

    Each event's dates are parsed once (cached: dates repeat) and every check that reads them
    runs at once, in event order: each code's findings are those its own loop would give.
    """
    late: list[RuleFinding] = []
    early: list[RuleFinding] = []
    reversed_: list[RuleFinding] = []
    impossible: list[RuleFinding] = []
    missing: list[RuleFinding] = []
    problems = {
        "NS301": late,
        "NS302": early,
        "NS303": reversed_,
        "NS305": impossible,
        "NS306": missing,
    }
    published = ctx.document.article.date_published
    pub = None if published is None else _of_datetime(published)
    fast = _fast.ENABLED
    for i, event in enumerate(ctx.document.events):
        when = event.date
        if when is None:
            continue
        stated_start, stated_end = when.start, when.end
        start = _parse(stated_start) if isinstance(stated_start, str) else None
        end = None if stated_end is None else _parse_any(stated_end)
        if published is not None and pub is not None:
            realis = event.realis
            if realis == "actual" and start is not None and _before(pub, start):
                late.append(
                    RuleFinding(
                        f"/events/{i}/date/start",
                        f"event {event.id!r} is reported as actual but dated {when.start}, after "
                        f"the article was published ({published.isoformat()})",
                    )
                )
            if realis in _FUTURE:
                last = when.end if when.end is not None else when.start
                parsed = end if when.end is not None else start
                if parsed is not None and _before(parsed, pub):
                    field = "end" if when.end is not None else "start"
                    early.append(
                        RuleFinding(
                            f"/events/{i}/date/{field}",
                            f"event {event.id!r} is {realis} but dated {last}, before the "
                            f"article was published ({published.isoformat()})",
                        )
                    )
        if start is not None and end is not None and _before(end, start):
            reversed_.append(
                RuleFinding(
                    f"/events/{i}/date/end",
                    f"date ends ({when.end}) before it starts ({when.start})",
                )
            )
        # Fast test for NS305: the stated start and end parsed as calendar dates.
        if not fast or start is None or (end is None and when.end is not None):
            for field, value, parsed in (("start", when.start, start), ("end", when.end, end)):
                if isinstance(value, str) and parsed is None:
                    impossible.append(
                        RuleFinding(
                            f"/events/{i}/date/{field}", f"{value!r} is not a date on the calendar"
                        )
                    )
                elif value is not None and not isinstance(value, str):
                    impossible.append(
                        RuleFinding(f"/events/{i}/date/{field}", "date is not an ISO 8601 string")
                    )
        # Every date states its year: an inferred year (usual) never fires NS306.
        if start is not None and when.inferred and not (fast and _YEAR.issuperset(when.inferred)):
            stated = len(start.parts) + (start.instant is not None)
            for k, part in enumerate(when.inferred):
                if _PRECISION.get(part, 0) > stated:
                    missing.append(
                        RuleFinding(
                            f"/events/{i}/date/inferred/{k}",
                            f"{part!r} is listed as inferred but the date {when.start} has no "
                            f"{part}",
                        )
                    )
    return problems


_after_publication = PassPart("dates", _date_problems, "NS301")


_future_in_past = PassPart("dates", _date_problems, "NS302")


_end_before_start = PassPart("dates", _date_problems, "NS303")


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


_impossible = PassPart("dates", _date_problems, "NS305")


_PRECISION = {"year": 1, "month": 2, "day": 3, "time": 4}


_inferred_missing = PassPart("dates", _date_problems, "NS306")


def _dates_quiet(plain: Plain) -> bool:
    """Quiet test for NS301, NS302, NS303, NS305 and NS306 (one test for the five, run once)."""
    quiet: bool = plain.shared("dates", _dates_fit)
    return quiet


def _dates_fit(plain: Plain) -> bool:
    """True when :func:`_date_problems` would find nothing: the same tests, no messages.

    :func:`_before` is written out here (the publication date is always timed, so only the
    other date's precision decides how much of it is compared): one event costs a few
    comparisons, without a call per test.
    """
    published = plain.article["date_published"]
    # The publication date's calendar parts cut to each precision (index: parts kept).
    pub = (
        None
        if published is None
        else (
            (),
            (published.year,),
            (published.year, published.month),
            (published.year, published.month, published.day),
        )
    )
    for event in plain.events:
        when = event["date"]
        if when is None:
            continue
        start = _parse(when["start"])  # plain data holds checked strings
        if start is None:
            return False  # NS305
        stated_end = when["end"]
        end = None
        if stated_end is not None:
            end = _parse(stated_end)
            if end is None:
                return False  # NS305
            if _before(end, start):
                return False  # NS303
        if pub is not None:
            realis = event["realis"]
            if realis == "actual":
                if (
                    published < start.instant
                    if start.instant is not None
                    else pub[len(start.parts)] < start.parts
                ):
                    return False  # NS301
            elif realis in _FUTURE:
                last = start if end is None else end
                if (
                    last.instant < published
                    if last.instant is not None
                    else last.parts < pub[len(last.parts)]
                ):
                    return False  # NS302
        inferred = when["inferred"]
        if inferred and not _YEAR.issuperset(inferred):
            stated = len(start.parts) + (start.instant is not None)
            if any(_PRECISION.get(part, 0) > stated for part in inferred):
                return False  # NS306
    return True


def _modified_in_order(plain: Plain) -> bool:
    """Quiet test for NS304."""
    published, modified = plain.article["date_published"], plain.article["date_modified"]
    return published is None or modified is None or not modified < published


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
        _dates_quiet,
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
        _dates_quiet,
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
        _dates_quiet,
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
        _modified_in_order,
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
        _dates_quiet,
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
        _dates_quiet,
    ),
)
"""Date rules, in code order."""
