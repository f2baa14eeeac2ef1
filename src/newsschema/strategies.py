"""Hypothesis strategies that generate valid annotated documents.

Use them to property-test your own pipelines::

    from hypothesis import given
    from newsschema.strategies import documents

    @given(documents())
    def test_my_export_round_trips(doc):
        assert my_import(my_export(doc)) == doc

Generated documents are consistent by construction: the body is assembled from the annotated
pieces, so every span matches its text, every id resolves, quotes stand in quotation marks with a
cue after them, insertions lie inside their quote, and dates are ordered. Parameters shape them
(``documents(quotes=(3, 5), via=(2, 2), languages=["uk"])``).

:func:`invalid_documents` generates broken documents, each paired with the code it must produce,
to test that a pipeline reports (not crashes on) what is wrong. Needs the ``strategies`` extra
(``pip install newsschema[strategies]``).

``schema_version="1.1"`` also generates everything schema 1.1 adds: attribution types, quotes
split around their attribution clause (interruptions, with the cue inside), nested attributions
(``within``), works as sources, anonymous sources, entity ``url`` and ``image``, mention forms
(pronoun and nominal mentions included), article images, and articles without a headline (the
one 1.1 feature that draws a finding: the completeness warning NS503).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, get_args

from hypothesis import strategies as st

from newsschema.models import Document
from newsschema.types import AttributionType, EventKind, ParticipantRole, QuoteKind, SchemaVersion

__all__ = [
    "INVALID_CODES",
    "document_dicts",
    "documents",
    "invalid_documents",
    "names",
    "texts",
]

_LANGUAGES = ("en", "en-GB", "ru", "uk", "de-CH", "zh-Hant-TW")


def _bounds(name: str, value: int | tuple[int, int]) -> tuple[int, int]:
    low, high = (value, value) if isinstance(value, int) else value
    if not 0 <= low <= high:
        raise ValueError(f"{name} must be a count or a (min, max) pair with 0 <= min <= max")
    return low, high


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
    draw: st.DrawFn,
    *,
    max_entities: int = 6,
    quotes: int | tuple[int, int] = (0, 4),
    via: int | tuple[int, int] = (0, 2),
    events: int | tuple[int, int] = (0, 3),
    languages: Sequence[str] | None = None,
    schema_version: SchemaVersion = "1.0",
) -> dict[str, Any]:
    """Generate the JSON form (plain dicts and lists) of a valid document.

    Args:
        draw: Hypothesis's draw function (supplied by ``st.composite``).
        max_entities: Most entities drawn freely (more are added when ``via`` needs outlets).
        quotes: Number of quotes, exactly or as a ``(min, max)`` range.
        via: Length of the outlet chain of every attributed quote, exactly or as a range.
            With a minimum above 0, enough outlets and a person speaker are always present.
        events: Number of events, exactly or as a range.
        languages: Language tags to choose ``article.language`` from.
        schema_version: ``"1.1"`` to use every field and value schema 1.1 adds.
    """
    quotes_low, quotes_high = _bounds("quotes", quotes)
    via_low, via_high = _bounds("via", via)
    events_low, events_high = _bounds("events", events)
    language_choices = tuple(languages) if languages is not None else _LANGUAGES
    if not language_choices:
        raise ValueError("languages must name at least one language tag")
    v11 = schema_version == "1.1"
    body = _Body()
    body.add(draw(_FILLER) + " ")
    kinds: tuple[str, ...] = ("person", "organization", "outlet", "place", "gpe", "group", "other")
    if v11:
        kinds += ("work",)
    entity_kinds = draw(st.lists(st.sampled_from(kinds), max_size=max_entities))
    if via_low > 0:
        # A chain of n outlets other than the speaker needs n + 1 outlets and a speaker.
        entity_kinds += ["person"] + ["outlet"] * (via_low + 1)
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

    event_list: list[dict[str, Any]] = []
    for i in range(draw(st.integers(events_low, events_high))):
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
        event_list.append(event)

    quote_list: list[dict[str, Any]] = []
    for i in range(draw(st.integers(quotes_low, quotes_high))):
        # Direct and partial quote_list always have a speaker (rule NS402).
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
            high = min(via_high, len(relays))
            if high > 0:
                chain = draw(st.permutations(relays))[: draw(st.integers(via_low, high))]
                if chain:
                    quote["via"] = chain
            if event_list and _coin(draw):
                quote["event"] = draw(st.sampled_from([e["id"] for e in event_list]))
        if insertions:
            quote["insertions"] = insertions
        body.add(". ")
        quote_list.append(quote)

    # Schema 1.1: "A said that B believes X": B's indirect quote lies within A's.
    if v11 and speakers and _coin(draw):
        outer_id, inner_id = f"q{len(quote_list)}", f"q{len(quote_list) + 1}"
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
        quote_list.append(
            {
                "id": outer_id,
                "kind": "indirect",
                "span": outer,
                "speaker": draw(st.sampled_from(speakers)),
                "cue": outer_cue,
                "attribution": "speech",
            }
        )
        quote_list.append(
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
    for quote in quote_list:
        quote["text"] = text[quote["span"]["start"] : quote["span"]["end"]]

    article: dict[str, Any] = {
        "id": draw(st.from_regex(r"\A[a-z][a-z0-9_-]{0,15}\Z")),
        "headline": draw(names()),
        "body": text,
        "language": draw(st.sampled_from(language_choices)),
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
        "events": event_list,
        "quotes": quote_list,
    }


def documents(
    *,
    max_entities: int = 6,
    quotes: int | tuple[int, int] = (0, 4),
    via: int | tuple[int, int] = (0, 2),
    events: int | tuple[int, int] = (0, 3),
    languages: Sequence[str] | None = None,
    schema_version: SchemaVersion = "1.0",
) -> st.SearchStrategy[Document]:
    """Generate valid :class:`~newsschema.models.Document` instances.

    The parameters are those of :func:`document_dicts`.

    Raises:
        ValueError: a count range is impossible or ``languages`` is empty (raised at once).
    """
    for name, value in (("quotes", quotes), ("via", via), ("events", events)):
        _bounds(name, value)
    if languages is not None and not languages:
        raise ValueError("languages must name at least one language tag")
    return document_dicts(
        max_entities=max_entities,
        quotes=quotes,
        via=via,
        events=events,
        languages=languages,
        schema_version=schema_version,
    ).map(Document.model_validate)


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return apply


def _drop_language(doc: dict[str, Any]) -> None:
    del doc["article"]["language"]


def _add_entity(**fields: Any) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        body_length = len(doc["article"]["body"])
        mention = fields.get("mention", {"start": 0, "end": 1})
        if mention == "past-end":
            mention = {"start": 0, "end": body_length + 1}
        entity = {"id": fields.get("id", "zz_extra"), "kind": "other", "name": "x"}
        entity["mentions"] = [mention]
        doc["entities"].append(entity)

    return apply


def _duplicate_entity(doc: dict[str, Any]) -> None:
    for _ in range(2):
        doc["entities"].append({"id": "zz_twice", "kind": "other", "name": "x"})


def _modified_before_published(doc: dict[str, Any]) -> None:
    doc["article"]["date_published"] = "2022-01-13T12:00:00Z"
    doc["article"]["date_modified"] = "2022-01-12T12:00:00Z"


def _reversed_event_date(doc: dict[str, Any]) -> None:
    doc["events"].append(
        {
            "id": "zz_event",
            "kind": "meeting",
            "name": "x",
            "realis": "planned",
            "date": {"start": "2099-01-10", "end": "2099-01-09"},
        }
    )


# Each mutation breaks one thing and names the code every validator run must report for it
# (other findings may come with it, e.g. a mention warning beside an out-of-body span).
_MUTATIONS: tuple[tuple[str, str, Callable[[dict[str, Any]], None]], ...] = (
    ("NS020", "unknown field article.nmae", _set(("article", "nmae"), "x")),
    ("NS021", "article.language missing", _drop_language),
    ("NS022", "article.language is a number", _set(("article", "language"), 12)),
    ("NS022", "a span offset is text", _add_entity(mention={"start": "0", "end": 1})),
    (
        "NS023",
        "timestamp without offset",
        _set(("article", "date_published"), "2022-01-13T10:00:00"),
    ),
    (
        "NS023",
        "calendar date that does not exist",
        _set(("article", "date_published"), "2022-02-30T10:00:00Z"),
    ),
    ("NS101", "mention past the end of the body", _add_entity(mention="past-end")),
    ("NS102", "reversed mention span", _add_entity(mention={"start": 1, "end": 0})),
    ("NS107", "wrong body checksum", _set(("article", "text_sha256"), "0" * 64)),
    ("NS201", "two entities with one id", _duplicate_entity),
    ("NS202", "publisher id that nothing has", _set(("article", "publisher"), "zz_nobody")),
    ("NS303", "event date ends before it starts", _reversed_event_date),
    ("NS304", "modified before published", _modified_before_published),
)

INVALID_CODES = frozenset(code for code, _, _ in _MUTATIONS)
"""The codes :func:`invalid_documents` can pair its examples with."""


def invalid_documents(
    *, codes: Sequence[str] | None = None
) -> st.SearchStrategy[tuple[dict[str, Any], str]]:
    """Generate ``(document_json, code)``: a broken document and the code it must produce.

    Each example is a valid generated document with one defect applied (an unknown field, a
    wrong type, a span past the body, an unknown id, dates out of order, ...). Validating it,
    from JSON text or from the dict, must report ``code`` (perhaps with other findings) and
    must never raise.

    Args:
        codes: Only these codes (a subset of :data:`INVALID_CODES`); all of them by default.

    Raises:
        ValueError: ``codes`` names a code this strategy cannot produce.
    """
    wanted = INVALID_CODES if codes is None else frozenset(codes)
    if not wanted or not wanted <= INVALID_CODES:
        raise ValueError(f"codes must be a non-empty subset of {sorted(INVALID_CODES)}")
    mutations = [(code, mutate) for code, _, mutate in _MUTATIONS if code in wanted]
    return st.tuples(
        st.sampled_from(mutations), document_dicts(max_entities=3, quotes=(0, 2), events=(0, 2))
    ).map(_broken)


def _broken(
    drawn: tuple[tuple[str, Callable[[dict[str, Any]], None]], dict[str, Any]],
) -> tuple[dict[str, Any], str]:
    (code, mutate), document = drawn
    mutate(document)
    return document, code
