"""The validation cache: results replayed only when nothing that decides them changed.

Checked work is counted (documents passed to the checker, ``summary.cached``), never timed. The
differential tests require the same report, finding for finding, with the cache off, cold and
warm, over valid, invalid, JSON Lines and generated corpora, in this process and in workers.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema import _cache, validation
from newsschema._cache import CACHE_DIR, open_cache
from newsschema._inputs import expand_inputs
from newsschema._parallel import LocalExecutor
from newsschema.config import Settings
from newsschema.report import Report
from newsschema.strategies import documents, invalid_documents

from ..conftest import INVALID, SEEDS, git, invoke

SEED = next(SEEDS.glob("*.json"))
CONFIG = "[tool.newsschema]\n"


def seed_text(ident: str) -> str:
    """The seed document with its own article id."""
    return SEED.read_text(encoding="utf-8").replace(
        '"id": "ea502ccfb2dde799"', f'"id": "{ident}"', 1
    )


def one_line(text: str) -> bytes:
    """A document as one JSON Lines line."""
    return orjson.dumps(orjson.loads(text))


def project(tmp_path: Path, *, valid: int = 4, invalid: bool = True, jsonl: bool = True) -> Path:
    """A folder with ``[tool.newsschema]`` and a ``data`` folder of documents."""
    root = tmp_path / "project"
    data = root / "data"
    data.mkdir(parents=True)
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    for i in range(valid):
        (data / f"doc{i}.json").write_text(seed_text(f"doc{i}"), encoding="utf-8")
    if invalid:
        for fixture in sorted(INVALID.glob("*.json"))[:12]:
            shutil.copy(fixture, data / f"bad_{fixture.name}")
    if jsonl:
        lines = [one_line(seed_text(f"line{i}")) for i in range(5)]
        lines.insert(2, b'{"schema_version": "1.0", "article": 3}')
        lines.insert(4, b"not json")
        (data / "lines.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    return root


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every document the checker is given in this process, by file name."""
    seen: list[str] = []
    original = validation.check_bytes

    def counting(data: bytes, checks: Any, *, file: str | None, **kw: Any) -> Any:
        seen.append(file or "")
        return original(data, checks, file=file, **kw)

    monkeypatch.setattr(validation, "check_bytes", counting)
    return seen


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    """``validate --format json ARGS`` in this process: exit status and the parsed report."""
    code, out = invoke("validate", "--format", "json", *args)
    assert code in (0, 1), out
    return code, orjson.loads(out)


def without_cached(report: dict[str, Any]) -> dict[str, Any]:
    """The json report less ``summary.cached`` (the one field the cache may change)."""
    summary = {k: v for k, v in report["summary"].items() if k != "cached"}
    return {**report, "summary": summary}


def entries(root: Path) -> int:
    """How many results the project's cache holds."""
    with sqlite3.connect(root / CACHE_DIR / "results.sqlite3") as connection:
        count: int = connection.execute("SELECT count(*) FROM results").fetchone()[0]
    return count


def test_a_second_run_checks_nothing_and_one_changed_file_is_checked_alone(
    tmp_path: Path, checked: list[str]
) -> None:
    """Unchanged corpus: 0 documents checked, all cached; one file changed: only it is checked."""
    root = project(tmp_path)
    data = str(root / "data")
    _, first = run_json(data)
    documents = first["summary"]["documents"]
    assert first["summary"]["cached"] == 0
    assert len(checked) == documents > 10
    checked.clear()
    _, second = run_json(data)
    assert checked == []
    assert second["summary"]["cached"] == documents
    assert without_cached(second) == without_cached(first)
    changed = root / "data" / "doc1.json"
    changed.write_text(seed_text("changed"), encoding="utf-8")
    _, third = run_json(data)
    assert [Path(name).name for name in checked] == ["doc1.json"]
    assert third["summary"]["cached"] == documents - 1


def test_a_changed_line_in_json_lines_rechecks_that_file(
    tmp_path: Path, checked: list[str]
) -> None:
    """A JSON Lines file is one entry: editing one line checks its documents again, not others'."""
    root = project(tmp_path, valid=2, invalid=False)
    data = str(root / "data")
    run_json(data)
    lines_file = root / "data" / "lines.jsonl"
    lines_file.write_bytes(lines_file.read_bytes().replace(b"not json", b"still not json"))
    checked.clear()
    _, report = run_json(data)
    assert {Path(name).name for name in checked} == {"lines.jsonl"}
    assert report["summary"]["cached"] == 2


