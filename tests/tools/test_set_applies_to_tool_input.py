"""``convert --set`` applies to annotation-tool input and is refused, not ignored, elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsschema.cli import cli

from ..conftest import SEEDS


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_set_on_json_input_is_a_usage_error(tmp_path: Path, jobs: str) -> None:
    """--set with a JSON document is exit 2 naming the input, and nothing is written."""
    seed = next(SEEDS.glob("*.json"))
    target = tmp_path / "out.jsonl"
    code, out = _invoke(
        "convert", str(seed), "--to", "jsonl", "-o", str(target),
        "--set", "article.language=de", "--jobs", jobs,
    )  # fmt: skip
    assert code == 2
    assert "--set applies only to annotation-tool input" in out and seed.name in out
    assert not target.exists()


def test_set_on_tool_input_still_applies(tmp_path: Path) -> None:
    """--set article.language on brat input sets the language of the converted document."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a1.txt").write_text("Ivan said hello.", encoding="utf-8")
    (folder / "a1.ann").write_text("", encoding="utf-8")
    code, out = _invoke(
        "convert", "--from", "brat", str(folder), "--to", "json", "--set", "article.language=de"
    )
    assert code == 0, out
    assert json.loads(out)["article"]["language"] == "de"
