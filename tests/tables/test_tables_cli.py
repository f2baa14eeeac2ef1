"""``newsschema convert`` to and from the table bundles, end to end."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsschema.cli import cli
from newsschema.convert import convert
from newsschema.formats import IMPORTERS
from newsschema.formats.canonical import dump_canonical
from newsschema.loader import load_documents
from newsschema.models import Document

from .tables_support import SEEDS, canonical, sample_document


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _with_id(document: Document, article_id: str) -> Document:
    return document.model_copy(
        update={"article": document.article.model_copy(update={"id": article_id})}
    )


def _corpus(tmp: Path, count: int) -> Path:
    path = tmp / f"corpus{count}.jsonl"
    with path.open("wb") as handle:
        for i in range(count):
            handle.write(dump_canonical(_with_id(sample_document(), f"a{i}"), indent=False))
            handle.write(b"\n")
    return path


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_convert_the_seeds_to_tables_and_back(tmp_path: Path, fmt: str) -> None:
    """Seeds converted to a table bundle and back to JSONL are unchanged."""
    if not sorted(SEEDS.glob("*.json")):
        pytest.skip("seeds/ is not present")
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    code, output = _run("convert", str(SEEDS), "--to", fmt, "-o", str(tmp_path / "out"))
    assert code == 0, output
    code, output = _run(
        "convert", str(tmp_path / "out"), "--to", "jsonl", "-o", str(tmp_path / "back.jsonl")
    )
    assert code == 0, output
    originals = [d for path in sorted(SEEDS.glob("*.json")) for d in load_documents(path)]
    assert canonical(load_documents(tmp_path / "back.jsonl")) == canonical(originals)


@pytest.mark.parametrize(("fmt", "name"), [("csv", "out"), ("csv", "out.zip"), ("parquet", "pq")])
def test_corpus_round_trip_through_the_cli(tmp_path: Path, fmt: str, name: str) -> None:
    """A corpus through a table bundle (dir or zip) and back gives the same JSONL bytes."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    corpus = _corpus(tmp_path, 5)
    code, output = _run("convert", str(corpus), "--to", fmt, "-o", str(tmp_path / name))
    assert code == 0, output
    code, output = _run("convert", str(tmp_path / name), "--to", "jsonl")
    assert code == 0, output
    assert output.encode() == corpus.read_bytes()


def test_excel_flag_reaches_the_exporter(tmp_path: Path) -> None:
    """`--excel` adds a BOM to CSV tables and is a usage error for other formats."""
    corpus = _corpus(tmp_path, 1)
    code, _ = _run("convert", str(corpus), "--to", "csv", "--excel", "-o", str(tmp_path / "x"))
    assert code == 0
    assert (tmp_path / "x" / "quotes.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    # Other formats do not read it: asking for it there is a usage error, not silently ignored.
    code, output = _run("convert", str(corpus), "--to", "jsonl", "--excel")
    assert code == 2 and "--excel applies only to --to csv" in output


def _leftovers(directory: Path) -> list[str]:
    return sorted(name for name in os.listdir(directory) if name.startswith("."))


def test_a_failed_export_leaves_no_partial_bundle(tmp_path: Path) -> None:
    """A refused bundle export (duplicate ids) leaves no dir, zip or temp files."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    # Two files with the same article id: the bundle cannot key them apart.
    for name in ("one.json", "two.json"):
        (inputs / name).write_bytes(dump_canonical(sample_document()))
    out = tmp_path / "out"
    code, output = _run("convert", str(inputs), "--to", "csv", "-o", str(out))
    assert code == 1 and "article id" in output
    assert not out.exists()
    code, output = _run("convert", str(inputs), "--to", "csv", "-o", str(tmp_path / "out.zip"))
    assert code == 1 and not (tmp_path / "out.zip").exists()
    assert _leftovers(tmp_path) == []


def test_an_existing_bundle_is_replaced_whole(tmp_path: Path) -> None:
    """An earlier bundle is replaced whole; a dir with foreign files is refused and kept."""
    out = tmp_path / "out"
    assert _run("convert", str(_corpus(tmp_path, 3)), "--to", "csv", "-o", str(out))[0] == 0
    (out / "articles.csv").write_text("from before", encoding="utf-8")
    assert _run("convert", str(_corpus(tmp_path, 1)), "--to", "csv", "-o", str(out))[0] == 0
    assert len(list(IMPORTERS["csv"].read(out, {}))) == 1
    # A file the bundle writer did not write means it is not (only) a bundle: refused, kept.
    (out / "stale.txt").write_text("from before", encoding="utf-8")
    assert _run("convert", str(_corpus(tmp_path, 1)), "--to", "csv", "-o", str(out))[0] == 2
    assert (out / "stale.txt").read_text(encoding="utf-8") == "from before"
    assert _leftovers(tmp_path) == []


def test_a_directory_that_is_not_a_bundle_is_never_overwritten(tmp_path: Path) -> None:
    """A directory that is not an earlier bundle is refused (exit 2) and kept."""
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    code, output = _run("convert", str(_corpus(tmp_path, 1)), "--to", "csv", "-o", str(out))
    assert code == 2 and "not an earlier bundle" in output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert _leftovers(tmp_path) == []


def test_a_tampered_bundle_is_refused_with_its_location(tmp_path: Path) -> None:
    """A tampered speaker name is NS073 at quotes.csv line 2, and nothing is written."""
    out = tmp_path / "out"
    assert _run("convert", str(_corpus(tmp_path, 2)), "--to", "csv", "-o", str(out))[0] == 0
    quotes = out / "quotes.csv"
    quotes.write_text(
        quotes.read_text(encoding="utf-8").replace("Sergey Lavrov", "S. Lavrov", 1),
        encoding="utf-8",
    )
    code, output = _run("convert", str(out), "--to", "jsonl", "-o", str(tmp_path / "b.jsonl"))
    assert code == 1
    assert "NS073" in output and "quotes.csv:2:" in output
    assert not (tmp_path / "b.jsonl").exists()


def _peak(corpus: Path, target: Path) -> int:
    tracemalloc.start()
    try:
        convert([str(corpus)], to="csv", output=str(target))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_streams_in_constant_memory(tmp_path: Path) -> None:
    """Exporting 20x more documents less than doubles peak memory."""
    small = _peak(_corpus(tmp_path, 50), tmp_path / "small")
    large = _peak(_corpus(tmp_path, 1000), tmp_path / "large")
    # Twenty times the documents; only the set of seen article ids grows.
    assert large < small * 2, (small, large)
