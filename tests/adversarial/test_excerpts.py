"""Huge documents: no finding, in any reporter format, echoes more than a short excerpt."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from newsschema.cli import cli
from newsschema.reporters import REPORTERS

from .adversarial_support import dumps, minimal_dict

HUGE = 1_000_000
MARK = "Ж"  # a character no rule documentation contains
RUN = re.compile(f"{MARK}{{41,}}|7{{41,}}")  # excerpts stop at 40 characters


def huge_inputs(folder: Path) -> dict[str, str]:
    """One file per way a finding could quote its input; returns name -> expected code."""
    big = MARK * HUGE
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, code: str) -> None:
        (folder / name).write_bytes(data)
        expected[name] = code

    doc = minimal_dict()
    doc["article"]["language"] = big
    put("pattern.json", dumps(doc), "NS023")
    doc = minimal_dict()
    doc["article"][big] = 1
    put("unknown-key.json", dumps(doc), "NS020")
    put("duplicate-key.json", b'{"' + big.encode() + b'": 1, "' + big.encode() + b'": 2}', "NS010")
    put("long-integer.json", b'{"a": ' + b"7" * HUGE + b"}", "NS011")
    put("long-float.json", b'{"a": 7.' + b"7" * HUGE + b"e999999}", "NS011")
    put("bad-string.json", b'{"a": "' + big.encode() + b'\x01"}', "NS001")
    put("unterminated.json", b'{"a": "' + big.encode(), "NS001")
    put("literal.json", b'{"a": ' + big.encode() + b"}", "NS001")
    doc = minimal_dict()
    doc["article"]["body"] += big
    doc["quotes"][0]["text"] = big
    put("quote-text.json", dumps(doc), "NS103")
    doc = minimal_dict()
    doc["article"]["body"] = big + doc["article"]["body"]
    put("mention.json", dumps(doc), "NS104")
    doc = minimal_dict()
    doc["entities"][0]["id"] = big
    put("id.json", dumps(doc), "NS023")
    doc = minimal_dict()
    doc["article"]["url"] = "https://x/" + big + " y"
    put("url.json", dumps(doc), "NS023")
    doc = minimal_dict()
    doc["entities"][0]["kind"] = big
    put("kind.json", dumps(doc), "NS023")
    put("lines.jsonl", orjson.dumps(minimal_dict()) + b"\n" + big.encode() + b"\n", "NS001")
    return expected


@pytest.fixture(scope="module")
def huge_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("huge")
    return folder, huge_inputs(folder)


def test_each_huge_input_gives_its_code(huge_folder: tuple[Path, dict[str, str]]) -> None:
    """Each huge input file is refused with its own code and a located finding."""
    folder, expected = huge_folder
    result = CliRunner().invoke(cli, ["validate", str(folder), "--format", "json"])
    assert result.exit_code == 1
    codes: dict[str, set[str]] = {}
    for issue in orjson.loads(result.output)["issues"]:
        codes.setdefault(Path(issue["file"]).name, set()).add(issue["code"])
        assert issue["line"] is not None and issue["column"] is not None
    for name, code in expected.items():
        assert code in codes[name], (name, codes.get(name))


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_no_reporter_echoes_more_than_an_excerpt(
    huge_folder: tuple[Path, dict[str, str]], fmt: str
) -> None:
    """No reporter echoes long runs of input: each finding adds at most a few hundred characters."""
    folder, expected = huge_folder
    result = CliRunner().invoke(cli, ["validate", str(folder), "--format", fmt])
    assert result.exit_code == 1
    assert RUN.search(result.output) is None
    # Every finding costs at most a few hundred characters, whatever the input size (SARIF
    # carries the documentation of every code once).
    empty = CliRunner().invoke(cli, ["validate", str(folder / "pattern.json"), "--format", fmt])
    assert len(result.output) < len(empty.output) + 600 * 2 * len(expected)


def test_every_reporter_stays_well_formed_when_messages_quote_odd_characters(
    tmp_path: Path,
) -> None:
    """Noncharacters and C1 controls pass through excerpts; XML cannot hold U+FFFE/U+FFFF."""
    doc = minimal_dict()
    doc["article"]["language"] = "x\uffff\ufffe\x85\u2028y"
    doc["entities"][0]["kind"] = "\ufffe\n"
    path = tmp_path / "odd.json"
    path.write_bytes(dumps(doc))
    outputs = {}
    for fmt in sorted(REPORTERS):
        result = CliRunner().invoke(cli, ["validate", str(path), "--format", fmt])
        assert result.exit_code == 1
        outputs[fmt] = result.output
    root = ET.fromstring(outputs["junit"].encode("utf-8"))
    [failure] = root.iter("failure")
    assert "\\uffff\\ufffe" in failure.get("message", "")
    assert len(orjson.loads(outputs["json"])["issues"]) == 2
    assert len(orjson.loads(outputs["sarif"])["runs"][0]["results"]) == 2
    for fmt in ("text", "github"):
        assert len(outputs[fmt].split("\n")) == 2 + 1 + 1, outputs[fmt]  # 2 findings, summary
