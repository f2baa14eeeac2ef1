"""The loader's fast path reports exactly what the exact scanner path reports."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema import _model_errors, _strict_json, loader
from newsschema.findings import Finding
from newsschema.loader import Loaded, load_one
from newsschema.strategies import document_dicts


def exact_load(data: bytes) -> Loaded:
    """load_one, but always through the position-tracking scanner (the reference)."""
    parsed = _strict_json.parse_exactly(data)
    if isinstance(parsed, Finding):
        return loader._failed(parsed, file=None, index=0, line=1)
    raw, text = parsed
    model = loader.validate_model(raw)
    if not isinstance(model, list):
        return Loaded(model, [], raw=raw)
    return Loaded(
        None, [f.at(document=0) for f in _model_errors.locate_pointers(model, data, text)], raw=raw
    )


def same(data: bytes) -> list[Finding]:
    fast, exact = load_one(data), exact_load(data)
    assert fast.findings == exact.findings
    assert (fast.document is None) == (exact.document is None)
    return fast.findings


def test_duplicate_keys_are_caught_even_with_escaped_colons() -> None:
    """Escaped colons in strings do not hide a duplicate key from the fast path (NS010)."""
    base = b'{"schema_version": "1.0", "article": {"id": "a", "id": "b"}}'
    assert [f.code for f in same(base)] == ["NS010"]
    # An escaped colon in a string adds a ':' to orjson's output: it must not hide the duplicate.
    escaped = b'{"schema_version": "1.0", "x": "\\u003a", "x": 1}'
    assert [f.code for f in same(escaped)] == ["NS010"]
    escaped_upper = b'{"a": "\\u003A\\u003a", "b": 1, "b": 2}'
    assert [f.code for f in same(escaped_upper)] == ["NS010"]


def test_long_integers_and_deep_nesting_are_reported_as_before() -> None:
    """Fast path reports unsafe integers (NS011) and deep nesting (NS006) as the exact path does."""
    big = b'{"schema_version": "1.0", "article": {"id": 12345678901234567890123}}'
    assert [f.code for f in same(big)] == ["NS011"]
    safe_but_long = b'{"schema_version": "1.0", "article": {"id": 1234567890123456}}'
    assert "NS011" not in [f.code for f in same(safe_but_long)]
    deep = b'{"schema_version": "1.0", "article": ' + b"[" * 70 + b"]" * 70 + b"}"
    assert [f.code for f in same(deep)] == ["NS006"]
    shallow = b'{"schema_version": "1.0", "article": ' + b"[" * 10 + b"]" * 10 + b"}"
    assert "NS006" not in [f.code for f in same(shallow)]


_NOISE = st.sampled_from(
    [b'"\\u003a"', b'"a:b"', b"9007199254740993", b"1234567890123456", b"[[[[]]]]", b'{"k": 1}']
)


@settings(settings.get_profile("cheap"))
@given(document_dicts(), st.data())
def test_fast_path_matches_the_exact_path(raw: dict[str, Any], data: st.DataObject) -> None:
    """On valid and injected-duplicate inputs, fast and exact paths give the same findings."""
    text = orjson.dumps(raw)
    assert same(text) == []
    # Inject a duplicate key or a tricky value somewhere after an opening brace.
    positions = [i + 1 for i in range(len(text)) if text[i : i + 1] == b"{"]
    at = data.draw(st.sampled_from(positions))
    key = data.draw(st.sampled_from([b'"id"', b'"kind"', b'"start"', b'"zz"']))
    broken = text[:at] + key + b": " + data.draw(_NOISE) + b", " + text[at:]
    same(broken)
