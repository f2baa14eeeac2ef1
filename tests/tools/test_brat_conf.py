"""brat's own configuration loader accepts every annotation a brat export writes.

``brat_server/projectconfig.py`` is brat's server module that reads ``annotation.conf``
(vendored under its MIT licence). The checks below are those of brat's
``verify_annotations.py`` (``verify_attributes``, ``verify_relations``, the entity types),
asked through brat's own ``ProjectConfiguration``; values of multi-valued attributes are
checked against the ``Value:`` list brat's loader parsed.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from newsschema.formats import get_bundle_exporter
from newsschema.formats._standoff import Standoff
from newsschema.formats.tools.brat import parse_ann
from newsschema.models import Document

from ..conftest import SEEDS
from .brat_server import projectconfig
from .brat_server.brat_shim import Messager
from .tools_support import tool_documents


def _seed() -> Document:
    return Document.model_validate(orjson.loads(next(SEEDS.glob("*.json")).read_bytes()))


def _attribute_values(directory: str) -> dict[str, list[str]]:
    """Attribute name -> the values brat's loader read from ``Value:`` (empty: a flag)."""
    return {
        node.storage_form(): list(node.arguments.get("Value", []))
        for node in projectconfig.get_attribute_type_list(directory)
        if node != projectconfig.SEPARATOR_STR
    }


def _brat_problems(out: Path) -> list[str]:
    """What brat's loader and verify_annotations' checks say about an exported folder."""
    Messager.messages.clear()
    directory = str(out.resolve())
    conf = projectconfig.ProjectConfiguration(directory)
    problems = [f"{level}: {text}" for level, text in Messager.messages if level != "debug"]
    entity_types = conf.get_entity_types()
    values = _attribute_values(directory)
    for ann in sorted(out.glob("*.ann")):
        so = Standoff(text="", name=ann.stem)
        parse_ann(ann.read_text("utf-8"), so)
        types = {span.id: span.label for span in so.spans}
        types.update({event.id: event.label for event in so.events})
        problems += [
            f"{ann.name} {span.id}: unknown type {span.label}"
            for span in so.spans
            if span.label not in entity_types
        ]
        lines = {line.split("\t")[0]: line for line in ann.read_text("utf-8").splitlines()}
        for attribute in so.attributes:
            kind = types[attribute.target]
            if attribute.name not in conf.attributes_for(kind):
                problems.append(f"{kind} cannot take a {attribute.name} attribute")
                continue
            written = lines[attribute.id].split("\t")[1].split(" ")
            allowed = values[attribute.name]
            if allowed and (len(written) != 3 or written[2] not in allowed):
                problems.append(f"{attribute.id}: {written} is not one of {allowed}")
            if not allowed and len(written) != 2:
                problems.append(f"{attribute.id}: binary {attribute.name} written with a value")
        for relation in so.relations:
            (_, first), (_, second) = relation.args
            allowed_relations = conf.relation_types_from_to(types[first], types[second])
            if relation.label not in allowed_relations:
                problems.append(f"{relation.label} not allowed {types[first]}->{types[second]}")
        problems += [
            f"{ann.name} {norm.id}: empty name" for norm in so.norms if not norm.text.strip()
        ]
    problems += [f"loader: {text}" for level, text in Messager.messages if level != "debug"]
    return problems


@pytest.mark.parametrize("labels", ["newsschema", "attribution"])
def test_brat_loader_accepts_the_seed_export(tmp_path: Path, labels: str) -> None:
    """brat's loader reads our annotation.conf and allows every attribute, value and relation."""
    get_bundle_exporter("brat").write([_seed()], tmp_path / "out", {"labels": labels})
    assert _brat_problems(tmp_path / "out") == []


def test_seed_export_declares_event_kind_values_and_attribution_on_quotes(
    tmp_path: Path,
) -> None:
    """The seed's quotes carry Attribution and its events a multi-valued EventKind (the cases)."""
    get_bundle_exporter("brat").write([_seed()], tmp_path / "out", {})
    values = _attribute_values(str((tmp_path / "out").resolve()))
    text = next((tmp_path / "out").glob("*.ann")).read_text("utf-8")
    assert "\tAttribution T" in text
    assert "\tEventKind T" in text
    assert len(values["EventKind"]) > 1
    assert "speech" in values["Attribution"]


def test_normalisation_lines_carry_the_entity_name(tmp_path: Path) -> None:
    """Each N line's text field is the name of the entity it normalises."""
    seed = _seed()
    get_bundle_exporter("brat").write([seed], tmp_path / "out", {})
    so = Standoff(text="", name="x")
    parse_ann(next((tmp_path / "out").glob("*.ann")).read_text("utf-8"), so)
    names = {entity.name for entity in seed.entities if entity.same_as}
    assert so.norms
    assert {norm.text for norm in so.norms} == names


@settings(settings.get_profile("slow"), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=tool_documents())
def test_brat_loader_accepts_any_export(
    tmp_path_factory: pytest.TempPathFactory, document: Document
) -> None:
    """For generated documents, under both label maps, brat's checks find nothing to refuse."""
    for labels in ("newsschema", "attribution"):
        out = tmp_path_factory.mktemp("brat") / "out"
        get_bundle_exporter("brat").write([document], out, {"labels": labels})
        assert _brat_problems(out) == []
