"""doccano JSON Lines (``--to/--from doccano``): one text per line with its labelled spans.

Reads the sequence-labelling export of doccano 1.x: ``{"text", "entities": [{"id", "label",
"start_offset", "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}`` and the
older ``{"text", "label": [[start, end, "LABEL"], ...]}``. doccano stores no span texts, so the
offset unit can only be checked against the text's length and character boundaries; when
several units fit, code points (what doccano 1.x's Python back end stores) are used and the
warning says so. Other keys of a line are kept by doccano as metadata: exports put the article
fields and, under the ``newsschema`` labels, the record there.

doccano drops overlapping spans on import unless the project allows them: each exported record
says which project settings it needs (``doccano_project``: ``allow_overlapping``,
``use_relation``), and ``--layers`` writes each article as several records none of which has
overlapping spans, for a project that does not allow them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Literal

import orjson

from newsschema.formats._base import Format, GivenOptions
from newsschema.formats._export_options import DoccanoOptions
from newsschema.formats._standoff import (
    UNITS,
    Link,
    Standoff,
    TextSpan,
    from_document,
    to_document,
)
from newsschema.formats._tool_json import article_meta, fail, read_options, with_article
from newsschema.loader import Loaded
from newsschema.models import Document

__all__ = ["DOCCANO", "dump_record", "layer_records"]

MAX_LINE = 64 * 1024 * 1024


def _standoff(data: Any, stem: str, file: str | None, index: int, line: int) -> Standoff | str:
    """Return the standoff of one JSONL record, or why it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return 'not a doccano record: expected an object with "text"'
    so = Standoff(
        text=data["text"],
        name=str(data.get("article_id") or (stem if index == 0 else f"{stem}-{index + 1}")),
        file=file,
        index=index,
        line=line,
        meta=article_meta(data),
        record=data["newsschema"] if isinstance(data.get("newsschema"), dict) else None,
        declared=data["offsets"] if data.get("offsets") in UNITS else None,
    )
    entities = data.get("entities")
    if isinstance(entities, list):
        for i, entity in enumerate(entities):
            ok = isinstance(entity, dict) and all(
                isinstance(entity.get(k), int) and not isinstance(entity.get(k), bool)
                for k in ("start_offset", "end_offset")
            )
            if not ok or not isinstance(entity.get("label"), str):
                return f"/entities/{i}: expected id, label, start_offset, end_offset"
            # An entity without an id cannot be named by a relation; its own id never collides.
            ident = f"T{entity['id']}" if "id" in entity else f"entities/{i}"
            so.spans.append(
                TextSpan(
                    ident,
                    entity["label"],
                    ((entity["start_offset"], entity["end_offset"]),),
                    line=line,
                    pointer=f"/entities/{i}",
                )
            )
    elif isinstance(data.get("label"), list):
        for i, item in enumerate(data["label"]):
            if not (
                isinstance(item, list)
                and len(item) == 3
                and all(isinstance(v, int) and not isinstance(v, bool) for v in item[:2])
                and isinstance(item[2], str)
            ):
                return f"/label/{i}: expected [start, end, label]"
            so.spans.append(
                TextSpan(
                    f"T{i + 1}", item[2], ((item[0], item[1]),), line=line, pointer=f"/label/{i}"
                )
            )
    relations = data.get("relations")
    for i, relation in enumerate(relations if isinstance(relations, list) else []):
        if not isinstance(relation, dict) or not isinstance(relation.get("type"), str):
            return f"/relations/{i}: expected id, from_id, to_id, type"
        so.relations.append(
            Link(
                f"R{relation['id']}" if "id" in relation else f"relations/{i}",
                relation["type"],
                (("Arg1", f"T{relation.get('from_id')}"), ("Arg2", f"T{relation.get('to_id')}")),
                line=line,
                pointer=f"/relations/{i}",
            )
        )
    return so


def _read_lines(
    lines: Iterable[bytes], file: str, stem: str, options: GivenOptions
) -> Iterator[Loaded]:
    chosen = read_options(options, file)
    if isinstance(chosen, Loaded):
        yield chosen
        return
    labels, settings, meta = chosen
    index = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE:
            yield fail(file, "line longer than the 64 MiB limit", line=number, index=index)
            index += 1
            continue
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield fail(file, f"not JSON: {exc}", line=number, index=index)
            index += 1
            continue
        so = _standoff(data, stem, file, index, number)
        if isinstance(so, str):
            yield fail(file, so, line=number, index=index)
        else:
            loaded = to_document(so, labels, settings, meta)
            yield Loaded(
                loaded.document,
                [f.at(line=f.line or number) for f in loaded.findings],
                raw=loaded.raw,
                index=index,
                line=number,
                file=file,
            )
        index += 1


