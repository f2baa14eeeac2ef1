"""The README's examples run as written, so that a newcomer's first copy-paste works."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_library_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's Python example runs and prints the documented quote and error code."""
    runnable = [code for code in blocks("python") if "my_import" not in code]
    assert runnable, "the README lost its library example"
    monkeypatch.chdir(ROOT)
    for code in runnable:
        exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "direct Sergey Lavrov via ['RIA Novosti']" in out
    assert "NS021" in out


def test_cli_example_output_is_what_the_cli_prints() -> None:
    """The README's `validate` console example prints exactly the lines the CLI prints."""
    console = blocks("console")[0]
    command, *expected = [
        line for line in console.splitlines() if line and not line.startswith("$ newsschema rules")
    ]
    assert command.startswith("$ newsschema validate ")
    args = shlex.split(command[2:].split("#")[0])
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", *args[1:]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "GITHUB_ACTIONS": "false"},
    )
    printed = result.stdout.splitlines()
    assert result.returncode == 1
    assert len(printed) == 2
    assert printed == expected[:2]
