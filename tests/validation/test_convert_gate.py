"""Conversion refuses exactly what validation rejects: the error-level rules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import newsschema
from newsschema.convert import ConvertError, read_documents
from newsschema.findings import Finding, Severity
from newsschema.rules import RULES

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "invalid" / "rules").glob("NS*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name[:5])
def test_convert_refuses_what_validate_rejects(path: Path) -> None:
    """Conversion refuses a rule example with exactly the errors `validate` reports for it."""
    report = newsschema.validate(path)
    if report.valid:
        assert RULES[path.name[:5]].doc.severity is Severity.WARNING
        assert len(read_documents([str(path)])) == 1
        return
    with pytest.raises(ConvertError) as refused:
        read_documents([str(path)])

    def errors(findings: Sequence[Finding]) -> list[tuple[str, str, str]]:
        return sorted((f.code, f.pointer, f.message) for f in findings if f.is_error)

    assert errors(refused.value.findings) == errors(report.findings)
