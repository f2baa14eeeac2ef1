"""What exporters read of a document: its models' field values, or the same as plain data.

Exporters read a document's fields by name from a mapping: a model's own field values
(:func:`fields` gives its ``__dict__``) or the plain data the structure check returns for a valid
document (:mod:`newsschema._plain`: the same keys and values, dicts for models and lists for
tuples), so that one writer serves a document whether or not it was built as models. Only the
timestamps need the models' own serialiser, so that their text (``Z`` for UTC) is the canonical
one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from newsschema._datetimes import format_datetime

__all__ = ["article_timestamps", "each_fields", "fields"]


def fields(value: Any) -> dict[str, Any]:
    """Return the field values of a model, or ``value`` itself when it is plain data (a dict).

    A Pydantic model keeps its field values, and only them, in its ``__dict__``; the plain data
    of a model is a dict with the same keys.
    """
    if type(value) is dict:
        return value
    found: dict[str, Any] = value.__dict__
    return found


def each_fields(values: Iterable[Any]) -> list[dict[str, Any]]:
    """Return :func:`fields` of each model (or plain dict) of ``values``, in one call.

    For the lists a writer walks item by item (mentions, spans): the test is made inline, which
    costs less than a call of :func:`fields` per item.
    """
    return [value if type(value) is dict else value.__dict__ for value in values]


def article_timestamps(article: Any) -> tuple[str | None, str | None]:
    """Return the canonical JSON text of ``date_published`` and ``date_modified`` (or None).

    Args:
        article: An :class:`~newsschema.models.Article` or its plain data.
    """
    values: Mapping[str, Any] = fields(article)
    published, modified = values["date_published"], values["date_modified"]
    # The models' serialiser of timestamps (DateTimeAware) is this function.
    return (
        None if published is None else format_datetime(published),
        None if modified is None else format_datetime(modified),
    )