@pytest.mark.parametrize("settled", [False, True], ids=["fresh-files", "settled-files"])
@pytest.mark.parametrize("fail_fast", [(), ("--fail-fast",)], ids=["", "fail-fast"])
@pytest.mark.parametrize("output_format", ["text", "json", "github", "junit", "sarif"])
def test_reports_are_the_same_with_the_cache_off_cold_and_warm(
    tmp_path: Path,
    output_format: str,
    fail_fast: tuple[str, ...],
    settled: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every reporter prints the same report with --no-cache, a cold cache and a warm one."""
    # Settled files: the warm runs replay stat records, then the run record; files written a
    # moment ago are hashed again on every run.
    if settled:
        settle(monkeypatch)
    root = project(tmp_path)
    data = str(root / "data")

    def run(*extra: str) -> tuple[int, str]:
        code, out = invoke("validate", "--format", output_format, data, *fail_fast, *extra)
        if output_format == "json":
            out = orjson.dumps(without_cached(orjson.loads(out))).decode()
        if output_format == "junit":
            out = _no_times(out)
        return code, out

    off = run("--no-cache")
    assert not (root / CACHE_DIR).exists()
    assert run() == off  # cold: checks and keeps
    assert run() == off  # warm: replayed
    assert run() == off  # warm again: replayed from the run record when settled


def _no_times(junit: str) -> str:
    """JUnit XML less its timings (a replayed case keeps the time it took when checked)."""
    import re

    return re.sub(r'time="[^"]*"', 'time=""', junit)


def core_report(root: Path, *, jobs: int, blocksize: int | None, cached: bool) -> Report:
    """The core's report on the project's data, with or without the project's cache."""
    cache = None
    if cached:
        cache = open_cache(root, Settings().results_key(), record=False)
    executor = LocalExecutor(jobs)
    return validation.validate_inputs(
        expand_inputs([str(root / "data")]),
        executor=executor,
        blocksize=blocksize,
        cache=cache,
    )


@pytest.mark.parametrize(("jobs", "blocksize"), [(1, None), (2, None), (2, 256), (1, 300)])
def test_slices_and_workers_give_the_same_report_from_the_cache(
    tmp_path: Path, jobs: int, blocksize: int | None
) -> None:
    """JSON Lines cut into slices for workers: stored whole, replayed as the same report."""
    root = project(tmp_path)
    plain = core_report(root, jobs=jobs, blocksize=blocksize, cached=False)
    cold = core_report(root, jobs=jobs, blocksize=blocksize, cached=True)
    warm = core_report(root, jobs=1, blocksize=None, cached=True)
    assert cold == plain
    assert warm == plain
    assert (cold.cached, warm.cached) == (0, plain.documents)


def test_partly_cached_runs_keep_input_order(tmp_path: Path) -> None:
    """Replayed and checked files interleave in input order, with the same numbering."""
    root = project(tmp_path)
    plain = core_report(root, jobs=2, blocksize=200, cached=False)
    core_report(root, jobs=1, blocksize=None, cached=True)
    for name in ("doc0.json", "bad_empty.json", "lines.jsonl"):
        path = root / "data" / name
        path.write_bytes(path.read_bytes() + b"\n")  # same documents, new bytes: a miss
    partly = core_report(root, jobs=2, blocksize=200, cached=True)
    assert 0 < partly.cached < plain.documents
    assert partly == plain


@settings(settings.get_profile("slow"))
@given(
    st.lists(
        st.one_of(
            documents().map(lambda d: d.model_dump_json(by_alias=True).encode()),
            invalid_documents().map(lambda pair: orjson.dumps(pair[0])),
        ),
        min_size=1,
        max_size=6,
    ),
    st.booleans(),
)
def test_generated_corpora_give_the_same_report_cached(
    tmp_path_factory: pytest.TempPathFactory, docs: list[bytes], as_lines: bool
) -> None:
    """Generated valid and broken documents: the same report with no cache, cold and warm."""
    root = tmp_path_factory.mktemp("generated")
    data = root / "data"
    data.mkdir()
    if as_lines:
        (data / "all.jsonl").write_bytes(b"\n".join(docs) + b"\n")
    else:
        for i, doc in enumerate(docs):
            (data / f"d{i}.json").write_bytes(doc)
    plain = core_report(root, jobs=1, blocksize=None, cached=False)
    cold = core_report(root, jobs=1, blocksize=None, cached=True)
    warm = core_report(root, jobs=1, blocksize=None, cached=True)
    assert cold == plain == warm
    assert warm.cached == plain.documents


def test_the_cache_is_beside_the_config_and_ignored_by_git(tmp_path: Path) -> None:
    """Run from elsewhere, the cache goes beside pyproject.toml, and git ignores all of it."""
    root = project(tmp_path, valid=1, invalid=False, jsonl=False)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "data")
    run_json(str(root / "data"))
    assert (root / CACHE_DIR / ".gitignore").is_file()
    assert entries(root) == 1
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored=no"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""
    assert not (root / "data" / CACHE_DIR).exists()


