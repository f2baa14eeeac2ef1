"""brat: attribution folders with several annotators, hand-written standoff, located errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsschema.formats import get_bundle_exporter, get_importer
from newsschema.formats._standoff import Standoff
from newsschema.formats.tools.brat import parse_ann
from newsschema.validation import validate_document

# Written for these tests (no corpus text): two short news items.
TEXTS = {
    "budget": "“We will not sign this budget,” the finance minister said on Monday. "
    "Officials believe the talks “are over”, a source told 🇪🇺 reporters.\r\n"
    "“The deal,” she added, “is dead.”\r\n",
    "port": "Dock workers said the port would reopen 😀 next week. The mayor, "
    "according to aides, thinks that the strike “cannot last”.\n",
}


def _span(text: str, piece: str, occurrence: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(piece, at + 1)
    return at, at + len(piece)


def _t(number: int, label: str, text: str, piece: str, occurrence: int = 0) -> str:
    start, end = _span(text, piece, occurrence)
    return f"T{number}\t{label} {start} {end}\t{piece}"


def _write_corpus(root: Path) -> dict[str, list[tuple[str, tuple[tuple[int, int], ...]]]]:
    """Write the folder; return, per .ann stem, the labelled spans it holds."""
    budget, port = TEXTS["budget"], TEXTS["port"]
    root.mkdir()
    (root / "budget.txt").write_bytes(budget.encode("utf-8"))
    (root / "port.txt").write_bytes(port.encode("utf-8"))
    deal_1 = _span(budget, "The deal")
    deal_2 = _span(budget, "is dead.")
    files = {
        "budget.ann": [
            _t(1, "Source", budget, "the finance minister"),
            _t(2, "Cue", budget, "said"),
            _t(3, "Content", budget, "We will not sign this budget"),
            "E1\tAttribution:T2 Source:T1 Content:T3",
            _t(4, "Source", budget, "Officials"),
            _t(5, "Cue", budget, "believe"),
            _t(6, "Content", budget, "the talks “are over”"),
            "E2\tAttribution:T5 Source:T4 Content:T6",
            "A1\tType E2 Belief",
            _t(7, "Source", budget, "a source"),
            "A2\tAnonymous T7",
            _t(8, "Cue", budget, "told"),
            _t(9, "Content", budget, "Officials believe the talks “are over”"),
            "E3\tAttribution:T8 Source:T7 Content:T9",
            _t(10, "Source", budget, "she"),
            _t(11, "Cue", budget, "added"),
            f"T12\tContent {deal_1[0]} {deal_1[1]};{deal_2[0]} {deal_2[1]}\tThe deal is dead.",
            "E4\tAttribution:T11 Source:T10 Content:T12",
            "#1\tAnnotatorNotes T12\tinterrupted quote",
        ],
        "budget.ann2.ann": [
            _t(1, "Source", budget, "the finance minister"),
            _t(2, "Cue", budget, "said"),
            _t(3, "Content", budget, "We will not sign this budget"),
            "R1\tSource Arg1:T3 Arg2:T1",
            "R2\tCue Arg1:T3 Arg2:T2",
        ],
        "port.ann": [
            _t(1, "Source", port, "Dock workers"),
            _t(2, "Cue", port, "said"),
            _t(3, "Content", port, "the port would reopen 😀 next week"),
            "E1\tAttribution:T2 Source:T1 Content:T3",
            _t(4, "Source", port, "The mayor"),
            _t(5, "Cue", port, "thinks"),
            _t(6, "Content", port, "the strike “cannot last”"),
            "E2\tAttribution:T5 Source:T4 Content:T6",
            "A1\tType E2 Belief",
            "N1\tReference T4 Wikidata:Q30185\tmayor",
        ],
    }
    expected = {}
    for name, lines in files.items():
        (root / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        so = Standoff(text="", name=name)
        parse_ann("\n".join(lines), so)
        expected[name[: -len(".ann")]] = sorted((s.label, s.fragments) for s in so.spans)
    return expected


OPTIONS = {"labels": "attribution", "set": ["article.language=en"]}


def test_attribution_folder_imports_every_attribution(tmp_path: Path) -> None:
    """Every Attribution is a quote with its cue and source; each annotator is one document."""
    _write_corpus(tmp_path / "corpus")
    loaded = list(get_importer("brat").read(tmp_path / "corpus", OPTIONS))
    documents = {one.document.article.id: one.document for one in loaded if one.document}
    assert sorted(documents) == ["budget", "budget.ann2", "port"]
    budget = documents["budget"]
    assert len(budget.quotes) == 4
    for quote in budget.quotes:
        assert quote.speaker is not None and quote.cue is not None
        assert budget.text(quote.cue) in ("said", "believe", "told", "added")
    by_text = {q.text: q for q in budget.quotes}
    belief = by_text["the talks “are over”"]
    assert belief.attribution == "belief"
    assert belief.kind == "mixed"
    outer = by_text["Officials believe the talks “are over”"]
    assert belief.within == outer.id
    assert budget.entity(outer.speaker or "").anonymous is True
    deal = next(q for q in budget.quotes if q.text.startswith("The deal"))
    assert [budget.text(s) for s in deal.interruptions] == [",” she added, “"]
    assert deal.kind == "direct"
    assert by_text["We will not sign this budget"].kind == "direct"
    port = documents["port"]
    mayor = port.speaker(port.quotes[1])
    assert mayor is not None and mayor.same_as == ("https://www.wikidata.org/wiki/Q30185",)
    for document in documents.values():
        assert [f for f in validate_document(document) if f.is_error] == []


def test_attribution_folder_exports_back_with_same_spans(tmp_path: Path) -> None:
    """Importing then exporting under the attribution labels keeps every span and label."""
    expected = _write_corpus(tmp_path / "corpus")
    documents = [one.document for one in get_importer("brat").read(tmp_path / "corpus", OPTIONS)]
    assert all(documents)
    bundle = get_bundle_exporter("brat")
    bundle.write(documents, tmp_path / "out", {"labels": "attribution"})  # type: ignore[arg-type]
    for stem, spans in expected.items():
        so = Standoff(text="", name=stem)
        parse_ann((tmp_path / "out" / f"{stem}.ann").read_text("utf-8"), so)
        assert sorted((s.label, s.fragments) for s in so.spans) == spans
        assert (tmp_path / "out" / f"{stem}.txt").read_bytes() == (
            tmp_path / "corpus" / f"{stem.split('.')[0]}.txt"
        ).read_bytes()


def test_annotator_option_selects_one_annotator(tmp_path: Path) -> None:
    """brat.annotator keeps only that annotator's NAME.ANNOTATOR.ann files."""
    _write_corpus(tmp_path / "corpus")
    options = {**OPTIONS, "set": ["article.language=en", "brat.annotator=ann2"]}
    loaded = list(get_importer("brat").read(tmp_path / "corpus", options))
    assert [one.document.article.id for one in loaded if one.document] == ["budget.ann2"]


