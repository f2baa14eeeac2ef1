"""The quotes, citron and ggt importers and the quotes exporter on hand-written files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema.findings import Finding
from newsschema.formats import get_exporter, get_importer
from newsschema.loader import Loaded
from newsschema.models import Document
from newsschema.validation import validate_document

BODY = (
    "Sergey Lavrov said on Friday: “We will not attack anyone.” He added that the talks "
    "were useful. “We will not attack anyone,” he repeated. 👍 Analysts doubted it."
)
EN = {"set": ["article.language=en"]}


def _at(piece: str, after: int = 0) -> tuple[int, int]:
    start = BODY.index(piece, after)
    return start, start + len(piece)


def _read(fmt: str, record: Any, options: dict[str, Any] | None = None) -> list[Loaded]:
    data = orjson.dumps(record)
    return list(get_importer(fmt).read_bytes(data, "article.json", options or EN))


def _codes(loaded: Loaded) -> list[str]:
    return [f.code for f in loaded.findings]


def _one(fmt: str, record: Any, options: dict[str, Any] | None = None) -> Loaded:
    [loaded] = _read(fmt, record, options)
    return loaded


def _doc(loaded: Loaded) -> Document:
    assert loaded.document is not None, [f.message for f in loaded.findings]
    return loaded.document


def _quotes_record(*quotes: dict[str, Any], **article: Any) -> dict[str, Any]:
    return {
        "article": {"id": "a1", "body": BODY, "language": "en", **article},
        "quotes": list(quotes),
    }


# -- --from quotes ------------------------------------------------------------------------


def test_quotes_record_with_text_only_is_anchored_and_kind_inferred() -> None:
    """A quote with only its text is anchored; its kind is inferred from the marks (NS087)."""
    loaded = _one("quotes", _quotes_record({"text": "the talks were useful"}))
    quote = _doc(loaded).quotes[0]
    assert (quote.span.start, quote.span.end) == _at("the talks were useful")
    assert quote.kind == "indirect"
    assert _codes(loaded) == ["NS087"]


def test_quotes_record_links_speaker_cue_and_full_name() -> None:
    """Speaker names become one entity with mentions; the cue is the nearest occurrence."""
    loaded = _one(
        "quotes",
        _quotes_record(
            {
                "text": "We will not attack anyone.",
                "speaker": "Lavrov",
                "cue": "said",
                "kind": "direct",
            },
            {
                "text": "the talks were useful",
                "speaker": "Sergey Lavrov",
                "cue": "added",
                "kind": "indirect",
            },
        ),
    )
    document = _doc(loaded)
    assert _codes(loaded) == []
    [entity] = document.entities
    assert entity.name == "Sergey Lavrov"
    assert "Lavrov" in entity.aliases
    assert [(m.start, m.end) for m in entity.mentions] == [_at("Sergey Lavrov")]
    first, second = document.quotes
    assert first.speaker == second.speaker == entity.id
    assert first.cue is not None and (first.cue.start, first.cue.end) == _at("said")
    assert second.cue is not None and (second.cue.start, second.cue.end) == _at("added")
    assert [f.code for f in validate_document(document) if f.is_error] == []


def test_repeated_quote_takes_the_next_free_occurrence_and_warns() -> None:
    """Two quotes with the same text take the two occurrences in order (NS096 each)."""
    text = "We will not attack anyone"
    loaded = _one(
        "quotes", _quotes_record({"text": text, "kind": "direct"}, {"text": text, "kind": "direct"})
    )
    first, second = _doc(loaded).quotes
    assert first.span.start == BODY.index(text)
    assert second.span.start == BODY.index(text, first.span.end)
    assert _codes(loaded) == ["NS096", "NS096"]


def test_given_utf16_offsets_are_converted_with_a_warning() -> None:
    """Offsets counted in UTF-16 code units are recognised and reported (NS093)."""
    start, end = _at("Analysts doubted it")
    loaded = _one(
        "quotes",
        _quotes_record(
            {"text": "Analysts doubted it", "kind": "indirect", "start": start + 1, "end": end + 1}
        ),
    )
    quote = _doc(loaded).quotes[0]
    assert (quote.span.start, quote.span.end) == (start, end)
    [finding] = loaded.findings
    assert finding.code == "NS093" and "UTF-16" in finding.message


def test_given_byte_offsets_are_converted_with_a_warning() -> None:
    """Offsets counted in UTF-8 bytes are recognised and reported (NS093)."""
    start, end = _at("Analysts doubted it")
    byte = len(BODY[:start].encode())
    loaded = _one(
        "quotes",
        _quotes_record(
            {
                "text": "Analysts doubted it",
                "kind": "indirect",
                "start": byte,
                "end": byte + end - start,
            }
        ),
    )
    assert (_doc(loaded).quotes[0].span.start, _codes(loaded)) == (start, ["NS093"])
    assert "UTF-8 bytes" in loaded.findings[0].message


def test_straight_marks_match_curly_ones_without_a_warning() -> None:
    """Straight marks around a quote whose body marks are curly only drop the marks."""
    loaded = _one(
        "quotes", _quotes_record({"text": '"We will not attack anyone."', "kind": "direct"})
    )
    quote = _doc(loaded).quotes[0]
    assert quote.text == "We will not attack anyone."
    assert _codes(loaded) == []


def test_typographic_variants_are_kept_from_the_body_with_a_warning() -> None:
    """A quote found only after normalising case and marks keeps the body's text (NS092)."""
    loaded = _one("quotes", _quotes_record({"text": "THE TALKS WERE USEFUL", "kind": "indirect"}))
    assert _doc(loaded).quotes[0].text == "the talks were useful"
    assert _codes(loaded) == ["NS092"]


