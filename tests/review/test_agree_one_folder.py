"""``agree`` on one folder of several annotators' brat files (``NAME_ANNOTATOR.ann`` beside a
text folder): grouped by the suffix, paired by article; folders per annotator unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..conftest import invoke
from .review_support import SEED

# Our own two short articles; three annotators mark the same attribution a little differently.
TEXTS = {
    "harbour": 'Mayor Ines Varga said "the harbour reopens in May" on Tuesday. Critics doubted.\n',
    "orchard": 'The grower, Tomas Reyes, warned that frost "could ruin half the crop" this year.\n',
}
# (article, annotator) -> (source, cue, content)
MARKS = {
    ("harbour", "a1"): ("Mayor Ines Varga", "said", "the harbour reopens in May"),
    ("harbour", "b2"): ("Ines Varga", "said", "the harbour reopens in May"),
    ("harbour", "c3"): ("Mayor Ines Varga", "said", "the harbour reopens"),
    ("orchard", "a1"): ("Tomas Reyes", "warned", 'frost "could ruin half the crop"'),
    ("orchard", "b2"): ("Tomas Reyes", "warned", "could ruin half the crop"),
    ("orchard", "c3"): ("Tomas Reyes", "warned", 'frost "could ruin half the crop"'),
}
COMMON = (
    *("--from", "brat", "--labels", "attribution", "--set", "article.language=en"),
    *("--bootstrap", "0", "--format", "json"),
)


def _ann(article: str, annotator: str) -> str:
    text = TEXTS[article]

    def at(fragment: str) -> str:
        start = text.index(fragment)
        return f"{start} {start + len(fragment)}\t{fragment}"

    source, cue, content = MARKS[article, annotator]
    return (
        f"T1\tSource {at(source)}\nT2\tCue {at(cue)}\nT3\tAttribution {at(cue)}\n"
        f"T4\tContent {at(content)}\nE1\tAttribution:T3 Content:T4 Cue:T2 Source:T1\n"
    )


def one_folder(root: Path, separator: str = "_") -> tuple[Path, Path]:
    """attributions/NAME_ANNOTATOR.ann beside text/NAME.txt."""
    annotations, texts = root / "attributions", root / "text"
    annotations.mkdir(parents=True)
    texts.mkdir(parents=True)
    for article, body in TEXTS.items():
        (texts / f"{article}.txt").write_text(body, encoding="utf-8")
    for article, annotator in MARKS:
        name = f"{article}{separator}{annotator}.ann"
        (annotations / name).write_text(_ann(article, annotator), encoding="utf-8")
    return annotations, texts


def per_annotator(root: Path) -> list[Path]:
    """The same study as folders per annotator, each with NAME.txt + NAME.ann pairs."""
    folders = []
    for who in ("a1", "b2", "c3"):
        folder = root / who
        folder.mkdir(parents=True)
        for article, body in TEXTS.items():
            (folder / f"{article}.txt").write_text(body, encoding="utf-8")
            (folder / f"{article}.ann").write_text(_ann(article, who), encoding="utf-8")
        folders.append(folder)
    return folders


def _report(*args: str) -> dict[str, Any]:
    code, out = invoke("agree", *args, *COMMON)
    assert code == 0, out
    report: dict[str, Any] = json.loads(out)
    return report


def _exact(report: dict[str, Any], layer: str) -> dict[str, float]:
    return {"~".join(p["annotators"]): p["exact_f1"] for p in report["layers"][layer]["pairs"]}


def test_one_folder_groups_documents_by_the_annotator_suffix(tmp_path: Path) -> None:
    """NAME_ANNOTATOR.ann files in one folder: three annotators named a1, b2, c3."""
    annotations, texts = one_folder(tmp_path)
    report = _report(str(annotations), str(texts))
    assert sorted(report["annotators"]) == ["a1", "b2", "c3"]
    assert report["articles"] == 2
    assert sorted(d["document"] for d in report["documents"]) == ["harbour", "orchard"]


def test_one_folder_pairs_documents_by_article_not_by_document_id(tmp_path: Path) -> None:
    """Contents equal in one article of two: exact F1 1/2 (a1~b2, a1~c3), 0 for b2~c3."""
    annotations, texts = one_folder(tmp_path)
    report = _report(str(annotations), str(texts), "--layer", "quote_spans")
    # By hand from MARKS: harbour a1 = b2 != c3; orchard a1 = c3 != b2.
    assert _exact(report, "quote_spans") == {"a1~b2": 0.5, "a1~c3": 0.5, "b2~c3": 0.0}
    assert report["missing_documents"] == {"a1": [], "b2": [], "c3": []}
    (a1_b2,) = report["layers"]["quote_spans"]["pairs"][0]["disagreements"]
    assert (a1_b2["document"], a1_b2["a"]["text"]) == ("orchard", MARKS["orchard", "a1"][2])


def test_the_dotted_annotator_suffix_is_grouped_the_same(tmp_path: Path) -> None:
    """NAME.ANNOTATOR.ann names the annotators as NAME_ANNOTATOR.ann does."""
    annotations, texts = one_folder(tmp_path, separator=".")
    report = _report(str(annotations), str(texts), "--layer", "quote_spans")
    assert sorted(report["annotators"]) == ["a1", "b2", "c3"]


def test_one_folder_scores_equal_those_of_folders_per_annotator(tmp_path: Path) -> None:
    """The same marks laid out both ways give the same scores on every layer."""
    annotations, texts = one_folder(tmp_path / "one")
    grouped = _report(str(annotations), str(texts))
    folders = _report(*(str(f) for f in per_annotator(tmp_path / "per")))
    assert list(grouped["annotators"]) == list(folders["annotators"]) == ["a1", "b2", "c3"]
    assert grouped["layers"] == folders["layers"]
    assert grouped["documents"] == folders["documents"]


def test_gold_accepts_an_annotator_suffix_name(tmp_path: Path) -> None:
    """--gold b2 in one folder: a1 and c3 are scored against b2's marks."""
    annotations, texts = one_folder(tmp_path)
    report = _report(str(annotations), str(texts), "--gold", "b2", "--layer", "quote_spans")
    gold = report["layers"]["quote_spans"]["gold"]
    assert sorted(gold) == ["a1", "c3"]
    # a1 has b2's harbour content only; c3 has neither of b2's contents.
    assert (gold["a1"]["precision"], gold["a1"]["recall"]) == (0.5, 0.5)
    assert gold["c3"]["f1"] == 0.0


