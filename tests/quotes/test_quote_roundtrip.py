"""Any canonical document written --to quotes and read back without offsets keeps its spans."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import assume, given

from newsschema.formats import get_exporter, get_importer
from newsschema.formats.anchoring import strip_marks
from newsschema.models import Document
from newsschema.strategies import documents


def _unique_texts(document: Document) -> bool:
    """Every quote's text is non-empty, occurs once in the body and has no marks at its ends."""
    body = document.article.body
    for quote in document.quotes:
        text = quote.text
        if not text.strip() or body.count(text) != 1:
            return False
        if strip_marks(body, quote.span.start, quote.span.end) != (
            quote.span.start,
            quote.span.end,
        ):
            return False
    return True


@given(documents(quotes=(1, 4), schema_version="1.1"))
def test_export_then_import_without_offsets_anchors_the_same_spans(document: Document) -> None:
    """Quotes exported --to quotes, stripped of offsets and kinds, anchor back to their spans."""
    assume(_unique_texts(document))
    record: dict[str, Any] = orjson.loads(get_exporter("quotes").dump(document, {}))  # type: ignore[union-attr]
    for quote in record["quotes"]:
        del quote["start"], quote["end"], quote["kind"]
    [loaded] = get_importer("quotes").read_bytes(orjson.dumps(record), "doc.jsonl", {})
    assert loaded.document is not None, [f.message for f in loaded.findings]
    expected = sorted((q.span.start, q.span.end) for q in document.quotes)
    got = sorted((q.span.start, q.span.end) for q in loaded.document.quotes)
    assert got == expected
    assert not [f for f in loaded.findings if f.code in {"NS090", "NS091", "NS092", "NS093"}]


@given(documents(quotes=(0, 4), schema_version="1.1"))
def test_export_then_import_with_offsets_keeps_spans_and_kinds(document: Document) -> None:
    """With their code point offsets, exported quotes come back at the same spans, any text."""
    assume(all(q.text.strip() for q in document.quotes))
    assume(
        all(
            strip_marks(document.article.body, q.span.start, q.span.end)
            == (q.span.start, q.span.end)
            for q in document.quotes
        )
    )
    data = get_exporter("quotes").dump(document, {})  # type: ignore[union-attr]
    [loaded] = get_importer("quotes").read_bytes(data, "doc.jsonl", {})
    codes = [f.code for f in loaded.findings]
    if loaded.document is None:
        # Only the importer's own verdicts may refuse a valid document: an unmarked "direct".
        assert set(codes) <= {"NS094"}, codes
        return
    assert sorted((q.span.start, q.span.end, q.kind) for q in loaded.document.quotes) == sorted(
        (q.span.start, q.span.end, q.kind) for q in document.quotes
    )
