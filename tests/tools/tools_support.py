"""Shared helpers of the annotation-tool tests: generated documents that stress offsets."""

from __future__ import annotations

import hashlib
from typing import Any

from hypothesis import strategies as st

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
    """Generated 1.0 and 1.1 documents whose body starts with emoji, CRLF and combining marks."""
    data = draw(document_dicts(schema_version=draw(st.sampled_from(["1.0", "1.1"]))))
    prefix = draw(_PREFIXES)
    article = data.pop("article")
    body = prefix + article["body"]
    shifted = _shift(data, len(prefix))
    article["body"] = body
    if "text_sha256" in article:
        article["text_sha256"] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    shifted["article"] = article
    return Document.model_validate(shifted)
