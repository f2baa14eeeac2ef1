"""Model hazards through ``newsschema validate``: no coercion, no guessing, every refusal
located at the offending value (or key) with its code.

The model has no boolean field; ``true`` where an integer belongs is the boolean case.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from newsschema.cli import cli

from .adversarial_support import dumps, minimal_dict


def mutate(path: list[Any], value: Any) -> bytes:
    doc = copy.deepcopy(minimal_dict())
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return dumps(doc)


CASES: dict[str, tuple[list[Any], Any, str, str, str]] = {
    # name: (path, value, code, pointer, what the line at the position starts with)
    "misspelled-field": (["article", "headlin"], "x", "NS020", "/article/headlin", '"headlin"'),
    "unknown-field-in-span": (
        ["quotes", 0, "span", "length"],
        6,
        "NS020",
        "/quotes/0/span/length",
        '"length"',
    ),
    "string-for-int": (
        ["quotes", 0, "span", "start"],
        "12",
        "NS022",
        "/quotes/0/span/start",
        '"12"',
    ),
    "bool-for-int": (["quotes", 0, "span", "start"], True, "NS022", "/quotes/0/span/start", "true"),
    "float-for-int": (["quotes", 0, "span", "end"], 7.0, "NS022", "/quotes/0/span/end", "7.0"),
    "yes-for-a-list": (
        ["events", 0, "date", "inferred"],
        "yes",
        "NS022",
        "/events/0/date/inferred",
        '"yes"',
    ),
    "string-for-list": (["quotes", 0, "via"], "ria", "NS022", "/quotes/0/via", '"ria"'),
    "compact-date-string": (
        ["article", "date_published"],
        "20240102",
        "NS023",
        "/article/date_published",
        '"2024',
    ),
    "unix-time-number": (
        ["article", "date_published"],
        20240102,
        "NS023",
        "/article/date_published",
        "2024",
    ),
    "naive-datetime": (
        ["article", "date_published"],
        "2022-01-13T10:00:00",
        "NS023",
        "/article/date_published",
        '"2022-01-13T10:00:00"',
    ),
    "impossible-timestamp": (
        ["article", "date_published"],
        "2022-02-30T10:00:00Z",
        "NS023",
        "/article/date_published",
        '"2022-02-30',
    ),
    "impossible-leap-day": (
        ["events", 0, "date", "start"],
        "2021-02-29",
        "NS023",
        "/events/0/date/start",
        '"2021',
    ),
    "month-13": (
        ["events", 0, "date", "start"],
        "2022-13",
        "NS023",
        "/events/0/date/start",
        '"2022',
    ),
    "offset-2^53": (["quotes", 0, "span", "end"], 2**53, "NS011", "", "9007199254740992"),
    "negative-offset": (["quotes", 0, "span", "start"], -1, "NS023", "/quotes/0/span/start", "-1"),
    "misspelled-kind": (["entities", 0, "kind"], "persn", "NS023", "/entities/0", "{"),
    "null-for-required": (["article", "body"], None, "NS022", "/article/body", "null"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_model_hazard_is_refused_at_the_value(tmp_path: Path, name: str) -> None:
    """Each model hazard is refused with its code and pointer at the offending value's position."""
    path_in_doc, value, code, pointer, starts = CASES[name]
    data = mutate(path_in_doc, value)
    path = tmp_path / "doc.json"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    [issue] = orjson.loads(result.output)["issues"]
    assert (issue["code"], issue["pointer"]) == (code, pointer)
    line = data.decode().splitlines()[issue["line"] - 1]
    assert line[issue["column"] - 1 :].startswith(starts), (line, issue)


def test_largest_safe_offset_is_read_exactly_and_reported_as_a_span_problem(
    tmp_path: Path,
) -> None:
    """Offset 2**53-1 is read exactly and reported as an out-of-body span (NS101)."""
    path = tmp_path / "doc.json"
    path.write_bytes(mutate(["quotes", 0, "span", "end"], 2**53 - 1))
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    codes = {i["code"]: i for i in orjson.loads(result.output)["issues"]}
    assert "NS101" in codes
    assert "[1, 9007199254740991)" in codes["NS101"]["message"]