def test_paraphrase_is_an_error_with_the_closest_passage() -> None:
    """A reworded quote is NS090 (error) naming the closest passage and its similarity."""
    loaded = _one(
        "quotes", _quotes_record({"text": "the talks were very useful", "kind": "indirect"})
    )
    assert loaded.document is None
    [finding] = loaded.findings
    assert finding.code == "NS090" and finding.is_error
    assert "the talks were useful" in finding.message and "similarity 0.8" in finding.message
    assert finding.pointer == "/quotes/0/text"


def test_paraphrase_is_a_warning_under_fuzzy_anchoring() -> None:
    """With --anchor fuzzy:0.8 the reworded quote is anchored with NS091 (warning)."""
    options = {**EN, "anchor": "fuzzy:0.8"}
    loaded = _one(
        "quotes",
        _quotes_record({"text": "the talks were very useful", "kind": "indirect"}),
        options,
    )
    assert _doc(loaded).quotes[0].text == "the talks were useful"
    assert _codes(loaded) == ["NS091"]


def test_direct_quote_without_marks_is_an_error() -> None:
    """A quote given as direct that stands in no quotation marks is NS094."""
    loaded = _one("quotes", _quotes_record({"text": "the talks were useful", "kind": "direct"}))
    assert loaded.document is None
    assert _codes(loaded) == ["NS094"]


def test_unmentioned_speaker_is_an_entity_without_mentions() -> None:
    """A speaker the body never names becomes an entity with no mention (NS095)."""
    loaded = _one(
        "quotes",
        _quotes_record(
            {"text": "the talks were useful", "kind": "indirect", "speaker": "Maria Zakharova"}
        ),
    )
    [entity] = _doc(loaded).entities
    assert (entity.name, entity.mentions) == ("Maria Zakharova", ())
    assert _codes(loaded) == ["NS095"]


def test_cue_absent_near_the_quote_is_left_out() -> None:
    """A cue that does not occur near the quote is dropped with NS097."""
    loaded = _one(
        "quotes",
        _quotes_record({"text": "the talks were useful", "kind": "indirect", "cue": "insisted"}),
    )
    assert _doc(loaded).quotes[0].cue is None
    assert _codes(loaded) == ["NS097"]


def test_language_from_set_and_missing_language_is_an_error() -> None:
    """The article language comes from --set; without it the record is refused (NS083)."""
    record = {
        "article": {"id": "a1", "body": BODY},
        "quotes": [{"text": "Analysts doubted it", "kind": "indirect"}],
    }
    assert _doc(_one("quotes", record)).article.language == "en"
    assert _codes(_one("quotes", record, {"set": []})) == ["NS083"]


