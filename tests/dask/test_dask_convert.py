"""Exports on Dask equal the local engine's: jsonld files, CSV and Parquet bundles in parts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsschema.cli import cli
from newsschema.convert import convert as local_convert
from newsschema.formats.tables._tables import TABLES

nsdask = pytest.importorskip("newsschema.engines.dask")
pq = pytest.importorskip("pyarrow.parquet")
frictionless = pytest.importorskip("frictionless")


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def _jsonl(bundle: Path, out: Path) -> bytes:
    """Import a bundle with the project's importer, back to canonical JSON Lines."""
    local_convert([str(bundle)], to="jsonl", output=str(out))
    return out.read_bytes()


def test_jsonld_files_are_identical(client: Any, clean_corpus: list[Path], tmp_path: Path) -> None:
    """`convert --to jsonld` on the Dask engine writes the same 200 files as the local engine."""
    paths = [str(p) for p in clean_corpus]
    local = _cli(["convert", *paths, "--to", "jsonld", "-o", str(tmp_path / "local")])
    remote = _cli(["convert", *paths, "--to", "jsonld", "-o", str(tmp_path / "dask"), *_on(client)])
    assert local.exit_code == remote.exit_code == 0
    expected = _files(tmp_path / "local")
    assert len(expected) == 200
    assert _files(tmp_path / "dask") == expected


def test_one_partition_gives_the_local_bundle_byte_for_byte(
    client: Any, clean_corpus: list[Path], tmp_path: Path
) -> None:
    """A one-partition Dask CSV export equals the local bundle byte for byte."""
    path = str(clean_corpus[0])
    local_convert([path], to="csv", output=str(tmp_path / "local"))
    nsdask.convert(
        [path], to="csv", output=str(tmp_path / "dask"), scheduler=client.scheduler.address
    )
    assert _files(tmp_path / "dask") == _files(tmp_path / "local")


@pytest.mark.parametrize("excel", [False, True])
def test_csv_parts_concatenate_to_the_local_tables(
    client: Any, clean_corpus: list[Path], tmp_path: Path, excel: bool
) -> None:
    """Dask CSV parts each carry the header, concatenate to the local tables, pass Frictionless."""
    paths = [str(p) for p in clean_corpus]
    options = {"excel": True} if excel else {}
    local_convert(paths, to="csv", output=str(tmp_path / "local"), options=options)
    nsdask.convert(
        paths,
        to="csv",
        output=str(tmp_path / "dask"),
        options=options,
        scheduler=client.scheduler.address,
        blocksize=40_000,
    )
    package = json.loads((tmp_path / "dask" / "datapackage.json").read_text())
    for resource in package["resources"]:
        parts = resource["path"]
        assert isinstance(parts, list) and len(parts) > 2
        local = (tmp_path / "local" / f"{resource['name']}.csv").read_bytes()
        header = local[: local.index(b"\r\n") + 2]
        texts = [(tmp_path / "dask" / p).read_bytes() for p in parts]
        # Every part is a whole CSV file: the header row, then its rows.
        assert all(text.startswith(header) for text in texts)
        assert header + b"".join(t[len(header) :] for t in texts) == local
    # Lossless: the project's importer gives back the very documents the local bundle gives.
    assert _jsonl(tmp_path / "dask", tmp_path / "d.jsonl") == _jsonl(
        tmp_path / "local", tmp_path / "l.jsonl"
    )
    # And Frictionless reads the parts as one table.
    report = frictionless.validate(tmp_path / "dask" / "datapackage.json")
    assert report.valid, [e.note for t in report.tasks for e in t.errors][:5]
    assert len(report.tasks) == len(TABLES)


def test_parquet_parts_hold_the_local_rows(
    client: Any, clean_corpus: list[Path], tmp_path: Path
) -> None:
    """Dask Parquet parts hold the local rows in order and import to the same documents."""
    paths = [str(p) for p in clean_corpus]
    local_convert(paths, to="parquet", output=str(tmp_path / "local"))
    bag = nsdask.read_documents(paths, blocksize=40_000)
    ids = nsdask.to_parquet(bag, tmp_path / "dask")
    assert len(ids) == 200
    package = json.loads((tmp_path / "dask" / "datapackage.json").read_text())
    for resource in package["resources"]:
        rows = [
            row
            for part in resource["path"]
            for row in pq.read_table(tmp_path / "dask" / part).to_pylist()
        ]
        local = pq.read_table(tmp_path / "local" / f"{resource['name']}.parquet").to_pylist()
        assert rows == local
    assert _jsonl(tmp_path / "dask", tmp_path / "d.jsonl") == _jsonl(
        tmp_path / "local", tmp_path / "l.jsonl"
    )


