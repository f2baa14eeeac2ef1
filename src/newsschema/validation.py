"""Validation: load every input, check every document, and collect the findings in a Report.

This is the one execution core every engine uses, written once:

* :func:`plan` turns inputs into units of work (a file, a byte slice of a JSON Lines file, or
  bytes already read: standard input or a pipe is read once and the unit keeps its bytes);
* :func:`run` checks one unit, a pure function of its bytes and the :class:`RunSettings`
  (validating one document is :func:`check_document`), giving a :class:`Chunk`;
* :func:`merge` puts the chunks back together in input order, into a :class:`Report`.

An engine only schedules: :func:`execute` sends units to an ordered-map executor (this
process, ``--jobs`` worker processes, a Dask cluster) and gets the chunks back in order, so
the report is the same wherever the units ran. JSON Lines files are streamed line by line in
constant memory; each worker reads its own byte slice of a file (no lines are sent between
processes).
"""

from __future__ import annotations

import collections
import io
import itertools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from newsschema._chunks import Chunk, Found, merge, whole_input
from newsschema._foreign import foreign_hint
from newsschema._inputs import Input, add_piece, expand_inputs, is_regular, read_once
from newsschema._parallel import Executor, LocalExecutor
from newsschema._plain import plain_document
from newsschema._strict_json import parse
from newsschema.findings import Finding, Severity, sort_key
from newsschema.loader import Loaded, is_jsonl, load_one, load_parsed, validate_model
from newsschema.loader import locate as _locate
from newsschema.reading import ReadOptions
from newsschema.report import Report
from newsschema.rules import RuleSet, default_rules, error_rules

if TYPE_CHECKING:
    # Annotations only: a valid document is checked as plain data and the models are imported
    # where a document is built (importing them is most of a one-file run's start-up).
    from typing_extensions import TypeIs

    from newsschema._cache import ResultCache
    from newsschema.models import Document

__all__ = [
    "DEFAULT_CHECKS",
    "ERROR_CHECKS",
    "Check",
    "Chunk",
    "Found",
    "Importers",
    "Piece",
    "Progress",
    "ReadOptions",
    "Result",
    "RunSettings",
    "Unit",
    "check_bytes",
    "check_document",
    "check_loaded",
    "check_one",
    "check_unit",
    "execute",
    "merge",
    "plan",
    "run",
    "run_batch",
    "scan",
    "scan_pieces",
    "validate",
    "validate_document",
    "validate_inputs",
]

Check = Callable[["Document"], Iterable[Finding]]
"""A semantic check: takes a structurally valid document, yields findings."""

Importers = Callable[[Input], "str | None"]
"""Which importer reads an input (None: canonical JSON or JSON Lines, read by the core)."""

Progress = Callable[[int], None]
"""Called with the number of input bytes just finished, for progress bars."""


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
# The read buffer of a JSON Lines file: a line of a few KiB takes several reads with the
# default 8 KiB; 64 KiB holds most lines whole and keeps streaming memory small.
_LINE_BUFFER = 64 << 10


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
    from pydantic import BaseModel

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
    if isinstance(checked, list):
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
    result = check_bytes(data, checks, file=file, index=index, line=line, models=False)
    return list(result.findings)


def check_one(
    data: bytes, checks: Sequence[Check], *, file: str | None, index: int, line: int
) -> tuple[list[Finding], str]:
    """:func:`check_document`, also returning the article id ("" when it did not load)."""
    result = check_bytes(data, checks, file=file, index=index, line=line, models=False)
    return list(result.findings), result.ident


@dataclass(frozen=True, slots=True)
class Result:
    """One document read and checked: what every command's gate decides on.

    Attributes:
        file: How findings name its file.
        index: 0-based position of the document in its file.
        line: 1-based line where it starts (1 for a whole file or a non-line format).
        findings: Structure findings, or the rule findings of a document that loaded; located
            and in position order.
        document: The document, when its structure loads (None: it does not).
        data: Its canonical JSON bytes, when it was read from canonical JSON (to locate).
        origin: What its importer knows of where it came from (:attr:`Loaded.origin`: the
            brat importer's ``article`` and ``annotator``); empty for canonical JSON.
        plain: The document as plain data, when its structure loads and it was not built as
            models (``document`` is then None): checked without models, for a gate that
            needs none (``RunSettings.models``) and a document no rule finds anything in.
    """

    file: str | None
    index: int
    line: int
    findings: tuple[Finding, ...]
    document: Document | None = None
    data: bytes | None = field(default=None, repr=False)
    origin: tuple[tuple[str, str], ...] = ()
    plain: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def ident(self) -> str:
        """The article id ("" when the structure did not load)."""
        if self.document is not None:
            return self.document.article.id
        return "" if self.plain is None else str(self.plain["article"]["id"])

    @property
    def loads(self) -> bool:
        """True when the structure loads (as models, or checked as plain data)."""
        return self.document is not None or self.plain is not None

    @property
    def errors(self) -> bool:
        """True when a finding is an error (or the structure did not load)."""
        return not self.loads or any(f.is_error for f in self.findings)


