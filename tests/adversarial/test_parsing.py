"""Parsing hazards, end to end through ``newsschema validate``: exit 1, the code, the exact
line and column, and nothing echoed beyond a short excerpt.

The loader-level table of the same hazards is in tests/test_loader.py; here every hazard goes
through the command a CI job runs.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

import newsschema
from newsschema.cli import cli

from .adversarial_support import dumps, minimal_dict

VALID = dumps(minimal_dict())
HEADLINE = b'"headline": "Lavrov speaks"'
assert HEADLINE in VALID
# Line and column of the headline's value in VALID (line 4, after 4 spaces + key).
LINE = VALID[: VALID.index(HEADLINE)].count(b"\n") + 1
COLUMN = len(b'    "headline": ') + 1


def with_headline(raw: bytes) -> bytes:
    """VALID with the headline's value replaced by ``raw`` bytes."""
    return VALID.replace(HEADLINE, b'"headline": ' + raw, 1)


def validate(tmp_path: Path, data: bytes, *args: str) -> tuple[int, list[dict[str, object]]]:
    path = tmp_path / "doc.json"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json", *args])
    report = orjson.loads(result.output)
    return result.exit_code, report["issues"]


HAZARDS = {
    # Each hazard: its bytes, then the code, line and column expected.
    "duplicate-key": (
        VALID.replace(HEADLINE, HEADLINE + b', "headline": "again"', 1),
        "NS010",
        LINE,
        COLUMN + len(b'"Lavrov speaks", '),
    ),
    "nan": (with_headline(b"NaN"), "NS005", LINE, COLUMN),
    "infinity": (with_headline(b"Infinity"), "NS005", LINE, COLUMN),
    "minus-infinity": (with_headline(b"-Infinity"), "NS005", LINE, COLUMN),
    "1e400": (with_headline(b"1e400"), "NS011", LINE, COLUMN),
    "2^64": (with_headline(b"18446744073709551616"), "NS011", LINE, COLUMN),
    "2^53+1": (with_headline(b"9007199254740993"), "NS011", LINE, COLUMN),
    "5000-digit-integer": (with_headline(b"1" + b"0" * 5000), "NS011", LINE, COLUMN),
    "utf8-bom": (b"\xef\xbb\xbf" + VALID, "NS002", 1, 1),
    "utf16-le-bom": (VALID.decode().encode("utf-16"), "NS002", 1, 1),
    "utf16-be": (VALID.decode().encode("utf-16-be"), "NS002", 1, 1),
    "invalid-utf8": (with_headline(b'"Lavrov \xff"'), "NS002", LINE, COLUMN + 8),
    "overlong-utf8": (with_headline(b'"Lavrov \xc0\xaf"'), "NS002", LINE, COLUMN + 8),
    "utf8-encoded-surrogate": (with_headline(b'"\xed\xa0\x80"'), "NS002", LINE, COLUMN + 1),
    "truncated-utf8": (with_headline(b'"\xe2\x80"'), "NS002", LINE, COLUMN + 1),
    "lone-surrogate-escape": (with_headline(b'"\\ud800"'), "NS012", LINE, COLUMN),
    "lone-low-surrogate": (with_headline(b'"x\\udc00y"'), "NS012", LINE, COLUMN),
    "raw-control-character": (with_headline(b'"Lavrov\x01"'), "NS001", LINE, COLUMN + 7),
    "raw-tab-in-string": (with_headline(b'"Lav\trov"'), "NS001", LINE, COLUMN + 4),
    "trailing-data": (VALID + b"{}", "NS004", VALID.count(b"\n") + 1, 2),
    "second-document": (VALID.rstrip() + b" " + VALID, "NS004", VALID.count(b"\n") + 1, 3),
    "empty": (b"", "NS003", 1, 1),
    "whitespace-only": (b" \n\t\r\n", "NS003", 1, 1),
    "truncated": (VALID[: len(VALID) // 2], "NS001", None, None),
    "single-quotes": (with_headline(b"'Lavrov'"), "NS001", LINE, COLUMN),
    "trailing-comma": (VALID.replace(b'"a1",', b'"a1",,', 1), "NS001", 4, 16),
}


@pytest.mark.parametrize("name", sorted(HAZARDS))
def test_parsing_hazard_is_refused_with_code_and_position(tmp_path: Path, name: str) -> None:
    """Each parsing hazard gives exactly one short finding with its code and position."""
    data, code, line, column = HAZARDS[name]
    exit_code, issues = validate(tmp_path, data)
    assert exit_code == 1
    assert [issue["code"] for issue in issues] == [code]  # parse errors stop at the first one
    [issue] = issues
    assert issue["file"] == str(tmp_path / "doc.json")
    if line is not None:
        assert (issue["line"], issue["column"]) == (line, column), issue
    else:
        assert isinstance(issue["line"], int) and isinstance(issue["column"], int)
    assert len(str(issue["message"])) < 200


def test_100000_nested_brackets_are_a_clean_error_in_a_real_process(tmp_path: Path) -> None:
    """In a real process: no RecursionError, no segfault, a located NS006 for every file."""
    cases = {
        "arrays.json": b"[" * 100_000 + b"]" * 100_000,
        "objects.json": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        "unclosed.json": b"[" * 100_000,
        "mixed.json": b'[{"a":' * 50_000,
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    # The timeout only stops a hung process; speed is checked by the CPU-time ratio test below.
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "validate", str(tmp_path), "--format", "json"],
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    issues = orjson.loads(result.stdout)["issues"]
    assert sorted((i["file"].rsplit("/", 1)[-1], i["code"]) for i in issues) == sorted(
        (name, "NS006") for name in cases
    )
    # The 65th opening bracket is the first one too deep.
    columns = {i["file"].rsplit("/", 1)[-1]: i["column"] for i in issues}
    assert columns["arrays.json"] == 65 and columns["objects.json"] == 5 * 64 + 1


NESTED = {
    "arrays": lambda n: b"[" * n + b"]" * n,
    "objects": lambda n: b'{"a":' * n + b"1" + b"}" * n,
    "unclosed": lambda n: b"[" * n,
    "mixed": lambda n: b'[{"a":' * (n // 2),
}


@pytest.mark.parametrize("shape", sorted(NESTED))
def test_deep_nesting_costs_grow_linearly(
    shape: str, cpu_growth: Callable[[Callable[[], object], Callable[[], object]], float]
) -> None:
    """Validating 8x deeper nesting costs well under 64x the CPU time (linear, not quadratic)."""
    small, large = NESTED[shape](100_000), NESTED[shape](800_000)
    for data in (small, large):
        assert [f.code for f in newsschema.validate(data).findings] == ["NS006"]
    ratio = cpu_growth(lambda: newsschema.validate(small), lambda: newsschema.validate(large))
    assert ratio < 24, ratio


def test_deep_nesting_in_jsonl_is_reported_per_line(tmp_path: Path) -> None:
    """Deep nesting on one JSONL line is NS006 at that line and column 65; other lines pass."""
    line = orjson.dumps(minimal_dict())
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(line + b"\n" + b"[" * 100_000 + b"\n" + line + b"\n")
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    issues = orjson.loads(result.output)["issues"]
    assert [(i["code"], i["line"], i["column"]) for i in issues] == [("NS006", 2, 65)]


@pytest.mark.parametrize(
    ("data", "documents", "codes"),
    [
        (b"\xef\xbb\xbf" + VALID, 1, ["NS002"]),  # one document with a BOM, not many lines
        (VALID.replace(b"{\n  ", b"{", 1), 1, []),  # first member on the first line
        (VALID.replace(b"\n", b"\r\n"), 1, []),
        (orjson.dumps(minimal_dict()) + b"\n" + orjson.dumps(minimal_dict()) + b"\n", 2, []),
        (b"{broken\n" + orjson.dumps(minimal_dict()) + b"\n", 2, ["NS001"]),
    ],
)
def test_stdin_tells_one_document_from_json_lines(
    data: bytes, documents: int, codes: list[str]
) -> None:
    """Stdin input is read as one document or as JSON lines, with the right counts and codes."""
    result = CliRunner().invoke(cli, ["validate", "-", "--format", "json"], input=data)
    report = orjson.loads(result.output)
    assert report["summary"]["documents"] == documents
    assert [i["code"] for i in report["issues"]] == codes
    assert result.exit_code == (1 if codes else 0)
