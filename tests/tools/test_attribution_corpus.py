"""Attribution corpora as published: separate text / annotation folders, NAME_ANNOTATOR.ann files,
content spans holding their quotation marks, Attribution-no-source events, Content2
continuations, trigger and note labels, raw line breaks in T lines and a metadata table.

The corpus in ``attribution_corpus/`` is written for these tests (no corpus text) in the
layout and conventions of the published attribution corpora.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema.convert import ConvertError, convert
from newsschema.findings import Finding, Severity, aggregated
from newsschema.formats import get_bundle_exporter, get_importer
from newsschema.formats._standoff import Standoff, _one_pair, _unquoted, _with_marks
from newsschema.formats.brat import AnnError, parse_ann
from newsschema.formats.labels import LabelError, load_labels
from newsschema.formats.metadata import MetaError, load_meta, parse_meta_map
from newsschema.loader import Loaded
from newsschema.models import Document
from newsschema.serialize import dumps
from newsschema.validation import validate_document

from .tools_support import tool_documents

CORPUS = Path(__file__).parent / "attribution_corpus"
ANNS = CORPUS / "attributions"
TEXTS = CORPUS / "text"
META_MAP = (
    "filename=name,title=headline,publication_date=date_published,author=authors,"
    "publisher=publisher"
)
OPTIONS = {
    "labels": "attribution",
    "set": ["article.language=en"],
    "companions": (str(ANNS), str(TEXTS)),
}


def _loaded(**extra: object) -> list[Loaded]:
    return list(get_importer("brat").read(ANNS, {**OPTIONS, **extra}))


def _documents(**extra: object) -> dict[str, Document]:
    out = {}
    for loaded in _loaded(**extra):
        assert loaded.document is not None, loaded.findings
        out[loaded.document.article.id] = loaded.document
    return out


def _events(ann: Path) -> list[str]:
    return [line for line in ann.read_text("utf-8").split("\n") if line.startswith("E")]


def _spans(ann: Path) -> dict[str, set[tuple[tuple[int, int], ...]]]:
    """Source / Cue / Content fragments of a .ann file by label (Content2 counts as Content)."""
    out: dict[str, set[tuple[tuple[int, int], ...]]] = {}
    for line in ann.read_text("utf-8").split("\n"):
        fields = line.split("\t")
        if not line.startswith("T") or len(fields) < 2:
            continue
        label, _, where = fields[1].partition(" ")
        label = "Content" if label.startswith("Content") else label
        if label in ("Source", "Cue", "Content"):
            frags = tuple(tuple(int(x) for x in f.split()) for f in where.split(";"))
            out.setdefault(label, set()).add(frags)  # type: ignore[arg-type]
    return out


def test_annotations_pair_with_texts_in_another_folder_by_article_name() -> None:
    """ANN_DIR TEXT_DIR: each NAME_ANNOTATOR.ann finds NAME.txt in the other input."""
    loaded = _loaded()
    assert sorted(one.file or "" for one in loaded) == sorted(
        f"{ANNS}/{p.name}" for p in ANNS.glob("*.ann")
    )
    assert all(one.document is not None for one in loaded), [f for o in loaded for f in o.findings]
    by_id = {one.document.article.id: one for one in loaded if one.document is not None}
    assert set(by_id) == {p.stem for p in ANNS.glob("*.ann")}
    gazette = "gazette_2024-05-02_harbour-plan"
    assert dict(by_id[f"{gazette}_b2"].origin) == {"article": gazette, "annotator": "b2"}
    assert by_id[f"{gazette}_a1"].document.article.body == (  # type: ignore[union-attr]
        (TEXTS / f"{gazette}.txt").read_text("utf-8")
    )


def test_convert_reads_an_annotation_folder_and_a_text_folder(tmp_path: Path) -> None:
    """convert ANN_DIR TEXT_DIR --from brat converts every annotated version, nothing else."""
    result, _ = convert(
        [str(ANNS), str(TEXTS)],
        to="jsonl",
        output=str(tmp_path / "all.jsonl"),
        source_format="brat",
        options=OPTIONS,
    )
    assert result.documents == len(list(ANNS.glob("*.ann")))


def test_one_folder_holding_both_subfolders_pairs_them(tmp_path: Path) -> None:
    """The split folder itself (text/ and attributions/ inside) pairs the same way."""
    result, _ = convert(
        [str(CORPUS)],
        to="jsonl",
        output=str(tmp_path / "all.jsonl"),
        source_format="brat",
        options={"labels": "attribution", "set": ["article.language=en"]},
    )
    assert result.documents == len(list(ANNS.glob("*.ann")))


def test_annotator_option_reads_one_annotators_files() -> None:
    """--set brat.annotator=b2 keeps only the _b2 files of a folder of several annotators."""
    loaded = _loaded(set=["article.language=en", "brat.annotator=b2"])
    assert [one.document.article.id for one in loaded if one.document] == [
        "gazette_2024-05-02_harbour-plan_b2"
    ]


def test_every_attribution_becomes_one_quote_with_its_cue_and_source() -> None:
    """One quote per Attribution / Attribution-no-source event, each with its cue."""
    documents = _documents()
    for stem, document in documents.items():
        events = _events(ANNS / f"{stem}.ann")
        assert len(document.quotes) == len(events)
        assert all(q.cue is not None for q in document.quotes)
        sourced = sum("Source:" in e for e in events)
        assert sum(q.speaker is not None for q in document.quotes) == sourced


def test_attribution_without_source_keeps_its_cue() -> None:
    """An Attribution-no-source event is a quote with a cue and no speaker (not dropped)."""
    document = _documents()["gazette_2024-05-02_harbour-plan_b2"]
    body = document.article.body
    [quote] = [q for q in document.quotes if q.speaker is None]
    assert quote.text == "premature"
    assert quote.cue is not None
    assert body[quote.cue.start : quote.cue.end] == "was described as"


def test_content2_continues_the_same_quote() -> None:
    """Content2 adds fragments to the event's quote; the words between are an interruption."""
    document = _documents()["gazette_2024-05-02_harbour-plan_a1"]
    body = document.article.body
    [quote] = [q for q in document.quotes if "harbour" in q.text]
    assert quote.kind == "direct"
    assert quote.text.endswith("The money is there.")
    [gap] = quote.interruptions
    assert "Mayor Ada Lind said" in body[gap.start : gap.end]