def check_bytes(
    data: bytes,
    checks: Sequence[Check],
    *,
    file: str | None,
    index: int = 0,
    line: int = 1,
    locate: bool = True,
    models: bool = True,
) -> Result:
    """Check one document given as its canonical JSON bytes: structure, then ``checks``.

    With ``locate`` False, rule findings keep their JSON pointers without a line and column
    (structure findings are always located). With ``models`` False, a valid document in which
    no rule can find anything (every check a :class:`~newsschema.rules.RuleSet` whose rules'
    quiet tests say so) is checked as plain data and not built: its result holds ``plain``
    instead of ``document``, with no findings, as the models would have given. Any other
    document is built and checked as with ``models``.
    """
    if models:
        loaded = load_one(data, file=file, index=index, line=line)
    else:
        parsed = parse(data, for_model=True)
        if not isinstance(parsed, Finding):
            rule_sets = _plain_checks(checks)
            plain = None if rule_sets is None else plain_document(parsed[0])
            if plain is not None:
                for rules in rule_sets or ():
                    if not rules.quiet(plain):
                        break
                else:
                    return Result(file, index, line, (), None, data, plain=plain)
        loaded = load_parsed(data, parsed, file=file, index=index, line=line)
    if loaded.document is None:
        foreign = _foreign_finding(data, loaded.findings, file=file, index=index, line=line)
        found = [foreign] if foreign else sorted(loaded.findings, key=_position)
        return Result(file, index, line, tuple(found), None, data)
    return check_loaded(loaded, checks, data, locate=locate)


def _plain_checks(checks: Sequence[Check]) -> Sequence[RuleSet] | None:
    """``checks`` when each is a rule set that can clear plain data, else None (use models)."""
    for check in checks:
        if not (isinstance(check, RuleSet) and check.plain):
            return None
    return checks  # type: ignore[return-value]  # each one is a RuleSet (checked above)


