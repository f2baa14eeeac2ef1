"""Round two, data loss and leaks: bundle outputs, bundle members, globs and the atomic rename."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsschema import _atomic, cli
from newsschema.formats import canonical

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("*.json"))


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli.cli, list(args), catch_exceptions=False)


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder`` with its bytes (or link target)."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            out[key] = os.readlink(path)
        elif path.is_file():
            out[key] = path.read_bytes()
        else:
            out[key] = "dir"
    return out


def jsonl(tmp_path: Path) -> Path:
    document = next(canonical.JSON.read(SEED, {})).document
    assert document is not None
    path = tmp_path / "in.jsonl"
    path.write_bytes(canonical.JSONL.dump(document, {}))
    return path


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("extra", ["README.md", ".git", "in.jsonl", "articles.csv.bak"])
def test_a_directory_with_a_descriptor_and_other_files_is_never_replaced(
    tmp_path: Path, fmt: str, extra: str
) -> None:
    """A -o directory with a datapackage.json and anything else is refused (exit 2), untouched."""
    repo = tmp_path / "repo"
    first = invoke("convert", str(jsonl(tmp_path)), "--to", fmt, "-o", str(repo))
    assert first.exit_code == 0, first.output
    source = repo / "in.jsonl"
    source.write_bytes((tmp_path / "in.jsonl").read_bytes())
    if extra == ".git":
        (repo / ".git").mkdir()
        (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    elif extra != "in.jsonl":
        (repo / extra).write_text("keep me\n")
    before = tree(repo)
    result = invoke("convert", str(source), "--to", fmt, "-o", str(repo))
    assert result.exit_code == 2, result.output
    assert "not an earlier bundle" in result.output
    assert tree(repo) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "repo"]


def test_a_bundle_with_a_symlinked_member_is_not_replaced(tmp_path: Path) -> None:
    """A member that is a link (not what the writer wrote) keeps the directory from replacement."""
    out = tmp_path / "out"
    assert invoke("convert", str(jsonl(tmp_path)), "--to", "csv", "-o", str(out)).exit_code == 0
    (tmp_path / "secret").write_text("s3cret")
    (out / "articles.csv").unlink()
    (out / "articles.csv").symlink_to(tmp_path / "secret")
    result = invoke("convert", str(tmp_path / "in.jsonl"), "--to", "csv", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert (out / "articles.csv").is_symlink()


def test_an_earlier_bundle_is_still_replaced(tmp_path: Path) -> None:
    """A directory holding exactly what the bundle writer wrote is replaced as before."""
    out = tmp_path / "out"
    source = jsonl(tmp_path)
    assert invoke("convert", str(source), "--to", "csv", "-o", str(out)).exit_code == 0
    (out / "articles.csv").write_text("stale")
    assert invoke("convert", str(source), "--to", "csv", "-o", str(out)).exit_code == 0
    assert (out / "articles.csv").read_text() != "stale"


def csv_bundle(tmp_path: Path) -> Path:
    out = tmp_path / "bundle"
    assert invoke("convert", str(jsonl(tmp_path)), "--to", "csv", "-o", str(out)).exit_code == 0
    return out


def test_a_member_linked_to_a_secret_is_refused_unread(tmp_path: Path) -> None:
    """A bundle member that is a symlink is an NS07x error that never shows the target's bytes."""
    bundle = csv_bundle(tmp_path)
    secret = tmp_path / "environ"
    secret.write_bytes(b"TOKEN=hunter2\x00" * 3)
    (bundle / "entities.csv").unlink()
    (bundle / "entities.csv").symlink_to(secret)
    result = invoke("convert", str(bundle), "--to", "jsonl", "-o", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 1
    assert "NS070" in result.output and "not a regular file" in result.output
    assert "hunter2" not in result.output
    assert not (tmp_path / "x.jsonl").exists()


def test_a_descriptor_linked_elsewhere_is_refused(tmp_path: Path) -> None:
    """datapackage.json itself must be a regular file of the bundle."""
    bundle = csv_bundle(tmp_path)
    moved = tmp_path / "descriptor.json"
    (bundle / "datapackage.json").rename(moved)
    (bundle / "datapackage.json").symlink_to(moved)
    result = invoke("convert", str(bundle), "--to", "jsonl", "-o", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 1
    assert "NS070" in result.output and "not a regular file" in result.output


@pytest.mark.parametrize("special", ["fifo", "dev-zero"])
def test_special_file_members_never_hang_or_exhaust_memory(tmp_path: Path, special: str) -> None:
    """A FIFO member, or a link to /dev/zero, is a located NS070 in a real process (no hang)."""
    bundle = csv_bundle(tmp_path)
    member = bundle / "quotes.csv"
    member.unlink()
    if special == "fifo":
        os.mkfifo(member)
    else:
        member.symlink_to("/dev/zero")
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "convert", str(bundle), "--to", "jsonl", "-o", "-"],
        capture_output=True,
        timeout=60,  # only stops a hung process, not a speed check
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert b"NS070" in result.stderr and b"quotes.csv" in result.stderr


def test_a_zip_member_that_is_a_symlink_entry_is_refused(tmp_path: Path) -> None:
    """A zip entry marked as a symbolic link is not a regular file of the bundle."""
    bundle = csv_bundle(tmp_path)
    archive = tmp_path / "b.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(bundle.iterdir()):
            if path.name == "entities.csv":
                info = zipfile.ZipInfo("entities.csv")
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                out.writestr(info, "/proc/self/environ")
            else:
                out.write(path, path.name)
    result = invoke("convert", str(archive), "--to", "jsonl", "-o", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 1
    assert "NS070" in result.output and "not a regular file" in result.output


def test_globs_do_not_follow_links_out_of_the_directory_or_loop(tmp_path: Path) -> None:
    """'d/**/*.json' reports a link out of d as NS030 and does not loop on a link to '..'."""
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "ok.json").write_bytes(SEED.read_bytes())
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text('{"token": "hunter2"}')
    (d / "escape").symlink_to(outside)
    (d / "sub" / "up").symlink_to("..")
    (d / "leak.json").symlink_to(outside / "secret.json")
    result = invoke("validate", "--format", "json", str(d / "**" / "*.json"))
    assert "hunter2" not in result.output
    assert "NS030" in result.output and "leak.json" in result.output
    assert json.loads(result.output)["summary"]["files"] == 2  # ok.json once, and leak.json
    assert "secret.json" not in result.output


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_rename_never_replaces_a_device_node(tmp_path: Path) -> None:
    """-o naming a character device writes to it; the node stays a device (mknod stand-in)."""
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    result = invoke("convert", str(SEED), "--to", "json", "-o", str(null))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_output_to_dev_full_reports_no_space(tmp_path: Path) -> None:
    """-o to a full device fails with 'No space left', exit 1, and the node stays a device."""
    full = Path("/dev/full")
    if os.geteuid() == 0:
        # As root a regression would replace the real /dev/full: use a stand-in (same device).
        full = tmp_path / "full"
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    result = invoke("convert", str(SEED), "--to", "json", "-o", str(full))
    assert result.exit_code == 1, result.output
    assert "No space left" in result.output
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_atomic_open_writes_a_fifo_in_place(tmp_path: Path) -> None:
    """A FIFO output is written as a stream, not renamed over (it stays a FIFO)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        # The reader opens the FIFO before we write (a non-blocking open needs a reader).
        for _ in range(200):
            try:
                _atomic.atomic_write_bytes(fifo, b"hello\n")
                break
            except OSError:
                subprocess.run(["sleep", "0.05"], check=True)
        out, _ = reader.communicate(timeout=30)  # only stops a hung process, not a speed check
    finally:
        reader.kill()
    assert out == b"hello\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlinked_output_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    """-o naming a symbolic link is refused (exit 1); neither link nor target changes."""
    target = tmp_path / "target.json"
    target.write_text("keep")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = invoke("convert", str(SEED), "--to", "json", "-o", str(link))
    assert result.exit_code == 1, result.output
    assert "symbolic link" in result.output
    assert link.is_symlink() and target.read_text() == "keep"
