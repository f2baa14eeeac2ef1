"""Validation: load every input, check every document, and collect the findings in a Report.

Validating one document is a pure function of its bytes (plus the checks chosen):
:func:`check_document` is what runs in this process, in worker processes (``jobs > 1``), or
could run on a distributed engine. JSON Lines files are streamed line by line in constant
memory; with ``jobs > 1`` each worker reads its own byte slice of the file (no lines are sent
between processes) and the results are merged in input order, so the report is identical to
``jobs=1``.
"""

from __future__ import annotations

import io
import itertools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import orjson
from pydantic import BaseModel

from newsschema._foreign import foreign_hint
from newsschema._inputs import Input, expand_inputs
from newsschema._parallel import ordered_map
from newsschema.findings import Finding, Severity, sort_key
from newsschema.loader import is_jsonl, load_one, locate, validate_model
from newsschema.models import Document
from newsschema.report import Report
from newsschema.rules import default_rules, error_rules

__all__ = [
    "DEFAULT_CHECKS",
    "ERROR_CHECKS",
    "Check",
    "Chunk",
    "Found",
    "Progress",
    "Unit",
    "check_document",
    "check_one",
    "check_unit",
    "validate",
    "validate_document",
    "validate_inputs",
]

Check = Callable[[Document], Iterable[Finding]]
"""A semantic check: takes a structurally valid document, yields findings."""

Progress = Callable[[int], None]
"""Called with the number of input bytes just finished, for progress bars."""

Found = Callable[[Sequence[Finding], int], None]
"""Called with new findings and the number of documents they come from, as work completes."""

DEFAULT_CHECKS: tuple[Check, ...] = (default_rules(),)
"""Every registered rule at its default severity (what ``newsschema validate`` runs)."""

ERROR_CHECKS: tuple[Check, ...] = (error_rules(),)
"""The error-level rules: what conversion refuses input for."""

# Codes that mean "JSON, but not in the model's shape": what a foreign format produces.
_MODEL_CODES = frozenset({"NS020", "NS021", "NS022", "NS023"})

# Slices of a JSON Lines file handed to one worker: big enough to amortise a task, small
# enough to balance the load and keep the in-order merge moving.
_MIN_SLICE = 1 << 20
_MAX_SLICE = 32 << 20
# Small .json files are handed to workers in batches.
_BATCH_FILES = 64


def validate_document(
    document: Document, checks: Sequence[Check] = DEFAULT_CHECKS
) -> list[Finding]:
    """Run semantic checks on an already loaded document (findings have pointers only)."""
    findings: list[Finding] = []
    for check in checks:
        findings.extend(check(document))
    return findings


def _plain(value: Any) -> Any:
    """Return a model's field values as plain data (containers keep their type), unchecked.

    Serialising is not an option: a serializer assumes the value has its declared type.
    """
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return {
            (info.alias or name): _plain(getattr(value, name, None))
            for name, info in fields.items()
            if name in value.__dict__
        }
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    return value


def _recheck(document: Document, checks: Sequence[Check]) -> list[Finding]:
    """Validate an in-memory document's structure again, then run the checks.

    ``model_copy(update=...)`` and ``model_construct`` skip validation, so a document object
    may hold any value, and rules assume a valid model. Structure findings carry pointers only
    (an in-memory document has no lines).
    """
    checked = validate_model(_plain(document))
    if not isinstance(checked, Document):
        return checked
    return validate_document(checked, checks)


def _position(finding: Finding) -> tuple[int, int, str, str]:
    return (finding.line or 0, finding.column or 0, finding.code, finding.pointer)


def _foreign_finding(
    data: bytes, findings: Sequence[Finding], *, file: str | None, index: int, line: int
) -> Finding | None:
    """One NS024 for a document in a known foreign format, instead of an error per field."""
    if not any(f.code in _MODEL_CODES for f in findings):
        return None  # not JSON at all, or refused before the model: those findings stand
    try:
        hint = foreign_hint(orjson.loads(data), file)
    except orjson.JSONDecodeError:
        return None
    if hint is None:
        return None
    return Finding("NS024", Severity.ERROR, hint, file=file, line=line, column=1, document=index)


