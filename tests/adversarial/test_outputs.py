"""Output hazards: markup in every text field, attribute quoting, dangerous URLs, formula
cells, and JSON-LD contexts that would make the importer read files or the network."""

from __future__ import annotations

import builtins
import csv
import io
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import html5lib
import orjson
import pytest
from click.testing import CliRunner

from newsschema.cli import cli
from newsschema.convert import convert
from newsschema.formats import IMPORTERS, get_document_exporter
from newsschema.formats.jsonld import load_jsonld, to_jsonld
from newsschema.formats.schemaorg import schemaorg_dict
from newsschema.formats.tables._formula import FORMULA_PREFIX, FORMULA_TRIGGERS
from newsschema.loader import loads
from newsschema.models import Document

from .adversarial_support import dumps, minimal_dict

MARKUP = "</script><!--<script>alert(1)</script>-->\"'&amp;<b>"


def every_text_field(marker: str) -> Document:
    """A valid document with ``marker`` in every field that takes free text."""
    body = f"{marker} said: “{marker} we met{marker}” in {marker}Geneva."
    quote_text = f"{marker} we met{marker}"
    start = body.index(quote_text)
    speaker = body.index(marker)
    place = body.rindex(f"{marker}Geneva")
    return Document.model_validate(
        {
            "schema_version": "1.0",
            "article": {
                "id": "hostile",
                "headline": f"{marker} headline {marker}",
                "body": body,
                "language": "en",
                # A URL is an IRI: markup characters no IRI may hold are refused (NS023).
                "url": "https://news.example/" + re.sub(r'[\x00-\x20\x7f<>"{}|\\^`]', "", marker),
                "date_published": "2022-01-13T10:00:00Z",
                "publisher": "outlet",
                "authors": ["speaker"],
            },
            "entities": [
                {
                    "id": "speaker",
                    "kind": "person",
                    "name": f"{marker} name",
                    "aliases": [marker],
                    "same_as": ["https://www.wikidata.org/wiki/Q1?a=1&b='2'"],
                    "mentions": [{"start": speaker, "end": speaker + len(marker)}],
                },
                {
                    "id": "place",
                    "kind": "place",
                    "name": f"{marker}Geneva",
                    "mentions": [{"start": place, "end": place + len(marker) + 6}],
                },
                {"id": "outlet", "kind": "outlet", "name": f"{marker} outlet"},
            ],
            "events": [
                {
                    "id": "talks",
                    "kind": "talks",
                    "name": f"{marker} talks",
                    "location": "place",
                    "participants": [{"entity": "speaker", "role": "organizer"}],
                }
            ],
            "quotes": [
                {
                    "id": "q1",
                    "kind": kind,
                    "text": quote_text,
                    "span": {"start": start, "end": start + len(quote_text)},
                    "speaker": "speaker",
                    "via": ["outlet"],
                    "event": "talks",
                }
                for kind in ("direct",)
            ],
        }
    )


def parse_html(page: str) -> tuple[Any, list[Any]]:
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    return parser.parse(page), parser.errors


@pytest.mark.parametrize("markup", ["jsonld", "microdata", "both"])
def test_script_and_comment_openers_in_every_text_field_stay_text_in_html(markup: str) -> None:
    """Script/comment openers in any text field stay text in HTML: no extra script or comment."""
    document = every_text_field(MARKUP)
    page = get_document_exporter("html").dump(document, {"markup": markup}).decode("utf-8")
    root, errors = parse_html(page)
    assert errors == []
    # Only our own elements: one JSON-LD block at most, no comment, no script that runs.
    assert "<!--" not in page
    scripts = list(root.iter("script"))
    assert [s.get("type") for s in scripts] == (
        ["application/ld+json"] if markup != "microdata" else []
    )
    assert page.count("<script") == len(scripts) and page.count("</script") == len(scripts)
    assert [e for e in root.iter() if e.tag is ET.Comment] == []
    if scripts:
        assert orjson.loads(scripts[0].text) == schemaorg_dict(document)
    # Every text field comes back as text.
    shown = "".join(root.itertext())
    for text in (document.article.headline, document.events[0].name, document.entities[0].name):
        assert text is not None and text in shown
    assert root.find("head/title").text == document.article.headline


@pytest.mark.parametrize("fmt", ["jsonld", "schemaorg"])
def test_json_ld_exports_can_be_pasted_into_a_script_block(fmt: str) -> None:
    """JSON-LD exports escape <, >, & and U+2028/9, so a script block holds exactly the data."""
    document = every_text_field(MARKUP + "\u2028\u2029")
    data = get_document_exporter(fmt).dump(document, {})
    assert re.search(rb"[<>&]|\xe2\x80[\xa8\xa9]", data) is None
    expected = to_jsonld(document) if fmt == "jsonld" else schemaorg_dict(document)
    assert orjson.loads(data) == expected
    if fmt == "jsonld":
        assert load_jsonld(data).document == document
    # Pasted into a page, the block holds exactly the data.
    block = f'<script type="application/ld+json">{data.decode()}</script>'
    page = f"<!DOCTYPE html><title>t</title>{block}"
    root, errors = parse_html(page)
    assert errors == []
    [script] = root.iter("script")
    assert orjson.loads(script.text) == expected


