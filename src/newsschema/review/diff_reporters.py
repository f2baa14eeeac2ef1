"""Renderers of a :class:`~newsschema.review.diff.DiffReport`; they format, never decide.

``text`` for a terminal, ``json`` for programs, ``github`` for workflow annotations on the changed
lines of the new files, ``markdown`` for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

import orjson

from newsschema._names import display_name
from newsschema.findings import Finding
from newsschema.reporters.github import annotation, escape_data, escape_property
from newsschema.reporters.text import render_findings
from newsschema.review.diff import Change, DiffReport, FieldChange

__all__ = ["DIFF_REPORTERS", "diff_dict"]

_SIGN = {"added": "+", "removed": "-", "changed": "~"}


def _line(text: str) -> str:
    """One printed line: input text (names, values) escaped and shortened as in validate."""
    return display_name(text) + "\n"


def _title(change: Change) -> str:
    what = f"{change.layer} {change.id}"
    if change.old_id is not None:
        what += f" (renamed from {change.old_id})"
    return f"{what}: {change.summary}" if change.summary else what


def _field_lines(field: FieldChange) -> list[str]:
    if field.added or field.removed:
        lines = [f"{field.field}:"]
        lines += [f"  - {item}" for item in field.removed]
        lines += [f"  + {item}" for item in field.added]
        if field.field not in ("mentions", "insertions", "interruptions", "body"):
            lines.insert(1, f"  {field.old or '(none)'} → {field.new or '(none)'}")
        return lines
    return [f"{field.field}: {field.old or '(none)'} → {field.new or '(none)'}"]


def _summary_line(report: DiffReport) -> str:
    if not report.changed:
        return f"no annotation changes in {report.documents} document(s)"
    parts = [
        f"{layer} " + ", ".join(f"{n} {action}" for action, n in sorted(actions.items()))
        for layer, actions in sorted(report.counts().items())
    ]
    return f"{len(report.changes)} change(s): " + "; ".join(parts)


def render_text(report: DiffReport, stream: TextIO, /) -> None:
    """Write one block per document with one entry per change."""
    current: tuple[str | None, str] | None = None
    for change, line in zip(report.changes, report.lines, strict=True):
        if (change.file, change.document) != current:
            current = (change.file, change.document)
            stream.write(_line(f"{change.file or '<input>'}: article {change.document}"))
        where = f" (line {line})" if line is not None else ""
        stream.write(_line(f"  {_SIGN[change.action]} {_title(change)}{where}"))
        for field in change.fields:
            stream.writelines(_line(f"      {text}") for text in _field_lines(field))
    if report.findings:
        stream.write(f"rule findings in the new version ({len(report.findings)}):\n")
        render_findings(report.findings, stream)
    stream.write(_line(_summary_line(report)))


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": str(f.severity),
        "message": f.message,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "pointer": f.pointer,
        "document": f.document,
    }


def diff_dict(report: DiffReport) -> dict[str, Any]:
    """Return the JSON form of a diff report (a stable shape)."""
    return {
        "changed": report.changed,
        "documents": report.documents,
        "summary": report.counts(),
        "changes": [
            {
                "document": c.document,
                "layer": c.layer,
                "action": c.action,
                "id": c.id,
                "old_id": c.old_id,
                "summary": c.summary,
                "file": c.file,
                "line": line,
                "pointer": c.pointer,
                "fields": [
                    {
                        "field": f.field,
                        "old": f.old,
                        "new": f.new,
                        "added": list(f.added),
                        "removed": list(f.removed),
                    }
                    for f in c.fields
                ],
            }
            for c, line in zip(report.changes, report.lines, strict=True)
        ],
        "findings": [_finding(f) for f in report.findings],
    }


def render_json(report: DiffReport, stream: TextIO, /) -> None:
    """Write the report as one JSON object."""
    stream.write(orjson.dumps(diff_dict(report), option=orjson.OPT_INDENT_2).decode() + "\n")


def render_github(report: DiffReport, stream: TextIO, /) -> None:
    """Write one ``::notice`` workflow command per change, on its line of the new file."""
    for change, line in zip(report.changes, report.lines, strict=True):
        properties = [f"file={escape_property(display_name(change.file or '<input>'))}"]
        if line is not None:
            properties.append(f"line={line}")
        title = display_name(f"{change.layer} {change.id} {change.action}")
        properties.append(f"title={escape_property(title)}")
        body = [_title(change)] + [t for f in change.fields for t in _field_lines(f)]
        body = [display_name(text) for text in body]
        stream.write(f"::notice {','.join(properties)}::{escape_data(chr(10).join(body))}\n")
    stream.writelines(annotation(f) for f in report.findings)
    stream.write(f"newsschema diff: {_summary_line(report)}\n")


def _md(text: str) -> str:
    # Keep user text from turning into Markdown or HTML in the comment.
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def render_markdown(report: DiffReport, stream: TextIO, /) -> None:
    """Write a Markdown summary: a count table, then the changes per document."""
    stream.write("### Annotation changes\n\n")
    if not report.changed:
        stream.write(f"No annotation changes in {report.documents} document(s).\n")
        _markdown_findings(report, stream)
        return
    stream.write("| layer | added | removed | changed |\n| --- | ---: | ---: | ---: |\n")
    for layer, actions in sorted(report.counts().items()):
        counts = " | ".join(str(actions.get(a, 0)) for a in ("added", "removed", "changed"))
        stream.write(f"| {layer} | {counts} |\n")
    current: tuple[str | None, str] | None = None
    for change in report.changes:
        if (change.file, change.document) != current:
            current = (change.file, change.document)
            heading = f"**{_md(change.file or '<input>')}** — article {_md(change.document)}"
            stream.write("\n" + _line(heading) + "\n")
        stream.write(_line(f"- {_SIGN[change.action]} {_md(_title(change))}"))
        for field in change.fields:
            stream.writelines(_line(text) for text in _markdown_field(field))
    _markdown_findings(report, stream)


def _markdown_findings(report: DiffReport, stream: TextIO) -> None:
    """The new version's rule findings, as a section of their own."""
    if not report.findings:
        return
    stream.write(f"\n### Rule findings in the new version ({len(report.findings)})\n\n")
    for f in report.findings:
        where = f"{f.file or '<input>'}:{f.line or 0}:{f.column or 0}"
        stream.write(_line(f"- `{f.code}` {f.severity}: {_md(f.message)} — {_md(where)}"))


def _markdown_field(field: FieldChange) -> list[str]:
    """A field change as one bullet, with what was removed and added as words, not signs.

    The text view's ``- "the"`` lines would nest as bullets inside bullets (``- - "the"``).
    """
    old, new = _md(field.old or "(none)"), _md(field.new or "(none)")
    lines = [f"  - {_md(field.field)}: {old} → {new}"]
    if field.added or field.removed:
        if field.field in ("mentions", "insertions", "interruptions", "body"):
            lines = [f"  - {_md(field.field)}:"]
        lines += [f"    - removed {_md(item)}" for item in field.removed]
        lines += [f"    - added {_md(item)}" for item in field.added]
    return lines


DIFF_REPORTERS: dict[str, Callable[[DiffReport, TextIO], None]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "markdown": render_markdown,
}
"""Diff renderers by ``--format`` name."""
