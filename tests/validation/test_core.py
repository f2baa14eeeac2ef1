"""The one execution core: plan -> run -> merge, and conversion reading every input once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema._inputs import Input, Pin, expand_inputs
from newsschema._parallel import LocalExecutor
from newsschema.config import Settings
from newsschema.convert import ConvertError, convert
from newsschema.engines import EngineUnavailable, LocalEngine, build_engine
from newsschema.formats import EXPORTERS, Options, StreamExporter, write_many
from newsschema.formats.canonical import JSONL
from newsschema.models import Document
from newsschema.validation import DEFAULT_CHECKS, RunSettings, merge, plan, run, validate_inputs
from tests.validation._docs import good_document

LINES = st.lists(
    st.one_of(
        st.sampled_from([b"", b"  ", b"{", b"[1, 2]", b'{"schema_version": "1.0"}']),
        st.builds(lambda n: orjson.dumps({**good_document(), "n": n}), st.integers(0, 3)),
    ),
    max_size=12,
)


def _document(ident: str) -> bytes:
    doc = good_document()
    doc["article"]["id"] = ident
    return orjson.dumps(doc)


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_bytes(orjson.dumps(document))
    return path


def _corpus(path: Path, count: int) -> Path:
    path.write_bytes(b"".join(_document(f"doc-{i}") + b"\n" for i in range(count)))
    return path


@settings(settings.get_profile("slow"))
@given(lines=LINES, blocksize=st.integers(1, 400), newline=st.booleans())
def test_any_slicing_gives_the_same_report_and_fingerprint(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes], blocksize: int, newline: bool
) -> None:
    """Cutting a JSON Lines file into slices changes neither the merged report nor its pin."""
    path = tmp_path_factory.mktemp("core") / "a.jsonl"
    path.write_bytes(b"\n".join(lines) + (b"\n" if newline else b""))
    inputs = expand_inputs([str(path)])
    pinned = RunSettings(DEFAULT_CHECKS, pin=True)

    def pin(chunks: Iterable[Any]) -> Pin:
        total = Pin()
        for chunk in chunks:
            total.add(chunk.size, chunk.fingerprint)
        return total

    whole = [run(unit, pinned) for unit in plan(inputs)]
    sliced = [run(unit, pinned) for unit in plan(inputs, blocksize=blocksize)]
    assert merge(sliced, [path.name]) == merge(whole, [path.name])
    assert pin(sliced) == pin(whole)
    assert pin(whole).size == path.stat().st_size


def test_local_executor_keeps_task_order() -> None:
    """The local executor returns results in task order, in process or on worker processes."""
    for jobs in (1, 2):
        assert list(LocalExecutor(jobs).map(abs, range(0, -40, -1))) == list(range(40))


def test_an_engine_is_built_for_where_it_runs(tmp_path: Path) -> None:
    """The local engine is built with its jobs and refuses a scheduler when it is built."""
    path = _corpus(tmp_path / "a.jsonl", 5)
    inputs = expand_inputs([str(path)])
    with pytest.raises(EngineUnavailable, match="--scheduler applies only to --engine dask"):
        build_engine("local", scheduler="tcp://127.0.0.1:1")
    engine = build_engine("local", jobs=2)
    assert engine == LocalEngine(2)
    assert engine.validate(inputs, Settings()) == validate_inputs(inputs)


class _Growing:
    """A bundle exporter writing a stream that, as it starts writing, changes an input."""

    layout: Literal["bundle"] = "bundle"

    def __init__(self, inner: StreamExporter, change: Any) -> None:
        self.inner = inner
        self.change = change
        self.name, self.suffix, self.description = inner.name, inner.suffix, inner.description

    def write(self, documents: Iterable[Document], target: Path, options: Options) -> None:
        self.change()
        write_many(self.inner, documents, target, options)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_appended_while_converting_is_never_written_unchecked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """A JSON Lines input that grows while convert runs: no unchecked document is written."""
    source = _corpus(tmp_path / "in.jsonl", 3)

    unchecked = good_document()  # loads, but breaks an error-level rule: never to be written
    unchecked["article"]["id"] = "never-checked"
    unchecked["quotes"][0]["speaker"] = "nobody_here"
    assert not validate_inputs(expand_inputs([str(_write(tmp_path / "u.json", unchecked))])).valid

    def append() -> None:
        with open(source, "ab") as handle:
            handle.write(orjson.dumps(unchecked) + b"\n")

    monkeypatch.setitem(EXPORTERS, "jsonl", _Growing(JSONL, append))
    target = tmp_path / "out.jsonl"
    if jobs == 1:
        # One pass: the appended line is read, so it is checked like the others and refused.
        with pytest.raises(ConvertError, match="refusing to convert"):
            convert([str(source)], to="jsonl", output=str(target), jobs=jobs)
        assert not target.exists()
        return
    # Workers checked first: the writing pass reads only the bytes they checked.
    result, _ = convert([str(source)], to="jsonl", output=str(target), jobs=jobs)
    written = target.read_bytes().splitlines()
    assert result.documents == len(written) == 3
    assert b"never-checked" not in target.read_bytes()


def test_an_input_changed_after_the_workers_checked_it_stops_the_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An input rewritten after --jobs workers checked it is refused; no output is left."""
    source = _corpus(tmp_path / "in.jsonl", 3)

    def rewrite() -> None:
        data = source.read_bytes()
        source.write_bytes(data.replace(b"doc-1", b"doc-X"))

    monkeypatch.setitem(EXPORTERS, "jsonl", _Growing(JSONL, rewrite))
    target = tmp_path / "out.jsonl"
    with pytest.raises(ConvertError, match="changed during the conversion"):
        convert([str(source)], to="jsonl", output=str(target), jobs=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


@pytest.mark.parametrize("to", ["jsonl", "csv"])
def test_a_streaming_conversion_reads_and_checks_each_document_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, to: str
) -> None:
    """Converting to a stream or a bundle reads each input once and checks each document once."""
    import newsschema.validation as core

    source = _corpus(tmp_path / "in.jsonl", 5)
    reads: list[object] = []
    checks: list[object] = []
    real_read = getattr(core, "_slice_lines")  # noqa: B009 - a module-private function
    real_check = getattr(core, "validate_document")  # noqa: B009 - likewise

    def counted_read(*args: Any, **kwargs: Any) -> Any:
        reads.append(args[0])
        return real_read(*args, **kwargs)

    def counted_check(*args: Any, **kwargs: Any) -> Any:
        checks.append(args[0])
        return real_check(*args, **kwargs)

    monkeypatch.setattr(core, "_slice_lines", counted_read)
    monkeypatch.setattr(core, "validate_document", counted_check)
    result, _ = convert([str(source)], to=to, output=str(tmp_path / "out"))
    assert result.documents == 5
    assert (len(reads), len(checks)) == (1, 5)


