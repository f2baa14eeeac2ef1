"""Conversion refuses exactly what validation rejects: the error-level rules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


def test_convert_reads_each_input_once_to_locate_rule_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rule findings of refused JSON Lines input get line:column without reopening the file."""
    import builtins

    example = next(p for p in EXAMPLES if not newsschema.validate(p).valid)
    line = example.read_bytes().replace(b"\r", b"").replace(b"\n", b"") + b"\n"
    path = tmp_path / "input.jsonl"
    path.write_bytes(b"\n" + line)
    opened: list[str] = []
    real_open = builtins.open

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(path):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    with pytest.raises(ConvertError) as refused:
        read_documents([str(path)])
    errors = [f for f in refused.value.findings if f.is_error]
    assert errors
    assert all(f.line == 2 and f.column is not None for f in errors)
    assert len(opened) == 1
