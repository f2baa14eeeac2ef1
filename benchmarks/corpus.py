"""Generate seed-like annotated articles: ~8 KB, ~15 entities, ~6 events, ~8 quotes each.

Documents are valid and pass every rule without warnings, so that the benchmark measures the
cost of checking good data (the common case in CI). Deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import orjson

_FIRST = ["Sergey", "Jens", "Antony", "Wendy", "Olaf", "Emmanuel", "Ursula", "Dmytro", "Liz"]
_LAST = ["Lavrov", "Stoltenberg", "Blinken", "Sherman", "Scholz", "Macron", "Leyen", "Kuleba"]
_ORGS = ["NATO", "OSCE", "European Union", "United Nations", "Foreign Ministry", "Pentagon"]
_OUTLETS = ["RIA Novosti", "Reuters", "TASS", "Interfax", "Associated Press"]
_PLACES = ["Geneva", "Brussels", "Vienna", "Moscow", "Kyiv", "Washington", "Berlin", "Paris"]
_GROUPS = ["Ukrainian representatives", "member states", "European diplomats"]
_PROSE = """
the talks were described as business-like and the parties agreed to continue the dialogue
while officials warned that the position of the West remained tough uncompromising and at
times arrogant although the meeting itself was held calmly in a constructive manner with
delegations exchanging written proposals on security guarantees and arms control
"""
_WORDS = _PROSE.split()
_CUES = ["said", "stressed", "added", "noted", "told reporters"]
_BASE = datetime(2022, 1, 13, 9, 30, tzinfo=timezone.utc)


class _Body:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> dict[str, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return {"start": start, "end": self.length}


def _sentence(rng: random.Random, words: int) -> str:
    start = rng.randrange(len(_WORDS) - words)
    text = " ".join(_WORDS[start : start + words])
    return text[0].upper() + text[1:]


def make_document(rng: random.Random, number: int) -> dict[str, Any]:
    """Return one valid, warning-free document as JSON-ready dicts."""
    body = _Body()
    entities: list[dict[str, Any]] = []
    specs = (
        [("person", f"{rng.choice(_FIRST)} {last}", last) for last in rng.sample(_LAST, 5)]
        + [("organization", name, None) for name in rng.sample(_ORGS, 3)]
        + [("outlet", name, None) for name in rng.sample(_OUTLETS, 2)]
        + [("place", name, None) for name in rng.sample(_PLACES, 4)]
        + [("group", rng.choice(_GROUPS), None)]
    )
    for i, (kind, name, alias) in enumerate(specs):
        mentions = []
        for _ in range(rng.randint(1, 3)):
            body.add(_sentence(rng, rng.randint(3, 7)) + " ")
            use_alias = alias is not None and rng.random() < 0.5
            mentions.append(body.add(alias if use_alias else name))
            body.add(" " + _sentence(rng, rng.randint(2, 5)).lower() + ". ")
        entity: dict[str, Any] = {"id": f"e{i}", "kind": kind, "name": name, "mentions": mentions}
        if alias is not None:
            entity["aliases"] = [alias]
        if rng.random() < 0.5:
            entity["same_as"] = [f"https://www.wikidata.org/wiki/Q{rng.randint(1, 10**7)}"]
        entities.append(entity)
    people = [e["id"] for e in entities if e["kind"] == "person"]
    places = [e["id"] for e in entities if e["kind"] == "place"]
    outlets = [e["id"] for e in entities if e["kind"] == "outlet"]
    published = _BASE + timedelta(days=rng.randint(-500, 500))

    events: list[dict[str, Any]] = []
    for i in range(6):
        realis = "actual" if i < 4 else "planned"
        day = published + timedelta(
            days=-rng.randint(0, 5) if realis == "actual" else rng.randint(1, 9)
        )
        name = f"{rng.choice(['talks', 'meeting', 'summit'])} in {rng.choice(_PLACES)}"
        body.add(_sentence(rng, 8) + " ")
        events.append(
            {
                "id": f"ev{i}",
                "kind": rng.choice(["talks", "meeting", "summit", "negotiation"]),
                "name": name,
                "realis": realis,
                "date": {"start": day.date().isoformat(), "inferred": ["year"]},
                "location": rng.choice(places),
                "participants": [
                    {"entity": e, "role": rng.choice(["participant", "host", "speaker"])}
                    for e in rng.sample([x["id"] for x in entities], 3)
                ],
                "mentions": [body.add(name)],
            }
        )
        body.add(". ")

    quotes: list[dict[str, Any]] = []
    for i in range(8):
        kind = rng.choice(["direct", "direct", "partial", "indirect"])
        speaker = rng.choice(people)
        words = _sentence(rng, rng.randint(6, 14))
        body.add("\n“" if kind != "indirect" else "\nThe minister said that ")
        span = body.add(words + ("," if kind == "direct" else ""))
        body.add("” " if kind != "indirect" else ", ")
        cue = body.add(rng.choice(_CUES))
        body.add(" on Thursday. ")
        quotes.append(
            {
                "id": f"q{i}",
                "kind": kind,
                "text": words + ("," if kind == "direct" else ""),
                "span": span,
                "speaker": speaker,
                "cue": cue,
                "via": [rng.choice(outlets)],
                "event": f"ev{rng.randrange(4)}",
            }
        )
    body.add("Follow us on social media.\n")
    text = "".join(body.parts)
    return {
        "schema_version": "1.0",
        "article": {
            "id": f"bench-{number}",
            "headline": _sentence(rng, 10),
            "body": text,
            "language": "en",
            "url": f"https://news.example/{number}",
            "date_published": published.isoformat().replace("+00:00", "Z"),
            "publisher": outlets[0],
            "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        },
        "entities": entities,
        "events": events,
        "quotes": quotes,
    }


def iter_lines(count: int, seed: int = 0) -> Iterator[bytes]:
    """Yield ``count`` documents as compact JSON lines (with their newline)."""
    rng = random.Random(seed)
    for number in range(count):
        yield orjson.dumps(make_document(rng, number), option=orjson.OPT_APPEND_NEWLINE)
