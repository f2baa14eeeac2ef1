"""Round trips canonical -> annotation tool -> canonical under the newsschema labels."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from newsschema.formats import get_bundle_exporter, get_exporter, get_importer, write_many
from newsschema.models import Document

from .tools_support import tool_documents


def _round_trip(name: str, document: Document) -> list[Document]:
    exporter, importer = get_exporter(name), get_importer(name)
    options: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "out"
        if exporter.layout == "stream":
            target = Path(tmp) / f"out{exporter.suffix}"
        assert exporter.layout != "document", name
        write_many(exporter, [document], target, options)
        loaded = list(importer.read(target, options))
    assert all(one.document is not None for one in loaded), [one.findings for one in loaded]
    assert not [f for one in loaded for f in one.findings], [one.findings for one in loaded]
    return [one.document for one in loaded if one.document is not None]


@pytest.mark.parametrize("name", ["brat", "doccano", "labelstudio", "inception"])
@given(document=tool_documents())
def test_round_trip_is_identical(name: str, document: Document) -> None:
    """Every tool format gives back exactly the document it was given (newsschema labels)."""
    assert _round_trip(name, document) == [document]


@given(document=tool_documents())
def test_brat_zip_round_trip(document: Document) -> None:
    """A brat .zip archive round-trips like a folder."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "corpus.zip"
        get_bundle_exporter("brat").write([document], target, {})
        loaded = list(get_importer("brat").read_bytes(target.read_bytes(), "corpus.zip", {}))
    assert [one.document for one in loaded] == [document]
