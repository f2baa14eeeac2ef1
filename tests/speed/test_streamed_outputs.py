"""One file per document, written as each document passes, appearing only when all have passed."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path
from typing import Any

import orjson
import pytest

from newsschema import _folder
from newsschema.convert import ConvertError, convert
from newsschema.formats import EXPORTERS

from ..conftest import temp_leftovers
from ..validation._docs import good_document


def _lines(path: Path, count: int, *, bad: int | None = None, ids: list[str] | None = None) -> Path:
    """Write ``count`` valid documents as JSON Lines (one invalid at ``bad``)."""
    lines = []
    for i in range(count):
        doc = good_document()
        doc["article"]["id"] = ids[i] if ids else f"doc-{i}"
        if i == bad:
            doc["quotes"][0]["speaker"] = "nobody_here"
        lines.append(orjson.dumps(doc))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_each_file_is_written_before_the_next_document_is_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rendering and writing alternate: no rendered file waits for the others in memory."""
    events: list[str] = []
    exporter: Any = EXPORTERS["jsonld"]
    real_dump, real_write = type(exporter).dump_plain, _folder.write_fully  # type: ignore[attr-defined]

    def dump_plain(self: Any, document: Any, options: Any) -> bytes:
        events.append("render")
        data: bytes = real_dump(self, document, options)
        return data

    def write_fully(descriptor: int, data: bytes) -> None:
        events.append("write")
        real_write(descriptor, data)

    monkeypatch.setattr(type(exporter), "dump_plain", dump_plain)
    monkeypatch.setattr(_folder, "write_fully", write_fully)
    source = _lines(tmp_path / "in.jsonl", 5)
    result, _ = convert([str(source)], to="jsonld", output=str(tmp_path / "out") + "/")
    assert events == ["render", "write"] * 5
    assert result.documents == 5 and len(list((tmp_path / "out").iterdir())) == 5


def test_memory_stays_that_of_one_document_not_of_every_output(tmp_path: Path) -> None:
    """Converting 200 documents to pages holds far less than the pages' total size at once."""
    warm = _lines(tmp_path / "warm.jsonl", 2)
    convert([str(warm)], to="html", output=str(tmp_path / "warm") + "/")  # imports not counted
    source = _lines(tmp_path / "in.jsonl", 200)
    tracemalloc.start()
    try:
        convert([str(source)], to="html", output=str(tmp_path / "out") + "/")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    total = sum(p.stat().st_size for p in (tmp_path / "out").iterdir())
    assert peak < total / 10, (peak, total)


@pytest.mark.parametrize("existing", [False, True])
def test_a_late_invalid_document_leaves_nothing_written(tmp_path: Path, existing: bool) -> None:
    """An error in the last document: no new folder, or the existing one exactly as it was."""
    source = _lines(tmp_path / "in.jsonl", 6, bad=5)
    target = tmp_path / "out"
    if existing:
        target.mkdir()
        (target / "doc-0.jsonld").write_bytes(b"old")
    with pytest.raises(ConvertError) as caught:
        convert([str(source)], to="jsonld", output=str(target) + "/")
    assert caught.value.invalid_documents == 1
    if existing:
        assert {p.name: p.read_bytes() for p in target.iterdir()} == {"doc-0.jsonld": b"old"}
    else:
        assert not target.exists()
    assert temp_leftovers(tmp_path) == []


