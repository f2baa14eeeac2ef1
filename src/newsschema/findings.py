"""Findings: what validation found, as plain data.

Every check in the toolkit (the strict loader, the model, the semantic rules) reports
:class:`Finding` values. They are collected in full before anything is rendered; reporters only
format them. A finding says what (a stable ``code``), how bad (``severity``), where (file, line,
column, JSON pointer) and why (``message``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

__all__ = ["Finding", "Severity"]


class Severity(str, enum.Enum):
    """How serious a finding is."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one place.

    Attributes:
        code: Stable rule code, e.g. ``NS001``.
        severity: Error or warning.
        message: Human-readable explanation; never echoes more than a short excerpt of input.
        pointer: RFC 6901 JSON pointer into the document (``""`` is the whole document).
        file: Path of the input as given, or ``"<stdin>"``; None for in-memory input.
        line: 1-based line in the file, when known.
        column: 1-based column (in code points) in that line, when known.
        document: 0-based index of the document in a JSONL file (0 for a JSON file).
        extra: Additional rendering data.
        end_line: Line just after the value the finding is about ends, when known.
        end_column: Column just after that value (exclusive, code points), when known.
    """

    code: str
    severity: Severity
    message: str
    pointer: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    document: int = 0
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    end_line: int | None = field(default=None, compare=False)
    end_column: int | None = field(default=None, compare=False)

    def at(self, **changes: object) -> Finding:
        """Return a copy with some fields replaced (used to attach file and position)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_error(self) -> bool:
        """True for error severity."""
        return self.severity is Severity.ERROR


def sort_key(finding: Finding) -> tuple[str, int, int, int, str, str]:
    """Order findings by file, document, position, then code."""
    return (
        finding.file or "",
        finding.document,
        finding.line or 0,
        finding.column or 0,
        finding.code,
        finding.pointer,
    )


def has_errors(findings: Iterable[Finding]) -> bool:
    """Return True when any finding is an error."""
    return any(f.severity is Severity.ERROR for f in findings)


FIRST_PLACES = 3
"""How many places an aggregated finding names."""


def aggregated(findings: Iterable[Finding], first: int = FIRST_PLACES) -> list[Finding]:
    """One finding per code and message: the count and the first places are in the message.

    Importers say the same thing of many annotations (a label left out, a kind inferred);
    a person reads one line per kind of thing, with where to look first. Findings said once
    are kept as they are. The result keeps the order in which each was first said, and each
    aggregate keeps the place of its first finding.
    """
    groups: dict[tuple[str, Severity, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.code, finding.severity, finding.message), []).append(finding)
    out = []
    for same in groups.values():
        if len(same) == 1:
            out.append(same[0])
            continue
        places = ", ".join(_place(f) for f in same[:first])
        more = ", …" if len(same) > first else ""
        message = f"{same[0].message} ({len(same)} times; first at {places}{more})"
        out.append(replace(same[0], message=message))
    return out


def _place(finding: Finding) -> str:
    where = finding.file or "<input>"
    if finding.line is not None:
        return f"{where}:{finding.line}"
    return f"{where} {finding.pointer}" if finding.pointer else where
