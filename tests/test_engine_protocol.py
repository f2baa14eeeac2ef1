"""An engine is an executor and a conversion: validate and convert are written once."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import orjson
import pytest

from newsschema._inputs import expand_inputs
from newsschema._parallel import Executor
from newsschema.config import Settings
from newsschema.convert import ConvertError, ConvertResult
from newsschema.convert import convert as local_convert
from newsschema.engines import Conversion, Engine, LocalEngine
from newsschema.validation import Check, Progress
from tests.validation._docs import good_document

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class _Threads:
    """An executor on a thread pool (tasks run outside the caller's loop), counting its maps."""

    maps: list[int] = field(default_factory=list)

    @property
    def in_process(self) -> bool:
        return False

    @property
    def workers(self) -> int:
        return 3

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        listed = list(tasks)
        self.maps.append(len(listed))
        with ThreadPoolExecutor(self.workers) as pool:
            return iter(list(pool.map(function, listed)))


@dataclass(frozen=True)
class _ThreadEngine(Engine):
    """A whole engine: where the units run and how it converts, nothing else."""

    threads: _Threads
    blocksize: int | None = 300
    name = "threads"

    def executor(self) -> AbstractContextManager[Executor]:
        return contextlib.nullcontext(self.threads)

    def run_conversion(
        self, conversion: Conversion, checks: Sequence[Check], progress: Progress | None
    ) -> tuple[ConvertResult, bytes | None]:
        return conversion.run(local_convert, checks=checks, progress=progress)


def _corpus(path: Path, bad: int) -> Path:
    lines = []
    for i in range(6):
        doc = good_document()
        doc["article"]["id"] = f"doc-{i}"
        if i == bad:
            doc["quotes"][0]["speaker"] = "nobody_here"
        lines.append(orjson.dumps(doc))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.mark.parametrize("bad", [-1, 4])
def test_a_new_engine_validates_as_the_local_engine(tmp_path: Path, bad: int) -> None:
    """An engine that only provides an executor gives the local engine's report, sliced or not."""
    inputs = expand_inputs([str(_corpus(tmp_path / "a.jsonl", bad))])
    threads = _Threads()
    report = _ThreadEngine(threads).validate(inputs, Settings())
    assert report == LocalEngine().validate(inputs, Settings())
    assert report.valid is (bad < 0)
    assert threads.maps, "the units were not sent to the engine's executor"
    assert threads.maps[0] > 1, "the engine's blocksize did not slice the file"


def test_a_new_engine_converts_with_the_settings_rules(tmp_path: Path) -> None:
    """convert on any engine checks with the rules the settings select, then converts."""
    source = str(_corpus(tmp_path / "a.jsonl", 2))
    engine = _ThreadEngine(_Threads())
    with pytest.raises(ConvertError, match="refusing to convert"):
        engine.convert([source], to="jsonl", output=None, source_format=None, options={})
    ignoring = Settings(ignore=("NS202",))
    result, data = engine.convert(
        [source], to="jsonl", output=None, source_format=None, options={}, settings=ignoring
    )
    assert result.documents == 6
    assert data is not None and data.count(b"\n") == 6
