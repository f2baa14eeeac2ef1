"""Label Studio: a quote's kind and attribution type are choices per region, and edits come back.

Label Studio's own SDK (``label_studio_sdk.label_interface.LabelInterface``) parses our
``config.xml`` and validates the exported predictions against it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from newsschema.formats import get_bundle_exporter, get_importer
from newsschema.models import Document

from ..conftest import SEEDS
from .tools_support import tool_documents

label_interface = pytest.importorskip("label_studio_sdk.label_interface")


def _seed() -> Document:
    return Document.model_validate(orjson.loads(next(SEEDS.glob("*.json")).read_bytes()))


def _export(document: Document, out: Path, labels: str = "newsschema") -> tuple[Any, list[Any]]:
    get_bundle_exporter("labelstudio").write([document], out, {"labels": labels})
    interface = label_interface.LabelInterface((out / "config.xml").read_text("utf-8"))
    tasks: list[Any] = json.loads((out / "tasks.json").read_text("utf-8"))
    return interface, tasks


def _choices(interface: Any) -> dict[str, Any]:
    return {c.name: c for c in interface.controls if c.tag.lower() == "choices"}


@pytest.mark.parametrize(
    ("labels", "kind", "attribution"),
    [
        ("newsschema", "Kind", "Attribution"),
        ("attribution", "Kind", "Type"),
    ],
)
def test_config_offers_kind_and_attribution_per_quote_region(
    tmp_path: Path, labels: str, kind: str, attribution: str
) -> None:
    """The SDK reads both choices as per-region controls; the seed's prediction validates."""
    interface, tasks = _export(_seed(), tmp_path / "out", labels)
    choices = _choices(interface)
    assert {kind, attribution} <= set(choices)
    for name in (kind, attribution):
        assert choices[name].attr.get("perRegion") == "true"
    assert set(choices[attribution].labels) == {"speech", "belief", "knowledge", "intention"}
    assert interface.validate_prediction(tasks[0]["predictions"][0])
    used = {r.get("from_name") for r in tasks[0]["predictions"][0]["result"]}
    assert {kind, attribution} <= used


def test_sdk_refuses_a_choice_the_config_does_not_offer(tmp_path: Path) -> None:
    """The validation can fail: an attribution type outside the choices is refused by the SDK."""
    interface, tasks = _export(_seed(), tmp_path / "out")
    prediction = copy.deepcopy(tasks[0]["predictions"][0])
    [first] = [r for r in prediction["result"] if r.get("from_name") == "Attribution"][:1]
    first["value"]["choices"] = ["rumour"]
    assert not interface.validate_prediction(prediction)


@pytest.mark.parametrize("labels", ["newsschema", "attribution"])
def test_edited_kind_and_attribution_come_back(tmp_path: Path, labels: str) -> None:
    """An annotation that changes a quote's kind and attribution imports with the new values."""
    seed = _seed()
    out = tmp_path / "out"
    interface, tasks = _export(seed, out, labels)
    names = {"newsschema": ("Kind", "Attribution"), "attribution": ("Kind", "Type")}[labels]
    task = tasks[0]
    annotation = copy.deepcopy(task["predictions"][0])
    kinds = [r for r in annotation["result"] if r.get("from_name") == names[0]]
    target = kinds[0]["id"]
    new_kind = "Indirect" if labels == "attribution" else "indirect"
    for result in annotation["result"]:
        if result.get("id") == target and result.get("from_name") == names[0]:
            result["value"]["choices"] = [new_kind]
        if result.get("id") == target and result.get("from_name") == names[1]:
            result["value"]["choices"] = ["belief"]
    assert interface.validate_annotation(annotation)
    task["annotations"] = [annotation]
    (out / "tasks.json").write_text(json.dumps([task]), encoding="utf-8")
    [loaded] = list(get_importer("labelstudio").read(out / "tasks.json", {"labels": labels}))
    assert loaded.document is not None, loaded.findings
    starts = {(q.span.start, q.span.end): q for q in loaded.document.quotes}
    [region] = [r for r in annotation["result"] if r.get("id") == target and r["type"] == "labels"]
    edited = starts[(region["value"]["start"], region["value"]["end"])]
    assert edited.kind == "indirect"
    assert edited.attribution == "belief"


@settings(settings.get_profile("slow"), suppress_health_check=list(HealthCheck))
@given(document=tool_documents())
def test_every_exported_prediction_validates_with_the_sdk(document: Document) -> None:
    """For generated documents, the SDK validates each prediction against our config."""
    import tempfile

    with tempfile.TemporaryDirectory() as name:
        interface, tasks = _export(document, Path(name) / "out")
        assert all(interface.validate_prediction(t["predictions"][0]) for t in tasks)
