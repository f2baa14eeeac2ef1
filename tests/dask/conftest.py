"""Fixtures for the Dask engine: one small local cluster per module, and a corpus with errors."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from newsschema.strategies import document_dicts


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
        silence_logs=40,
    ) as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with distributed.Client(cluster) as connected:
        yield connected


def _generated(count: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    # Not a test: Hypothesis only draws a corpus of ``count`` documents (the corpus size, not an
    # example count, so it does not follow the profile), the same ones on every run.
    @settings(
        max_examples=count,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    @given(document_dicts())
    def collect(doc: dict[str, Any]) -> None:
        found.append(doc)

    collect()
    return found


def _spoil(doc: dict[str, Any], rng: random.Random) -> bytes:
    """Return a line with an error: broken JSON, a model error or a rule error."""
    kind = rng.randrange(3)
    line = orjson.dumps(doc)
    if kind == 0:
        return line[: len(line) // 2]  # truncated JSON
    spoiled = dict(doc)
    if kind == 1:
        spoiled["article"] = {**doc["article"], "id": ""}  # the model refuses an empty id
    else:
        quotes = doc.get("quotes") or []
        if quotes:
            spoiled["quotes"] = [{**quotes[0], "speaker": "nobody_here"}, *quotes[1:]]
        else:
            spoiled["article"] = {**doc["article"], "language": "not a language"}
    return orjson.dumps(spoiled)


def write_corpus(directory: Path, *, documents: int, files: int, errors: bool) -> list[Path]:
    """Write ``documents`` generated documents with distinct ids over ``files`` JSONL files."""
    rng = random.Random(7)
    base = _generated(min(documents, 150))
    paths = [directory / f"part{i}.jsonl" for i in range(files)]
    lines: list[list[bytes]] = [[] for _ in paths]
    for n in range(documents):
        doc = dict(base[n % len(base)])
        doc["article"] = {**doc["article"], "id": f"a{n:06d}"}
        line = orjson.dumps(doc)
        if errors and rng.random() < 0.08:
            line = _spoil(doc, rng)
        target = lines[n % files]
        target.append(line)
        if errors and rng.random() < 0.03:
            target.append(b"   ")  # a blank line: counted as a line, not as a document
    for path, content in zip(paths, lines, strict=True):
        path.write_bytes(b"\n".join(content) + b"\n")
    return paths


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("corpus"), documents=300, files=3, errors=True)


@pytest.fixture(scope="module")
def clean_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("clean"), documents=200, files=2, errors=False)
