"""Rules for what schema 1.1 adds: nesting, interruptions, cues, mention forms, shifted spans."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

import newsschema
from newsschema.findings import Finding
from newsschema.formats.canonical import to_canonical_dict
from newsschema.models import Document

from ._docs import BODY, good_document, span


def findings(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Validate a document dict and return (code, pointer) of every finding."""
    return [(f.code, f.pointer) for f in newsschema.validate(orjson.dumps(doc)).findings]


def messages(doc: dict[str, Any], code: str) -> list[str]:
    """Return the messages of the findings with ``code``."""
    report = newsschema.validate(orjson.dumps(doc))
    return [f.message for f in report.findings if f.code == code]


def v11() -> dict[str, Any]:
    """The clean example document, declared as schema 1.1."""
    doc = good_document()
    doc["schema_version"] = "1.1"
    return doc


def with_body(doc: dict[str, Any], body: str, name: str = "Lavrov") -> dict[str, Any]:
    """Replace the body (and its hash); drop annotations that pointed into the old one."""
    doc["article"]["body"] = body
    doc["article"]["text_sha256"] = hashlib.sha256(body.encode()).hexdigest()
    doc["events"] = []
    doc["entities"] = [e for e in doc["entities"] if e["id"] in ("e_lavrov", "e_ria")]
    doc["entities"][0]["mentions"] = [span(name, 0, body)]
    doc["entities"][1]["mentions"] = []
    doc["quotes"] = []
    return doc


def test_pronoun_and_nominal_mentions_are_not_aliases() -> None:
    """NS104 skips mentions whose form is pronoun or nominal, and still checks name mentions."""
    doc = v11()
    lavrov = doc["entities"][0]
    # "We" in the quote, annotated as a pronoun mention (any text: it is not a name).
    lavrov["mentions"].append({**span("We"), "form": "pronoun"})
    lavrov["mentions"].append({**span("officials"), "form": "nominal"})
    assert findings(doc) == []
    lavrov["mentions"].append({**span("Geneva"), "form": "name"})
    assert findings(doc) == [("NS104", "/entities/0/mentions/4")]


def test_unannotated_mention_advice_names_the_form() -> None:
    """An NS104 finding on a mention without a form suggests setting the form, not only an alias."""
    doc = v11()
    doc["entities"][0]["mentions"].append(span("Geneva"))
    (message,) = messages(doc, "NS104")
    assert "nominal, pronoun" in message and "aliases" in message


def test_shifted_mention_says_where_the_name_is() -> None:
    """NS104 on a mention two code points to the left of the name gives the name's span."""
    doc = v11()
    right = span("NATO")
    doc["entities"][1]["mentions"] = [{"start": right["start"] - 2, "end": right["end"] - 2}]
    (message,) = messages(doc, "NS104")
    assert message.endswith(f"found 2 code points to the right: [{right['start']}, {right['end']})")


def test_shifted_quote_says_where_the_text_is() -> None:
    """NS103 on a quote span one code point off gives the span where its text stands."""
    doc = v11()
    quote = doc["quotes"][0]
    good = quote["span"]
    quote["span"] = {"start": good["start"] + 1, "end": good["end"] + 1}
    (message,) = messages(doc, "NS103")
    assert message.endswith(f"found 1 code point to the left: [{good['start']}, {good['end']})")


def test_far_shift_gives_no_hint() -> None:
    """No hint is given when the text is more than three code points away."""
    doc = v11()
    quote = doc["quotes"][0]
    quote["span"] = {"start": quote["span"]["start"] + 4, "end": quote["span"]["end"] + 4}
    (message,) = messages(doc, "NS103")
    assert "found" not in message


def test_same_content_from_different_speakers_is_accepted() -> None:
    """NS105 accepts one span attributed to two different speakers, not to the same one twice."""
    doc = v11()
    second = {**doc["quotes"][0], "id": "q2", "speaker": "e_nato"}
    second.pop("via")
    doc["quotes"].append(second)
    assert findings(doc) == []
    second["speaker"] = "e_lavrov"
    assert findings(doc) == [("NS105", "/quotes/1/span")]


def test_same_content_without_a_speaker_still_conflicts() -> None:
    """Two quotes with one span conflict when either has no speaker (sources cannot differ)."""
    doc = v11()
    doc["quotes"].append({**doc["quotes"][0], "id": "q2", "kind": "mixed", "speaker": None})
    assert ("NS105", "/quotes/1/span") in findings(doc)


def test_within_must_name_a_quote() -> None:
    """within that names nothing is NS202; within that names an entity is NS203."""
    doc = v11()
    doc["quotes"][0]["within"] = "q9"
    assert findings(doc) == [("NS202", "/quotes/0/within")]
    doc["quotes"][0]["within"] = "e_nato"
    assert findings(doc) == [("NS203", "/quotes/0/within")]
    assert "not a quote" in messages(doc, "NS203")[0]