def _lines(handle: BinaryIO) -> Iterator[bytes]:
    # Bounded memory: one line at a time, never more than MAX_LINE + 1 bytes of it.
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            yield line
            while line and not line.endswith(b"\n"):
                line = handle.readline(MAX_LINE + 1)
            continue
        yield line


def _overlaps(entities: list[dict[str, Any]]) -> bool:
    """Whether doccano's import would drop a span of ``entities`` without overlapping spans.

    doccano (``backend/data_import/pipeline/labels.py``, ``Spans.clean``) sorts a text's spans
    by start and keeps one only when it starts at or after the end of the last one kept.
    """
    last = -1
    for entity in sorted(entities, key=lambda e: e["start_offset"]):
        if entity["start_offset"] < last:
            return True
        last = max(last, entity["end_offset"])
    return False


def _project(entities: list[dict[str, Any]], relations: list[dict[str, Any]]) -> dict[str, Any]:
    """The doccano project settings a record needs to import whole (kept by doccano as metadata)."""
    return {
        "project_type": "SequenceLabeling",
        "allow_overlapping": _overlaps(entities),
        "use_relation": bool(relations),
    }


def dump_record(document: Document, options: GivenOptions) -> dict[str, Any]:
    """Return the doccano JSONL record of one document."""
    labels = DoccanoOptions.of(options).label_map()
    so = from_document(document, labels)
    entities = [
        {
            "id": int(span.id[1:]),
            "label": span.label,
            "start_offset": span.fragments[0][0],
            "end_offset": span.fragments[-1][1],
        }
        for span in so.spans
    ]
    relations = [
        {
            "id": i,
            "from_id": int(relation.args[0][1][1:]),
            "to_id": int(relation.args[1][1][1:]),
            "type": relation.label,
        }
        for i, relation in enumerate(so.relations, start=1)
    ]
    record: dict[str, Any] = {
        "id": document.article.id,
        "text": so.text,
        "entities": entities,
        "relations": relations,
        "doccano_project": _project(entities, relations),
    }
    return with_article(record, document, so.record, offsets="code-points")


def layer_records(document: Document, options: GivenOptions) -> list[dict[str, Any]]:
    """Return the records of ``--layers``: the spans split so that no record has overlaps.

    Spans are dealt, in order of start, to the first layer whose last span ends at or before
    their start (what doccano keeps when overlapping spans are not allowed), so each layer
    imports whole into a project without overlapping spans. A relation is kept in the layer
    of both its spans; one across layers is left out and counted in ``doccano_layer``.
    """
    whole = dump_record(document, options)
    ends: list[int] = []
    layer_of: dict[int, int] = {}
    for entity in sorted(whole["entities"], key=lambda e: (e["start_offset"], e["end_offset"])):
        layer = next((i for i, end in enumerate(ends) if end <= entity["start_offset"]), None)
        if layer is None:
            layer = len(ends)
            ends.append(0)
        ends[layer] = entity["end_offset"]
        layer_of[entity["id"]] = layer
    count = max(len(ends), 1)
    records = []
    for layer in range(count):
        entities = [e for e in whole["entities"] if layer_of[e["id"]] == layer]
        relations = [
            r
            for r in whole["relations"]
            if layer_of[r["from_id"]] == layer and layer_of[r["to_id"]] == layer
        ]
        left_out = sum(
            1
            for r in whole["relations"]
            if layer_of[r["from_id"]] != layer_of[r["to_id"]] and layer_of[r["from_id"]] == layer
        )
        records.append(
            {
                **{k: v for k, v in whole.items() if k != "newsschema"},
                "id": f"{document.article.id}#layer{layer + 1}",
                "entities": entities,
                "relations": relations,
                "doccano_project": _project(entities, relations),
                "doccano_layer": {
                    "layer": layer + 1,
                    "of": count,
                    "relations_left_out": left_out,
                },
            }
        )
    return records


class _Doccano(Format):
    layout: Literal["stream"] = "stream"

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        options = DoccanoOptions.of(options)
        if options.layers:
            return b"".join(orjson.dumps(r) + b"\n" for r in layer_records(document, options))
        return orjson.dumps(dump_record(document, options)) + b"\n"

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        try:
            handle = path.open("rb")
        except OSError as exc:
            yield fail(str(path), f"cannot read: {exc.strerror or exc}")
            return
        with handle:
            yield from _read_lines(_lines(handle), str(path), path.stem, options)

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        yield from _read_lines(data.splitlines(), name, Path(name).stem or "doc", options)


DOCCANO = _Doccano(
    "doccano",
    "doccano JSON Lines (text, entities, relations)",
    suffix=".jsonl",
)
