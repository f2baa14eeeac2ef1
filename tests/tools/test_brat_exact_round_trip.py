"""brat -> model -> brat under the same labels gives the tool's own spans back.

The import normalises (fragments joined over white space, quotation marks moved out of a direct
quote's span, ``Content2`` read as more of one quote, a mention stored as one span) and records
what it changed in ``imported``; the brat export writes the record back while it still agrees
with the canonical spans. The corpus in ``brat_exact/`` is written for these tests.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema.formats import get_bundle_exporter, get_importer
from newsschema.formats._standoff import Standoff, from_document, to_document
from newsschema.formats.brat import dump_ann, parse_ann
from newsschema.formats.labels import load_labels
from newsschema.loader import load_bytes
from newsschema.models import Document
from newsschema.serialize import dumps
from newsschema.validation import validate_document

CORPUS = Path(__file__).parent / "brat_exact"
ANNS = CORPUS / "attributions"
STEM = "ledger_2025-01-15_bridge-tolls_k7"
OPTIONS: dict[str, Any] = {
    "labels": "attribution",
    "set": ["article.language=en"],
    "companions": (str(ANNS), str(CORPUS / "text")),
}
ROLES = ("Source", "Cue", "Content")

Fragments = tuple[tuple[int, int], ...]


def _by_label(ann: str) -> dict[str, Counter[Fragments]]:
    """Every Source / Cue / Content span's fragments (in the file's order), by label."""
    out: dict[str, Counter[Fragments]] = {role: Counter() for role in ROLES}
    for line in ann.split("\n"):
        fields = line.split("\t")
        if not line.startswith("T") or len(fields) < 2:
            continue
        label, _, where = fields[1].partition(" ")
        if label in ROLES:
            out[label][
                tuple((int(a), int(b)) for a, b in (f.split() for f in where.split(";")))
            ] += 1
    return out


def _roles(ann: str) -> Counter[str]:
    """The argument roles of the file's events (``Content2`` and the others), counted."""
    return Counter(
        arg.split(":")[0]
        for line in ann.split("\n")
        if line.startswith("E")
        for arg in line.split("\t")[1].split()[1:]
    )


def _imported() -> Document:
    [loaded] = list(get_importer("brat").read(ANNS, OPTIONS))
    assert loaded.document is not None, loaded.findings
    return loaded.document


def _exported(documents: list[Document], tmp: Path) -> str:
    get_bundle_exporter("brat").write(documents, tmp / "out", OPTIONS)
    return (tmp / "out" / f"{STEM}.ann").read_text("utf-8")


def test_brat_round_trip_gives_the_same_fragments_per_role(tmp_path: Path) -> None:
    """Gaps of a space, a line break or nothing, Content2, a two-fragment and an unused Source."""
    before = (ANNS / f"{STEM}.ann").read_text("utf-8")
    # Through canonical JSON, as `convert --to jsonl` and back would go.
    document = next(load_bytes(dumps(_imported()))).document
    assert document is not None
    after = _exported([document], tmp_path)
    assert _by_label(after) == _by_label(before)
    assert _roles(after) == _roles(before)
    again = list(get_importer("brat").read(tmp_path / "out", OPTIONS))
    [back] = [one.document for one in again if one.document is not None]

    def quotes(d: Document) -> list[tuple[object, ...]]:
        return [(q.kind, q.span, q.cue, q.interruptions, q.imported) for q in d.quotes]

    # Read again, the same canonical quotes with the same records: the next trip is exact too.
    assert quotes(back) == quotes(document)


def test_the_canonical_quotes_stay_normalised() -> None:
    """The record sits beside canonical spans: joined gaps, marks out, Content2 one quote."""
    document = _imported()
    body = document.article.body
    texts = {q.text: q for q in document.quotes}
    assert "that the rise\nhurts commuters most." in texts
    assert texts["that the rise\nhurts commuters most."].interruptions == ()
    [held] = [q for q in document.quotes if q.text.startswith("We held")]
    assert held.kind == "direct"
    assert [body[i.start : i.end] for i in held.interruptions] == ["” Osk told reporters, “"]
    [queues] = [q for q in document.quotes if q.text.startswith("of longer")]
    assert [body[i.start : i.end] for i in queues.interruptions] == [" at "]
    assert [f for f in validate_document(document) if f.is_error] == []
    assert held.imported is not None
    assert [s.role for s in held.imported.spans if s.part == "content"] == ["Content", "Content2"]


