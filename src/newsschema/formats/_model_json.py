"""JSON values of model fields whose Python value is not their JSON form (timestamps).

Exporters read the model's attributes directly; only the timestamps need the model's own
serialiser, so that their text (offset kept as written, ``Z`` for UTC) is the canonical one.
"""

from __future__ import annotations

from newsschema.models import Article

__all__ = ["article_timestamps"]

_TIMESTAMPS = {"date_published", "date_modified"}


def article_timestamps(article: Article) -> tuple[str | None, str | None]:
    """Return the canonical JSON text of ``date_published`` and ``date_modified`` (or None)."""
    if article.date_published is None and article.date_modified is None:
        return None, None
    values = article.model_dump(mode="json", include=_TIMESTAMPS)
    return values["date_published"], values["date_modified"]