def test_fragments_separated_only_by_white_space_are_one_fragment() -> None:
    """Content fragments with a space between them make one span, no blank interruption."""
    document = _documents()["gazette_2024-05-02_harbour-plan_a1"]
    [quote] = [q for q in document.quotes if q.text.startswith("that costs")]
    assert quote.text == "that costs could double"
    assert quote.interruptions == ()


def test_marks_inside_content_give_direct_or_mixed_and_no_ns401() -> None:
    """Whole content in one pair of marks is direct (span without marks); marks at one end mixed."""
    for document in _documents().values():
        body = document.article.body
        for quote in document.quotes:
            if quote.kind == "direct":
                assert body[quote.span.start - 1] in "“\"'"
                assert body[quote.span.end] in "”\"'"
            if "“" in quote.text and quote.kind != "direct":
                assert quote.kind == "mixed"
        assert not [f for f in validate_document(document) if f.code == "NS401"]
    kinds = Counter(q.kind for d in _documents().values() for q in d.quotes)
    assert kinds["direct"] == 3
    assert kinds["mixed"] == 2


def test_the_corpus_validates_without_errors() -> None:
    """Every rule passes on the imported corpus: conventions are not reported as errors."""
    for document in _documents().values():
        assert [f for f in validate_document(document) if f.is_error] == []


def test_export_back_to_brat_gives_the_source_cue_and_content_spans(tmp_path: Path) -> None:
    """brat under attribution again: every Source, Cue and Content span exactly."""
    documents = _documents()
    get_bundle_exporter("brat").write(documents.values(), tmp_path / "out", OPTIONS)
    for stem in documents:
        assert _spans(tmp_path / "out" / f"{stem}.ann") == _spans(ANNS / f"{stem}.ann")


def test_export_then_import_gives_the_same_documents(tmp_path: Path) -> None:
    """Import, export under attribution, import again: the same canonical documents."""
    documents = _documents()
    get_bundle_exporter("brat").write(documents.values(), tmp_path / "out", OPTIONS)
    again = {
        one.document.article.id: one.document
        for one in get_importer("brat").read(tmp_path / "out", OPTIONS)
        if one.document is not None
    }
    assert set(again) == set(documents)
    for name, document in documents.items():
        assert [(q.kind, q.span, q.cue, q.interruptions) for q in again[name].quotes] == [
            (q.kind, q.span, q.cue, q.interruptions) for q in document.quotes
        ]


