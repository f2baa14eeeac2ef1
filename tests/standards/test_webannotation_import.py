"""--from webannotation: our own exports round-trip; other clients' annotations are anchored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsschema.cli import cli
from newsschema.findings import Severity
from newsschema.formats import get_document_exporter, get_importer
from newsschema.loader import Loaded, load_document
from newsschema.models import Document
from newsschema.strategies import documents

from ..tools.tools_support import tool_documents

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("*.json"))
QUIET = settings(suppress_health_check=list(HealthCheck))

# A page's text, with emoji before and between the annotated words: every UTF-16 position
# after the first emoji is one unit per emoji further than the code point position.
PAGE = "👍 Olena Kovalenko said the talks were “useful” 🇺🇦. Kovalenko 🙂 met Olena Kovalenko."


def _read(data: Any, **settings_: str) -> list[Loaded]:
    options: dict[str, Any] = {"set": settings_} if settings_ else {}
    raw = data if isinstance(data, bytes) else orjson.dumps(data)
    return list(get_importer("webannotation").read_bytes(raw, "page.json", options))


def _round_trip(document: Document) -> Loaded:
    data = get_document_exporter("webannotation").dump(document, {})
    [loaded] = get_importer("webannotation").read_bytes(data, "x.annotations.jsonld", {})
    return loaded


def _codes(loaded: Loaded) -> list[str]:
    return [f.code for f in loaded.findings]


def test_seed_round_trips_identical() -> None:
    """The seed comes back from its Web Annotation export identical, with no finding."""
    seed = load_document(SEED)
    loaded = _round_trip(seed)
    assert loaded.findings == [] and loaded.document == seed


@given(document=tool_documents())
@QUIET
def test_generated_documents_round_trip_identical(document: Document) -> None:
    """Generated 1.0/1.1 documents with emoji and CRLF before every span come back identical."""
    loaded = _round_trip(document)
    assert loaded.findings == [] and loaded.document == document


@given(document=documents())
@QUIET
def test_strategy_documents_round_trip_identical(document: Document) -> None:
    """newsschema.strategies documents come back identical."""
    assert _round_trip(document).document == document


def test_cli_round_trip(tmp_path: Path) -> None:
    """convert --to webannotation, then --from webannotation with no other input: the same JSON."""
    runner = CliRunner()
    out = tmp_path / "seed.annotations.jsonld"
    done = runner.invoke(cli, ["convert", str(SEED), "--to", "webannotation", "-o", str(out)])
    assert done.exit_code == 0, done.output
    back = tmp_path / "back.json"
    done = runner.invoke(
        cli, ["convert", str(out), "--from", "webannotation", "--to", "json", "-o", str(back)]
    )
    assert done.exit_code == 0, done.output
    assert load_document(back) == load_document(SEED)


def _position(start: int, end: int) -> dict[str, Any]:
    return {"type": "TextPositionSelector", "start": start, "end": end}


def _quote(exact: str, prefix: str = "", suffix: str = "") -> dict[str, Any]:
    return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}


def _utf16(text: str, index: int) -> int:
    """The UTF-16 offset of code point ``index`` (as a browser counts it)."""
    return len(text[:index].encode("utf-16-le")) // 2


def _row(ident: str, tags: list[str], start: int, end: int, **more: Any) -> dict[str, Any]:
    """One Hypothesis API row, its position counted in UTF-16 code units."""
    exact = PAGE[start:end]
    selectors = [
        {"type": "RangeSelector", "startContainer": "/p[1]", "startOffset": 0},
        _position(_utf16(PAGE, start), _utf16(PAGE, end)),
        _quote(exact, PAGE[max(0, start - 32) : start], PAGE[end : end + 32]),
    ]
    return {
        "id": ident,
        "uri": "https://news.example/page",
        "text": "",
        "tags": tags,
        "target": [{"source": "https://news.example/page", "selector": selectors}],
        **more,
    }


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def _hypothesis_export() -> list[dict[str, Any]]:
    first = PAGE.index("Olena Kovalenko")
    second = PAGE.index("Kovalenko", first + len("Olena Kovalenko"))
    third = PAGE.rindex("Olena Kovalenko")
    useful = PAGE.index("useful")
    said = PAGE.index("said")
    return [
        _row("h1", ["Person"], first, first + 15),
        _row("h2", ["Person"], second, second + 9),
        _row("h3", ["Person"], third, third + 15),
        _row("h4", ["Cue"], said, said + 4),
        {
            **_row("h5", ["Quote", "Kind:partial"], useful, useful + 6),
            "body": [
                {"type": "SpecificResource", "purpose": "linking", "source": "h1"},
                {"type": "SpecificResource", "purpose": "linking", "source": "h4"},
            ],
        },
    ]


def test_hypothesis_export_with_utf16_positions_and_emoji(page: Path) -> None:
    """A Hypothesis list with UTF-16 positions after emoji anchors on the right code points."""
    export = _hypothesis_export()
    [loaded] = _read(export, **{"article.body_file": str(page), "article.language": "uk"})
    assert loaded.document is not None, loaded.findings
    document = loaded.document
    assert document.article.body == PAGE and document.article.id == "page"
    mentions = sorted((m.start, m.end) for entity in document.entities for m in entity.mentions)
    starts = [i for i in range(len(PAGE)) if PAGE.startswith("Olena Kovalenko", i)]
    second = PAGE.index("Kovalenko", starts[0] + 15)
    assert mentions == sorted(
        [(starts[0], starts[0] + 15), (second, second + 9), (starts[1], starts[1] + 15)]
    )
    [quote] = document.quotes
    assert quote.text == "useful" and quote.kind == "partial"
    assert document.speaker(quote) is not None
    assert document.speaker(quote).mentions[0].start == starts[0]  # type: ignore[union-attr]
    assert quote.cue is not None and document.text(quote.cue) == "said"
    [unit] = [f for f in loaded.findings if f.code == "NS081"]
    assert "UTF-16" in unit.message and unit.severity is Severity.WARNING


def test_hypothesis_rows_response_is_read(page: Path) -> None:
    """A Hypothesis API search response ({"rows": [...]}) reads like the list of its rows."""
    rows = {"total": 5, "rows": _hypothesis_export()}
    settings_ = {"article.body_file": str(page), "article.language": "uk"}
    [as_rows] = _read(rows, **settings_)
    [as_list] = _read(_hypothesis_export(), **settings_)
    assert as_rows.document is not None and as_rows.document == as_list.document


def test_quote_wins_over_a_position_that_does_not_hold_it(page: Path) -> None:
    """A position that misses its quote is overruled by the quote, with a located NS088."""
    target = PAGE.rindex("Olena Kovalenko")
    wrong = _position(0, 15)
    annotation = {
        "id": "a1",
        "type": "Annotation",
        "body": {"type": "TextualBody", "purpose": "tagging", "value": "Person"},
        "target": {
            "source": "https://news.example/page",
            "selector": [wrong, _quote("Olena Kovalenko", "Kovalenko 🙂 met ", ".")],
        },
    }
    [loaded] = _read([annotation], **{"article.body_file": str(page), "article.language": "uk"})
    assert loaded.document is not None, loaded.findings
    [entity] = loaded.document.entities
    assert [(m.start, m.end) for m in entity.mentions] == [(target, target + 15)]
    [moved] = [f for f in loaded.findings if f.code == "NS088"]
    assert moved.pointer == "/0/target" and moved.file == "page.json"
    assert f"{target}-{target + 15}" in moved.message


def test_prefix_and_suffix_choose_among_occurrences(page: Path) -> None:
    """With no position, the occurrence whose context matches prefix and suffix is chosen."""
    first = PAGE.index("Olena Kovalenko")
    annotation = {
        "id": "a1",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "Person"}],
        "target": {"selector": _quote("Olena Kovalenko", "👍 ", " said")},
    }
    [loaded] = _read([annotation], **{"article.body_file": str(page), "article.language": "uk"})
    assert loaded.document is not None
    assert [(m.start, m.end) for m in loaded.document.entities[0].mentions] == [(first, first + 15)]


def test_unanchorable_annotations_are_left_out_with_ns089(page: Path) -> None:
    """An orphan quote, a position past the end and a target with no selector are each NS089."""
    tag = {"type": "TextualBody", "purpose": "tagging", "value": "Person"}
    annotations = [
        {"id": "gone", "body": tag, "target": {"selector": _quote("not on this page")}},
        {"id": "far", "body": tag, "target": {"selector": _position(500, 510)}},
        {"id": "bare", "body": tag, "target": "https://news.example/page"},
        {"id": "ok", "body": tag, "target": {"selector": _position(2, 7)}},
    ]
    [loaded] = _read(annotations, **{"article.body_file": str(page), "article.language": "uk"})
    assert loaded.document is not None
    assert [e.name for e in loaded.document.entities] == ["Olena"]
    orphans = [f for f in loaded.findings if f.code == "NS089"]
    assert [f.pointer for f in orphans] == ["/0/target", "/1/target", "/2"]
    assert all(f.severity is Severity.WARNING for f in orphans)


def test_foreign_annotations_without_a_text_ask_for_body_file() -> None:
    """Annotations of a page we did not write, and no body file: NS083 names the --set."""
    [loaded] = _read(_hypothesis_export(), **{"article.language": "uk"})
    assert loaded.document is None
    [finding] = loaded.findings
    assert finding.code == "NS083" and "article.body_file" in finding.message


def test_unreadable_body_file_is_a_located_error(tmp_path: Path) -> None:
    """A body file that does not exist or is not UTF-8 is NS080 naming the file."""
    missing = tmp_path / "missing.txt"
    [loaded] = _read(_hypothesis_export(), **{"article.body_file": str(missing)})
    assert _codes(loaded) == ["NS080"] and loaded.findings[0].file == str(missing)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Zürich".encode("latin-1"))
    [loaded] = _read(_hypothesis_export(), **{"article.body_file": str(latin)})
    assert _codes(loaded) == ["NS080"] and "UTF-8" in loaded.findings[0].message


def test_edited_text_reanchors_our_own_export(tmp_path: Path) -> None:
    """Our export read against an edited text (--set article.body_file): quotes move the spans."""
    seed = load_document(SEED)
    data = get_document_exporter("webannotation").dump(seed, {})
    edited = tmp_path / "edited.txt"
    edited.write_text("UPDATE: " + seed.article.body, encoding="utf-8")
    [loaded] = list(
        get_importer("webannotation").read_bytes(
            data, "seed.annotations.jsonld", {"set": {"article.body_file": str(edited)}}
        )
    )
    assert loaded.document is not None, loaded.findings
    moved = loaded.document
    assert [q.text for q in moved.quotes] == [q.text for q in seed.quotes]
    assert [q.span.start for q in moved.quotes] == [q.span.start + 8 for q in seed.quotes]
    assert {f.code for f in loaded.findings} == {"NS088"}


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"{not json", "not JSON"),
        (b'"a string"', "expected an annotation collection"),
        (b'{"type": "AnnotationCollection", "first": "https://x.example/p1"}', "first page"),
    ],
)
def test_malformed_files_are_ns080(data: bytes, why: str) -> None:
    """A file that is not a collection, page, annotation or list of them is one NS080."""
    [loaded] = _read(data)
    assert _codes(loaded) == ["NS080"] and why in loaded.findings[0].message


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 600) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "target",
                    "selector",
                    "start",
                    "end",
                    "exact",
                    "prefix",
                    "body",
                    "purpose",
                    "source",
                    "value",
                    "items",
                    "first",
                    "rows",
                    "tags",
                    "newsschema",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@settings(settings.get_profile("cheap"), suppress_health_check=list(HealthCheck))
@given(data=_JSON)
def test_bad_input_never_crashes(data: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Any JSON value reads to a document or located findings, never an exception."""
    page = tmp_path_factory.getbasetemp() / "page-fuzz.txt"
    page.write_text(PAGE, encoding="utf-8")
    for loaded in _read(data, **{"article.body_file": str(page), "article.language": "en"}):
        assert loaded.document is not None or any(f.is_error for f in loaded.findings)


