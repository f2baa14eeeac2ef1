"""GitHub Actions workflow commands: annotations on the pull request's files.

``::error file=F,line=L,endLine=L2,col=C,endColumn=C2,title=CODE name::message`` (``::warning``
for warnings), escaped as GitHub's runner expects: ``%``, CR and LF in the message; additionally
``:`` and ``,`` in property values. ``endColumn`` is given only when the value ends on the line
it starts on (GitHub ignores columns on annotations over several lines). A plain summary line
follows. GitHub shows at most 10 annotations of each kind per step, so ``validate`` also
appends :func:`markdown_summary` to the file ``GITHUB_STEP_SUMMARY`` names, when it is set (the
job summary page). Chosen automatically when ``GITHUB_ACTIONS=true``.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from newsschema._names import display_name
from newsschema.findings import Finding, Severity
from newsschema.report import Report
from newsschema.rules import ALL_CODES

__all__ = ["annotation", "escape_data", "escape_property", "markdown_summary", "render"]

# Findings listed in the Markdown summary; the counts by code always cover every finding.
SUMMARY_ROWS = 200


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _title(code: str) -> str:
    doc = ALL_CODES.get(code)
    return f"{code} {doc.name}" if doc is not None else code


def annotation(f: Finding) -> str:
    """One finding as a workflow command (``::error`` or ``::warning``) on its line."""
    return _command(f)


def _command(f: Finding) -> str:
    command = "warning" if f.severity is Severity.WARNING else "error"
    # The name is made printable first: NUL or other controls cannot reach the log.
    properties = [f"file={escape_property(display_name(f.file or '<input>'))}"]
    if f.line is not None:
        properties.append(f"line={f.line}")
        if f.end_line is not None:
            properties.append(f"endLine={f.end_line}")
    if f.column is not None:
        properties.append(f"col={f.column}")
        if f.end_column is not None and f.end_line == f.line:
            properties.append(f"endColumn={f.end_column}")
    properties.append(f"title={escape_property(_title(f.code))}")
    message = escape_data(f"{f.message} [{f.pointer or '/'}]")
    return f"::{command} {','.join(properties)}::{message}\n"


def _cell(text: str) -> str:
    return display_name(text).replace("|", "\\|").replace("`", "'")


def markdown_summary(report: Report) -> str:
    """Return the Markdown job summary: verdict, counts by code, then the findings."""
    s = report.summary()
    verdict = "valid" if report.valid else "**INVALID**"
    lines = [
        "## newsschema validate",
        "",
        (
            f"{verdict}: {s['documents']} document(s) in {s['files']} file(s), "
            f"{s['errors']} error(s), {s['warnings']} warning(s)"
        ),
        "",
    ]
    if report.findings:
        lines += ["| Code | Rule | Count |", "| --- | --- | ---: |"]
        for code, count in Counter(f.code for f in report.findings).most_common():
            doc = ALL_CODES.get(code)
            lines.append(f"| {code} | {doc.name if doc else ''} | {count} |")
        lines += ["", "| Where | Code | Message |", "| --- | --- | --- |"]
        for f in report.findings[:SUMMARY_ROWS]:
            where = f"{display_name(f.file or '<input>')}:{f.line or 0}:{f.column or 0}"
            label = "warning: " if f.severity is Severity.WARNING else ""
            message = f"{label}{f.message} [{f.pointer or '/'}]"
            lines.append(f"| `{_cell(where)}` | {f.code} | {_cell(message)} |")
        hidden = len(report.findings) - SUMMARY_ROWS
        if hidden > 0:
            lines += ["", f"... and {hidden} more finding(s); see the step log."]
    return "\n".join(lines) + "\n\n"


def render(report: Report, stream: TextIO, /) -> None:
    """Write one workflow command per finding and a summary line."""
    stream.writelines(_command(f) for f in report.findings)
    s = report.summary()
    verdict = "valid" if report.valid else "INVALID"
    stream.write(
        f"newsschema: {verdict}: {s['documents']} document(s) in {s['files']} file(s), "
        f"{s['errors']} error(s), {s['warnings']} warning(s)\n"
    )