def test_bad_quotes_record_is_located() -> None:
    """A record that is not in the quotes shape is NS080 naming the pointer."""
    loaded = _one(
        "quotes", {"article": {"id": "a1", "body": BODY}, "quotes": [{"speaker": "Lavrov"}]}
    )
    [finding] = loaded.findings
    assert finding.code == "NS080" and "/quotes/0/text" in finding.message


def test_quotes_json_lines_are_read_one_record_per_line() -> None:
    """JSON Lines of records give one document per line, with the line of each."""
    line = orjson.dumps(_quotes_record({"text": "Analysts doubted it", "kind": "indirect"}))
    other = orjson.dumps(
        _quotes_record({"text": "Analysts doubted it", "kind": "indirect"}, id="a2")
    )
    loaded = list(
        get_importer("quotes").read_bytes(line + b"\n\n" + other + b"\nnot json\n", "x.jsonl", EN)
    )
    assert [item.line for item in loaded] == [1, 3, 4]
    assert [_doc(item).article.id for item in loaded[:2]] == ["a1", "a2"]
    assert _codes(loaded[2]) == ["NS080"]


def test_quotes_export_writes_the_record_shape() -> None:
    """--to quotes writes text, speaker name, cue text, kind and code point offsets."""
    loaded = _one(
        "quotes",
        _quotes_record(
            {
                "text": "We will not attack anyone.",
                "speaker": "Lavrov",
                "cue": "said",
                "kind": "direct",
            }
        ),
    )
    exporter = get_exporter("quotes")
    assert exporter.layout == "stream"
    record = orjson.loads(exporter.dump(_doc(loaded), {}))
    start, end = _at("We will not attack anyone.")
    assert record["quotes"] == [
        {
            "text": "We will not attack anyone.",
            "speaker": "Lavrov",
            "cue": "said",
            "kind": "direct",
            "start": start,
            "end": end,
        }
    ]
    assert record["article"] == {"id": "a1", "body": BODY, "language": "en"}


# -- --from citron --------------------------------------------------------------------------


def _span(piece: str, after: int = 0, shift: int = 0) -> dict[str, Any]:
    start, end = _at(piece, after)
    return {"start": start + shift, "end": end + shift, "text": piece}


def test_citron_contents_sources_and_cue_become_one_quote() -> None:
    """Citron's marked content, source and cue spans give a direct quote with its speaker."""
    record = {
        "text": BODY,
        "quotes": [
            {
                "cue": _span("said"),
                "sources": [_span("Sergey Lavrov")],
                "contents": [_span("“We will not attack anyone.”")],
                "confidence": 0.8,
            },
            {
                "cue": _span("repeated"),
                "sources": [_span("he", BODY.index("repeated") - 4)],
                "coreferences": [_span("Sergey Lavrov")],
                "contents": [_span("“We will not attack anyone,”")],
            },
        ],
    }
    loaded = _one("citron", record, {"set": ["article.language=en", "article.id=c1"]})
    document = _doc(loaded)
    assert document.article.id == "c1"
    first, second = document.quotes
    assert first.text == "We will not attack anyone."  # the marks are trimmed
    assert first.kind == second.kind == "direct"
    assert first.speaker == second.speaker
    [entity] = document.entities
    assert entity.name == "Sergey Lavrov"
    assert _at("he", BODY.index("repeated") - 4) in [(m.start, m.end) for m in entity.mentions]
    assert set(_codes(loaded)) == {"NS087"}


def test_citron_broken_quote_keeps_the_clause_as_an_interruption() -> None:
    """Two content spans around an attribution clause give one span with an interruption."""
    body = "“We met,” Lavrov said, “and agreed.” 👍"
    record = {
        "text": body,
        "quotes": [
            {
                "cue": {"start": 17, "end": 21, "text": "said"},
                "sources": [{"start": 10, "end": 16, "text": "Lavrov"}],
                "contents": [
                    {"start": 0, "end": 9, "text": "“We met,”"},
                    {"start": 23, "end": 36, "text": "“and agreed.”"},
                ],
            },
        ],
    }
    document = _doc(_one("citron", record))
    [quote] = document.quotes
    assert (quote.span.start, quote.span.end) == (1, 35)
    assert [(s.start, s.end) for s in quote.interruptions] == [(8, 24)]
    assert [f.code for f in validate_document(document) if f.is_error] == []


