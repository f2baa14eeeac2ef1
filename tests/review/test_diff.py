"""``newsschema diff``: annotation changes between versions, its formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given

from newsschema.cli import cli
from newsschema.models import Document
from newsschema.review._read import Source
from newsschema.review.diff import diff_documents, diff_sources
from newsschema.strategies import documents

from .review_support import (
    SEED,
    rename_entity,
    seed_dict,
    set_speaker,
    shift_quote,
    write,
)


def _diff(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_identical_documents_have_an_empty_diff(tmp_path: Path) -> None:
    """The same annotations twice: no change, exit 0, and the JSON report says so."""
    old = write(tmp_path / "old.json", seed_dict())
    code, out = _diff(str(old), str(SEED), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["changed"] is False and report["changes"] == [] and report["documents"] == 1


def test_shifted_span_shows_the_old_and_new_text(tmp_path: Path) -> None:
    """A moved quote span is reported with the covered text of both versions and the lost edge."""
    new = write(tmp_path / "new.json", shift_quote(seed_dict(), 0, 2))
    code, out = _diff(str(SEED), str(new), "--format", "json")
    assert code == 1
    (change,) = json.loads(out)["changes"]
    assert (change["layer"], change["action"], change["id"]) == ("quote", "changed", "q1")
    (span,) = change["fields"]
    assert span["field"] == "span"
    assert span["old"].startswith("“The NATO") and span["old"].endswith("[0:162]")
    assert span["new"].startswith("“e NATO") and span["new"].endswith("[2:162]")
    assert span["removed"] == ["“Th” [0:2]"] and span["added"] == []


def test_changed_speaker_is_named(tmp_path: Path) -> None:
    """A changed speaker is shown by entity name and id, old and new."""
    new = write(tmp_path / "new.json", set_speaker(seed_dict(), 1, "e_stoltenberg"))
    code, out = _diff(str(SEED), str(new))
    assert code == 1
    assert "~ quote q2" in out
    assert "speaker: Sergey Lavrov (e_lavrov) → Jens Stoltenberg (e_stoltenberg)" in out


def test_renamed_id_is_a_rename_not_an_addition(tmp_path: Path) -> None:
    """Renaming an entity id is hidden, or with --show-renames one rename; quotes unchanged."""
    new = write(tmp_path / "new.json", rename_entity(seed_dict(), "e_lavrov", "lavrov"))
    code, out = _diff(str(SEED), str(new), "--format", "json")
    assert (code, json.loads(out)["changes"]) == (0, [])
    code, out = _diff(str(SEED), str(new), "--format", "json", "--show-renames")
    assert code == 1
    (change,) = json.loads(out)["changes"]
    assert change["action"] == "changed" and change["layer"] == "entity"
    assert (change["old_id"], change["id"], change["fields"]) == ("e_lavrov", "lavrov", [])


def test_renamed_quote_with_a_new_span_is_matched_by_span(tmp_path: Path) -> None:
    """A quote whose id and span both changed is matched by overlapping span, not re-added."""
    data = shift_quote(seed_dict(), 7, 4)  # an indirect quote: no quotation marks to keep
    data["quotes"][7]["id"] = "q_renamed"
    new = write(tmp_path / "new.json", data)
    _, out = _diff(str(SEED), str(new), "--format", "json")
    (change,) = json.loads(out)["changes"]
    assert (change["old_id"], change["id"]) == ("q8", "q_renamed")
    assert [f["field"] for f in change["fields"]] == ["span"]


def test_added_and_removed_annotations(tmp_path: Path) -> None:
    """A removed quote and an added mention are reported as such, with the text."""
    data = seed_dict()
    removed = data["quotes"].pop(4)
    data["entities"][1]["mentions"].append({"start": 0, "end": 3})
    new = write(tmp_path / "new.json", data)
    _, out = _diff(str(SEED), str(new), "--format", "json")
    changes = {(c["layer"], c["action"], c["id"]): c for c in json.loads(out)["changes"]}
    assert ("quote", "removed", removed["id"]) in changes
    mention = changes[("entity", "changed", "e_stoltenberg")]["fields"][0]
    assert mention["field"] == "mentions" and mention["added"] == ["“The” [0:3]"]


def test_folders_are_matched_by_article_id(tmp_path: Path) -> None:
    """Folders: documents pair by article id whatever the file names; extra ones are added."""
    write(tmp_path / "old" / "x.json", seed_dict())
    other = seed_dict()
    other["article"]["id"] = "second"
    write(tmp_path / "new" / "renamed.json", set_speaker(seed_dict(), 1, "e_stoltenberg"))
    write(tmp_path / "new" / "second.json", other)
    _, out = _diff(str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json")
    changes = json.loads(out)["changes"]
    assert sorted((c["layer"], c["action"]) for c in changes) == [
        ("document", "added"),
        ("quote", "changed"),
    ]


def test_github_annotations_point_at_the_changed_lines(tmp_path: Path) -> None:
    """--format github writes one notice per change on the line of that annotation."""
    new = write(tmp_path / "new.json", set_speaker(seed_dict(), 1, "e_stoltenberg"))
    _, out = _diff(str(SEED), str(new), "--format", "github")
    notice = out.splitlines()[0]
    line = int(notice.split("line=")[1].split(",")[0])
    text = new.read_text(encoding="utf-8").splitlines()
    # The annotation's line opens quote q2 in the new file.
    assert text[line - 1].strip() == "{" and '"id": "q2"' in "".join(text[line - 1 : line + 4])
    assert notice.startswith(f"::notice file={new},line={line},title=quote q2 changed::")


def test_markdown_escapes_and_summarises(tmp_path: Path) -> None:
    """--format markdown has a count table and escapes annotation text."""
    new = write(tmp_path / "new.json", set_speaker(seed_dict(), 1, "e_stoltenberg"))
    _, out = _diff(str(SEED), str(new), "--format", "markdown")
    assert "| quote | 0 | 0 | 1 |" in out
    assert "e\\_stoltenberg" in out


def test_exit_zero_and_usage_errors(tmp_path: Path) -> None:
    """--exit-zero reports with exit 0; one path or a missing file is exit 2, not a traceback."""
    new = write(tmp_path / "new.json", set_speaker(seed_dict(), 1, "e_stoltenberg"))
    assert _diff(str(SEED), str(new), "--exit-zero")[0] == 0
    assert _diff(str(SEED))[0] == 2
    code, out = _diff(str(SEED), str(tmp_path / "absent.json"))
    assert code == 2 and "NS030" in out


def test_invalid_input_is_located(tmp_path: Path) -> None:
    """An invalid new version is refused with file, line:column and code (exit 2)."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0",}', encoding="utf-8")
    code, out = _diff(str(SEED), str(bad))
    assert code == 2 and f"{bad}:1:" in out and "NS001" in out


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_git_revision_against_the_working_tree(tmp_path: Path) -> None:
    """--git HEAD compares the committed version with the working tree, as a PR check does."""
    repo = tmp_path / "repo"
    write(repo / "data" / "a.json", seed_dict())
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "seed")
    write(repo / "data" / "a.json", set_speaker(seed_dict(), 1, "e_stoltenberg"))
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "diff", "--git", "HEAD", "data", "--format", "json"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    (change,) = json.loads(result.stdout)["changes"]
    assert change["id"] == "q2" and change["file"] == str(Path("data") / "a.json")
    unknown = subprocess.run(
        [sys.executable, "-m", "newsschema", "diff", "--git", "nope", "data"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert unknown.returncode == 2 and "git:" in unknown.stderr


@given(documents(max_entities=3), documents(max_entities=3))
def test_any_two_documents_diff_without_crashing(a: Document, b: Document) -> None:
    """Two arbitrary valid documents always diff; a document against itself has no change."""
    assert diff_documents(a, a) == []
    for change in diff_documents(a, b):
        assert change.layer in {"article", "entity", "event", "quote"}
        if change.action == "changed":
            assert change.fields or change.old_id is not None, "a change that changes nothing"
    report = diff_sources([Source(a, "a.json")], [Source(b, "b.json")])
    if a.article.id != b.article.id:
        assert [(c.layer, c.action) for c in report.changes] == [
            ("document", "removed"),
            ("document", "added"),
        ]


@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown"])
def test_every_format_reports_no_change_cleanly(fmt: str) -> None:
    """Each format renders an empty diff without error and exits 0."""
    code, out = _diff(str(SEED), str(SEED), "--format", fmt)
    assert code == 0 and out


def test_schema_1_1_attribution_change_is_reported(tmp_path: Path) -> None:
    """A 1.1 document whose quote's attribution type changed shows old and new type."""
    old = seed_dict()
    old["schema_version"] = "1.1"
    old["quotes"][7]["attribution"] = "speech"
    new = json.loads(json.dumps(old))
    new["quotes"][7]["attribution"] = "belief"
    a, b = write(tmp_path / "a.json", old), write(tmp_path / "b.json", new)
    _, out = _diff(str(a), str(b), "--format", "json")
    (change,) = json.loads(out)["changes"]
    assert change["fields"] == [
        {"field": "attribution", "old": "speech", "new": "belief", "added": [], "removed": []}
    ]


def test_a_revision_that_looks_like_an_option_is_refused() -> None:
    """--git with a value starting with '-' is not passed to git as an option (exit 2)."""
    code, out = _diff("--git", "--output=x", ".")
    assert code == 2 and "not a revision" in out
