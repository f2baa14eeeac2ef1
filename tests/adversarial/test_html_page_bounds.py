"""The HTML page stays bounded and linear for nested or crossing marks and long chains."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

import html5lib
import orjson

import newsschema
from newsschema.formats import get_document_exporter
from newsschema.formats.html._marks import MAX_DEPTH
from newsschema.formats.jsonld import load_jsonld

from .adversarial_support import minimal_dict

Growth = Callable[[Callable[[], object], Callable[[], object]], float]


def marked_document(count: int, *, crossing: bool) -> newsschema.Document:
    """``count`` mentions of one entity that all nest (or all cross) each other."""
    body = "x" * (3 * count)
    if crossing:
        spans = [(i, i + count) for i in range(count)]  # each one starts inside the previous
    else:
        spans = [(i, 3 * count - i) for i in range(count)]  # each one inside the previous
    raw = {
        "schema_version": "1.0",
        "article": {"id": "a", "headline": "h", "body": body, "language": "en"},
        "entities": [
            {
                "id": "e",
                "kind": "person",
                "name": "x",
                "mentions": [{"start": s, "end": e} for s, e in spans],
            }
        ],
    }
    return newsschema.loads(orjson.dumps(raw))


def page(document: newsschema.Document, markup: str = "jsonld") -> bytes:
    """The annotated page of ``document``."""
    return get_document_exporter("html").dump(document, {"markup": markup})


def test_crossing_mentions_make_the_page_grow_linearly() -> None:
    """8x mentions that all cross each other make an about 8x page (was 64x)."""
    small = page(marked_document(200, crossing=True))
    large = page(marked_document(1_600, crossing=True))
    assert len(large) / len(small) < 12, (len(small), len(large))


def test_nested_and_crossing_mentions_are_rendered_in_linear_time(cpu_growth: Growth) -> None:
    """8x nested (or crossing) mentions cost about 8x CPU to render (was 64x)."""
    for crossing in (False, True):
        small = marked_document(400, crossing=crossing)
        large = marked_document(3_200, crossing=crossing)
        assert cpu_growth(partial(page, small), partial(page, large)) < 24


def crossing_quotes(count: int) -> newsschema.Document:
    """``count`` direct quotes whose spans cross each other, each one starting in the last."""
    body = "".join(chr(ord("a") + i % 26) for i in range(3 * count))
    raw: dict[str, Any] = minimal_dict()
    raw["article"]["body"] = body
    raw["entities"] = [e for e in raw["entities"] if e["id"] == "lavrov"]
    raw["entities"][0]["mentions"] = [{"start": 0, "end": 1}]
    raw["article"].pop("publisher", None)
    raw["events"] = []
    raw["quotes"] = [
        {
            "id": f"q{i}",
            "kind": "direct",
            "speaker": "lavrov",
            "text": body[i : i + count],
            "span": {"start": i, "end": i + count},
        }
        for i in range(count)
    ]
    return newsschema.loads(orjson.dumps(raw))


def test_quotes_deeper_than_the_drawn_depth_keep_anchor_microdata_and_valid_html() -> None:
    """Beyond the drawn depth each quote still has one anchor and one item; the page parses."""
    count = 3 * MAX_DEPTH
    document = crossing_quotes(count)
    text = page(document, "both").decode()
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    root = parser.parse(text)
    assert parser.errors == []
    for i in range(count):
        assert text.count(f'id="quote-q{i}"') == 1, i
    assert text.count('itemprop="hasPart"') == count
    [body] = [d for d in root.iter("div") if d.get("class") == "body"]
    shown = "".join(
        part
        for element in body.iter()
        if element.tag != "meta"
        for part in (element.text or "", element.tail or "")
    )
    assert re.sub(r"\s", "", shown) == document.article.body


def via_page_and_jsonld(count: int) -> tuple[bytes, bytes, newsschema.Document]:
    """The page and the JSON-LD of a quote relayed ``count`` times by one long-named outlet."""
    raw = minimal_dict()
    raw["entities"][2]["name"] = "R" * 1_000
    raw["quotes"][0]["via"] = ["ria"] * count
    document = newsschema.loads(orjson.dumps(raw))
    return page(document), get_document_exporter("jsonld").dump(document, {}), document


def test_a_long_via_list_keeps_the_page_bounded_and_the_jsonld_lossless() -> None:
    """8x ``via`` repeats leave the page's size alone (was 8x); --to jsonld keeps every entry."""
    small_page, _, _ = via_page_and_jsonld(1_000)
    large_page, large_jsonld, document = via_page_and_jsonld(8_000)
    assert len(large_page) / len(small_page) < 1.1, (len(small_page), len(large_page))
    script = re.search(
        rb'<script type="application/ld\+json">(.*?)</script>', large_page, re.DOTALL
    )
    assert script is not None
    embedded = orjson.loads(script.group(1))
    assert len(embedded["hasPart"][0]["isBasedOn"]) == 1
    back = load_jsonld(large_jsonld).document
    assert back == document
    assert back is not None and len(back.quotes[0].via) == 8_000


def many_quotes(count: int) -> newsschema.Document:
    """``count`` entities, each quoted once (nested in the previous quote) and in one event."""
    body = "ab " * count
    raw = {
        "schema_version": "1.1",
        "article": {"id": "a", "headline": "h", "body": body, "language": "en"},
        "entities": [
            {
                "id": f"e{i}",
                "kind": "person",
                "name": f"P{i}",
                "mentions": [{"start": 3 * i, "end": 3 * i + 2}],
            }
            for i in range(count)
        ],
        "events": [
            {
                "id": f"v{i}",
                "kind": "meeting",
                "name": "m",
                "mentions": [{"start": 3 * i, "end": 3 * i + 1}],
                "participants": [{"entity": f"e{i}", "role": "participant"}],
            }
            for i in range(count)
        ],
        "quotes": [
            {
                "id": f"q{i}",
                "kind": "direct",
                "speaker": f"e{i}",
                "text": "ab",
                "span": {"start": 3 * i, "end": 3 * i + 2},
                **({"within": f"q{i - 1}"} if i else {}),
            }
            for i in range(count)
        ],
    }
    return newsschema.loads(orjson.dumps(raw))


def test_the_page_panels_cost_linear_time_in_quotes_and_entities(cpu_growth: Growth) -> None:
    """8x quotes, entities and events cost about 8x CPU for the page (was 34x: cards rescanned)."""
    small, large = many_quotes(400), many_quotes(3_200)
    text = page(large).decode()
    assert text.count('<span class="k">quoted</span>1 time(s)') == 3_200
    assert text.count('<span class="k">encloses</span>') == 3_199
    assert cpu_growth(partial(page, small), partial(page, large)) < 24