def test_no_config_means_no_cache_written(tmp_path: Path) -> None:
    """Without a configuration file nothing is written next to the inputs or anywhere else."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "one.json").write_text(seed_text("one"), encoding="utf-8")
    run_json(str(data))
    _, again = run_json(str(data))
    assert again["summary"]["cached"] == 0
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["data", "one.json"]


def test_no_cache_neither_reads_nor_writes(tmp_path: Path, checked: list[str]) -> None:
    """--no-cache checks every document even when the cache has them, and stores nothing."""
    root = project(tmp_path, valid=2, invalid=False, jsonl=False)
    run_json(str(root / "data"))
    stored = entries(root)
    (root / "data" / "doc9.json").write_text(seed_text("doc9"), encoding="utf-8")
    checked.clear()
    _, report = run_json(str(root / "data"), "--no-cache")
    assert len(checked) == 3
    assert report["summary"]["cached"] == 0
    assert entries(root) == stored


@pytest.mark.parametrize(
    "args",
    [
        ("--select", "NS1"),
        ("--ignore", "NS106"),
        ("--warnings-as-errors",),
        ("--fail-fast",),
        ("--profile", "google"),
    ],
)
def test_other_settings_are_other_entries(
    tmp_path: Path, checked: list[str], args: tuple[str, ...]
) -> None:
    """Results kept under one selection of rules are never replayed under another."""
    root = project(tmp_path, valid=2, invalid=True, jsonl=False)
    data = str(root / "data")
    run_json(data)
    checked.clear()
    _, report = run_json(data, *args)
    assert report["summary"]["cached"] == 0
    assert checked
    checked.clear()
    _, again = run_json(data, *args)  # the same settings again: replayed
    assert checked == []
    assert without_cached(again) == without_cached(report)


def test_an_unknown_code_is_refused_with_a_warm_cache(tmp_path: Path) -> None:
    """Replaying never skips the settings' checks: a bad --select still exits 2."""
    root = project(tmp_path, valid=1, invalid=False, jsonl=False)
    run_json(str(root / "data"))
    code, out = invoke("validate", str(root / "data"), "--select", "NS999")
    assert code == 2, out


