"""Schema 1.1 on the annotated page: attribution types, nesting, interruptions, anonymity."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import extruct
import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsschema.formats.html import html_page
from newsschema.formats.schemaorg import schemaorg_dict
from newsschema.models import Document
from newsschema.strategies import documents

from .ld_chromium import Chromium, chromium_path
from .ld_support import export_fixture

ATTRIBUTION = export_fixture("attribution-1")
HOSTILE = [
    "</script><script>alert(1)</script>",
    "<!--<script>",
    '" onmouseover="alert(1)',
    "<img src=x onerror=alert(1)>",
    "\u2028\x00\x85",
]


def _parse(page: str) -> tuple[Any, list[Any]]:
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    return parser.parse(page), parser.errors


def _classes(element: Any) -> list[str]:
    return str(element.get("class") or "").split()


def _text(element: Any) -> str:
    return "".join(element.itertext())


def test_page_shows_attribution_types_nesting_interruptions_and_anonymity() -> None:
    """An editor sees each 1.1 annotation: type, enclosing quote, interruption, anonymity."""
    root, errors = _parse(html_page(ATTRIBUTION, "both"))
    assert errors == []
    quotes = {e.get("id"): e for e in root.iter("span") if "q" in _classes(e)}
    assert quotes["quote-q2"].get("data-label") == "indirect · belief · Sergey Lavrov · within q1"
    assert quotes["quote-q1"].get("data-label") == "indirect · speech · officials (anonymous)"
    assert "knowledge" in quotes["quote-q6"].get("data-label")
    # The interruption sits inside the quote's highlight but is marked as not its words.
    [interruption] = [e for e in quotes["quote-q3"].iter("span") if "intr" in _classes(e)]
    assert _text(interruption) == "” he said, “"
    cards = {e.get("id"): e for e in root.iter("li") if "card" in _classes(e)}
    nested = cards["card-q2"]
    assert "nested" in _classes(nested) and "withinq1: officials (anonymous)" in _text(nested)
    assert "enclosesq2: Sergey Lavrov" in _text(cards["card-q1"])
    assert [_text(e) for e in cards["card-q3"].iter("span") if "intr" in _classes(e)] == [
        "” he said, “"
    ]
    assert "anonymous source" in _text(cards["card-q4"])
    [badge] = [e for e in cards["card-q2"].iter("span") if "a-belief" in _classes(e)]
    assert _text(badge) == "belief"
    entities = [e for e in root.iter("li") if "entity" in _classes(e)]
    source = next(e for e in entities if "a source familiar" in _text(e))
    assert "anonymous" in _text(source)
    lavrov = next(e for e in entities if "Sergey Lavrov" in _text(e))
    assert "(1 name, 1 pronoun, 1 nominal)" in _text(lavrov)


def test_the_body_text_is_intact_with_interruptions_marked() -> None:
    """Marking interruptions adds elements, never text: the body reads as the article."""
    root, _ = _parse(html_page(ATTRIBUTION))
    [body] = [d for d in root.iter("div") if d.get("class") == "body"]
    assert _text(body) == ATTRIBUTION.article.body


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_1_1_values_stay_data(hostile: str) -> None:
    """Anonymous descriptions, work names and attribution labels are escaped like all text."""
    data = json.loads(ATTRIBUTION.model_dump_json(exclude_none=True))
    for entity in data["entities"]:
        if entity["id"] in ("source", "filing", "officials"):
            entity["name"] = hostile
    document = Document.model_validate(data)
    root, errors = _parse(html_page(document, "both"))
    assert errors == []
    [script] = list(root.iter("script"))
    assert json.loads(script.text) == schemaorg_dict(document)
    assert re.search(r"[<>&\u2028]", script.text) is None
    assert [e.tag for e in root.iter() if e.tag in ("img", "iframe", "object", "embed")] == []
    assert [n for e in root.iter() for n in e.attrib if n.lower().startswith("on")] == []


@given(document=documents(schema_version="1.1"), markup=st.sampled_from(["both", "microdata"]))
def test_extruct_reads_exactly_what_we_exported_for_1_1(document: Document, markup: str) -> None:
    """Hypothesis: the 1.1 schema.org data (logo, image, url, description) survives extraction."""
    page = html_page(document, markup)
    _, errors = _parse(page)
    assert errors == []
    found = extruct.extract(page, syntaxes=["json-ld", "microdata"], uniform=False, errors="strict")
    expected = schemaorg_dict(document)
    assert found["json-ld"] == ([expected] if markup == "both" else [])
    [item] = found["microdata"]
    assert _flat(item) == _flat(expected)


def _flat(value: Any) -> Any:
    """One comparable form of a JSON-LD node and an extruct microdata item."""
    if isinstance(value, list):
        return sorted((_flat(v) for v in value), key=repr)
    if isinstance(value, dict) and "properties" in value:
        kind, props = value["type"].removeprefix("https://schema.org/"), value["properties"]
    elif isinstance(value, dict):
        kind = value["@type"]
        props = {k: v for k, v in value.items() if not k.startswith("@")}
    else:
        return " ".join(str(value).split())
    pairs = ((k, tuple(_flat(v if isinstance(v, list) else [v]))) for k, v in props.items())
    return kind, tuple(sorted(pairs))


# A real browser: the interruption is visibly outside the quote's highlight.
STYLES = """JSON.stringify({
  data: JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent),
  quote: getComputedStyle(document.getElementById('quote-q3')).backgroundColor,
  interruption: getComputedStyle(document.querySelector('#quote-q3 .intr')).backgroundColor,
  label: getComputedStyle(document.getElementById('quote-q2'), '::before').content,
  overflow: document.documentElement.scrollWidth - window.innerWidth
})"""


@pytest.fixture(scope="module")
def browser() -> Any:
    if chromium_path() is None:
        pytest.skip("chromium is not installed (.ci/run installs the Debian package)")
    with Chromium() as chromium:
        yield chromium


def test_chromium_draws_interruptions_outside_the_quote(browser: Chromium, tmp_path: Path) -> None:
    """In Chromium the interruption has another background than its quote, and labels show."""
    page = tmp_path / "page.html"
    page.write_text(html_page(ATTRIBUTION, "both"), encoding="utf-8")
    result = browser.load(page, width=1280, height=900, mobile=False, expression=STYLES)
    assert result.errors == []
    seen = json.loads(result.value)
    assert seen["data"] == schemaorg_dict(ATTRIBUTION)
    assert seen["quote"] != seen["interruption"]
    assert "belief" in seen["label"] and "within q1" in seen["label"]
    assert seen["overflow"] <= 0