def check_loaded(
    loaded: Loaded, checks: Sequence[Check], data: bytes | None = None, *, locate: bool = True
) -> Result:
    """Check a document an importer read: its structure findings, then ``checks`` if it loaded.

    Args:
        loaded: What the importer read.
        checks: Semantic checks for a document whose structure loads.
        data: The document's canonical JSON bytes, to give rule findings a line and column
            (other formats keep JSON pointers into the canonical document).
        locate: Locate rule findings in ``data`` (False: pointers only).
    """
    file, index, line = loaded.file, loaded.index, loaded.line
    if loaded.document is None:
        found = sorted(loaded.findings, key=_position)
        return Result(file, index, line, tuple(found), None, data)
    ruled = validate_document(loaded.document, checks)
    if ruled and data is not None and locate:
        ruled = _locate(ruled, data, line=line)
    ruled = [f.at(file=file, document=index) for f in ruled]
    found = sorted([*loaded.findings, *ruled], key=_position)
    return Result(file, index, line, tuple(found), loaded.document, data, loaded.origin)


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of work: a whole input, or a byte slice ``[start, end)`` of a JSONL file.

    A unit whose input cannot be read twice (standard input, a pipe, a FIFO) is loaded when it
    is planned and keeps its bytes in ``data``: it is read once, and wherever it runs it checks
    exactly those bytes. A unit of another format than canonical JSON names its ``importer``
    and the typed ``options`` it reads with.
    """

    name: str
    path: str | None  # None: standard input (or the bytes in ``data``)
    jsonl: bool = False
    start: int = 0
    end: int | None = None
    missing: bool = False
    problem: str = ""
    data: bytes | None = None
    importer: str | None = None  # None: canonical JSON or JSON Lines (read by the core)
    options: ReadOptions | None = None


@dataclass(frozen=True, slots=True)
class RunSettings:
    """How every unit of a run is checked: the same wherever the unit runs.

    Attributes:
        checks: Semantic checks for each structurally valid document (picklable for workers).
        fail_fast: Stop at the first document with an error.
        record: Keep each document's article id and checking time (``Chunk.cases``).
        pin: Fingerprint the bytes checked (``Chunk.fingerprint``), so that a later pass can
            prove it reads the same bytes (conversion).
        locate: Give rule findings of canonical JSON a line and column. A gate that only
            counts them (``agree``) turns it off and locates the few it shows (finding a
            pointer in its document's text is most of the cost of checking).
        models: The gate needs every valid document as models (``Result.document``). A gate
            that only reads findings and counts (``validate``) turns it off: a valid document
            no rule finds anything in is then checked as plain data and never built
            (``Result.plain``; :mod:`newsschema._plain`), with the same findings.
    """

    checks: Sequence[Check] = DEFAULT_CHECKS
    fail_fast: bool = False
    record: bool = False
    pin: bool = False
    locate: bool = True
    models: bool = True


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


def _slice_lines(handle: BinaryIO, start: int, end: int | None) -> Iterator[tuple[int, bytes]]:
    """Yield (offset, line) for the lines that start in ``[start, end)``.

    A line belongs to the slice it starts in.
    """
    position = start
    if start > 0:
        handle.seek(start - 1)
        position = start - 1 + len(handle.readline())  # the rest of the previous slice's line
    while end is None or position < end:
        line = handle.readline()
        if not line:
            return
        yield position, line
        position += len(line)


def _tally(
    chunk: Chunk, result: Result, settings: RunSettings, started: float, index: int | None = None
) -> Result:
    """Count one checked document into its unit's chunk; NS024 is said once per unit."""
    if settings.record:  # only when asked: one record per document grows with the input
        where = chunk.documents if index is None else index
        chunk.cases.append((where, result.ident, time.perf_counter() - started))
    chunk.documents += 1
    found = result.findings
    if found and found[0].code == "NS024":
        # Said once per file: every document of a foreign file is foreign.
        if chunk.foreign:
            found = ()
            result = Result(result.file, result.index, result.line, (), None, result.data)
        chunk.foreign = True
    if not found and result.loads:
        return result  # no finding: nothing to count but the document
    chunk.findings.extend(found)
    if result.errors:
        chunk.invalid += 1
        chunk.stopped = settings.fail_fast
    return result


Piece = tuple[int, int, bytes]
"""One canonical JSON document to check: its line, its index in its file, and its bytes."""


def _lines_as_pieces(
    lines: Iterable[tuple[int, bytes]],
    chunk: Chunk,
    settings: RunSettings,
    progress: Progress | None,
) -> Iterator[Piece]:
    """The documents of JSON Lines, counting every line, byte (and fingerprint) into ``chunk``."""
    for offset, raw in lines:
        chunk.lines += 1
        chunk.size += len(raw)
        if settings.pin:
            chunk.fingerprint = add_piece(chunk.fingerprint, offset, raw)
        # A line that starts with no blank holds a document: no stripped copy of it is made.
        if raw[0] not in b" \t\r\n" or raw.strip(b" \t\r\n"):
            yield chunk.lines, chunk.documents, raw.rstrip(b"\r\n")
        # Reached when the next piece is asked for: after fail-fast stops, nothing more counts.
        if progress is not None:
            progress(len(raw))


def scan_pieces(
    pieces: Iterable[Piece], settings: RunSettings, chunk: Chunk, *, numbered: bool = False
) -> Iterator[Result]:
    """Check canonical JSON documents one by one into ``chunk`` (the loop of :func:`scan`).

    Args:
        pieces: (line, index, bytes) of each document, in order.
        settings: How to check them.
        chunk: Where they are counted.
        numbered: The indexes are the documents' places in their whole file (records of the
            Dask bag API), kept as they are in ``chunk.cases``.
    """
    record = settings.record
    for line, index, data in pieces:
        started = time.perf_counter() if record else 0.0
        result = check_bytes(
            data,
            settings.checks,
            file=chunk.file,
            index=index,
            line=line,
            locate=settings.locate,
            models=settings.models,
        )
        yield _tally(chunk, result, settings, started, index if numbered else None)
        if chunk.stopped:
            return


def _unreadable(chunk: Chunk, message: str) -> Chunk:
    # Not counted as a document: nothing was read (the NS030 error fails the run).
    chunk.findings.append(Finding("NS030", Severity.ERROR, message, file=chunk.file))
    return chunk


def _scan_imported(
    unit: Unit, chunk: Chunk, settings: RunSettings, progress: Progress | None
) -> Iterator[Result]:
    """The documents of a unit in another format, read by its importer."""
    from newsschema.formats import IMPORTERS  # only a run that reads other formats loads them

    importer = IMPORTERS[unit.importer or "json"]
    read = unit.options or ReadOptions()
    options = read.for_importer(importer.name)
    loaded_all: Iterable[Loaded]
    if unit.data is not None:
        chunk.size = len(unit.data)
        loaded_all = importer.read_bytes(unit.data, unit.name, options)
    else:
        loaded_all = importer.read(Path(unit.path or "-"), options)
    loaded_all = read.fill(loaded_all, importer.name)
    for loaded in loaded_all:
        if any(f.code == "NS030" for f in loaded.findings):
            chunk.findings.extend(loaded.findings)  # nothing was read: not a document
            chunk.invalid += 1
            continue
        started = time.perf_counter()
        yield _tally(chunk, check_loaded(loaded, settings.checks), settings, started)
        if chunk.stopped:
            return
    if progress is not None and chunk.size:
        progress(chunk.size)


def scan(
    unit: Unit, settings: RunSettings, chunk: Chunk, progress: Progress | None = None
) -> Iterator[Result]:
    """Read and check every document of one unit, in order: the one loop over documents.

    Every command reads through here (validate, convert, format, diff, agree; on any engine):
    each document is yielded as its :class:`Result` while ``chunk`` counts what was read
    (lines, documents, documents with errors, findings, bytes and their fingerprint). A pure
    function of the unit's bytes and the settings, so it gives the same results in this
    process, in a worker process or on a cluster. Lines and documents are counted from the
    unit's start. Stops after a document with an error when ``settings.fail_fast``.
    """
    if unit.missing:
        _unreadable(chunk, unit.problem)
        return
    if unit.importer is not None:
        try:
            yield from _scan_imported(unit, chunk, settings, progress)
        except OSError as exc:
            _unreadable(chunk, f"cannot read file: {exc.strerror or exc}")
        return
    data = unit.data
    try:
        if data is None and unit.path is None:
            data = _read_stdin()  # a unit built by hand; planned ones carry their bytes
        if data is not None:
            if unit.jsonl or (unit.path is None and _looks_like_jsonl(data)):
                lines = _slice_lines(io.BytesIO(data), 0, unit.end)
                pieces = _lines_as_pieces(lines, chunk, settings, progress)
                yield from scan_pieces(pieces, settings, chunk)
                return
        elif unit.jsonl and unit.path is not None:
            # A buffer well above a line's size: with the default (8 KiB) a line of a few KiB
            # costs several raw reads and joins, as much as parsing it.
            with open(unit.path, "rb", buffering=_LINE_BUFFER) as handle:
                lines = _slice_lines(handle, unit.start, unit.end)
                pieces = _lines_as_pieces(lines, chunk, settings, progress)
                yield from scan_pieces(pieces, settings, chunk)
                return
        elif unit.path is not None:
            with open(unit.path, "rb") as handle:
                data = handle.read() if unit.end is None else handle.read(unit.end)
    except OSError as exc:
        _unreadable(chunk, f"cannot read file: {exc.strerror or exc}")
        return
    if data is None:  # unreachable: a unit has a path or bytes
        _unreadable(chunk, "nothing to read")
        return
    started = time.perf_counter()
    result = check_bytes(
        data,
        settings.checks,
        file=chunk.file,
        index=0,
        line=1,
        locate=settings.locate,
        models=settings.models,
    )
    if settings.pin:
        chunk.fingerprint = add_piece(0, 0, data)
    chunk.size = len(data)
    yield _tally(chunk, result, settings, started)
    if progress is not None:
        progress(len(data))


def run(unit: Unit, settings: RunSettings, progress: Progress | None = None) -> Chunk:
    """Check one unit of work and count what it found (what a worker runs): see :func:`scan`."""
    chunk = Chunk(unit.name, unit.name)
    for _ in scan(unit, settings, chunk, progress):
        pass
    return chunk


def check_unit(
    unit: Unit,
    checks: Sequence[Check],
    fail_fast: bool,
    progress: Progress | None = None,
    record: bool = False,
) -> Chunk:
    """:func:`run` with the settings given one by one."""
    return run(unit, RunSettings(tuple(checks), fail_fast, record, models=False), progress)


def run_batch(task: tuple[tuple[Unit, ...], RunSettings]) -> list[Chunk]:
    """Check a batch of units in order (what an executor sends to a worker)."""
    units, settings = task
    chunks = []
    for unit in units:
        chunk = run(unit, settings)
        chunks.append(chunk)
        if chunk.stopped:
            break
    return chunks


def _load(item: Input, importer: str | None = None, options: ReadOptions | None = None) -> Unit:
    """The unit of a whole input; one that cannot be read twice is read now, once."""
    if item.missing:
        return Unit(item.name, None, missing=True, problem=item.problem)
    if item.path is None:
        data = _read_stdin()
        jsonl = importer is None and _looks_like_jsonl(data)
        return Unit(item.name, None, jsonl=jsonl, data=data, importer=importer, options=options)
    path = os.fspath(item.path)
    if not is_regular(item.path):
        try:
            data = read_once(item.path)
        except OSError as exc:
            return Unit(item.name, None, missing=True, problem=f"cannot read file: {exc.strerror}")
        jsonl = importer is None and (is_jsonl(path) or _looks_like_jsonl(data))
        return Unit(item.name, path, jsonl=jsonl, data=data, importer=importer, options=options)
    jsonl = importer is None and is_jsonl(path)
    return Unit(item.name, path, jsonl=jsonl, importer=importer, options=options)


def _split(unit: Unit, jobs: int, blocksize: int | None) -> list[Unit]:
    """Cut a JSONL file into byte slices: ``blocksize`` bytes, or enough for ``jobs`` workers."""
    if unit.path is None or unit.data is not None or not unit.jsonl or unit.importer:
        return [unit]
    if blocksize is None and jobs < 2:
        return [unit]
    try:
        size = os.path.getsize(unit.path)
    except OSError:
        return [unit]
    step = blocksize or min(max(size // (8 * jobs), _MIN_SLICE), _MAX_SLICE)
    if size <= step:
        return [unit]
    bounds = [*range(0, size, step), size]
    return [Unit(unit.name, unit.path, True, a, b) for a, b in itertools.pairwise(bounds)]


def plan(
    inputs: Iterable[Input],
    *,
    jobs: int = 1,
    blocksize: int | None = None,
    importers: Importers | None = None,
    options: ReadOptions | None = None,
) -> Iterator[Unit]:
    """Turn inputs into units of work, in input order (lazily: stdin is read when reached).

    Args:
        inputs: What to read (see :func:`newsschema._inputs.expand_inputs`).
        jobs: Workers the units are for: with 2 or more, JSON Lines files are cut into slices.
        blocksize: Bytes per JSON Lines slice (overrides the size chosen for ``jobs``).
        importers: Which importer reads each input (default: all canonical JSON).
        options: How importers of other formats read (labels, ``--set``).
    """
    for item in inputs:
        importer = None if importers is None or item.missing else importers(item)
        yield from _split(_load(item, importer, options), jobs, blocksize)


def _batches(units: Iterable[Unit], size: int) -> Iterator[tuple[Unit, ...]]:
    """Group units into worker tasks: each JSONL file slice alone, other units ``size`` at once."""
    batch: list[Unit] = []
    for unit in units:
        if unit.jsonl and unit.data is None:
            if batch:
                yield tuple(batch)
                batch = []
            yield (unit,)
            continue
        batch.append(unit)
        if len(batch) >= size:
            yield tuple(batch)
            batch = []
    if batch:
        yield tuple(batch)


def execute(
    units: Iterable[Unit],
    settings: RunSettings,
    executor: Executor,
    progress: Progress | None = None,
) -> Iterator[Chunk]:
    """Run every unit on ``executor`` and yield the chunks in input order.

    In this process, ``progress`` is called as bytes are checked; elsewhere, as chunks return.
    Stops after a chunk that stopped (``fail_fast``).
    """
    if executor.in_process:
        for unit in units:
            chunk = run(unit, settings, progress)
            yield chunk
            if chunk.stopped:
                return
        return
    tasks = ((batch, settings) for batch in _batches(units, _BATCH_FILES))
    for chunks in executor.map(run_batch, tasks):
        for chunk in chunks:
            if progress is not None:
                progress(chunk.size)
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
    executor: Executor | None = None,
    blocksize: int | None = None,
    importers: Importers | None = None,
    options: ReadOptions | None = None,
    cache: ResultCache | None = None,
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
        executor: Where the units run (default: ``jobs`` local processes).
        blocksize: Bytes per JSON Lines slice (default: chosen for ``jobs``).
        importers: Which importer reads each input (default: all canonical JSON).
        options: How importers of other formats read (labels, ``--set``).
        cache: Where results of earlier runs are replayed from and this run's are kept
            (canonical JSON and JSON Lines files only; :mod:`newsschema._cache`). The report
            is the same with and without it, but for ``cached``.
    """
    executor = executor or LocalExecutor(jobs)
    settings = RunSettings(tuple(checks), fail_fast, cases, models=False)
    names = [item.name for item in inputs]
    if cache is not None and importers is None:
        chunks = _through_cache(inputs, settings, executor, progress, cache, blocksize)
        try:
            return merge(chunks, names, found=found, cases=cases)
        finally:
            cache.commit()
    units = plan(
        inputs, jobs=executor.workers, blocksize=blocksize, importers=importers, options=options
    )
    return merge(execute(units, settings, executor, progress), names, found=found, cases=cases)


def _through_cache(
    inputs: Sequence[Input],
    settings: RunSettings,
    executor: Executor,
    progress: Progress | None,
    cache: ResultCache,
    blocksize: int | None,
) -> Iterator[Chunk]:
    """The chunks of every input in order: replayed from ``cache``, or checked and kept.

    A file the cache has is one chunk (counted from its start), as :func:`merge` takes the
    first chunk of a file. The others are planned and run as without a cache, with their bytes
    fingerprinted, and each file's chunks are offered to the cache when its last one is back.
    """
    hits = cache.look_up(inputs)
    owners: collections.deque[int] = collections.deque()  # the input of each planned unit
    handed: dict[int, bytes] = {}  # input -> the key of the bytes handed to the checker

    def units() -> Iterator[Unit]:
        for position, item in enumerate(inputs):
            hit = hits[position]
            if hit is not None and hit.chunk is not None:
                continue
            whole = cache.read_whole(item) if hit is not None and hit.whole else None
            if whole is not None:
                # Checked as the very bytes that are hashed: nothing to pin.
                data, handed[position] = whole
                owners.append(position)
                yield Unit(item.name, os.fspath(item.path or ""), data=data)
                continue
            for unit in plan([item], jobs=executor.workers, blocksize=blocksize):
                owners.append(position)
                yield unit

    def keep(position: int, parts: list[Chunk]) -> None:
        hit = hits[position]
        if position in handed:
            cache.keep_checked(handed.pop(position), whole_input(parts))
        elif hit is not None and parts:
            cache.keep(hit, parts, whole_input(parts))

    def replayed(until: int) -> Iterator[Chunk]:
        for position in range(done, until):
            hit = hits[position]
            chunk = None if hit is None else hit.chunk
            assert chunk is not None  # every input before a checked one was replayed
            if progress is not None:
                progress(chunk.size)
            yield chunk

    # Pinned only when some file is checked from its path (JSON Lines, large files).
    pin = any(hit is not None and hit.pin is not None for hit in hits)
    checked = execute(units(), replace(settings, pin=pin), executor, progress)
    done = 0  # inputs yielded so far
    parts: list[Chunk] = []
    for chunk in checked:
        position = owners.popleft()
        if position >= done:  # the first chunk of the next checked input
            if parts:
                keep(done - 1, parts)
                parts = []
            for replay in replayed(position):
                yield replay
                if replay.stopped:
                    return
            done = position + 1
        parts.append(chunk)
        if chunk.stopped:
            keep(position, parts)  # before yielding: the consumer stops at a stopped chunk
            yield chunk
            return
        yield chunk
    if parts:
        keep(done - 1, parts)
    for replay in replayed(len(inputs)):
        yield replay
        if replay.stopped:
            return


def _is_document(value: object) -> TypeIs[Document]:
    """True when ``value`` is a :class:`Document` (without importing the models to ask)."""
    # A Document given means its module is loaded already.
    models = sys.modules.get("newsschema.models")
    return models is not None and isinstance(value, models.Document)


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
    if _is_document(target):
        found = sorted(_recheck(target, checks), key=sort_key)
        bad = any(f.severity is Severity.ERROR for f in found)
        return Report(tuple(found), (), 1, int(bad), (("<document>", 1),))
    if isinstance(target, bytes):
        chunk = Chunk("<bytes>", None)
        unit = Unit("<bytes>", None, jsonl=_looks_like_jsonl(target), data=target)
        for _ in scan(unit, RunSettings(tuple(checks), fail_fast, models=False), chunk):
            pass
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
