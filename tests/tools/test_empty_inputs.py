"""An input that yields no document is an error, never a vacuous success.

A Label Studio export folder is read (it used to be skipped: the importer declared no
suffixes), and a folder, a file or a task list holding nothing fails ``convert`` and ``agree``
with a message naming the input and what was looked for. An output that exists is left as it
was.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

TASK = {"data": {"text": "The port will reopen.", "article_id": "a1", "language": "en"}}
KEPT = b'{"kept": "the output of an earlier run"}\n'


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsschema", *args], capture_output=True, text=True, check=False
    )


def test_a_label_studio_export_folder_is_read(tmp_path: Path) -> None:
    """convert DIR --from labelstudio reads the folder's tasks.json (it used to say 0)."""
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "tasks.json").write_bytes(orjson.dumps([TASK]))
    out = tmp_path / "out.jsonl"
    result = run("convert", str(folder), "--from", "labelstudio", "--to", "jsonl", "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_bytes().splitlines()
    assert [orjson.loads(line)["article"]["id"] for line in lines] == ["a1"]


@pytest.mark.parametrize(
    ("case", "source"),
    [
        ("empty folder", None),
        ("empty folder", "labelstudio"),
        ("empty folder", "doccano"),
        ("task list []", "labelstudio"),
        ("folder of []", "labelstudio"),
        ("empty file", "doccano"),
    ],
)
def test_an_input_without_documents_fails_and_leaves_the_output_untouched(
    case: str, source: str | None, tmp_path: Path
) -> None:
    """No document read: exit 1, NS030 naming the input and what was searched, output kept."""
    folder = tmp_path / "in"
    folder.mkdir()
    target = folder
    if case == "task list []":
        target = tmp_path / "tasks.json"
        target.write_bytes(b"[]")
    elif case == "folder of []":
        (folder / "tasks.json").write_bytes(b"[]")
    elif case == "empty file":
        target = tmp_path / "records.jsonl"
        target.write_bytes(b"")
    out = tmp_path / "out.jsonl"
    out.write_bytes(KEPT)
    source_args = ["--from", source] if source else []
    result = run("convert", str(target), *source_args, "--to", "jsonl", "-o", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    said = (result.stdout + result.stderr).replace(f"{tmp_path}/", "")
    assert f"{target.name}:0:0: NS030 no document found" in said
    assert "searched for" in said or "read as --from" in said
    assert out.read_bytes() == KEPT


def test_agree_on_inputs_without_documents_fails(tmp_path: Path) -> None:
    """agree on two empty folders exits 2 and names the input that holds nothing."""
    first, second = tmp_path / "ann1", tmp_path / "ann2"
    first.mkdir()
    second.mkdir()
    result = run("agree", str(first), str(second))
    assert result.returncode == 2, result.stdout
    assert f"{first}: no document found" in result.stderr


def test_agree_without_an_article_in_two_inputs_fails(tmp_path: Path) -> None:
    """Documents, but no article id in two inputs: nothing to compare, exit 2."""
    paths = []
    for ident in ("a1", "a2"):
        path = tmp_path / f"{ident}.json"
        path.write_bytes(orjson.dumps([{**TASK, "data": {**TASK["data"], "article_id": ident}}]))
        paths.append(str(path))
    result = run("agree", *paths, "--from", "labelstudio")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "no article is in two or more inputs" in result.stderr
