"""The model-free path for valid documents reports exactly what the model path reports.

A valid document that no rule can find anything in is checked as plain data (the models' own
core schema with dicts out, ``newsschema._plain``) and never built as models. These tests run
every corpus through both paths, switched by ``newsschema._fast.MODEL_FREE`` (the
``NEWSSCHEMA_MODEL_FREE`` environment variable), and require identical reports: findings,
their order, messages, lines, columns, pointers and the summary. They also hold the two parts
to their own promises: the plain structure check accepts exactly what the model accepts, with
the values the model holds, and a rule's quiet test says "nothing here" only where the rule
indeed finds nothing.
"""

from __future__ import annotations

import copy
import importlib.util
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import orjson
import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from newsschema import _fast, _plain, loader
from newsschema._plain import (
    PLAIN_FILENAME,
    Unsupported,
    plain_document,
    plain_schema,
    plain_schema_bytes,
)
from newsschema.models import Document
from newsschema.report import Report
from newsschema.rules import PROFILES, RULES, Context, RuleSet
from newsschema.rules._base import Plain
from newsschema.rules.spans import _has_prepend
from newsschema.strategies import document_dicts, invalid_documents
from newsschema.validation import check_bytes, validate

from ..adversarial.adversarial_support import HOSTILE_STRINGS, dumps, mutated_bytes, mutated_dicts
from ..conftest import INVALID, ROOT, SEEDS, corpus_files, models_always

_T = TypeVar("_T")

