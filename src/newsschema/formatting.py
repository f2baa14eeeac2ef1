"""Canonical formatting of annotation files (``newsschema format``).

A file is in canonical form when it is byte for byte what ``newsschema convert --to json``
(or ``--to jsonl``) writes for its documents: fields in model order, unset optional fields
left out and empty lists written, two-space indentation (one compact document per line in
JSON Lines), and a final newline. Formatting is a pure function of the bytes, so running it
twice changes nothing, and it only ever rewrites files it can read completely: a file with any
structure finding is reported and left alone.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsschema._atomic import atomic_open
from newsschema._inputs import Input, expand_inputs
from newsschema.findings import Finding, Severity
from newsschema.formats.canonical import dump_canonical
from newsschema.validation import Chunk, RunSettings, Unit, scan

__all__ = ["FormatResult", "canonical_bytes", "format_files"]


@dataclass
class FormatResult:
    """What formatting found.

    Attributes:
        changed: Files rewritten (or, with ``check``, that would be).
        unchanged: Files already in canonical form (never written).
        findings: Why some files were not formatted (located structure findings, NS030).
        documents: Documents read in the files that could be formatted.
    """

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    documents: int = 0


_STRUCTURE = RunSettings(checks=())  # formatting's gate: the structure loads; rules never stop it


def canonical_bytes(data: bytes, *, name: str, jsonl: bool) -> tuple[bytes | None, list[Finding]]:
    """Return the canonical form of a file's bytes, or None and the findings that prevent it.

    The file is read by the core (:func:`newsschema.validation.scan`) as every command reads;
    formatting's gate is the structure: any structure finding keeps the file as it is.

    Args:
        data: The file's bytes.
        name: How findings name the file.
        jsonl: Whether the file is JSON Lines (one document per line).
    """
    chunk = Chunk(name, name)
    parts: list[bytes] = []
    for result in scan(Unit(name, name, jsonl=jsonl, data=data), _STRUCTURE, chunk):
        if result.document is not None:
            canonical = dump_canonical(result.document, indent=not jsonl)
            parts.append(canonical + b"\n" if jsonl else canonical)
    if any(f.is_error for f in chunk.findings):
        return None, chunk.findings
    return b"".join(parts), chunk.findings


def _is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in (".jsonl", ".ndjson")


def _rewrite(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically, keeping its permission bits (set before the rename).

    Raises:
        OSError: it cannot be written (full disk, file size limit); ``path`` is unchanged.
    """
    mode = os.stat(path).st_mode & 0o7777
    with atomic_open(path, mode=mode) as handle:
        handle.write(data)


def _unformattable(item: Input, message: str) -> Finding:
    return Finding("NS030", Severity.ERROR, message, file=item.name)


def format_files(arguments: Sequence[str], *, check: bool = False) -> FormatResult:
    """Put every annotation file named by ``arguments`` in canonical form.

    Args:
        arguments: Files, directories (searched for ``.json``, ``.jsonl``, ``.ndjson``) and
            glob patterns, as for ``validate``.
        check: Only report which files would change; write nothing.

    Returns:
        Which files changed (or would), which were already canonical, and the findings that
        kept the others from being formatted.
    """
    result = FormatResult()
    for item in expand_inputs(arguments):
        if item.path is None:
            result.findings.append(_unformattable(item, "standard input cannot be formatted"))
            continue
        if item.missing:
            result.findings.append(_unformattable(item, item.problem))
            continue
        if item.path.is_symlink():
            # Replacing a link would cut it; rewriting its target touches a file not named.
            result.findings.append(_unformattable(item, "a symbolic link; format its target"))
            continue
        try:
            data = item.path.read_bytes()
        except OSError as exc:
            result.findings.append(_unformattable(item, f"cannot read file: {exc.strerror}"))
            continue
        jsonl = _is_jsonl(item.path)
        formatted, findings = canonical_bytes(data, name=item.name, jsonl=jsonl)
        if formatted is None:
            result.findings.extend(findings)
            continue
        result.documents += formatted.count(b"\n") if jsonl else 1
        if formatted == data:
            result.unchanged.append(item.name)
            continue
        if not check:
            try:
                _rewrite(item.path, formatted)
            except OSError as exc:
                # A full disk or the file size limit: this file is left as it was, the
                # others are still formatted, and the run fails.
                message = f"cannot write file: {exc.strerror or exc}; the file is unchanged"
                result.findings.append(_unformattable(item, message))
                continue
        result.changed.append(item.name)
    return result
