"""Annotations that share an id are reported, never merged into an invented annotation.

Tools name annotations by id (relations, attributes and the record point at them). Two brat
``T1`` lines, or a doccano entity without an id beside one with ``id: 1``, used to become one
annotation in two fragments: a quote with a made-up interruption, and a lost annotation. A
duplicate id is now a located NS080 finding; a Label Studio region with several labels keeps
every label.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import orjson

from newsschema.formats import get_importer
from newsschema.loader import Loaded

OPTIONS: dict[str, Any] = {"labels": "attribution", "set": ["article.language=en"]}
TEXT = "Aides said “we will sign” and “we will not”."


def _at(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


def _brat(ann: str) -> list[Loaded]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("doc.txt", TEXT)
        archive.writestr("doc.ann", ann)
    return list(get_importer("brat").read_bytes(buffer.getvalue(), "doc.zip", OPTIONS))


def test_two_brat_text_annotations_with_one_id_are_a_located_error() -> None:
    """Two T1 lines: an NS080 error on the second line, and no document built from a merge."""
    (a, b), (c, d) = _at("we will sign"), _at("we will not")
    ann = f"T1\tContent {a} {b}\twe will sign\nT1\tContent {c} {d}\twe will not\n"
    (loaded,) = _brat(ann)
    assert loaded.document is None
    errors = [f for f in loaded.findings if f.is_error]
    assert [(f.code, f.line, f.file) for f in errors] == [("NS080", 2, "doc.zip:doc.ann")]
    assert "T1" in errors[0].message and "line 1" in errors[0].message


def test_a_doccano_entity_without_an_id_is_not_merged_with_the_entity_whose_id_is_1() -> None:
    """Entities [no id, id 1] stay two quotes, each with its own span and no interruption."""
    (a, b), (c, d) = _at("we will sign"), _at("we will not")
    record = {
        "text": TEXT,
        "entities": [
            {"label": "Content", "start_offset": a, "end_offset": b},
            {"id": 1, "label": "Content", "start_offset": c, "end_offset": d},
        ],
    }
    (loaded,) = get_importer("doccano").read_bytes(orjson.dumps(record), "x.jsonl", OPTIONS)
    assert loaded.document is not None, loaded.findings
    quotes = loaded.document.quotes
    assert sorted((q.span.start, q.span.end) for q in quotes) == [(a, b), (c, d)]
    assert all(not q.interruptions for q in quotes)


def _task(results: list[dict[str, Any]]) -> bytes:
    data = {"text": TEXT, "article_id": "a1", "language": "en"}
    return orjson.dumps([{"id": 1, "data": data, "annotations": [{"id": 5, "result": results}]}])


def _region(rid: str, labels: list[str], piece: str) -> dict[str, Any]:
    start, end = _at(piece)
    value = {"start": start, "end": end, "text": piece, "labels": labels}
    return {"id": rid, "type": "labels", "from_name": "label", "to_name": "text", "value": value}


def test_a_label_studio_region_with_two_labels_keeps_both() -> None:
    """A region labelled Source and Person becomes a speaker entity and a person, not one."""
    results = [
        _region("r1", ["Content"], "we will sign"),
        _region("r2", ["Source", "Person"], "Aides"),
    ]
    (loaded,) = get_importer("labelstudio").read_bytes(_task(results), "t.json", OPTIONS)
    assert loaded.document is not None, loaded.findings
    spans = [(m.start, m.end) for e in loaded.document.entities for m in e.mentions]
    assert spans == [_at("Aides"), _at("Aides")]
    assert sorted(e.kind for e in loaded.document.entities) == ["person", "person"]


def test_two_label_studio_regions_with_one_id_and_other_offsets_are_a_located_error() -> None:
    """The same region id on two different spans is an NS080 error at the second result."""
    results = [
        _region("r1", ["Content"], "we will sign"),
        _region("r1", ["Content"], "we will not"),
    ]
    (loaded,) = get_importer("labelstudio").read_bytes(_task(results), "t.json", OPTIONS)
    assert loaded.document is None
    errors = [f for f in loaded.findings if f.is_error]
    assert [(f.code, f.pointer) for f in errors] == [("NS080", "/0/annotations/0/result/1")]


def test_a_doccano_relation_without_an_id_is_not_taken_for_the_relation_whose_id_is_1() -> None:
    """Relations [no id, id 1] are two relations: both speakers are linked, no NS080."""
    (a, b), (c, d) = _at("we will sign"), _at("we will not")
    s, e = _at("Aides")
    record = {
        "text": TEXT,
        "entities": [
            {"id": 1, "label": "Content", "start_offset": a, "end_offset": b},
            {"id": 2, "label": "Content", "start_offset": c, "end_offset": d},
            {"id": 3, "label": "Source", "start_offset": s, "end_offset": e},
        ],
        "relations": [
            {"from_id": 1, "to_id": 3, "type": "Source"},
            {"id": 1, "from_id": 2, "to_id": 3, "type": "Source"},
        ],
    }
    (loaded,) = get_importer("doccano").read_bytes(orjson.dumps(record), "x.jsonl", OPTIONS)
    assert loaded.document is not None, loaded.findings
    assert [q.speaker for q in loaded.document.quotes] == ["T3", "T3"]
