"""The pre-commit hook definition loads with pre-commit's own manifest loader."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pre_commit.clientlib import load_manifest

REPO = Path(__file__).resolve().parents[2]


if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def test_hook_manifest() -> None:
    """The pre-commit hook runs `validate` on JSON/JSONL/NDJSON files and not on config files."""
    hooks = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    [hook] = [h for h in hooks if h["id"] == "newsschema-validate"]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    command = hook["entry"].split()[0]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert command in scripts and hook["entry"].split()[1] == "validate"
    files = re.compile(hook["files"])
    assert files.search("corpus/a.json") and files.search("annotations/2022/b.jsonl")
    assert files.search("data/articles/c.ndjson")
    assert not files.search("setup.py") and not files.search("corpus/a.json.bak")
    assert not files.search("package.json") and not files.search(".vscode/settings.json")


def test_hook_runs_once_and_skips_foreign_json() -> None:
    """The hook runs in one process (one summary) and skips JSON that is not a document."""
    hooks = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    [hook] = [h for h in hooks if h["id"] == "newsschema-validate"]
    assert hook["require_serial"] is True
    assert "--skip-foreign" in hook["entry"].split()
