"""The guarantees SECURITY.md states that no single hazard test covers: no network, no code
execution from input, bounded memory on streamed input."""

from __future__ import annotations

import ast
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

import newsschema
from newsschema.convert import convert
from newsschema.formats import EXPORTERS, IMPORTERS

from .adversarial_support import ROOT, SEED, minimal_dict

SOURCES = sorted((ROOT / "src" / "newsschema").rglob("*.py"))
# Modules that could reach the network, run code or deserialise objects from input.
FORBIDDEN_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib.request",
    "ftplib",
    "smtplib",
    "requests",
    "httpx",
    "aiohttp",
    "pickle",
    "marshal",
    "shelve",
    "dill",
    "yaml",
    "subprocess",
    "importlib",
    "ctypes",
}
# Reads data files shipped inside the package (the bundled schema.org context); imports nothing.
ALLOWED_MODULES = {"importlib.resources"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint"}
# The one sanctioned exception: `newsschema diff --git REV` runs git (argument list, no shell).
ALLOWED_IMPORTS = {("git.py", "subprocess")}


def imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_can_reach_the_network_or_run_input() -> None:
    """No source module imports network or process modules or calls eval, exec or compile."""
    assert SOURCES
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name in imported(tree) - ALLOWED_MODULES:
            parts = name.split(".")
            prefixes = {".".join(parts[: i + 1]) for i in range(len(parts))}
            if (path.name, name) in ALLOWED_IMPORTS:
                continue
            assert not prefixes & FORBIDDEN_MODULES, (path.name, name)
        calls = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not calls & FORBIDDEN_CALLS, (path.name, calls & FORBIDDEN_CALLS)


def test_the_git_reader_runs_only_git_without_a_shell() -> None:
    """The module allowed to use subprocess calls it only as ["git", ...] and never with a shell."""
    path = ROOT / "src" / "newsschema" / "review" / "git.py"
    calls = [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "subprocess"
    ]
    assert [c.func.attr for c in calls] == ["run"]  # type: ignore[attr-defined]
    (call,) = calls
    command = call.args[0]
    assert isinstance(command, ast.List) and isinstance(command.elts[0], ast.Constant)
    assert command.elts[0].value == "git"
    assert all(k.arg != "shell" for k in call.keywords)


@pytest.mark.skipif(SEED is None, reason="seeds/ is not present")
def test_every_command_runs_without_network(tmp_path: Path, network_attempts: list[Any]) -> None:
    """Validation, every export and every import of the seed open no network connection."""
    assert SEED is not None
    assert newsschema.validate(SEED).valid
    for fmt in sorted(EXPORTERS):
        out = tmp_path / fmt / ("out" + (".jsonl" if fmt == "jsonl" else ""))
        convert([str(SEED)], to=fmt, output=str(out))
        if fmt in IMPORTERS:
            [back] = IMPORTERS[fmt].read(out, {})
            assert back.document is not None, (fmt, back.findings)
    assert network_attempts == []


def _peak_validating(path: Path) -> int:
    tracemalloc.start()
    try:
        report = newsschema.validate(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert report.documents > 0


def test_validating_jsonl_streams_in_bounded_memory(tmp_path: Path) -> None:
    """Validating 50x more JSONL lines barely raises peak memory: the file is streamed."""
    line = orjson.dumps(minimal_dict()) + b"\n"
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_bytes(line * 100)
    large.write_bytes(line * 5000)  # about 7 MB
    _peak_validating(small)  # warm caches (schema, regexes) before measuring
    peak_small, peak_large = _peak_validating(small), _peak_validating(large)
    assert peak_large < peak_small + 256 * 1024, (peak_small, peak_large)
    assert peak_large < len(large.read_bytes()) // 10


def test_only_findings_are_kept_when_streaming_invalid_jsonl(tmp_path: Path) -> None:
    """Streaming invalid JSONL keeps memory proportional to findings, not to documents."""
    line = orjson.dumps(minimal_dict()) + b"\n"
    bad = orjson.dumps({**minimal_dict(), "schema_version": "2.0"}) + b"\n"
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_bytes((line * 9 + bad) * 20)
    large.write_bytes((line * 9 + bad) * 400)  # 380 more findings
    _peak_validating(small)
    peak_small, peak_large = _peak_validating(small), _peak_validating(large)
    assert peak_large < peak_small + 380 * 2048, (peak_small, peak_large)


def _many_quotes(count: int) -> bytes:
    body = "“ab” " * count
    doc: dict[str, Any] = {
        "schema_version": "1.0",
        "article": {"id": "a", "headline": "h", "body": body, "language": "en"},
        "quotes": [
            {
                "id": f"q{i}",
                "kind": "scare",
                "text": "ab",
                "span": {"start": 5 * i + 1, "end": 5 * i + 3},
            }
            for i in range(count)
        ],
    }
    doc["quotes"].append({**doc["quotes"][7], "id": "twin"})  # one real finding at the end
    return orjson.dumps(doc)


def test_many_quotes_are_checked_in_near_linear_time(
    cpu_growth: Callable[[Callable[[], object], Callable[[], object]], float],
) -> None:
    """40,000 quotes cost about 8x what 5,000 do (NS105 was O(q²): 64x), CPU time compared."""
    data = {count: _many_quotes(count) for count in (5_000, 40_000)}
    for count, raw in data.items():
        report = newsschema.validate(raw)
        assert [(f.code, f.pointer, f.message) for f in report.findings] == [
            ("NS105", f"/quotes/{count}/span", "quote has the same span as quote 'q7'")
        ]
    small, large = data[5_000], data[40_000]
    assert cpu_growth(lambda: newsschema.validate(small), lambda: newsschema.validate(large)) < 24
