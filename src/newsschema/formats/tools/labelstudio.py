"""Label Studio (``--to/--from labelstudio``): JSON task export in, pre-annotated tasks out.

Import reads Label Studio's JSON export: a list of tasks with ``data.text`` and
``annotations[].result[]`` of ``labels`` (spans, with the ``text`` they cover), ``relation`` and
``choices`` results (a per-region choice is an attribute of its region, e.g. the quote kind).
Each non-cancelled annotation is one document (its article id is the task's ``data.article_id``,
else ``task-ID``, with ``.ANNOTATION-ID`` appended when a task has several annotations); a task
with no annotation is read from its first prediction.

Export writes a folder (or ``.zip``) that Label Studio 1.x imports: ``tasks.json`` with our
annotations as ``predictions`` (editors correct pre-filled work) and ``config.xml``, the
matching labeling configuration. Offsets are code points with the span text stored, as
Label Studio 1.x writes them; exports from versions that counted UTF-16 units are detected from
the stored texts and converted, with a warning.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, get_args
from xml.sax.saxutils import quoteattr

import orjson

from newsschema.formats._base import Format, GivenOptions
from newsschema.formats._export_options import ToolWriteOptions
from newsschema.formats._standoff import (
    Attribute,
    Link,
    Standoff,
    TextSpan,
    export_span_labels,
    from_document,
    to_document,
)
from newsschema.formats._tool_files import MAX_MEMBER, TooLarge, open_export, tool_output
from newsschema.formats._tool_json import article_meta, fail, read_options, with_article
from newsschema.formats.labels import LabelMap
from newsschema.loader import Loaded
from newsschema.models import Document
from newsschema.types import AttributionType, QuoteKind

__all__ = ["LABELSTUDIO", "labeling_config"]

_QUOTE_KINDS: tuple[QuoteKind, ...] = ("direct", "partial", "indirect", "mixed", "scare")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _annotations(task: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    annotations = [
        a
        for a in _list(task.get("annotations"))
        if isinstance(a, dict) and not a.get("was_cancelled")
    ]
    if annotations:
        return [(f"/annotations/{i}", a) for i, a in enumerate(annotations)]
    predictions = [p for p in _list(task.get("predictions")) if isinstance(p, dict)]
    return [("/predictions/0", predictions[0])] if predictions else [("", {"result": []})]


def _standoff(
    task: dict[str, Any], pointer: str, annotation: dict[str, Any], name: str, index: int, file: str
) -> Standoff | str:
    data = task.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return 'not a Label Studio task: expected "data": {"text": ...}'
    so = Standoff(
        text=data["text"],
        name=name,
        file=file,
        index=index,
        meta=article_meta(data),
        pointer=pointer,
        record=data["newsschema"] if isinstance(data.get("newsschema"), dict) else None,
    )
    if "id" in so.meta:
        so.meta["id"] = name  # the task's article id, with .ANNOTATION-ID when it has several
    results = annotation.get("result")
    if not isinstance(results, list):
        return f"{pointer}/result: expected a list of results"
    regions: dict[str, tuple[tuple[int, int], int]] = {}  # region id: offsets, labels so far
    for i, result in enumerate(results):
        where = f"{pointer}/result/{i}"
        if not isinstance(result, dict):
            return f"{where}: expected an object"
        kind = result.get("type")
        value: dict[str, Any] = result["value"] if isinstance(result.get("value"), dict) else {}
        if kind in ("labels", "hypertextlabels") or (kind is None and "labels" in value):
            start, end, labels = value.get("start"), value.get("end"), value.get("labels")
            if not (isinstance(start, int) and isinstance(end, int) and isinstance(labels, list)):
                return f"{where}: a labels result needs value.start, value.end, value.labels"
            stored = value.get("text") if isinstance(value.get("text"), str) else None
            region = str(result.get("id", i))
            # A region with several labels (or labelled by several controls) keeps them all,
            # each its own span; the first keeps the region's id, which relations name.
            same = regions.setdefault(region, ((start, end), 0))
            count = same[1] if same[0] == (start, end) else 0
            for label in labels:
                ident = region if count == 0 else f"{region}.{count + 1}"
                so.spans.append(TextSpan(ident, str(label), ((start, end),), stored, pointer=where))
                count += 1
            if same[0] == (start, end):
                regions[region] = (same[0], count)
        elif kind == "relation":
            labels = result.get("labels")
            names = labels if isinstance(labels, list) and labels else ["relation"]
            for k, label in enumerate(names):
                so.relations.append(
                    Link(
                        f"R{i}" if k == 0 else f"R{i}.{k + 1}",
                        str(label),
                        (("Arg1", str(result.get("from_id"))), ("Arg2", str(result.get("to_id")))),
                        pointer=where,
                    )
                )
        elif kind == "choices" and "id" in result:
            choices = value.get("choices")
            for k, choice in enumerate(choices if isinstance(choices, list) else []):
                so.attributes.append(
                    Attribute(
                        f"A{i}" if k == 0 else f"A{i}.{k + 1}",
                        str(result["id"]),
                        str(result.get("from_name")),
                        str(choice),
                        pointer=where,
                    )
                )
    return so


def _read_tasks(data: bytes, file: str, options: GivenOptions) -> Iterator[Loaded]:
    chosen = read_options(options, file)
    if isinstance(chosen, Loaded):
        yield chosen
        return
    labels, settings, meta = chosen
    try:
        tasks = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        yield fail(file, f"not JSON: {exc}")
        return
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        yield fail(file, "a Label Studio export is a list of tasks")
        return
    index = 0
    for t, task in enumerate(tasks):
        if not isinstance(task, dict):
            yield fail(file, "a task is a JSON object", pointer=f"/{t}", index=index)
            index += 1
            continue
        base = (
            task.get("data", {}).get("article_id") if isinstance(task.get("data"), dict) else None
        )
        base = base if isinstance(base, str) else f"task-{task.get('id', t + 1)}"
        annotations = _annotations(task)
        for pointer, annotation in annotations:
            number = pointer.rsplit("/", 1)[-1]  # the annotation's index when it has no id
            name = base if len(annotations) == 1 else f"{base}.{annotation.get('id', number)}"
            so = _standoff(task, f"/{t}{pointer}", annotation, name, index, file)
            if isinstance(so, str):
                yield fail(file, so, pointer=f"/{t}", index=index)
            else:
                yield to_document(so, labels, settings, meta)
            index += 1


def _region_choices(name: str, values: Iterable[str], quote_label: str) -> str:
    """A per-region single choice shown when a quote region is selected."""
    choices = "\n".join(f"    <Choice value={quoteattr(v)}/>" for v in values)
    return (
        f'\n  <Choices name={quoteattr(name)} toName="text" perRegion="true" '
        f'choice="single" visibleWhen="region-selected" whenTagName="label" '
        f"whenLabelValue={quoteattr(quote_label)}>\n{choices}\n  </Choices>"
    )


def labeling_config(labels: LabelMap) -> str:
    """Return the Label Studio labeling configuration (XML) for exports under ``labels``.

    Besides the span labels and relations, a quote region offers its kind and its attribution
    type as single choices (per region, shown when a quote is selected), so that an editor can
    change them and the import reads the change.
    """
    spans = "\n".join(
        f"    <Label value={quoteattr(label)}/>" for label in export_span_labels(labels)
    )
    relations = "\n".join(f"    <Relation value={quoteattr(label)}/>" for label in labels.relations)
    quote = labels.label_for("quote")
    per_region = ""
    if labels.quote_kind:
        values: dict[str, str] = {kind: kind for kind in _QUOTE_KINDS}
        values.update({kind: value for value, kind in labels.quote_kinds.items()})
        per_region += _region_choices(labels.quote_kind, values.values(), quote)
    if labels.attribution_type and labels.attribution_type != labels.quote_kind:
        per_region += _region_choices(labels.attribution_type, get_args(AttributionType), quote)
    return (
        "<View>\n"
        f'  <Labels name="label" toName="text">\n{spans}\n  </Labels>\n'
        '  <Text name="text" value="$text"/>\n'
        f"  <Relations>\n{relations}\n  </Relations>{per_region}\n"
        "</View>\n"
    )


def dump_task(document: Document, labels: LabelMap) -> dict[str, Any]:
    """Return one Label Studio task with the document's annotations as a prediction."""
    so = from_document(document, labels)
    results: list[dict[str, Any]] = []
    for span in so.spans:
        start, end = span.fragments[0][0], span.fragments[-1][1]
        results.append(
            {
                "id": span.id,
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": start,
                    "end": end,
                    "text": so.text[start:end],
                    "labels": [span.label],
                },
            }
        )
    per_region = {labels.quote_kind, labels.attribution_type} - {None}
    for attribute in so.attributes:
        if attribute.name not in per_region:
            continue
        span = next(s for s in so.spans if s.id == attribute.target)
        start, end = span.fragments[0][0], span.fragments[-1][1]
        results.append(
            {
                "id": attribute.target,
                "from_name": attribute.name,
                "to_name": "text",
                "type": "choices",
                "value": {"start": start, "end": end, "choices": [attribute.value]},
            }
        )
    results.extend(
        {
            "from_id": relation.args[0][1],
            "to_id": relation.args[1][1],
            "type": "relation",
            "direction": "right",
            "labels": [relation.label],
        }
        for relation in so.relations
    )
    data = with_article({"text": so.text}, document, so.record)
    return {"data": data, "predictions": [{"model_version": "newsschema", "result": results}]}


