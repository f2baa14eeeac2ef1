"""Conversion: read documents in one format, refuse invalid input, write another format.

All input is checked before anything is written, so an invalid document never leads to a
half-exported output; every output is written atomically and never over an input file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from newsschema._atomic import atomic_write_all, atomic_write_bytes
from newsschema._heap import settled
from newsschema._inputs import (
    BUNDLE_DESCRIPTOR,
    DOCUMENT_SUFFIXES,
    Input,
    Pin,
    add_piece,
    expand_inputs,
    holds_inputs,
    is_regular,
    read_once,
)
from newsschema._names import display_name
from newsschema._parallel import LocalExecutor
from newsschema.findings import Finding, Severity, sort_key
from newsschema.formats import (
    EXPORTERS,
    IMPORTERS,
    BundleExporter,
    DocumentExporter,
    ExportError,
    Importer,
    Options,
    OutputRefused,
    StreamExporter,
    importer_for_bundle,
    importer_for_suffix,
    write_many,
)
from newsschema.loader import Loaded, is_jsonl, load_one, locate
from newsschema.models import Document
from newsschema.report import Report
from newsschema.validation import (
    ERROR_CHECKS,
    Check,
    Chunk,
    RunSettings,
    execute,
    merge,
    plan,
    validate_document,
)

__all__ = [
    "ConvertError",
    "ConvertResult",
    "convert",
    "expand_arguments",
    "guard_inputs",
    "guard_outputs",
    "output_is_directory",
    "read_documents",
]


class ConvertError(Exception):
    """Conversion was refused; ``findings`` says why (invalid input) or ``usage`` is set.

    Attributes:
        findings: Every finding in the input, when it was refused as invalid.
        usage: The request itself cannot be done (exit status 2, not 1).
        files: Names of the inputs read, for a report with true counts.
        documents: Documents read (valid or not).
        invalid_documents: Documents with at least one error.
    """

    def __init__(
        self,
        message: str,
        findings: Sequence[Finding] = (),
        *,
        usage: bool = False,
        files: Sequence[str] = (),
        documents: int = 0,
        invalid_documents: int = 0,
    ) -> None:
        super().__init__(message)
        self.findings = list(findings)
        self.usage = usage
        self.files = tuple(files)
        self.documents = documents
        self.invalid_documents = invalid_documents

    def report(self) -> Report:
        """The refusal as a validation report (what ``validate`` would count)."""
        errors = {(f.file, f.document) for f in self.findings if f.is_error and f.code != "NS030"}
        return Report(
            tuple(self.findings),
            self.files,
            self.documents,
            self.invalid_documents or len(errors),
        )


@dataclass
class ConvertResult:
    """What a conversion wrote."""

    documents: int = 0
    outputs: list[str] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    """Warnings from reading the input (e.g. offsets converted by an annotation-tool importer)."""


def _importer(item: Input, source_format: str | None) -> Importer:
    if source_format is not None:
        return IMPORTERS[source_format]
    if item.path is None:
        return IMPORTERS["json"]
    if item.path.is_dir():
        # A directory given as a single input is a bundle; its datapackage.json names the format.
        bundle = importer_for_bundle(item.path)
        if bundle is not None:
            return bundle
    found = importer_for_suffix(item.path.suffix) if item.path.suffix else None
    if found is None:
        raise ConvertError(
            f"{item.name}: cannot tell the input format from the file name; use --from "
            f"({', '.join(sorted(IMPORTERS))})",
            usage=True,
        )
    return found


_READS_SETTINGS = frozenset({"brat", "doccano", "inception", "labelstudio"})
"""Importers that read ``--set article.FIELD=VALUE`` (tool data lacks article metadata)."""

# Importers whose files the core reads too: their bytes can be pinned between passes.
_CANONICAL = ("json", "jsonl")


@dataclass
class _Reads:
    """Everything a conversion reads, so that every pass sees the same bytes.

    Attributes:
        kept: The bytes of inputs that cannot be read twice (stdin, a pipe, a FIFO), read
            once; or why they could not be read.
        pins: When set, canonical files are read as the bytes the first pass checked (see
            :class:`~newsschema._inputs.Pin`), by input name.
    """

    kept: dict[Input, bytes | str] = field(default_factory=dict)
    pins: dict[str, Pin] | None = None


def _from_kept(
    item: Input, importer: Importer, options: Options, reads: _Reads
) -> Iterator[Loaded]:
    """Load an input that cannot be read twice from its bytes, reading it on first use only."""
    if item not in reads.kept:
        try:
            reads.kept[item] = (
                sys.stdin.buffer.read() if item.path is None else read_once(item.path)
            )
        except OSError as exc:
            reads.kept[item] = f"cannot read file: {exc.strerror or exc}"
    data = reads.kept[item]
    if isinstance(data, str):
        return iter([Loaded(None, [Finding("NS030", Severity.ERROR, data, file=item.name)])])
    name = item.name if item.path is None else display_name(item.path)
    return importer.read_bytes(data, name, options)


def _lines(handle: BinaryIO, limit: int | None) -> Iterator[tuple[int, bytes]]:
    """Yield (offset, line) of a file's lines, stopping after ``limit`` bytes."""
    offset = 0
    for line in handle:
        if limit is not None and offset + len(line) > limit:
            if offset < limit:
                yield offset, line[: limit - offset]
            return
        yield offset, line
        offset += len(line)


