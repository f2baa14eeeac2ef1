"""Telling other annotation formats from newsschema documents, for one clear hint.

A JSON-LD file or an annotation tool's export given to ``validate`` fails on every field; one
finding naming the format and the ``convert --from`` to use says more than forty NS020s. The
detectors are a small table: each looks at the parsed JSON value only (never at file names,
which lie) and is checked in order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

__all__ = ["DETECTORS", "Detector", "detect", "foreign_hint", "is_foreign", "tries_to_be_ours"]

# Top-level keys only a newsschema document has.
_OURS = frozenset({"schema_version", "article"})


def _first(value: Any) -> Any:
    """The first item of a list export (tools export a list of tasks), else the value."""
    if isinstance(value, list) and value:
        return value[0]
    return value


def _jsonld(value: Any) -> bool:
    node = _first(value)
    return isinstance(node, dict) and bool({"@context", "@graph", "@type"} & node.keys())


def _labelstudio(value: Any) -> bool:
    task = _first(value)
    return (
        isinstance(task, dict)
        and isinstance(task.get("data"), dict)
        and bool({"annotations", "predictions", "completions"} & task.keys())
    )


def _doccano(value: Any) -> bool:
    item = _first(value)
    return (
        isinstance(item, dict)
        and isinstance(item.get("text"), str)
        and bool({"label", "labels", "entities", "relations"} & item.keys())
        and not _brat(value)
    )


def _brat(value: Any) -> bool:
    # brat-style JSON: {"text": ..., "entities": [["T1", "PER", [[0, 5]]], ...]}.
    item = _first(value)
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return False
    entities = item.get("entities")
    return (
        isinstance(entities, list)
        and bool(entities)
        and isinstance(entities[0], list)
        and len(entities[0]) >= 3
    )


def _quotes(value: Any) -> bool:
    # The extracted-quotes record: {"article": {"id", "body"}, "quotes": [...]}, no version.
    item = _first(value)
    return (
        isinstance(item, dict)
        and "schema_version" not in item
        and isinstance(item.get("article"), dict)
        and isinstance(item["article"].get("body"), str)
        and isinstance(item.get("quotes", []), list)
    )


def _quote_items(value: Any, keys: frozenset[str]) -> bool:
    item = _first(value)
    if not isinstance(item, dict):
        return False
    quotes = item.get("quotes", item.get("quotesUpdated"))
    return (
        isinstance(quotes, list)
        and bool(quotes)
        and isinstance(quotes[0], dict)
        and bool(keys & quotes[0].keys())
    )


def _citron(value: Any) -> bool:
    # Citron: {"text", "quotes": [{"cue", "sources", "contents", ...}]}.
    return _quote_items(value, frozenset({"contents", "sources"}))


def _ggt(value: Any) -> bool:
    # Gender Gap Tracker: {"text", "quotes": [{"quote", "quote_index", ...}]}.
    return _quote_items(value, frozenset({"quote_index", "speaker_index"}))


Detector = tuple[str, str, Callable[[Any], bool]]
"""A table row: ``--from`` name, what to call the format in messages, and the test."""

DETECTORS: tuple[Detector, ...] = (
    ("jsonld", "a JSON-LD document", _jsonld),
    ("labelstudio", "a Label Studio export", _labelstudio),
    ("brat", "brat-style standoff annotations in JSON", _brat),
    ("doccano", "a doccano export", _doccano),
    ("quotes", "an extracted-quotes record", _quotes),
    ("citron", "Citron quote-extraction output", _citron),
    ("ggt", "Gender Gap Tracker quote records", _ggt),
)
"""Known foreign formats, checked in order."""


def detect(value: Any) -> Detector | None:
    """Return the table row of the foreign format ``value`` is in, if it is a known one."""
    ours = isinstance(value, dict) and _OURS & value.keys() and not _jsonld(value)
    if ours and not _quotes(value):
        return None
    for row in DETECTORS:
        try:
            if row[2](value):
                return row
        except (TypeError, AttributeError):  # a detector never decides on odd input by crashing
            continue
    return None


def foreign_hint(value: Any, file: str | None) -> str | None:
    """Return the one message for a document in a known foreign format, else None."""
    row = detect(value)
    if row is None:
        return None
    name, label, _ = row
    target = file if file and not file.startswith("<") else "FILE"
    return (
        f"this looks like {label}, not a newsschema document: convert it with "
        f"`newsschema convert --from {name} {target} --to json`"
    )


def tries_to_be_ours(value: Any) -> bool:
    """Whether ``value`` tries to be a newsschema document, or a list holding one.

    It does when it has an ``article`` or ``schema_version`` key in any casing or spelling
    (``Article``, ``schemaVersion``, ``SCHEMA-VERSION``), even beside JSON-LD's ``@context``:
    such a file is checked, so that its mistakes are reported rather than skipped.
    """
    items = value if isinstance(value, list) else [value]
    return any(
        isinstance(item, dict) and any(_spelling(key) in _OURS_SPELLED for key in item)
        for item in items
    )


def _spelling(key: Any) -> str:
    return str(key).casefold().replace("_", "").replace("-", "").replace(" ", "")


_OURS_SPELLED = frozenset(_spelling(key) for key in _OURS)


def is_foreign(data: bytes, *, complete: bool = True) -> bool:
    """True when ``data`` is JSON (or JSON Lines) that is clearly not a newsschema document.

    Clearly: it parses, and nothing in it tries to be a document (see
    :func:`tries_to_be_ours`): not the value, not an item of a list, not any line of JSON
    Lines (a header line does not hide the documents after it). Bytes that do not parse are
    not foreign: they may be a broken document, which validation reports.

    Args:
        data: The file's bytes, or its first bytes.
        complete: False when ``data`` is only the start of the file: its last line, cut
            short, is then not judged.
    """
    text = data.lstrip()
    try:
        return not tries_to_be_ours(orjson.loads(text))
    except orjson.JSONDecodeError:
        pass
    lines = text.split(b"\n")
    if not complete and len(lines) > 1:
        lines.pop()  # cut short by the peek: neither foreign nor ours
    for line in lines:
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError:
            return False  # a line that does not parse: validation reports it
        if tries_to_be_ours(value):
            return False
    return True
