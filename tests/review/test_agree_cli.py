"""``newsschema agree``: inputs, the JSON contract, CSV, the HTML page in Chromium, options."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from newsschema.cli import cli
from newsschema.formats import IMPORTERS, GivenOptions, ToolReadOptions
from newsschema.formats.canonical import JSON
from newsschema.loader import Loaded
from newsschema.review.layers import LAYERS

from ..conftest import run_python
from ..linked_data.ld_chromium import Chromium, chromium_path
from .review_support import SEED, seed_dict, set_speaker, shift_quote, write

CONTRACT_LAYERS = (
    "entity_mentions",
    "quote_spans",
    "quote_kind",
    "attribution",
    "speaker",
    "cue",
    "events",
    "realis",
    "dates",
)


def _agree(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["agree", *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def annotators(tmp_path: Path) -> list[Path]:
    """Three annotators' folders: alice = seed, bob moved a quote, carol changed a speaker and
    annotated the seed article only (bob and alice also have a second article)."""
    second = seed_dict()
    second["article"]["id"] = "second"
    for name, data in (
        ("alice", seed_dict()),
        ("bob", shift_quote(seed_dict(), 0, 2)),
        ("carol", set_speaker(seed_dict(), 1, "e_stoltenberg")),
    ):
        write(tmp_path / name / "seed.json", data)
        if name != "carol":
            write(tmp_path / name / "second.json", second)
    return [tmp_path / name for name in ("alice", "bob", "carol")]


def test_json_report_has_the_contract_shape(annotators: list[Path]) -> None:
    """The JSON report: layers by contract name, pairs with annotators and F1, alpha, missing."""
    code, out = _agree(*map(str, annotators), "--format", "json", "--bootstrap", "50")
    assert code == 0
    report = json.loads(out)
    assert list(report["annotators"]) == ["alice", "bob", "carol"]
    assert report["missing_documents"] == {"alice": [], "bob": [], "carol": ["second"]}
    assert set(CONTRACT_LAYERS) <= set(report["layers"]) == set(LAYERS)
    for layer in report["layers"].values():
        assert [p["annotators"] for p in layer["pairs"]] == [
            ["alice", "bob"],
            ["alice", "carol"],
            ["bob", "carol"],
        ]
        for pair in layer["pairs"]:
            assert 0.0 <= pair["exact_f1"] <= pair["overlap_f1"] <= 1.0
    spans = {tuple(p["annotators"]): p for p in report["layers"]["quote_spans"]["pairs"]}
    assert spans[("alice", "bob")]["overlap_f1"] == 1.0 > spans[("alice", "bob")]["exact_f1"]
    assert spans[("alice", "carol")]["documents"] == 1
    speaker = report["layers"]["speaker"]
    assert speaker["alpha"]["value"] < 1.0 and len(speaker["alpha"]["ci95"]) == 2
    (label,) = [
        d for p in speaker["pairs"] for d in p["disagreements"] if "alice" in d["annotators"]
    ]
    assert label["a"]["text"] == "security guarantees" and label["b"]["label"] == "jens stoltenberg"


def test_csv_has_a_row_per_pair_and_a_mean(annotators: list[Path]) -> None:
    """CSV: per layer, one row per annotator pair and one mean row with alpha."""
    code, out = _agree(*map(str, annotators), "--format", "csv", "--bootstrap", "0")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(LAYERS) * 4
    mean = next(r for r in rows if r["layer"] == "quote_kind" and r["annotator_a"] == "mean")
    assert float(mean["alpha"]) == pytest.approx(1.0) and mean["alpha_low"] == ""


def test_table_lists_layers_and_missing_articles(annotators: list[Path]) -> None:
    """The terminal table names every layer and says which articles an annotator lacks."""
    code, out = _agree(*map(str, annotators), "--bootstrap", "0")
    assert code == 0
    assert all(name in out for name in LAYERS)
    assert "carol did not annotate 1 article(s): second" in out


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    if chromium_path() is None:
        pytest.skip("chromium is not installed (.ci/run installs the Debian package)")
    with Chromium() as chromium:
        yield chromium


def test_html_report_opens_in_chromium(
    annotators: list[Path], tmp_path: Path, browser: Chromium, network_attempts: list[Any]
) -> None:
    """The HTML report loads in headless Chromium with no console error, no script, its charts."""
    page = tmp_path / "report.html"
    code, _ = _agree(*map(str, annotators), "--format", "html", "-o", str(page))
    assert code == 0
    expression = """JSON.stringify({
      scripts: document.scripts.length,
      svgs: document.querySelectorAll('svg').length,
      external: [...document.querySelectorAll('[src],link[href]')].length,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      text: document.body.innerText.includes('security guarantees')
    })"""
    result = browser.load(page, width=1280, height=900, mobile=False, expression=expression)
    assert result.errors == []
    seen = json.loads(result.value)
    assert seen["scripts"] == 0 and seen["external"] == 0 and seen["text"] is True
    assert seen["svgs"] >= 3  # per-layer chart, pair heat map, at least one confusion matrix
    assert seen["overflow"] <= 0, "the page scrolls sideways"
    assert network_attempts == []


def test_html_escapes_annotation_text(tmp_path: Path) -> None:
    """Annotated text is escaped: markup in the body cannot become markup in the report."""
    body = "<b>x</b> said <script>alert(1)</script> here."
    docs = []
    for end in (8, 9):
        doc = {
            "schema_version": "1.0",
            "article": {"id": "d", "headline": "h", "body": body, "language": "en"},
            "entities": [
                {"id": "e", "kind": "person", "name": "X", "mentions": [{"start": 0, "end": end}]}
            ],
        }
        docs.append(write(tmp_path / f"a{end}" / "d.json", json.loads(json.dumps(doc))))
    code, out = _agree(str(docs[0]), str(docs[1]), "--format", "html")
    assert code == 0
    assert "<script>" not in out and "&lt;b&gt;x&lt;/b&gt;" in out


class _Recording:
    """An importer that records the options it is given and reads canonical JSON."""

    name = "recording"
    suffixes = (".json",)
    read_options = ToolReadOptions  # what a registered importer reads with: the tools' options

    def __init__(self) -> None:
        self.seen: list[GivenOptions] = []

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        self.seen.append(options)
        return JSON.read(path, None)

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        return JSON.read_bytes(data, name, None)


def test_import_options_pass_through(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """--from picks any registered importer; its typed options carry --labels loaded, --set."""
    from newsschema.cli.agree import agree_command

    recording = _Recording()
    monkeypatch.setitem(IMPORTERS, "recording", recording)
    # --from offers the registry's keys as they were when the command was built.
    (source,) = [p for p in agree_command.params if p.name == "source_format"]
    choices = source.type
    assert isinstance(choices, click.Choice)
    monkeypatch.setattr(choices, "choices", (*choices.choices, "recording"))
    labels = tmp_path / "labels.toml"
    labels.write_text("", encoding="utf-8")
    sets = ["--set", "article.language=en", "--set", "article.headline=H"]
    code, out = _agree(str(SEED), str(SEED), "--from", "recording", "--labels", str(labels), *sets)
    assert code == 0, out
    from newsschema.formats.labels import load_labels

    expected = ToolReadOptions(
        labels=load_labels(str(labels)),
        settings=(("article.language", "en"), ("article.headline", "H")),
    )
    assert recording.seen == [expected, expected]  # typed options, not a mapping


def test_bad_set_and_unknown_layer_are_usage_errors(annotators: list[Path]) -> None:
    """A --set without '=' and an unknown --layer exit 2 with a message."""
    code, out = _agree(*map(str, annotators[:2]), "--set", "oops")
    assert code == 2 and "FIELD=VALUE" in out
    code, out = _agree(*map(str, annotators[:2]), "--layer", "nope")
    assert code == 2 and "unknown layer" in out


def test_one_input_and_different_text_are_refused(tmp_path: Path) -> None:
    """One annotator is a usage error; versions with different text are refused, not compared."""
    assert _agree(str(SEED))[0] == 2
    other = seed_dict()
    other["article"]["body"] = other["article"]["body"].replace("Lavrov", "Lavroff")
    other["article"].pop("text_sha256")
    other["entities"], other["events"], other["quotes"] = [], [], []
    changed = write(tmp_path / "b" / "x.json", other)
    code, out = _agree(str(SEED), str(changed))
    assert code == 2 and "different text" in out


def test_annotator_names_come_from_inputs(tmp_path: Path) -> None:
    """Each annotator is named by its folder name or file stem; clashes get a number."""
    a = write(tmp_path / "one" / "ann.json", seed_dict())
    b = write(tmp_path / "two" / "ann.json", seed_dict())
    _, out = _agree(str(a), str(b), "--format", "json", "--bootstrap", "0")
    assert list(json.loads(out)["annotators"]) == ["ann#1", "ann#2"]
    _, out = _agree(str(a.parent), str(b), "--format", "json", "--bootstrap", "0")
    assert list(json.loads(out)["annotators"]) == ["one", "ann"]


def test_other_commands_do_not_import_numpy() -> None:
    """Only agree pays for numpy: loading the CLI and running validate import none of it."""
    code = (
        "import sys; from newsschema.cli import cli; "
        "from click.testing import CliRunner; "
        f"CliRunner().invoke(cli, ['validate', {str(SEED)!r}]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('numpy', 'krippendorff', 'statsmodels', 'newsschema.review')))"
    )
    out = run_python(code)
    assert "numpy" not in out and "krippendorff" not in out and "statsmodels" not in out