def check_document(
    data: bytes,
    checks: Sequence[Check] = DEFAULT_CHECKS,
    *,
    file: str | None = None,
    index: int = 0,
    line: int = 1,
) -> list[Finding]:
    """Validate one document given as its exact bytes: structure, then the checks.

    Args:
        data: A whole ``.json`` file, or one JSONL line without its newline.
        checks: Semantic checks to run when the structure is valid.
        file: Name to put in findings.
        index: 0-based position of the document in its file.
        line: 1-based line where the document starts in its file.

    Returns:
        Every finding, located (line, column, pointer) and ordered by position.
    """
    return check_one(data, checks, file=file, index=index, line=line)[0]


def check_one(
    data: bytes, checks: Sequence[Check], *, file: str | None, index: int, line: int
) -> tuple[list[Finding], str]:
    """:func:`check_document`, also returning the article id ("" when it did not load)."""
    loaded = load_one(data, file=file, index=index, line=line)
    if loaded.document is None:
        foreign = _foreign_finding(data, loaded.findings, file=file, index=index, line=line)
        return ([foreign] if foreign else sorted(loaded.findings, key=_position)), ""
    ident = loaded.document.article.id
    found = validate_document(loaded.document, checks)
    if not found:
        return [], ident
    located = locate(found, data, line=line)
    return sorted((f.at(file=file, document=index) for f in located), key=_position), ident


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of work: a whole input, or a byte slice ``[start, end)`` of a JSONL file."""

    name: str
    path: str | None  # None: standard input
    jsonl: bool = False
    start: int = 0
    end: int | None = None
    missing: bool = False
    problem: str = ""


@dataclass(slots=True)
class Chunk:
    """What checking one unit found; lines and documents are counted from the unit's start."""

    name: str
    file: str | None
    findings: list[Finding] = field(default_factory=list)
    lines: int = 0
    documents: int = 0
    invalid: int = 0
    size: int = 0
    stopped: bool = False
    foreign: bool = False  # an NS024 was reported for this unit
    # Per document: index in the unit, article id ("" when it did not load), seconds taken.
    cases: list[tuple[int, str, float]] = field(default_factory=list)


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def _looks_like_jsonl(data: bytes) -> bool:
    """Tell JSON Lines from one document spread over several lines (stdin, bytes).

    JSON Lines when one of the first two non-blank lines is a whole JSON object on its own;
    a document spread over lines never has one there (its first line opens it, its second is
    a member), whatever its indentation or a byte-order mark.
    """
    stripped = data.strip()
    if b"\n" not in stripped:
        return False
    lines = [line for line in stripped.split(b"\n", 3)[:3] if line.strip()][:2]
    for line in lines:
        try:
            if isinstance(orjson.loads(line), dict):
                return True
        except orjson.JSONDecodeError:
            continue
    return False


def _slice_lines(handle: BinaryIO, start: int, end: int | None) -> Iterator[bytes]:
    """Yield the lines that start in ``[start, end)`` (a line belongs to the slice it starts in)."""
    position = start
    if start > 0:
        handle.seek(start - 1)
        position = start - 1 + len(handle.readline())  # the rest of the previous slice's line
    while end is None or position < end:
        line = handle.readline()
        if not line:
            return
        position += len(line)
        yield line


def _check_lines(
    lines: Iterable[bytes],
    chunk: Chunk,
    checks: Sequence[Check],
    fail_fast: bool,
    progress: Progress | None,
    record: bool = False,
) -> Chunk:
    for raw in lines:
        chunk.lines += 1
        chunk.size += len(raw)
        if raw.strip(b" \t\r\n"):
            started = time.perf_counter()
            found, ident = check_one(
                raw.rstrip(b"\r\n"),
                checks,
                file=chunk.file,
                index=chunk.documents,
                line=chunk.lines,
            )
            if record:  # only when asked: one record per document would grow with the input
                chunk.cases.append((chunk.documents, ident, time.perf_counter() - started))
            chunk.documents += 1
            if found:
                if found[0].code == "NS024":
                    # Said once per file: every line of a foreign JSON Lines file is foreign.
                    if chunk.foreign:
                        found, chunk.invalid = [], chunk.invalid + 1
                    chunk.foreign = True
                chunk.findings.extend(found)
                if any(f.severity is Severity.ERROR for f in found):
                    chunk.invalid += 1
                    if fail_fast:
                        chunk.stopped = True
                        break
        if progress is not None:
            progress(len(raw))
    return chunk