def test_a_new_toolkit_never_replays_old_results(
    tmp_path: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another version (or changed toolkit files) is another key: everything is checked again."""
    root = project(tmp_path, valid=2, invalid=False, jsonl=False)
    run_json(str(root / "data"))
    monkeypatch.setattr(_cache, "__version__", "999.0")
    checked.clear()
    _, report = run_json(str(root / "data"))
    assert len(checked) == 2
    assert report["summary"]["cached"] == 0


def damage_payloads(root: Path, change: Callable[[bytes], bytes]) -> None:
    """Rewrite every stored entry's bytes with ``change`` (behind the cache's back)."""
    with sqlite3.connect(root / CACHE_DIR / "results.sqlite3") as connection:
        rows = connection.execute("SELECT key, payload FROM results").fetchall()
        for key, payload in rows:
            connection.execute(
                "UPDATE results SET payload = ? WHERE key = ?", (change(payload), key)
            )


def forged_checksums(root: Path, change: Callable[[bytes], bytes]) -> None:
    """Rewrite every entry with ``change`` and a checksum that matches it (a bad writer)."""
    with sqlite3.connect(root / CACHE_DIR / "results.sqlite3") as connection:
        rows = connection.execute("SELECT key, payload FROM results").fetchall()
        for key, payload in rows:
            new = change(payload)
            connection.execute(
                "UPDATE results SET payload = ?, checksum = ? WHERE key = ?",
                (new, _cache._check(key, new), key),
            )


@pytest.mark.parametrize(
    "damage",
    [
        lambda root: damage_payloads(root, lambda p: p[:-7]),
        lambda root: damage_payloads(root, lambda p: p.replace(b'"invalid":1', b'"invalid":0')),
        lambda root: forged_checksums(root, lambda _: b"[]"),
        lambda root: forged_checksums(root, lambda p: p.replace(b'"lines":', b'"lines":-')),
        lambda root: forged_checksums(root, lambda p: p.replace(b'"error"', b'"fatal"')),
        lambda root: (root / CACHE_DIR / "results.sqlite3").write_bytes(b"not a database" * 99),
        lambda root: (root / CACHE_DIR / "results.sqlite3").write_bytes(b""),
    ],
    ids=["truncated", "edited", "not-a-chunk", "negative", "bad-severity", "garbage", "empty"],
)
def test_damaged_entries_are_misses_never_errors(
    tmp_path: Path, damage: Callable[[Path], object]
) -> None:
    """A damaged entry or database is checked again: same report, no crash, cache rebuilt."""
    root = project(tmp_path)
    data = str(root / "data")
    code, first = run_json(data)
    damage(root)
    again_code, again = run_json(data)
    assert (again_code, without_cached(again)) == (code, without_cached(first))
    assert again["summary"]["cached"] < first["summary"]["documents"]  # damaged: checked
    _, healed = run_json(data)  # the entries were written again
    assert healed["summary"]["cached"] == first["summary"]["documents"]


def test_a_cache_folder_that_cannot_be_made_is_no_cache(tmp_path: Path) -> None:
    """When .newsschema_cache cannot be created the run still validates, and says the same."""
    root = project(tmp_path, valid=2, invalid=True, jsonl=False)
    (root / CACHE_DIR).write_text("a file where the folder would be", encoding="utf-8")
    code, report = run_json(str(root / "data"))
    plain_code, plain = run_json(str(root / "data"), "--no-cache")
    assert (code, report) == (plain_code, plain)


def test_the_cache_is_bounded_and_drops_the_oldest(
    tmp_path: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MAX_ENTRIES the entries written longest ago are dropped; the newest stay."""
    monkeypatch.setattr(_cache, "MAX_ENTRIES", 3)
    root = project(tmp_path, valid=2, invalid=False, jsonl=False)
    data = root / "data"
    run_json(str(data / "doc0.json"), str(data / "doc1.json"))
    for i in (2, 3, 4):
        (data / f"doc{i}.json").write_text(seed_text(f"doc{i}"), encoding="utf-8")
    run_json(*(str(data / f"doc{i}.json") for i in (2, 3, 4)))
    assert entries(root) == 3
    checked.clear()
    _, report = run_json(str(data))
    assert sorted(Path(name).name for name in checked) == ["doc0.json", "doc1.json"]
    assert report["summary"]["cached"] == 3


