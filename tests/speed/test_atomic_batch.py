"""Batched atomic writes: flushed together, renamed after their flush, cleaned up on failure."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from newsschema import _atomic, _folder, cli

from ..conftest import seed_corpus, temp_leftovers


def record_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Log every fsync (with what it flushed) and rename (replace) the writer makes, in order."""
    calls: list[tuple[str, str]] = []
    real_fsync, real_replace, real_rename = os.fsync, os.replace, os.rename

    def fsync(fd: int) -> None:
        mode = os.fstat(fd).st_mode
        calls.append(("fsync-dir" if stat.S_ISDIR(mode) else "fsync", ""))
        real_fsync(fd)

    def replace(source: Any, target: Any) -> None:
        calls.append(("rename", Path(target).name))
        real_replace(source, target)

    monkeypatch.setattr("newsschema._atomic.os.fsync", fsync)

    def rename(source: Any, target: Any) -> None:
        calls.append(("rename", Path(target).name))
        real_rename(source, target)

    monkeypatch.setattr("newsschema._atomic.os.replace", replace)
    monkeypatch.setattr("newsschema._atomic.os.rename", rename)
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

    def interrupt_on_third(target: Path, names: list[str], token: str = "") -> int:
        if len(made) == 2:
            raise KeyboardInterrupt
        made.append(1)
        return real(target, names, token)

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
    # A new folder: its files flushed, the folder flushed, renamed into place, its parent flushed.
    assert kinds == ["fsync"] * 5 + ["fsync-dir", "rename", "fsync-dir"]
    assert [name for kind, name in calls if kind == "rename"] == ["out"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"doc{i:02d}.jsonld" for i in range(5)
    ]


def test_convert_into_an_existing_folder_flushes_each_output_before_its_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`convert -o DIR` into an existing folder: each file flushed, then renamed, then DIR."""
    folder = seed_corpus(tmp_path, 5)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_bytes(b"mine")
    calls = record_calls(monkeypatch)
    result = CliRunner().invoke(
        cli.cli, ["convert", str(folder), "--to", "jsonld", "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    kinds = [kind for kind, _ in calls]
    assert kinds == ["fsync"] * 5 + ["rename"] * 5 + ["fsync-dir"]
    assert (tmp_path / "out" / "keep.txt").read_bytes() == b"mine"
    assert len(list((tmp_path / "out").iterdir())) == 6


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


def test_a_link_among_many_targets_in_a_listed_directory_is_still_refused(tmp_path: Path) -> None:
    """A directory listed once (many targets) still finds the link among them and refuses it."""
    (tmp_path / "real").write_bytes(b"keep")
    (tmp_path / "f40").symlink_to(tmp_path / "real")
    files = [(tmp_path / f"f{i}", b"x") for i in range(2 * _atomic._LIST_FROM)]
    with pytest.raises(_atomic.NotARegularFile):
        _atomic.atomic_write_all(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f40", "real"]


def test_a_new_directory_is_listed_once_not_each_name_looked_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing 100 files into an empty folder looks up none of their names (one listing)."""
    looked: list[str] = []
    real_lstat = os.lstat

    def lstat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        looked.append(str(path))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr("newsschema._atomic.os.lstat", lstat)
    _atomic.atomic_write_all([(tmp_path / f"f{i}", b"x") for i in range(100)])
    assert looked == []
    assert len(list(tmp_path.iterdir())) == 100


def test_existing_names_in_a_listed_directory_are_looked_up_and_replaced(tmp_path: Path) -> None:
    """Of many targets, those that exist are looked up and replaced; their old bytes are gone."""
    for i in range(0, 80, 10):
        (tmp_path / f"f{i}").write_bytes(b"old")
    present = _atomic.may_exist([tmp_path / f"f{i}" for i in range(80)])
    assert [i for i in range(80) if present(tmp_path / f"f{i}")] == list(range(0, 80, 10))
    _atomic.atomic_write_all([(tmp_path / f"f{i}", b"new") for i in range(80)])
    assert {p.read_bytes() for p in tmp_path.iterdir()} == {b"new"}


def test_few_targets_or_an_unlistable_directory_mean_every_name_is_looked_up(
    tmp_path: Path,
) -> None:
    """Below the listing threshold, or in a missing directory, no name is taken as absent."""
    few = _atomic.may_exist([tmp_path / "a", tmp_path / "b"])
    assert few(tmp_path / "a") and few(tmp_path / "b")
    missing = tmp_path / "nowhere"
    many = [missing / f"f{i}" for i in range(_atomic._LIST_FROM)]
    assert all(_atomic.may_exist(many)(target) for target in many)


