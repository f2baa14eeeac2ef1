"""Agreement that holds up on real annotation studies: fragments, tokens, inferred layers,
speakers by source mention, grouped disagreements, per-document summaries and gold scores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import krippendorff
import pytest
from click.testing import CliRunner

from newsschema.cli import cli
from newsschema.review import agree

from .study_support import doc, person, quote, save, span, study_document


def _agree(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["agree", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_a_discontinuous_quote_is_not_an_exact_match_of_a_continuous_one() -> None:
    """Same outer span, but one quote has an interruption: exact F1 0, overlap F1 1."""
    body = "We will win, he said, and we will."
    outer = span("We will win, he said, and we will", body=body)
    gap = span(", he said, ", body=body)
    with_gap = study_document(
        [{"id": "q1", "kind": "indirect", "span": dict(outer), "interruptions": [gap]}],
        [],
        body=body,
    )
    without = study_document([{"id": "q1", "kind": "indirect", "span": dict(outer)}], [], body=body)
    report = agree({"a": [doc(with_gap)], "b": [doc(without)]}, layers=["quote_spans"])
    (pair,) = report.layers["quote_spans"].pairs
    assert (pair.exact.f1, pair.overlap.f1) == (0.0, 1.0)
    (item,) = report.disagreements
    assert item.kind == "boundary"


def test_token_alpha_equals_the_krippendorff_package_on_the_same_matrix() -> None:
    """Hand-labelled tokens of three annotators: alpha is the package's on that matrix."""
    body = 'Ann said "go now". Bo left.'
    # Tokens: Ann said " go now " . Bo left .
    ann = person("ann", "Ann", "Ann", body=body)
    a = study_document([quote("q1", "go now", "ann", "said", body=body)], [ann], body=body)
    b = study_document(
        [
            quote("q1", "go now", None, "said", body=body),
            quote("q2", "left", "bo", None, body=body),
        ],
        [person("bo", "Bo", "Bo", body=body)],
        body=body,
    )
    c = study_document([quote("q1", "now", "ann", None, body=body)], [ann], body=body)
    report = agree({"a": [doc(a)], "b": [doc(b)], "c": [doc(c)]}, layers=["tokens"], bootstrap=0)
    # source=0 cue=1 content=2 none=3, written out by hand from the annotations above.
    matrix = [
        [0, 1, 3, 2, 2, 3, 3, 3, 3, 3],
        [3, 1, 3, 2, 2, 3, 3, 0, 2, 3],
        [0, 3, 3, 3, 2, 3, 3, 3, 3, 3],
    ]
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    tokens = report.layers["tokens"]
    assert tokens.alpha is not None
    assert tokens.alpha.value == pytest.approx(expected)
    ab = tokens.pairs[0]
    # a marks Ann, said, go, now; b marks said, go, now, Bo, left; both: said, go, now.
    assert ab.annotators == ("a", "b")
    assert ab.exact.f1 == pytest.approx(2 * 3 / (4 + 5))


def _three() -> dict[str, list[Any]]:
    """Three annotators of one article: a and b agree on the speaker, c does not."""
    lee = person("lee", "Lee Park", "Lee Park")
    dana = person("dana", "Dana Cho", "Dana Cho")
    a = study_document(
        [
            quote("q1", "we won the vote", "lee", "said"),
            quote("q2", "the count was late", None, "argued"),
            quote("q3", "Nothing changes", None, None),
        ],
        [lee, dana],
    )
    b = study_document(
        [
            quote("q1", "we won the vote", "lee", "said"),
            quote("q2", "the count was late", None, "argued"),
            quote("q3", "Nothing changes,", None, None),
        ],
        [lee, dana],
    )
    c = study_document([quote("q1", "we won the vote", "dana", "said")], [lee, dana])
    return {"a": [doc(a)], "b": [doc(b)], "c": [doc(c)]}


