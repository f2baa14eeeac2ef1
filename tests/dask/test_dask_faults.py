"""A worker that dies mid-run loses and repeats nothing: Dask retries its partitions."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from newsschema._inputs import expand_inputs
from newsschema.config import Settings
from newsschema.convert import convert as local_convert
from newsschema.validation import validate_inputs

nsdask = pytest.importorskip("newsschema.engines.dask")


def _die_once(records: list[Any], marker: str) -> list[Any]:
    """Kill the worker process running the first partition to get here; pass the rest through."""
    try:
        handle = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return records
    os.write(handle, str(os.getpid()).encode())
    os.close(handle)
    os._exit(1)  # no clean-up, no reply to the scheduler: as if the machine went away


# The workers cannot import this test module; cloudpickle sends a function of __main__ by value.
_die_once.__module__ = "__main__"


def test_a_killed_worker_loses_no_finding(client: Any, corpus: list[Path], tmp_path: Path) -> None:
    """A worker killed mid-run loses and duplicates no finding: the report equals the local one."""
    paths = [str(p) for p in corpus]
    marker = tmp_path / "killed"
    settings = Settings()
    bag = nsdask.read_documents(paths, blocksize=9_000).map_partitions(_die_once, str(marker))
    remote = nsdask.validate(bag, settings, files=paths)
    assert marker.exists(), "no worker was killed"
    local = validate_inputs(expand_inputs(paths), (settings.rule_set(),))
    assert remote == local
    assert len(remote.findings) == len(set(remote.findings))


def test_a_killed_worker_leaves_the_same_bundle(
    client: Any, clean_corpus: list[Path], tmp_path: Path
) -> None:
    """A worker killed mid-export still yields a bundle that imports as the local one does."""
    paths = [str(p) for p in clean_corpus]
    marker = tmp_path / "killed"
    bag = nsdask.read_documents(paths, blocksize=40_000).map_partitions(_die_once, str(marker))
    ids = nsdask.to_csv_bundle(bag, tmp_path / "dask")
    assert marker.exists(), "no worker was killed"
    assert len(ids) == len(set(ids)) == 200
    local_convert(paths, to="csv", output=str(tmp_path / "local"))
    local_convert([str(tmp_path / "local")], to="jsonl", output=str(tmp_path / "l.jsonl"))
    local_convert([str(tmp_path / "dask")], to="jsonl", output=str(tmp_path / "d.jsonl"))
    assert (tmp_path / "d.jsonl").read_bytes() == (tmp_path / "l.jsonl").read_bytes()
