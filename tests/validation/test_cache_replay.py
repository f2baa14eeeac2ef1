"""A replayed run's own costs: listing a folder and replaying its run record.

The second run over an unchanged folder lists it, takes each file's ``stat`` once and decodes
one run record. These tests pin what those steps must keep (the same inputs, names and
results as pathlib and the per-file entries give) and count the work they do per file.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import sqlite3
import string
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema import _cache
from newsschema._cache import CACHE_DIR
from newsschema._chunks import Chunk
from newsschema._inputs import Input, expand_inputs
from newsschema._names import MAX_NAME, display_name
from newsschema.findings import Finding, Severity

from .test_cache import project, run_json, settle, without_cached


def _tree(root: Path) -> list[str]:
    """The documents under ``root`` as the walk orders them (a folder's files, then folders)."""
    found: list[str] = []

    def visit(folder: Path, relative: str) -> None:
        names = sorted(os.listdir(folder))
        found.extend(
            os.path.join(relative, name) if relative else name
            for name in names
            if (folder / name).is_file() and name.endswith(".json")
        )
        for name in names:
            if (folder / name).is_dir() and not name.startswith("."):
                visit(folder / name, os.path.join(relative, name) if relative else name)

    visit(root, "")
    return found


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of documents with nested folders, odd names and a path past MAX_NAME."""
    root = tmp_path / "data"
    deep = root / "a" / ("d" * 200) / ("e" * 200) / ("f" * 200)
    deep.mkdir(parents=True)
    for folder in (root, root / "a", deep):
        for name in ("one.json", "two words.json", "line\nbreak.json", "ü.json"):
            (folder / name).write_text("{}", encoding="utf-8")
    (root / "skipped.txt").write_text("{}", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "spelling", ["{name}", "{name}/", "{name}//", "./{name}", "{name}/../{name}", ".", "{whole}"]
)
def test_listed_paths_are_the_ones_pathlib_joins(
    tree: Path, spelling: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each listed input's path, text and name are those of Path(folder) / its name."""
    monkeypatch.chdir(tree.parent if spelling != "." else tree)
    argument = spelling.format(name=tree.name, whole=tree)
    relative = _tree(tree)
    inputs = expand_inputs([argument])
    expected = [Path(argument) / name for name in relative]
    assert [item.path for item in inputs] == expected
    assert [item.where for item in inputs] == [str(path) for path in expected]
    assert [item.name for item in inputs] == [display_name(str(path)) for path in expected]
    assert any(len(str(path)) > MAX_NAME for path in expected)  # shortened by display_name
    assert any("\\n" in item.name for item in inputs)  # escaped by display_name


def test_an_input_compares_hashes_and_pickles_as_its_path() -> None:
    """Given as text or as a Path, an input is the same value; its Path is built on demand."""
    as_text = Input("data//a.json", "a")
    as_path = Input(Path("data/a.json"), "a")
    assert as_text == as_path
    assert hash(as_text) == hash(as_path)
    assert as_text != Input("data/a.json", "b")
    assert as_text.path == Path("data/a.json")
    assert isinstance(as_text.path, Path)
    assert pickle.loads(pickle.dumps(as_text)) == as_text  # noqa: S301 - our own bytes
    assert Input(None, "<stdin>").path is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        as_text.name = "other"  # type: ignore[misc]


@pytest.fixture
def stats(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every os.stat of this process, by path."""
    seen: list[str] = []
    real = os.stat

    def counting(path: Any, *args: Any, **kw: Any) -> os.stat_result:
        seen.append(os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else "")
        return real(path, *args, **kw)

    monkeypatch.setattr(os, "stat", counting)
    return seen


def _pathlib_calls(data: Path) -> tuple[int, dict[str, Any]]:
    """``validate --format json DATA``'s report, and how many pathlib functions it called."""
    calls = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        if event == "call" and "pathlib" in frame.f_code.co_filename:
            calls += 1

    sys.setprofile(profile)
    try:
        _, report = run_json(str(data))
    finally:
        sys.setprofile(None)
    return calls, report


def test_a_replayed_run_builds_no_path_per_file_and_stats_each_file_once(
    tmp_path: Path, stats: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Second run of a settled folder: pathlib work does not grow with its files; one stat each."""
    settle(monkeypatch)
    calls = []
    for size in (5, 40):
        root = project(tmp_path / str(size), valid=size, invalid=False, jsonl=False)
        data = root / "data"
        _, first = run_json(str(data))
        stats.clear()
        count, second = _pathlib_calls(data)
        calls.append(count)
        files = sorted(str(data / name) for name in os.listdir(data))
        assert second["summary"]["cached"] == first["summary"]["documents"] == size
        assert without_cached(second) == without_cached(first)
        assert sorted(path for path in stats if path in files) == files
    assert calls[0] == calls[1]  # 8x the files, no more pathlib calls


_texts = st.text(string.printable, max_size=12)
_counts = st.integers(min_value=0, max_value=2**40)
_lines = st.none() | st.integers(min_value=0, max_value=10**6)


@st.composite
def _findings(draw: st.DrawFn) -> Finding:
    """Any finding a chunk may hold, every field drawn."""
    return Finding(
        draw(st.sampled_from(["NS001", "NS020", "NS210"])),
        draw(st.sampled_from(list(Severity))),
        draw(_texts),
        draw(_texts),
        draw(st.none() | _texts),
        draw(_lines),
        draw(_lines),
        draw(_counts),
        tuple(draw(st.lists(st.tuples(_texts, _texts), max_size=2))),
        draw(_lines),
        draw(_lines),
    )


@st.composite
def _chunks(draw: st.DrawFn) -> Chunk:
    """Any chunk a file's results may be (findings, JUnit records, flags)."""
    chunk = Chunk("x", "x", draw(st.lists(_findings(), max_size=3)))
    chunk.lines, chunk.documents, chunk.invalid, chunk.size = (draw(_counts) for _ in range(4))
    chunk.stopped, chunk.foreign = draw(st.booleans()), draw(st.booleans())
    chunk.cases = draw(
        st.lists(st.tuples(_counts, _texts, st.floats(0, 10, allow_nan=False)), max_size=2)
    )
    return chunk


def _fields(chunk: Chunk) -> tuple[Any, ...]:
    """Everything a replayed chunk says, each finding with all its fields."""
    findings = [dataclasses.astuple(f) for f in chunk.findings]
    return (
        chunk.name,
        chunk.file,
        findings,
        chunk.lines,
        chunk.documents,
        chunk.invalid,
        chunk.size,
        chunk.stopped,
        chunk.foreign,
        chunk.cases,
        chunk.cached,
    )


@settings(settings.get_profile("cheap"))
@given(st.lists(_chunks(), max_size=6))
def test_a_run_record_replays_what_each_entry_would(chunks: list[Chunk]) -> None:
    """Decoding a run record gives, input by input, the chunk its own entry decodes to."""
    names = [f"d{number}.json" for number in range(len(chunks))]
    replayed = _cache._run_chunks(_cache._encode_run(chunks), names)
    entries = [
        _cache._decode(_cache._encode(chunk), name)
        for chunk, name in zip(chunks, names, strict=True)
    ]
    assert [_fields(c) for c in replayed] == [_fields(c) for c in entries]
    assert all(c.cached and c.fingerprint == 0 for c in replayed)
    # Each chunk has lists of its own (a consumer may extend one).
    assert len({id(c.findings) for c in replayed}) == len(replayed)


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 2**70) | st.floats() | _texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_texts, inner, max_size=3),
    max_leaves=20,
)