def test_disagreements_are_grouped_by_place_and_sorted_by_how_many_disagree() -> None:
    """One entry per place with every annotator's answer and the sentence, most disputed first."""
    report = agree(_three(), layers=["quote_spans", "speaker"], bootstrap=0)
    first = report.disagreements[0]
    # "Nothing changes" / "Nothing changes," / not marked: three answers, two differ from any one.
    assert (first.layer, first.kind, first.disagreeing) == ("quote_spans", "missing", 2)
    assert first.marked["c"] is None
    assert first.marked["b"] is not None and first.marked["b"].text == "Nothing changes,"
    speaker = [d for d in report.disagreements if d.layer == "speaker"]
    assert len(speaker) == 1  # not once per pair (a~c and b~c)
    (item,) = speaker
    assert item.kind == "label" and item.disagreeing == 1
    assert item.sentence == 'Lee Park, the mayor, said "we won the vote" on Monday.'
    assert {n: u.label for n, u in item.marked.items() if u} == {
        "a": "lee park",
        "b": "lee park",
        "c": "dana cho",
    }
    counts = [d.disagreeing for d in report.disagreements]
    assert counts == sorted(counts, reverse=True)


def test_documents_are_summarised_worst_first_with_their_worst_layer() -> None:
    """documents[] names each article's least-agreed layer; the disputed article comes first."""
    studies = _three()
    calm = study_document([quote("q1", "we won the vote", None, "said")], [], article="calm")
    for documents in studies.values():
        documents.append(doc(json.loads(json.dumps(calm))))
    report = agree(studies, layers=["quote_spans", "speaker"], bootstrap=0)
    first, second = report.summaries
    assert (first.document, second.document) == ("vote", "calm")
    assert first.worst_layer in ("quote_spans", "speaker")
    assert first.scores[first.worst_layer] == min(v for v in first.scores.values() if v is not None)
    assert second.disagreements == 0 and second.worst_score == 1.0


def test_speakers_whose_source_mentions_overlap_agree_and_boundaries_are_their_own_layer() -> None:
    """ "Lee Park, the mayor," and "Lee Park" are one speaker; source_spans shows the boundary."""
    long = person("p", "Lee Park, the mayor,", "Lee Park, the mayor,")
    short = person("lee", "Lee Park", "Lee Park")
    a = study_document([quote("q1", "we won the vote", "p", "said")], [long])
    b = study_document([quote("q1", "we won the vote", "lee", "said")], [short])
    report = agree({"a": [doc(a)], "b": [doc(b)]}, layers=["speaker", "source_spans"], bootstrap=0)
    assert report.layers["speaker"].pairs[0].exact.f1 == 1.0
    sources = report.layers["source_spans"].pairs[0]
    assert (sources.exact.f1, sources.overlap.f1) == (0.0, 1.0)
    assert [d.kind for d in report.disagreements] == ["boundary"]


def test_inferred_layers_are_marked_and_left_out_of_the_summary() -> None:
    """A layer no annotator set is inferred, and the summary means skip inferred layers."""
    studies = _three()
    report = agree(studies, layers=["quote_spans", "attribution", "speaker"], bootstrap=0)
    assert report.layers["attribution"].inferred is True
    assert "no annotator set it" in str(report.layers["attribution"].inferred_because)
    assert report.layers["quote_spans"].inferred is False
    chosen = [report.layers[n] for n in ("quote_spans", "speaker")]
    expected = sum(la.mean("exact_f1") or 0.0 for la in chosen) / 2
    assert report.summary()["exact_f1"] == pytest.approx(expected)
    assert "attribution" not in report.summaries[0].scores


def _brat_folder(root: Path, name: str, content: tuple[int, int]) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text('Lee said "we won" today. Kim nodded.\n', encoding="utf-8")
    start, end = content
    text = 'Lee said "we won" today. Kim nodded.\n'[start:end]
    (folder / "a.ann").write_text(
        "T1\tSource 0 3\tLee\nT2\tCue 4 8\tsaid\nT4\tAttribution 4 8\tsaid\n"
        f"T3\tContent {start} {end}\t{text}\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8",
    )
    return folder


def test_kinds_an_importer_inferred_make_quote_kind_inferred_in_the_json(tmp_path: Path) -> None:
    """brat without a Kind attribute (NS087): quote_kind is inferred; every layer says."""
    one = _brat_folder(tmp_path, "one", (10, 16))
    two = _brat_folder(tmp_path, "two", (10, 13))
    code, out = _agree(
        str(one), str(two), "--from", "brat", "--labels", "attribution",
        "--set", "article.language=en", "--format", "json", "--bootstrap", "0",
    )  # fmt: skip
    assert code == 0, out
    report = json.loads(out)
    assert report["layers"]["quote_kind"]["inferred"] is True
    assert "NS087" in report["layers"]["quote_kind"]["inferred_because"]
    assert all(isinstance(layer["inferred"], bool) for layer in report["layers"].values())
    assert "quote_kind" in report["summary"]["inferred_layers"]


