"""Google's Article check (the npm tool ``sdtt``, preset Google) passes on our pages, offline.

``.ci/run`` installs ``structured-data-testing-tool`` from ``.ci/npm/package-lock.json`` into
``.ci/npm/node_modules`` (ignored by git); these tests skip when node or the tool is absent.
Node runs with a preload that makes every connection and name lookup fail loudly, so a pass
also shows that the tool read the file without fetching anything.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from newsschema.formats.html import html_page
from newsschema.models import Document

from .ld_support import ROOT, export_fixture

SDTT = ROOT / ".ci" / "npm" / "node_modules" / ".bin" / "sdtt"
NO_NETWORK = Path(__file__).resolve().parent / "no_network.cjs"
ATTRIBUTION = export_fixture("attribution-1")
PUBLISHING = export_fixture("publishing-1")
GOOGLE_ARTICLE = (
    "headline",
    "image",
    "datePublished",
    "dateModified",
    "author",
    "publisher.logo",
    "publisher.logo.url",
)


@pytest.fixture(scope="module")
def sdtt() -> Path:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not SDTT.exists():
        pytest.skip("sdtt is not installed: npm ci --prefix .ci/npm (as .ci/run does)")
    return SDTT


def _check(tool: Path, document: Document, tmp: Path) -> subprocess.CompletedProcess[str]:
    page = tmp / "page.html"
    page.write_text(html_page(document), encoding="utf-8")
    env = {
        **os.environ,
        "NODE_OPTIONS": f"--require {NO_NETWORK}",
        "FORCE_COLOR": "0",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [str(tool), "--file", str(page), "--presets", "Google"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp,
        timeout=120,  # only stops a hung process, not a speed check
        check=False,
    )


def _passed(output: str) -> set[str]:
    return set(re.findall(r"✓\s+(\S+)", output))


def test_google_article_check_passes_offline(sdtt: Path, tmp_path: Path) -> None:
    """A page with every publishing field passes sdtt's Google NewsArticle tests, offline."""
    result = _check(sdtt, PUBLISHING, tmp_path)
    assert "NETWORK ATTEMPT" not in result.stderr
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Google > NewsArticle" in result.stdout
    assert re.search(r"Failed: 0\b", result.stdout)
    assert set(GOOGLE_ARTICLE) <= _passed(result.stdout)


def test_google_article_check_fails_without_publishing_fields(sdtt: Path, tmp_path: Path) -> None:
    """The check can fail: a research article with no headline or author does not pass."""
    result = _check(sdtt, ATTRIBUTION, tmp_path)
    assert "NETWORK ATTEMPT" not in result.stderr
    assert result.returncode != 0
    assert "headline" not in _passed(result.stdout)


def test_the_network_guard_stops_a_fetch(sdtt: Path, tmp_path: Path) -> None:
    """The preload really blocks the network: asked for a URL, sdtt cannot fetch it."""
    env = {**os.environ, "NODE_OPTIONS": f"--require {NO_NETWORK}", "NO_COLOR": "1"}
    result = subprocess.run(
        [str(sdtt), "--url", "https://news.example/", "--presets", "Google"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,  # only stops a hung process, not a speed check
        check=False,
    )
    assert result.returncode != 0
    assert "NETWORK ATTEMPT" in result.stderr
