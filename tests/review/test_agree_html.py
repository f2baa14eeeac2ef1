"""The HTML agreement report reads top to bottom in a real browser, in bounded height."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsschema.cli import cli

from ..linked_data.ld_chromium import Chromium, chromium_path
from .study_support import person, quote, save, study_document

# A study of two short articles with a handful of units each fits in a few screens; the
# report of such a study drew 1,000-pixel matrices per annotator pair and layer.
MAX_HEIGHT = 3500


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    if chromium_path() is None:
        pytest.skip("chromium is not installed (.ci/run installs the Debian package)")
    with Chromium() as chromium:
        yield chromium


def _two_document_study(root: Path) -> list[Path]:
    """Three annotators, two articles: boundary, missing and speaker disagreements."""
    lee = person("lee", "Lee Park", "Lee Park")
    dana = person("dana", "Dana Cho", "Dana Cho")
    versions = {
        "ana": [quote("q1", "we won the vote", "lee", "said", kind="partial"),
                quote("q2", "the count was late", None, "argued"),
                quote("q3", "it could be challenged", "dana", "warned")],
        "ben": [quote("q1", "we won the vote", "lee", "said", kind="partial"),
                quote("q2", "the count was late", None, "argued"),
                quote("q3", "it could be", "dana", "warned")],
        "cy": [quote("q1", "we won the vote", "dana", "said", kind="partial"),
               quote("q3", "it could be challenged", "dana", "warned")],
    }  # fmt: skip
    folders = []
    for name, quotes in versions.items():
        first = study_document(json.loads(json.dumps(quotes)), [lee, dana], article="vote")
        second = study_document(
            [quote("q1", "Nothing changes", "lee", "added")], [lee, dana], article="after"
        )
        save(root / name / "vote.json", first)
        save(root / name / "after.json", second)
        folders.append(root / name)
    return folders


def test_the_report_of_a_two_document_study_reads_top_to_bottom(
    tmp_path: Path, browser: Chromium, network_attempts: list[Any]
) -> None:
    """Summary first, multi-label matrices, grouped highlighted disagreements, bounded height."""
    folders = _two_document_study(tmp_path / "study")
    page = tmp_path / "report.html"
    args = [*map(str, folders), "--bootstrap", "0", "--format", "html", "-o", str(page)]
    assert CliRunner().invoke(cli, ["agree", *args]).exit_code == 0
    report = json.loads(
        CliRunner().invoke(cli, ["agree", *map(str, folders), "--bootstrap", "0",
                                 "--format", "json"]).output
    )  # fmt: skip
    expression = """JSON.stringify({
      height: document.documentElement.scrollHeight,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      scripts: document.scripts.length,
      figures: [...document.querySelectorAll('figure figcaption')]
        .map(f => f.textContent.split(':')[0]),
      headings: [...document.querySelectorAll('h2')].map(h => h.textContent),
      firstTable: document.body.innerHTML.indexOf('<table'),
      firstSvg: document.body.innerHTML.indexOf('<svg'),
      marks: document.querySelectorAll('.d mark').length,
      groups: document.querySelectorAll('.d').length,
      highlighted: [...document.querySelectorAll('.d p mark')].map(m => m.textContent)
    })"""
    result = browser.load(page, width=1280, height=900, mobile=False, expression=expression)
    shot = Path(os.environ.get("NEWSSCHEMA_SCREENSHOT", tmp_path / "report.png"))
    shot.write_bytes(result.png)
    assert result.errors == []
    seen = json.loads(result.value)
    assert seen["height"] <= MAX_HEIGHT, f"the page is {seen['height']} px tall"
    assert seen["overflow"] <= 0 and seen["scripts"] == 0 and network_attempts == []
    assert 0 < seen["firstTable"] < seen["firstSvg"]  # the summary table comes before charts
    several = [
        name
        for name, layer in report["layers"].items()
        if len(layer["labels"]) > 1 and not layer["inferred"]
        and any(sum(map(sum, p["confusion"]["matrix"])) for p in layer["pairs"])
    ]  # fmt: skip
    assert seen["figures"] == several
    grouped = [d for d in report["disagreements"] if not report["layers"][d["layer"]]["inferred"]]
    assert seen["groups"] == len(grouped)
    assert "it could be challenged" in seen["highlighted"]
    assert seen["headings"][0] == "Documents to adjudicate first"
