"""INCEpTION export refuses text that XML 1.0 cannot hold, instead of crashing."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from newsschema.formats import ExportError, get_bundle_exporter
from newsschema.loader import load_one
from tests.validation._docs import good_document

pytest.importorskip("cassis")


def test_a_control_character_is_an_export_error_and_leaves_nothing(tmp_path: Path) -> None:
    """A headline with NUL and control characters is an ExportError; no output is written."""
    doc = good_document()
    doc["article"]["headline"] = "\x00\x01\x1b\x7f\x85"
    document = load_one(orjson.dumps(doc)).document
    assert document is not None
    target = tmp_path / "out"
    with pytest.raises(ExportError, match="not writable as XMI"):
        get_bundle_exporter("inception").write([document], target, {})
    assert sorted(tmp_path.iterdir()) == []
