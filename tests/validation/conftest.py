"""Fixtures the validation tests share."""

from __future__ import annotations

from typing import Any

import pytest

from newsschema import _cache


@pytest.fixture
def looked_up(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many files each per-file look-up of the cache was asked about."""
    calls: list[int] = []
    original = _cache.ResultCache.look_up

    def counting(self: _cache.ResultCache, items: Any) -> Any:
        calls.append(len(items))
        return original(self, items)

    monkeypatch.setattr(_cache.ResultCache, "look_up", counting)
    return calls
