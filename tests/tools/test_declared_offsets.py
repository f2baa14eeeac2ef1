"""A unit the file declares for its offsets is never overridden in silence (NS081).

newsschema's doccano export says ``"offsets": "code-points"``; a file that declares UTF-8
bytes but whose spans only fit as code points is read as code points, with a warning that
names both units. (In the text below the quote starts at code point 2, which falls inside
the first euro sign's three UTF-8 bytes: as bytes, the span cannot be right.)
"""

from __future__ import annotations

import orjson

from newsschema.formats import get_importer

OPTIONS = {"labels": "attribution", "set": ["article.language=en"]}
TEXT = "€ Wir kommen, sagte sie €€."


def _record(offsets: str) -> bytes:
    start = TEXT.index("Wir kommen")
    entity = {"id": 1, "label": "Content", "start_offset": start, "end_offset": start + 10}
    return orjson.dumps({"text": TEXT, "offsets": offsets, "entities": [entity]})


def test_a_declared_utf8_unit_the_spans_contradict_is_overridden_with_ns081() -> None:
    """Declared utf-8, spans in code points: read as code points, NS081 names both units."""
    (loaded,) = get_importer("doccano").read_bytes(_record("utf-8"), "x.jsonl", OPTIONS)
    assert loaded.document is not None, loaded.findings
    (quote,) = loaded.document.quotes
    assert quote.text == "Wir kommen"
    warnings = [f for f in loaded.findings if f.code == "NS081"]
    assert len(warnings) == 1
    assert "code points" in warnings[0].message and "UTF-8 bytes" in warnings[0].message


def test_a_declared_unit_that_fits_gives_no_warning() -> None:
    """Declared code points that fit: no NS081 (the warning is not noise)."""
    (loaded,) = get_importer("doccano").read_bytes(_record("code-points"), "x.jsonl", OPTIONS)
    assert loaded.document is not None
    assert not [f for f in loaded.findings if f.code == "NS081"]
