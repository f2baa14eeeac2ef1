"""What documents one finding code (its own module: every table of codes uses it)."""

from __future__ import annotations

from dataclasses import dataclass

from newsschema.findings import Severity

__all__ = ["CodeDoc"]


@dataclass(frozen=True, slots=True)
class CodeDoc:
    """Documentation of one code.

    Attributes:
        code: The stable code, e.g. ``NS003``.
        name: Short kebab-case name.
        severity: Default severity.
        summary: One line: what is wrong.
        rationale: Why it matters.
        bad: A minimal example that triggers it.
        good: The same example, fixed.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    bad: str
    good: str
