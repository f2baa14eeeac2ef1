"""The validate command: inputs, exit codes, settings, fail-fast, jobs, stdin, JSON Lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, NoReturn

import orjson
import pytest
from click.testing import CliRunner

from newsschema import _parallel, validation
from newsschema._inputs import expand_inputs
from newsschema.cli import main
from newsschema.rules import RuleSet, select_rules

from ._docs import good_document

EXAMPLES = Path(__file__).resolve().parents[1] / "invalid" / "rules"


def run(
    args: list[str], *, cwd: Path, env: dict[str, str] | None = None, stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    """Run the real CLI entry point in a subprocess (exit codes as CI sees them)."""
    return subprocess.run(
        [sys.executable, "-c", "from newsschema.cli import main; main()", "validate", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env={**os.environ, "GITHUB_ACTIONS": "", **(env or {})},
        check=False,
    )


def write(path: Path, document: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    return path


def jsonl(path: Path, documents: list[dict[str, Any] | bytes]) -> Path:
    lines = [d if isinstance(d, bytes) else orjson.dumps(d) for d in documents]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def bad_speaker() -> dict[str, Any]:
    document = good_document()
    document["quotes"][0]["speaker"] = "e_nobody"
    return document


def unmentioned() -> dict[str, Any]:
    document = good_document()
    document["entities"].append({"id": "e_x", "kind": "other", "name": "X"})
    return document


def test_exit_codes(tmp_path: Path) -> None:
    """Exit 0 on warnings only, 1 on errors or missing inputs, 2 on bad flags; strict mode fails."""
    write(tmp_path / "good.json", good_document())
    write(tmp_path / "warn.json", unmentioned())
    write(tmp_path / "bad.json", bad_speaker())
    ok = run(["good.json", "warn.json"], cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert b"warn.json:" in ok.stdout and b"NS501 warning:" in ok.stdout
    assert run(["bad.json"], cwd=tmp_path).returncode == 1
    assert run(["missing.json"], cwd=tmp_path).returncode == 1
    assert run(["good.json", "--jobs", "-1"], cwd=tmp_path).returncode == 2
    assert run(["good.json", "--select", "NS999"], cwd=tmp_path).returncode == 2
    assert run(["good.json", "--format", "yaml"], cwd=tmp_path).returncode == 2
    strict = run(["warn.json", "--warnings-as-errors"], cwd=tmp_path)
    assert strict.returncode == 1
    assert b"NS501 entity" in strict.stdout


def test_every_file_is_checked_and_reported_in_input_order(tmp_path: Path) -> None:
    """Findings follow input order; an unmatched glob is NS030 and counts no document."""
    write(tmp_path / "b" / "bad.json", bad_speaker())
    write(tmp_path / "a.json", bad_speaker())
    result = run(["b", "a.json", "nothing-*.json", "--format", "json"], cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [(i["file"], i["code"]) for i in report["issues"]] == [
        (os.path.join("b", "bad.json"), "NS202"),
        ("a.json", "NS202"),
        ("nothing-*.json", "NS030"),
    ]
    assert report["summary"]["documents"] == 2  # a pattern that matches nothing is no document


def test_fail_fast_stops_at_the_first_invalid_document(tmp_path: Path) -> None:
    """`--fail-fast` reports only the first invalid document and reads no further."""
    jsonl(tmp_path / "x.jsonl", [good_document(), bad_speaker(), bad_speaker()])
    write(tmp_path / "y.json", bad_speaker())
    result = run(["x.jsonl", "y.json", "--fail-fast", "--format", "json"], cwd=tmp_path)
    assert result.returncode == 1
    issues = json.loads(result.stdout)["issues"]
    assert [(i["file"], i["line"]) for i in issues] == [("x.jsonl", 2)]


def test_jsonl_lines_are_named_and_stdin_works(tmp_path: Path) -> None:
    """JSONL findings name their physical line, for files and for `<stdin>` alike."""
    data = b"\n".join(
        [
            orjson.dumps(good_document()),
            b"",
            b'{"schema_version": "1.0",',
            orjson.dumps(bad_speaker()),
        ]
    )
    (tmp_path / "c.jsonl").write_bytes(data)
    result = run(["c.jsonl"], cwd=tmp_path)
    lines = result.stdout.decode().splitlines()
    assert lines[0].startswith("c.jsonl:3:")
    assert " NS001 " in lines[0]
    assert lines[1].startswith("c.jsonl:4:") and " NS202 " in lines[1]
    piped = run(["-", "--format", "json"], cwd=tmp_path, stdin=data)
    assert [(i["file"], i["line"], i["code"]) for i in json.loads(piped.stdout)["issues"]] == [
        ("<stdin>", 3, "NS001"),
        ("<stdin>", 4, "NS202"),
    ]


def test_github_format_is_chosen_on_github_actions(tmp_path: Path) -> None:
    """On GitHub Actions the default format is annotations; `--format text` still wins."""
    write(tmp_path / "bad.json", bad_speaker())
    result = run(["bad.json"], cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith(b"::error file=bad.json,line=")
    assert b",title=NS202 unknown-id::" in result.stdout
    text = run(["bad.json", "--format", "text"], cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert text.stdout.startswith(b"bad.json:")


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    """No progress output reaches stderr when it is not a terminal."""
    write(tmp_path / "good.json", good_document())
    result = run(["good.json"], cwd=tmp_path)
    assert result.stderr == b""


def test_pyproject_settings_and_flags_override_them(tmp_path: Path) -> None:
    """`[tool.newsschema]` settings apply from parent dirs, flags override, bad settings exit 2."""
    write(tmp_path / "data" / "warn.json", unmentioned())
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.newsschema]\nwarnings-as-errors = true\n'
    )
    assert run(["data"], cwd=tmp_path).returncode == 1
    assert run(["data", "--no-warnings-as-errors"], cwd=tmp_path).returncode == 0
    sub = tmp_path / "data"
    assert run(["warn.json"], cwd=sub).returncode == 1  # found in a parent directory
    (tmp_path / "pyproject.toml").write_text(
        '[tool.newsschema]\nwarnings-as-errors = true\nignore = ["NS5"]\n'
    )
    assert run(["data"], cwd=tmp_path).returncode == 0
    (tmp_path / "pyproject.toml").write_text('[tool.newsschema]\nselct = ["NS1"]\n')
    bad = run(["data"], cwd=tmp_path)
    assert bad.returncode == 2
    assert b"unknown setting 'selct'" in bad.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.newsschema]\nignore = ["NS020"]\n')
    assert run(["data"], cwd=tmp_path).returncode == 2
    (tmp_path / "pyproject.toml").write_text("[tool.newsschema\n")
    assert run(["data"], cwd=tmp_path).returncode == 2
    other = tmp_path / "other.toml"
    other.write_text('[tool.newsschema]\nselect = ["NS1"]\nwarnings-as-errors = true\n')
    assert run(["data", "--config", str(other)], cwd=tmp_path).returncode == 0


def test_select_and_ignore_flags(tmp_path: Path) -> None:
    """`--select`/`--ignore` filter rules by code prefix and repeated flags accumulate."""
    write(tmp_path / "bad.json", bad_speaker())
    assert run(["bad.json", "--ignore", "NS202"], cwd=tmp_path).returncode == 0
    assert run(["bad.json", "--select", "NS1,NS3"], cwd=tmp_path).returncode == 0
    assert run(["bad.json", "--select", "NS1", "--select", "NS2"], cwd=tmp_path).returncode == 1


def test_output_file_is_written(tmp_path: Path) -> None:
    """`-o` writes the report to a file (nothing on stdout) and refuses to overwrite an input."""
    write(tmp_path / "bad.json", bad_speaker())
    result = run(["bad.json", "--format", "sarif", "-o", "out.sarif"], cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == b""
    log = json.loads((tmp_path / "out.sarif").read_text())
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["NS202"]
    before = (tmp_path / "bad.json").read_bytes()
    clobber = run(["bad.json", "-o", "bad.json"], cwd=tmp_path)
    assert clobber.returncode == 2 and b"may not overwrite an input" in clobber.stderr
    assert (tmp_path / "bad.json").read_bytes() == before


def test_jobs_give_the_same_report_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parallel jobs over file slices give exactly the sequential report and line numbers."""
    # Small slices, so that two workers each read several parts of one file.
    monkeypatch.setattr(validation, "_MIN_SLICE", 2048)
    documents: list[dict[str, Any] | bytes] = []
    for i in range(60):
        documents.append(bad_speaker() if i % 7 == 3 else good_document())
        if i % 11 == 5:
            documents.append(b"")
        if i % 13 == 0:
            documents.append(b"[1, 2")
    big = jsonl(tmp_path / "big.jsonl", documents)
    write(tmp_path / "one.json", unmentioned())
    inputs = expand_inputs([str(big), str(tmp_path / "one.json"), str(tmp_path / "nope.json")])
    assert len(list(validation.plan(inputs[:1], jobs=2))) > 4
    checks = (RuleSet(select_rules()),)
    sequential = validation.validate_inputs(inputs, checks, jobs=1)
    parallel = validation.validate_inputs(inputs, checks, jobs=2)
    assert parallel == sequential
    assert parallel.file_documents == sequential.file_documents
    assert sequential.documents == 60 + 5 + 1  # nope.json is missing: no document
    lines = [f.line for f in sequential.findings if f.file == str(big)]
    raw_lines = big.read_bytes().split(b"\n")
    for finding in sequential.findings:
        if finding.file == str(big):
            assert finding.line is not None
            assert raw_lines[finding.line - 1] in (b"[1, 2", orjson.dumps(bad_speaker()))
    assert len(lines) == 9 + 5
    # With other threads alive (a progress bar), workers come from a fork server instead.
    monkeypatch.setattr("newsschema._parallel.threading.active_count", lambda: 2)
    assert _parallel._context().get_start_method() == "forkserver"
    assert validation.validate_inputs(inputs, checks, jobs=2) == sequential
    failing = validation.validate_inputs(inputs, checks, jobs=2, fail_fast=True)
    assert failing == validation.validate_inputs(inputs, checks, jobs=1, fail_fast=True)
    assert failing.stopped and len(failing.findings) == 1


def test_internal_error_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unexpected exception exits 3 with "internal error", not a traceback."""
    write(tmp_path / "good.json", good_document())

    def broken(*args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("boom")

    monkeypatch.setattr("newsschema.engines._base.validate_inputs", broken)
    monkeypatch.setattr(sys, "argv", ["newsschema", "validate", str(tmp_path / "good.json")])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 3
    assert "internal error" in capsys.readouterr().err


def test_cli_runner_smoke() -> None:
    """The Click command run in-process exits 1 and names the rule a rule example breaks."""
    from newsschema.cli import cli

    result = CliRunner().invoke(cli, ["validate", str(EXAMPLES / "NS102_span_reversed.json")])
    assert result.exit_code == 1
    assert "NS102" in result.output
