"""A small hand-made document that passes every rule, and helpers to break it."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

BODY = (
    "Sergey Lavrov met NATO officials in Geneva on Jan. 13. "
    "“We will submit our proposals next week,” Lavrov said, according to RIA Novosti. "
    "The talks will continue in Vienna."
)


def span(text: str, occurrence: int = 0, body: str = BODY) -> dict[str, int]:
    """Return the span of the ``occurrence``-th appearance of ``text`` in ``body``."""
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(text, start + 1)
    return {"start": start, "end": start + len(text)}


def good_document() -> dict[str, Any]:
    """Return a fresh copy of a valid, warning-free document."""
    quote = "We will submit our proposals next week,"
    return copy.deepcopy(
        {
            "schema_version": "1.0",
            "article": {
                "id": "a1",
                "headline": "Lavrov expects proposals next week",
                "body": BODY,
                "language": "en",
                "date_published": "2022-01-13T15:00:00Z",
                "publisher": "e_ria",
                "text_sha256": hashlib.sha256(BODY.encode()).hexdigest(),
            },
            "entities": [
                {
                    "id": "e_lavrov",
                    "kind": "person",
                    "name": "Sergey Lavrov",
                    "aliases": ["Lavrov"],
                    "mentions": [span("Sergey Lavrov"), span("Lavrov", 1)],
                },
                {
                    "id": "e_nato",
                    "kind": "organization",
                    "name": "NATO",
                    "mentions": [span("NATO")],
                },
                {"id": "e_geneva", "kind": "place", "name": "Geneva", "mentions": [span("Geneva")]},
                {"id": "e_vienna", "kind": "place", "name": "Vienna", "mentions": [span("Vienna")]},
                {
                    "id": "e_ria",
                    "kind": "outlet",
                    "name": "RIA Novosti",
                    "mentions": [span("RIA Novosti")],
                },
            ],
            "events": [
                {
                    "id": "ev_meeting",
                    "kind": "meeting",
                    "name": "Lavrov meets NATO officials",
                    "realis": "actual",
                    "date": {"start": "2022-01-13", "inferred": ["year"]},
                    "location": "e_geneva",
                    "participants": [{"entity": "e_lavrov"}, {"entity": "e_nato"}],
                    "mentions": [span("met")],
                },
                {
                    "id": "ev_talks",
                    "kind": "talks",
                    "name": "Talks in Vienna",
                    "realis": "planned",
                    "date": {"start": "2022-01-17", "end": "2022-01-21"},
                    "location": "e_vienna",
                    "mentions": [span("talks")],
                },
            ],
            "quotes": [
                {
                    "id": "q1",
                    "kind": "direct",
                    "text": quote,
                    "span": span(quote),
                    "speaker": "e_lavrov",
                    "cue": span("said"),
                    "via": ["e_ria"],
                    "event": "ev_meeting",
                }
            ],
        }
    )
