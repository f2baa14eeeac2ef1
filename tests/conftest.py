from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
SEEDS = ROOT / "seeds"
INVALID = ROOT / "tests" / "invalid"


def seed_corpus(tmp_path: Path, count: int) -> Path:
    """A folder ``in`` of ``count`` copies of the seed, each with its own article id."""
    folder = tmp_path / "in"
    folder.mkdir()
    seed = next(SEEDS.glob("*.json"))
    text = seed.read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"doc{i:02d}.json").write_text(
            text.replace('"id": "ea502ccfb2dde799"', f'"id": "doc{i:02d}"', 1), encoding="utf-8"
        )
    return folder


@contextmanager
def models_always() -> Iterator[None]:
    """Run the block with the model-free path off (restored afterwards, even on failure)."""
    from newsschema import _fast

    _fast.MODEL_FREE = False
    try:
        yield
    finally:
        _fast.MODEL_FREE = True


def corpus_files() -> list[Path]:
    """The invalid fixtures, the seeds and the 1.1 corpus: files two check paths must agree on."""
    found = [
        *sorted(INVALID.rglob("*.json")),
        *sorted(SEEDS.glob("*.json")),
        *sorted((ROOT / "tests" / "corpus_1_1").rglob("*.json")),
    ]
    assert len(found) > 40
    return found


def run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter and return what it prints (it must exit 0)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout


def temp_leftovers(folder: Path) -> list[str]:
    """Temporary files left in ``folder`` (the atomic writer's names end in .tmp)."""
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


# CI draws the same examples on every run (derandomize), so that a red run is reproducible and
# never a coin toss; "dev" and "thorough" draw new examples each run to keep exploring.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
_ACTIVE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# Tiers derived from the active profile, so that every example count follows HYPOTHESIS_PROFILE.
# A test picks its tier with ``@settings(settings.get_profile("slow"))``; none sets a count.
# cheap: pure in-memory checks of one value; slow: each example writes and reads files;
# heavy: each example runs an outside client (Frictionless, DuckDB) over a whole bundle.
settings.register_profile("cheap", _ACTIVE, max_examples=_ACTIVE.max_examples * 5 // 2)
settings.register_profile("slow", _ACTIVE, max_examples=max(5, _ACTIVE.max_examples // 2))
settings.register_profile("heavy", _ACTIVE, max_examples=max(3, _ACTIVE.max_examples // 6))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only shared material beside the repository; tests skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (it is only beside the repository in CI)")
    return SHARED


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    files = sorted(SEEDS.glob("*.json"))
    assert files, "seeds/ holds no annotated article"
    return files


class NetworkUsed(AssertionError):
    """Raised when code under test tries to open a network connection."""


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Make every socket connection and name lookup fail loudly; record the attempts."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def _cpu_seconds_per_call(action: Callable[[], object]) -> float:
    """CPU seconds one call of ``action`` costs, over a batch of >= 20 ms."""
    calls = 0
    started = time.process_time()
    while True:
        action()
        calls += 1
        spent = time.process_time() - started
        if spent >= 0.02:
            return spent / calls


@pytest.fixture
def cpu_growth() -> Callable[[Callable[[], object], Callable[[], object]], float]:
    """Return how many times more CPU time a large case costs than a small one.

    CPU time (not wall-clock time) of this process, with the garbage collector paused (its full
    collections scale with the live heap, not with the work measured), over five interleaved rounds
    of a small and a large batch, each side's best round kept: another process competing for the
    cores or caches only ever adds time, so the minimum is the estimate a loaded machine disturbs
    least. Tests compare the ratio for a small and an 8x input against a generous bound (linear:
    ~8, quadratic: ~64).
    """

    def growth(small: Callable[[], object], large: Callable[[], object]) -> float:
        small(), large()  # warm caches and lazy imports outside the measurement
        was_enabled = gc.isenabled()
        gc.collect()
        gc.disable()
        try:
            best_small = best_large = float("inf")
            for _ in range(5):
                best_small = min(best_small, _cpu_seconds_per_call(small))
                best_large = min(best_large, _cpu_seconds_per_call(large))
        finally:
            if was_enabled:
                gc.enable()
        return best_large / best_small

    return growth


# `pytest -m "not slow"` (README) leaves out what costs the most and changes least often: the
# growth tests (CPU or memory for a small and a large input), the Dask engine's tests (a local
# cluster each), the cross-checks that run an outside tool over our outputs, and the lint and
# type checks. The README's test command and .ci/run still run everything.
_SLOW_FOLDERS = ("dask/",)
_SLOW_FILES = frozenset(
    {
        "test_quality.py",  # ruff and mypy over the whole tree
        "tables/test_tables_clients.py",  # frictionless, DuckDB and pandas read our bundles
        "linked_data/test_ld_offline.py",  # jsonld.js expands our documents
        "linked_data/test_ld_google.py",  # Google's structured-data tool in Chromium
    }
)
_SLOW_TESTS = frozenset(
    {
        "test_validating_jsonl_streams_in_bounded_memory",
        "test_export_streams_in_constant_memory",
    }
)
_TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the slow tests (see above) with the ``slow`` marker registered in pyproject.toml."""
    for item in items:
        where = item.path.resolve().relative_to(_TESTS).as_posix()
        fixtures = getattr(item, "fixturenames", ())
        if (
            "cpu_growth" in fixtures
            or where.startswith(_SLOW_FOLDERS)
            or where in _SLOW_FILES
            or getattr(item, "originalname", item.name) in _SLOW_TESTS
        ):
            item.add_marker(pytest.mark.slow)


def git(cwd: Path, *args: str) -> None:
    """Run git in ``cwd`` as a fixed test identity (for tests of ``diff --git``)."""
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def invoke(*args: str) -> tuple[int, str]:
    """Run ``newsschema ARGS`` in this process; return the exit code and what it printed."""
    from click.testing import CliRunner

    from newsschema.cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output