def _gold_study(tmp_path: Path) -> tuple[Path, Path]:
    gold = study_document(
        [
            quote("q1", "we won the vote", None, "said"),
            quote("q2", "the count was late", None, "argued"),
        ],
        [],
    )
    system = study_document(
        [
            quote("q1", "we won the vote", None, "said"),
            quote("q7", "Nothing changes", None, None),
            quote("q8", "it could be challenged", None, "warned"),
        ],
        [],
    )
    return save(tmp_path / "gold" / "vote.json", gold), save(
        tmp_path / "model" / "vote.json", system
    )


def test_gold_scores_every_other_annotator_against_the_reference(tmp_path: Path) -> None:
    """--gold NAME: precision over the other's units, recall over the gold's, per layer."""
    gold, system = _gold_study(tmp_path)
    code, out = _agree(
        str(gold.parent), str(system.parent), "--gold", "gold", "--format", "json",
        "--layer", "quote_spans", "--layer", "tokens", "--bootstrap", "0",
    )  # fmt: skip
    assert code == 0, out
    report = json.loads(out)
    assert report["gold"] == "gold"
    scores = report["layers"]["quote_spans"]["gold"]["model"]
    # One of the model's three quotes is one of the gold's two.
    assert scores["precision"] == pytest.approx(1 / 3)
    assert scores["recall"] == pytest.approx(1 / 2)
    assert scores["f1"] == pytest.approx(2 / 5)
    assert scores["mode"] == "exact"
    assert "exact.quote" in scores["quote_scores"]["modes"]  # the quote scorer's modes beside
    assert report["layers"]["tokens"]["gold"]["model"]["mode"] == "token"


def test_gold_can_be_a_path_read_as_one_more_input(tmp_path: Path) -> None:
    """--gold PATH adds that folder as the reference, named by its folder name."""
    gold, system = _gold_study(tmp_path)
    other = save(tmp_path / "other" / "vote.json", json.loads(system.read_text()))
    code, out = _agree(
        str(system.parent), str(other.parent), "--gold", str(gold.parent),
        "--format", "json", "--layer", "quote_spans", "--bootstrap", "0",
    )  # fmt: skip
    assert code == 0, out
    report = json.loads(out)
    assert list(report["annotators"]) == ["model", "other", "gold"]
    assert set(report["layers"]["quote_spans"]["gold"]) == {"model", "other"}
    code, out = _agree(str(system.parent), str(other.parent), "--gold", "nobody")
    assert code == 2 and "neither an annotator" in out


def test_text_is_the_format_name_and_table_stays_an_alias(tmp_path: Path) -> None:
    """--format text and --format table print the same report; markdown is a PR comment."""
    gold, system = _gold_study(tmp_path)
    inputs = (str(gold.parent), str(system.parent), "--bootstrap", "0")
    text = _agree(*inputs, "--format", "text")
    assert text == _agree(*inputs, "--format", "table")
    assert text[0] == 0 and "Summary (mean over layers" in text[1]
    code, markdown = _agree(*inputs, "--format", "markdown")
    assert code == 0
    lines = markdown.splitlines()
    assert lines[0] == "### Annotator agreement"
    assert not any(line.lstrip().startswith("- -") for line in lines)
    table = [line for line in lines if line.startswith("| ")]
    assert table and all(line.count("|") == table[0].count("|") for line in table[:5])


def test_body_text_in_markdown_cannot_become_markup() -> None:
    """Annotated text with markdown or HTML characters is escaped in the markdown report."""
    from io import StringIO

    from newsschema.review.agree_reporters import AGREE_REPORTERS

    body = "Ann said <b>*go*</b> | now."
    a = study_document([quote("q1", "<b>*go*</b>", None, None, body=body)], [], body=body)
    b = study_document([], [], body=body)
    report = agree({"a": [doc(a)], "b": [doc(b)]}, layers=["quote_spans"], bootstrap=0)
    out = StringIO()
    AGREE_REPORTERS["markdown"](report, out)
    assert "<b>" not in out.getvalue() and "\\*go\\*" in out.getvalue()