def _pinned(path: Path, name: str, pins: dict[str, Pin]) -> Iterator[Loaded]:
    """Load a canonical file as the bytes the first pass checked; the first pass pins them.

    Raises:
        ConvertError: the bytes differ from those checked (the input changed since).
    """
    pin = pins.get(name)
    limit = None if pin is None else pin.size
    seen = Pin()
    shown = display_name(path)  # as the canonical importers name it
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, generator lifetime
    except OSError as exc:
        message = f"cannot read file: {exc.strerror or exc}"
        yield Loaded(None, [Finding("NS030", Severity.ERROR, message, file=shown)])
        return
    with handle:
        if is_jsonl(path):
            index = 0
            for number, (offset, line) in enumerate(_lines(handle, limit), start=1):
                seen.add(len(line), add_piece(0, offset, line))
                if not line.strip(b" \t\r\n"):
                    continue
                yield load_one(line.rstrip(b"\r\n"), file=shown, index=index, line=number)
                index += 1
        else:
            data = handle.read() if limit is None else handle.read(limit)
            seen.add(len(data), add_piece(0, 0, data))
            yield load_one(data, file=shown)
    if pin is None:
        pins[name] = seen
    elif seen != pin:
        # Checked bytes only are written: this run stops, and its atomic output is abandoned.
        raise ConvertError(
            f"{name}: the input changed during the conversion (its bytes differ from those "
            "checked); nothing was written"
        )


def _read_items(
    items: Sequence[Input], source_format: str | None, options: Options, reads: _Reads
) -> Iterator[tuple[Input, Importer | None, Loaded]]:
    """Yield each loaded document with the input and importer it came from.

    Every input is read once per pass, and never more than once if it cannot be read twice.
    """
    for item in items:
        if item.missing:
            missing = Finding("NS030", Severity.ERROR, item.problem, file=item.name)
            yield item, None, Loaded(None, [missing])
            continue
        importer = _importer(item, source_format)
        if options.get("set") and importer.name not in _READS_SETTINGS:
            # A document format carries its own article fields: --set would be dropped silently.
            tools = ", ".join(sorted(_READS_SETTINGS))
            raise ConvertError(
                f"--set applies only to annotation-tool input ({tools}); {item.name} is read as "
                f"{importer.name}, whose documents carry their own article fields",
                usage=True,
            )
        loaded: Iterable[Loaded]
        if item.path is None or not is_regular(item.path):
            loaded = _from_kept(item, importer, options, reads)
        elif reads.pins is not None and importer.name in _CANONICAL and item.path.is_file():
            loaded = _pinned(item.path, item.name, reads.pins)
        else:
            loaded = importer.read(item.path, options)
        found = False
        for one in loaded:
            found = True
            yield item, importer, one
        if not found:
            # An input that holds no document fails the run: nothing is converted from nothing.
            what = getattr(importer, "description", importer.name)
            message = f"no document found in this input (read as --from {importer.name}: {what})"
            yield item, importer, Loaded(None, [_nothing(message, item)])


def _nothing(message: str, item: Input) -> Finding:
    return Finding("NS030", Severity.ERROR, message, file=item.name)


def _locate_in_source(
    found: list[Finding], item: Input, importer: Importer | None, loaded: Loaded
) -> list[Finding]:
    """Give rule findings the line and column of their place in canonical JSON input files.

    The loaded document keeps its bytes, so the input is not read again. Other formats (and
    standard input) keep JSON pointers into the canonical document.
    """
    if not found or item.path is None or importer is None or importer.name not in ("json", "jsonl"):
        return found
    if loaded.data is None:
        return found
    return locate(found, loaded.data, line=loaded.line)


