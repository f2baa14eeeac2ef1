"""Validation: load every input, check every document, and collect the findings in a Report.

Validating one document is a pure function of its bytes (plus settings): the same code runs in
this process, in worker processes, or on a distributed engine.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence

from newsschema._inputs import Input, expand_inputs
from newsschema.findings import Finding, Severity, sort_key
from newsschema.loader import Loaded, iter_documents, load_bytes
from newsschema.models import Document
from newsschema.report import Report

__all__ = ["Check", "validate", "validate_document", "validate_inputs"]

Check = Callable[[Document], Iterable[Finding]]
"""A semantic check: takes a structurally valid document, yields findings."""


def validate_document(document: Document, checks: Sequence[Check] = ()) -> list[Finding]:
    """Run semantic checks on an already loaded document."""
    findings: list[Finding] = []
    for check in checks:
        findings.extend(check(document))
    return findings


def _loaded_for(item: Input) -> Iterator[Loaded]:
    if item.missing:
        yield Loaded(
            None,
            [Finding("NS030", Severity.ERROR, "no such file, directory or match", file=item.name)],
        )
    elif item.path is None:
        data = sys.stdin.buffer.read()
        jsonl = b"\n" in data.strip() and not data.lstrip().startswith((b"{\n", b"{\r\n"))
        yield from load_bytes(data, file=item.name, jsonl=jsonl)
    else:
        yield from iter_documents(item.path)


def validate_inputs(inputs: Sequence[Input], checks: Sequence[Check] = ()) -> Report:
    """Validate every document of every input; nothing stops at the first failure."""
    findings: list[Finding] = []
    documents = invalid = 0
    results: list[tuple[str, int, bool]] = []
    for item in inputs:
        for loaded in _loaded_for(item):
            documents += 1
            found = list(loaded.findings)
            if loaded.document is not None:
                found.extend(
                    f.at(file=item.name, document=loaded.index)
                    for f in validate_document(loaded.document, checks)
                )
            bad = any(f.severity is Severity.ERROR for f in found)
            invalid += bad
            results.append((item.name, loaded.index, not bad))
            findings.extend(found)
    return Report(
        findings=tuple(sorted(findings, key=sort_key)),
        files=tuple(item.name for item in inputs),
        documents=documents,
        invalid_documents=invalid,
        document_results=tuple(results),
    )


def validate(
    target: Document | bytes | str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    checks: Sequence[Check] = (),
) -> Report:
    """Validate a document, JSON bytes, or files and directories; return the findings as data.

    Args:
        target: A :class:`Document`; JSON (or JSONL) bytes; a path to a file or directory; or a
            list of paths and glob patterns.
        checks: Semantic checks to run on each structurally valid document.
    """
    if isinstance(target, Document):
        found = validate_document(target, checks)
        bad = any(f.severity is Severity.ERROR for f in found)
        return Report(tuple(sorted(found, key=sort_key)), (), 1, int(bad))
    if isinstance(target, bytes):
        jsonl = b"\n" in target.strip() and not target.lstrip().startswith(b"{\n")
        findings: list[Finding] = []
        count = invalid = 0
        for loaded in load_bytes(target, jsonl=jsonl):
            count += 1
            found = list(loaded.findings)
            if loaded.document is not None:
                found.extend(validate_document(loaded.document, checks))
            invalid += any(f.severity is Severity.ERROR for f in found)
            findings.extend(found)
        return Report(tuple(sorted(findings, key=sort_key)), (), count, invalid)
    paths = [target] if isinstance(target, (str, os.PathLike)) else list(target)
    return validate_inputs(expand_inputs([os.fspath(p) for p in paths]), checks)
