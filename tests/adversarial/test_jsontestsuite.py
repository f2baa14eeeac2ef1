"""The JSONTestSuite corpus through the loader and through ``newsschema validate``.

``y_`` files are valid JSON: the parse stage accepts them and the document check rejects them
as not a news document (a model error, NS02x). The two ``y_`` files with a duplicated key are
the documented exception: the loader refuses duplicate keys (NS010) by design. ``n_`` files
are not JSON: a parse-stage error (NS001-NS006). ``i_`` files are implementation-defined: each
one's behaviour is listed in docs/hardening.md and checked here against that table.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from newsschema.codes import PARSE_CODES
from newsschema.loader import LoadError, load_one, parse_json

from .adversarial_support import JSON_TEST_SUITE, ROOT

DOCUMENTED = ROOT / "docs" / "hardening.md"
# Valid JSON that the loader refuses on purpose (RFC 8259 leaves duplicate names undefined).
Y_REFUSED = {
    "y_object_duplicated_key.json": "NS010",
    "y_object_duplicated_key_and_value.json": "NS010",
}
MODEL_CODES = {"NS020", "NS021", "NS022", "NS023"}


@pytest.fixture(scope="module")
def corpus() -> list[Path]:
    if not JSON_TEST_SUITE.is_dir():
        pytest.skip("../shared/corpora/JSONTestSuite is not present")
    files = sorted(JSON_TEST_SUITE.glob("*.json"))
    assert len(files) > 300
    return files


def documented_i_codes() -> dict[str, str]:
    text = DOCUMENTED.read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `(i_[^`]+\.json)` \| (NS\d{3}) \|", text, flags=re.MULTILINE))


def expected_first_code(name: str) -> set[str]:
    if name in Y_REFUSED:
        return {Y_REFUSED[name]}
    if name.startswith("y_"):
        return MODEL_CODES
    if name.startswith("n_"):
        return set(PARSE_CODES)
    return {documented_i_codes()[name]}


def test_loader_sorts_every_file_into_its_stage(corpus: list[Path]) -> None:
    """Every JSONTestSuite file is refused at its expected stage with a located first finding."""
    wrong = []
    for path in corpus:
        data = path.read_bytes()
        loaded = load_one(data, file=path.name)
        assert loaded.document is None  # nothing in the corpus is a news document
        codes = [f.code for f in loaded.findings]
        if codes[0] not in expected_first_code(path.name):
            wrong.append((path.name, codes))
        if path.name.startswith("y_") and path.name not in Y_REFUSED:
            assert parse_json(data) == orjson.loads(data) or path.name.startswith("y_number")
            assert set(codes) <= MODEL_CODES, path.name
        for finding in loaded.findings:
            assert finding.line is not None and finding.column is not None, (path.name, finding)
    assert wrong == []


def test_parse_stage_alone(corpus: list[Path]) -> None:
    """The parser accepts y_ files (bar known refusals) and refuses n_ files with a parse code."""
    for path in corpus:
        try:
            parse_json(path.read_bytes())
            code = None
        except LoadError as exc:
            code = exc.findings[0].code
        if path.name.startswith("y_"):
            assert code == Y_REFUSED.get(path.name), path.name
        elif path.name.startswith("n_"):
            assert code in PARSE_CODES, path.name


def test_every_i_file_is_documented(corpus: list[Path]) -> None:
    """Every implementation-defined i_ file has a documented expected code."""
    names = {p.name for p in corpus if p.name.startswith("i_")}
    assert set(documented_i_codes()) == names


def test_validate_command_over_the_whole_corpus(corpus: list[Path]) -> None:
    """`validate` over the whole suite counts every file invalid, located, with expected codes."""
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "validate", str(JSON_TEST_SUITE), "--format", "json"],
        capture_output=True,
        check=False,
        timeout=120,  # only stops a hung process, not a speed check
    )
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    report = orjson.loads(result.stdout)
    assert report["summary"]["documents"] == len(corpus)
    assert report["summary"]["invalid_documents"] == len(corpus)
    first: dict[str, str] = {}
    for issue in report["issues"]:
        first.setdefault(Path(issue["file"]).name, issue["code"])
        assert issue["line"] >= 1 and issue["column"] >= 1
    assert set(first) == {p.name for p in corpus}
    wrong = {name: code for name, code in first.items() if code not in expected_first_code(name)}
    assert wrong == {}