def _unreadable(chunk: Chunk, message: str) -> Chunk:
    # Not counted as a document: nothing was read (the NS030 error fails the run).
    chunk.findings.append(Finding("NS030", Severity.ERROR, message, file=chunk.file))
    return chunk


def check_unit(
    unit: Unit,
    checks: Sequence[Check],
    fail_fast: bool,
    progress: Progress | None = None,
    record: bool = False,
) -> Chunk:
    """Check one unit of work (a file, a JSONL slice or standard input) in this process.

    Lines and documents are counted from the unit's start; ``record`` keeps each document's
    article id and checking time (``Chunk.cases``).
    """
    chunk = Chunk(unit.name, unit.name)
    if unit.missing:
        return _unreadable(chunk, unit.problem)
    try:
        if unit.path is None:
            data = _read_stdin()
            if _looks_like_jsonl(data):
                lines = _slice_lines(io.BytesIO(data), 0, None)
                return _check_lines(lines, chunk, checks, fail_fast, progress, record)
        elif unit.jsonl:
            with open(unit.path, "rb") as handle:
                lines = _slice_lines(handle, unit.start, unit.end)
                return _check_lines(lines, chunk, checks, fail_fast, progress, record)
        else:
            with open(unit.path, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        return _unreadable(chunk, f"cannot read file: {exc.strerror or exc}")
    started = time.perf_counter()
    found, ident = check_one(data, checks, file=chunk.file, index=0, line=1)
    if record:
        chunk.cases.append((0, ident, time.perf_counter() - started))
    chunk.findings.extend(found)
    chunk.documents, chunk.size = 1, len(data)
    chunk.invalid = int(any(f.severity is Severity.ERROR for f in found))
    chunk.stopped = fail_fast and chunk.invalid > 0
    if progress is not None:
        progress(len(data))
    return chunk


def _check_batch(task: tuple[tuple[Unit, ...], Sequence[Check], bool, bool]) -> list[Chunk]:
    """Worker entry point: check a batch of units in order."""
    units, checks, fail_fast, record = task
    chunks = []
    for unit in units:
        chunk = check_unit(unit, checks, fail_fast, None, record)
        chunks.append(chunk)
        if chunk.stopped:
            break
    return chunks


def _units(item: Input) -> Unit:
    if item.missing:
        return Unit(item.name, None, missing=True, problem=item.problem)
    if item.path is None:
        return Unit(item.name, None)
    return Unit(item.name, os.fspath(item.path), jsonl=is_jsonl(item.path))


def _split(unit: Unit, jobs: int) -> list[Unit]:
    """Cut a JSONL file into byte slices for ``jobs`` workers."""
    if unit.path is None or not unit.jsonl or jobs < 2:
        return [unit]
    try:
        size = os.path.getsize(unit.path)
    except OSError:
        return [unit]
    step = min(max(size // (8 * jobs), _MIN_SLICE), _MAX_SLICE)
    if size <= step:
        return [unit]
    bounds = [*range(0, size, step), size]
    return [Unit(unit.name, unit.path, True, a, b) for a, b in itertools.pairwise(bounds)]


def _batches(units: Iterable[Unit]) -> Iterator[tuple[Unit, ...]]:
    """Group units into worker tasks: each JSONL slice alone, small files in batches."""
    batch: list[Unit] = []
    for unit in units:
        if unit.jsonl:
            if batch:
                yield tuple(batch)
                batch = []
            yield (unit,)
            continue
        batch.append(unit)
        if len(batch) >= _BATCH_FILES:
            yield tuple(batch)
            batch = []
    if batch:
        yield tuple(batch)


def _run(
    items: Sequence[Input],
    checks: Sequence[Check],
    *,
    fail_fast: bool,
    jobs: int,
    progress: Progress | None,
    record: bool = False,
) -> Iterator[Chunk]:
    units = [_units(item) for item in items]
    if jobs < 2:
        for unit in units:
            yield check_unit(unit, checks, fail_fast, progress, record)
        return
    # Standard input is read here; everything else goes to the workers, in order.
    segment: list[Unit] = []
    for next_unit in [*units, None]:
        stdin = next_unit is not None and next_unit.path is None and not next_unit.missing
        if next_unit is not None and not stdin:
            segment.extend(_split(next_unit, jobs))
            continue
        tasks = ((batch, checks, fail_fast, record) for batch in _batches(segment))
        for chunks in ordered_map(_check_batch, tasks, jobs=jobs) if segment else ():
            for chunk in chunks:
                if progress is not None:
                    progress(chunk.size)
                yield chunk
                if chunk.stopped:
                    return
        segment = []
        if next_unit is not None:
            chunk = check_unit(next_unit, checks, fail_fast, progress, record)
            yield chunk
            if chunk.stopped:
                return


def validate_inputs(
    inputs: Sequence[Input],
    checks: Sequence[Check] = DEFAULT_CHECKS,
    *,
    fail_fast: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
    found: Found | None = None,
    cases: bool = False,
) -> Report:
    """Validate every document of every input; nothing stops at the first failure.

    Args:
        inputs: What to read, in order (see :func:`newsschema._inputs.expand_inputs`).
        checks: Semantic checks for each structurally valid document. With ``jobs > 1`` they
            must be picklable (a :class:`~newsschema.rules.RuleSet` is).
        fail_fast: Stop at the first document with an error.
        jobs: Worker processes; the report is the same for any number.
        progress: Called with the number of bytes finished, as work completes.
        found: Called as work completes, in report order, with the findings (located as in
            the report) and the number of documents just checked: to print them as found.
        cases: Keep each document's article id and checking time in the report (``cases``,
            for JUnit); one small record per document.
    """
    findings: list[Finding] = []
    kept: list[tuple[str, int, str, float]] = []
    counts: dict[str, list[int]] = {}  # name -> [lines, documents] checked so far
    documents = invalid = 0
    stopped = False
    run = _run(inputs, checks, fail_fast=fail_fast, jobs=jobs, progress=progress, record=cases)
    for chunk in run:
        lines_before, docs_before = counts.setdefault(chunk.name, [0, 0])
        located = chunk.findings
        if lines_before or docs_before:
            located = [
                f.at(
                    line=None if f.line is None else f.line + lines_before,
                    document=f.document + docs_before,
                )
                for f in chunk.findings
            ]
        findings.extend(located)
        if cases:
            kept.extend((chunk.name, i + docs_before, ident, t) for i, ident, t in chunk.cases)
        if found is not None:
            found(located, chunk.documents)
        counts[chunk.name] = [lines_before + chunk.lines, docs_before + chunk.documents]
        documents += chunk.documents
        invalid += chunk.invalid
        if chunk.stopped:
            stopped = True
            break
    return Report(
        findings=tuple(findings),
        files=tuple(item.name for item in inputs),
        documents=documents,
        invalid_documents=invalid,
        file_documents=tuple((name, docs) for name, (_, docs) in counts.items()),
        stopped=stopped,
        cases=tuple(kept),
    )


def validate(
    target: Document | bytes | str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    checks: Sequence[Check] = DEFAULT_CHECKS,
    *,
    fail_fast: bool = False,
    jobs: int = 1,
) -> Report:
    """Validate a document, JSON bytes, or files and directories; return the findings as data.

    Args:
        target: A :class:`Document` (rules only: it is already structurally valid); JSON or
            JSON Lines bytes; a path to a file or directory; or a list of paths and globs.
        checks: Semantic checks to run on each structurally valid document (default: every
            rule at its default severity).
        fail_fast: Stop at the first document with an error.
        jobs: Worker processes for files.
    """
    if isinstance(target, Document):
        found = sorted(_recheck(target, checks), key=sort_key)
        bad = any(f.severity is Severity.ERROR for f in found)
        return Report(tuple(found), (), 1, int(bad), (("<document>", 1),))
    if isinstance(target, bytes):
        chunk = Chunk("<bytes>", None)
        if _looks_like_jsonl(target):
            lines = _slice_lines(io.BytesIO(target), 0, None)
            _check_lines(lines, chunk, checks, fail_fast, None)
        else:
            chunk.findings = check_document(target, checks)
            chunk.documents = 1
            chunk.invalid = int(any(f.is_error for f in chunk.findings))
        return Report(
            tuple(chunk.findings),
            (),
            chunk.documents,
            chunk.invalid,
            (("<bytes>", chunk.documents),),
            chunk.stopped,
        )
    paths = [target] if isinstance(target, (str, os.PathLike)) else list(target)
    return validate_inputs(
        expand_inputs([os.fspath(p) for p in paths]), checks, fail_fast=fail_fast, jobs=jobs
    )
