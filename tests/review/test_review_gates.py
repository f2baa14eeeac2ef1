"""The review commands' gates: any document whose structure loads is compared or measured."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..conftest import git, invoke
from .review_support import SEED, seed_dict, set_speaker, shift_quote, write

# Quote 2 of the seed is direct: moving its start onto the opening mark is an NS401 error.
_UNMARKED = 2


def _new_side_with_ns401(tmp_path: Path) -> Path:
    return write(tmp_path / "new.json", shift_quote(seed_dict(), _UNMARKED, -1))


def test_diff_with_a_rule_error_on_the_new_side_names_the_change_and_the_finding(
    tmp_path: Path,
) -> None:
    """diff OLD NEW whose new side has an NS401 error exits 1, names the change, lists NS401."""
    new = _new_side_with_ns401(tmp_path)
    code, out = invoke("diff", str(SEED), str(new))
    assert code == 1, out
    assert "~ quote q3" in out
    assert "rule findings in the new version (1):" in out
    assert f"{new}:" in out and "NS401" in out


def test_diff_findings_never_change_the_exit_status(tmp_path: Path) -> None:
    """The same document on both sides, with an NS401 error: no change, exit 0, finding listed."""
    new = _new_side_with_ns401(tmp_path)
    code, out = invoke("diff", str(new), str(new))
    assert code == 0, out
    assert "NS401" in out and "no annotation changes" in out
    code, out = invoke("diff", str(SEED), str(new), "--exit-zero")
    assert code == 0 and "NS401" in out


def test_diff_json_lists_the_findings(tmp_path: Path) -> None:
    """--format json has a findings list with code, severity, file, line and pointer."""
    new = _new_side_with_ns401(tmp_path)
    code, out = invoke("diff", str(SEED), str(new), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert [c["id"] for c in report["changes"]] == ["q3"]
    (finding,) = report["findings"]
    assert finding["code"] == "NS401" and finding["severity"] == "error"
    assert finding["file"] == str(new) and finding["line"] and finding["pointer"]


def test_diff_github_annotates_the_findings(tmp_path: Path) -> None:
    """--format github writes an ::error annotation for the finding beside the change notices."""
    new = _new_side_with_ns401(tmp_path)
    _, out = invoke("diff", str(SEED), str(new), "--format", "github")
    lines = out.splitlines()
    assert any(line.startswith("::notice ") for line in lines)
    (error,) = [line for line in lines if line.startswith("::error ")]
    assert "NS401" in error and "line=" in error


def test_diff_markdown_has_a_findings_section(tmp_path: Path) -> None:
    """--format markdown has its own section for the new version's rule findings."""
    new = _new_side_with_ns401(tmp_path)
    _, out = invoke("diff", str(SEED), str(new), "--format", "markdown")
    assert "### Annotation changes" in out
    assert "### Rule findings in the new version (1)" in out and "`NS401`" in out


def test_diff_with_a_side_that_does_not_load_is_a_located_exit_2(tmp_path: Path) -> None:
    """A side whose structure does not load is a located finding and exit 2."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.1",\n  "article": 3}\n', encoding="utf-8")
    code, out = invoke("diff", str(SEED), str(bad))
    assert code == 2
    assert f"{bad}:" in out and "NS02" in out and "does not load" in out


def test_diff_respects_the_rule_selection(tmp_path: Path) -> None:
    """--ignore NS401 (as the configuration would) leaves the finding out of the diff."""
    new = _new_side_with_ns401(tmp_path)
    code, out = invoke("diff", str(SEED), str(new), "--ignore", "NS401")
    assert code == 1 and "NS401" not in out


def _annotators(tmp_path: Path) -> list[str]:
    alice = write(tmp_path / "alice" / "a.json", seed_dict())
    bob = write(tmp_path / "bob" / "a.json", shift_quote(seed_dict(), _UNMARKED, -1))
    return [str(alice.parent), str(bob.parent)]


def test_agree_on_annotators_with_rule_errors_counts_their_findings(tmp_path: Path) -> None:
    """agree computes on raw output with rule errors and counts each annotator's findings."""
    code, out = invoke("agree", *_annotators(tmp_path), "--format", "json", "--bootstrap", "0")
    assert code == 0, out
    report = json.loads(out)
    assert report["annotators"]["alice"]["findings"] == {}
    assert report["annotators"]["bob"]["findings"] == {"NS401": 1}
    assert report["annotators"]["bob"]["documents"] == 1
    spans = report["layers"]["quote_spans"]["pairs"][0]
    # Bob moved one quote's start: that quote no longer matches exactly, the others do.
    assert 0 < spans["exact_f1"] < 1