def test_the_bytes_limit_bounds_the_cache_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries are dropped when their bytes pass MAX_BYTES, however few they are."""
    root = project(tmp_path)
    run_json(str(root / "data"))
    with sqlite3.connect(root / CACHE_DIR / "results.sqlite3") as connection:
        largest = connection.execute("SELECT max(size) FROM results").fetchone()[0]
    monkeypatch.setattr(_cache, "MAX_BYTES", largest)
    (root / "data" / "doc0.json").write_text(seed_text("new"), encoding="utf-8")
    run_json(str(root / "data"))
    with sqlite3.connect(root / CACHE_DIR / "results.sqlite3") as connection:
        total = connection.execute("SELECT sum(size) FROM results").fetchone()[0]
    assert total <= largest


def test_a_file_changed_while_checked_is_not_stored_under_its_old_hash(
    tmp_path: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bytes hashed, then changed before the checker reads them: the result is not kept."""
    root = project(tmp_path, valid=1, invalid=False, jsonl=False)
    target = root / "data" / "doc0.json"
    before = target.read_bytes()
    look_up = _cache.ResultCache.look_up

    def look_up_then_change(self: _cache.ResultCache, items: Any) -> Any:
        hits = look_up(self, items)
        target.write_text(seed_text("swapped"), encoding="utf-8")  # after hashing
        return hits

    monkeypatch.setattr(_cache.ResultCache, "look_up", look_up_then_change)
    run_json(str(root / "data"))
    monkeypatch.setattr(_cache.ResultCache, "look_up", look_up)
    target.write_bytes(before)  # the bytes that were hashed: no results kept for them
    checked.clear()
    _, report = run_json(str(root / "data"))
    assert report["summary"]["cached"] == 0
    assert len(checked) == 1


def test_stdin_and_other_formats_are_always_checked(tmp_path: Path) -> None:
    """Standard input is never cached (a pipe cannot be hashed before it is read)."""
    root = project(tmp_path, valid=1, invalid=False, jsonl=False)
    seed = (root / "data" / "doc0.json").read_bytes()
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "newsschema", "validate", "--format", "json", "-"],
            input=seed,
            capture_output=True,
            cwd=root,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert orjson.loads(done.stdout)["summary"]["cached"] == 0
    assert not (root / CACHE_DIR).exists()


def concurrent_runs(root: Path, count: int) -> Iterator[subprocess.CompletedProcess[bytes]]:
    """Start ``count`` validate processes on the same project at once; yield each when done."""
    command = [
        sys.executable,
        "-m",
        "newsschema",
        "validate",
        "--format",
        "json",
        str(root / "data"),
    ]
    started = [
        subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(count)
    ]
    for process in started:
        out, err = process.communicate(timeout=600)  # only stops a hung process
        yield subprocess.CompletedProcess(command, process.returncode, out, err)


def test_concurrent_runs_share_the_cache_safely(tmp_path: Path) -> None:
    """Four runs at once on a cold cache: the same report each, and a whole cache after."""
    root = project(tmp_path)
    _, expected = run_json(str(root / "data"), "--no-cache")
    for done in concurrent_runs(root, 4):
        assert done.returncode == 1, done.stderr
        assert without_cached(orjson.loads(done.stdout)) == without_cached(expected)
    _, after = run_json(str(root / "data"))
    assert after["summary"]["cached"] == expected["summary"]["documents"]
    assert sorted(p.name for p in (root / CACHE_DIR).iterdir()) == [
        ".gitignore",
        "CACHEDIR.TAG",
        "results.sqlite3",
    ]


def test_every_setting_that_decides_findings_is_in_the_key() -> None:
    """The key holds every compared setting but jobs: a setting added later cannot be missed."""
    from dataclasses import fields

    key = Settings().results_key()
    compared = {f.name for f in fields(Settings) if f.compare}
    assert set(key) == compared - {"jobs"}
    assert {"select", "ignore", "warnings_as_errors", "fail_fast"} <= set(key)
    changed = [
        Settings(select=("NS1",)),
        Settings(ignore=("NS1",)),
        Settings(warnings_as_errors=True),
        Settings(fail_fast=True),
        Settings(),
    ]
    contexts = {_cache.cache_context(s.results_key(), record=False) for s in changed}
    assert len(contexts) == len(changed)
    assert _cache.cache_context(Settings(jobs=4).results_key(), record=False) in contexts


# Options of `validate` that do not change what is found (or keep it out of the cache).
NOT_IN_KEY = {
    "paths": "the files are looked up one by one",
    "output_format": "reporters render the same report (JUnit records: record=)",
    "output": "where the report goes",
    "allow_empty": "added after the report is built",
    "skip_foreign": "chooses files before they are looked up, not what is found in one",
    "no_cache": "the switch itself",
    "engine": "every engine gives the same report",
    "scheduler": "every engine gives the same report",
    "jobs": "the same findings on any number of workers",
    "source_format": "other formats are never cached",
    "labels": "other formats are never cached",
    "set_values": "other formats are never cached",
    "config": "read into the settings, which are the key",
}
IN_KEY = {"select", "ignore", "warnings_as_errors", "fail_fast", "profiles"}


