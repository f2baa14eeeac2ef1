"""Plain text: ``file:line:col: CODE message [pointer]`` per finding, then a summary line.

Warnings say ``warning:`` before the message; the pointer is RFC 6901 (``/`` for the root).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from newsschema._names import display_name
from newsschema.findings import Finding, Severity
from newsschema.report import Report

__all__ = ["render", "render_findings", "render_summary"]


def render(report: Report, stream: TextIO, /) -> None:
    """Write one line per finding and a summary line."""
    render_findings(report.findings, stream)
    render_summary(report, stream)


def render_findings(findings: Iterable[Finding], stream: TextIO) -> None:
    """Write one line per finding (to print findings as they are found)."""
    for f in findings:
        # Input-derived text (file names included) is escaped: input cannot add a line.
        where = f"{display_name(f.file or '<input>')}:{f.line or 0}:{f.column or 0}"
        label = "warning: " if f.severity is Severity.WARNING else ""
        text = display_name(f"{f.code} {label}{f.message} [{f.pointer or '/'}]")
        stream.write(f"{where}: {text}\n")


def render_summary(report: Report, stream: TextIO) -> None:
    """Write the summary line."""
    s = report.summary()
    verdict = "valid" if report.valid else "INVALID"
    stopped = " (stopped at the first invalid document: --fail-fast)" if report.stopped else ""
    stream.write(
        f"{verdict}: {s['documents']} document(s) in {s['files']} file(s), "
        f"{s['errors']} error(s), {s['warnings']} warning(s){stopped}\n"
    )