def test_raw_line_break_in_a_t_line_continues_its_text_field() -> None:
    """A line that does not start with an id continues the T line before it (NS040 warning)."""
    text = "They said the count\nwas flawed today."
    so = Standoff(text=text, name="a")
    warnings = parse_ann("T1\tContent 10 30\tthe count\nwas flawed\nT2\tCue 5 9\tsaid\n", so)
    assert [w.code for w in warnings] == ["NS040"]
    assert warnings[0].line == 2
    assert so.spans[0].text == "the count\nwas flawed"
    assert [s.id for s in so.spans] == ["T1", "T2"]


def test_an_unknown_id_after_a_t_line_is_still_an_error() -> None:
    """A line shaped like ID<TAB>... is an annotation, never a text continuation."""
    with pytest.raises(AnnError, match="unknown annotation id"):
        parse_ann("T1\tContent 0 2\tab\nQ1\tWhat\n", Standoff(text="ab", name="a"))


def test_trigger_labels_are_silent_and_note_labels_are_counted_once(tmp_path: Path) -> None:
    """Attribution trigger spans give no warning; Discuss / Discard one finding each per run."""
    result, _ = convert(
        [str(ANNS), str(TEXTS)],
        to="jsonl",
        output=str(tmp_path / "all.jsonl"),
        source_format="brat",
        options=OPTIONS,
    )
    left_out = [w for w in result.warnings if w.code == "NS084"]
    assert sorted(w.message.split(";")[0] for w in left_out) == [
        "annotators' note label 'Discard'",
        "annotators' note label 'Discuss'",
    ]
    assert not [w for w in result.warnings if "Attribution" in w.message]


def test_metadata_table_fills_headline_date_authors_and_outlet() -> None:
    """--meta/--meta-map: headline, date, authors (persons) and publisher (an outlet entity)."""
    table = load_meta(CORPUS / "metadata.tsv", parse_meta_map(META_MAP))
    document = _documents(meta=table)["gazette_2024-05-02_harbour-plan_b2"]
    article = document.article
    assert article.headline == "Harbour plan splits the council"
    assert article.date_published is not None
    assert article.date_published.isoformat() == "2024-05-02T00:00:00+00:00"
    assert [document.entity(a).name for a in article.authors] == ["Ruth Mba", "Leo Park"]
    assert article.publisher is not None
    outlet = document.entity(article.publisher)
    assert (outlet.kind, outlet.name) == ("outlet", "gazette")


def test_metadata_lists_unmapped_columns_once_per_run(tmp_path: Path) -> None:
    """Columns the map leaves out are named in one warning for the whole run."""
    result, _ = convert(
        [str(ANNS), str(TEXTS)],
        to="jsonl",
        output=str(tmp_path / "all.jsonl"),
        source_format="brat",
        options={**OPTIONS, "meta": (str(CORPUS / "metadata.tsv"), META_MAP)},
    )
    [unmapped] = [w for w in result.warnings if "not in --meta-map" in w.message]
    assert "compartment, level, annotators" in unmapped.message
    assert "(3 times" in unmapped.message


def test_set_publisher_creates_an_outlet_or_links_the_existing_one() -> None:
    """--set article.publisher=NAME creates an outlet entity; the same name links to it."""
    documents = _documents(set=["article.language=en", "article.publisher=Harbour Times"])
    for document in documents.values():
        assert document.article.publisher is not None
        outlet = document.entity(document.article.publisher)
        assert (outlet.kind, outlet.name) == ("outlet", "Harbour Times")
        assert sum(e.kind == "outlet" for e in document.entities) == 1


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("filename=name,title=subtitle", "FIELD is one of"),
        ("title=headline", "no column is the article name"),
        ("filename=name,title", "expected COLUMN=FIELD"),
        ("filename=name,title=headline,author=headline", "two columns map to headline"),
    ],
)
def test_meta_map_mistakes_are_named(mapping: str, message: str) -> None:
    """A --meta-map that cannot be used says which entry is wrong."""
    with pytest.raises(MetaError, match=message):
        parse_meta_map(mapping)


