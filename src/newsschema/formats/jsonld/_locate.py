"""Position mapping of ``--from jsonld``: findings moved back to the input they came from.

A finding about the rebuilt canonical document names a canonical JSON pointer; the reader's
``origin`` map turns it into the JSON-LD pointer, and a scan of the input text into its line
and column.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsschema._scan import LineIndex, ScanError, scan
from newsschema.findings import Finding

__all__ = ["locate"]


def locate(
    findings: Sequence[Finding], text: str | None, origin: dict[str, str], file: str | None
) -> list[Finding]:
    """Move findings from canonical pointers to the input's pointers, lines and columns."""
    scanned = None
    index = None
    if text is not None:
        try:
            scanned = scan(text)
            index = LineIndex(text)
        except ScanError:
            scanned = None
    located = []
    for finding in findings:
        pointer, tail = finding.pointer, ""
        while pointer not in origin and pointer:
            pointer, last = pointer.rsplit("/", 1)
            tail = f"/{last}{tail}"
        # Keys below a mapped node mostly keep their names (start, end, name, ...); when they
        # do not, the walk up below lands on the nearest enclosing value.
        source = origin.get(pointer, "") + tail
        line = column = None
        if scanned is not None and index is not None:
            while source not in scanned.values and source:
                source = source.rsplit("/", 1)[0]
            line, column = index.position(scanned.values.get(source, 0))
        located.append(finding.at(pointer=source, line=line, column=column, file=file))
    return located
