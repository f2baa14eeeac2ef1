"""Batched atomic writes: flushed together, renamed after their flush, cleaned up on failure."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from newsschema import _atomic, cli

from ..conftest import seed_corpus, temp_leftovers


def record_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Log every fsync (with what it flushed) and rename that the writer makes, in order."""
    calls: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        mode = os.fstat(fd).st_mode
        calls.append(("fsync-dir" if stat.S_ISDIR(mode) else "fsync", ""))
        real_fsync(fd)

    def replace(source: Any, target: Any) -> None:
        calls.append(("rename", Path(target).name))
        real_replace(source, target)

    monkeypatch.setattr("newsschema._atomic.os.fsync", fsync)
    monkeypatch.setattr("newsschema._atomic.os.replace", replace)
    return calls


def test_writes_every_file_with_its_bytes_and_usual_permissions(tmp_path: Path) -> None:
    """Each file holds its data, has the umask's permissions, and the paths come back in order."""
    files = [(tmp_path / f"f{i}.txt", f"data {i}\n".encode()) for i in range(5)]
    (tmp_path / "f2.txt").write_bytes(b"old")
    written = _atomic.atomic_write_all(files)
    assert written == [path for path, _ in files]
    umask = os.umask(0)
    os.umask(umask)
    for path, data in files:
        assert path.read_bytes() == data
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert temp_leftovers(tmp_path) == []


def test_every_file_is_flushed_before_any_rename_then_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch: one fsync per file, then the renames, then one fsync of the directory."""
    calls = record_calls(monkeypatch)
    _atomic.atomic_write_all([(tmp_path / f"f{i}", b"x") for i in range(4)])
    kinds = [kind for kind, _ in calls]
    assert kinds == ["fsync"] * 4 + ["rename"] * 4 + ["fsync-dir"]
    assert [name for kind, name in calls if kind == "rename"] == ["f0", "f1", "f2", "f3"]


def test_large_batches_are_split_and_each_directory_flushed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More files than a batch: flush-then-rename per batch; each directory flushed once."""
    monkeypatch.setattr(_atomic, "BATCH_FILES", 2)
    calls = record_calls(monkeypatch)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files = [(tmp_path / ("a" if i < 3 else "b") / f"f{i}", b"x") for i in range(5)]
    _atomic.atomic_write_all(files)
    kinds = [kind for kind, _ in calls]
    assert (
        kinds
        == ["fsync", "fsync", "rename", "rename"] * 2 + ["fsync", "rename"] + ["fsync-dir"] * 2
    )


def test_full_disk_at_flush_changes_no_target_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC while flushing: the error surfaces, old files stay, new names never appear."""
    old = tmp_path / "f1"
    old.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("newsschema._atomic.os.fsync", full)
    with pytest.raises(OSError, match="No space left"):
        _atomic.atomic_write_all([(tmp_path / f"f{i}", b"new") for i in range(3)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f1"]
    assert old.read_bytes() == b"old"


def test_interrupt_while_writing_removes_the_batch_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the third temporary file is created: no temp file, no target appears."""
    real = _atomic._create_temporary
    made: list[int] = []

    def interrupt_on_third(target: Path) -> tuple[int, str]:
        if len(made) == 2:
            raise KeyboardInterrupt
        made.append(1)
        return real(target)

    monkeypatch.setattr(_atomic, "_create_temporary", interrupt_on_third)
    with pytest.raises(KeyboardInterrupt):
        _atomic.atomic_write_all([(tmp_path / f"f{i}", b"x" * 100) for i in range(4)])
    assert list(tmp_path.iterdir()) == []


def test_interrupt_in_a_later_batch_keeps_the_earlier_batches_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupt in the second batch keeps the first batch's files complete, no temp files."""
    monkeypatch.setattr(_atomic, "BATCH_FILES", 2)
    real_replace = os.replace
    renamed: list[str] = []

    def interrupt_on_third(source: Any, target: Any) -> None:
        if len(renamed) == 2:
            raise KeyboardInterrupt
        real_replace(source, target)
        renamed.append(Path(target).name)

    monkeypatch.setattr("newsschema._atomic.os.replace", interrupt_on_third)
    with pytest.raises(KeyboardInterrupt):
        _atomic.atomic_write_all([(tmp_path / f"f{i}", b"whole") for i in range(5)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f0", "f1"]
    assert all((tmp_path / name).read_bytes() == b"whole" for name in renamed)


def test_a_symbolic_link_target_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    """A link among the targets raises NotARegularFile and no file of the batch is written."""
    (tmp_path / "real").write_bytes(b"keep")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(_atomic.NotARegularFile):
        _atomic.atomic_write_all([(tmp_path / "first", b"x"), (tmp_path / "link", b"y")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]
    assert (tmp_path / "real").read_bytes() == b"keep"


@pytest.mark.skipif(sys.platform == "win32", reason="needs /dev/null")
def test_a_device_target_is_written_in_place(tmp_path: Path) -> None:
    """A character device (/dev/null) is written directly, never replaced by a temp file."""
    _atomic.atomic_write_all([(Path(os.devnull), b"gone"), (tmp_path / "f", b"kept")])
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert (tmp_path / "f").read_bytes() == b"kept"


@given(
    st.dictionaries(
        st.text("abcdefghij0123456789", min_size=1, max_size=8), st.binary(max_size=200)
    )
)
def test_round_trip_of_any_files(contents: dict[str, bytes]) -> None:
    """Any set of names and bytes is read back exactly as written, with no temp file left."""

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        _atomic.atomic_write_all([(base / name, data) for name, data in contents.items()])
        assert {p.name: p.read_bytes() for p in base.iterdir()} == contents


def test_convert_flushes_per_document_outputs_before_renaming_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`convert --to jsonld -o DIR`: every output is flushed before the first rename."""
    folder = seed_corpus(tmp_path, 5)
    calls = record_calls(monkeypatch)
    result = CliRunner().invoke(
        cli.cli, ["convert", str(folder), "--to", "jsonld", "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    kinds = [kind for kind, _ in calls]
    assert kinds == ["fsync"] * 5 + ["rename"] * 5 + ["fsync-dir"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"doc{i:02d}.jsonld" for i in range(5)
    ]


@pytest.mark.parametrize("existing", [None, 0o640])
def test_atomic_open_gives_the_asked_permissions_or_keeps_the_replaced_files(
    tmp_path: Path, existing: int | None
) -> None:
    """`atomic_open(mode=...)` sets those bits; without it a replaced file keeps its own."""
    target = tmp_path / "out.json"
    if existing is not None:
        target.write_bytes(b"old")
        target.chmod(existing)
    with _atomic.atomic_open(target, mode=0o600) as handle:
        handle.write(b"asked")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    if existing is not None:
        target.chmod(existing)
        with _atomic.atomic_open(target) as handle:
            handle.write(b"kept")
        assert stat.S_IMODE(target.stat().st_mode) == existing