def test_a_refusal_is_reported_before_a_shared_article_id(tmp_path: Path) -> None:
    """Two documents with one id and a later invalid one: the refusal with findings comes first."""
    source = _lines(tmp_path / "in.jsonl", 4, bad=3, ids=["a", "a", "b", "c"])
    with pytest.raises(ConvertError) as caught:
        convert([str(source)], to="jsonld", output=str(tmp_path / "out") + "/")
    assert caught.value.findings and caught.value.invalid_documents == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_a_shared_article_id_writes_nothing(tmp_path: Path) -> None:
    """Two valid documents with one article id: refused, no folder and no temporary one."""
    source = _lines(tmp_path / "in.jsonl", 4, ids=["a", "b", "a", "c"])
    with pytest.raises(ConvertError, match="share an article id"):
        convert([str(source)], to="jsonld", output=str(tmp_path / "new" / "out") + "/")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_keeping_going_with_every_document_invalid_writes_nothing(tmp_path: Path) -> None:
    """--keep-going when no document passes: refused, and no folder appears."""
    source = _lines(tmp_path / "in.jsonl", 1, bad=0)
    with pytest.raises(ConvertError):
        convert([str(source)], to="jsonld", output=str(tmp_path / "out") + "/", keep_going=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_keeping_going_writes_the_documents_that_pass(tmp_path: Path) -> None:
    """--keep-going: the valid documents appear (the invalid one is left out and counted)."""
    source = _lines(tmp_path / "in.jsonl", 4, bad=1)
    result, _ = convert(
        [str(source)], to="jsonld", output=str(tmp_path / "out") + "/", keep_going=True
    )
    assert result.left_out == 1 and result.documents == 3
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "doc-0.jsonld",
        "doc-2.jsonld",
        "doc-3.jsonld",
    ]


def test_an_existing_folder_keeps_its_other_files_and_gets_ours(tmp_path: Path) -> None:
    """Into an existing folder: its own files stay, ours replace their names, no temporaries."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "notes.txt").write_bytes(b"mine")
    (target / "doc-1.jsonld").write_bytes(b"old")
    source = _lines(tmp_path / "in.jsonl", 3)
    convert([str(source)], to="jsonld", output=str(target) + "/")
    names = sorted(p.name for p in target.iterdir())
    assert names == ["doc-0.jsonld", "doc-1.jsonld", "doc-2.jsonld", "notes.txt"]
    assert (target / "notes.txt").read_bytes() == b"mine"
    assert orjson.loads((target / "doc-1.jsonld").read_bytes())["identifier"] == "doc-1"


def test_an_unwritable_output_does_not_hide_the_input_errors(tmp_path: Path) -> None:
    """A file where the folder should be: a refused input still reports its findings first."""
    source = _lines(tmp_path / "in.jsonl", 3, bad=2)
    (tmp_path / "out").write_bytes(b"a file")
    with pytest.raises(ConvertError) as caught:
        convert([str(source)], to="jsonld", output=str(tmp_path / "out") + "/")
    assert caught.value.findings and caught.value.invalid_documents == 1
    valid = _lines(tmp_path / "ok.jsonl", 3)
    with pytest.raises(FileExistsError):
        convert([str(valid)], to="jsonld", output=str(tmp_path / "out") + "/")
    assert (tmp_path / "out").read_bytes() == b"a file"
    assert temp_leftovers(tmp_path) == []


def test_a_refused_input_leaves_an_existing_folder_untouched(tmp_path: Path) -> None:
    """Nothing is made inside an existing folder before every input passed (its time stays)."""
    target = tmp_path / "out"
    target.mkdir()
    os.utime(target, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    source = _lines(tmp_path / "in.jsonl", 4, bad=3)
    with pytest.raises(ConvertError):
        convert([str(source)], to="jsonld", output=str(target) + "/")
    assert target.stat().st_mtime_ns == 1_000_000_000_000_000_000
    assert list(target.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_that_cannot_be_written_leaves_the_regular_files_as_they_were(
    tmp_path: Path,
) -> None:
    """A FIFO among the names fails before any regular file of the folder is replaced."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "a").write_bytes(b"old")
    os.mkfifo(target / "b")  # no reader: writing to it fails (ENXIO)
    (target / "c").write_bytes(b"old")
    with pytest.raises(OSError, match="No such device"):
        _folder.atomic_write_folder(target, [("a", b"new"), ("b", b"new"), ("c", b"new")])
    assert (target / "a").read_bytes() == b"old" and (target / "c").read_bytes() == b"old"
    assert temp_leftovers(tmp_path) == []