def test_a_taken_temporary_name_draws_a_new_random_part(tmp_path: Path) -> None:
    """When the batch's temporary name for a file exists, another is drawn; that file is kept."""
    part = "a1b2c3d4e5f6"
    taken = tmp_path / f".f0.{part}.tmp"
    taken.write_bytes(b"someone else's")
    names: list[str] = []
    descriptor = _atomic._create_temporary(tmp_path / "f0", names, part)
    os.close(descriptor)
    assert len(names) == 1 and Path(names[0]) != taken and Path(names[0]).exists()
    assert taken.read_bytes() == b"someone else's"


def test_a_batch_is_flushed_once_per_file_in_a_few_tasks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each of a batch's 64 files is flushed exactly once, by at most 16 tasks (not one each)."""
    flushed: list[int] = []
    tasks: list[int] = []
    real_fsync, real_share = os.fsync, _atomic._flush_each

    def fsync(fd: int) -> None:
        flushed.append(fd)
        real_fsync(fd)

    def share(descriptors: list[int]) -> None:
        tasks.append(len(descriptors))
        real_share(descriptors)

    monkeypatch.setattr("newsschema._atomic.os.fsync", fsync)
    monkeypatch.setattr(_atomic, "_flush_each", share)
    _atomic.atomic_write_all([(tmp_path / f"f{i}", b"x") for i in range(_atomic.BATCH_FILES)])
    assert len(tasks) <= _atomic._FLUSH_THREADS and sum(tasks) == _atomic.BATCH_FILES
    # one flush per file plus the directory's
    assert len(flushed) == _atomic.BATCH_FILES + 1
    assert len(set(flushed[:-1])) == _atomic.BATCH_FILES  # 64 open files: distinct descriptors


def test_an_input_among_many_outputs_of_a_listed_folder_is_refused(tmp_path: Path) -> None:
    """An output that is an input (same name, or a hard link to it) is found after one listing."""
    from newsschema.convert import ConvertError, expand_arguments, guard_outputs, named_inputs

    source = tmp_path / "in.json"
    source.write_bytes(b"{}")
    out = tmp_path / "out"
    out.mkdir()
    os.link(source, out / "d7.json")
    items = named_inputs(expand_arguments([str(source)], None))
    many = [out / f"d{i}.json" for i in range(2 * _atomic._LIST_FROM)]
    with pytest.raises(ConvertError, match="may not be the input"):
        guard_outputs(many, items)
    with pytest.raises(ConvertError, match="may not be the input"):
        guard_outputs([*many, source], items)
    guard_outputs([p for p in many if p.name != "d7.json"], items)  # the others are free


def test_a_new_folder_appears_whole_with_usual_permissions(tmp_path: Path) -> None:
    """A missing folder (and parents) is made with 0777 less the umask, its files 0666 less it."""
    target = tmp_path / "a" / "b" / "out"
    files = [(f"f{i}.json", f"{i}".encode()) for i in range(70)]  # more than a batch
    written = _folder.atomic_write_folder(target, files)
    assert written == [target / name for name, _ in files]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o777 & ~umask
    assert {p.name: p.read_bytes() for p in target.iterdir()} == dict(files)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o666 & ~umask for p in target.iterdir())
    assert sorted(p.name for p in target.parent.iterdir()) == ["out"]  # no staging folder left