def _mutations(payload: list[Any]) -> st.SearchStrategy[list[Any]]:
    """A valid record's data with one value somewhere replaced by any JSON value."""

    @st.composite
    def mutate(draw: st.DrawFn) -> list[Any]:
        data: list[Any] = orjson.loads(orjson.dumps(payload))
        where: list[Any] = data
        while True:
            index = draw(st.integers(0, len(where) - 1))
            inner = where[index]
            if isinstance(inner, list) and inner and draw(st.booleans()):
                where = inner
                continue
            where[index] = draw(_json)
            return data

    return mutate()


_VALID = orjson.loads(
    _cache._encode_run(
        [
            Chunk("x", "x", [Finding("NS001", Severity.ERROR, "m", "/a", "x", 1, 2)], 3, 1, 1),
            Chunk("x", "x", [], 0, 1, 0, 10, cases=[(0, "id", 0.5)]),
        ]
    )
)


@settings(settings.get_profile("cheap"))
@given(st.one_of(_json, _mutations(_VALID)))
def test_a_damaged_run_record_never_crashes(data: Any) -> None:
    """Any decoded JSON as a run record: chunks that check out, or a miss, never a crash."""
    try:
        chunks = _cache._run_chunks(orjson.dumps(data), ["a.json", "b.json"])
    except (TypeError, KeyError, ValueError):
        return
    assert len(chunks) == 2
    for chunk in chunks:
        assert min(chunk.lines, chunk.documents, chunk.invalid, chunk.size) >= 0
        assert all(type(f) is Finding for f in chunk.findings)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[0].__setitem__(0, -1),  # a negative count
        lambda d: d[1].__setitem__(0, True),  # a flag where a count goes
        lambda d: d[2].__setitem__(0, 1.0),  # a float
        lambda d: d[4].__setitem__(0, 4),  # an unknown flag
        lambda d: d[3].pop(),  # a column short of an input
        lambda d: d[5].append(d[5][0]),  # an input's findings twice
        lambda d: d[5][0].__setitem__(0, 2),  # findings of an input not listed
        lambda d: d.pop(),  # no findings column
        lambda d: d[5][0][1][0].__setitem__(1, "fatal"),  # an unknown severity
    ],
    ids=[
        "negative",
        "bool",
        "float",
        "flag",
        "short-column",
        "twice",
        "out-of-range",
        "missing-column",
        "severity",
    ],
)
def test_a_run_record_that_does_not_check_out_is_refused(damage: Callable[[Any], Any]) -> None:
    """Each kind of damage to a run record's data is refused, never replayed."""
    data = orjson.loads(orjson.dumps(_VALID))
    damage(data)
    with pytest.raises((TypeError, KeyError, ValueError)):
        _cache._run_chunks(orjson.dumps(data), ["a.json", "b.json"])


def test_a_resealed_bad_run_record_is_looked_up_file_by_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, looked_up: list[int]
) -> None:
    """A run record with a valid checksum over bad data is no record: same report, all cached."""
    settle(monkeypatch)
    root = project(tmp_path)
    data = str(root / "data")
    _, first = run_json(data)
    with sqlite3.connect(root / CACHE_DIR / "results.sqlite3") as connection:
        key, signatures, payload = connection.execute(
            "SELECT key, signatures, payload FROM runs"
        ).fetchone()
        bad = orjson.loads(payload)
        bad[0][0] = -1
        damaged = orjson.dumps(bad)
        checksum = _cache._check(key, signatures + damaged)
        connection.execute("UPDATE runs SET payload = ?, checksum = ?", (damaged, checksum))
    looked_up.clear()  # the second run's look-ups only
    _, again = run_json(data)
    assert looked_up
    assert without_cached(again) == without_cached(first)
    assert again["summary"]["cached"] == first["summary"]["documents"]
