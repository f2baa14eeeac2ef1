"""File-system hazards: outputs are atomic, inputs are never touched, names never break reports."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from newsschema import cli
from newsschema.formats import IMPORTERS, canonical
from newsschema.formats.tables import csv_bundle, parquet_bundle

from ..conftest import seed_corpus, temp_leftovers

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("*.json"))


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli.cli, list(args), catch_exceptions=False)


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsschema", *args], capture_output=True, check=False
    )


def test_existing_output_survives_a_failed_run(tmp_path: Path) -> None:
    """A refused conversion leaves an existing output file untouched and no temp files."""
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"precious\n")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"schema_version": "1.0"')
    result = run("convert", str(SEED), str(bad), "--to", "jsonl", "-o", str(out))
    assert result.returncode == 1
    assert b"NS001" in result.stderr
    assert out.read_bytes() == b"precious\n"
    assert temp_leftovers(tmp_path) == []


def test_full_disk_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC at fsync is a clean error that keeps the old output and leaves no temp file."""
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"old\n")
    calls = {"n": 0}
    real_fsync = os.fsync

    def full(fd: int) -> None:
        calls["n"] += 1
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("newsschema._atomic.os.fsync", full)
    result = invoke("convert", str(SEED), "--to", "jsonl", "-o", str(out))
    monkeypatch.setattr("newsschema._atomic.os.fsync", real_fsync)
    assert calls["n"] == 1
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert out.read_bytes() == b"old\n"
    assert temp_leftovers(tmp_path) == []


def test_unwritable_directory_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A permission error on the output dir exits 1 with "cannot write" and no traceback."""

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "ro"))

    monkeypatch.setattr("newsschema._atomic.tempfile.NamedTemporaryFile", denied)
    result = invoke("convert", str(SEED), "--to", "json", "-o", str(tmp_path / "ro" / "x.json"))
    assert result.exit_code == 1
    assert "cannot write" in result.output and "Permission denied" in result.output
    assert "Traceback" not in result.output


def test_interrupt_mid_batch_keeps_finished_outputs_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C mid-batch into an existing folder exits 130, keeps only complete outputs, no temps."""
    folder = seed_corpus(tmp_path, 6)
    out = tmp_path / "out"
    out.mkdir()  # an existing folder gets its files one by one
    real_replace = os.replace
    written: list[Path] = []

    def interrupt_on_fourth(source: Any, target: Any) -> None:
        if len(written) == 3:
            # Interrupted after three files of the batch are in place.
            raise KeyboardInterrupt
        real_replace(source, target)
        written.append(Path(target))

    monkeypatch.setattr("newsschema._atomic.os.replace", interrupt_on_fourth)
    with pytest.raises(SystemExit) as info:
        monkeypatch.setattr(
            sys, "argv", ["newsschema", "convert", str(folder), "--to", "json", "-o", str(out)]
        )
        cli.main()
    assert info.value.code == 130
    assert sorted(p.name for p in out.iterdir()) == ["doc00.json", "doc01.json", "doc02.json"]
    for path in written:
        assert path.read_bytes().endswith(b"}\n")  # complete files only
    assert temp_leftovers(tmp_path) == []