def test_quotes_and_ampersands_in_microdata_attributes_round_trip() -> None:
    """Quotes and ampersands in microdata attributes round-trip without breaking attributes."""
    tricky = 'O\'Neil "the" A&B &amp; <x>'
    document = every_text_field(tricky)
    page = get_document_exporter("html").dump(document, {"markup": "microdata"}).decode("utf-8")
    root, errors = parse_html(page)
    assert errors == []
    contents = {
        (e.get("itemprop"), e.get("content")) for e in root.iter("meta") if e.get("itemprop")
    }
    assert ("headline", document.article.headline) in contents
    assert ("name", document.entities[0].name) in contents
    assert ("alternateName", tricky) in contents
    assert ("text", document.quotes[0].text) in contents
    links = {(e.get("itemprop"), e.get("href")) for e in root.iter("link")}
    assert ("sameAs", "https://www.wikidata.org/wiki/Q1?a=1&b='2'") in links
    assert ("url", document.article.url) in links
    # No attribute anywhere was broken open into another attribute.
    names = {name for e in root.iter() for name in e.attrib}
    assert not [n for n in names if n.startswith("on") or '"' in n or "'" in n]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>x</script>"]
)
def test_dangerous_article_urls_are_refused_by_the_model(tmp_path: Path, url: str) -> None:
    """Dangerous article URL schemes are refused by the model as NS023 at /article/url."""
    doc = minimal_dict()
    doc["article"]["url"] = url
    path = tmp_path / "doc.json"
    path.write_bytes(dumps(doc))
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    [issue] = orjson.loads(result.output)["issues"]
    assert (issue["code"], issue["pointer"]) == ("NS023", "/article/url")


@pytest.mark.parametrize(
    "iri",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_same_as_iris_with_other_schemes_are_data_never_links(iri: str) -> None:
    """The model accepts any absolute IRI in same_as (urn:, doi:, ...); HTML links only http(s)."""
    doc = minimal_dict()
    doc["entities"][0]["same_as"] = [iri, "https://www.wikidata.org/wiki/Q161069"]
    document = loads(dumps(doc))
    for markup in ("jsonld", "microdata", "both"):
        page = get_document_exporter("html").dump(document, {"markup": markup}).decode("utf-8")
        root, errors = parse_html(page)
        assert errors == []
        targets = [
            value
            for element in root.iter()
            for name, value in element.attrib.items()
            if name in ("href", "src", "action", "formaction", "srcset", "data", "poster")
        ]
        assert targets and all(re.match(r"https?://|#", t) for t in targets), targets
        assert iri.lower()[:5] not in " ".join(targets).lower()
    # In the JSON-LD exports the IRI is a value, exactly as given.
    assert iri in schemaorg_dict(document)["mentions"][0]["sameAs"]


# --- CSV formula injection --------------------------------------------------------------------


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS, ids=repr)
def test_every_formula_trigger_in_every_text_cell_is_neutralised(
    tmp_path: Path, trigger: str
) -> None:
    """Every spreadsheet formula trigger in any CSV cell is prefixed, and the import undoes it."""
    marker = f"{trigger}cmd|' /C calc'!A0"
    document = every_text_field(marker)
    source = tmp_path / "in.json"
    source.write_bytes(get_document_exporter("json").dump(document, {}))
    bundle = tmp_path / "bundle"
    convert([str(source)], to="csv", output=str(bundle))
    cells = 0
    for table in sorted(bundle.glob("*.csv")):
        with open(table, encoding="utf-8", newline="") as handle:
            for row in list(csv.reader(handle))[1:]:
                for cell in row:
                    cells += 1
                    assert not cell.startswith(FORMULA_TRIGGERS[:-1]), (table.name, cell)
                    if marker in cell and cell.startswith(FORMULA_PREFIX):
                        assert cell[1:].startswith(trigger) or cell[1:].startswith(FORMULA_PREFIX)
    assert cells > 0
    [back] = IMPORTERS["csv"].read(bundle, {})
    assert back.document == document


# --- JSON-LD contexts: never fetched, never read from disk ------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file the code under test opens (and still open it)."""
    paths: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        paths.append(os.fsdecode(file) if not isinstance(file, int) else f"fd:{file}")
        return real_open(file, *args, **kwargs)

    def spy_os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        paths.append(os.fsdecode(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    return paths


@pytest.mark.parametrize(
    "context",
    [
        "file:///etc/passwd",
        "file:{secret}",
        "file://localhost{secret}",
        "{secret}",
        "secret.jsonld",
        ["https://w3id.org/newsschema/1.0/context.jsonld", "file:{secret}"],
        "https://evil.example/context.jsonld",
        "//evil.example/context.jsonld",
    ],
)
def test_file_and_remote_contexts_are_refused_without_reading_anything(
    tmp_path: Path, opened: list[str], network_attempts: list[Any], context: Any
) -> None:
    """File and remote JSON-LD contexts are NS060, with no file read and no network used."""
    secret = tmp_path / "secret.jsonld"
    secret.write_bytes(b'{"@context": {"headline": "https://evil.example/h"}}')
    fill = (lambda c: c.format(secret=secret)) if isinstance(context, str) else None
    value = fill(context) if fill else [c.format(secret=secret) for c in context]
    document = every_text_field("x")
    data = to_jsonld(document)
    data["@context"] = value
    path = tmp_path / "input.jsonld"
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    opened.clear()
    result = CliRunner().invoke(cli, ["convert", str(path), "--to", "json"])
    assert result.exit_code == 1
    assert re.search(rf"^{re.escape(str(path))}:[2-4]:\d+: NS060 ", result.output, re.MULTILINE)
    assert network_attempts == []
    assert any(p.endswith("input.jsonld") for p in opened)  # the spy sees what is read
    assert not [p for p in opened if "secret" in p or "passwd" in p], opened
