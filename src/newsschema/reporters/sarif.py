"""SARIF 2.1.0: for code-scanning dashboards (GitHub code scanning, IDEs, aggregators).

One run; ``tool.driver.rules`` documents every code (loader codes and rules) and each result
refers to its rule by id and index. Columns count Unicode code points, as the run declares.
Files under the current directory have relative URIs against ``%SRCROOT%`` (declared in
``originalUriBaseIds``), so code scanning matches them to the repository; each result has a
``partialFingerprints`` entry built from its code, file, document and JSON pointer (not its
line), so a finding is tracked across commits.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

import orjson

from newsschema import __version__
from newsschema.codes import PROJECT_URL, CodeDoc
from newsschema.findings import Severity
from newsschema.report import Report
from newsschema.rules import ALL_CODES

__all__ = ["SARIF_SCHEMA", "SRCROOT", "render", "sarif_log"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


SRCROOT = "%SRCROOT%"
"""The base id relative artifact URIs are resolved against: the directory validate ran in."""


def _artifact(name: str | None, root: Path) -> dict[str, str]:
    """An artifactLocation: relative to ``%SRCROOT%`` when the file is under ``root``."""
    if not name:
        return {"uri": "input"}
    path = Path(name)
    if path.is_absolute():
        try:
            path = path.relative_to(root)
        except ValueError:
            return {"uri": path.as_uri()}  # outside the source root: only an absolute URI works
    return {"uri": quote(path.as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _fingerprint(code: str, uri: str, pointer: str, document: int) -> str:
    """What identifies a finding across commits: not its line, which moves with every edit."""
    key = "\0".join((code, uri, str(document), pointer))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


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


def sarif_log(report: Report, root: Path | None = None) -> dict[str, Any]:
    """Return the SARIF log object for ``report``.

    Args:
        report: What to render.
        root: The source root relative paths are relative to (default: the current
            directory), given as ``%SRCROOT%`` in ``originalUriBaseIds``.
    """
    root = Path(os.path.abspath(root if root is not None else Path.cwd()))
    index = {code: i for i, code in enumerate(ALL_CODES)}
    results = []
    for f in report.findings:
        region: dict[str, int] = {}
        if f.line is not None:
            region["startLine"] = f.line
            if f.end_line is not None:
                region["endLine"] = f.end_line
        if f.column is not None:
            region["startColumn"] = f.column
            if f.end_column is not None and f.end_line is not None:
                region["endColumn"] = f.end_column
        artifact = _artifact(f.file, root)
        physical: dict[str, Any] = {"artifactLocation": artifact}
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
            "partialFingerprints": {
                "newsschemaFinding/v1": _fingerprint(f.code, artifact["uri"], f.pointer, f.document)
            },
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
                        "informationUri": PROJECT_URL,
                        "rules": [_rule(doc) for doc in ALL_CODES.values()],
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report, stream: TextIO, /) -> None:
    """Write the report as a SARIF 2.1.0 log."""
    data = orjson.dumps(sarif_log(report), option=orjson.OPT_INDENT_2)
    stream.write(data.decode("utf-8") + "\n")