def test_interrupt_while_a_new_folder_is_written_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C before a new output folder is renamed into place: no folder, parent or temps."""
    folder = seed_corpus(tmp_path, 6)
    out = tmp_path / "new" / "out"

    def interrupt(source: Any, target: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("newsschema._atomic.os.rename", interrupt)
    monkeypatch.setattr(
        sys, "argv", ["newsschema", "convert", str(folder), "--to", "json", "-o", str(out)]
    )
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 130
    assert not (tmp_path / "new").exists()  # the parent made for it is removed too
    assert temp_leftovers(tmp_path) == []


def test_sigint_to_a_real_process_leaves_no_temp_files(tmp_path: Path) -> None:
    """SIGINT to a real convert process: interrupted exit, and no output folder or all of it."""
    folder = seed_corpus(tmp_path, 40)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsschema",
            "convert",
            str(folder),
            "--to",
            "json",
            "-o",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        # Interrupt as soon as the output folder is being written (under its temporary name)
        # or appears (or after the run, if it is faster).
        for _ in range(2000):
            if out.exists() or any(tmp_path.glob(".out.*")) or proc.poll() is not None:
                break
            subprocess.run(["sleep", "0.005"], check=False)
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=60)  # only stops a hung process, not a speed check
    finally:
        proc.kill()
    # 130 from the CLI's handler; -SIGINT when the signal lands after it (while exiting).
    assert code in (0, 130, -signal.SIGINT)
    assert temp_leftovers(tmp_path) == []
    assert not out.exists() or len(list(out.glob("*.json"))) == 40  # no folder, or all of it
    for path in out.glob("*.json") if out.exists() else []:
        assert canonical.JSON.read(path, {}).__next__().document is not None


@pytest.mark.parametrize("name", ["new\nline.json", "tab\there.json", 'quote"d.json'])
def test_strange_file_names_stay_on_one_report_line(tmp_path: Path, name: str) -> None:
    """File names with a newline, a tab or a double quote stay on one report line."""
    path = tmp_path / name
    path.write_bytes(b"{")
    result = run("validate", str(path))
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 2  # one finding + summary
    assert "NS001" in lines[0]


def test_undecodable_file_name_is_reported_not_crashed(tmp_path: Path) -> None:
    """A non-UTF-8 file name is reported escaped, with its finding, without a traceback."""
    raw = os.fsencode(tmp_path) + b"/bad\xff\xfename.json"
    with open(raw, "wb") as handle:
        handle.write(b"[]")
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "validate", os.fsdecode(tmp_path)],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert b"\\xff\\xfe" in result.stdout
    assert b"NS022" in result.stdout
    assert b"Traceback" not in result.stderr


def test_batch_with_some_broken_files_reports_all(tmp_path: Path) -> None:
    """A folder with broken files reports each located and counts every file."""
    folder = seed_corpus(tmp_path, 3)
    (folder / "broken1.json").write_bytes(b"")
    (folder / "broken2.json").write_bytes(b"{,}")
    result = run("validate", str(folder))
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "broken1.json:1:1: NS003" in out and "broken2.json:1:2: NS001" in out
    assert "5 document(s) in 5 file(s)" in out


# --- bundles (csv directory, csv zip, parquet): read-only or full disk, interrupts -------------

BUNDLES = [("csv", "bundle"), ("csv", "bundle.zip"), ("parquet", "bundle")]


def jsonl_corpus(tmp_path: Path, count: int) -> Path:
    folder = seed_corpus(tmp_path, count)
    path = tmp_path / "corpus.jsonl"
    with path.open("wb") as handle:
        for file in sorted(folder.glob("*.json")):
            document = next(canonical.JSON.read(file, {})).document
            assert document is not None
            handle.write(canonical.JSONL.dump(document, {}))
    return path


def snapshot(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def erofs(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.EROFS, "Read-only file system")


def make_bundle(tmp_path: Path, fmt: str, name: str) -> tuple[Path, Path, dict[str, bytes]]:
    source = jsonl_corpus(tmp_path, 4)
    out = tmp_path / name
    result = invoke("convert", str(source), "--to", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    return source, out, snapshot(out)


@pytest.mark.parametrize(("fmt", "name"), BUNDLES)
@pytest.mark.parametrize("where", ["work-directory", "mid-write", "final-rename"])
def test_read_only_or_full_disk_keeps_the_old_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str, where: str
) -> None:
    """Read-only or full disk while writing a bundle is a clean error that keeps the old bundle."""
    source, out, before = make_bundle(tmp_path, fmt, name)
    if where == "work-directory":
        monkeypatch.setattr("newsschema.formats._bundle_files.tempfile.mkdtemp", erofs)
    elif where == "mid-write":
        calls = {"n": 0}
        module = csv_bundle if fmt == "csv" else parquet_bundle
        real_rows = module.document_cells

        def full_on_third(document: Any, *rest: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_rows(document, *rest)

        monkeypatch.setattr(module, "document_cells", full_on_third)
    elif name.endswith(".zip"):
        monkeypatch.setattr("newsschema._atomic.tempfile.NamedTemporaryFile", erofs)
    else:
        monkeypatch.setattr("newsschema.formats._bundle_files.os.replace", erofs)
    result = invoke("convert", str(source), "--to", fmt, "-o", str(out))
    assert result.exit_code == 1, result.output
    assert "cannot write" in result.output
    assert ("No space left" if where == "mid-write" else "Read-only file system") in result.output
    assert "Traceback" not in result.output
    monkeypatch.undo()
    assert snapshot(out) == before
    assert hidden_leftovers(tmp_path) == []


@pytest.mark.parametrize(("fmt", "name"), BUNDLES)
def test_interrupt_mid_bundle_keeps_the_old_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> None:
    """Ctrl-C while writing a bundle exits 130 and keeps the old bundle byte for byte."""
    source, out, before = make_bundle(tmp_path, fmt, name)
    module = csv_bundle if fmt == "csv" else parquet_bundle
    real_rows = module.document_cells
    calls = {"n": 0}

    def interrupt_on_third(document: Any, *rest: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_rows(document, *rest)

    monkeypatch.setattr(module, "document_cells", interrupt_on_third)
    monkeypatch.setattr(
        sys, "argv", ["newsschema", "convert", str(source), "--to", fmt, "-o", str(out)]
    )
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 130
    monkeypatch.undo()
    assert snapshot(out) == before
    assert hidden_leftovers(tmp_path) == []


def test_sigint_to_a_real_bundle_export_leaves_no_temp_files(tmp_path: Path) -> None:
    """SIGINT to a real bundle export leaves no work dir; a finished bundle is whole."""
    source = jsonl_corpus(tmp_path, 2)
    big = tmp_path / "big.jsonl"
    lines = source.read_bytes().splitlines()
    with big.open("wb") as handle:
        for i in range(3000):
            line = lines[i % 2].replace(b'"id":"doc0', f'"id":"n{i}-doc0'.encode(), 1)
            handle.write(line + b"\n")
    out = tmp_path / "bundle"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsschema", "convert", str(big), "--to", "csv", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        # Interrupt while the work directory exists (or after the run, if it is faster).
        for _ in range(4000):
            if hidden_leftovers(tmp_path) or proc.poll() is not None:
                break
            subprocess.run(["sleep", "0.005"], check=False)
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=60)  # only stops a hung process, not a speed check
    finally:
        proc.kill()
    stderr = proc.stderr.read() if proc.stderr else b""
    assert code in (0, 130), stderr
    assert b"Traceback" not in stderr
    assert hidden_leftovers(tmp_path) == []
    if out.exists():  # finished before the signal: the bundle is whole
        assert len(list(canonical.JSONL.read(big, {}))) == 3000
        assert sum(1 for _ in IMPORTERS["csv"].read(out, {})) == 3000


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fail_fast_stops_at_the_first_broken_file(tmp_path: Path, jobs: str) -> None:
    """`--fail-fast` reports only the first broken file, with or without parallel jobs."""
    folder = seed_corpus(tmp_path, 2)  # doc00, doc01: valid
    for name in ("doc02.json", "doc03.json", "doc04.json"):
        (folder / name).write_bytes(b"{")
    result = invoke("validate", str(folder), "--fail-fast", "--jobs", jobs, "--format", "json")
    assert result.exit_code == 1
    report = orjson.loads(result.output)
    assert [(Path(i["file"]).name, i["code"]) for i in report["issues"]] == [
        ("doc02.json", "NS001")
    ]
    assert report["summary"]["documents"] == 3
    text = invoke("validate", str(folder), "--fail-fast", "--jobs", jobs)
    assert "stopped at the first invalid document" in text.output
    everything = invoke("validate", str(folder), "--jobs", jobs, "--format", "json")
    assert len(orjson.loads(everything.output)["issues"]) == 3


def test_convert_reports_every_broken_file_located_and_writes_nothing(tmp_path: Path) -> None:
    """`convert` locates parse and rule errors in every file and writes nothing."""
    folder = seed_corpus(tmp_path, 2)
    (folder / "broken.json").write_bytes(b'{"schema_version": "1.0",\n  "article": [}')
    duplicate = SEED.read_text(encoding="utf-8").replace(
        '"id": "ea502ccfb2dde799"', '"id": "dup"', 1
    )
    doc = orjson.loads(duplicate)
    doc["entities"].append(doc["entities"][0])
    (folder / "ids.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    out = tmp_path / "out.jsonl"
    result = run("convert", str(folder), "--to", "jsonl", "-o", str(out))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "broken.json:2:15: NS001" in err
    # The rule finding points at the duplicated id: the last line that holds it.
    text = orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode()
    needle = f'"id": "{doc["entities"][0]["id"]}"'
    rows = text.splitlines()
    line = max(i for i, row in enumerate(rows, start=1) if needle in row)
    column = rows[line - 1].index(needle) + len('"id": ') + 1
    assert f"ids.json:{line}:{column}: NS201" in err, err
    assert not out.exists() and temp_leftovers(tmp_path) == []


def test_validate_report_never_overwrites_an_input(tmp_path: Path) -> None:
    """`validate -o` refuses an input or its symlink; a hard link is replaced by rename."""
    doc = tmp_path / "doc.json"
    doc.write_bytes(SEED.read_bytes())
    before = doc.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(doc)
    for target in (doc, link):
        result = invoke("validate", str(doc), "-o", str(target))
        assert result.exit_code == 2 and "may not overwrite an input" in result.output
    # A hard link is another name for the same bytes: the report replaces the name by rename,
    # so the input keeps its content.
    hard = tmp_path / "hard.json"
    hard.hardlink_to(doc)
    result = invoke("validate", str(doc), "-o", str(hard))
    assert result.exit_code == 0
    assert doc.read_bytes() == before
    assert hard.read_bytes() != before and b"valid" in hard.read_bytes()


def test_unwritable_validate_report_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate -o` creates parent dirs; an unwritable report exits 2 and keeps the old one."""
    nested = tmp_path / "new" / "dir" / "report.json"
    result = invoke("validate", str(SEED), "-o", str(nested), "--format", "json")
    assert result.exit_code == 0 and orjson.loads(nested.read_bytes())["valid"] is True

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("newsschema._atomic.tempfile.NamedTemporaryFile", denied)
    before = nested.read_bytes()
    result = invoke("validate", str(SEED), "-o", str(nested))
    assert result.exit_code == 2
    assert "cannot write" in result.output and "Permission denied" in result.output
    assert "Traceback" not in result.output
    assert nested.read_bytes() == before


