"""SARIF 2.1.0: for code-scanning dashboards (GitHub code scanning, IDEs, aggregators).

One run; ``tool.driver.rules`` documents every code (loader codes and rules) and each result
refers to its rule by id and index. Columns count Unicode code points, as the run declares.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

import orjson

from newsschema import __version__
from newsschema.codes import CodeDoc
from newsschema.findings import Severity
from newsschema.report import Report
from newsschema.rules import ALL_CODES

__all__ = ["SARIF_SCHEMA", "render", "sarif_log"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def _uri(name: str | None) -> str:
    if not name:
        return "input"
    path = Path(name)
    if path.is_absolute():
        return path.as_uri()
    return quote(name.replace(os.sep, "/"), safe="/")


def _rule(doc: CodeDoc) -> dict[str, Any]:
    return {
        "id": doc.code,
        "name": doc.name,
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": doc.rationale},
        "help": {
            "text": f"{doc.rationale}\nBad: {doc.bad}\nGood: {doc.good}",
            "markdown": f"{doc.rationale}\n\nBad:\n\n    {doc.bad}\n\nGood:\n\n    {doc.good}",
        },
        "defaultConfiguration": {"level": _LEVEL[doc.severity]},
    }


def sarif_log(report: Report) -> dict[str, Any]:
    """Return the SARIF log object for ``report``."""
    index = {code: i for i, code in enumerate(ALL_CODES)}
    results = []
    for f in report.findings:
        region: dict[str, int] = {}
        if f.line is not None:
            region["startLine"] = f.line
        if f.column is not None:
            region["startColumn"] = f.column
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(f.file)}}
        if region:
            physical["region"] = region
        location: dict[str, Any] = {"physicalLocation": physical}
        if f.pointer:
            location["logicalLocations"] = [{"fullyQualifiedName": f.pointer, "kind": "member"}]
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [location],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "newsschema",
                        "version": __version__,
                        "rules": [_rule(doc) for doc in ALL_CODES.values()],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report, stream: TextIO, /) -> None:
    """Write the report as a SARIF 2.1.0 log."""
    data = orjson.dumps(sarif_log(report), option=orjson.OPT_INDENT_2)
    stream.write(data.decode("utf-8") + "\n")
