"""diff matches annotations by content when ids do not identify them; renames hidden by default."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from newsschema.cli import cli

from .review_support import SEED, seed_dict, shift_quote, write


def _diff(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *args], catch_exceptions=False)
    return result.exit_code, result.output


def _renumbered(data: dict[str, Any]) -> dict[str, Any]:
    """Every id renumbered as a tool round trip does: quote ids reversed (q1 <-> q13: every id
    now names another quote), entity ids replaced by T-numbers, references following."""
    quotes = [q["id"] for q in data["quotes"]]
    mapping = dict(zip(quotes, reversed(quotes), strict=True))
    mapping.update({e["id"]: f"T{n}" for n, e in enumerate(data["entities"], start=1)})
    text = json.dumps(data, ensure_ascii=False)
    for old in sorted(mapping, key=len, reverse=True):
        text = text.replace(f'"{old}"', f'"\0{old}\0"')
    for old, new in mapping.items():
        text = text.replace(f'"\0{old}\0"', f'"{new}"')
    renumbered: dict[str, Any] = json.loads(text)
    renumbered["quotes"].reverse()  # and written in another order
    return renumbered


def test_renumbered_ids_give_an_empty_diff(tmp_path: Path) -> None:
    """Ids renumbered (colliding with other annotations' old ids) are no change at all."""
    new = write(tmp_path / "new.json", _renumbered(seed_dict()))
    code, out = _diff(str(SEED), str(new), "--format", "json")
    assert (code, json.loads(out)["changes"]) == (0, [])


def test_renames_are_shown_on_request_and_nothing_else(tmp_path: Path) -> None:
    """--show-renames lists each renamed annotation once, with no field changed."""
    data = seed_dict()
    new = write(tmp_path / "new.json", _renumbered(data))
    code, out = _diff(str(SEED), str(new), "--format", "json", "--show-renames")
    changes = json.loads(out)["changes"]
    assert code == 1
    assert all(c["fields"] == [] and c["old_id"] not in (None, c["id"]) for c in changes)
    # Every entity was renamed; every quote but the middle one (reversal keeps it) too.
    assert len(changes) == len(data["entities"]) + len(data["quotes"]) - 1


def test_an_edit_under_renumbered_ids_is_the_only_change(tmp_path: Path) -> None:
    """A moved quote boundary among renumbered ids is reported once, on the right quote."""
    edited = _renumbered(shift_quote(seed_dict(), 7, 4))
    new = write(tmp_path / "new.json", edited)
    code, out = _diff(str(SEED), str(new), "--format", "json")
    (change,) = json.loads(out)["changes"]
    assert code == 1 and change["layer"] == "quote"
    assert [f["field"] for f in change["fields"]] == ["span"]


def test_markdown_span_changes_are_not_nested_bullets(tmp_path: Path) -> None:
    """A span change in markdown is one bullet with 'removed'/'added' items, never '- - '."""
    new = write(tmp_path / "new.json", shift_quote(seed_dict(), 7, 4))
    _, out = _diff(str(SEED), str(new), "--format", "markdown")
    assert "    - removed “the”" in out
    assert not any(line.lstrip().startswith(("- - ", "- + ")) for line in out.splitlines())


_TEXT = 'Lee said "we won the vote" on Monday. Critics argued that the count was late.\n'
_ANN = (
    "T1\tSource 0 3\tLee\nT2\tCue 4 8\tsaid\nT3\tContent 10 25\twe won the vote\n"
    "T4\tAttribution 4 8\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tSource 38 45\tCritics\nT6\tCue 46 52\targued\nT7\tContent 53 76\tthat the count was late\n"
    "T8\tAttribution 46 52\targued\nE2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n"
)


def test_a_round_trip_through_brat_under_attribution_labels_gives_an_empty_diff(
    tmp_path: Path,
) -> None:
    """brat -> JSON -> brat -> JSON under attribution labels: the ids change, nothing else."""
    source = tmp_path / "brat"
    source.mkdir()
    (source / "a.txt").write_text(_TEXT, encoding="utf-8")
    (source / "a.ann").write_text(_ANN, encoding="utf-8")
    common = ["--labels", "attribution", "--set", "article.language=en"]

    def convert(*args: str) -> None:
        result = CliRunner().invoke(cli, ["convert", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    convert(str(source), "--from", "brat", *common, "--to", "json", "-o", str(tmp_path / "one"))
    convert(str(tmp_path / "one"), "--to", "brat", "--labels", "attribution",
            "-o", str(tmp_path / "out"))  # fmt: skip
    convert(str(tmp_path / "out"), "--from", "brat", *common, "--to", "json",
            "-o", str(tmp_path / "two"))  # fmt: skip
    code, out = _diff(str(tmp_path / "one"), str(tmp_path / "two"), "--format", "json")
    assert (code, json.loads(out)["changes"]) == (0, []), out
