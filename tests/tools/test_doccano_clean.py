"""doccano's import rules, run on our doccano output: nothing is lost under the settings it names.

doccano (https://github.com/doccano/doccano, MIT) cleans imported spans in
``backend/data_import/pipeline/labels.py`` (``Spans.clean``, commit ab6b765e): unless the
project allows overlapping spans, a text's spans are sorted by start offset and one is kept only
when it starts at or after the end offset of the last one kept. ``SpanLabel``
(``backend/data_import/pipeline/label.py``) refuses a span whose start is not before its end, and
a relation is saved only when both of its spans were (``Relations.save`` looks them up). The
functions below restate those rules; none of doccano's code is copied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from newsschema.cli import cli
from newsschema.formats.tools.doccano import dump_record, layer_records
from newsschema.models import Document

from ..conftest import SEEDS
from .tools_support import tool_documents


def doccano_clean(record: dict[str, Any], *, allow_overlapping: bool) -> dict[str, Any]:
    """The spans and relations doccano keeps when it imports ``record`` (its rules, restated)."""
    spans = [e for e in record["entities"] if e["start_offset"] < e["end_offset"]]
    if not allow_overlapping:
        kept, last = [], -1
        # Python's sort is stable, as doccano's sorted(group) on SpanLabel.__lt__ (start only).
        for span in sorted(spans, key=lambda e: e["start_offset"]):
            if span["start_offset"] >= last:
                last = span["end_offset"]
                kept.append(span)
        spans = kept
    ids = {span["id"] for span in spans}
    relations = [r for r in record["relations"] if r["from_id"] in ids and r["to_id"] in ids]
    return {"entities": spans, "relations": relations}


def _seed() -> Document:
    return Document.model_validate(orjson.loads(next(SEEDS.glob("*.json")).read_bytes()))


def _loses_nothing(record: dict[str, Any], *, allow_overlapping: bool) -> bool:
    kept = doccano_clean(record, allow_overlapping=allow_overlapping)
    return len(kept["entities"]) == len(record["entities"]) and len(kept["relations"]) == len(
        record["relations"]
    )


def test_seed_export_names_the_setting_doccano_needs() -> None:
    """Without overlapping spans doccano drops seed spans; the record says allow_overlapping."""
    record = dump_record(_seed(), {})
    assert not _loses_nothing(record, allow_overlapping=False)
    assert record["doccano_project"]["allow_overlapping"] is True
    assert record["doccano_project"]["use_relation"] is True
    assert _loses_nothing(record, allow_overlapping=True)


def test_each_layer_imports_whole_without_overlapping_spans() -> None:
    """--layers: every layer survives doccano's cleaning with overlaps off; no span is lost."""
    whole = dump_record(_seed(), {})
    layers = layer_records(_seed(), {})
    assert len(layers) > 1
    for layer in layers:
        assert layer["doccano_project"]["allow_overlapping"] is False
        assert _loses_nothing(layer, allow_overlapping=False)
    spans = sorted(e["id"] for layer in layers for e in layer["entities"])
    assert spans == sorted(e["id"] for e in whole["entities"])
    kept = sum(len(layer["relations"]) for layer in layers)
    left_out = sum(layer["doccano_layer"]["relations_left_out"] for layer in layers)
    assert kept + left_out == len(whole["relations"])


def test_cli_layers_flag_writes_one_line_per_layer(tmp_path: Path) -> None:
    """`convert --to doccano --layers` writes the layer records, one JSON line each."""
    out = tmp_path / "layers.jsonl"
    seed = str(next(SEEDS.glob("*.json")))
    result = CliRunner().invoke(
        cli, ["convert", seed, "--to", "doccano", "--layers", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [line["doccano_layer"]["layer"] for line in lines] == list(range(1, len(lines) + 1))


@settings(settings.get_profile("cheap"), suppress_health_check=list(HealthCheck))
@given(document=tool_documents())
def test_generated_exports_lose_nothing_under_their_declared_settings(document: Document) -> None:
    """For any document: the declared setting keeps every span and relation; layers keep theirs."""
    for labels in ("newsschema", "attribution"):
        record = dump_record(document, {"labels": labels})
        declared = record["doccano_project"]["allow_overlapping"]
        assert _loses_nothing(record, allow_overlapping=declared)
        assert _loses_nothing(record, allow_overlapping=False) == (not declared)
        for layer in layer_records(document, {"labels": labels}):
            assert _loses_nothing(layer, allow_overlapping=False)


@pytest.mark.parametrize("labels", ["newsschema", "attribution"])
def test_no_exported_span_is_empty(labels: str) -> None:
    """doccano refuses a span whose start is not before its end: the seed export has none."""
    record = dump_record(_seed(), {"labels": labels})
    assert all(e["start_offset"] < e["end_offset"] for e in record["entities"])