def test_an_edited_quote_is_exported_from_its_canonical_span(tmp_path: Path) -> None:
    """A quote whose span changed since the import no longer agrees with its record."""
    document = _imported()
    body = document.article.body
    quotes = []
    start = body.index("hurts commuters")
    for quote in document.quotes:
        if quote.text.startswith("that the rise"):
            span = quote.span.model_copy(update={"start": start})
            quotes.append(quote.model_copy(update={"span": span, "text": body[start : span.end]}))
        else:
            quotes.append(quote)
    edited = document.replace(quotes=quotes)
    after = _by_label(_exported([edited], tmp_path))
    before = _by_label((ANNS / f"{STEM}.ann").read_text("utf-8"))
    new = body.index("hurts commuters")
    assert ((new, new + len("hurts commuters most.")),) in after["Content"]
    assert ((214, 227), (228, 249)) not in after["Content"]
    # The quotes nobody edited still come back exactly.
    assert before["Content"] - after["Content"] == Counter({((214, 227), (228, 249)): 1})


def test_a_record_of_another_tool_or_label_map_is_not_used(tmp_path: Path) -> None:
    """Under the newsschema labels the export writes canonical spans, not the brat record."""
    document = _imported()
    options = {**OPTIONS, "labels": "newsschema"}
    get_bundle_exporter("brat").write([document], tmp_path / "out", options)
    ann = (tmp_path / "out" / f"{STEM}.ann").read_text("utf-8")
    assert "Content" not in ann and "Content2" not in ann
    [loaded] = list(get_importer("brat").read(tmp_path / "out", options))
    assert loaded.document == document


_WORD = st.text(st.sampled_from("abcdefg"), min_size=1, max_size=5)
_GAP = st.sampled_from(["", " ", "\n", "  ", " \n ", " xy ", ", said Ann, "])


@settings(settings.get_profile("cheap"))
@given(
    words=st.lists(_WORD, min_size=2, max_size=6),
    gaps=st.lists(_GAP, min_size=5, max_size=5),
    quoted=st.booleans(),
)
def test_fragment_sets_with_white_space_gaps_round_trip(
    words: list[str], gaps: list[str], quoted: bool
) -> None:
    """Any content fragments (gaps of space, line break, nothing or words) come back exactly."""
    head = "Ann said "
    text, frags = head, []
    for i, word in enumerate(words):
        piece = f"“{word}”" if quoted else word
        frags.append((len(text), len(text) + len(piece)))
        text += piece + (gaps[i] if i < len(words) - 1 else ".")
    where = ";".join(f"{a} {b}" for a, b in frags)
    ann = (
        f"T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsaid\n"
        f"T3\tContent {where}\t{' '.join(text[a:b] for a, b in frags)}\n"
        "E1\tAttribution Source:T1 Cue:T2 Content:T3\n"
    )
    labels = load_labels("attribution")
    so = Standoff(text=text, name="doc", tool="brat")
    parse_ann(ann, so)
    loaded = to_document(so, labels, {"article.language": "en"})
    assert loaded.document is not None, loaded.findings
    # Through canonical JSON, then back to brat.
    document = Document.model_validate(orjson.loads(dumps(loaded.document)))
    out = dump_ann(from_document(document, labels, "brat"))
    assert _by_label(out) == _by_label(ann)


def test_a_record_is_schema_1_1_content() -> None:
    """A document declared 1.0 that holds tool records gets NS601 naming where they are."""
    document = _imported()
    old = Document.model_validate(
        {**document.model_dump(mode="json", exclude_none=True), "schema_version": "1.0"}
    )
    [finding] = [f for f in validate_document(old) if f.code == "NS601"]
    assert "/imported" in finding.message


