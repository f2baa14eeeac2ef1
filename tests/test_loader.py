from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema import LoadError, iter_documents, load_document, loads
from newsschema.codes import LOADER_CODES, PARSE_CODES
from newsschema.loader import parse_json

from .test_models import minimal


def first(data: bytes) -> tuple[str, int | None, int | None, str]:
    with pytest.raises(LoadError) as info:
        loads(data)
    finding = info.value.findings[0]
    return finding.code, finding.line, finding.column, finding.pointer


VALID = json.dumps(minimal(), ensure_ascii=False, indent=2).encode()


def test_valid_document_loads() -> None:
    """A minimal valid document loads into a model with its article id."""
    doc = loads(VALID)
    assert doc.article.id == "a1"


@pytest.mark.parametrize(
    ("data", "code", "line", "column"),
    [
        (b"", "NS003", 1, 1),
        (b"  \n\t ", "NS003", 1, 1),
        (b"\xef\xbb\xbf{}", "NS002", None, None),
        (b'{"a": "\xff"}', "NS002", 1, 8),
        (b'{"a": "\xc0\xaf"}', "NS002", 1, 8),  # overlong encoding of '/'
        (b'{"a": "\xed\xa0\x80"}', "NS002", 1, 8),  # UTF-8 encoded surrogate
        ('{"a": 1}'.encode("utf-16-le"), "NS002", None, None),
        ('\ufeff{"a": 1}'.encode("utf-16"), "NS002", None, None),
        (b'{"a": 1,\n "a": 2}', "NS010", 2, 2),
        (b'{"a": NaN}', "NS005", 1, 7),
        (b'{"a": -Infinity}', "NS005", 1, 7),
        (b'{"a": Infinity}', "NS005", 1, 7),
        (b'{"a": 9007199254740992}', "NS011", 1, 7),
        (b'{"a": -9007199254740992}', "NS011", 1, 7),
        (b'{"a": 18446744073709551616}', "NS011", 1, 7),
        (b'{"a": 1' + b"0" * 5000 + b"}", "NS011", 1, 7),
        (b'{"a": 1e400}', "NS011", 1, 7),
        (b'{"a": "\\ud800"}', "NS012", 1, 7),
        (b'{"a": "\\udc00\\ud800"}', "NS012", 1, 7),
        (b'{"\\ud800": 1}', "NS012", 1, 2),
        (b'{"a": "x\x01y"}', "NS001", 1, 9),
        (b'{"a": 1} {"b": 2}', "NS004", 1, 10),
        (b'{"a": 1}\n}', "NS004", 2, 1),
        (b'{"a": [1, 2,]}', "NS001", 1, 13),
        (b'{"a": 01}', "NS001", 1, 7),
        (b"{'a': 1}", "NS001", 1, 2),
        (b'{"a": tru}', "NS001", 1, 7),
        (b'{"a": 1', "NS001", 1, 8),
    ],
)
def test_hazards_are_refused_with_code_and_position(
    data: bytes, code: str, line: int | None, column: int | None
) -> None:
    """Each JSON hazard is refused with its stable code and, where known, its line:column."""
    got = first(data)
    assert got[0] == code
    if line is not None:
        assert got[1:3] == (line, column)


NESTINGS = {
    "unclosed": lambda n: b"[" * n,
    "closed": lambda n: b"[" * n + b"]" * n,
    "objects": lambda n: b'{"a":' * n,
}


@pytest.mark.parametrize("shape", sorted(NESTINGS))
def test_huge_nesting_is_a_clean_error_in_bounded_time(
    shape: str, cpu_growth: Callable[[Callable[[], object], Callable[[], object]], float]
) -> None:
    """100k-deep nesting is NS006; 8x the depth costs well under 64x the CPU time (not O(n²))."""
    small, large = NESTINGS[shape](100_000), NESTINGS[shape](800_000)
    assert first(small)[0] == "NS006"
    assert first(large)[0] == "NS006"
    ratio = cpu_growth(lambda: first(small), lambda: first(large))
    assert ratio < 24, ratio


def test_depth_limit_allows_normal_nesting() -> None:
    """Nesting depth 64 parses and depth 65 is refused as NS006."""
    value = parse_json(b"[" * 64 + b"]" * 64)
    assert isinstance(value, list)
    with pytest.raises(LoadError) as info:
        parse_json(b"[" * 65 + b"]" * 65)
    assert info.value.findings[0].code == "NS006"


def test_safe_integers_at_the_limit_are_accepted() -> None:
    """Integers up to +/-(2**53 - 1) parse exactly."""
    assert parse_json(b"[9007199254740991, -9007199254740991, 1000000000000000]") == [
        2**53 - 1,
        -(2**53 - 1),
        10**15,
    ]