def test_a_gold_folder_is_matched_by_article_beside_one_folder(tmp_path: Path) -> None:
    """--gold PATH (NAME.txt + NAME.ann) scores every suffix annotator by article."""
    annotations, texts = one_folder(tmp_path / "one")
    (gold_folder, *_) = per_annotator(tmp_path / "gold")  # a1's marks as the reference
    report = _report(str(annotations), str(texts), "--gold", str(gold_folder))
    gold = report["layers"]["quote_spans"]["gold"]
    assert sorted(gold) == ["a1", "b2", "c3"]
    assert gold["a1"]["f1"] == 1.0
    assert gold["b2"]["f1"] == 0.5


def test_gold_naming_no_annotator_is_a_usage_error(tmp_path: Path) -> None:
    """--gold with a name that is neither a suffix nor a path: exit 2, the names listed."""
    annotations, texts = one_folder(tmp_path)
    code, out = invoke("agree", str(annotations), str(texts), *COMMON, "--gold", "zz9")
    assert code == 2
    assert "a1, b2, c3" in out


def test_folders_per_annotator_are_named_by_folder_as_before(tmp_path: Path) -> None:
    """NAME.ann + NAME.txt per folder: one input, one annotator, named by the folder."""
    folders = per_annotator(tmp_path)
    for folder, name in zip(folders, ("ann_x", "ann_y", "ann_z"), strict=True):
        folder.rename(tmp_path / name)
    report = _report(*(str(tmp_path / n) for n in ("ann_x", "ann_y", "ann_z")))
    assert list(report["annotators"]) == ["ann_x", "ann_y", "ann_z"]
    assert _exact(report, "quote_spans") == {
        "ann_x~ann_y": 0.5,
        "ann_x~ann_z": 0.5,
        "ann_y~ann_z": 0.0,
    }


def test_folders_per_annotator_may_take_their_texts_from_a_text_folder(tmp_path: Path) -> None:
    """a1/NAME.ann, b2/NAME.ann with text/NAME.txt: two annotators; text/ is not one."""
    texts = tmp_path / "text"
    texts.mkdir()
    for article, body in TEXTS.items():
        (texts / f"{article}.txt").write_text(body, encoding="utf-8")
    for who in ("a1", "b2"):
        (tmp_path / who).mkdir()
        for article in TEXTS:
            (tmp_path / who / f"{article}.ann").write_text(_ann(article, who), encoding="utf-8")
    report = _report(str(tmp_path / "a1"), str(tmp_path / "b2"), str(texts))
    assert list(report["annotators"]) == ["a1", "b2"]
    assert _exact(report, "quote_spans") == {"a1~b2": 0.5}


def test_one_annotator_in_one_folder_is_refused(tmp_path: Path) -> None:
    """Only a1's files: exit 2, saying agreement needs two or more annotators."""
    annotations, texts = one_folder(tmp_path)
    for path in annotations.iterdir():
        if not path.name.endswith("_a1.ann"):
            path.unlink()
    code, out = invoke("agree", str(annotations), str(texts), *COMMON)
    assert code == 2
    assert "two or more annotators; the inputs have a1" in out


def test_annotators_without_a_shared_article_are_refused(tmp_path: Path) -> None:
    """a1 marked only harbour, b2 only orchard: nothing to compare, exit 2."""
    annotations, texts = one_folder(tmp_path)
    for path in annotations.iterdir():
        if path.name not in ("harbour_a1.ann", "orchard_b2.ann"):
            path.unlink()
    code, out = invoke("agree", str(annotations), str(texts), *COMMON)
    assert code == 2
    assert "no article is annotated by two or more annotators" in out


def test_one_input_may_hold_every_annotator_and_the_texts(tmp_path: Path) -> None:
    """NAME.txt beside NAME_ANNOTATOR.ann in one folder: one input, three annotators."""
    annotations, texts = one_folder(tmp_path)
    for text in texts.iterdir():
        text.rename(annotations / text.name)
    report = _report(str(annotations), "--layer", "quote_spans")
    assert list(report["annotators"]) == ["a1", "b2", "c3"]
    assert _exact(report, "quote_spans") == {"a1~b2": 0.5, "a1~c3": 0.5, "b2~c3": 0.0}


def test_a_single_input_without_annotator_names_is_a_usage_error() -> None:
    """One input of documents that name no annotator: exit 2, two inputs are needed."""
    code, out = invoke("agree", str(SEED))
    assert code == 2
    assert "give two or more annotators' inputs" in out
