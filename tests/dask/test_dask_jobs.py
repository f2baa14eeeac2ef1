"""--jobs lives in the engine: the Dask engine starts that many workers or refuses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsschema.cli import cli
from newsschema.engines import EngineUnavailable, build_engine

nsdask = pytest.importorskip("newsschema.engines.dask")


def test_jobs_is_the_number_of_workers_of_the_local_cluster() -> None:
    """`build_engine("dask", jobs=2)` starts a local cluster of two workers."""
    engine = build_engine("dask", jobs=2)
    assert engine == nsdask.DaskEngine(None, workers=2)
    with engine.executor() as executor:
        assert executor.workers == 2


def test_jobs_with_a_scheduler_is_a_usage_error() -> None:
    """--jobs with --scheduler is refused: a running cluster has its own workers."""
    with pytest.raises(EngineUnavailable, match="--jobs sets the workers"):
        build_engine("dask", jobs=2, scheduler="tcp://127.0.0.1:1")
    result = CliRunner().invoke(
        cli,
        ["validate", "x.json", "--engine", "dask", "-j", "2", "--scheduler", "tcp://127.0.0.1:1"],
    )
    assert result.exit_code == 2 and "--jobs sets the workers" in result.output


def test_validate_with_dask_and_jobs_reports_as_the_local_engine(corpus: list[Path]) -> None:
    """validate --engine dask --jobs 2 prints the local engine's report, byte for byte."""
    paths = [str(p) for p in corpus]
    local = CliRunner().invoke(cli, ["validate", *paths, "--format", "json"])
    remote = CliRunner().invoke(
        cli, ["validate", *paths, "--format", "json", "--engine", "dask", "-j", "2"]
    )
    assert remote.exit_code == local.exit_code
    assert remote.output == local.output
