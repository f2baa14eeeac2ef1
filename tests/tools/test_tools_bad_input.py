"""Bad tool input never crashes an importer: it yields located findings instead."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st

from newsschema.formats import get_importer

_KEYS = st.sampled_from(
    ["text", "label", "labels", "entities", "relations", "id", "start_offset", "end_offset",
     "from_id", "to_id", "type", "data", "annotations", "predictions", "result", "value",
     "start", "end", "choices", "from_name", "newsschema", "article", "quotes", "mentions",
     "span", "offsets", "language", "article_id", "was_cancelled"]
)  # fmt: skip
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-5, 40)
    | st.sampled_from(["😀 ok", "T1", "Content", "labels", "relation", "choices", "code-points"])
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=6),
    max_leaves=30,
)
_LINES = st.lists(
    st.one_of(
        st.from_regex(r"\AT[0-9] (Content|Cue|Source) [0-9]{1,2} [0-9]{1,2}(;[0-9] [0-9])?\Z"),
        st.from_regex(r"\A[ERAMN#*][0-9] [A-Za-z]+(:T[0-9])? ?(Arg[12]|Content|Source):T[0-9]\Z"),
        st.text(max_size=20),
    ),
    max_size=8,
).map(lambda lines: "\n".join(line.replace(" ", "\t", 1) for line in lines))
OPTIONS: dict[str, Any] = {"labels": "attribution", "set": ["article.language=en"]}


def _drain(name: str, data: bytes, file: str, options: dict[str, Any] = OPTIONS) -> None:
    for loaded in get_importer(name).read_bytes(data, file, options):
        assert loaded.document is not None or any(f.is_error for f in loaded.findings)


@given(value=_JSON)
def test_json_tools_never_crash(value: Any) -> None:
    """Any JSON given to the Label Studio or doccano importer gives findings, not exceptions."""
    data = orjson.dumps(value)
    _drain("labelstudio", data, "x.json")
    _drain("labelstudio", data, "x.json", {})
    _drain("doccano", data + b"\n" + data, "x.jsonl")
    _drain("doccano", data, "x.jsonl", {})


@given(text=st.text(min_size=1, max_size=40), ann=_LINES, record=_JSON)
def test_brat_never_crashes(text: str, ann: str, record: Any) -> None:
    """Any .txt/.ann pair (and any record beside it) gives findings, not exceptions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", text.encode("utf-8", "surrogatepass"))
        archive.writestr("a.ann", ann.encode("utf-8", "surrogatepass"))
        archive.writestr("a.newsschema.json", orjson.dumps(record))
    _drain("brat", buffer.getvalue(), "c.zip")
    _drain("brat", buffer.getvalue(), "c.zip", {"set": ["article.language=en"]})


@given(data=st.binary(max_size=200))
def test_archives_never_crash(data: bytes) -> None:
    """Bytes that are not an archive are one NS080 finding for the folder formats."""
    for name in ("brat", "inception", "labelstudio"):
        _drain(name, data, "x.zip")


@given(xmi=st.text(max_size=200))
def test_inception_bad_xmi_never_crashes(xmi: str) -> None:
    """Any text as an .xmi beside a type system gives findings, not exceptions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "TypeSystem.xml",
            '<typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier"/>',
        )
        archive.writestr("a.xmi", xmi.encode("utf-8", "surrogatepass"))
    _drain("inception", buffer.getvalue(), "x.zip")