def test_agree_table_says_how_many_findings(tmp_path: Path) -> None:
    """The terminal table names each annotator's rule findings by code."""
    code, out = invoke("agree", *_annotators(tmp_path), "--bootstrap", "0")
    assert code == 0, out
    assert "bob's documents have 1 rule finding(s): NS401 x1" in out


def test_agree_strict_refuses_input_with_rule_errors(tmp_path: Path) -> None:
    """agree --strict refuses an annotator whose documents have rule errors (exit 2, located)."""
    code, out = invoke("agree", *_annotators(tmp_path), "--strict", "--bootstrap", "0")
    assert code == 2
    assert "--strict: bob has 1 rule error(s)" in out and "NS401" in out


def test_diff_git_skips_foreign_json_and_says_so_once(tmp_path: Path) -> None:
    """diff --git HEAD skips package.json on both sides, says so once, and diffs the rest."""
    repo = tmp_path / "repo"
    write(repo / "a.json", seed_dict())
    (repo / "package.json").write_text('{"name": "x", "version": "1.0.0"}\n', encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "seed")
    write(repo / "a.json", set_speaker(seed_dict(), 1, "e_stoltenberg"))
    done = subprocess.run(
        [sys.executable, "-m", "newsschema", "diff", "--git", "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("skipped") == 1
    assert "2 JSON file(s) that are not annotations" in done.stderr
    assert "HEAD:package.json" in done.stderr and "NS020" not in done.stdout + done.stderr


def test_diff_git_reads_the_configuration_of_the_repository_root(tmp_path: Path) -> None:
    """diff --git from a subfolder uses [tool.newsschema] of the repository's root."""
    repo = tmp_path / "repo"
    write(repo / "data" / "a.json", seed_dict())
    (repo / "pyproject.toml").write_text(
        '[tool.newsschema]\nignore = ["NS401"]\n', encoding="utf-8"
    )
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "seed")
    write(repo / "data" / "a.json", shift_quote(seed_dict(), _UNMARKED, -1))
    done = subprocess.run(
        [sys.executable, "-m", "newsschema", "diff", "--git", "HEAD", "."],
        cwd=repo / "data",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "q3" in done.stdout and "NS401" not in done.stdout


def test_agree_strict_shows_each_rule_error_at_its_line_and_column(tmp_path: Path) -> None:
    """--strict locates the errors it shows (agree counts findings without locating them)."""
    code, out = invoke("agree", *_annotators(tmp_path), "--strict", "--bootstrap", "0")
    assert code == 2
    place = re.search(r"a\.json:(\d+):(\d+): NS401", out)
    assert place is not None, out
    assert int(place.group(1)) > 1 and int(place.group(2)) > 0


def test_unlocated_checking_finds_the_same_findings_without_lines() -> None:
    """check_bytes(locate=False): the same codes, pointers and messages, no line or column."""
    from newsschema.validation import ERROR_CHECKS, check_bytes

    data = json.dumps(shift_quote(seed_dict(), _UNMARKED, -1), indent=2).encode()
    located = check_bytes(data, ERROR_CHECKS, file="a.json").findings
    bare = check_bytes(data, ERROR_CHECKS, file="a.json", locate=False).findings
    assert [f.code for f in located] == ["NS401"]

    def what(findings: tuple[Any, ...]) -> list[tuple[str, str, str]]:
        return sorted((f.code, f.pointer, f.message) for f in findings)

    assert what(bare) == what(located)
    assert all(f.line is not None for f in located)
    assert all(f.line is None and f.column is None for f in bare)
