"""Round trips canonical -> annotation tool -> canonical under the newsschema labels."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsschema.formats import get_exporter, get_importer
from newsschema.models import Document
from newsschema.strategies import document_dicts

# Put emoji, CRLF and combining marks before every span, so that any offset-unit mix-up moves
# them all.
_PREFIXES = st.sampled_from(
    ["👩‍💻 🇺🇦\r\n", "e\u0301te\u0301\r\n\r\n", "Zürich 😀 a\u0308\r\n", "x "]
)


def _shift(value: Any, by: int) -> Any:
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            return {**value, "start": value["start"] + by, "end": value["end"] + by}
        return {key: _shift(item, by) for key, item in value.items()}
    if isinstance(value, list):
        return [_shift(item, by) for item in value]
    return value


@st.composite
def tool_documents(draw: st.DrawFn) -> Document:
    """Generated documents with a non-ASCII, CRLF prefix and the schema 1.1 fields."""
    data = draw(document_dicts())
    prefix = draw(_PREFIXES)
    article = data.pop("article")
    body = prefix + article["body"]
    shifted = _shift(data, len(prefix))
    article["body"] = body
    if "text_sha256" in article:
        article["text_sha256"] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if draw(st.booleans()):
        del article["headline"]
    shifted["article"] = article
    shifted["schema_version"] = "1.1"
    for entity in shifted["entities"]:
        if draw(st.booleans()):
            entity["anonymous"] = True
        for mention in entity["mentions"]:
            if draw(st.booleans()):
                mention["form"] = draw(st.sampled_from(["name", "nominal", "pronoun"]))
    for quote in shifted["quotes"]:
        if draw(st.booleans()):
            quote["attribution"] = draw(
                st.sampled_from(["speech", "belief", "knowledge", "intention"])
            )
        length = quote["span"]["end"] - quote["span"]["start"]
        if length > 4 and not quote.get("insertions") and draw(st.booleans()):
            start = quote["span"]["start"] + 1
            quote["interruptions"] = [{"start": start, "end": start + 1}]
    return Document.model_validate(shifted)


def _round_trip(name: str, document: Document) -> list[Document]:
    exporter, importer = get_exporter(name), get_importer(name)
    options: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "out"
        if exporter.layout == "stream":
            target = Path(tmp) / f"out{exporter.suffix}"
        exporter.write([document], target, options)
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
        get_exporter("brat").write([document], target, {})
        loaded = list(get_importer("brat").read_bytes(target.read_bytes(), "corpus.zip", {}))
    assert [one.document for one in loaded] == [document]
