"""GitHub Actions workflow commands: annotations on the pull request's files.

``::error file=F,line=L,col=C,title=CODE::message`` (``::warning`` for warnings), escaped as
GitHub's runner expects: ``%``, CR and LF in the message; additionally ``:`` and ``,`` in
property values. A plain summary line follows. Chosen automatically when ``GITHUB_ACTIONS=true``.
"""

from __future__ import annotations

from typing import TextIO

from newsschema._names import display_name
from newsschema.findings import Severity
from newsschema.report import Report

__all__ = ["escape_data", "escape_property", "render"]


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, stream: TextIO, /) -> None:
    """Write one workflow command per finding and a summary line."""
    for f in report.findings:
        command = "warning" if f.severity is Severity.WARNING else "error"
        # The name is made printable first: NUL or other controls cannot reach the log.
        properties = [f"file={escape_property(display_name(f.file or '<input>'))}"]
        if f.line is not None:
            properties.append(f"line={f.line}")
        if f.column is not None:
            properties.append(f"col={f.column}")
        properties.append(f"title={escape_property(f.code)}")
        message = escape_data(f"{f.message} [{f.pointer or '/'}]")
        stream.write(f"::{command} {','.join(properties)}::{message}\n")
    s = report.summary()
    verdict = "valid" if report.valid else "INVALID"
    stream.write(
        f"newsschema: {verdict}: {s['documents']} document(s) in {s['files']} file(s), "
        f"{s['errors']} error(s), {s['warnings']} warning(s)\n"
    )