def test_meta_table_missing_column_is_a_usage_error() -> None:
    """--meta-map naming a column the table lacks exits 2 before any input is read."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsschema",
            "convert",
            str(ANNS),
            str(TEXTS),
            "--from",
            "brat",
            "--to",
            "jsonl",
            "--meta",
            str(CORPUS / "metadata.tsv"),
            "--meta-map",
            "filename=name,headline=headline",
        ],
        capture_output=True,
        text=True,
        timeout=120,  # only stops a hung process
        check=False,
    )
    assert done.returncode == 2
    assert "no column 'headline'" in done.stderr


def test_one_document_to_a_json_name_writes_that_file(tmp_path: Path) -> None:
    """-o NAME.json with exactly one document writes the file NAME.json, not a folder."""
    target = tmp_path / "one.json"
    convert(
        [str(ANNS), str(TEXTS)],
        to="json",
        output=str(target),
        source_format="brat",
        options={**OPTIONS, "set": ["article.language=en", "brat.annotator=b2"]},
    )
    assert target.is_file()
    assert Document.model_validate_json(target.read_bytes()).article.id.endswith("_b2")


def test_several_documents_to_a_json_name_is_a_usage_error(tmp_path: Path) -> None:
    """-o NAME.json with several documents is refused, suggesting a folder or --to jsonl."""
    with pytest.raises(ConvertError, match="--to jsonl") as caught:
        convert(
            [str(ANNS), str(TEXTS)],
            to="json",
            output=str(tmp_path / "all.json"),
            source_format="brat",
            options=OPTIONS,
        )
    assert caught.value.usage
    assert not (tmp_path / "all.json").exists()


def test_aggregated_findings_count_and_name_the_first_places() -> None:
    """The same importer message said many times is one finding with a count and places."""
    same = [
        Finding("NS084", Severity.WARNING, "label 'X'; left out", file=f"f{i}.ann", line=i + 1)
        for i in range(5)
    ]
    other = Finding("NS081", Severity.WARNING, "offsets", file="g.ann")
    [first, second] = aggregated([*same, other])
    assert (
        first.message == "label 'X'; left out (5 times; first at f0.ann:1, f1.ann:2, f2.ann:3, …)"
    )
    assert (first.file, first.line) == ("f0.ann", 1)
    assert second == other


_WORDS = st.text(st.sampled_from("abc ,.'"), min_size=1, max_size=12).filter(
    lambda s: s.strip() and s[0].isalpha() and s[-1].isalpha()
)


@settings(settings.get_profile("cheap"))
@given(
    before=st.text(st.sampled_from("ab ,"), max_size=6),
    words=_WORDS,
    marks=st.sampled_from(["“”", '""', "‘’", "``''", "''''"]),
    after=st.text(st.sampled_from("ab ,."), max_size=6),
)
def test_marks_moved_out_on_import_come_back_on_export(
    before: str, words: str, marks: str, after: str
) -> None:
    """A content that is one quotation loses its marks on import and gets them back on export."""
    half = len(marks) // 2
    text = f"{before} {marks[:half]}{words}{marks[half:]} {after}"
    start = len(before) + 1
    frags = ((start, start + len(marks) + len(words)),)
    inner = _unquoted(text, frags)
    if inner is None:
        # Only a mark of the outer kind inside (not an apostrophe) makes it two quotations.
        assert "'" in words
        assert _one_pair(text, *frags[0]) is None
        return
    assert text[inner[0][0] : inner[0][1]] == words
    assert _with_marks(text, inner) == frags


@settings(settings.get_profile("cheap"))
@given(st.text(st.sampled_from('T1E2\t :;0123456789ContSourceCue\n"“”#*'), max_size=120))
def test_any_ann_text_is_parsed_or_refused_with_a_line(text: str) -> None:
    """Arbitrary .ann text never crashes the parser: annotations, or AnnError with a line."""
    so = Standoff(text="x" * 200, name="a")
    try:
        parse_ann(text, so)
    except AnnError as exc:
        assert exc.line >= 1


def _many(n: int) -> tuple[str, str]:
    """A text of ``n`` quoted sentences and its attribution .ann, each with all the features."""
    sentence = "“We will win,” she said. “Soon.” Aides noted "
    text = sentence * n
    lines = []
    for i in range(n):
        at = i * len(sentence)
        t = 6 * i
        lines += [
            f"T{t + 1}\tContent {at} {at + 14}\t“We will win,”",
            f"T{t + 2}\tSource {at + 15} {at + 18}\tshe",
            f"T{t + 3}\tCue {at + 19} {at + 23}\tsaid",
            f"T{t + 4}\tAttribution {at + 19} {at + 23}\tsaid",
            f"T{t + 5}\tContent {at + 25} {at + 32}\t“Soon.”",
            f"T{t + 6}\tDiscuss {at + 33} {at + 37}\tAide",
            (
                f"E{i + 1}\tAttribution:T{t + 4} Source:T{t + 2} Cue:T{t + 3} "
                f"Content:T{t + 1} Content2:T{t + 5}"
            ),
        ]
    return text, "\n".join(lines) + "\n"


def test_attribution_import_grows_linearly(cpu_growth: Any) -> None:
    """Reading continuations, triggers, notes and marks costs linear time in the events."""
    from newsschema.formats._standoff import to_document
    from newsschema.formats.labels import load_labels

    labels = load_labels("attribution")
    settings = {"article.language": "en"}

    def build(n: int) -> Any:
        text, ann = _many(n)

        def run() -> object:
            so = Standoff(text=text, name="a")
            parse_ann(ann, so)
            return to_document(so, labels, settings)

        return run

    loaded = build(3)()
    assert loaded.document is not None
    assert len(loaded.document.quotes) == 3
    assert cpu_growth(build(150), build(1200)) < 24


def test_metadata_table_fills_canonical_json_documents_too(tmp_path: Path) -> None:
    """--meta applies to every importer: a JSON Lines document is matched on its article id."""
    documents = _documents()
    source = tmp_path / "plain.jsonl"
    gazette = documents["gazette_2024-05-02_harbour-plan_b2"]
    renamed = gazette.model_copy(
        update={
            "article": gazette.article.model_copy(update={"id": "gazette_2024-05-02_harbour-plan"})
        }
    )
    source.write_bytes(dumps(renamed, indent=False) + b"\n")
    result, _ = convert(
        [str(source)],
        to="jsonl",
        output=str(tmp_path / "filled.jsonl"),
        options={"meta": (str(CORPUS / "metadata.tsv"), META_MAP)},
    )
    assert result.documents == 1
    [filled] = [
        Document.model_validate_json(line)
        for line in (tmp_path / "filled.jsonl").read_text("utf-8").splitlines()
    ]
    assert filled.article.headline == "Harbour plan splits the council"
    assert filled.article.publisher is not None
    assert filled.entity(filled.article.publisher).kind == "outlet"
    assert filled.quotes == gazette.quotes


def _through_brat(documents: list[Document], options: dict[str, Any]) -> list[Document]:
    with tempfile.TemporaryDirectory() as tmp:
        get_bundle_exporter("brat").write(documents, Path(tmp) / "out", options)
        loaded = list(get_importer("brat").read(Path(tmp) / "out", options))
    assert all(one.document is not None for one in loaded), [one.findings for one in loaded]
    return [one.document for one in loaded if one.document is not None]


@settings(settings.get_profile("slow"))
@given(document=tool_documents())
def test_attribution_round_trip_is_stable(document: Document) -> None:
    """Under attribution, a second trip through brat gives the quotes of the first back."""
    options: dict[str, Any] = {"labels": "attribution", "set": ["article.language=en"]}
    [once] = _through_brat([document], options)
    [twice] = _through_brat([once], options)

    def quotes(d: Document) -> list[tuple[object, ...]]:
        return [(q.kind, q.span, q.text, q.cue, q.interruptions) for q in d.quotes]

    assert quotes(twice) == quotes(once)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('triggers = "Attribution"', "triggers must be a list"),
        ('notes = ["Discuss", ""]', "a label is not empty"),
        ('notes = ["Dis\\u0000cuss"]', "control, format or line-break"),
        ("marks_in_content = 1", "marks_in_content must be true or false"),
        ('[events.A]\nContent2 = "more"', "continuation"),
    ],
)
def test_label_map_corpus_keys_are_checked(tmp_path: Path, toml: str, message: str) -> None:
    """triggers, notes, marks_in_content and continuation roles refuse what they cannot use."""
    path = tmp_path / "corpus.toml"
    path.write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(LabelError, match=message):
        load_labels(path)