def test_an_interrupted_new_folder_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during the second batch of a new folder: neither the folder nor a staging one."""
    monkeypatch.setattr(_folder, "BATCH_FILES", 2)  # the folder writer's own batches
    real_share = _atomic._flush_each
    flushed: list[int] = []

    def interrupt_second(descriptors: list[int]) -> None:
        flushed.append(1)
        if len(flushed) == 3:
            raise KeyboardInterrupt
        real_share(descriptors)

    monkeypatch.setattr(_atomic, "_flush_each", interrupt_second)
    with pytest.raises(KeyboardInterrupt):
        _folder.atomic_write_folder(tmp_path / "out", [(f"f{i}", b"x") for i in range(5)])
    assert list(tmp_path.iterdir()) == []


def test_a_folder_made_meanwhile_gets_the_files_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that appears (not empty) before the staging rename keeps its files and gets ours."""
    target = tmp_path / "out"
    real_rename = os.rename

    def someone_else_first(source: Any, destination: Any) -> None:
        target.mkdir()
        (target / "theirs").write_bytes(b"kept")
        real_rename(source, destination)

    monkeypatch.setattr("newsschema._atomic.os.rename", someone_else_first)
    _folder.atomic_write_folder(target, [("a", b"1"), ("b", b"2")])
    assert {p.name: p.read_bytes() for p in target.iterdir()} == {
        "theirs": b"kept",
        "a": b"1",
        "b": b"2",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_input_reached_through_dot_dot_of_a_missing_folder_is_refused(tmp_path: Path) -> None:
    """`-o x/../docs` (x missing) is the input folder: refused, inputs unchanged, no x made."""
    folder = seed_corpus(tmp_path, 3)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    output = tmp_path / "x" / ".." / folder.name
    result = CliRunner().invoke(
        cli.cli, ["convert", str(folder), "--to", "json", "-o", str(output)]
    )
    assert result.exit_code == 2, result.output
    assert "may not be the input" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert not (tmp_path / "x").exists()


def test_a_folder_through_dot_dot_is_written_where_it_resolves(tmp_path: Path) -> None:
    """A new folder named through a missing folder's ".." appears where the path resolves."""
    written = _folder.atomic_write_folder(tmp_path / "x" / ".." / "out", [("a", b"1")])
    assert written == [tmp_path / "out" / "a"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert _folder.atomic_write_folder(tmp_path / "new" / "..", [("b", b"2")]) == [tmp_path / "b"]
    assert (tmp_path / "b").read_bytes() == b"2" and not (tmp_path / "new").exists()


def test_names_differing_in_case_or_unicode_form_may_exist() -> None:
    """On a case-insensitive file system A.JSON is a.json: the listing never calls it absent."""
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "ART000.JSONLD").write_bytes(b"x")
        (folder / "cafe\u0301.json").write_bytes(b"x")  # decomposed form, as HFS+ stores it
        many = [folder / f"art{i:03d}.jsonld" for i in range(_atomic._LIST_FROM)]
        present = _atomic.may_exist([*many, folder / "caf\u00e9.json"])
        assert present(folder / "art000.jsonld") and not present(folder / "art001.jsonld")
        assert present(folder / "caf\u00e9.json")
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def test_a_new_folder_keeps_what_mkdir_would_give_it(tmp_path: Path) -> None:
    """A parent's set-group-id bit passes to the new folder, as mkdir passes it."""
    parent = tmp_path / "shared"
    parent.mkdir()
    os.chmod(parent, 0o2755)  # noqa: S103 - the set-group-id bit is what is tested
    if not os.stat(parent).st_mode & stat.S_ISGID:
        pytest.skip("this file system does not keep the set-group-id bit")
    os.mkdir(parent / "by-mkdir")
    _folder.atomic_write_folder(parent / "out", [("a", b"1")])
    assert os.stat(parent / "out").st_mode == os.stat(parent / "by-mkdir").st_mode


def test_a_long_folder_name_is_written(tmp_path: Path) -> None:
    """A folder name near the file system's limit still gets its files (short staging name)."""
    target = tmp_path / ("d" * 250)
    _folder.atomic_write_folder(target, [("a", b"1")])
    assert (target / "a").read_bytes() == b"1"


def test_a_failure_names_the_output_not_the_temporary_folder(tmp_path: Path) -> None:
    """An error making the new folder is reported with the output's path."""
    (tmp_path / "file").write_bytes(b"")
    target = tmp_path / "file" / "sub" / "out"
    with pytest.raises(OSError, match=r"Not a directory|File exists") as info:
        _folder.atomic_write_folder(target, [("a", b"1")])
    assert info.value.filename == str(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_failed_flush_waits_for_the_others_before_closing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When one flush fails, every other flush of the batch ends before a descriptor is closed."""
    real_fsync = os.fsync
    failures: list[int] = []
    first: list[int] = []

    def fsync(fd: int) -> None:
        if not first:
            first.append(fd)
        if fd == first[0]:
            raise OSError(errno.EIO, "Input/output error")
        threading.Event().wait(0.01)  # the others still flushing when the first fails
        try:
            real_fsync(fd)
        except OSError as exc:
            failures.append(exc.errno or 0)

    monkeypatch.setattr("newsschema._atomic.os.fsync", fsync)
    with pytest.raises(OSError, match="Input/output"):
        _folder.atomic_write_folder(tmp_path / "out", [(f"f{i}", b"x") for i in range(64)])
    assert failures == []  # no flush ran on a closed descriptor (EBADF)
    assert list(tmp_path.iterdir()) == []