def expand_arguments(arguments: Sequence[str], source_format: str | None = None) -> list[Input]:
    """Expand command-line arguments into inputs, in order (every engine reads the same ones)."""
    # A directory that is itself a bundle (has a datapackage.json, or is read by a folder
    # format such as brat) is one input, not a tree. With --from, a directory yields the files
    # of that format.
    folder_format = source_format is not None and "/" in IMPORTERS[source_format].suffixes
    suffixes = DOCUMENT_SUFFIXES
    if source_format is not None:
        suffixes = frozenset(s for s in IMPORTERS[source_format].suffixes if s != "/")
    items: list[Input] = []
    rest: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir() and (folder_format or (path / BUNDLE_DESCRIPTOR).is_file()):
            items.extend(expand_inputs(rest, suffixes))
            rest = []
            items.append(Input(path, argument))
        elif path.is_dir() and not holds_inputs(path, suffixes):
            # A folder with nothing to read is an error, not a conversion of nothing.
            items.extend(expand_inputs(rest, suffixes))
            rest = []
            items.append(Input(path, display_name(argument), True, _nothing_in(suffixes)))
        else:
            rest.append(argument)
    items.extend(expand_inputs(rest, suffixes))
    return items


def _nothing_in(suffixes: frozenset[str]) -> str:
    """Why a folder gave no input: what was searched for."""
    if not suffixes:
        return "a folder, and this --from format reads no folders: name its files"
    return f"no document found in this folder (searched for {', '.join(sorted(suffixes))} files)"


def read_documents(
    arguments: Sequence[str],
    *,
    source_format: str | None = None,
    options: Options | None = None,
    checks: Sequence[Check] = ERROR_CHECKS,
) -> list[Document]:
    """Read and check every input document; raise with every finding if any is invalid.

    Raises:
        ConvertError: some input is unreadable or invalid (``findings`` lists all problems).
    """
    documents: list[Document] = []
    _check(
        expand_arguments(arguments, source_format),
        source_format,
        options or {},
        checks,
        documents.append,
        reads=_Reads(),
    )
    return documents


def _check(
    items: Sequence[Input],
    source_format: str | None,
    options: Options,
    checks: Sequence[Check],
    keep: Callable[[Document], None],
    progress: Callable[[int], None] | None = None,
    warnings: list[Finding] | None = None,
    *,
    reads: _Reads,
) -> int:
    """Read and check every input, passing each valid document to ``keep``; return the count.

    Raises:
        ConvertError: some input is unreadable or invalid (``findings`` lists all problems).
    """
    count = 0
    for document in _checked(
        items, source_format, options, checks, progress, warnings, reads=reads
    ):
        keep(document)
        count += 1
    return count


def _checked(
    items: Sequence[Input],
    source_format: str | None,
    options: Options,
    checks: Sequence[Check],
    progress: Callable[[int], None] | None = None,
    warnings: list[Finding] | None = None,
    *,
    reads: _Reads,
) -> Iterator[Document]:
    """Read and check every input, yielding the valid documents until the first error.

    After an error the rest is still read and checked (so that every finding is reported) but
    nothing more is yielded; the generator then raises. A consumer that writes while it
    iterates (one pass over the input) abandons its atomic output when the error comes.

    Raises:
        ConvertError: some input is unreadable or invalid (``findings`` lists all problems).
    """
    read = invalid = 0
    failed = False
    findings: list[Finding] = []
    for item, importer, loaded in _read_items(items, source_format, options, reads):
        findings.extend(loaded.findings)
        failed = failed or any(f.severity is Severity.ERROR for f in loaded.findings)
        if item.missing or any(f.code == "NS030" for f in loaded.findings):
            continue  # nothing was read: not a document
        read += 1
        if progress is not None:
            progress(1)
        if loaded.document is not None:
            found = _locate_in_source(
                validate_document(loaded.document, checks), item, importer, loaded
            )
            findings.extend(f.at(file=loaded.file, document=loaded.index) for f in found)
            if not any(f.severity is Severity.ERROR for f in found):
                if not failed:
                    yield loaded.document
                continue
        invalid += 1
        failed = True
    if read == 0 and not items:
        findings.append(Finding("NS030", Severity.ERROR, "nothing to convert: no input"))
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if warnings is not None:
        warnings.extend(sorted((f for f in findings if not f.is_error), key=sort_key))
    if errors:
        raise ConvertError(
            f"refusing to convert: {len(errors)} error(s) in the input",
            sorted(findings, key=sort_key),
            files=[item.name for item in items],
            documents=read,
            invalid_documents=invalid,
        )


