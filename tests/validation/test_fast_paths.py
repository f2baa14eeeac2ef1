"""The validator's fast paths report exactly what the plain code reports.

Every fast path is a cheap test that skips work only when the plain code would find nothing
(or an equivalent shortcut). These tests run each input through both, with the switch in
``newsschema._fast``, and compare the whole result: findings, their order, messages and
locations, and the report's counts.
"""

from __future__ import annotations

import copy
import importlib.util
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsschema import _fast
from newsschema._datetimes import parse_datetime as _parse_datetime
from newsschema.loader import load_one
from newsschema.models import Document
from newsschema.report import Report
from newsschema.rules._base import Context
from newsschema.rules.quotes import _all_marked, _cues_in_place
from newsschema.rules.references import _all_resolve
from newsschema.rules.spans import (
    _NEVER_JOIN,
    _all_named,
    _apart_in_order,
    _nested_or_apart,
    _span_problems,
    _spans_clean,
    _texts_match,
)
from newsschema.rules.versions import _may_use_1_1, features_of_1_1
from newsschema.strategies import document_dicts, documents
from newsschema.types import SchemaVersion
from newsschema.validation import validate

from ..adversarial.adversarial_support import HOSTILE_STRINGS, dumps, mutated_bytes
from ..conftest import INVALID, ROOT, SEEDS, corpus_files

_T = TypeVar("_T")

FUZZ = settings(
    settings.get_profile("cheap"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextmanager
def _plain() -> Iterator[None]:
    """Run the block with every fast path off (restored afterwards, even on failure)."""
    _fast.ENABLED = False
    try:
        yield
    finally:
        _fast.ENABLED = True


def _both(run: Callable[[], _T]) -> tuple[_T, _T]:
    """``run()`` with the fast paths, then without."""
    assert _fast.ENABLED
    fast = run()
    with _plain():
        plain = run()
    return fast, plain


def _same_report(data: bytes) -> Report:
    """Validate ``data`` both ways, assert the reports are equal, return the fast one."""
    fast, plain = _both(lambda: validate(data))
    assert fast == plain
    return fast


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_fixture_files_same_report(path: Path) -> None:
    """Every invalid fixture, seed and 1.1 corpus file gets the same report on both paths."""
    _same_report(path.read_bytes())


def test_invalid_fixtures_do_fire_rules() -> None:
    """The fixture comparison covers rule findings, not only clean documents."""
    codes = {
        finding.code
        for path in sorted((INVALID / "rules").glob("*.json"))
        for finding in _same_report(path.read_bytes()).findings
    }
    assert {"NS101", "NS105", "NS106", "NS409", "NS601"} <= codes


@FUZZ
@given(mutated_bytes())
def test_mutated_documents_same_report(data: bytes) -> None:
    """Hostile edits of generated documents (bytes, offsets, ids, types) report the same."""
    _same_report(data)


@FUZZ
@given(documents(schema_version="1.0"))
def test_generated_1_0_documents_same_report(doc: Document) -> None:
    """Generated schema 1.0 documents report the same on both paths."""
    _same_report(doc.model_dump_json(by_alias=True).encode())


@FUZZ
@given(documents(schema_version="1.1"))
def test_generated_1_1_documents_same_report(doc: Document) -> None:
    """Generated schema 1.1 documents report the same on both paths."""
    _same_report(doc.model_dump_json(by_alias=True).encode())


@st.composite
def _scrambled(draw: st.DrawFn) -> bytes:
    """A generated document whose quote, cue and mention spans are redrawn near each other.

    Spans drawn from a few nearby offsets cross, nest, coincide and leave the body often,
    which is what the span and quote fast paths must recognise.
    """
    version: SchemaVersion = draw(st.sampled_from(["1.0", "1.1"]))
    doc = copy.deepcopy(draw(document_dicts(max_entities=3, quotes=(2, 6), schema_version=version)))
    body = doc["article"]["body"]
    if draw(st.booleans()):
        body = body + draw(st.sampled_from((*HOSTILE_STRINGS, "e\u0301", "\r\n", "“x”", "👍🏽")))
        doc["article"]["body"] = body
    points = st.integers(min_value=0, max_value=len(body) + 2)
    spans = [quote["span"] for quote in doc["quotes"]]
    spans += [quote["cue"] for quote in doc["quotes"] if "cue" in quote]
    spans += [m for entity in doc["entities"] for m in entity.get("mentions", [])]
    for span in spans:
        if draw(st.booleans()):
            span["start"], span["end"] = draw(points), draw(points)
    if doc["quotes"] and draw(st.booleans()):  # two quotes with one span
        doc["quotes"][-1]["span"] = dict(doc["quotes"][0]["span"])
    return dumps(doc)


@FUZZ
@given(_scrambled())
def test_scrambled_spans_same_report(data: bytes) -> None:
    """Documents with crossing, nested, equal and out-of-body spans report the same."""
    _same_report(data)


def test_crossing_quotes_still_reported() -> None:
    """NS105 still fires on the fast path for crossing and for equal quote spans."""
    doc = orjson.loads((INVALID / "rules" / "NS105_overlapping_quotes.json").read_bytes())
    report = _same_report(orjson.dumps(doc))
    assert any(f.code == "NS105" for f in report.findings)


def _quote_spans(pairs: list[tuple[int, int]]) -> Document:
    body = "x" * 40
    quotes = [
        {
            "id": f"q{i}",
            "kind": "indirect",
            "text": body[s:e] if 0 <= s <= e <= 40 else "",
            "span": {"start": s, "end": e},
        }
        for i, (s, e) in enumerate(pairs)
    ]
    article = {"id": "a", "body": body, "language": "en"}
    raw = {"schema_version": "1.0", "article": article, "quotes": quotes}
    return Document.model_validate(raw)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(0, 10), (10, 20), (25, 30)], True),  # apart, touching
        ([(0, 30), (5, 10), (5, 8), (12, 30)], True),  # nested, shared start and end
        ([(3, 3), (0, 10), (3, 3)], True),  # empty spans never conflict
        ([(0, 10), (5, 15)], False),  # crossing
        ([(0, 30), (5, 10), (8, 12)], False),  # crossing inside a container
        ([(5, 10), (5, 10)], False),  # equal
        ([(0, 10), (30, 50)], True),  # a span past the body is not checked by NS105
    ],
)
def test_nested_or_apart(pairs: list[tuple[int, int]], expected: bool) -> None:
    """The NS105 fast test accepts only laminar sets of distinct spans."""
    doc = _quote_spans(pairs)
    assert _nested_or_apart(doc, Context(doc)) is expected


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=8))
def test_nested_or_apart_implies_no_ns105(pairs: list[tuple[int, int]]) -> None:
    """Whenever the fast test passes, the plain NS105 pass finds nothing."""
    doc = _quote_spans(pairs)
    from newsschema.rules import RULES

    if _nested_or_apart(doc, Context(doc)):
        with _plain():
            assert list(RULES["NS105"].check(doc, Context(doc))) == []


