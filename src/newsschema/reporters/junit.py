"""JUnit XML: one test case per document, for CI systems that show test results.

Each input file is a ``testsuite``; each document in it a ``testcase`` named after its article
id (``document N``, 0-based as in findings, when it did not load or ids were not recorded) that
fails with its errors, with the seconds checking it took as ``time`` when recorded. Warnings go
to the case's ``system-out``. An unreadable input is one failed case.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TextIO

from newsschema._names import display_name
from newsschema.findings import Finding, Severity
from newsschema.report import Report

__all__ = ["render"]


# What XML 1.0 cannot carry at all (not even as a character reference): C0 controls other than
# TAB, LF and CR, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    r"""Return ``text`` with characters XML cannot hold written as ``\uXXXX``."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _line(f: Finding) -> str:
    where = f"{display_name(f.file or '<input>')}:{f.line or 0}:{f.column or 0}"
    return _xml(f"{where}: {f.code} {f.message} [{f.pointer or '/'}]")


def render(report: Report, stream: TextIO, /) -> None:
    """Write the report as JUnit XML."""
    by_document: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_document[(f.file or "<input>", f.document)].append(f)
    cases = {(file, index): (ident, seconds) for file, index, ident, seconds in report.cases}
    root = ET.Element("testsuites", name="newsschema")
    total = failed = 0
    total_time = 0.0
    for name, documents in report.file_documents:
        suite = ET.SubElement(root, "testsuite", name=_xml(name))
        suite_failed = 0
        suite_time = 0.0
        # An unreadable input has no document but must still show as a failed case.
        count = documents or int((name, 0) in by_document)
        for index in range(count):
            ident, seconds = cases.get((name, index), ("", None))
            case = ET.SubElement(
                suite, "testcase", classname=_xml(name), name=_xml(ident or f"document {index}")
            )
            if seconds is not None:
                case.set("time", f"{seconds:.6f}")
                suite_time += seconds
            found = by_document.get((name, index), [])
            errors = [f for f in found if f.severity is Severity.ERROR]
            warnings = [f for f in found if f.severity is Severity.WARNING]
            if errors:
                suite_failed += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=errors[0].code,
                    message=_xml(
                        f"{len(errors)} error(s); first: {errors[0].code} {errors[0].message}"
                    ),
                )
                failure.text = "\n".join(_line(f) for f in errors)
            if warnings:
                ET.SubElement(case, "system-out").text = "\n".join(
                    "warning: " + _line(f) for f in warnings
                )
        suite.set("tests", str(count))
        suite.set("failures", str(suite_failed))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        if report.cases:
            suite.set("time", f"{suite_time:.6f}")
        total += count
        failed += suite_failed
        total_time += suite_time
    if report.cases:
        root.set("time", f"{total_time:.6f}")
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
