"""Each output format, exactly; SARIF against the SARIF 2.1.0 JSON Schema."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from newsschema.findings import Finding, Severity
from newsschema.report import Report
from newsschema.reporters import REPORTERS
from newsschema.rules import ALL_CODES

REPO = Path(__file__).resolve().parents[2]

SARIF_SCHEMA = REPO / ".." / "shared" / "schemas" / "sarif-schema-2.1.0.json"

REPORT = Report(
    findings=(
        Finding(
            "NS101",
            Severity.ERROR,
            "span [3, 99) reaches past the end of the body (50 code points)",
            "/entities/0/mentions/1",
            "in/a,b:c.jsonl",
            2,
            117,
            1,
        ),
        Finding(
            "NS104",
            Severity.WARNING,
            'mention text "100%\nsure" is not a name',
            "/entities/2/mentions/0",
            "in/a,b:c.jsonl",
            3,
            9,
            2,
        ),
        Finding("NS030", Severity.ERROR, "cannot read file: No such file", "", "gone.json"),
    ),
    files=("in/a,b:c.jsonl", "gone.json"),
    documents=4,
    invalid_documents=2,
    file_documents=(("in/a,b:c.jsonl", 3), ("gone.json", 1)),
)
EMPTY = Report((), ("ok.json",), 1, 0, (("ok.json", 1),))


def render(name: str, report: Report = REPORT) -> str:
    stream = io.StringIO()
    REPORTERS[name](report, stream)
    return stream.getvalue()


def test_registry_keys() -> None:
    """The reporter registry offers exactly github, json, junit, sarif and text."""
    assert sorted(REPORTERS) == ["github", "json", "junit", "sarif", "text"]


def test_text() -> None:
    """The text reporter prints the exact finding lines and summary, valid and invalid."""
    assert render("text") == (
        "in/a,b:c.jsonl:2:117: NS101 span [3, 99) reaches past the end of the body "
        "(50 code points) [/entities/0/mentions/1]\n"
        'in/a,b:c.jsonl:3:9: NS104 warning: mention text "100%\\nsure" is not a name '
        "[/entities/2/mentions/0]\n"
        "gone.json:0:0: NS030 cannot read file: No such file [/]\n"
        "INVALID: 4 document(s) in 2 file(s), 2 error(s), 1 warning(s)\n"
    )
    assert render("text", EMPTY) == (
        "valid: 1 document(s) in 1 file(s), 0 error(s), 0 warning(s)\n"
    )


def test_json() -> None:
    """The JSON reporter prints the exact report shape with summary and issues."""
    expected = {
        "valid": False,
        "summary": {
            "files": 2,
            "documents": 4,
            "invalid_documents": 2,
            "errors": 2,
            "warnings": 1,
            "cached": 0,
            "by_code": {"NS030": 1, "NS101": 1, "NS104": 1},
        },
        "issues": [
            {
                "code": "NS101",
                "severity": "error",
                "message": "span [3, 99) reaches past the end of the body (50 code points)",
                "file": "in/a,b:c.jsonl",
                "pointer": "/entities/0/mentions/1",
                "line": 2,
                "column": 117,
            },
            {
                "code": "NS104",
                "severity": "warning",
                "message": 'mention text "100%\nsure" is not a name',
                "file": "in/a,b:c.jsonl",
                "pointer": "/entities/2/mentions/0",
                "line": 3,
                "column": 9,
            },
            {
                "code": "NS030",
                "severity": "error",
                "message": "cannot read file: No such file",
                "file": "gone.json",
                "pointer": "",
                "line": None,
                "column": None,
            },
        ],
    }
    assert render("json") == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def test_github() -> None:
    """The GitHub reporter escapes properties and messages and prints exact annotations."""
    assert render("github") == (
        "::error file=in/a%2Cb%3Ac.jsonl,line=2,col=117,title=NS101 span-out-of-body::"
        "span [3, 99) reaches past the end of the body (50 code points) [/entities/0/mentions/1]\n"
        "::warning file=in/a%2Cb%3Ac.jsonl,line=3,col=9,title=NS104 mention-not-a-name::"
        "mention text "
        '"100%25%0Asure" is not a name [/entities/2/mentions/0]\n'
        "::error file=gone.json,title=NS030 unreadable-input::cannot read file: No such file [/]\n"
        "newsschema: INVALID: 4 document(s) in 2 file(s), 2 error(s), 1 warning(s)\n"
    )


def test_junit() -> None:
    """The JUnit reporter prints one suite per file and one case per document, exactly."""
    assert render("junit") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="newsschema" tests="4" failures="2" errors="0">\n'
        '  <testsuite name="in/a,b:c.jsonl" tests="3" failures="1" errors="0" skipped="0">\n'
        '    <testcase classname="in/a,b:c.jsonl" name="document 0" />\n'
        '    <testcase classname="in/a,b:c.jsonl" name="document 1">\n'
        '      <failure type="NS101" message="1 error(s); first: NS101 span [3, 99) reaches past '
        'the end of the body (50 code points)">in/a,b:c.jsonl:2:117: NS101 span [3, 99) reaches '
        "past the end of the body (50 code points) [/entities/0/mentions/1]</failure>\n"
        "    </testcase>\n"
        '    <testcase classname="in/a,b:c.jsonl" name="document 2">\n'
        '      <system-out>warning: in/a,b:c.jsonl:3:9: NS104 mention text "100%\nsure" '
        "is not a name [/entities/2/mentions/0]</system-out>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        '  <testsuite name="gone.json" tests="1" failures="1" errors="0" skipped="0">\n'
        '    <testcase classname="gone.json" name="document 0">\n'
        '      <failure type="NS030" message="1 error(s); first: NS030 cannot read file: No such '
        'file">gone.json:0:0: NS030 cannot read file: No such file [/]</failure>\n'
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


def test_junit_parses_as_xml() -> None:
    """The JUnit output parses as XML with failures on the right cases and text kept."""
    root = ET.fromstring(render("junit"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 4
    assert [c.get("name") for c in cases if c.find("failure") is not None] == [
        "document 1",
        "document 0",
    ]
    assert "100%\nsure" in (cases[2].findtext("system-out") or "")


def test_sarif_content() -> None:
    """SARIF results carry rule index, level, escaped URI, region, pointer and fingerprint."""
    log = json.loads(render("sarif"))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(ALL_CODES)
    assert run["columnKind"] == "unicodeCodePoints"
    first, second, third = run["results"]
    fingerprint = first.pop("partialFingerprints")["newsschemaFinding/v1"]
    assert re.fullmatch("[0-9a-f]{32}", fingerprint)
    assert first == {
        "ruleId": "NS101",
        "ruleIndex": list(ALL_CODES).index("NS101"),
        "level": "error",
        "message": {"text": "span [3, 99) reaches past the end of the body (50 code points)"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "in/a%2Cb%3Ac.jsonl", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 2, "startColumn": 117},
                },
                "logicalLocations": [
                    {"fullyQualifiedName": "/entities/0/mentions/1", "kind": "member"}
                ],
            }
        ],
    }
    assert second["level"] == "warning"
    assert rules[second["ruleIndex"]]["id"] == "NS104"
    assert third["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "gone.json", "uriBaseId": "%SRCROOT%"}}}
    ]
    assert rules[list(ALL_CODES).index("NS104")]["defaultConfiguration"] == {"level": "warning"}


@pytest.mark.skipif(not SARIF_SCHEMA.is_file(), reason="shared SARIF schema not available")
@pytest.mark.parametrize("report", [REPORT, EMPTY], ids=["findings", "empty"])
def test_sarif_validates_against_the_schema(report: Report) -> None:
    """SARIF output validates against the official SARIF 2.1.0 schema."""
    schema = json.loads(Path(SARIF_SCHEMA).read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(json.loads(render("sarif", report))), key=str)
    assert errors == []