@FUZZ
@given(st.one_of(documents(schema_version="1.0"), documents(schema_version="1.1")))
def test_may_use_1_1_agrees_with_features(doc: Document) -> None:
    """The NS601 fast test is False exactly when no schema 1.1 feature is found."""
    assert _may_use_1_1(doc) is bool(features_of_1_1(doc))


def _datetime_outcome(value: Any) -> tuple[str, Any]:
    try:
        parsed = _parse_datetime(value)
    except ValueError as exc:
        return "error", str(exc)
    return "ok", (parsed, parsed.utcoffset())


_YEARS = ["0000", "0001", "1900", "2000", "2023", "2024", "2100", "0400", "9999"]
_MONTHS = ["00", "01", "02", "04", "12", "13"]
_DAYS = ["00", "01", "28", "29", "30", "31", "32"]
_TIMES = ["00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "09:30:00.5"]
_TIMES += ["09:30:00.123456", "09:30:00.1234567", "9:30:00"]
_ZONES = ["Z", "+00:00", "-23:59", "+24:00", "+10:75", "+05:30", "", "z", "+0530"]


def test_datetime_grid_same_outcome() -> None:
    """Timestamps across calendar, clock and offset edges parse (or fail) the same both ways."""
    values = [
        f"{y}-{m}-{d}T{t}{z}{tail}"
        for y, m, d, t, z, tail in itertools.product(
            _YEARS, _MONTHS, _DAYS, _TIMES, _ZONES, ["", "\n"]
        )
    ]
    accepted = 0
    for value in values:
        fast, plain = _both(lambda v=value: _datetime_outcome(v))  # type: ignore[misc]
        assert fast == plain, value
        accepted += fast[0] == "ok"
    assert 0 < accepted < len(values)


@FUZZ
@given(st.text(alphabet="0123456789-:T.Z+ z\n", max_size=32))
def test_datetime_text_same_outcome(value: str) -> None:
    """Arbitrary timestamp-like text parses (or fails) the same on both paths."""
    fast, plain = _both(lambda: _datetime_outcome(value))
    assert fast == plain


def test_loaded_document_same_on_both_paths() -> None:
    """The fast paths change no loaded value (timestamps included) of a seed."""
    data = min(SEEDS.glob("*.json")).read_bytes()
    fast, plain = _both(lambda: load_one(data).document)
    assert fast is not None
    assert fast == plain


def _suspect_offsets(body: str) -> frozenset[int]:
    """The plain pass's per-offset test, applied to every offset (the definition)."""
    return frozenset(
        i
        for i in range(1, len(body))
        if (body[i] >= "\u0300" and body[i] not in _NEVER_JOIN)
        or (body[i] == "\n" and body[i - 1] == "\r")
    )


_BODY_TEXT = st.text(alphabet=st.sampled_from("a \r\né\u0301“”—€†👍\u200d£"), min_size=1)


@st.composite
def _body_with_mentions(draw: st.DrawFn) -> Document:
    """A document whose body mixes joining and non-joining characters, with mentions on it."""
    body = draw(_BODY_TEXT)
    points = st.integers(min_value=0, max_value=len(body) + 1)
    mentions = [
        {"start": draw(points), "end": draw(points)} for _ in range(draw(st.integers(0, 6)))
    ]
    return Document.model_validate(
        {
            "schema_version": "1.0",
            "article": {"id": "a", "body": body, "language": "en"},
            "entities": [{"kind": "person", "id": "p", "name": "P", "mentions": mentions}],
        }
    )


@FUZZ
@given(_body_with_mentions())
def test_clean_spans_have_no_span_findings(doc: Document) -> None:
    """When the span pass's fast test says clean, the plain pass finds nothing, and vice versa."""
    body = doc.article.body
    found = _span_problems(Context(doc), plain=True)
    clean = _spans_clean(Context(doc))
    if clean:
        assert found == {"NS101": [], "NS102": [], "NS106": []}
    bounds = {o for m in doc.entities[0].mentions for o in (m.start, m.end)}
    in_body = all(m.start <= m.end <= len(body) for m in doc.entities[0].mentions)
    # Clean exactly when no span is out of order or out of the body and no boundary is flagged.
    assert clean == (in_body and not (_suspect_offsets(body) & bounds))


@FUZZ
@given(_body_with_mentions())
def test_span_findings_same_on_mixed_bodies(doc: Document) -> None:
    """Span rules report the same on bodies with combining marks, CR LF and astral characters."""
    fast, plain = _both(lambda: validate(doc))
    assert fast == plain


def _with_mentions(body: str, *mentions: tuple[int, int]) -> Document:
    """A document with one entity whose mentions are the given spans of ``body``."""
    spans = [{"start": start, "end": end} for start, end in mentions]
    return Document.model_validate(
        {
            "schema_version": "1.0",
            "article": {"id": "a", "body": body, "language": "en"},
            "entities": [{"kind": "person", "id": "p", "name": "He", "mentions": spans}],
        }
    )


def test_spans_clean_with_curly_quotes_and_crlf() -> None:
    """Curly quotes at span boundaries keep the fast test; a span ending inside CR LF does not."""
    body = "He said \u201cyes\u201d.\r\nThen no.\nOk"
    assert _spans_clean(Context(_with_mentions(body, (0, 2), (8, 13), (16, 20))))
    assert _spans_clean(Context(_with_mentions(body, (0, body.rindex("\n")))))
    assert not _spans_clean(Context(_with_mentions(body, (0, body.index("\n")))))
    assert not _spans_clean(Context(_with_mentions(body, (3, 2))))
    assert not _spans_clean(Context(_with_mentions(body, (0, len(body) + 1))))


_IDS_EXTRA = ("nobody", "")
_QUOTE_KINDS = ("direct", "partial", "indirect", "mixed", "scare")
_ENTITY_KINDS = ("person", "organization", "outlet", "place", "gpe", "group", "work", "other")
_REALIS = ("actual", "planned", "promised", "negated")
_DATES = ("2022-01-13", "2022-01", "2023", "2022-01-13T10:00:00Z", "2021-12-31", "2022-01-14")


@st.composite
def _edited_fields(draw: st.DrawFn) -> bytes:
    """A generated document with the fields the rules' fast tests read redrawn.

    Quote kinds, speakers, via, events, texts, and spans and cues moved to the ends of the
    body; entity kinds, aliases, mention forms, a duplicated entity id; event realis, dates,
    locations and participants; the publisher. Each edit is drawn on its own, so most
    documents break one or two rules, next to the clean remainder the fast tests skip.
    """
    version: SchemaVersion = draw(st.sampled_from(["1.0", "1.1"]))
    doc = copy.deepcopy(
        draw(document_dicts(max_entities=4, quotes=(1, 5), events=(0, 3), schema_version=version))
    )
    n = len(doc["article"]["body"])
    entities = doc.get("entities", [])
    events = doc.get("events", [])
    quotes = doc.get("quotes", [])
    ids = [item["id"] for item in (*entities, *events, *quotes)]
    some_id = st.sampled_from([*ids, *_IDS_EXTRA])
    point = st.one_of(st.sampled_from([0, 1, max(n - 1, 0), n]), st.integers(0, n))
    edit = st.integers(0, 5).map(lambda k: k == 0)  # each edit with probability 1/6

    def span() -> dict[str, int]:
        start, end = sorted((draw(point), draw(point)))
        return {"start": start, "end": end}

    for quote in quotes:
        if draw(edit):
            quote["kind"] = draw(st.sampled_from(_QUOTE_KINDS))
        if draw(edit):
            quote["speaker"] = draw(some_id)
        if draw(edit):
            quote.pop("speaker", None)
        if draw(edit):
            quote["via"] = draw(st.lists(some_id, max_size=2))
        if draw(edit):
            quote["event"] = draw(some_id)
        if draw(edit):
            quote["cue"] = span()
        if draw(edit):
            quote["span"] = span()
        if draw(edit):
            quote["text"] += draw(st.sampled_from(["x", " "]))
        if draw(edit):
            quote["insertions"] = [span()]
    for entity in entities:
        if draw(edit):
            entity["kind"] = draw(st.sampled_from(_ENTITY_KINDS))
        if draw(edit):
            entity["aliases"] = []
        if draw(edit):
            entity["mentions"] = []
        for mention in entity.get("mentions", []):
            if draw(edit):
                mention["form"] = draw(st.sampled_from(["name", "nominal", "pronoun"]))
    if len(entities) > 1 and draw(edit):
        entities[-1]["id"] = entities[0]["id"]
    for event in events:
        if draw(edit):
            event["realis"] = draw(st.sampled_from(_REALIS))
        if draw(edit):
            event["date"] = {"start": draw(st.sampled_from(_DATES))}
            if draw(st.booleans()):
                event["date"]["end"] = draw(st.sampled_from(_DATES))
            if draw(st.booleans()):
                event["date"]["inferred"] = [draw(st.sampled_from(["month", "day", "time"]))]
        if draw(edit):
            event["location"] = draw(some_id)
        if draw(edit):
            event["participants"] = [{"entity": draw(some_id)}]
    if draw(edit):
        doc["article"]["publisher"] = draw(some_id)
    return dumps(doc)


@FUZZ
@given(_edited_fields())
def test_edited_fields_same_report(data: bytes) -> None:
    """Documents with redrawn kinds, references, dates, texts and edge spans report the same."""
    _same_report(data)


def _corpus_documents() -> list[Document]:
    """The benchmark's seed-like documents (valid, no warnings), made by its generator."""
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    return [Document.model_validate_json(line) for line in corpus.iter_lines(20)]


@pytest.mark.parametrize(
    "fast_test",
    [
        _spans_clean,
        _texts_match,
        _all_named,
        _apart_in_order,
        _all_marked,
        _cues_in_place,
        lambda ctx: _all_resolve(ctx.document, ctx),
        lambda ctx: not _may_use_1_1(ctx.document, ctx),
    ],
    ids=[
        "spans",
        "quote-text",
        "mention-names",
        "quote-overlap",
        "quote-marks",
        "cues",
        "references",
        "schema-1.1",
    ],
)
def test_fast_tests_hold_on_valid_documents(fast_test: Callable[[Context], bool]) -> None:
    """On valid seed-like documents each fast test says its rule cannot fire (the fast path)."""
    docs = _corpus_documents()
    assert all(fast_test(Context(doc)) for doc in docs)
    assert not any(validate(doc).findings for doc in docs)


def test_fast_tests_fail_on_a_broken_document() -> None:
    """Each fast test says "may fire" once its rule's field is broken (they are not constant)."""
    raw = orjson.loads(_corpus_documents()[0].model_dump_json(by_alias=True))
    quote, entity = raw["quotes"][0], raw["entities"][0]
    quote["text"] += "x"  # NS103
    quote["cue"] = {"start": quote["span"]["start"] + 1, "end": quote["span"]["start"] + 2}
    raw["quotes"][1]["span"] = quote["span"]  # NS105
    entity["aliases"] = []
    entity["mentions"] = [{"start": 0, "end": 1}]  # NS104, not the name
    raw["entities"][1]["mentions"] = [{"start": 0, "end": len(raw["article"]["body"]) + 1}]
    raw["article"]["publisher"] = "nobody"  # NS202
    raw["article"].pop("headline")  # NS601 (declared 1.0)
    quote["kind"] = "direct"
    quote["span"] = {"start": 0, "end": quote["span"]["end"]}  # NS401: no room for a mark
    ctx = Context(Document.model_validate(raw))
    assert not _spans_clean(ctx)  # NS101
    assert not _texts_match(ctx)
    assert not _all_named(ctx)
    assert not _apart_in_order(ctx)
    assert not _all_marked(ctx)
    assert not _cues_in_place(ctx)
    assert not _all_resolve(ctx.document, ctx)
    assert _may_use_1_1(ctx.document, ctx)
