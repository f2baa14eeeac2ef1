"""Documents that share an article id are never silently lost on a tool export.

brat and INCEpTION name each document's files by its article id, so two documents with one
id would leave one file pair: the export is refused, naming both documents, and nothing is
written. A Label Studio task with several annotations gives one document per annotation,
each with its own id, so that every annotator's work reaches the export.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest

from newsschema.convert import ConvertError, convert
from newsschema.formats import get_importer

from ..adversarial.adversarial_support import minimal_dict


def _documents(tmp_path: Path, *ids: str) -> list[str]:
    paths = []
    for number, ident in enumerate(ids):
        data = copy.deepcopy(minimal_dict())
        data["article"]["id"] = ident
        data["article"].pop("url", None)
        path = tmp_path / f"doc{number}.json"
        path.write_bytes(orjson.dumps(data))
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("fmt", ["brat", "inception"])
@pytest.mark.parametrize("ids", [("a1", "a1"), ("a1", "A1")])
def test_two_documents_with_one_article_id_are_refused_on_export(
    fmt: str, ids: tuple[str, str], tmp_path: Path
) -> None:
    """Same id (or ids equal but for case): refused, both documents named, nothing written."""
    target = tmp_path / "out"
    with pytest.raises(ConvertError) as caught:
        convert(_documents(tmp_path, *ids), to=fmt, output=str(target))
    message = str(caught.value)
    assert "documents 1 and 2" in message
    assert repr(ids[0]) in message and repr(ids[1]) in message
    assert not target.exists()


@pytest.mark.parametrize("fmt", ["brat", "inception"])
def test_documents_with_distinct_ids_are_all_exported(fmt: str, tmp_path: Path) -> None:
    """Distinct ids: every document's files are written (the refusal is not over-eager)."""
    target = tmp_path / "out"
    result, _ = convert(_documents(tmp_path, "a1", "a2"), to=fmt, output=str(target))
    assert result.documents == 2
    suffix = ".ann" if fmt == "brat" else ".xmi"
    assert sorted(p.name for p in target.glob(f"*{suffix}")) == [f"a1{suffix}", f"a2{suffix}"]


def _two_annotator_task() -> list[dict[str, Any]]:
    text = "The mayor said the port would reopen."

    def region(rid: str, label: str, piece: str) -> dict[str, Any]:
        start = text.index(piece)
        value = {"start": start, "end": start + len(piece), "text": piece, "labels": [label]}
        kind = {"type": "labels", "from_name": "label", "to_name": "text"}
        return {"id": rid, **kind, "value": value}

    return [
        {
            "id": 7,
            "data": {"text": text, "article_id": "port", "language": "en"},
            "annotations": [
                {"id": 11, "result": [region("q", "Quote", "the port would reopen")]},
                {"id": 12, "result": [region("q", "Quote", "port would reopen")]},
            ],
        }
    ]


def test_each_annotation_of_a_label_studio_task_keeps_its_own_article_id() -> None:
    """data.article_id plus several annotations: ids PORT.11 and PORT.12, as documented."""
    data = orjson.dumps(_two_annotator_task())
    loaded = list(get_importer("labelstudio").read_bytes(data, "tasks.json", {}))
    ids = [one.document.article.id for one in loaded if one.document is not None]
    assert ids == ["port.11", "port.12"]


def test_a_two_annotator_label_studio_task_exported_to_brat_keeps_both_annotators(
    tmp_path: Path,
) -> None:
    """Both annotators' quotes reach the brat export, each in its own .ann file."""
    source = tmp_path / "tasks.json"
    source.write_bytes(orjson.dumps(_two_annotator_task()))
    target = tmp_path / "brat"
    result, _ = convert([str(source)], to="brat", output=str(target), source_format="labelstudio")
    assert result.documents == 2
    anns = {p.name: p.read_text(encoding="utf-8") for p in target.glob("*.ann")}
    assert sorted(anns) == ["port.11.ann", "port.12.ann"]
    assert "\tthe port would reopen" in anns["port.11.ann"]
    assert "\tport would reopen" in anns["port.12.ann"]