def test_person_in_via_is_an_error_that_points_to_within() -> None:
    """A person in via is NS203 and the message says to use within; an outlet is fine."""
    doc = v11()
    doc["quotes"][0]["via"] = ["e_ria"]
    assert findings(doc) == []
    doc["entities"].append({"id": "e_aide", "kind": "person", "name": "an aide", "anonymous": True})
    doc["quotes"][0]["via"] = ["e_aide"]
    assert ("NS203", "/quotes/0/via/0") in findings(doc)
    assert "within" in messages(doc, "NS203")[0]
    doc["quotes"][0]["via"] = ["e_geneva"]
    assert ("NS203", "/quotes/0/via/0") in findings(doc)


def test_within_cycle_is_reported_at_every_member() -> None:
    """NS406 flags each quote of a two-quote within cycle, and no quote of a plain chain."""
    doc = v11()
    second = {**doc["quotes"][0], "id": "q2", "speaker": "e_nato", "within": "q1"}
    second.pop("via")
    doc["quotes"].append(second)
    assert findings(doc) == []  # a chain q2 -> q1 ends at an outermost quote
    doc["quotes"][0]["within"] = "q2"
    assert findings(doc) == [("NS406", "/quotes/0/within"), ("NS406", "/quotes/1/within")]


def test_nested_quote_inside_its_enclosing_quote() -> None:
    """NS407 accepts a nested quote inside the enclosing span and flags one outside it."""
    body = "Officials said Lavrov believes the talks will fail. Lavrov said nothing."
    doc = with_body(v11(), body)
    doc["entities"].append(
        {
            "id": "e_officials",
            "kind": "group",
            "name": "Officials",
            "anonymous": True,
            "mentions": [span("Officials", 0, body)],
        }
    )
    outer = "Lavrov believes the talks will fail"
    inner = "the talks will fail"
    doc["quotes"] = [
        {
            "id": "q_outer",
            "kind": "indirect",
            "text": outer,
            "span": span(outer, 0, body),
            "speaker": "e_officials",
            "cue": span("said", 0, body),
            "attribution": "speech",
        },
        {
            "id": "q_inner",
            "kind": "indirect",
            "text": inner,
            "span": span(inner, 0, body),
            "speaker": "e_lavrov",
            "cue": span("believes", 0, body),
            "attribution": "belief",
            "within": "q_outer",
        },
    ]
    assert findings(doc) == []
    doc["quotes"][1].update(text="nothing", span=span("nothing", 0, body))
    assert findings(doc) == [("NS407", "/quotes/1/span")]


def split_quote_doc() -> dict[str, Any]:
    """A quote split around its attribution clause: “We will,” Lavrov said, “win.”"""
    body = "“We will,” Lavrov said, “win.” It was Jan. 13."
    doc = with_body(v11(), body)
    whole = "We will,” Lavrov said, “win."
    doc["quotes"] = [
        {
            "id": "q1",
            "kind": "direct",
            "text": whole,
            "span": span(whole, 0, body),
            "speaker": "e_lavrov",
            "cue": span("said", 0, body),
            "attribution": "speech",
            "interruptions": [span("” Lavrov said, “", 0, body)],
        }
    ]
    return doc


def test_split_quote_with_cue_in_its_interruption_is_clean() -> None:
    """A cue inside the interruption of a split quote is not inside the quote's own words."""
    assert findings(split_quote_doc()) == []


def test_cue_inside_the_quote_words_is_flagged() -> None:
    """NS409 flags a cue in the source's words (the span minus its interruptions)."""
    doc = split_quote_doc()
    doc["quotes"][0]["cue"] = span("will", 0, doc["article"]["body"])
    assert findings(doc) == [("NS409", "/quotes/0/cue")]
    doc["quotes"][0]["interruptions"] = []
    doc["quotes"][0]["cue"] = span("said", 0, doc["article"]["body"])
    assert findings(doc) == [("NS409", "/quotes/0/cue")]


def test_interruption_outside_or_on_an_insertion_is_flagged() -> None:
    """NS408 flags an interruption outside the span and one that overlaps an insertion."""
    doc = split_quote_doc()
    body = doc["article"]["body"]
    quote = doc["quotes"][0]
    quote["insertions"] = [span("Lavrov", 0, body)]
    assert findings(doc) == [("NS408", "/quotes/0/interruptions/0")]
    quote["insertions"] = []
    quote["interruptions"] = [span("Jan", 0, body)]
    assert ("NS408", "/quotes/0/interruptions/0") in findings(doc)


