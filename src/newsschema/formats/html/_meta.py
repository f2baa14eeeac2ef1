"""The page's metadata for crawlers and link previews: canonical link, description, Open Graph.

Built from the article fields only. Every value goes through the page's escaper; a URL is used
only when it is ``http``/``https`` (an ``article.url`` of ``javascript:...`` is left out).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["DESCRIPTION_LENGTH", "description", "head_meta"]

DESCRIPTION_LENGTH = 200
"""Longest meta description, in characters (search engines show about 155–160)."""

_HTTP = re.compile(r"^[Hh][Tt][Tt][Pp][Ss]?://")


def _one_line(body: str, limit: int) -> str:
    """The body as one stripped line, exact in its first ``limit + 1`` characters.

    White space runs become single spaces. Runs are replaced character by character, so
    normalising a prefix of the body gives a prefix of the normalised body; once that prefix
    holds more than ``limit`` characters up to its last word, the rest of the body cannot change
    them, and it is not read (a page needs the start of a long body only).
    """
    size = 2 * limit + 2
    # " ".join(text.split()) is re.sub(r"\s+", " ", text).strip(): str.split, str.strip and
    # the regular expression's \s all take white space as str.isspace does; split is C speed.
    while limit > 0 and size < len(body):
        head = " ".join(body[:size].split())
        if len(head) > limit:
            return head
        size *= 4
    return " ".join(body.split())


def description(body: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Return the start of ``body`` as one line, cut at a word boundary with an ellipsis."""
    text = _one_line(body, limit)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def _og_locale(language: str) -> str:
    # Open Graph wants language_TERRITORY (en_GB); a bare language stays as it is.
    parts = language.split("-")
    if len(parts) >= 2 and len(parts[-1]) == 2 and parts[-1].isalpha():
        return f"{parts[0].lower()}_{parts[-1].upper()}"
    return parts[0].lower()


def head_meta(
    article: Mapping[str, Any],
    entity: Callable[[str | None], Mapping[str, Any] | None],
    esc: Callable[[str], str],
    data: Mapping[str, Any] | None = None,
) -> str:
    """Return the ``<head>`` lines: canonical link, description, Open Graph and Twitter card.

    Args:
        article: The article's field values by name (a model's, or its plain data).
        entity: The document's entity of an id, as field values (None: no such entity).
        esc: The page's escaper for text and attribute values.
        data: The page's schema.org JSON-LD, whose ``datePublished``/``dateModified`` text
            the timestamps repeat exactly.
    """
    data = data or {}
    summary = description(article["body"])
    url = article["url"]
    url = url if url is not None and _HTTP.match(url) else None
    lines: list[str] = []
    if url is not None:
        lines.append(f'<link rel="canonical" href="{esc(url)}">')
    lines.append(f'<meta name="description" content="{esc(summary)}">')
    # A research-corpus article (schema 1.1) may have no headline: then no title tags.
    headline = article["headline"]
    title = [("og:title", headline)] if headline is not None else []
    properties: list[tuple[str, str]] = [
        ("og:type", "article"),
        *title,
        ("og:description", summary),
    ]
    if url is not None:
        properties.append(("og:url", url))
    properties.append(("og:locale", _og_locale(article["language"])))
    publisher = entity(article["publisher"])
    if publisher is not None:
        properties.append(("og:site_name", publisher["name"]))
    for key, source in (("published", "datePublished"), ("modified", "dateModified")):
        if isinstance(data.get(source), str):
            properties.append((f"article:{key}_time", data[source]))
    for author_id in article["authors"]:
        author = entity(author_id)  # the page is also drawn for broken references
        if author is not None:
            properties.append(("article:author", author["name"]))
    lines.extend(f'<meta property="{key}" content="{esc(value)}">' for key, value in properties)
    twitter = [("twitter:card", "summary")]
    if headline is not None:
        twitter.append(("twitter:title", headline))
    twitter.append(("twitter:description", summary))
    for key, value in twitter:
        lines.append(f'<meta name="{key}" content="{esc(value)}">')
    return "\n".join(lines) + "\n"
