"""The registry: unique codes, complete documentation, docs/rules.md in sync, the rules command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsschema.cli import cli
from newsschema.codes import LOADER_CODES, QUOTE_CODES, TABLE_CODES, TOOL_CODES
from newsschema.findings import Severity
from newsschema.rules import (
    ALL_CODES,
    FAMILIES,
    RULES,
    Rule,
    SelectionError,
    _registry,
    rules_markdown,
    select_rules,
)

REPO = Path(__file__).resolve().parents[2]


def test_codes_are_well_formed_and_in_their_family() -> None:
    """Every code is NSddd, in a known family, and the registry is the union of all code tables."""
    for code, doc in ALL_CODES.items():
        assert re.fullmatch(r"NS[0-9]{3}", code)
        assert doc.code == code
        assert code[:3] in FAMILIES
    assert set(ALL_CODES) == (
        set(LOADER_CODES) | set(TABLE_CODES) | set(TOOL_CODES) | set(QUOTE_CODES) | set(RULES)
    )


def test_every_code_is_documented() -> None:
    """Each code has a unique kebab-case name, one-line summary, rationale and bad/good examples."""
    names = [doc.name for doc in ALL_CODES.values()]
    assert len(names) == len(set(names)), "a rule name is reused"
    for doc in ALL_CODES.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", doc.name)
        assert doc.summary.endswith(".") and "\n" not in doc.summary
        assert len(doc.rationale) > 40
        assert doc.good.strip() and doc.good != doc.bad
        assert isinstance(doc.severity, Severity)


def test_a_reused_code_is_refused() -> None:
    """Building a registry with a code used twice raises "used twice"."""
    rule = next(iter(RULES.values()))
    with pytest.raises(RuntimeError, match="used twice"):
        _registry([[rule], [rule]])
    loader_doc = LOADER_CODES["NS001"]
    clash = Rule(loader_doc, rule.check)
    with pytest.raises(RuntimeError, match="used twice"):
        _registry([[clash]])


def test_docs_match_the_registry() -> None:
    """docs/rules.md equals the markdown generated from the registry."""
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(ALL_CODES, FAMILIES), "run: newsschema rules --markdown"
    for code in ALL_CODES:
        assert f"\n### {code}\n" in committed


def test_select_and_ignore() -> None:
    """Rule selection by prefix and ignore works; unknown or structure codes are refused."""
    assert [r.code for r in select_rules(["NS10"], ["NS104", "ns106"])] == [
        "NS101",
        "NS102",
        "NS103",
        "NS105",
        "NS107",
    ]
    assert len(select_rules()) == len(RULES)
    with pytest.raises(SelectionError, match="no rule"):
        select_rules(["NS9"])
    with pytest.raises(SelectionError, match="structure codes"):
        select_rules(ignore=["NS020"])


def test_rules_command_lists_and_explains() -> None:
    """`rules` lists every code, explains one in full, and exits 2 on an unknown code."""
    runner = CliRunner()
    listing = runner.invoke(cli, ["rules"])
    assert listing.exit_code == 0
    lines = listing.output.splitlines()
    assert [line.split()[0] for line in lines] == list(ALL_CODES)
    assert lines[list(ALL_CODES).index("NS102")].split()[1:3] == ["error", "span-reversed"]
    explained = runner.invoke(cli, ["rules", "ns102"])
    assert explained.exit_code == 0
    doc = RULES["NS102"].doc
    for part in (doc.code, doc.name, doc.summary, doc.rationale, doc.bad, doc.good):
        assert part in explained.output
    unknown = runner.invoke(cli, ["rules", "NS999"])
    assert unknown.exit_code == 2
    assert "unknown code" in unknown.output
    assert runner.invoke(cli, ["rules", "--markdown"]).output == rules_markdown(ALL_CODES, FAMILIES)