@settings(settings.get_profile("cheap"), suppress_health_check=list(HealthCheck))
@given(document=documents(), data=st.data())
def test_damaged_exports_never_crash(document: Document, data: st.DataObject) -> None:
    """Our own export with a selector or body value replaced reads without an exception."""
    collection = orjson.loads(get_document_exporter("webannotation").dump(document, {}))
    items = collection["first"]["items"]
    if items:
        item = data.draw(st.sampled_from(items))
        key = data.draw(st.sampled_from(["target", "body", "id"]))
        item[key] = data.draw(_JSON)
    for loaded in _read(collection):
        assert loaded.document is not None or any(f.is_error for f in loaded.findings)


def _many_mentions(count: int, folder: Path, stale: bool) -> tuple[bytes, dict[str, Any]]:
    """A Hypothesis list of ``count`` mentions in UTF-16 units, each after an emoji, and options.

    ``stale``: the page has changed since (a line added at the top), so no position holds.
    """
    sentence = "🙂 Olena Kovalenko spoke. "
    body = sentence * count
    page = folder / f"page-{count}.txt"
    page.write_text(("Updated. " if stale else "") + body, encoding="utf-8")
    rows = []
    for i in range(count):
        start = i * len(sentence) + 2
        position = _position(_utf16(body, start), _utf16(body, start + 15))
        target = {
            "source": "https://news.example/p",
            "selector": [position, _quote(body[start : start + 15])],
        }
        rows.append({"id": f"h{i}", "tags": ["Person"], "target": [target]})
    options = {"set": {"article.body_file": str(page), "article.language": "en"}}
    return orjson.dumps(rows), options