def _canonical_files(items: Sequence[Input], source_format: str | None) -> bool:
    """True when every input is a canonical JSON or JSON Lines file (what workers can read)."""
    if source_format not in (None, "json", "jsonl"):
        return False
    return all(
        item.path is not None
        and not item.missing
        and item.path.suffix.lower() in DOCUMENT_SUFFIXES
        and is_regular(item.path)
        for item in items
    )


def _check_in_parallel(
    items: Sequence[Input],
    checks: Sequence[Check],
    jobs: int,
    progress: Callable[[int], None] | None,
) -> dict[str, Pin]:
    """Run the checks in ``jobs`` worker processes, as ``validate --jobs`` does.

    Returns:
        The pin of every input: the bytes the workers checked, which later passes must read.

    Raises:
        ConvertError: some input is invalid (``findings`` lists all problems).
    """
    pins: dict[str, Pin] = {}

    def pinned(chunks: Iterable[Chunk]) -> Iterator[Chunk]:
        for chunk in chunks:
            pins.setdefault(chunk.name, Pin()).add(chunk.size, chunk.fingerprint)
            yield chunk

    settings = RunSettings(tuple(checks), pin=True)
    chunks = execute(plan(items, jobs=jobs), settings, LocalExecutor(jobs))
    report = merge(pinned(chunks), [item.name for item in items])
    if progress is not None:
        progress(report.documents)
    if not report.valid:
        raise ConvertError(
            f"refusing to convert: {report.errors} error(s) in the input",
            report.findings,
            files=report.files,
            documents=report.documents,
            invalid_documents=report.invalid_documents,
        )
    return pins


def _missing_parents(target: Path) -> list[Path]:
    """The folders above ``target`` that do not exist yet, deepest first."""
    missing = []
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    return missing


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders this run made (deepest first), as long as they are still empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (or not ours any more): keep it and everything above it


def guard_inputs(output: Path, inputs: Sequence[Input]) -> None:
    """Refuse an output that is one of the inputs (an input is never overwritten).

    Raises:
        ConvertError: ``output`` is one of ``inputs`` (a usage error).
    """
    guard_outputs([output], inputs)


def _identity(path: Path | str) -> tuple[int, int] | None:
    """The (device, inode) of an existing file, or None."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def guard_outputs(outputs: Iterable[Path], inputs: Sequence[Input]) -> None:
    """:func:`guard_inputs` for many outputs, with each input resolved once (not per output).

    Raises:
        ConvertError: an output is one of ``inputs`` (a usage error).
    """
    named = [(item, os.path.realpath(item.path)) for item in inputs if item.path is not None]
    if not named:
        return
    # The first input a path or file is given as names it in the message.
    by_path: dict[str, Input] = {}
    by_identity: dict[tuple[int, int], Input] = {}
    for item, resolved in named:
        by_path.setdefault(resolved, item)
        key = _identity(resolved)
        if key is not None:
            by_identity.setdefault(key, item)
    for output in outputs:
        same = by_path.get(os.path.realpath(output))
        if same is None and by_identity:
            identity = _identity(output)
            same = by_identity.get(identity) if identity is not None else None
        if same is not None:
            raise ConvertError(
                f"{output}: the output may not be the input ({same.name})", usage=True
            )


def output_is_directory(output: str, items: Sequence[Input], arguments: Sequence[str]) -> bool:
    """Whether ``-o output`` of a one-file-per-document format names a directory (every engine).

    It does when it is one, ends with a separator, or the input is a directory or several files
    (so the layout does not depend on how many documents a folder happens to hold).
    """
    many_inputs = len(items) > 1 or any(
        Path(a).is_dir() and not (Path(a) / BUNDLE_DESCRIPTOR).is_file() for a in arguments
    )
    return Path(output).is_dir() or output.endswith(("/", os.sep)) or many_inputs


def _write_each(
    exporter: DocumentExporter,
    documents: Sequence[Document],
    options: Options,
    target: Path | None,
    as_directory: bool,
    items: Sequence[Input],
    result: ConvertResult,
) -> bytes | None:
    """Write one file per document into ``target`` (a file, or a directory when it must be).

    Returns:
        The bytes for standard output (one document and no target), else None.

    Raises:
        ConvertError: several documents and no target, or two documents share a file name.
    """
    if len(documents) == 1 and not as_directory:
        data = exporter.dump(documents[0], options)
        if target is None:
            return data
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)
        result.outputs.append(str(target))
        return None
    if target is None:
        raise ConvertError(
            f"{len(documents)} documents and --to {exporter.name} writes one file each: "
            "give -o DIRECTORY",
            usage=True,
        )
    names = [f"{d.article.id}{exporter.suffix}" for d in documents]
    if len(set(names)) != len(names):
        raise ConvertError("two input documents share an article id; outputs would collide")
    target.mkdir(parents=True, exist_ok=True)
    rendered = [
        (target / name, exporter.dump(d, options)) for name, d in zip(names, documents, strict=True)
    ]
    guard_outputs((path for path, _ in rendered), items)
    # One flush of the disk per batch of files, not per file (the cost of many small outputs).
    for path in atomic_write_all(rendered):
        result.outputs.append(str(path))
    return None


def _write_many(
    exporter: StreamExporter | BundleExporter,
    documents: Iterable[Document],
    target: Path,
    options: Options,
) -> None:
    """Write a stream or bundle; an exporter's refusal is a :class:`ConvertError`."""
    try:
        write_many(exporter, documents, target, options)
    except ExportError as exc:
        raise ConvertError(str(exc), usage=isinstance(exc, OutputRefused)) from exc


