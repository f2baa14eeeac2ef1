"""Text hazards: CRLF bodies, NFC/NFD, emoji and ZWJ sequences, combining marks, and offsets
counted in UTF-16 code units by JavaScript tools (reported with a hint)."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import orjson
import pytest

import newsschema
from newsschema.convert import convert
from newsschema.loader import load_documents
from newsschema.models import Document
from newsschema.reporters.json import report_object

from .adversarial_support import dumps


def document(body: str, **parts: Any) -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "article": {"id": "t1", "headline": "Text", "body": body, "language": "en"},
        "entities": parts.get("entities", []),
        "events": parts.get("events", []),
        "quotes": parts.get("quotes", []),
    }


def person(name: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    return {"id": "p1", "kind": "person", "name": name, "mentions": [{"start": start, "end": end}]}


def quote(text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "id": "q1",
        "kind": "direct",
        "text": text,
        "span": {"start": start, "end": end},
        "speaker": "p1",
    }


def findings(doc: dict[str, Any]) -> dict[str, list[Any]]:
    report = newsschema.validate(dumps(doc))
    by_code: dict[str, list[Any]] = {}
    for finding in report.findings:
        assert finding.line is not None and finding.column is not None
        by_code.setdefault(finding.code, []).append(finding)
    return by_code


def at(body: str, part: str) -> tuple[int, int]:
    start = body.index(part)
    return start, start + len(part)


def utf16(body: str, offset: int) -> int:
    return len(body[:offset].encode("utf-16-le")) // 2


# --- CRLF ----------------------------------------------------------------------------------------

CRLF_BODY = "Lavrov said:\r\n“We met.”\r\nThe end."


def crlf_document() -> dict[str, Any]:
    return document(
        CRLF_BODY,
        entities=[person("Lavrov", *at(CRLF_BODY, "Lavrov"))],
        quotes=[quote("We met.", *at(CRLF_BODY, "We met."))],
    )


def test_crlf_body_counts_cr_as_a_code_point_and_is_clean() -> None:
    """A CRLF body with offsets counting each CR validates clean."""
    assert findings(crlf_document()) == {}


def test_crlf_offsets_counted_on_lf_text_are_a_mismatch() -> None:
    """Offsets counted on LF text are NS103, naming where the text really is."""
    doc = crlf_document()
    lf_body = CRLF_BODY.replace("\r\n", "\n")
    start, end = at(lf_body, "We met.")  # one \r fewer before the quote
    doc["quotes"][0]["span"] = {"start": start, "end": end}
    [mismatch] = findings(doc)["NS103"]
    assert mismatch.pointer == "/quotes/0/text"
    # The body one code point earlier, and where the text really is (one to the right).
    assert mismatch.message.endswith(
        f': "“We met"; found 1 code point to the right: [{start + 1}, {end + 1})'
    )


def test_span_ending_between_cr_and_lf_splits_a_cluster() -> None:
    """A span ending between CR and LF is an NS106 warning naming U+000A."""
    doc = crlf_document()
    cr = CRLF_BODY.index("\r")
    doc["entities"][0]["mentions"].append({"start": 0, "end": cr + 1})
    doc["entities"][0]["aliases"] = [CRLF_BODY[: cr + 1]]
    [split] = findings(doc)["NS106"]
    assert split.pointer == "/entities/0/mentions/1" and "U+000A" in split.message


@pytest.mark.parametrize("fmt", ["json", "jsonl", "jsonld", "csv", "parquet"])
def test_crlf_body_survives_every_round_trip_byte_for_byte(tmp_path: Path, fmt: str) -> None:
    """A CRLF body survives conversion to each format and back unchanged."""
    source = tmp_path / "in.json"
    source.write_bytes(dumps(crlf_document()))
    out = tmp_path / (
        "out" + {"json": ".json", "jsonl": ".jsonl", "jsonld": ".jsonld"}.get(fmt, "")
    )
    convert([str(source)], to=fmt, output=str(out))
    back = tmp_path / "back.jsonl"
    convert([str(out)], to="jsonl", output=str(back))
    [again] = load_documents(back)
    assert again.article.body == CRLF_BODY
    assert again == Document.model_validate(crlf_document())


# --- NFC / NFD -----------------------------------------------------------------------------------


def test_nfd_body_with_nfc_quote_text_is_an_error_that_names_normalisation() -> None:
    """NFC quote text on an NFD body is NS103 naming normalisation; nothing is normalised."""
    body = unicodedata.normalize("NFD", "“Zürich is calm,” Müller said.")
    start, end = at(body, unicodedata.normalize("NFD", "Zürich is calm,"))
    doc = document(
        body,
        entities=[person("Müller", *at(body, unicodedata.normalize("NFD", "Müller")))],
        quotes=[quote("Zürich is calm,", start, end)],
    )
    found = findings(doc)
    [mismatch] = found["NS103"]
    assert "Unicode normalisation (NFC vs NFD)" in mismatch.message
    # The mention is the name in another normalisation: not worth a warning.
    assert "NS104" not in found
    # Nothing is normalised on the way through: the body keeps its decomposed letters.
    doc["quotes"][0]["text"] = unicodedata.normalize("NFD", "Zürich is calm,")
    loaded = newsschema.loads(dumps(doc))
    assert loaded.article.body == body and "u\u0308" in loaded.article.body


def test_quote_text_that_really_differs_gets_no_normalisation_hint() -> None:
    """A quote text that really differs gets no normalisation or UTF-16 hint."""
    body = "“Zurich is calm,” Muller said."
    doc = document(
        body,
        entities=[person("Muller", *at(body, "Muller"))],
        quotes=[quote("Zurich is quiet", *at(body, "Zurich is calm,"))],
    )
    [mismatch] = findings(doc)["NS103"]
    assert "normalisation" not in mismatch.message and "UTF-16" not in mismatch.message


# --- grapheme clusters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cluster", "cut"),
    [
        ("👩\u200d👩\u200d👧", 2),  # inside a ZWJ family sequence
        ("👍🏽", 1),  # before the skin-tone modifier
        ("🇨🇭", 1),  # between the two regional indicators of a flag
        ("e\u0301", 1),  # before a combining acute accent
        ("\u1100\u1161\u11a8", 2),  # inside a Hangul syllable sequence
    ],
)
def test_span_cutting_a_cluster_is_a_warning_naming_the_code_point(cluster: str, cut: int) -> None:
    """A span cutting a grapheme cluster is only an NS106 warning naming the code point."""
    body = f"Caf{cluster} opened."
    start = body.index(cluster)
    doc = document(body, entities=[person(body[: start + cut], 0, start + cut)])
    found = findings(doc)
    [split] = found["NS106"]
    assert split.pointer == "/entities/0/mentions/0"
    assert f"U+{ord(body[start + cut]):04X}" in split.message
    assert set(found) == {"NS106"}  # a warning only: the document stays valid
    whole = document(body, entities=[person(body[: start + len(cluster)], 0, start + len(cluster))])
    assert findings(whole) == {}


# --- offsets counted in UTF-16 code units ---------------------------------------------------------

EMOJI_BODY = "😀 Lavrov said: “We met in 🇨🇭 Geneva.” Then he left 👋"


def utf16_document(**overrides: tuple[int, int]) -> dict[str, Any]:
    body = EMOJI_BODY
    spans = {
        "lavrov": at(body, "Lavrov"),
        "quote": at(body, "We met in 🇨🇭 Geneva."),
    }
    spans.update(overrides)
    return document(
        body,
        entities=[person("Lavrov", *spans["lavrov"])],
        quotes=[quote("We met in 🇨🇭 Geneva.", *spans["quote"])],
    )


def as_utf16(span: tuple[int, int]) -> tuple[int, int]:
    return utf16(EMOJI_BODY, span[0]), utf16(EMOJI_BODY, span[1])


def test_code_point_offsets_are_clean() -> None:
    """Code-point offsets on a body with astral characters validate clean."""
    assert findings(utf16_document()) == {}


def test_utf16_offsets_in_a_quote_are_reported_as_such() -> None:
    """UTF-16 offsets in a quote are NS103 with a hint giving the code-point span."""
    right = at(EMOJI_BODY, "We met in 🇨🇭 Geneva.")
    doc = utf16_document(quote=as_utf16(right))
    [mismatch] = findings(doc)["NS103"]
    assert "look like UTF-16 code units" in mismatch.message
    assert f"in code points this span is [{right[0]}, {right[1]})" in mismatch.message


def test_utf16_offsets_in_a_mention_are_reported_as_such() -> None:
    """UTF-16 offsets in a mention are NS104 with a hint giving the code-point span."""
    right = at(EMOJI_BODY, "Lavrov")
    [warning] = findings(utf16_document(lavrov=as_utf16(right)))["NS104"]
    assert "look like UTF-16 code units" in warning.message
    assert f"[{right[0]}, {right[1]})" in warning.message


def test_utf16_offsets_past_the_end_are_reported_as_such() -> None:
    """UTF-16 offsets past the body end are NS101 with a UTF-16 hint."""
    body = EMOJI_BODY
    right = (len(body) - 1, len(body))  # the final emoji, counted in UTF-16: [n, n + 2)
    doc = utf16_document()
    doc["entities"].append(
        {
            "id": "wave",
            "kind": "other",
            "name": "👋",
            "mentions": [dict(zip(("start", "end"), as_utf16(right), strict=True))],
        }
    )
    [past] = findings(doc)["NS101"]
    assert "look like UTF-16 code units" in past.message
    assert f"[{right[0]}, {right[1]})" in past.message


def test_no_utf16_hint_when_the_text_is_not_there_either() -> None:
    """No UTF-16 hint when the text is not at the UTF-16 position either."""
    doc = utf16_document(quote=(3, 12))
    [mismatch] = findings(doc)["NS103"]
    assert "UTF-16" not in mismatch.message


def test_no_utf16_hint_without_characters_outside_the_bmp() -> None:
    """No UTF-16 hint on a body without characters outside the BMP."""
    body = "Lavrov said: “We met.”"
    doc = document(body, entities=[person("Lavrov", 1, 7)], quotes=[quote("We met.", 14, 21)])
    found = findings(doc)
    assert all("UTF-16" not in f.message for fs in found.values() for f in fs)


def test_json_reporter_carries_the_hint() -> None:
    """The JSON report carries the UTF-16 hint in the issue message."""
    doc = utf16_document(quote=as_utf16(at(EMOJI_BODY, "We met in 🇨🇭 Geneva.")))
    report = newsschema.validate(dumps(doc))
    messages = [i["message"] for i in orjson.loads(orjson.dumps(report_object(report)))["issues"]]
    assert any("UTF-16" in m for m in messages)