@pytest.mark.parametrize("stale", [False, True])
def test_anchoring_grows_linearly(cpu_growth: Any, tmp_path: Path, stale: bool) -> None:
    """Anchoring 8x the UTF-16 annotations (held, or all stale) in 8x the text costs ~8x."""
    small, large = _many_mentions(100, tmp_path, stale), _many_mentions(800, tmp_path, stale)
    importer = get_importer("webannotation")

    def read(case: tuple[bytes, dict[str, Any]]) -> Any:
        return lambda: list(importer.read_bytes(case[0], "many.json", case[1]))

    assert cpu_growth(read(small), read(large)) < 24


def test_record_errors_point_into_the_file() -> None:
    """A bad value in our record is an error at its line in the file, pointer under /newsschema."""
    collection = orjson.loads(get_document_exporter("webannotation").dump(load_document(SEED), {}))
    collection["newsschema"]["quotes"][0]["kind"] = "shouted"
    data = orjson.dumps(collection, option=orjson.OPT_INDENT_2)
    [loaded] = get_importer("webannotation").read_bytes(data, "seed.annotations.jsonld", {})
    assert loaded.document is None
    [bad] = [f for f in loaded.findings if f.is_error]
    assert bad.pointer.startswith("/newsschema/quotes/0")
    lines = data.decode("utf-8").splitlines()
    assert bad.line is not None and bad.end_line is not None
    assert '"shouted"' in "\n".join(lines[bad.line - 1 : bad.end_line])
    assert lines[bad.line - 2].strip() == '"quotes": ['  # the first quote of the record


def test_a_page_and_a_single_annotation_are_read(page: Path) -> None:
    """An AnnotationPage reads like the list of its items; one Annotation like a list of one."""
    settings_ = {"article.body_file": str(page), "article.language": "uk"}
    export = _hypothesis_export()
    [as_list] = _read(export, **settings_)
    [as_page] = _read({"type": "AnnotationPage", "items": export}, **settings_)
    assert as_page.document is not None and as_page.document == as_list.document
    [one] = _read({**export[0], "type": "Annotation"}, **settings_)
    assert one.document is not None
    assert [e.name for e in one.document.entities] == ["Olena Kovalenko"]
