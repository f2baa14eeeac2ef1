"""Shared helpers for the JSON-based tool formats (Label Studio, doccano)."""

from __future__ import annotations

from typing import Any

from newsschema.findings import Finding, Severity
from newsschema.loader import Loaded

__all__ = ["ARTICLE_KEYS", "article_meta", "fail"]

ARTICLE_KEYS = ("headline", "language", "date_published", "date_modified", "url")
"""Article fields read from a task's or record's top-level keys when the tool data has them."""


def article_meta(data: dict[str, Any]) -> dict[str, Any]:
    """Return the article fields a tool record carries (strings only)."""
    meta = {key: data[key] for key in ARTICLE_KEYS if isinstance(data.get(key), str)}
    if isinstance(data.get("article_id"), str):
        meta["id"] = data["article_id"]
    return meta


def fail(
    file: str | None,
    message: str,
    *,
    line: int | None = None,
    pointer: str = "",
    index: int = 0,
) -> Loaded:
    """Return a failed load with one NS080 finding."""
    finding = Finding(
        "NS080",
        Severity.ERROR,
        message,
        pointer=pointer,
        file=file,
        line=line,
        column=1 if line else None,
        document=index,
    )
    return Loaded(None, [finding], index=index, line=line or 1, file=file)
