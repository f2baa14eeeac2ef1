from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from newsschema import load_document
from newsschema.formats.canonical import dump_canonical

from .conftest import INVALID, SEEDS


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsschema", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_seeds_validate() -> None:
    """`validate` on the seed folder exits 0 and reports zero errors."""
    result = run("validate", str(SEEDS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout


INVALID_FILES = sorted(INVALID.glob("*.json"))
LOCATED = re.compile(
    r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>NS\d{3}) .+ \[(?P<ptr>/[^\]]*)\]$"
)


def test_invalid_corpus_exists() -> None:
    """The invalid corpus holds at least 20 files, so the parametrised check has coverage."""
    assert len(INVALID_FILES) >= 20


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.name)
def test_each_invalid_file_fails_with_a_location(path: Path) -> None:
    """Every invalid file exits 1 and each finding line names the file with line:column >= 1."""
    result = run("validate", str(path))
    assert result.returncode == 1, result.stdout
    findings = [LOCATED.match(line) for line in result.stdout.splitlines()[:-1]]
    assert findings and all(findings), result.stdout
    first = findings[0]
    assert first is not None
    assert first["file"] == str(path)
    assert int(first["line"]) >= 1 and int(first["col"]) >= 1


def test_every_file_is_checked_even_after_failures(tmp_path: Path) -> None:
    """Validation continues past failing files and counts documents and files over all inputs."""
    result = run(
        "validate", str(INVALID / "empty.json"), str(SEEDS), str(tmp_path / "missing.json")
    )
    assert result.returncode == 1
    assert "NS003" in result.stdout and "NS030" in result.stdout
    assert "2 document(s) in 3 file(s)" in result.stdout


def test_stdin_and_globs(tmp_path: Path) -> None:
    """`validate` reads `-` from stdin and expands quoted globs; broken stdin exits 1."""
    seed = next(SEEDS.glob("*.json"))
    assert run("validate", "-", stdin=seed.read_bytes()).returncode == 0
    assert run("validate", str(SEEDS / "*.json")).returncode == 0
    assert run("validate", "-", stdin=b"{").returncode == 1


def test_convert_json_is_canonical_and_round_trips(tmp_path: Path) -> None:
    """`convert --to json` writes canonical bytes that reload equal; JSONL goes to stdout."""
    seed = next(SEEDS.glob("*.json"))
    out = tmp_path / "copy.json"
    result = run("convert", str(seed), "--to", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert load_document(out) == load_document(seed)
    assert out.read_bytes() == dump_canonical(load_document(seed))
    # JSONL out to stdout, then back in through stdin.
    jsonl = run("convert", str(seed), "--to", "jsonl")
    assert jsonl.returncode == 0 and jsonl.stdout.count("\n") == 1
    assert orjson.loads(jsonl.stdout) == orjson.loads(out.read_bytes())


def test_convert_refuses_invalid_input_and_writes_nothing(tmp_path: Path) -> None:
    """`convert` with any invalid input exits 1 with its code and creates no output file."""
    out = tmp_path / "out.jsonl"
    result = run(
        "convert",
        str(SEEDS),
        str(INVALID / "offset_as_string.json"),
        "--to",
        "jsonl",
        "-o",
        str(out),
    )
    assert result.returncode == 1
    assert "NS022" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_convert_refuses_output_equal_to_input(tmp_path: Path) -> None:
    """`convert` exits 2 when -o is the input itself, a symlink or a hard link to it."""
    seed = next(SEEDS.glob("*.json"))
    copy = tmp_path / "doc.json"
    copy.write_bytes(seed.read_bytes())
    link = tmp_path / "link.json"
    link.symlink_to(copy)
    hard = tmp_path / "hard.json"
    hard.hardlink_to(copy)
    before = copy.read_bytes()
    for target in (copy, link, hard):
        result = run("convert", str(copy), "--to", "json", "-o", str(target))
        assert result.returncode == 2, result.stderr
        assert "may not be the input" in result.stderr
    assert copy.read_bytes() == before


def test_usage_errors_exit_2() -> None:
    """Unknown formats, missing arguments and unknown commands are usage errors (exit 2)."""
    assert run("convert", "x.json", "--to", "no-such-format").returncode == 2
    assert run("validate").returncode == 2
    assert run("no-such-command").returncode == 2


def test_directory_input_writes_into_a_directory_even_for_one_document(tmp_path: Path) -> None:
    """A directory input writes into an output directory; a file input creates parent dirs."""
    out = tmp_path / "new" / "jsonld"
    result = run("convert", str(SEEDS), "--to", "jsonld", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert [p.suffix for p in out.iterdir()] == [".jsonld"]
    single = tmp_path / "deep" / "er" / "one.json"
    result = run("convert", str(next(SEEDS.glob("*.json"))), "--to", "json", "-o", str(single))
    assert result.returncode == 0, result.stderr
    assert load_document(single) == load_document(next(SEEDS.glob("*.json")))


def test_a_table_bundle_inside_a_directory_is_not_read_as_a_document(tmp_path: Path) -> None:
    """`validate` on a folder skips a table bundle's datapackage.json inside it."""
    seed = next(SEEDS.glob("*.json"))
    (tmp_path / seed.name).write_bytes(seed.read_bytes())
    assert run("convert", str(seed), "--to", "csv", "-o", str(tmp_path / "bundle")).returncode == 0
    assert (tmp_path / "bundle" / "datapackage.json").is_file()
    result = run("validate", str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "1 document(s) in 1 file(s)" in result.stdout


def test_convert_names_a_few_outputs_and_counts_the_rest(tmp_path: Path) -> None:
    """One file per document: the closing line names four outputs, the count left and the last."""
    seed = load_document(min(SEEDS.glob("*.json")))
    lines = []
    for i in range(12):
        data = orjson.loads(dump_canonical(seed))
        data["article"]["id"] = f"a{i:02d}"
        lines.append(orjson.dumps(data))
    source = tmp_path / "many.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    result = run("convert", str(source), "--to", "json", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    closing = result.stderr.strip().splitlines()[-1]
    written = sorted((tmp_path / "out").iterdir())
    assert len(written) == 12
    assert closing.startswith("converted 12 document(s) -> ")
    assert "… and 8 more (last: " in closing
    assert closing.count(str(tmp_path / "out")) == 5


def test_convert_refuses_to_write_a_document_over_its_own_input_among_many(
    tmp_path: Path,
) -> None:
    """Writing many files into the input folder is refused when one output is an input."""
    seed = load_document(min(SEEDS.glob("*.json")))
    folder = tmp_path / "docs"
    folder.mkdir()
    before = {}
    for ident in ("a1", "a2", "a3"):
        data = orjson.loads(dump_canonical(seed))
        data["article"]["id"] = ident
        path = folder / f"{ident}.json"
        path.write_bytes(orjson.dumps(data))
        before[path.name] = path.read_bytes()
    (tmp_path / "link").symlink_to(folder)
    result = run("convert", str(folder), "--to", "json", "-o", str(tmp_path / "link"))
    assert result.returncode != 0
    assert "the output may not be the input" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