class _LabelStudio(Format):
    layout: Literal["bundle"] = "bundle"

    def write(self, documents: Iterable[Document], target: Path, options: GivenOptions) -> None:
        labels = ToolWriteOptions.of(options).label_map()
        config = labeling_config(labels)
        with (
            tool_output(target, "config.xml", config) as work,
            (work / "tasks.json").open("wb") as handle,
        ):
            handle.write(b"[")
            for i, document in enumerate(documents):
                handle.write((b",\n" if i else b"\n") + orjson.dumps(dump_task(document, labels)))
            handle.write(b"\n]\n")

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        if path.is_dir() or path.suffix.lower() == ".zip":
            yield from _read_export(path, options)
            return
        try:
            if path.stat().st_size > MAX_MEMBER:
                yield fail(str(path), "file larger than the 256 MiB limit")
                return
            data = path.read_bytes()
        except (OSError, zipfile.BadZipFile, ValueError) as exc:
            yield fail(str(path), f"cannot read: {exc}")
            return
        yield from _read_tasks(data, str(path), options)

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        yield from _read_tasks(data, name, options)


def _read_export(path: Path, options: GivenOptions) -> Iterator[Loaded]:
    """Read every ``.json`` file of an export folder or ``.zip``, each located by its name."""
    files = open_export(path, str(path))
    if isinstance(files, str):
        yield fail(str(path), f"not a Label Studio export folder or .zip: {files}")
        return
    for name in [n for n in files.names if n.endswith(".json")]:
        try:
            data = files.read(name)
        except TooLarge:
            yield fail(files.display(name), "file larger than the 256 MiB limit")
            continue
        except (OSError, KeyError, zipfile.BadZipFile) as exc:
            yield fail(files.display(name), f"cannot read: {exc}")
            continue
        yield from _read_tasks(data, files.display(name), options)


LABELSTUDIO = _LabelStudio(
    "labelstudio",
    "Label Studio: JSON tasks (in); tasks with predictions + config.xml (out)",
)