def test_invalid_input_is_refused_with_the_same_findings(
    client: Any, corpus: list[Path], tmp_path: Path
) -> None:
    """Invalid input is refused by the Dask engine with the local output and no bundle."""
    paths = [str(p) for p in corpus]
    local = _cli(["convert", *paths, "--to", "csv", "-o", str(tmp_path / "local")])
    remote = _cli(["convert", *paths, "--to", "csv", "-o", str(tmp_path / "dask"), *_on(client)])
    assert local.exit_code == remote.exit_code == 1
    assert "refusing to convert" in remote.output
    assert remote.output == local.output
    assert not (tmp_path / "dask").exists()


def test_duplicate_ids_are_refused(client: Any, clean_corpus: list[Path], tmp_path: Path) -> None:
    """Duplicate article ids across inputs are refused by the Dask engine for CSV and JSON-LD."""
    twice = [str(clean_corpus[0]), str(tmp_path / "copy.jsonl")]
    (tmp_path / "copy.jsonl").write_bytes(clean_corpus[0].read_bytes())
    for to in ("csv", "jsonld"):
        result = _cli(["convert", *twice, "--to", to, "-o", str(tmp_path / to), *_on(client)])
        assert result.exit_code == 1
        assert "article id" in result.output
    assert not (tmp_path / "csv").exists()


def test_stream_formats_are_a_usage_error(
    client: Any, clean_corpus: list[Path], tmp_path: Path
) -> None:
    """Asking the Dask engine for a stream format (JSONL) is a usage error (exit 2)."""
    result = _cli(
        [
            "convert",
            str(clean_corpus[0]),
            "--to",
            "jsonl",
            "-o",
            str(tmp_path / "x.jsonl"),
            *_on(client),
        ]
    )
    assert result.exit_code == 2
    assert "--engine dask" in result.output


def test_keep_going_writes_what_the_local_engine_writes(
    client: Any, corpus: list[Path], tmp_path: Path
) -> None:
    """`convert --keep-going --engine dask` writes and says what the local engine does; exit 1."""
    paths = [str(p) for p in corpus]
    local = _cli(
        ["convert", *paths, "--to", "jsonld", "-o", str(tmp_path / "local"), "--keep-going"]
    )
    remote = _cli(
        [
            "convert",
            *paths,
            "--to",
            "jsonld",
            "-o",
            str(tmp_path / "dask"),
            "--keep-going",
            *_on(client),
        ]
    )
    assert local.exit_code == remote.exit_code == 1
    assert "left out" in remote.output and "NS0" in remote.output
    assert remote.output == local.output.replace(str(tmp_path / "local"), str(tmp_path / "dask"))
    written = _files(tmp_path / "dask")
    assert written == _files(tmp_path / "local")
    assert 0 < len(written) < 300


def test_keep_going_bundle_in_parts_holds_the_valid_documents(
    client: Any, corpus: list[Path], tmp_path: Path
) -> None:
    """A --keep-going CSV bundle written in parts imports to the local --keep-going documents."""
    paths = [str(p) for p in corpus]
    local, _ = local_convert(paths, to="csv", output=str(tmp_path / "local"), keep_going=True)
    remote, _ = nsdask.convert(
        paths,
        to="csv",
        output=str(tmp_path / "dask"),
        scheduler=client.scheduler.address,
        blocksize=20_000,
        keep_going=True,
    )
    assert (
        len(
            json.loads((tmp_path / "dask" / "datapackage.json").read_text())["resources"][0]["path"]
        )
        > 1
    )
    assert (remote.documents, remote.left_out, remote.read) == (
        local.documents,
        local.left_out,
        local.read,
    )
    assert not remote.complete and remote.findings == local.findings
    assert _jsonl(tmp_path / "dask", tmp_path / "d.jsonl") == _jsonl(
        tmp_path / "local", tmp_path / "l.jsonl"
    )


def _on(client: Any) -> list[str]:
    return ["--engine", "dask", "--scheduler", client.scheduler.address]


def _cli(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_a_broken_part_is_located_in_that_part(
    client: Any, clean_corpus: list[Path], tmp_path: Path
) -> None:
    """A broken header in one CSV part is NS071 located in that part file."""
    bag = nsdask.read_documents([str(p) for p in clean_corpus], blocksize=40_000)
    nsdask.to_csv_bundle(bag, tmp_path / "b")
    part = tmp_path / "b" / "quotes-00002.csv"
    text = part.read_bytes()
    part.write_bytes(text.replace(b"quote_id", b"quote_ident", 1))
    result = _cli(["convert", str(tmp_path / "b"), "--to", "jsonl", "-o", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'b' / 'quotes-00002.csv'}:1:" in result.output
    assert "NS071" in result.output and "quote_ident" in result.output