def test_cli_converts_the_attribution_folder(tmp_path: Path) -> None:
    """newsschema convert --from brat --labels attribution --set ... exits 0 and writes JSON."""
    _write_corpus(tmp_path / "corpus")
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "convert", str(tmp_path / "corpus"), "--from",
         "brat", "--labels", "attribution", "--set", "article.language=en", "--to", "jsonl",
         "-o", str(tmp_path / "out.jsonl")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len((tmp_path / "out.jsonl").read_text("utf-8").splitlines()) == 3
    assert "NS087" in result.stderr  # kinds were inferred, and it says so


def test_missing_language_names_the_option(tmp_path: Path) -> None:
    """Without a language the error says which --set option to give, and nothing is written."""
    _write_corpus(tmp_path / "corpus")
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", "convert", str(tmp_path / "corpus"), "--from",
         "brat", "--labels", "attribution", "--to", "jsonl", "-o", str(tmp_path / "out.jsonl")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "NS083" in result.stderr and "--set article.language=" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("T1\tQuote 1 x\tWe", "expected T<n>"),
        ("R1\tSpeaker Arg1:T1", "two arguments"),
        ("Q1\tWhat", "unknown annotation id"),
        ("E1\tAttribution:T1 Source", "is not ROLE:ID"),
    ],
)
def test_malformed_ann_line_is_located(tmp_path: Path, line: str, message: str) -> None:
    """A malformed .ann line is NS080 with its file and line number."""
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Hello world", encoding="utf-8")
    (root / "a.ann").write_text(f"T9\tQuote 0 5\tHello\n{line}\n", encoding="utf-8")
    [loaded] = get_importer("brat").read(root, OPTIONS)
    [finding] = loaded.findings
    assert (finding.code, finding.line) == ("NS080", 2)
    assert finding.file is not None and finding.file.endswith("a.ann")
    assert message in finding.message


def test_utf16_offsets_are_detected_and_converted(tmp_path: Path) -> None:
    """Offsets written in UTF-16 units are found from the stored texts, converted, and reported."""
    text = "😀😀 Lavrov said “we met”."
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text(text, encoding="utf-8")
    # UTF-16: each emoji counts two units.
    (root / "a.ann").write_text(
        "T1\tSource 5 11\tLavrov\nT2\tCue 12 16\tsaid\nT3\tContent 18 24\twe met\n"
        "R1\tSource Arg1:T3 Arg2:T1\nR2\tCue Arg1:T3 Arg2:T2\n",
        encoding="utf-8",
    )
    [loaded] = get_importer("brat").read(root, OPTIONS)
    assert loaded.document is not None
    assert loaded.document.quotes[0].text == "we met"
    [warning] = [f for f in loaded.findings if f.code == "NS081"]
    assert "UTF-16" in warning.message and "converted" in warning.message


def test_no_unit_matching_is_a_located_error(tmp_path: Path) -> None:
    """When no unit makes the stored texts match, NS082 names the annotation and its line."""
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("😀 Hello world", encoding="utf-8")
    (root / "a.ann").write_text("T1\tContent 2 7\tHello\nT2\tCue 8 13\tplanet\n", "utf-8")
    [loaded] = get_importer("brat").read(root, OPTIONS)
    assert loaded.document is None
    [error] = loaded.findings
    assert (error.code, error.line) == ("NS082", 2)
    assert "T2" in error.message


def test_unmapped_label_is_reported_not_silent(tmp_path: Path) -> None:
    """A label outside the mapping is left out with an NS084 warning naming it."""
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Hello world", encoding="utf-8")
    (root / "a.ann").write_text("T1\tClaim 0 5\tHello\n", encoding="utf-8")
    [loaded] = get_importer("brat").read(root, OPTIONS)
    assert loaded.document is not None
    assert [f.code for f in loaded.findings] == ["NS084"]
    assert "Claim" in loaded.findings[0].message
