"""JSON: one object ``{"valid", "summary", "issues"}`` for programs to read.

Each issue has exactly ``code``, ``severity``, ``message``, ``file``, ``pointer`` (RFC 6901),
``line`` and ``column`` (1-based, code points; null when unknown).
"""

from __future__ import annotations

from typing import Any, TextIO

import orjson

from newsschema.report import Report

__all__ = ["render"]


def report_object(report: Report) -> dict[str, Any]:
    """Return the JSON-ready object this reporter prints."""
    return {
        "valid": report.valid,
        "summary": report.summary(),
        "issues": [
            {
                "code": f.code,
                "severity": str(f.severity),
                "message": f.message,
                "file": f.file,
                "pointer": f.pointer,
                "line": f.line,
                "column": f.column,
            }
            for f in report.findings
        ],
    }


def render(report: Report, stream: TextIO, /) -> None:
    """Write the report as one indented JSON object."""
    data = orjson.dumps(report_object(report), option=orjson.OPT_INDENT_2)
    stream.write(data.decode("utf-8") + "\n")
