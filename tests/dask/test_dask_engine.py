"""The Dask engine is an executor for the core: built with its scheduler, it reports as it goes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest

from newsschema._inputs import expand_inputs
from newsschema.config import Settings
from newsschema.convert import ConvertError
from newsschema.engines import build_engine
from newsschema.findings import Finding
from newsschema.validation import validate_inputs

nsdask = pytest.importorskip("newsschema.engines.dask")


def test_the_engine_is_built_with_its_scheduler(client: Any) -> None:
    """`build_engine("dask", scheduler=...)` is the Dask engine bound to that scheduler."""
    engine = build_engine("dask", scheduler=client.scheduler.address)
    assert engine == nsdask.DaskEngine(client.scheduler.address)


def test_progress_and_findings_are_reported_as_chunks_come_back(
    client: Any, corpus: list[Path]
) -> None:
    """The Dask engine calls progress with every input byte and found with every finding."""
    inputs = expand_inputs([str(p) for p in corpus])
    engine = nsdask.DaskEngine(client.scheduler.address, blocksize=9_000)
    done: list[int] = []
    found: list[Finding] = []
    counted: list[int] = []

    def on_found(findings: Sequence[Finding], documents: int) -> None:
        found.extend(findings)
        counted.append(documents)

    report = engine.validate(inputs, Settings(), progress=done.append, found=on_found)
    assert report == validate_inputs(inputs)
    assert sum(done) == sum(p.stat().st_size for p in corpus)
    assert len(done) > len(corpus)  # one call per slice, as slices come back
    assert tuple(found) == report.findings
    assert sum(counted) == report.documents


def test_fail_fast_stops_at_the_first_invalid_document(client: Any, corpus: list[Path]) -> None:
    """With fail-fast, the Dask engine's report stops where the local engine's does."""
    inputs = expand_inputs([str(p) for p in corpus])
    settings = Settings(fail_fast=True)
    remote = nsdask.DaskEngine(client.scheduler.address, blocksize=9_000).validate(inputs, settings)
    local = validate_inputs(inputs, (settings.rule_set(),), fail_fast=True)
    assert remote == local
    assert remote.stopped and remote.invalid_documents == 1


def test_convert_reports_the_documents_checked(
    client: Any, clean_corpus: list[Path], tmp_path: Path
) -> None:
    """The Dask engine's convert calls progress with the number of documents it checked."""
    done: list[int] = []
    result, _ = nsdask.DaskEngine(client.scheduler.address).convert(
        [str(p) for p in clean_corpus],
        to="jsonld",
        output=str(tmp_path / "out"),
        source_format=None,
        options={},
        progress=done.append,
    )
    assert sum(done) == result.documents == 200


@pytest.mark.parametrize("to", ["csv", "jsonld"])
def test_a_document_appended_after_the_check_is_never_written(
    client: Any,
    clean_corpus: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    to: str,
) -> None:
    """On Dask, a document appended between the check and the write is refused, not written."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(clean_corpus[0].read_bytes())
    first = orjson.loads(source.read_bytes().splitlines()[0])
    first["article"]["id"] = "never-checked"
    read = nsdask.read_documents

    def grown(*args: Any, **kwargs: Any) -> Any:
        with open(source, "ab") as handle:  # as another process might, after the check
            handle.write(orjson.dumps(first) + b"\n")
        return read(*args, **kwargs)

    monkeypatch.setattr(nsdask, "read_documents", grown)
    target = tmp_path / "out"
    with pytest.raises(ConvertError, match="changed during the conversion"):
        nsdask.DaskEngine(client.scheduler.address).convert(
            [str(source)], to=to, output=str(target), source_format=None, options={}
        )
    assert not (target / "never-checked.jsonld").exists()
    if to == "csv":
        assert not target.exists()


@pytest.mark.parametrize("to", ["brat", "inception", "labelstudio", "spacy", "doccano", "jsonl"])
def test_formats_workers_cannot_write_in_parts_are_a_usage_error(
    clean_corpus: list[Path], tmp_path: Path, to: str
) -> None:
    """A format the workers cannot write in parts is refused before any work, as a usage error."""
    with pytest.raises(ConvertError, match="--engine dask") as refused:
        nsdask.DaskEngine("tcp://127.0.0.1:1").convert(
            [str(clean_corpus[0])],
            to=to,
            output=str(tmp_path / "out"),
            source_format=None,
            options={},
        )
    assert refused.value.usage
    assert "csv, parquet" in str(refused.value)
    assert not (tmp_path / "out").exists()


def test_the_bundle_formats_written_in_parts_are_the_table_bundles() -> None:
    """Every engine finds the bundles it can write in parts in the one formats registry."""
    from newsschema.formats import BUNDLE_PARTS, EXPORTERS

    assert sorted(BUNDLE_PARTS) == ["csv", "parquet"]
    for name, parts in BUNDLE_PARTS.items():
        assert EXPORTERS[name].layout == "bundle"
        assert parts.extension == name


def test_the_first_public_path_reexports_the_dask_engine() -> None:
    """`newsschema.dask`, the documented path, has the objects of `newsschema.engines.dask`."""
    import newsschema.dask as old_path

    for name in old_path.__all__:
        assert getattr(old_path, name) is getattr(nsdask, name), name
    assert set(old_path.__all__) == set(nsdask.__all__)
