"""Every line a command prints is escaped and shortened as validate's findings are.

Input text reaches the terminal and CI logs through file names, importer warnings, field values
and labels. A newline in it must not start a forged line (a ``::error`` workflow command, a fake
``+`` change), an escape sequence must not reach the terminal, and a 5 MB label is not echoed
whole.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsschema._names import MAX_NAME
from newsschema.cli import cli

from ..review.review_support import seed_dict, write

FORGED = "x\n::error file=forged.json::forged\x1b[2J"
"""A newline that would start a workflow command, and an escape that would clear the screen."""


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _brat(folder: Path, stem: str, label: str = "ZZZZ") -> Path:
    """A brat folder whose one document has a label the mapping lacks (an NS084 warning)."""
    folder.mkdir()
    (folder / f"{stem}.txt").write_text("Ivan said hello.", encoding="utf-8")
    (folder / f"{stem}.ann").write_text(f"T1\t{label} 0 4\tIvan\n", encoding="utf-8")
    return folder


def _no_forged_lines(output: str) -> None:
    assert "\x1b" not in output
    assert not any(line.startswith("::error") for line in output.splitlines())


def test_convert_warnings_escape_file_names(tmp_path: Path) -> None:
    """An importer warning about a file whose name holds a newline stays on one line."""
    folder = _brat(tmp_path / "in", FORGED)
    code, out = _invoke(
        "convert", "--from", "brat", str(folder), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl"),
        "--set", "article.language=en", "--set", "article.id=a1",
    )  # fmt: skip
    assert code == 0
    _no_forged_lines(out)
    assert "NS084" in out and "\\n::error" in out


def test_convert_warnings_shorten_huge_labels(tmp_path: Path) -> None:
    """A warning naming a 5 MB label prints a short line, not the label."""
    folder = _brat(tmp_path / "in", "a", "Z" * 5_000_000)
    code, out = _invoke(
        "convert", "--from", "brat", str(folder), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl"),
        "--set", "article.language=en",
    )  # fmt: skip
    assert code == 0
    assert "NS084" in out
    assert max(len(line) for line in out.splitlines()) < 2 * MAX_NAME


@pytest.mark.parametrize("output_format", ["text", "markdown", "github"])
def test_diff_escapes_values_and_file_names(tmp_path: Path, output_format: str) -> None:
    """A changed headline and a file name with a newline and an escape print as escaped text."""
    old = write(tmp_path / "old.json", seed_dict())
    changed = seed_dict()
    changed["article"]["headline"] = f"Talks{FORGED}"
    new = write(tmp_path / f"new{FORGED}.json", changed)
    code, out = _invoke("diff", str(old), str(new), "--format", output_format)
    assert code == 1
    _no_forged_lines(out)
    if output_format != "github":
        # Outside workflow commands, the headline's newline is shown escaped, not obeyed.
        assert not any(line.startswith("::") for line in out.splitlines())
        assert "\\n::error" in out


def test_diff_json_keeps_the_exact_values(tmp_path: Path) -> None:
    """The JSON format is for programs: it keeps the values exactly (JSON escapes them)."""
    old = write(tmp_path / "old.json", seed_dict())
    changed = seed_dict()
    changed["article"]["headline"] = f"Talks{FORGED}"
    new = write(tmp_path / "new.json", changed)
    code, out = _invoke("diff", str(old), str(new), "--format", "json")
    assert code == 1
    (change,) = json.loads(out)["changes"]
    (field,) = change["fields"]
    assert field["new"] == f"Talks{FORGED}"


def test_agree_table_escapes_annotator_names(tmp_path: Path) -> None:
    """Annotator names (file names) print escaped in the table: no escape, no rich markup."""
    first = write(tmp_path / "a\x1b[2J[bold]x.json", seed_dict())
    second = write(tmp_path / "b.json", seed_dict())
    code, out = _invoke("agree", str(first), str(second), "--bootstrap", "0")
    assert code == 0
    _no_forged_lines(out)
    assert "a\\u001b[2J[bold]x" in out