def test_citron_offsets_in_utf16_are_reanchored() -> None:
    """Citron spans counted in UTF-16 units (after the emoji) are converted with NS093."""
    record = {
        "text": BODY,
        "quotes": [
            {
                "cue": _span("doubted", shift=1),
                "sources": [_span("Analysts", shift=1)],
                "contents": [_span("Analysts doubted it", shift=1)],
            }
        ],
    }
    loaded = _one("citron", record)
    quote = _doc(loaded).quotes[0]
    assert (quote.span.start, quote.span.end) == _at("Analysts doubted it")
    assert "NS093" in _codes(loaded)


def test_citron_bad_span_is_located() -> None:
    """A Citron span with a string offset is NS080 naming its pointer."""
    record = {"text": BODY, "quotes": [{"cue": {"start": "3", "end": 5}, "contents": []}]}
    [finding] = _one("citron", record).findings
    assert finding.code == "NS080" and "/quotes/0/cue/start" in finding.message


# -- --from ggt ------------------------------------------------------------------------------


def _index(piece: str, after: int = 0) -> str:
    start, end = _at(piece, after)
    return f"({start},{end})"


def test_ggt_records_become_quotes_with_speakers_and_verbs() -> None:
    """Gender Gap Tracker records with (s,e) indexes give quotes, speakers and cues."""
    record = {
        "id": "g1",
        "text": BODY,
        "quotes": [
            {
                "speaker": "Sergey Lavrov",
                "speaker_index": _index("Sergey Lavrov"),
                "quote": "“We will not attack anyone.”",
                "quote_index": _index("“We will not attack anyone.”"),
                "verb": "said",
                "verb_index": _index("said"),
                "quote_type": "SVC",
                "is_floating_quote": False,
            },
            {
                "speaker": "",
                "speaker_index": "",
                "quote": "Analysts doubted it",
                "quote_index": _index("Analysts doubted it"),
                "verb": "doubted",
                "verb_index": _index("doubted"),
                "quote_type": "Heuristic",
                "is_floating_quote": True,
            },
        ],
    }
    loaded = _one("ggt", record)
    document = _doc(loaded)
    assert document.article.id == "g1"
    first, second = document.quotes
    assert (first.text, first.kind, second.speaker) == (
        "We will not attack anyone.",
        "direct",
        None,
    )
    assert second.cue is not None and document.text(second.cue) == "doubted"
    assert document.speaker(first) is not None and document.speaker(first).name == "Sergey Lavrov"  # type: ignore[union-attr]


def test_ggt_human_annotation_key_is_read() -> None:
    """The quotesUpdated key of GGT's human annotations is read like quotes."""
    record = {
        "body": BODY,
        "quotesUpdated": [
            {
                "speaker": "",
                "speaker_index": "",
                "quote": "the talks were useful",
                "quote_index": _index("the talks were useful"),
                "verb": "",
                "verb_index": "",
            }
        ],
    }
    assert _doc(_one("ggt", record)).quotes[0].text == "the talks were useful"


def test_ggt_record_without_quote_is_located() -> None:
    """A GGT record with no quote string is NS080 naming the record."""
    [finding] = _one("ggt", {"text": BODY, "quotes": [{"speaker": "x"}]}).findings
    assert finding.code == "NS080" and "/quotes/0" in finding.message


# -- the command line ------------------------------------------------------------------------