def convert(
    arguments: Sequence[str],
    *,
    to: str,
    output: str | None,
    source_format: str | None = None,
    options: Options | None = None,
    checks: Sequence[Check] = ERROR_CHECKS,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> tuple[ConvertResult, bytes | None]:
    """Convert the documents named by ``arguments`` to format ``to``.

    Args:
        arguments: Files, directories, globs or ``-``.
        to: Exporter name.
        output: Output path; None or ``-`` for standard output.
        source_format: Importer name (default: from each file's suffix).
        options: Format-specific exporter options.
        checks: The rules the input must pass (their errors refuse the conversion).
        jobs: Worker processes for checking canonical JSON and JSON Lines input.
        progress: Called with the number of documents just checked.

    Returns:
        What was written, and the bytes for standard output when ``output`` is None or ``-``.

    Raises:
        ConvertError: invalid input (with findings) or an impossible request (``usage``).
    """
    options = options or {}
    exporter = EXPORTERS[to]
    items = expand_arguments(arguments, source_format)
    to_stdout = output in (None, "-")
    target = None if to_stdout else Path(output)  # type: ignore[arg-type]
    if target is not None:
        guard_inputs(target, items)
    if exporter.layout == "bundle" and target is None:
        raise ConvertError(f"--to {to} writes a directory or archive: give -o PATH", usage=True)
    reads = _Reads()
    if jobs > 1 and _canonical_files(items, source_format):
        reads.pins = _check_in_parallel(items, checks, jobs, progress)
        checks, progress = (), None  # the rules have run; reading still checks the structure
    if exporter.layout != "document" and target is not None and all(i.path for i in items):
        # Streaming in constant memory and one pass: each document is written as soon as it is
        # checked; an error anywhere (reported with every other finding) abandons the atomic
        # output, so nothing is written unless every input passed.
        result = ConvertResult()
        written = 0

        def counted(documents: Iterator[Document]) -> Iterator[Document]:
            nonlocal written
            for document in documents:
                written += 1
                yield document

        checked = _checked(
            items, source_format, options, checks, progress, result.warnings, reads=reads
        )
        made = _missing_parents(target)
        target.parent.mkdir(parents=True, exist_ok=True)  # as for one-file outputs
        try:
            _write_many(exporter, counted(checked), target, options)
        except BaseException:
            _remove_empty(made)  # refused input or interrupted: no folder is left behind either
            raise
        result.documents = written
        result.outputs.append(str(target))
        return result, None
    documents: list[Document] = []
    result = ConvertResult()

    # Each document kept until the outputs are written leaves the collector's generations as
    # it is kept: full collections would otherwise walk them all again and again.
    with settled() as settle:

        def keep(document: Document) -> None:
            documents.append(document)
            settle()

        _check(
            items,
            source_format,
            options,
            checks,
            keep,
            progress,
            result.warnings,
            reads=reads,
        )
        result.documents = len(documents)
        if exporter.layout == "document":
            as_directory = target is not None and output_is_directory(str(output), items, arguments)
            data = _write_each(exporter, documents, options, target, as_directory, items, result)
            return result, data
        if target is not None:
            _write_many(exporter, documents, target, options)
            result.outputs.append(str(target))
            return result, None
        if exporter.layout == "stream":
            return result, b"".join(exporter.dump(d, options) for d in documents)
        raise ConvertError(f"--to {to} writes a directory or archive: give -o PATH", usage=True)
