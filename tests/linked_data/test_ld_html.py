"""The annotated page: strict escaping, html5lib, extruct and a real headless Chromium."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import extruct
import html5lib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from newsschema.cli import cli
from newsschema.formats import get_document_exporter
from newsschema.formats.canonical import dump_canonical
from newsschema.formats.html import html_page
from newsschema.formats.schemaorg import schemaorg_dict
from newsschema.models import Document
from newsschema.strategies import documents

from .ld_chromium import Chromium, chromium_path
from .ld_support import inconsistent_documents

HOSTILE = [
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "</SCRIPT >x",
    "<script>",
    "-->",
    "\u2028\u2029",
    "&amp; &lt; &#x3c;",
    '" onmouseover="alert(1)',
    "' onload='x",
    "javascript:alert(1)",
    "<img src=x onerror=alert(1)>",
    "]]><![CDATA[",
    "\x00\x01\x0b\x7f\x85\ufffe\U0001ffff",
    "line\r\nbreak\rcr",
    "<style>body{display:none}</style>",
]
_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40)
HOSTILE_TEXT = (
    st.sampled_from(HOSTILE)
    | _TEXT
    | st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=3).map("".join)
)
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(p + 0xFFFE) + chr(p + 0xFFFF) for p in range(0, 0x110000, 0x10000))
    + "]"
)


def as_parsed(text: str) -> str:
    """What an HTML parser gives back: CR normalised, forbidden characters as U+FFFD."""
    return _FORBIDDEN.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


@st.composite
def hostile_documents(draw: st.DrawFn) -> Document:
    first, second = draw(HOSTILE_TEXT), draw(HOSTILE_TEXT)
    body = f"{first} {second}"
    start = len(first) + 1
    return Document.model_validate(
        {
            "schema_version": "1.0",
            "article": {
                "id": "hostile",
                "headline": draw(HOSTILE_TEXT),
                "body": body,
                "language": "en",
                "url": "https://news.example/a?b=1&c=%3C2%3E",
                "publisher": "e1",
                "authors": ["e2"],
            },
            "entities": [
                {
                    "id": "e1",
                    "kind": "outlet",
                    "name": draw(HOSTILE_TEXT),
                    "aliases": [draw(HOSTILE_TEXT)],
                    "same_as": ["javascript:alert(1)", "https://www.wikidata.org/wiki/Q1"],
                    "mentions": [{"start": 0, "end": len(first)}],
                },
                {"id": "e2", "kind": "person", "name": draw(HOSTILE_TEXT)},
            ],
            "events": [
                {
                    "id": "v1",
                    "kind": "talks",
                    "name": draw(HOSTILE_TEXT),
                    "location": "e1",
                    "participants": [{"entity": "e2", "role": "organizer"}],
                }
            ],
            "quotes": [
                {
                    "id": "q1",
                    "kind": draw(
                        st.sampled_from(["direct", "partial", "indirect", "mixed", "scare"])
                    ),
                    "text": second,
                    "span": {"start": start, "end": len(body)},
                    "speaker": "e2",
                    "via": ["e1"],
                }
            ],
        }
    )


def parse(page: str) -> tuple[Any, list[Any]]:
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    root = parser.parse(page)
    return root, parser.errors


def text_of(element: Any) -> str:
    return "".join(element.itertext())


@settings(settings.get_profile("cheap"), suppress_health_check=list(HealthCheck))
@given(document=hostile_documents(), markup=st.sampled_from(["jsonld", "microdata", "both"]))
def test_hostile_text_stays_data(document: Document, markup: str) -> None:
    """Hostile text in any field stays data: no extra script, handler, embed or hidden style."""
    page = html_page(document, markup)
    root, errors = parse(page)
    assert errors == []
    scripts = list(root.iter("script"))
    if markup == "microdata":
        assert scripts == []
    else:
        [script] = scripts
        assert script.get("type") == "application/ld+json"
        assert json.loads(script.text) == schemaorg_dict(document)
        assert re.search(r"[<>&\u2028\u2029]", script.text) is None
    assert [e.tag for e in root.iter() if e.tag in ("img", "iframe", "object", "embed")] == []
    assert [name for e in root.iter() for name in e.attrib if name.lower().startswith("on")] == []
    links = [a.get("href") for a in root.iter("a")]
    assert links and all(re.match(r"https?://", href) for href in links if not href.startswith("#"))
    assert document.article.headline is not None
    assert root.find("head/title").text == as_parsed(document.article.headline)
    [body] = [d for d in root.iter("div") if d.get("class") == "body"]
    assert text_of(body) == as_parsed(document.article.body)
    [style] = list(root.iter("style"))
    assert "display:none" not in style.text


def _normalise(value: Any) -> Any:
    """One comparable form for a JSON-LD node and an extruct microdata item."""
    if isinstance(value, list):
        return sorted((_normalise(v) for v in value), key=repr)
    if isinstance(value, dict) and "properties" in value:
        kind = value["type"].removeprefix("https://schema.org/")
        props = value["properties"]
    elif isinstance(value, dict):
        kind = value["@type"]
        props = {k: v for k, v in value.items() if not k.startswith("@")}
    else:
        return " ".join(str(value).split())
    return (
        kind,
        tuple(
            sorted(
                (k, tuple(_normalise(v if isinstance(v, list) else [v]))) for k, v in props.items()
            )
        ),
    )


def _extract(page: str) -> dict[str, Any]:
    found: dict[str, Any] = extruct.extract(
        page, syntaxes=["json-ld", "microdata"], uniform=False, errors="strict"
    )
    return found


@settings(settings.get_profile("slow"), suppress_health_check=list(HealthCheck))
@given(document=documents())
def test_extruct_reads_exactly_what_we_exported(document: Document) -> None:
    """extruct reads back the exported schema.org data from both JSON-LD and microdata."""
    expected = schemaorg_dict(document)
    found = _extract(html_page(document, "both"))
    assert found["json-ld"] == [expected]
    [item] = found["microdata"]
    assert _normalise(item) == _normalise(expected)


@pytest.mark.parametrize("markup", ["jsonld", "microdata"])
def test_markup_options_carry_one_syntax(sample: Document, markup: str) -> None:
    """`markup=jsonld` or `microdata` puts the data in that one syntax only."""
    found = _extract(html_page(sample, markup))
    expected = schemaorg_dict(sample)
    if markup == "jsonld":
        assert found == {"json-ld": [expected], "microdata": []}
    else:
        assert found["json-ld"] == []
        assert _normalise(found["microdata"][0]) == _normalise(expected)


def test_sample_page_shows_the_annotations(sample: Document) -> None:
    """The sample page labels quotes, entities and events with kind, speaker and sources."""
    root, errors = parse(html_page(sample, "both"))
    assert errors == []
    quotes = {e.get("id"): e for e in root.iter("span") if "q" in (e.get("class") or "").split()}
    q1 = quotes["quote-q1"]
    assert "q-direct" in q1.get("class")
    assert q1.get("data-label") == "direct · Sergey Lavrov · via RIA Novosti"
    assert (
        quotes["quote-q2"].get("data-label")
        == "indirect · Sergey Lavrov · via RIA Novosti → Kyiv Post"
    )
    assert quotes["quote-q3"].get("data-label") == "scare"
    entities = [e for e in root.iter("span") if "ent" in (e.get("class") or "").split()]
    assert {e.get("title") for e in entities} >= {"Sergey Lavrov (person)", "NATO (organization)"}
    events = [e for e in root.iter("li") if "event" in (e.get("class") or "")]
    assert (
        len(events) == 2
        and "promised" in text_of(events[0])
        and "(inferred: month)" in text_of(events[0])
    )
    assert "Russia-NATO talks" in text_of(events[1]) and "NATO (organizer)" in text_of(events[1])


def test_cli_markup_option(tmp_path: Path, sample: Document) -> None:
    """`--markup` selects the HTML syntax, is refused for other formats and defaults as the API."""
    source = tmp_path / "doc.json"
    source.write_bytes(dump_canonical(sample))
    runner = CliRunner()
    result = runner.invoke(cli, ["convert", str(source), "--to", "html", "--markup", "microdata"])
    assert result.exit_code == 0
    assert "itemscope" in result.output and "application/ld+json" not in result.output
    result = runner.invoke(cli, ["convert", str(source), "--to", "jsonld", "--markup", "both"])
    assert result.exit_code == 2 and "--markup applies only to --to html" in result.output
    result = runner.invoke(cli, ["convert", str(source), "--to", "html", "--markup", "rdfa"])
    assert result.exit_code == 2
    default = get_document_exporter("html").dump(sample, {})
    assert runner.invoke(cli, ["convert", str(source), "--to", "html"]).stdout_bytes == default


# A real browser.
EXPRESSION = """JSON.stringify({
  data: JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent),
  scripts: document.scripts.length,
  title: document.title,
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  quotes: document.querySelectorAll('.q').length
})"""


def non_blank(png: bytes) -> bool:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.resize((max(1, image.width // 4), max(1, image.height // 4)))
    colors = small.getcolors(maxcolors=small.width * small.height) or []
    inked = sum(count for count, rgb in colors if isinstance(rgb, tuple) and sum(rgb) < 600)
    return len(colors) > 50 and inked > small.width * small.height * 0.01


@pytest.fixture(scope="module")
def browser() -> Any:
    if chromium_path() is None:
        pytest.skip("chromium is not installed (.ci/run installs the Debian package)")
    with Chromium() as chromium:
        yield chromium


@pytest.mark.parametrize(("width", "height", "mobile"), [(1280, 900, False), (390, 844, True)])
def test_chromium_loads_the_page(
    browser: Chromium, tmp_path: Path, sample: Document, width: int, height: int, mobile: bool
) -> None:
    """Headless Chromium loads the page without errors, reads the data and does not overflow."""
    page = tmp_path / "page.html"
    page.write_text(html_page(sample, "both"), encoding="utf-8")
    result = browser.load(page, width=width, height=height, mobile=mobile, expression=EXPRESSION)
    assert result.errors == []
    seen = json.loads(result.value)
    assert seen["data"] == schemaorg_dict(sample)
    assert seen["scripts"] == 1 and seen["title"] == sample.article.headline
    assert seen["quotes"] >= len(sample.quotes)
    assert seen["overflow"] <= 0, "the page scrolls sideways"
    assert non_blank(result.png)
    assert Image.open(io.BytesIO(result.png)).width == width


def test_chromium_keeps_hostile_headlines_as_data(
    browser: Chromium, tmp_path: Path, sample: Document
) -> None:
    """In Chromium a hostile headline stays text in the title and the JSON-LD block."""
    headline = "</script><script>alert(1)</script><!--<script>\u2028"
    document = sample.model_copy(
        update={"article": sample.article.model_copy(update={"headline": headline})}
    )
    page = tmp_path / "hostile.html"
    page.write_text(html_page(document, "both"), encoding="utf-8")
    result = browser.load(page, width=800, height=600, mobile=False, expression=EXPRESSION)
    assert result.errors == []
    seen = json.loads(result.value)
    assert seen["scripts"] == 1
    assert seen["data"]["headline"] == headline
    assert seen["title"] == headline


def test_chromium_renders_the_seed(browser: Chromium, tmp_path: Path, seed: Document) -> None:
    """Chromium renders the seed page without errors and reads its schema.org data."""
    page = tmp_path / "seed.html"
    page.write_text(html_page(seed, "both"), encoding="utf-8")
    result = browser.load(page, width=1280, height=900, mobile=False, expression=EXPRESSION)
    assert result.errors == []
    assert json.loads(result.value)["data"] == schemaorg_dict(seed)
    assert non_blank(result.png)


@settings(suppress_health_check=list(HealthCheck))
@given(document=inconsistent_documents())
def test_exporters_never_crash_on_semantically_invalid_documents(document: Document) -> None:
    """Linked-data exporters never crash on rule-breaking documents and keep the body text."""
    for name in ("jsonld", "schemaorg"):
        assert get_document_exporter(name).dump(document, {})
    for markup in ("jsonld", "microdata", "both"):
        root, errors = parse(html_page(document, markup))
        assert errors == []
        [body] = [d for d in root.iter("div") if d.get("class") == "body"]
        assert text_of(body) == as_parsed(document.article.body)
