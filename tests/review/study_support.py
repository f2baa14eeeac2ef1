"""Small annotation studies written for these tests (own text): a builder of 1.1 documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsschema import Document, loads

BODY = (
    'Lee Park, the mayor, said "we won the vote" on Monday. '
    "Critics argued that the count was late, and Dana Cho warned it could be challenged. "
    'The council said nothing. "Nothing changes," Park added.'
)


def at(text: str, occurrence: int = 1, body: str = BODY) -> tuple[int, int]:
    """The span of the ``occurrence``-th appearance of ``text`` in the body."""
    start = -1
    for _ in range(occurrence):
        start = body.index(text, start + 1)
    return start, start + len(text)


def span(text: str, occurrence: int = 1, body: str = BODY) -> dict[str, int]:
    start, end = at(text, occurrence, body)
    return {"start": start, "end": end}


def study_document(
    quotes: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    *,
    article: str = "vote",
    body: str = BODY,
) -> dict[str, Any]:
    """A schema 1.1 document; each quote gets its ``text`` from its span."""
    for quote in quotes:
        quote["text"] = body[quote["span"]["start"] : quote["span"]["end"]]
    return {
        "schema_version": "1.1",
        "article": {"id": article, "body": body, "language": "en"},
        "entities": entities,
        "events": [],
        "quotes": quotes,
    }


def person(eid: str, name: str, *mentions: str, body: str = BODY) -> dict[str, Any]:
    return {
        "id": eid,
        "kind": "person",
        "name": name,
        "mentions": [span(m, body=body) for m in mentions],
    }


def quote(
    qid: str,
    content: str,
    speaker: str | None,
    cue: str | None,
    kind: str = "indirect",
    body: str = BODY,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": qid,
        "kind": kind,
        "span": span(content, body=body),
        "speaker": speaker,
    }
    if cue is not None:
        data["cue"] = span(cue, body=body)
    return data


def doc(data: dict[str, Any]) -> Document:
    return loads(json.dumps(data))


def save(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