_PREPEND = regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}")
FUZZ = settings(
    settings.get_profile("cheap"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_BENCH = ROOT / "benchmarks"


def _both(run: Callable[[], _T]) -> tuple[_T, _T]:
    """``run()`` on the model-free path, then with models always built."""
    assert _fast.MODEL_FREE and _fast.ENABLED
    fast = run()
    with models_always():
        models = run()
    return fast, models


def _same_report(data: bytes) -> Report:
    """Validate ``data`` both ways, assert the reports are equal, return the model-free one."""
    fast, models = _both(lambda: validate(data))
    assert fast == models
    return fast


def _model_values(value: Any) -> Any:
    """A model's field values as plain data: what the plain check must give for the same input.

    Every field, by name; the model's tuples are the plain data's lists.
    """
    if isinstance(value, BaseModel):
        return {name: _model_values(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {key: _model_values(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return [_model_values(item) for item in value]
    return value


def _same_structure(raw: Any) -> None:
    """The plain check accepts ``raw`` exactly when the model does, with the model's values."""
    plain = plain_document(raw)
    try:
        model = Document.model_validate(raw)
    except ValidationError:
        assert plain is None
        return
    assert plain is not None
    # Lists given stay lists; one left out is the model's default, an empty tuple.
    assert _model_values(plain) == _model_values(model)
    assert _types(_model_values(plain)) == _types(_model_values(model))


def _types(value: Any) -> Any:
    """The shape of ``value`` with the type of every leaf (``1 == True`` would hide a bool)."""
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return type(value)


# The structure check, both ways.


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_fixture_files_same_structure(path: Path) -> None:
    """Every fixture that parses is accepted or refused alike, with the model's values."""
    try:
        raw = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError:
        return  # refused before the structure check, on both paths
    _same_structure(raw)


_TOOL_SPAN = {"part": "content", "label": "Content", "fragments": [{"start": 0, "end": 3}]}
_RECORD = {"tool": "brat", "event": "Attribution", "spans": [_TOOL_SPAN]}

_EDGES: list[tuple[str, Callable[[dict[str, Any]], object]]] = [
    ("extra key at the top", lambda d: d.update(extra=1)),
    ("extra key in the article", lambda d: d["article"].update(extra=1)),
    ("extra key in a span", lambda d: d["quotes"][0]["span"].update(extra=1)),
    ("extra key in an entity", lambda d: d["entities"][0].update(extra=1)),
    ("$schema by alias", lambda d: d.update({"$schema": "document.schema.json"})),
    ("$schema by name", lambda d: d.update(json_schema="document.schema.json")),
    ("$schema both ways", lambda d: d.update({"$schema": "a", "json_schema": "b"})),
    ("$schema empty", lambda d: d.update({"$schema": ""})),
    ("entity without kind", lambda d: d["entities"][0].pop("kind")),
    ("entity of an unknown kind", lambda d: d["entities"][0].update(kind="robot")),
    ("quote without kind", lambda d: d["quotes"][0].pop("kind")),
    ("offset as a string", lambda d: d["quotes"][0]["span"].update(start="1")),
    ("offset as a bool", lambda d: d["quotes"][0]["span"].update(start=True)),
    ("offset as a float", lambda d: d["quotes"][0]["span"].update(start=1.0)),
    ("negative offset", lambda d: d["quotes"][0]["span"].update(start=-1)),
    ("naive timestamp", lambda d: d["article"].update(date_published="2022-01-13T10:00:00")),
    ("timestamp as a number", lambda d: d["article"].update(date_published=1642068000)),
    ("impossible timestamp", lambda d: d["article"].update(date_published="2022-02-30T10:00:00Z")),
    ("offset timestamp", lambda d: d["article"].update(date_modified="2022-01-13T12:30:00+03:00")),
    ("null where a list is", lambda d: d.update(entities=None)),
    ("object where a list is", lambda d: d.update(entities={})),
    ("null optional field", lambda d: d["article"].update(url=None)),
    ("null required field", lambda d: d["article"].update(body=None)),
    ("missing body", lambda d: d["article"].pop("body")),
    ("empty body", lambda d: d["article"].update(body="")),
    ("field given as its default", lambda d: d["entities"][0].update(anonymous=False)),
    ("bool as a string", lambda d: d["entities"][0].update(anonymous="yes")),
    ("schema version as a number", lambda d: d.update(schema_version=1.1)),
    ("article as a list", lambda d: d.update(article=[])),
    ("mention form unknown", lambda d: d["entities"][0]["mentions"][0].update(form="x")),
    ("uppercase hash", lambda d: d["article"].update(text_sha256="A" * 64)),
    ("event date as a date-time", lambda d: d["events"][0]["date"].update(start="2022-01-13")),
    ("imported record", lambda d: d["quotes"][0].update(imported=_RECORD)),
    (
        "imported record on a mention",
        lambda d: d["entities"][0]["mentions"][0].update(imported=_RECORD),
    ),
    (
        "imported record without spans",
        lambda d: d["quotes"][0].update(imported={**_RECORD, "spans": []}),
    ),
    (
        "imported span without fragments",
        lambda d: d["quotes"][0].update(
            imported={**_RECORD, "spans": [{**_TOOL_SPAN, "fragments": []}]}
        ),
    ),
    (
        "imported span of an unknown part",
        lambda d: d["quotes"][0].update(
            imported={**_RECORD, "spans": [{**_TOOL_SPAN, "part": "x"}]}
        ),
    ),
    (
        "imported record in a 1.0 document",
        lambda d: (d.update(schema_version="1.0"), d["quotes"][0].update(imported=_RECORD)),
    ),
]


def _seed_dict() -> dict[str, Any]:
    raw: dict[str, Any] = orjson.loads(next(iter(sorted(SEEDS.glob("*.json")))).read_bytes())
    assert raw["entities"] and raw["quotes"] and raw["events"]
    return raw


@pytest.mark.parametrize(("name", "edit"), _EDGES, ids=[name for name, _ in _EDGES])
def test_edge_cases_same_structure(name: str, edit: Callable[[dict[str, Any]], object]) -> None:
    """Aliases, defaults, strictness, tags and unknown keys: accepted or refused alike."""
    raw = _seed_dict()
    raw["events"][0].setdefault("date", {"start": "2022"})
    edit(raw)
    _same_structure(raw)
    _same_report(orjson.dumps(raw))


def test_edge_cases_cover_both_outcomes() -> None:
    """The edge cases hold documents both paths accept and documents both refuse."""
    outcomes = set()
    for _, edit in _EDGES:
        raw = _seed_dict()
        raw["events"][0].setdefault("date", {"start": "2022"})
        edit(raw)
        outcomes.add(plain_document(raw) is None)
    assert outcomes == {True, False}


@FUZZ
@given(mutated_dicts())
def test_mutated_dicts_same_structure(raw: dict[str, Any]) -> None:
    """Hostile edits of generated documents (types, keys, values) are accepted or refused alike."""
    _same_structure(raw)


@FUZZ
@given(document_dicts())
def test_generated_dicts_same_structure(raw: dict[str, Any]) -> None:
    """Generated documents of both versions give the model's values as plain data."""
    _same_structure(raw)


def test_python_values_json_cannot_hold_are_left_to_the_model() -> None:
    """Tuples and date objects (Python input, never JSON) are refused here; the model takes them."""
    raw = _seed_dict()
    raw["events"][0]["date"] = {"start": date(2022, 1, 13)}
    assert plain_document(raw) is None
    assert Document.model_validate(raw).events[0].date is not None
    raw = _seed_dict()
    raw["entities"] = tuple(raw["entities"])
    assert plain_document(raw) is None
    assert Document.model_validate(raw).entities


def test_not_taken_when_switched_off() -> None:
    """With the switch off, the plain check declines every document (the model decides)."""
    raw = _seed_dict()
    assert plain_document(raw) is not None
    with models_always():
        assert plain_document(raw) is None


def test_environment_variable_turns_it_off() -> None:
    """NEWSSCHEMA_MODEL_FREE=0/false/no/off (any case) turns the path off; unset or else, on."""
    code = "from newsschema import _fast; print(_fast.MODEL_FREE)"
    cases: list[tuple[str | None, str]] = [
        (word, "False") for word in ("0", "false", "no", "off", "FALSE", " Off ", "No")
    ]
    cases += [(word, "True") for word in ("1", "true", "yes", "on", "", None)]
    for value, expected in cases:
        env = {"PYTHONPATH": str(ROOT / "src")}
        if value is not None:
            env["NEWSSCHEMA_MODEL_FREE"] = value
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == expected, value


def test_committed_plain_schema_is_the_one_compiled_from_the_models() -> None:
    """The packaged plain-data schema is byte for byte what compiling the models gives now."""
    from importlib.resources import files

    packaged = files("newsschema").joinpath("_schema_data", PLAIN_FILENAME).read_bytes()
    assert packaged == plain_schema_bytes()
    assert _plain._stored_schema() is not None


def test_stale_committed_schema_is_compiled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the models' sources no longer match the file's digest, the file is not used."""
    monkeypatch.setattr(_plain, "_sources_digest", lambda: "0" * 64)
    assert _plain._stored_schema() is None
    _plain.plain_validator.cache_clear()
    try:
        validator = _plain.plain_validator()
        assert validator is not None
        assert validator.validate_python(_seed_dict())["article"]["id"]
    finally:
        _plain.plain_validator.cache_clear()


def test_committed_schema_names_only_known_functions() -> None:
    """A file naming a function outside the fixed table is refused, never looked up."""
    with pytest.raises(Unsupported, match="unknown function"):
        _plain._decode({"type": "function-before", "function": {"$function": "os.system"}})
    assert _plain._decode({"$tuple": [1, {"$tuple": []}]}) == (1, ())


def test_schema_before_the_model_is_built_is_the_models() -> None:
    """Compiled before ``Document`` is built (no validator, no plugins), the schema is the same."""
    # In a fresh interpreter: the plain schema compiled from the generator's schema equals the
    # one compiled from the built model's (JSON Schema metadata aside).
    code = (
        "from newsschema._plain import document_core_schema, plain_schema\n"
        "from newsschema.models import Document\n"
        "assert not Document.__pydantic_complete__\n"
        "early = plain_schema(document_core_schema())\n"
        "assert not Document.__pydantic_complete__\n"
        "Document.model_rebuild()\n"
        "late = plain_schema(Document.__pydantic_core_schema__)\n"
        "def bare(x):\n"
        "    if isinstance(x, dict):\n"
        "        return {k: bare(v) for k, v in x.items() if k not in ('metadata', 'ref')}\n"
        "    if isinstance(x, list):\n"
        "        return [bare(v) for v in x]\n"
        "    return x\n"
        "refs = lambda s: sorted(d['ref'].split(':')[0] for d in s['definitions'])\n"
        "print(bare(early['schema']) == bare(late['schema']) and refs(early) == refs(late))\n"
    )
    env = {"PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "True"


@FUZZ
@given(st.text(alphabet=st.sampled_from("ab “”—é\u0600\u0605\u06dd\u070f\U000110bd\u0915")))
def test_prepend_search_among_non_ascii(text: str) -> None:
    """The span test's search for prepended marks among non-ASCII finds what a full search does."""
    assert _has_prepend(text) is (_PREPEND.search(text) is not None)


class _Checked(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    low: int
    high: int

    @model_validator(mode="after")
    def _ordered(self) -> _Checked:
        if self.low > self.high:
            raise ValueError("low above high")
        return self


class _Holder(BaseModel):
    inner: _Checked


def test_model_validator_is_unsupported() -> None:
    """A model with a model validator has no plain equivalent here: the compiler refuses it."""
    with pytest.raises(Unsupported):
        plain_schema(_Holder.__pydantic_core_schema__)


# Reports, both ways.


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_fixture_files_same_report(path: Path) -> None:
    """Every invalid fixture, seed and 1.1 corpus file gets the same report on both paths."""
    _same_report(path.read_bytes())


def test_fixture_folders_same_report() -> None:
    """Validating the fixture folders as paths (the command's way) gives the same report."""
    folders = [str(INVALID), str(SEEDS), str(ROOT / "tests" / "corpus_1_1")]
    fast, models = _both(lambda: validate(folders))
    assert fast == models
    assert fast.findings


def _bench_lines(count: int) -> list[bytes]:
    """The benchmark's seed-like documents (``benchmarks/corpus.py``), as JSON Lines lines."""
    spec = importlib.util.spec_from_file_location("corpus", _BENCH / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    return list(corpus.iter_lines(count))


def test_benchmark_corpus_same_report_and_built_no_models(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Seed-like clean documents (JSON Lines) report the same, and none is built as models."""
    data = b"\n".join(_bench_lines(40)) + b"\n"
    built: list[object] = []
    validate_model = loader.validate_model

    def counted(raw: Any) -> Any:
        built.append(raw)
        return validate_model(raw)

    monkeypatch.setattr(loader, "validate_model", counted)
    fast, models = _both(lambda: validate(data))
    assert fast == models
    assert fast.documents == 40
    assert len(built) == 40  # the model path's 40; the model-free path built none


def test_seeds_take_the_model_free_path() -> None:
    """The clean seeds and benchmark documents are cleared as plain data (the path is taken)."""
    rules = RuleSet(list(RULES.values()))
    lines = [path.read_bytes() for path in sorted(SEEDS.glob("*.json"))] + _bench_lines(5)
    for data in lines:
        result = check_bytes(data, (rules,), file=None, models=False)
        assert result.findings == ()
        assert result.plain is not None and result.document is None


def test_document_with_findings_is_built() -> None:
    """A document a rule finds something in is built as models and its findings located."""
    data = (INVALID / "rules" / "NS105_overlapping_quotes.json").read_bytes()
    rules = RuleSet(list(RULES.values()))
    result = check_bytes(data, (rules,), file="x.json", models=False)
    assert result.document is not None and result.plain is None
    assert any(f.code == "NS105" and f.line for f in result.findings)


def test_profile_rules_force_the_models() -> None:
    """A rule without a quiet test (the google profile's) makes every document built."""
    rules = RuleSet([*RULES.values(), *PROFILES["google"]])
    assert not rules.plain
    data = next(iter(sorted(SEEDS.glob("*.json")))).read_bytes()
    result = check_bytes(data, (rules,), file=None, models=False)
    assert result.document is not None


@pytest.mark.parametrize("select", ["NS1", "NS2", "NS3", "NS4", "NS5", "NS6", "NS104"])
def test_selected_rules_same_report(select: str) -> None:
    """A selection of rules (warnings as errors too) reports the same on both paths."""
    chosen = [rule for code, rule in RULES.items() if code.startswith(select)]
    for strict in (False, True):
        checks = (RuleSet(chosen, warnings_as_errors=strict),)
        for path in corpus_files():
            data = path.read_bytes()

            def run(data: bytes = data, checks: tuple[RuleSet] = checks) -> Report:
                return validate(data, checks)

            fast, models = _both(run)
            assert fast == models


_ADDITIONS_1_1: list[tuple[str, Callable[[dict[str, Any]], object]]] = [
    ("no headline", lambda d: d["article"].pop("headline")),
    ("article image", lambda d: d["article"].update(image=["https://example.org/a.png"])),
    ("kind work", lambda d: d["entities"][0].update(kind="work")),
    ("anonymous entity", lambda d: d["entities"][0].update(anonymous=True)),
    ("entity url", lambda d: d["entities"][0].update(url="https://example.org/p")),
    ("entity image", lambda d: d["entities"][0].update(image="https://example.org/p.png")),
    ("mention form", lambda d: d["entities"][0]["mentions"][0].update(form="name")),
    ("mention record", lambda d: d["entities"][0]["mentions"][0].update(imported=_RECORD)),
    ("event mention form", lambda d: d["events"][0]["mentions"][0].update(form="nominal")),
    ("event mention record", lambda d: d["events"][0]["mentions"][0].update(imported=_RECORD)),
    ("attribution", lambda d: d["quotes"][0].update(attribution="belief")),
    ("within", lambda d: d["quotes"][1].update(within=d["quotes"][0]["id"])),
    ("interruptions", lambda d: d["quotes"][0].update(interruptions=[d["quotes"][0]["span"]])),
    ("quote record", lambda d: d["quotes"][0].update(imported=_RECORD)),
]


@pytest.mark.parametrize(("name", "edit"), _ADDITIONS_1_1, ids=[name for name, _ in _ADDITIONS_1_1])
def test_1_1_content_in_a_clean_1_0_document(
    name: str, edit: Callable[[dict[str, Any]], object]
) -> None:
    """Each schema 1.1 addition to an otherwise clean 1.0 document is NS601 on both paths."""
    raw = orjson.loads(_bench_lines(1)[0])
    assert raw["schema_version"] == "1.0" and raw["events"][0]["mentions"]
    assert not _same_report(orjson.dumps(raw)).findings
    edit(raw)
    report = _same_report(orjson.dumps(raw))
    assert "NS601" in {f.code for f in report.findings}


def test_ns601_names_an_event_mention_record() -> None:
    """NS601 points at an event mention's ``imported`` record (a 1.1 field) on both paths."""
    raw = orjson.loads(_bench_lines(1)[0])
    raw["events"][0]["mentions"][0]["imported"] = _RECORD
    report = _same_report(orjson.dumps(raw))
    messages = [f.message for f in report.findings if f.code == "NS601"]
    assert messages and "/events/0/mentions/0/imported" in messages[0]


@FUZZ
@given(mutated_bytes())
def test_mutated_documents_same_report(data: bytes) -> None:
    """Hostile edits of generated documents (bytes, offsets, ids, types) report the same."""
    _same_report(data)


@FUZZ
@given(document_dicts())
def test_generated_documents_same_report(raw: dict[str, Any]) -> None:
    """Generated documents of both schema versions report the same on both paths."""
    _same_report(dumps(raw))


@FUZZ
@given(invalid_documents())
def test_broken_documents_same_report(drawn: tuple[dict[str, Any], str]) -> None:
    """Generated documents with one defect report the same, and the defect is found."""
    raw, code = drawn
    report = _same_report(dumps(raw))
    assert code in {f.code for f in report.findings}


@st.composite
def _scrambled(draw: st.DrawFn) -> dict[str, Any]:
    """A generated document whose spans, references and dates are redrawn near each other.

    Spans from a few nearby offsets cross, nest, coincide and leave the body; references are
    redrawn among every id (and one that is nothing's); 1.1 fields appear in 1.0 documents.
    """
    doc = copy.deepcopy(draw(document_dicts(max_entities=3, quotes=(1, 5), events=(0, 2))))
    body = doc["article"]["body"]
    if draw(st.booleans()):
        body = body + draw(st.sampled_from((*HOSTILE_STRINGS, "e\u0301", "\r\n", "“x”", "👍🏽")))
        doc["article"]["body"] = body
    points = st.integers(min_value=0, max_value=len(body) + 2)
    spans = [quote["span"] for quote in doc["quotes"]]
    spans += [quote["cue"] for quote in doc["quotes"] if "cue" in quote]
    spans += [m for entity in doc["entities"] for m in entity.get("mentions", [])]
    spans += [m for event in doc["events"] for m in event.get("mentions", [])]
    for span in spans:
        if draw(st.booleans()):
            span["start"], span["end"] = draw(points), draw(points)
    ids = [item["id"] for key in ("entities", "events", "quotes") for item in doc[key]]
    refs = st.sampled_from([*ids, "nobody"])
    for quote in doc["quotes"]:
        for key in ("speaker", "event", "within"):
            if draw(st.integers(0, 3)) == 0:
                quote[key] = draw(refs)
        if draw(st.integers(0, 3)) == 0:
            quote["via"] = [draw(refs)]
    for event in doc["events"]:
        if draw(st.integers(0, 3)) == 0:
            event["location"] = draw(refs)
    if doc["entities"] and draw(st.integers(0, 3)) == 0:
        doc["article"]["publisher"] = draw(refs)
    if draw(st.integers(0, 3)) == 0:
        doc["schema_version"] = "1.0"
    return doc


@FUZZ
@given(_scrambled())
def test_scrambled_documents_same_report(raw: dict[str, Any]) -> None:
    """Documents with crossing spans and stray references report the same on both paths."""
    _same_report(dumps(raw))


@FUZZ
@given(_scrambled())
def test_quiet_tests_imply_no_findings(raw: dict[str, Any]) -> None:
    """Each rule's quiet test says "nothing here" only where its rule finds nothing."""
    plain = plain_document(raw)
    if plain is None:
        return
    document = Document.model_validate(raw)
    context = Context(document)
    for rule in RULES.values():
        assert rule.quiet is not None
        if rule.quiet(Plain(plain)):
            assert list(rule.check(document, context)) == [], rule.code


def test_clean_documents_are_cleared_without_columns() -> None:
    """A clean seed-like document is cleared by the rules' passes, with no column gathered."""
    rules = RuleSet(list(RULES.values()))
    for line in _bench_lines(5):
        data = plain_document(orjson.loads(line))
        assert data is not None
        plain = Plain(data)
        assert all(rule.quiet is not None and rule.quiet(plain) for rule in RULES.values())
        assert "columns" not in plain.memo
        assert rules.quiet(data)