def test_interruptions_are_spans_like_any_other() -> None:
    """An interruption past the end of the body is NS101 at its own pointer."""
    doc = split_quote_doc()
    doc["quotes"][0]["interruptions"] = [{"start": 5, "end": 500}]
    assert ("NS101", "/quotes/0/interruptions/0") in findings(doc)


def test_older_newswire_marks_and_a_dash_before_the_close() -> None:
    """NS401 accepts ``...'' quotes and a quote broken off with a dash before its closing mark."""
    body = "``We will --'' Lavrov said. ``Fine,'' RIA Novosti wrote."
    doc = with_body(v11(), body)
    doc["entities"][1]["mentions"] = [span("RIA Novosti", 0, body)]
    doc["quotes"] = [
        {
            "id": "q1",
            "kind": "direct",
            "text": "We will",
            "span": span("We will", 0, body),
            "speaker": "e_lavrov",
            "cue": span("said", 0, body),
        },
        {
            "id": "q2",
            "kind": "direct",
            "text": "Fine",
            "span": span("Fine", 0, body),
            "speaker": "e_ria",
            "cue": span("wrote", 0, body),
        },
    ]
    assert findings(doc) == []
    doc["article"]["body"] = body.replace("``We", "We")
    doc["article"]["text_sha256"] = hashlib.sha256(doc["article"]["body"].encode()).hexdigest()
    for quote in doc["quotes"]:
        quote["span"] = {"start": quote["span"]["start"] - 2, "end": quote["span"]["end"] - 2}
        quote["cue"] = {"start": quote["cue"]["start"] - 2, "end": quote["cue"]["end"] - 2}
    doc["entities"][0]["mentions"] = [span("Lavrov", 0, doc["article"]["body"])]
    doc["entities"][1]["mentions"] = [span("RIA Novosti", 0, doc["article"]["body"])]
    assert findings(doc) == [("NS401", "/quotes/0/span")]


def test_missing_headline_is_a_warning() -> None:
    """NS503 warns when a 1.1 article has no headline; the document stays valid."""
    doc = v11()
    del doc["article"]["headline"]
    report = newsschema.validate(orjson.dumps(doc))
    assert [(f.code, f.severity.value) for f in report.findings] == [("NS503", "warning")]
    assert report.valid


def test_1_0_document_using_1_1_is_flagged_once() -> None:
    """NS601: a document declared 1.0 that uses 1.1 gets one finding naming where."""
    doc = good_document()
    assert findings(doc) == []
    doc["quotes"][0]["attribution"] = "speech"
    doc["entities"][0]["anonymous"] = True
    doc["entities"][0]["mentions"][1]["form"] = "name"
    doc["article"]["image"] = ["https://news.example/a.jpg"]
    (message,) = messages(doc, "NS601")
    shown = "/article/image, /entities/0/anonymous, /entities/0/mentions/1/form and 1 more"
    assert shown in message
    doc["schema_version"] = "1.1"
    assert findings(doc) == []


def test_1_0_document_writes_back_without_1_1_keys() -> None:
    """A 1.0 document's canonical JSON carries no 1.1 key (they are left out at their defaults)."""
    out = to_canonical_dict(Document.model_validate(good_document()))
    assert "image" not in out["article"] and "headline" in out["article"]
    for entity in out["entities"]:
        assert not {"anonymous", "url", "image"} & set(entity)
        assert all(set(mention) == {"start", "end"} for mention in entity["mentions"])
    for quote in out["quotes"]:
        assert not {"attribution", "interruptions", "within"} & set(quote)
    assert findings(out) == []


def test_finding_type_is_unchanged() -> None:
    """Rules for 1.1 report ordinary findings with a pointer into the document."""
    doc = v11()
    doc["quotes"][0]["within"] = "q1"
    (finding,) = newsschema.validate(orjson.dumps(doc)).findings
    assert isinstance(finding, Finding) and finding.pointer == "/quotes/0/within"
    assert BODY in doc["article"]["body"]


def test_cue_in_a_script_without_spaces_is_on_a_word_boundary() -> None:
    """NS409 does not ask for spaces around a cue in Chinese, where words are not spaced."""
    body = "拉夫罗夫说：“我们会赢。”"
    doc = with_body(v11(), body, "拉夫罗夫")
    doc["entities"][0].update(name="拉夫罗夫", aliases=[])
    doc["article"]["language"] = "zh"
    doc["quotes"] = [
        {
            "id": "q1",
            "kind": "direct",
            "text": "我们会赢。",
            "span": span("我们会赢。", 0, body),
            "speaker": "e_lavrov",
            "cue": span("说", 0, body),
        }
    ]
    assert findings(doc) == []
