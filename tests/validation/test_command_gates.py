"""Each command's gate and the input options every command shares (checked once, at the edge)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import invoke
from ..review.review_support import SEED, seed_dict, shift_quote, write

_UNMARKED = 2  # the seed's quote 2 is direct: moved onto its opening mark it is an NS401 error


def _jsonl(path: Path, bad_at: int, count: int = 3) -> Path:
    """``count`` documents, one per line; the one at ``bad_at`` has an NS401 error."""
    lines = []
    for i in range(count):
        data = shift_quote(seed_dict(), _UNMARKED, -1) if i == bad_at else seed_dict()
        data["article"]["id"] = f"doc{i}"
        lines.append(json.dumps(data, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("to", ["jsonl", "csv", "json"])
def test_convert_keep_going_writes_the_valid_documents_and_exits_1(tmp_path: Path, to: str) -> None:
    """convert --keep-going writes every document without errors, reports the other, exits 1."""
    source = _jsonl(tmp_path / "in.jsonl", bad_at=1)
    target = tmp_path / ("out/" if to == "json" else f"out.{to}")
    code, out = invoke("convert", str(source), "--to", to, "-o", str(target), "--keep-going")
    assert code == 1, out
    assert "wrote 2 document(s); left out 1 document(s) with errors" in out
    assert f"{source}:2:" in out and "NS401" in out  # located: line 2 of the input
    if to == "jsonl":
        ids = [json.loads(line)["article"]["id"] for line in target.read_text().splitlines()]
        assert ids == ["doc0", "doc2"]
    elif to == "json":
        assert sorted(p.name for p in target.iterdir()) == ["doc0.json", "doc2.json"]
    else:
        assert (target / "datapackage.json").is_file()
        with open(target / "articles.csv", encoding="utf-8", newline="") as handle:
            ids = [row["article_id"] for row in csv.DictReader(handle)]
        assert ids == ["doc0", "doc2"]


def test_convert_keep_going_with_workers_leaves_out_the_same_documents(tmp_path: Path) -> None:
    """With --jobs 2 the first pass runs on workers; the same document is left out."""
    source = _jsonl(tmp_path / "in.jsonl", bad_at=0)
    target = tmp_path / "out.jsonl"
    code, out = invoke(
        "convert", str(source), "--to", "jsonl", "-o", str(target), "--keep-going", "-j", "2"
    )
    assert code == 1, out
    ids = [json.loads(line)["article"]["id"] for line in target.read_text().splitlines()]
    assert ids == ["doc1", "doc2"]


def test_convert_without_keep_going_still_refuses(tmp_path: Path) -> None:
    """Without --keep-going one document with an error refuses the input: nothing written."""
    source = _jsonl(tmp_path / "in.jsonl", bad_at=2)
    code, out = invoke("convert", str(source), "--to", "jsonl", "-o", str(tmp_path / "out.jsonl"))
    assert code == 1 and "refusing to convert" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_convert_keep_going_with_nothing_left_out_exits_0(tmp_path: Path) -> None:
    """--keep-going on valid input is an ordinary conversion (exit 0)."""
    source = _jsonl(tmp_path / "in.jsonl", bad_at=-1)
    code, out = invoke(
        "convert", str(source), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl"), "--keep-going"
    )
    assert code == 0 and "left out" not in out


def test_format_rewrites_a_document_with_rule_errors(tmp_path: Path) -> None:
    """format rewrites any document whose structure loads: a rule error never stops it."""
    data = shift_quote(seed_dict(), _UNMARKED, -1)
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # one line: not canonical
    code, out = invoke("format", str(path))
    assert code == 0, out
    assert "1 file(s) reformatted" in out
    assert path.read_text(encoding="utf-8").startswith('{\n  "schema_version"')


def _team(tmp_path: Path) -> Path:
    """team/pyproject.toml ignores NS401; team/annotations/a.json has an NS401 error."""
    team = tmp_path / "team"
    (team / "annotations").mkdir(parents=True)
    (team / "pyproject.toml").write_text('[tool.newsschema]\nignore = ["NS401"]\n', "utf-8")
    write(team / "annotations" / "a.json", shift_quote(seed_dict(), _UNMARKED, -1))
    return team


def _cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-m", "newsschema", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_config_is_found_from_the_inputs_folder_not_the_current_one(tmp_path: Path) -> None:
    """validate team/annotations run from the parent folder reads team/pyproject.toml."""
    team = _team(tmp_path)
    done = _cli(tmp_path, "validate", str(Path("team") / "annotations"))
    assert done.returncode == 0, done.stdout + done.stderr
    # From elsewhere too, with an absolute path; and --config overrides the search.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert _cli(elsewhere, "validate", str(team / "annotations")).returncode == 0
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    overridden = _cli(elsewhere, "validate", str(team / "annotations"), "--config", str(empty))
    assert overridden.returncode == 1 and "NS401" in overridden.stdout


def test_a_pyproject_without_the_table_does_not_hide_the_teams(tmp_path: Path) -> None:
    """The nearest pyproject.toml *with* [tool.newsschema] is read, as ruff finds its table."""
    team = _team(tmp_path)
    (team / "annotations" / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    assert _cli(tmp_path, "validate", str(team / "annotations")).returncode == 0


def test_every_reading_command_uses_the_inputs_config(tmp_path: Path) -> None:
    """convert, diff and agree read the same configuration as validate (NS401 ignored)."""
    team = _team(tmp_path)
    doc = team / "annotations" / "a.json"
    converted = _cli(tmp_path, "convert", str(doc), "--to", "jsonl", "-o", str(tmp_path / "o"))
    assert converted.returncode == 0, converted.stderr
    diffed = _cli(tmp_path, "diff", str(doc), str(doc))
    assert diffed.returncode == 0 and "NS401" not in diffed.stdout
    agreed = _cli(tmp_path, "agree", str(doc), str(doc), "--format", "json", "--bootstrap", "0")
    assert agreed.returncode == 0, agreed.stderr
    assert all(a["findings"] == {} for a in json.loads(agreed.stdout)["annotators"].values())


@pytest.mark.parametrize(
    "command",
    [
        ["validate", str(SEED)],
        ["convert", str(SEED), "--to", "jsonl"],
        ["format", "--check", str(SEED)],
        ["diff", str(SEED), str(SEED)],
        ["agree", str(SEED), str(SEED)],
    ],
)
def test_a_bad_labels_file_is_the_same_usage_error_in_every_command(
    tmp_path: Path, command: list[str]
) -> None:
    """--labels naming a malformed TOML file exits 2 with the same message in every command."""
    labels = tmp_path / "labels.toml"
    labels.write_text("[spans]\nQuote = 'not-a-role'\n", encoding="utf-8")
    code, out = invoke(*command, "--labels", str(labels))
    assert code == 2, out
    name = command[0]
    assert f"newsschema {name}: {labels}: [spans] Quote = 'not-a-role': expected one of" in out


@pytest.mark.parametrize("command", ["validate", "convert", "format", "diff", "agree"])
def test_every_reading_command_declares_the_same_input_options(command: str) -> None:
    """validate, convert, format, diff and agree offer the same input options, with one help."""
    from newsschema.cli import cli as group

    wanted = {"--from", "--labels", "--set", "--select", "--ignore", "--config", "--jobs"}
    ctx = group.make_context("newsschema", [command, "--help"], resilient_parsing=True)
    found = {
        option: param.help
        for param in group.commands[command].get_params(ctx)
        for option in getattr(param, "opts", [])
        if option in wanted
    }
    reference = {
        option: param.help
        for param in group.commands["validate"].get_params(ctx)
        for option in getattr(param, "opts", [])
        if option in wanted
    }
    assert found == reference and set(found) == wanted


def test_validate_reads_other_formats_through_the_same_core(tmp_path: Path) -> None:
    """validate --from brat checks a brat folder as convert reads it, the same with --jobs 2."""
    code, out = invoke("convert", str(SEED), "--to", "brat", "-o", str(tmp_path / "brat"))
    assert code == 0, out
    code, alone = invoke("validate", str(tmp_path / "brat"), "--from", "brat", "--format", "json")
    assert code == 0, alone
    assert json.loads(alone)["summary"]["documents"] == 1
    code, workers = invoke(
        "validate", str(tmp_path / "brat"), "--from", "brat", "--format", "json", "-j", "2"
    )
    assert (code, workers) == (0, alone)
