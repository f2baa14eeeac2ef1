"""The Dask engine reports exactly what the local engine reports, in the same order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsschema._inputs import expand_inputs
from newsschema.cli import cli
from newsschema.config import Settings
from newsschema.reporters import REPORTERS
from newsschema.validation import validate_inputs

nsdask = pytest.importorskip("newsschema.engines.dask")


def _local(paths: list[str], settings: Settings) -> Any:
    checks = (settings.rule_set(),)
    return validate_inputs(expand_inputs(paths), checks, fail_fast=settings.fail_fast, jobs=1)


def test_the_corpus_has_every_kind_of_error(corpus: list[Path]) -> None:
    """The test corpus holds parse, model and rule errors in plausible numbers."""
    report = _local([str(p) for p in corpus], Settings())
    codes = {f.code for f in report.findings}
    assert "NS001" in codes  # broken JSON
    assert codes & {"NS020", "NS021", "NS022", "NS023"}  # the model refused a value
    assert "NS202" in codes  # a rule: the speaker is not an id of the document
    assert report.documents == 300 and 10 < report.invalid_documents < 60


@pytest.mark.parametrize("blocksize", [None, 9_000, 50_000])
def test_reports_equal_the_local_engine(
    client: Any, corpus: list[Path], blocksize: int | None
) -> None:
    """Dask validation gives the local report, line numbers included, for any block size."""
    paths = [str(p) for p in corpus]
    settings = Settings()
    local = _local(paths, settings)
    inputs = expand_inputs(paths)
    remote = nsdask.validate_inputs(
        inputs, settings, scheduler=client.scheduler.address, blocksize=blocksize
    )
    assert remote == local
    assert [f.line for f in remote.findings] == [f.line for f in local.findings]


def test_records_carry_file_and_line(client: Any, corpus: list[Path]) -> None:
    """Read records carry file, physical line and per-file document index across blocks."""
    bag = nsdask.read_documents([str(p) for p in corpus], blocksize=7_000)
    assert bag.npartitions > 6  # several blocks per file
    records = bag.compute()
    expected = []
    for path in corpus:
        for number, line in enumerate(path.read_bytes().split(b"\n"), start=1):
            if line.strip():
                expected.append((str(path), number, line))
    assert [(r.file, r.line, r.data) for r in records] == expected
    # Document indexes count documents, not blank lines, and restart in every file.
    for path in corpus:
        indexes = [r.document for r in records if r.file == str(path)]
        assert indexes == list(range(len(indexes)))


def test_validate_takes_a_bag_and_settings(client: Any, corpus: list[Path]) -> None:
    """`validate` on a bag applies selection and warnings-as-errors as the local engine does."""
    settings = Settings(select=("NS2",), warnings_as_errors=True)
    paths = [str(p) for p in corpus]
    bag = nsdask.read_documents(paths, blocksize=20_000)
    assert nsdask.validate(bag, settings) == _local(paths, settings)


def test_fail_fast_stops_at_the_same_document(client: Any, corpus: list[Path]) -> None:
    """With fail-fast the Dask engine stops at the same document as the local engine."""
    settings = Settings(fail_fast=True)
    paths = [str(p) for p in corpus]
    local = _local(paths, settings)
    remote = nsdask.validate(nsdask.read_documents(paths, blocksize=9_000), settings, files=paths)
    assert local.stopped and remote == local


def _cli(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


@pytest.mark.parametrize("output_format", sorted(REPORTERS))
def test_cli_output_is_byte_identical(
    client: Any, corpus: list[Path], tmp_path: Path, output_format: str
) -> None:
    """CLI validate output is identical across engines for each format (JUnit times aside)."""
    # A missing input in the middle is reported in its place by both engines.
    paths = [str(corpus[0]), str(tmp_path / "missing.jsonl"), *map(str, corpus[1:])]
    common = ["validate", "--format", output_format, *paths]
    local = _cli(common)
    remote = _cli([*common, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert local.exit_code == remote.exit_code == 1
    # JUnit records how long each document took: a measurement, the same in no two runs.
    assert _untimed(remote.output) == _untimed(local.output)
    assert "missing.jsonl" in local.output


def _untimed(output: str) -> str:
    return re.sub(r' time="\d+\.\d+"', "", output)


def test_valid_corpus_exits_0_on_both(client: Any, clean_corpus: list[Path]) -> None:
    """A valid corpus exits 0 with identical output on both engines."""
    paths = [str(p) for p in clean_corpus]
    local = _cli(["validate", *paths])
    remote = _cli(["validate", *paths, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert local.exit_code == remote.exit_code == 0
    assert remote.output == local.output
    assert "200 document(s)" in remote.output


def test_scheduler_needs_the_dask_engine(corpus: list[Path]) -> None:
    """`--scheduler` without `--engine dask` is a usage error (exit 2)."""
    result = CliRunner().invoke(cli, ["validate", str(corpus[0]), "--scheduler", "tcp://x:1"])
    assert result.exit_code == 2
    assert "--scheduler applies only to --engine dask" in result.output


def test_without_the_extra_the_dask_engine_is_a_usage_error(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the dask extra, `--engine dask` exits 2 naming the extra to install."""
    # None in sys.modules makes the import fail as it does when dask is not installed.
    monkeypatch.setitem(__import__("sys").modules, "newsschema.engines.dask", None)
    monkeypatch.delattr(__import__("newsschema.engines").engines, "dask", raising=False)
    for args in (
        ["validate", str(corpus[0]), "--engine", "dask"],
        [
            "convert",
            str(corpus[0]),
            "--to",
            "jsonld",
            "-o",
            str(tmp_path / "o"),
            "--engine",
            "dask",
        ],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert "pip install 'newsschema[dask]'" in result.output