def _convert(*args: str) -> subprocess.CompletedProcess[str]:
    # timeout only stops a hung process; it is not a speed check.
    return subprocess.run(
        [sys.executable, "-m", "newsschema", "convert", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_convert_exits_1_on_a_quote_not_in_the_body(tmp_path: Path) -> None:
    """convert --from quotes exits 1 on NS090 and 0 with --anchor fuzzy:0.8 (a warning)."""
    path = tmp_path / "llm.jsonl"
    path.write_bytes(
        orjson.dumps(_quotes_record({"text": "the talks were very useful", "kind": "indirect"}))
        + b"\n"
    )
    refused = _convert(str(path), "--from", "quotes", "--to", "json")
    assert refused.returncode == 1 and "NS090" in refused.stderr
    fuzzy = _convert(str(path), "--from", "quotes", "--to", "json", "--anchor", "fuzzy:0.8")
    assert fuzzy.returncode == 0 and "NS091" in fuzzy.stderr
    assert orjson.loads(fuzzy.stdout)["quotes"][0]["text"] == "the talks were useful"


def test_convert_refuses_a_bad_anchor_value(tmp_path: Path) -> None:
    """--anchor with a bad value, or with a format it does not apply to, is a usage error."""
    path = tmp_path / "llm.jsonl"
    path.write_bytes(orjson.dumps(_quotes_record()) + b"\n")
    result = _convert(str(path), "--from", "quotes", "--to", "json", "--anchor", "fuzzy:7")
    assert result.returncode == 2 and "--anchor" in result.stderr
    other = _convert(str(path), "--from", "doccano", "--to", "json", "--anchor", "exact")
    assert other.returncode == 2 and "applies only to --from citron, ggt, quotes" in other.stderr


def test_findings_are_frozen_data() -> None:
    """Importer findings are Finding values with file, line and pointer."""
    loaded = _one("quotes", _quotes_record({"text": "the talks were useful"}))
    finding = loaded.findings[0]
    assert isinstance(finding, Finding)
    assert (finding.file, finding.line, finding.pointer) == ("article.json", 1, "/quotes/0")
    with pytest.raises(AttributeError):
        finding.code = "X"  # type: ignore[misc]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 300) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["article", "quotes", "text", "body", "id", "start", "end", "speaker", "cue",
             "sources", "contents", "quote", "quote_index", "speaker_index", "kind"]
        ),
        inner,
        max_size=5,
    ),
    max_leaves=20,
)  # fmt: skip


@settings(settings.get_profile("cheap"))
@given(value=_JSON, fmt=st.sampled_from(["quotes", "citron", "ggt"]))
def test_bad_input_never_crashes(value: Any, fmt: str) -> None:
    """Any JSON value given to the quote importers yields documents or located findings."""
    for loaded in get_importer(fmt).read_bytes(orjson.dumps(value), "x.json", EN):
        assert loaded.document is not None or loaded.findings
        for finding in loaded.findings:
            assert finding.file == "x.json" and finding.code.startswith("NS0")


@pytest.mark.parametrize(
    ("record", "fmt"),
    [
        (_quotes_record({"text": "Analysts doubted it"}), "quotes"),
        ({"text": BODY, "quotes": [{"cue": None, "sources": [], "contents": []}]}, "citron"),
        ({"text": BODY, "quotes": [{"quote": "x", "quote_index": "(0,1)"}]}, "ggt"),
    ],
)
def test_validate_names_the_convert_for_quote_formats(
    tmp_path: Path, record: dict[str, Any], fmt: str
) -> None:
    """validate on an extractor's file is one NS024 naming `convert --from FORMAT`."""
    path = tmp_path / "extracted.json"
    path.write_bytes(orjson.dumps(record))
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "validate", str(path)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "NS024" in result.stdout and f"--from {fmt}" in result.stdout


def test_files_hold_json_lines_one_object_or_an_array(tmp_path: Path) -> None:
    """A file is read as JSON Lines, one pretty-printed object, or an array of records."""
    record = _quotes_record({"text": "Analysts doubted it", "kind": "indirect"})
    lines = tmp_path / "lines.jsonl"
    lines.write_bytes(orjson.dumps(record) + b"\n" + b"{bad\n" + orjson.dumps(record) + b"\n")
    pretty = tmp_path / "one.json"
    pretty.write_bytes(orjson.dumps(record, option=orjson.OPT_INDENT_2))
    array = tmp_path / "array.json"
    array.write_bytes(orjson.dumps([record, record], option=orjson.OPT_INDENT_2))
    importer = get_importer("quotes")
    read = list(importer.read(lines, EN))
    assert [(item.line, item.document is not None) for item in read] == [
        (1, True),
        (2, False),
        (3, True),
    ]
    assert _codes(read[1]) == ["NS080"]
    assert [item.document is not None for item in importer.read(pretty, EN)] == [True]
    assert [item.index for item in importer.read(array, EN)] == [0, 1]
    [missing] = importer.read(tmp_path / "missing.jsonl", EN)
    assert _codes(missing) == ["NS080"] and "cannot read" in missing.findings[0].message