def test_escaped_surrogate_pairs_are_fine() -> None:
    """An escaped UTF-16 surrogate pair decodes to one astral character."""
    assert parse_json(b'["\\ud83d\\ude00"]') == ["😀"]


def test_duplicate_keys_inside_strings_do_not_confuse_the_fast_path() -> None:
    """Quotes and colons inside string values are not mistaken for keys by the fast path."""
    data = b'{"a": "x:y\\":", "b": {"c": ":"}}'
    assert parse_json(data) == {"a": 'x:y":', "b": {"c": ":"}}


_KEYS = st.text(st.characters(exclude_categories=["Cs"]), max_size=4)
_VALUES = st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | _KEYS


@settings(settings.get_profile("cheap"))
@given(st.dictionaries(_KEYS, _VALUES, min_size=1), st.data())
def test_compact_json_parses_and_a_repeated_member_in_it_is_found(
    obj: dict[str, object], data: st.DataObject
) -> None:
    """Compact JSON as orjson writes it parses to its value; a member repeated in it is NS010."""
    compact = orjson.dumps(obj)
    assert parse_json(compact) == obj
    assert parse_json(compact + b"\n") == obj
    key = data.draw(st.sampled_from(sorted(obj)))
    again = b"," + orjson.dumps(key) + b":" + orjson.dumps(data.draw(_VALUES))
    with pytest.raises(LoadError) as info:
        parse_json(compact[:-1] + again + b"}")
    assert info.value.findings[0].code == "NS010"


def test_model_errors_point_at_the_source() -> None:
    """Model errors carry file, JSON pointer and the line:column of the offending token."""
    doc = minimal()
    doc["quotes"][0]["span"]["start"] = "1"
    doc["entities"][1]["nmae"] = "typo"
    text = json.dumps(doc, indent=2).encode()
    with pytest.raises(LoadError) as info:
        loads(text, file="doc.json")
    by_code = {f.code: f for f in info.value.findings}
    wrong = by_code["NS022"]
    assert wrong.pointer == "/quotes/0/span/start"
    assert wrong.file == "doc.json"
    lines = text.decode().splitlines()
    assert lines[wrong.line - 1][wrong.column - 1 :].startswith('"1"')  # type: ignore[operator]
    unknown = by_code["NS020"]
    assert unknown.pointer == "/entities/1/nmae"
    assert lines[unknown.line - 1][unknown.column - 1 :].startswith('"nmae"')  # type: ignore[operator]


def test_missing_discriminator_points_at_the_object() -> None:
    """A missing `kind` is NS021 pointing at the object that lacks it."""
    doc = minimal()
    del doc["entities"][0]["kind"]
    with pytest.raises(LoadError) as info:
        loads(orjson.dumps(doc))
    finding = info.value.findings[0]
    assert (finding.code, finding.pointer) == ("NS021", "/entities/0")


def test_errors_never_echo_much_input() -> None:
    """Error messages stay under 300 characters even for 100k-character values or keys."""
    doc = minimal()
    doc["article"]["language"] = "x" * 100_000
    with pytest.raises(LoadError) as info:
        loads(orjson.dumps(doc))
    assert all(len(f.message) < 300 for f in info.value.findings)
    with pytest.raises(LoadError) as info:
        loads(b'{"a": "' + b"y" * 100_000 + b'", "a": 1}')
    assert len(str(info.value)) < 300


def test_jsonl_errors_name_their_line(tmp_path: Path) -> None:
    """JSONL results keep their physical line numbers, skip blanks and locate errors per line."""
    good = orjson.dumps(minimal())
    bad = minimal()
    bad["quotes"][0]["span"]["end"] = "7"
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(good + b"\n\n" + good + b"\n" + orjson.dumps(bad) + b"\n{broken\n")
    results = list(iter_documents(path))
    assert [r.document is not None for r in results] == [True, True, False, False]
    assert [r.line for r in results] == [1, 3, 4, 5]
    model_error = results[2].findings[0]
    assert (model_error.code, model_error.line, model_error.pointer) == (
        "NS022",
        4,
        "/quotes/0/span/end",
    )
    assert results[3].findings[0].code == "NS001"
    assert results[3].findings[0].line == 5


def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    """A missing file or a directory given as a file is an NS030 finding, not a crash."""
    with pytest.raises(LoadError) as info:
        load_document(tmp_path / "missing.json")
    assert info.value.findings[0].code == "NS030"
    results = list(iter_documents(tmp_path))  # a directory is not a file
    assert results[0].findings[0].code == "NS030"


def test_every_loader_code_is_documented() -> None:
    """Every parse code is documented with summary, rationale and a good example."""
    assert set(LOADER_CODES) >= PARSE_CODES
    for code, doc in LOADER_CODES.items():
        assert doc.code == code
        assert doc.summary and doc.rationale and doc.good