def test_a_cue_that_no_event_ties_to_a_quote_is_said_to_be_left_out() -> None:
    """An annotator's Cue with no event (its attribution unfinished) is an NS084 warning."""
    text = "Ann said it rains. Bo thinks so."
    ann = (
        "T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsaid\nT3\tContent 9 17\tit rains\n"
        "E1\tAttribution Source:T1 Cue:T2 Content:T3\nT4\tCue 22 28\tthinks\n"
    )
    so = Standoff(text=text, name="doc", tool="brat")
    parse_ann(ann, so)
    loaded = to_document(so, load_labels("attribution"), {"article.language": "en"})
    assert loaded.document is not None
    [left] = [f for f in loaded.findings if f.code == "NS084"]
    assert left.line == 5
    assert "no event or relation ties to a quote" in left.message


_FRAGMENT = st.builds(
    lambda a, b: {"start": a, "end": b},
    st.integers(0, 340),
    st.integers(0, 340),
)


@settings(settings.get_profile("cheap"))
@given(
    spans=st.lists(
        st.fixed_dictionaries(
            {
                "part": st.sampled_from(["content", "cue", "mention"]),
                "label": st.sampled_from(["Content", "Cue", "Source", "Other"]),
                "fragments": st.lists(_FRAGMENT, min_size=1, max_size=3),
            },
            optional={"role": st.sampled_from(["Content", "Content2", "Cue", "Zed"])},
        ),
        min_size=1,
        max_size=4,
    ),
    event=st.sampled_from([None, "Attribution", "Attribution-no-source", "Other"]),
)
def test_any_record_exports_without_crashing(
    spans: list[dict[str, Any]], event: str | None
) -> None:
    """A hand-edited record (any fragments, labels, roles) never breaks the brat export."""
    document = _DOCUMENT
    record: dict[str, Any] = {"tool": "brat", "spans": spans, "event": event}
    first, *rest = document.quotes
    entity, *others = document.entities
    mention = entity.mentions[0].model_copy(update={"imported": None})
    changed = Document.model_validate(
        {
            **document.model_dump(mode="json", exclude_none=True),
            "quotes": [
                {**first.model_dump(mode="json", exclude_none=True), "imported": record},
                *(q.model_dump(mode="json", exclude_none=True) for q in rest),
            ],
            "entities": [
                {
                    **entity.model_dump(mode="json", exclude_none=True),
                    "mentions": [
                        {
                            **mention.model_dump(mode="json", exclude_none=True),
                            "imported": {"tool": "brat", "spans": spans[:1]},
                        }
                    ],
                },
                *(e.model_dump(mode="json", exclude_none=True) for e in others),
            ],
        }
    )
    ann = dump_ann(from_document(changed, load_labels("attribution"), "brat"))
    so = Standoff(text=changed.article.body, name="doc", tool="brat")
    parse_ann(ann, so)
    again = to_document(so, load_labels("attribution"), {"article.language": "en"})
    assert again.document is not None, again.findings
    assert len(again.document.quotes) == len(changed.quotes)


_DOCUMENT = _imported()


def test_an_edited_mention_is_exported_from_its_canonical_span(tmp_path: Path) -> None:
    """A source mention moved since the import is one span; the untouched ones stay exact."""
    document = _imported()
    body = document.article.body
    start = body.index("Mira Osk")
    [source] = [e for e in document.entities if e.mentions[0].start < start < e.mentions[0].end]
    moved = source.model_copy(
        update={"mentions": (source.mentions[0].model_copy(update={"start": start}),)}
    )
    entities = [moved if e is source else e for e in document.entities]
    after = _by_label(_exported([document.replace(entities=entities)], tmp_path))
    before = _by_label((ANNS / f"{STEM}.ann").read_text("utf-8"))
    assert before["Source"] - after["Source"] == Counter({((28, 49), (51, 59)): 1})
    assert after["Source"] - before["Source"] == Counter({((start, start + 8),): 1})
