"""The hand-annotated seed articles pass with no errors and no warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsschema

REPO = Path(__file__).resolve().parents[2]

SEEDS = sorted((REPO / "seeds").glob("*.json"))


@pytest.mark.skipif(not SEEDS, reason="no seeds/ in this checkout")
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_is_clean(path: Path) -> None:
    """Each seed validates as one document with no finding."""
    report = newsschema.validate(path)
    assert report.documents == 1
    assert [(f.code, f.pointer, f.message) for f in report.findings] == []
