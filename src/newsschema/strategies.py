"""Hypothesis strategies that generate valid annotated documents.

Use them to property-test your own pipelines::

    from hypothesis import given
    from newsschema.strategies import documents

    @given(documents())
    def test_my_export_round_trips(doc):
        assert my_import(my_export(doc)) == doc

Generated documents are consistent by construction: the body is assembled from the annotated
pieces, so every span matches its text, every id resolves, quotes stand in quotation marks with a
cue after them, insertions lie inside their quote, and dates are ordered. Needs the
``strategies`` extra (``pip install newsschema[strategies]``).

``schema_version="1.1"`` also generates everything schema 1.1 adds: attribution types, quotes
split around their attribution clause (interruptions, with the cue inside), nested attributions
(``within``), works as sources, anonymous sources, entity ``url`` and ``image``, mention forms
(pronoun and nominal mentions included), article images, and articles without a headline (the
one 1.1 feature that draws a finding: the completeness warning NS503).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, get_args

from hypothesis import strategies as st

from newsschema.models import Document
from newsschema.types import AttributionType, EventKind, ParticipantRole, QuoteKind, SchemaVersion

__all__ = ["document_dicts", "documents", "names", "texts"]

# Letters from several scripts, digits, an emoji and a combining sequence written as whole
# clusters, so that no generated boundary splits a grapheme.
_WORDS = st.sampled_from(
    [
        "Lavrov",
        "NATO",
        "Genève",
        "Київ",
        "Москва",
        "北京",
        "Zürich",
        "São",
        "Paulo",
        "talks",
        "said",
        "week",
        "2022",
        "O’Neil",
        "e\u0301te\u0301",
        "🇺🇦",
        "👩‍💻",
        "x",
        "a&b",
        "<b>",
        "=SUM(1)",
        "+1",
        "-2",
        "@home",
        "semi;colon",
        "comma,",
        'dq"',
        "\\",
    ]
)
_FILLER = st.lists(
    st.sampled_from(["the", "and", "of", "in", "on", "Jan.", "13", "—", "(", ")", "x", "y"]),
    max_size=6,
).map(" ".join)


def names() -> st.SearchStrategy[str]:
    """Names and other short texts: one to three words from several scripts."""
    return st.lists(_WORDS, min_size=1, max_size=3).map(" ".join)


def texts() -> st.SearchStrategy[str]:
    """Longer free text, possibly with line breaks of every kind."""
    separators = st.sampled_from([" ", " ", "\n", "\r\n", "\r", "\u2028", "\t"])
    return st.lists(st.tuples(_WORDS, separators), min_size=1, max_size=12).map(
        lambda pairs: "".join(word + sep for word, sep in pairs).rstrip() or "x"
    )


def _coin(draw: st.DrawFn) -> bool:
    return draw(st.booleans())


@dataclass
class _Body:
    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, text: str) -> dict[str, Any]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return {"start": start, "end": self.length}

    def text(self) -> str:
        return "".join(self.parts)


_SPEAKING_KINDS = ("person", "organization", "group", "outlet", "gpe", "work")
# Mentions that refer without naming (schema 1.1 mention forms), never aliases.
_REFERRING = (
    ("pronoun", ["he", "she", "it", "they", "його", "它"]),
    ("nominal", ["the minister", "the alliance", "a diplomat", "the report"]),
)
# Reporting verbs by attribution type, for the cues of nested attributions.
_VERBS: dict[str, list[str]] = {
    "speech": ["said", "wrote", "told"],
    "belief": ["believes", "expects", "thinks"],
    "knowledge": ["knows", "learned", "found"],
    "intention": ["wants", "plans", "promised"],
}


def _url(draw: st.DrawFn, path: str) -> str:
    host = draw(st.sampled_from(["news.example", "img.example.org", "example.com:8080"]))
    return f"{draw(st.sampled_from(['https', 'http']))}://{host}/{path}"


_BASE = datetime(2022, 1, 13, 12, 0, tzinfo=timezone.utc)


@st.composite
def document_dicts(
    draw: st.DrawFn, *, max_entities: int = 6, schema_version: SchemaVersion = "1.0"
) -> dict[str, Any]:
    """Generate the JSON form (plain dicts and lists) of a valid document.

    Args:
        draw: Supplied by Hypothesis.
        max_entities: Most entities per document.
        schema_version: ``"1.1"`` to use every field and value schema 1.1 adds.
    """
    v11 = schema_version == "1.1"
    body = _Body()
    body.add(draw(_FILLER) + " ")
    kinds: tuple[str, ...] = ("person", "organization", "outlet", "place", "gpe", "group", "other")
    if v11:
        kinds += ("work",)
    entity_kinds = draw(st.lists(st.sampled_from(kinds), max_size=max_entities))
    entities: list[dict[str, Any]] = []
    for i, kind in enumerate(entity_kinds):
        name = draw(names())
        alias = draw(st.none() | names().filter(name.__ne__))
        entity: dict[str, Any] = {"id": f"e{i}", "kind": kind, "name": name}
        if alias is not None:
            entity["aliases"] = [alias]
        if draw(st.booleans()):
            entity["same_as"] = [f"https://www.wikidata.org/wiki/Q{draw(st.integers(1, 10**8))}"]
        mentions = [body.add(name)]
        body.add(" " + draw(_FILLER) + " ")
        if alias is not None:
            mentions.append(body.add(alias))
            body.add(" ")
        if v11:
            for mention in mentions:
                if _coin(draw):
                    mention["form"] = "name"
            for form, words in _REFERRING:
                if _coin(draw):
                    mentions.append({**body.add(draw(st.sampled_from(words))), "form": form})
                    body.add(" ")
            if kind in ("person", "group", "organization", "work") and _coin(draw):
                entity["anonymous"] = True
            if _coin(draw):
                entity["url"] = _url(draw, f"e/{i}")
            if _coin(draw):
                entity["image"] = _url(draw, f"e/{i}.png")
        entity["mentions"] = mentions
        entities.append(entity)

    published = _BASE + timedelta(days=draw(st.integers(-3000, 3000)))
    places = [e["id"] for e in entities if e["kind"] in ("place", "gpe")]
    speakers = [e["id"] for e in entities if e["kind"] in _SPEAKING_KINDS]
    outlets = [e["id"] for e in entities if e["kind"] == "outlet"]

    events: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 3))):
        realis = draw(st.sampled_from(["actual", "planned", "promised", "hypothetical"]))
        days = draw(st.integers(0, 30))
        when = (
            published - timedelta(days=days)
            if realis == "actual"
            else published + timedelta(days=days)
        )
        name = draw(names())
        event: dict[str, Any] = {
            "id": f"ev{i}",
            "kind": draw(st.sampled_from(get_args(EventKind))),
            "name": name,
            "realis": realis,
            "mentions": [body.add(name)],
        }
        body.add(" ")
        if draw(st.booleans()):
            precision = draw(st.sampled_from([4, 7, 10]))
            date: dict[str, Any] = {"start": when.date().isoformat()[:precision]}
            if precision == 10 and draw(st.booleans()):
                date["end"] = (when + timedelta(days=draw(st.integers(0, 3)))).date().isoformat()
            # Only parts the date states can have been inferred (rule NS306).
            stated = {4: ["year"], 7: ["year", "month"], 10: ["year", "month", "day"]}[precision]
            inferred = draw(st.lists(st.sampled_from(stated), unique=True, max_size=2))
            if inferred:
                date["inferred"] = inferred
            event["date"] = date
        if places and _coin(draw):
            event["location"] = draw(st.sampled_from(places))
        if entities:
            chosen = draw(st.lists(st.sampled_from([e["id"] for e in entities]), unique=True))
            event["participants"] = [
                {"entity": eid, "role": draw(st.sampled_from(get_args(ParticipantRole)))}
                for eid in chosen
            ]
        if draw(st.booleans()):
            event["planned_duration"] = draw(st.sampled_from(["PT3H", "P1D", "PT90M", "P1W"]))
        if realis == "actual" and draw(st.booleans()):
            event["duration"] = draw(st.sampled_from(["PT4H", "P2D", "PT1H30M"]))
        events.append(event)

    quotes: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 4))):
        # Direct and partial quotes always have a speaker (rule NS402).
        kinds = get_args(QuoteKind) if speakers else ("indirect", "mixed", "scare")
        kind = draw(st.sampled_from(kinds))
        speaker = None if kind == "scare" or not speakers else draw(st.sampled_from(speakers))
        quoted = draw(names())
        insertion = draw(st.none() | st.sampled_from(["(Jens)", "(but)", "[sic]"]))
        marks = kind in ("direct", "partial", "scare", "mixed")
        if marks:
            body.add("“")
        start = body.length
        body.add(quoted)
        insertions = []
        if insertion is not None and kind != "scare":
            body.add(" ")
            insertions.append(body.add(insertion))
            body.add(" " + draw(names()))
        # Schema 1.1: a quote split around its attribution clause, the cue inside the split.
        split = v11 and marks and speaker is not None and _coin(draw)
        cue = None
        if split:
            interruption_start = body.length
            body.add(",” ")
            cue = body.add(draw(st.sampled_from(["said", "stressed", "added"])))
            body.add(", “")
            interruption = {"start": interruption_start, "end": body.length}
            body.add(draw(names()))
        span = {"start": start, "end": body.length}
        if marks:
            body.add("”")
        quote: dict[str, Any] = {"id": f"q{i}", "kind": kind, "span": span}
        if split:
            quote["interruptions"] = [interruption]
        if v11 and kind != "scare":
            attribution = draw(st.none() | st.sampled_from(get_args(AttributionType)))
            if attribution is not None:
                quote["attribution"] = attribution
        if speaker is not None:
            quote["speaker"] = speaker
            if cue is None:
                body.add(" ")
                cue = body.add(draw(st.sampled_from(["said", "stressed", "added"])))
            quote["cue"] = cue
            relays = [o for o in outlets if o != speaker]
            if relays:
                quote["via"] = draw(st.lists(st.sampled_from(relays), unique=True, max_size=2))
            if events and _coin(draw):
                quote["event"] = draw(st.sampled_from([e["id"] for e in events]))
        if insertions:
            quote["insertions"] = insertions
        body.add(". ")
        quotes.append(quote)

    # Schema 1.1: "A said that B believes X": B's indirect quote lies within A's.
    if v11 and speakers and _coin(draw):
        outer_id, inner_id = f"q{len(quotes)}", f"q{len(quotes) + 1}"
        outer_cue = body.add(draw(st.sampled_from(_VERBS["speech"])))
        body.add(" ")
        outer_start = body.length
        body.add(draw(names()) + " ")
        attribution = draw(st.sampled_from(get_args(AttributionType)))
        inner_cue = body.add(draw(st.sampled_from(_VERBS[attribution])))
        body.add(" ")
        inner = body.add(draw(names()))
        outer = {"start": outer_start, "end": body.length}
        body.add(". ")
        quotes.append(
            {
                "id": outer_id,
                "kind": "indirect",
                "span": outer,
                "speaker": draw(st.sampled_from(speakers)),
                "cue": outer_cue,
                "attribution": "speech",
            }
        )
        quotes.append(
            {
                "id": inner_id,
                "kind": "indirect",
                "span": inner,
                "speaker": draw(st.sampled_from(speakers)),
                "cue": inner_cue,
                "attribution": attribution,
                "within": outer_id,
            }
        )

    body.add(draw(_FILLER) or "End.")
    text = body.text()
    for quote in quotes:
        quote["text"] = text[quote["span"]["start"] : quote["span"]["end"]]

    article: dict[str, Any] = {
        "id": draw(st.from_regex(r"\A[a-z][a-z0-9_-]{0,15}\Z")),
        "headline": draw(names()),
        "body": text,
        "language": draw(st.sampled_from(["en", "en-GB", "ru", "uk", "de-CH", "zh-Hant-TW"])),
        "date_published": published.isoformat().replace("+00:00", "Z"),
    }
    if draw(st.booleans()):
        article["url"] = f"https://news.example/{article['id']}"
    if draw(st.booleans()):
        article["date_modified"] = (
            published + timedelta(hours=draw(st.integers(0, 48)))
        ).isoformat()
    publishers = [e["id"] for e in entities if e["kind"] in ("organization", "outlet")]
    if publishers and _coin(draw):
        article["publisher"] = draw(st.sampled_from(publishers))
    people = [e["id"] for e in entities if e["kind"] == "person"]
    if people and _coin(draw):
        article["authors"] = draw(st.lists(st.sampled_from(people), unique=True, min_size=1))
    if draw(st.booleans()):
        article["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if v11:
        if _coin(draw):
            del article["headline"]  # research corpora have none (warning NS503)
        images = draw(st.lists(st.integers(0, 99), unique=True, max_size=2))
        if images:
            article["image"] = [_url(draw, f"{article['id']}/{k}.jpg") for k in images]
    return {
        "schema_version": schema_version,
        "article": article,
        "entities": entities,
        "events": events,
        "quotes": quotes,
    }


def documents(
    *, max_entities: int = 6, schema_version: SchemaVersion = "1.0"
) -> st.SearchStrategy[Document]:
    """Generate valid :class:`~newsschema.models.Document` instances; see :func:`document_dicts`."""
    return document_dicts(max_entities=max_entities, schema_version=schema_version).map(
        Document.model_validate
    )
