"""Property tests: generated documents are clean; rules never crash on any valid structure."""

from __future__ import annotations

from typing import Any, get_args

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from newsschema.models import Document
from newsschema.rules import RULES, default_rules
from newsschema.strategies import document_dicts, documents
from newsschema.types import MAX_OFFSET, QuoteKind, Realis
from newsschema.validation import check_document

RULE_SET = default_rules()
FAST = settings(settings.get_profile("cheap"), suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(documents())
def test_generated_documents_pass_every_rule(document: Document) -> None:
    """Generated consistent documents raise no rule finding."""
    assert RULE_SET(document) == []


@given(documents(schema_version="1.1"))
def test_generated_1_1_documents_pass_every_rule(document: Document) -> None:
    """Documents using every 1.1 field draw no finding but NS503 when they lack a headline."""
    expected = [] if document.article.headline else [("NS503", "/article")]
    assert [(f.code, f.pointer) for f in RULE_SET(document)] == expected


def _spans(node: Any) -> list[dict[str, int]]:
    if isinstance(node, dict):
        keys = set(node)
        found = [node] if {"start", "end"} <= keys <= {"start", "end", "form"} else []
        return found + [s for value in node.values() for s in _spans(value)]
    if isinstance(node, list):
        return [s for value in node for s in _spans(value)]
    return []


def _ids(document: dict[str, Any]) -> list[str]:
    return [
        item["id"] for section in ("entities", "events", "quotes") for item in document[section]
    ]


_OFFSETS = st.one_of(st.integers(0, 300), st.just(MAX_OFFSET), st.integers(0, MAX_OFFSET))
_DATES = st.sampled_from(
    ["2022", "2021-12", "2022-01-13", "2022-01-14", "2030-02-28", "0001-01-01",
     "2022-01-13T23:30:00-05:00", "9999-12-31T23:59:59Z", "2024-02-29"]
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A generated document with spans, ids, dates and kinds scrambled (structure kept)."""
    document = draw(document_dicts() | document_dicts(schema_version="1.1"))
    for span in _spans(document):
        if draw(st.booleans()):
            span["start"], span["end"] = draw(_OFFSETS), draw(_OFFSETS)
    ids = [*_ids(document), "nobody", "e0", "ev0", "q0"]
    for entity in document["entities"]:
        if draw(st.booleans()):
            entity["id"] = draw(st.sampled_from(ids))
        if draw(st.integers(0, 3)) == 0:
            entity["mentions"] = []
    for event in document["events"]:
        event["realis"] = draw(st.sampled_from(get_args(Realis)))
        if draw(st.booleans()):
            event["location"] = draw(st.sampled_from(ids))
        if draw(st.booleans()):
            event["date"] = {"start": draw(_DATES)}
            if draw(st.booleans()):
                event["date"]["end"] = draw(_DATES)
            event["date"]["inferred"] = draw(
                st.lists(st.sampled_from(["year", "month", "day", "time"]), unique=True)
            )
    if len(document["quotes"]) > 1 and draw(st.booleans()):
        document["quotes"][1]["span"] = dict(document["quotes"][0]["span"])
    for quote in document["quotes"]:
        quote["kind"] = draw(st.sampled_from(get_args(QuoteKind)))
        if draw(st.booleans()):
            quote["speaker"] = draw(st.sampled_from(ids))
        if draw(st.booleans()):
            quote["via"] = draw(st.lists(st.sampled_from(ids), max_size=3))
        if draw(st.booleans()):
            quote["event"] = draw(st.sampled_from(ids))
        if draw(st.booleans()):
            quote["text"] = draw(st.text(max_size=5))
        if draw(st.integers(0, 3)) == 0:
            quote["within"] = draw(st.sampled_from(ids))
    article = document["article"]
    if draw(st.booleans()):
        article["body"] = draw(st.sampled_from(["x", "e\u0301", "🇺🇦🇺🇦", "\r\n", "가각"]))
    if draw(st.booleans()):
        article["publisher"] = draw(st.sampled_from(ids))
    if draw(st.booleans()):
        article["text_sha256"] = "0" * 64
    if draw(st.booleans()):
        article["date_modified"] = "2000-01-01T00:00:00+14:00"
    return document


def _resolves(document: Any, pointer: str) -> bool:
    node = document
    parts = pointer.split("/")[1:]
    for k, part in enumerate(parts):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return k == len(parts) - 1  # a defaulted field that the JSON leaves out
    return True


@settings(settings.get_profile("cheap"), suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_rules_never_crash_on_valid_structure(raw: dict[str, Any]) -> None:
    """Rules never crash on mutated documents and each finding's pointer resolves in the input."""
    try:
        document = Document.model_validate(raw)
    except ValidationError:
        return  # structure checks refused it; rules only see valid structure
    findings = RULE_SET(document)
    for finding in findings:
        assert finding.code in RULES
        assert _resolves(raw, finding.pointer), finding
        assert finding.message


@FAST
@given(mutated())
def test_whole_pipeline_locates_every_finding(raw: dict[str, Any]) -> None:
    """Every finding from `check_document` carries the file and an in-range line:column."""
    data = orjson.dumps(raw, option=orjson.OPT_INDENT_2)
    findings = check_document(data, file="x.json")
    lines = data.count(b"\n") + 1
    for finding in findings:
        assert finding.file == "x.json"
        assert finding.line is not None and 1 <= finding.line <= lines
        assert finding.column is not None and finding.column >= 1