def test_links_out_of_a_directory_and_special_files_are_reported_not_read(tmp_path: Path) -> None:
    """A pull request can add `x.json -> ~/.ssh/id_rsa` or `-> /dev/zero`: never read them."""
    folder = seed_corpus(tmp_path, 1)
    secret = tmp_path / "secret.json"
    secret.write_bytes(b'{"private_key": "-----BEGIN PRIVATE KEY-----"}')
    (folder / "leak.json").symlink_to(secret)
    (folder / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.json")
    (folder / "inner.json").symlink_to(folder / "doc00.json")  # inside: read (once)
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "validate", str(folder), "--format", "json"],
        capture_output=True,
        check=False,
        timeout=60,  # only stops a hung process, not a speed check
    )
    assert result.returncode == 1, result.stderr
    issues = orjson.loads(result.stdout)["issues"]
    assert sorted((Path(i["file"]).name, i["code"], i["message"]) for i in issues) == [
        ("fifo.json", "NS030", "not a regular file"),
        ("leak.json", "NS030", "symbolic link out of the directory"),
        ("zero.json", "NS030", "symbolic link out of the directory"),
    ]
    assert b"PRIVATE" not in result.stdout
    convert = run("convert", str(folder), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl"))
    assert convert.returncode == 1 and b"symbolic link out of the directory" in convert.stderr
    assert b"PRIVATE" not in convert.stderr
