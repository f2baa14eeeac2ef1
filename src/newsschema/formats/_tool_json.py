"""Shared helpers for the JSON-based tool formats (Label Studio, doccano)."""

from __future__ import annotations

from typing import Any

from newsschema.findings import Finding, Severity
from newsschema.formats._base import GivenOptions
from newsschema.formats._export_options import ToolReadOptions
from newsschema.formats.labels import LabelError, LabelMap
from newsschema.formats.metadata import MetaError, MetaTable
from newsschema.loader import Loaded
from newsschema.models import Document

__all__ = ["ARTICLE_KEYS", "article_meta", "fail", "read_options", "with_article"]

ARTICLE_KEYS = ("headline", "language", "date_published", "date_modified", "url")
"""Article fields read from a task's or record's top-level keys when the tool data has them."""


def article_meta(data: dict[str, Any]) -> dict[str, Any]:
    """Return the article fields a tool record carries (strings only)."""
    meta = {key: data[key] for key in ARTICLE_KEYS if isinstance(data.get(key), str)}
    if isinstance(data.get("article_id"), str):
        meta["id"] = data["article_id"]
    return meta


def with_article(
    head: dict[str, Any], document: Document, record: Any, **more: Any
) -> dict[str, Any]:
    """Return ``head``, then the article fields, ``more``, headline and ``newsschema`` record.

    The article fields are those :func:`article_meta` reads back.
    """
    out = {
        **head,
        "article_id": document.article.id,
        "language": document.article.language,
        **more,
    }
    if document.article.headline is not None:
        out["headline"] = document.article.headline
    if record is not None:
        out["newsschema"] = record
    return out


def read_options(
    options: GivenOptions, file: str
) -> tuple[LabelMap, dict[str, str], MetaTable | None] | Loaded:
    """Return the label map, settings and ``--meta`` table, or the failed load that says why."""
    try:
        typed = ToolReadOptions.of(options)
        return typed.label_map(), typed.article_settings(), typed.meta
    except (LabelError, MetaError) as exc:
        return fail(file, str(exc))


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
