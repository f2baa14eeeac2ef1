"""Every rule has a failing example that the validator flags with exactly that rule's code."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest

import newsschema
from newsschema.models import Document, EventDate
from newsschema.rules import RULES, RuleSet

from ._docs import good_document

EXAMPLES = Path(__file__).resolve().parents[1] / "invalid" / "rules"
FILES = sorted(EXAMPLES.glob("NS*.json"))
# Rules checked by a generated test below instead of a file (no loadable file can fail them).
GENERATED = {"NS305"}
# An example may also trip a rule that necessarily follows from the same defect.
ALSO = {"NS502": {"NS501"}}


def test_every_rule_has_an_example() -> None:
    """Every rule has an example file named after its code and rule name (or a generated one)."""
    covered = {path.name[:5] for path in FILES} | GENERATED
    assert covered == set(RULES)
    for path in FILES:
        code = path.name[:5]
        assert re.fullmatch(rf"{code}_{RULES[code].doc.name.replace('-', '_')}\.json", path.name)


def test_good_document_is_clean() -> None:
    """The shared good document validates with no finding."""
    report = newsschema.validate(orjson.dumps(good_document()))
    assert report.findings == ()
    assert report.valid


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:5])
def test_example_flags_its_rule(path: Path) -> None:
    """Each rule example raises its own code (plus only allowed others), located and pointed."""
    code = path.name[:5]
    report = newsschema.validate(path)
    codes = {f.code for f in report.findings}
    assert code in codes
    assert codes <= {code} | ALSO.get(code, set())
    for f in report.findings:
        assert f.file == str(path)
        assert f.line is not None and f.line > 1 and f.column is not None
        assert f.pointer.startswith("/")
        assert f.severity is RULES[f.code].doc.severity
    assert report.valid == all(f.severity.value == "warning" for f in report.findings)


def test_impossible_date_in_a_constructed_document() -> None:
    """An impossible date is NS305 from the rules alone and NS023 through `validate`."""
    raw = good_document()
    document = Document.model_validate(raw)
    bad_event = document.events[0].model_copy(
        update={"date": EventDate.model_construct(start="2022-02-30", end=None, inferred=())}
    )
    broken = document.model_copy(update={"events": [bad_event, document.events[1]]})
    # The rules alone (a RuleSet used as a check) catch it ...
    found = RuleSet(list(RULES.values()))(broken)
    assert [(f.code, f.pointer) for f in found] == [("NS305", "/events/0/date/start")]
    # ... and validate() checks a Document's structure again first, so the schema refuses it.
    report = newsschema.validate(broken)
    assert [(f.code, f.pointer) for f in report.findings] == [("NS023", "/events/0/date/start")]
    assert not report.valid


def test_warnings_as_errors_fail_the_document() -> None:
    """With warnings-as-errors a warning-only example becomes invalid with error severity."""
    path = EXAMPLES / "NS104_mention_not_a_name.json"
    assert newsschema.validate(path).valid
    strict = RuleSet(list(RULES.values()), warnings_as_errors=True)
    report = newsschema.validate(path, (strict,))
    assert not report.valid
    assert [f.severity.value for f in report.findings] == ["error"]