def test_every_validate_option_is_classified_for_the_cache() -> None:
    """A new validate option fails this until it is keyed (passed to the cache) or shown inert."""
    from newsschema.cli import cli

    command = cli.commands["validate"]
    names = {param.name for param in command.params}
    assert names == set(NOT_IN_KEY) | IN_KEY, names ^ (set(NOT_IN_KEY) | IN_KEY)


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the cache reads to hash it when looking it up, by path."""
    seen: list[str] = []
    original = _cache._digest

    def counting(path: str) -> tuple[bytes, bytes | None]:
        seen.append(path)
        return original(path)

    monkeypatch.setattr(_cache, "_digest", counting)
    return seen


def settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read files as if they were last written long ago (no record is racily clean)."""
    later = _cache._now_ns() + 10 * _cache._RACY_NS
    monkeypatch.setattr(_cache, "_now_ns", lambda: later)


def test_an_unchanged_stat_skips_reading_and_any_change_reads_again(
    tmp_path: Path, checked: list[str], hashed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settled files are not read again; a changed stat (size, or times kept) is hashed."""
    settle(monkeypatch)
    root = project(tmp_path, jsonl=True)
    data = str(root / "data")
    _, first = run_json(data)
    documents = first["summary"]["documents"]
    hashed.clear()
    _, second = run_json(data)
    assert hashed == []
    assert second["summary"]["cached"] == documents
    assert without_cached(second) == without_cached(first)
    # Same size and modification time, other bytes: the change time still differs.
    target = root / "data" / "doc1.json"
    before = target.stat()
    swapped = target.read_bytes().replace(b"doc1", b"docX")
    while target.stat().st_ctime_ns == before.st_ctime_ns:
        target.write_bytes(swapped)
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    hashed.clear()
    checked.clear()
    _, third = run_json(data)
    assert [Path(name).name for name in hashed] == ["doc1.json"]
    assert [Path(name).name for name in checked] == ["doc1.json"]
    assert third["summary"]["cached"] == documents - 1


def test_racily_clean_files_are_read_every_time(tmp_path: Path, hashed: list[str]) -> None:
    """A file written just before it was hashed keeps no stat record: it is hashed again."""
    root = project(tmp_path, valid=2, invalid=False, jsonl=False)
    data = str(root / "data")
    run_json(data)  # the files were written a moment ago: within the racy margin
    hashed.clear()
    _, report = run_json(data)
    assert sorted(Path(name).name for name in hashed) == ["doc0.json", "doc1.json"]
    assert report["summary"]["cached"] == 2  # same bytes: their results are replayed


def test_a_hit_through_the_stat_record_is_replayed_for_its_own_bytes_only(
    tmp_path: Path, hashed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged stat record, or one for another file, is no record: the file is hashed."""
    settle(monkeypatch)
    root = project(tmp_path, valid=2, invalid=False, jsonl=False)
    data = str(root / "data")
    _, first = run_json(data)
    with sqlite3.connect(root / CACHE_DIR / "results.sqlite3") as connection:
        rows = connection.execute("SELECT path, record FROM files ORDER BY path").fetchall()
        assert len(rows) == 2
        (path0, _), (path1, record1) = rows
        connection.execute("DELETE FROM runs")  # so that the files are looked up one by one
        # doc0's path now holds doc1's record, and doc1's a damaged copy of its own.
        connection.execute("UPDATE files SET record = ? WHERE path = ?", (record1, path0))
        damaged = record1[:-1] + bytes([record1[-1] ^ 1])
        connection.execute("UPDATE files SET record = ? WHERE path = ?", (damaged, path1))
    hashed.clear()
    _, again = run_json(data)
    assert sorted(Path(name).name for name in hashed) == ["doc0.json", "doc1.json"]
    assert without_cached(again) == without_cached(first)


def test_a_settled_run_is_replayed_whole_and_any_change_falls_back_to_files(
    tmp_path: Path,
    checked: list[str],
    hashed: list[str],
    looked_up: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Second run: one record, no per-file look-up; a changed file is the only one checked."""
    settle(monkeypatch)
    root = project(tmp_path)
    data = str(root / "data")
    _, first = run_json(data)
    documents = first["summary"]["documents"]
    looked_up.clear()
    hashed.clear()
    checked.clear()
    _, second = run_json(data)
    assert (looked_up, hashed, checked) == ([], [], [])
    assert second["summary"]["cached"] == documents
    assert without_cached(second) == without_cached(first)
    (root / "data" / "doc2.json").write_text(seed_text("other"), encoding="utf-8")
    _, third = run_json(data)
    assert looked_up  # the run record no longer matches: files are looked up one by one
    assert [Path(name).name for name in checked] == ["doc2.json"]
    assert third["summary"]["cached"] == documents - 1
    looked_up.clear()
    checked.clear()
    _, fourth = run_json(data)  # the third run wrote the new run record
    assert (looked_up, checked) == ([], [])
    assert without_cached(fourth) == without_cached(third)


def test_a_run_record_answers_only_for_its_own_inputs(
    tmp_path: Path, looked_up: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another list of inputs (fewer files, other order) is looked up file by file."""
    settle(monkeypatch)
    root = project(tmp_path, valid=3, invalid=False, jsonl=False)
    data = root / "data"
    run_json(str(data))
    looked_up.clear()
    _, report = run_json(str(data / "doc2.json"), str(data / "doc0.json"))
    assert looked_up == [2]
    assert report["summary"]["cached"] == 2


@pytest.mark.parametrize(
    "column", ["signatures", "payload", "checksum"], ids=["signatures", "payload", "checksum"]
)
def test_a_damaged_run_record_is_no_record(
    tmp_path: Path, column: str, looked_up: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run record whose bytes were changed is ignored: the files are looked up, same report."""
    settle(monkeypatch)
    root = project(tmp_path)
    data = str(root / "data")
    _, first = run_json(data)
    with sqlite3.connect(root / CACHE_DIR / "results.sqlite3") as connection:
        (value,) = connection.execute(f"SELECT {column} FROM runs").fetchone()
        damaged = value.replace(b"0", b"1", 1) if b"0" in value else value[:-1]
        connection.execute(f"UPDATE runs SET {column} = ?", (damaged,))
    looked_up.clear()
    _, again = run_json(data)
    assert looked_up
    assert without_cached(again) == without_cached(first)
    assert again["summary"]["cached"] == first["summary"]["documents"]


def run_records(root: Path) -> int:
    """How many run records the project's cache holds."""
    with sqlite3.connect(root / CACHE_DIR / "results.sqlite3") as connection:
        count: int = connection.execute("SELECT count(*) FROM runs").fetchone()[0]
    return count


def test_run_records_are_bounded_in_number_and_size(
    tmp_path: Path, looked_up: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the newest _RUNS run records stay, and a run past _RUN_BYTES keeps none."""
    settle(monkeypatch)
    monkeypatch.setattr(_cache, "_RUNS", 1)
    root = project(tmp_path, valid=3, invalid=False, jsonl=False)
    data = root / "data"
    run_json(str(data / "doc0.json"))
    run_json(str(data / "doc1.json"))
    assert run_records(root) == 1
    looked_up.clear()
    run_json(str(data / "doc1.json"))
    assert looked_up == []  # the newest record stayed
    run_json(str(data / "doc0.json"))
    assert looked_up == [1]  # the older one was dropped
    monkeypatch.setattr(_cache, "_RUN_BYTES", 10)
    with sqlite3.connect(root / CACHE_DIR / "results.sqlite3") as connection:
        connection.execute("DELETE FROM runs")
    run_json(str(data))
    assert run_records(root) == 0


def test_without_a_working_folder_files_are_hashed_and_replayed(
    tmp_path: Path, hashed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A working folder removed under the run: no stat or run record, results still replayed."""
    settle(monkeypatch)
    monkeypatch.setattr(_cache, "_working_folder", lambda: None)
    root = project(tmp_path)
    data = str(root / "data")
    _, first = run_json(data)
    hashed.clear()
    _, again = run_json(data)
    assert len(hashed) == len(list((root / "data").iterdir()))
    assert again["summary"]["cached"] == first["summary"]["documents"]
    assert without_cached(again) == without_cached(first)