@pytest.mark.parametrize("to", ["jsonl", "csv"])
def test_an_invalid_document_late_in_the_input_leaves_no_output(tmp_path: Path, to: str) -> None:
    """Written while checked: an error in the last document leaves no output and no folder."""
    source = _corpus(tmp_path / "in.jsonl", 4)
    broken = good_document()
    broken["article"]["id"] = "late"
    broken["quotes"][0]["speaker"] = "nobody_here"
    with open(source, "ab") as handle:
        handle.write(orjson.dumps(broken) + b"\n")
    target = tmp_path / "new" / "deeper" / "out"
    with pytest.raises(ConvertError) as caught:
        convert([str(source)], to=to, output=str(target))
    assert caught.value.findings and caught.value.invalid_documents == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def _bash(script: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run ``script`` in bash, with this interpreter's ``newsschema`` as $NS."""
    env = {**os.environ, "NS": f"{sys.executable} -m newsschema"}
    return subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env, capture_output=True, timeout=120, check=False
    )


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="process substitution")


@needs_bash
@pytest.mark.parametrize("to", ["jsonl", "csv"])
def test_a_pipe_given_to_convert_is_read_once(tmp_path: Path, to: str) -> None:
    """`convert <(...)` reads the pipe once: every document checked is also written."""
    _corpus(tmp_path / "in.jsonl", 4)
    done = _bash(f"$NS convert --from jsonl <(cat in.jsonl) --to {to} -o out", tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"converted 4 document(s)" in done.stderr
    if to == "csv":
        back = _bash("$NS convert out --to jsonl -o back.jsonl", tmp_path)
        assert back.returncode == 0, back.stderr
        assert len((tmp_path / "back.jsonl").read_bytes().splitlines()) == 4
    else:
        assert len((tmp_path / "out").read_bytes().splitlines()) == 4


@needs_bash
def test_a_pipe_given_to_validate_is_read_once_as_json_lines(tmp_path: Path) -> None:
    """`validate <(...)` reads the pipe once and tells JSON Lines from its bytes."""
    _corpus(tmp_path / "in.jsonl", 4)
    done = _bash("$NS validate <(cat in.jsonl) --jobs 2", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert b"valid: 4 document(s) in 1 file(s)" in done.stdout


def test_an_input_that_cannot_be_read_twice_keeps_its_bytes(tmp_path: Path) -> None:
    """Planning a FIFO reads it once; the unit carries the bytes wherever it runs."""
    fifo = tmp_path / "pipe.jsonl"
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(fifo)
    data = _corpus(tmp_path / "in.jsonl", 2).read_bytes()
    writer = subprocess.Popen(["sh", "-c", f"cat '{tmp_path / 'in.jsonl'}' > '{fifo}'"])
    try:
        (unit,) = plan([Input(fifo, "pipe.jsonl")])
    finally:
        writer.wait(timeout=60)
    assert unit.data == data and unit.jsonl
    assert run(unit, RunSettings()).documents == 2
