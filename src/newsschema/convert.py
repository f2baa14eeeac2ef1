"""Conversion: read documents in one format, gate them, write another format.

The inputs are read and checked by the one core (:func:`newsschema.validation.scan`); the
conversion's gate refuses invalid input (nothing is written), or with ``keep_going`` writes
every document without errors and reports the others. Every output is written atomically and
never over an input file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from newsschema._atomic import atomic_write_bytes, may_exist
from newsschema._folder import (
    FolderWriter,
    NameTaken,
    atomic_write_folder,
    missing_folders,
    remove_empty,
)
from newsschema._heap import settled
from newsschema._inputs import (
    BUNDLE_DESCRIPTOR,
    DOCUMENT_SUFFIXES,
    Input,
    Pin,
    expand_inputs,
    holds_inputs,
    is_regular,
)
from newsschema._names import display_name
from newsschema._parallel import Executor, LocalExecutor
from newsschema.errors import EXIT_INVALID, EXIT_USAGE, NewsschemaError, UsageError
from newsschema.findings import Finding, Severity, aggregated, sort_key
from newsschema.formats import (
    EXPORTERS,
    IMPORT_SUFFIXES,
    IMPORTERS,
    BundleExporter,
    DocumentExporter,
    ExportError,
    FormatOptions,
    GivenOptions,
    Importer,
    OptionError,
    Options,
    OutputRefused,
    StreamExporter,
    importer_for_bundle,
    importer_for_suffix,
    write_many,
    write_options_type,
)
from newsschema.reading import ReadOptions, read_options
from newsschema.report import Report
from newsschema.validation import (
    ERROR_CHECKS,
    Check,
    Chunk,
    Result,
    RunSettings,
    Unit,
    execute,
    merge,
    plan,
    scan,
)

if TYPE_CHECKING:  # annotations only: valid documents may be converted without the models
    from newsschema.models import Document

__all__ = [
    "ConvertError",
    "ConvertResult",
    "convert",
    "expand_arguments",
    "guard_inputs",
    "guard_outputs",
    "importer_of",
    "named_inputs",
    "output_is_directory",
    "read_documents",
]


class ConvertError(NewsschemaError):
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

    @property
    def exit_status(self) -> int:  # type: ignore[override]
        """2 for a request that cannot be done, 1 for invalid input."""
        return EXIT_USAGE if self.usage else EXIT_INVALID

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
    left_out: int = 0
    """Documents with errors that ``keep_going`` did not write."""
    findings: list[Finding] = field(default_factory=list)
    """Every finding, when ``keep_going`` left something out (or an input was unreadable)."""
    read: int = 0
    """Documents read, when ``keep_going`` left something out."""

    @property
    def complete(self) -> bool:
        """True when every input was read and written (nothing left out)."""
        return not self.findings or not any(f.is_error for f in self.findings)

    def report(self, files: Sequence[str] = ()) -> Report:
        """What was left out, as a validation report (for the reporters)."""
        return Report(tuple(self.findings), tuple(files), self.read, self.left_out)


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


def _importer_name(item: Input, source_format: str | None) -> str:
    """The name of the importer :func:`_importer` gives ``item``, its module loaded only if needed.

    A file named by its suffix is matched against the static suffix table as
    :func:`~newsschema.formats.importer_for_suffix` matches it: the canonical JSON importers'
    module loads the models, which the core reading canonical input needs only for a document
    it builds.
    """
    path = item.path
    if source_format is None and path is not None and path.suffix and not path.is_dir():
        suffix = path.suffix.lower()
        for name in IMPORTERS:
            if name not in IMPORT_SUFFIXES:
                break  # registered later: its suffixes are its own (the importer is loaded)
            if suffix in IMPORT_SUFFIXES[name]:
                return name
    return _importer(item, source_format).name


_READS_SETTINGS = frozenset({"brat", "doccano", "inception", "labelstudio"})
"""Importers that read ``--set article.FIELD=VALUE`` (tool data lacks article metadata)."""

# Importers that pair files across inputs: a folder of texts only supplies the others.
_PAIRING = frozenset({"brat"})

# Importers whose files the core reads itself (and can pin between passes).
_CANONICAL = ("json", "jsonl")


def importer_of(
    source_format: str | None, *, settings: bool = False, meta: bool = False
) -> Callable[[Input], str | None]:
    """Which importer reads each input: None for canonical JSON (the core reads it).

    Args:
        source_format: ``--from`` (default: from each input's name).
        settings: ``--set`` was given: only annotation-tool input may be read with it.
        meta: ``--meta`` was given: canonical JSON is read by its importer too, so that each
            document is filled from the table (:meth:`ReadOptions.fill`).

    Raises:
        ConvertError: an input's format cannot be told from its name, or ``--set`` is given
            for input that carries its own article fields (usage errors).
    """

    def choose(item: Input) -> str | None:
        name = _importer_name(item, source_format)
        if settings and name not in _READS_SETTINGS:
            # A document format carries its own article fields: --set would be dropped silently.
            tools = ", ".join(sorted(_READS_SETTINGS))
            raise ConvertError(
                f"--set applies only to annotation-tool input ({tools}); {item.name} is read as "
                f"{name}, whose documents carry their own article fields",
                usage=True,
            )
        if meta:
            return name
        return None if name in _CANONICAL and not (item.path and item.path.is_dir()) else name

    return choose


def named_inputs(items: Sequence[Input]) -> list[Input]:
    """The inputs named as findings name them (every engine, every pass: the same names)."""
    return [
        item if item.path is None or item.missing else Input(item.path, display_name(item.path))
        for item in items
    ]


@dataclass
class _Gate:
    """What the conversion's gate saw while documents went to the exporter.

    Attributes:
        keep_going: Write every document without errors and leave the others out (instead
            of refusing the whole input).
        pins: When set, canonical files are read as the bytes a first pass checked (see
            :class:`~newsschema._inputs.Pin`), by input name.
    """

    keep_going: bool = False
    pins: dict[str, Pin] | None = None
    findings: list[Finding] = field(default_factory=list)
    read: int = 0
    invalid: int = 0
    failed: bool = False


def _pinned(unit: Unit, pins: dict[str, Pin] | None) -> Unit:
    """A canonical file's unit limited to the bytes the first pass checked."""
    if pins is None or unit.importer is not None or unit.path is None or unit.data is not None:
        return unit
    pin = pins.get(unit.name)
    return unit if pin is None else replace(unit, end=pin.size)


def _checked(
    items: Sequence[Input],
    source_format: str | None,
    read: ReadOptions,
    checks: Sequence[Check],
    progress: Callable[[int], None] | None,
    gate: _Gate,
) -> Iterator[Document]:
    """Read and check every input through the core, yielding the documents the gate passes.

    Refusing (the default): the valid documents until the first error; after an error the
    rest is still read and checked (so that every finding is reported) but nothing more is
    yielded. With ``keep_going``: every document without errors. Every finding is in
    ``gate.findings`` at the end; the caller decides.

    Raises:
        ConvertError: an input changed since a first pass checked it (pinned bytes differ).
    """
    for result in _passed(items, source_format, read, checks, progress, gate, models=True):
        assert result.document is not None  # every document that loads is built as models
        yield result.document


def _passed(
    items: Sequence[Input],
    source_format: str | None,
    read: ReadOptions,
    checks: Sequence[Check],
    progress: Callable[[int], None] | None,
    gate: _Gate,
    *,
    models: bool,
) -> Iterator[Result]:
    """:func:`_checked`, yielding the results the gate passes.

    With ``models`` False a valid document no rule finds anything in comes as its plain data
    (``Result.plain``, never built as models; ``validate``'s path), any other as models.

    Raises:
        ConvertError: an input changed since a first pass checked it (pinned bytes differ).
    """
    settings = RunSettings(tuple(checks), pin=gate.pins is not None, models=models)
    # A folder format (brat) also gets every folder input of the run as companions: the
    # annotations of one folder pair with the texts of another (ANN_DIR TEXT_DIR).
    folders = tuple(str(i.path) for i in items if i.path is not None and i.path.is_dir())
    if len(folders) > 1:
        read = replace(read, companions=folders)
    importers = importer_of(source_format, settings=bool(read.settings), meta=read.meta is not None)
    units = plan(items, importers=importers, options=read)
    for planned in units:
        unit = _pinned(planned, gate.pins)
        chunk = Chunk(unit.name, unit.name)
        for result in scan(unit, settings, chunk):
            gate.read += 1
            if progress is not None:
                progress(1)
            if result.errors:
                gate.invalid += 1
                gate.failed = True
            elif result.loads and (gate.keep_going or not gate.failed):
                yield result
        pairs = unit.importer in _PAIRING and unit.path in read.companions
        if not chunk.documents and not unit.missing and not chunk.findings and not pairs:
            # An input that holds no document fails the run: nothing is converted from nothing.
            name = unit.importer or ("jsonl" if unit.jsonl else "json")
            what = getattr(IMPORTERS[name], "description", name)
            message = f"no document found in this input (read as --from {name}: {what})"
            chunk.findings.append(_nothing(message, unit.name))
        gate.findings.extend(chunk.findings)
        if any(f.code == "NS030" for f in chunk.findings):
            gate.failed = True  # nothing was read: not a document, but the input fails
        pin = None if gate.pins is None or unit.importer else gate.pins.get(unit.name)
        seen = Pin()
        seen.add(chunk.size, chunk.fingerprint)
        if pin is not None and unit.data is None and seen != pin:
            # Checked bytes only are written: this run stops, and its atomic output is abandoned.
            raise ConvertError(
                f"{unit.name}: the input changed during the conversion (its bytes differ from "
                "those checked); nothing was written"
            )
    if gate.read == 0 and not items:
        gate.findings.append(Finding("NS030", Severity.ERROR, "nothing to convert: no input"))
        gate.failed = True
    if gate.failed and not gate.keep_going:
        raise _refusal(gate, items)


def _refusal(gate: _Gate, items: Sequence[Input]) -> ConvertError:
    errors = [f for f in gate.findings if f.is_error]
    return ConvertError(
        f"refusing to convert: {len(errors)} error(s) in the input",
        sorted(gate.findings, key=sort_key),
        files=[item.name for item in items],
        documents=gate.read,
        invalid_documents=gate.invalid,
    )


def _nothing(message: str, name: str) -> Finding:
    return Finding("NS030", Severity.ERROR, message, file=name)


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
    options: ReadOptions | Mapping[str, Any] | None = None,
    checks: Sequence[Check] = ERROR_CHECKS,
) -> list[Document]:
    """Read and check every input document; raise with every finding if any is invalid.

    Raises:
        ConvertError: some input is unreadable or invalid (``findings`` lists all problems).
    """
    items = named_inputs(expand_arguments(arguments, source_format))
    read = _read_options(source_format, options)
    return list(_checked(items, source_format, read, checks, None, _Gate()))


# The names a mapping of reading options may use (library calls; the command line is typed);
# ``companions`` is accepted as the importers take it, and convert finds them itself.
_READ_KEYS = frozenset({"labels", "set", "anchor", "meta", "companions"})


def _read_options(
    source_format: str | None, options: ReadOptions | Mapping[str, Any] | None
) -> ReadOptions:
    """Reading options given as a mapping (``labels``, ``set``) made typed, checked once."""
    if isinstance(options, ReadOptions):
        return options
    options = options or {}
    unknown = set(options) - _READ_KEYS
    if unknown:
        raise OptionError(
            f"unknown reading option {', '.join(map(repr, sorted(unknown)))}: "
            f"the importers read {', '.join(sorted(_READ_KEYS))}"
        )
    labels = options.get("labels")
    given = options.get("set") or ()
    settings = (
        tuple(f"{k}={v}" for k, v in given.items()) if isinstance(given, Mapping) else tuple(given)
    )
    # Loaded here: the label maps load the annotated types (Pydantic), which a conversion of
    # valid canonical documents to a plain-data format never needs.
    from newsschema.formats.labels import LabelMap

    try:
        if isinstance(labels, LabelMap):
            read = replace(read_options(source_format, None, settings), labels=labels)
            read = replace(read, labels_name=labels.name)
        else:
            read = read_options(source_format, labels, settings)
        meta = options.get("meta")
        if meta is not None:
            from newsschema.formats.metadata import meta_option  # a table, or (PATH, MAP)

            meta = meta_option({"meta": meta})
        return replace(read, anchor=options.get("anchor"), meta=meta)
    except UsageError as exc:
        raise ConvertError(str(exc), usage=True) from exc
    except ValueError as exc:  # MetaError: the table or its mapping is unusable
        raise ConvertError(str(exc), usage=True) from exc


def _typed(
    to: str, source_format: str | None, options: GivenOptions, read: ReadOptions | None
) -> tuple[FormatOptions, ReadOptions]:
    """The exporter's typed options and the reading options, from what a caller gave.

    A mapping (library calls) is split: the exporter's names go to its options type, the
    reading ones (``labels`` goes to both) to :class:`ReadOptions`; any other name is refused.
    """
    kind = write_options_type(to)
    if options is None or isinstance(options, FormatOptions):
        return kind.of(options), read or ReadOptions(source_format)
    writes = {key: value for key, value in options.items() if key in kind.names()}
    reads = {key: value for key, value in options.items() if key not in writes or key == "labels"}
    from_mapping = _read_options(source_format, reads)  # checks the names in any case
    return kind.of(writes), read or from_mapping


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


def _check_on(
    executor: Executor,
    items: Sequence[Input],
    checks: Sequence[Check],
    progress: Callable[[int], None] | None,
    gate: _Gate,
) -> tuple[dict[str, Pin], bool]:
    """Run the checks on the engine's workers, as ``validate --jobs`` does; pin what they read.

    Returns:
        The pin of every input (the bytes the workers checked, which later passes must read),
        and whether every document passed (if not, and the gate keeps going, the writing pass
        checks the rules again to tell which documents to leave out).

    Raises:
        ConvertError: some input is invalid and the gate refuses (``findings`` lists all).
    """
    pins: dict[str, Pin] = {}

    def pinned(chunks: Iterable[Chunk]) -> Iterator[Chunk]:
        for chunk in chunks:
            pins.setdefault(chunk.name, Pin()).add(chunk.size, chunk.fingerprint)
            yield chunk

    # Only the report is read: valid documents need not be built as models.
    settings = RunSettings(tuple(checks), pin=True, models=False)
    chunks = execute(plan(items, jobs=executor.workers), settings, executor)
    report = merge(pinned(chunks), [item.name for item in items])
    if progress is not None:
        progress(report.documents)
    if not report.valid and not gate.keep_going:
        raise ConvertError(
            f"refusing to convert: {report.errors} error(s) in the input",
            report.findings,
            files=report.files,
            documents=report.documents,
            invalid_documents=report.invalid_documents,
        )
    return pins, report.valid


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
    listed = list(outputs)
    # An output its directory's listing lacks is no input (an input exists): not looked up.
    present = may_exist(listed)
    for output in listed:
        if not present(output):
            continue
        same = by_path.get(os.path.realpath(output))
        if same is None and by_identity:
            identity = _identity(output)
            same = by_identity.get(identity) if identity is not None else None
        if same is not None:
            raise ConvertError(
                f"{output}: the output may not be the input ({same.name})", usage=True
            )


def output_is_directory(
    output: str, items: Sequence[Input], arguments: Sequence[str], suffix: str = ""
) -> bool:
    """Whether ``-o output`` of a one-file-per-document format names a directory (every engine).

    It does when it is one, ends with a separator, or the input is a directory or several files
    (so the layout does not depend on how many documents a folder happens to hold) -- unless
    it ends with the format's ``suffix`` (``-o article.json``): that names one file.
    """
    if Path(output).is_dir() or output.endswith(("/", os.sep)):
        return True
    if suffix and output.lower().endswith(suffix.lower()):
        return False
    many_inputs = len(items) > 1 or any(
        Path(a).is_dir() and not (Path(a) / BUNDLE_DESCRIPTOR).is_file() for a in arguments
    )
    return Path(output).is_dir() or output.endswith(("/", os.sep)) or many_inputs


@runtime_checkable
class _PlainDumper(Protocol):
    """A document exporter that also writes a document given as its plain data."""

    def dump_plain(self, document: Mapping[str, Any], options: GivenOptions) -> bytes:
        """Return the bytes ``dump`` gives for the document built from ``document``."""
        ...


def _dump_one(
    exporter: DocumentExporter, plain: _PlainDumper | None, result: Result, options: Options
) -> bytes:
    """The file of one checked document: from its models, or (``plain``) from its plain data."""
    if result.document is not None:
        return exporter.dump(result.document, options)
    # A result that loads holds one of the two; plain data only for a _PlainDumper.
    assert result.plain is not None
    assert plain is not None
    return plain.dump_plain(result.plain, options)


def _write_each(
    exporter: DocumentExporter,
    rendered: Sequence[tuple[str, bytes]],
    target: Path | None,
    as_directory: bool,
    items: Sequence[Input],
    result: ConvertResult,
) -> bytes | None:
    """Write one file per document into ``target`` (a file, or a directory when it must be).

    Args:
        exporter: The exporter that rendered the documents.
        rendered: Each document's file name and bytes, in input order.
        target: The output path; None for standard output.
        as_directory: Whether ``target`` names a directory.
        items: The inputs (never overwritten).
        result: Where the written paths are recorded.

    Returns:
        The bytes for standard output (one document and no target), else None.

    Raises:
        ConvertError: several documents and no target, or two documents share a file name.
    """
    named_file = target is not None and str(target).lower().endswith(exporter.suffix.lower())
    if named_file and not as_directory and len(rendered) != 1:
        raise ConvertError(
            f"{len(rendered)} documents and -o {target} names one {exporter.suffix} file: "
            f"give -o DIRECTORY/ (one file each) or --to jsonl (one file for all)",
            usage=True,
        )
    if len(rendered) == 1 and not as_directory:
        data = rendered[0][1]
        if target is None:
            return data
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)
        result.outputs.append(str(target))
        return None
    if target is None:
        raise ConvertError(
            f"{len(rendered)} documents and --to {exporter.name} writes one file each: "
            "give -o DIRECTORY",
            usage=True,
        )
    names = [name for name, _ in rendered]
    if len(set(names)) != len(names):
        raise ConvertError("two input documents share an article id; outputs would collide")
    # A new folder appears whole and holds no input; an existing one is checked name by name
    # (the output may not be an input) and gets each file atomically.
    for path in atomic_write_folder(
        target, rendered, check=lambda paths: guard_outputs(paths, items)
    ):
        result.outputs.append(str(path))
    return None


def _stream_each(
    exporter: DocumentExporter,
    plain: _PlainDumper | None,
    passed: Iterator[Result],
    target: Path,
    options: Options,
    items: Sequence[Input],
    result: ConvertResult,
) -> None:
    """Write one file per document into the folder ``target`` as each document passes.

    Each file is written (and flushed, a batch at a time) as soon as its document is rendered,
    into a temporary folder that appears only once every input has passed: memory stays that
    of one document, not of every rendered file. A refused input (``passed`` raises at its
    end), two documents with one article id, an output that cannot be written, or an
    interrupt leave nothing.

    Raises:
        ConvertError: two documents share an article id (after every input is checked, so
            that a refusal with its findings comes first).
        OSError: the output cannot be written (after the refusal and the shared id, too).
    """
    taken: str | None = None
    failed: OSError | None = None
    with FolderWriter(target, check=lambda paths: guard_outputs(paths, items)) as folder:
        for passing in passed:
            if taken is not None or failed is not None:
                continue  # every input is still read and checked, for its findings
            name = f"{passing.ident}{exporter.suffix}"
            try:
                folder.add(name, _dump_one(exporter, plain, passing, options))
            except NameTaken:
                taken = name
            except OSError as exc:
                failed = exc  # reported after a refusal of the input, as before
                folder.abort()
        if taken is not None:
            raise ConvertError("two input documents share an article id; outputs would collide")
        if failed is not None:
            raise failed
        written = folder.commit()
    result.documents = len(written)
    result.outputs.extend(map(str, written))


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
    options: GivenOptions = None,
    checks: Sequence[Check] = ERROR_CHECKS,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    read: ReadOptions | None = None,
    executor: Executor | None = None,
    keep_going: bool = False,
) -> tuple[ConvertResult, bytes | None]:
    """Convert the documents named by ``arguments`` to format ``to``.

    Args:
        arguments: Files, directories, globs or ``-``.
        to: Exporter name.
        output: Output path; None or ``-`` for standard output.
        source_format: Importer name (default: from each file's suffix).
        options: The exporter's options (its type: :func:`~newsschema.formats.write_options_type`),
            or, for library calls, a mapping of its names and (unless ``read`` is given) the
            ``labels``, ``set``, ``anchor`` and ``meta`` the importers read with.
        checks: The rules the input must pass (their errors refuse the conversion).
        jobs: Worker processes for checking canonical JSON and JSON Lines input (when no
            ``executor`` is given).
        progress: Called with the number of documents just checked.
        read: How the inputs are read (``--from``, ``--labels``, ``--set``), checked once.
        executor: Where canonical input is checked first (the engine's; default: ``jobs``
            local processes).
        keep_going: Write every document without errors instead of refusing the input; the
            others are reported (``ConvertResult.left_out``, ``findings``).

    Returns:
        What was written, and the bytes for standard output when ``output`` is None or ``-``.

    Raises:
        ConvertError: invalid input (with findings) or an impossible request (``usage``).
    """
    options, read = _typed(to, source_format, options, read)
    exporter = EXPORTERS[to]
    given = expand_arguments(arguments, source_format)
    items = named_inputs(given)
    to_stdout = output in (None, "-")
    target = None if to_stdout else Path(output)  # type: ignore[arg-type]
    if target is not None:
        guard_inputs(target, items)
    if exporter.layout == "bundle" and target is None:
        raise ConvertError(f"--to {to} writes a directory or archive: give -o PATH", usage=True)
    gate = _Gate(keep_going)
    executor = executor or LocalExecutor(jobs)
    if not executor.in_process and _canonical_files(items, source_format) and read.meta is None:
        gate.pins, valid = _check_on(executor, items, checks, progress, gate)
        if valid:
            checks, progress = (), None  # the rules have run; reading still checks the structure
    result = ConvertResult()
    if exporter.layout != "document" and target is not None and all(i.path for i in items):
        # Streaming in constant memory and one pass: each document is written as soon as it is
        # checked; an error anywhere (reported with every other finding) abandons the atomic
        # output, so nothing is written unless every input passed (or the gate keeps going).
        written = 0

        def counted(documents: Iterator[Document]) -> Iterator[Document]:
            nonlocal written
            for document in documents:
                written += 1
                yield document

        checked = _checked(items, source_format, read, checks, progress, gate)
        made = missing_folders(target.parent)
        target.parent.mkdir(parents=True, exist_ok=True)  # as for one-file outputs
        try:
            _write_many(exporter, counted(checked), target, options)
        except BaseException:
            remove_empty(made)  # refused input or interrupted: no folder is left behind either
            raise
        result.documents = written
        result.outputs.append(str(target))
        return _gated(result, gate), None
    if exporter.layout == "document":
        # Each document is rendered as soon as it passes and only its bytes are kept until the
        # files are written: a few KiB each instead of its models (which made the heap, the
        # page faults and the collector's walks grow with the corpus).
        suffix = exporter.suffix
        # An exporter that reads plain data gets each valid document as such: checked as
        # validate checks it, never built as models (most of a conversion's cost).
        # Decided once: a protocol isinstance costs microseconds, paid per document it was.
        plain = exporter if isinstance(exporter, _PlainDumper) else None
        as_directory = target is not None and output_is_directory(
            str(output), given, arguments, suffix
        )
        if as_directory:
            assert target is not None
            passed = _passed(
                items, source_format, read, checks, progress, gate, models=plain is None
            )
            _stream_each(exporter, plain, passed, target, options, items, result)
            _gated(result, gate)
            if not result.documents and gate.failed:
                raise _refusal(gate, items)  # kept going, and nothing was left to write
            return result, None
        rendered = [
            (f"{result.ident}{suffix}", _dump_one(exporter, plain, result, options))
            for result in _passed(
                items, source_format, read, checks, progress, gate, models=plain is None
            )
        ]
        _gated(result, gate)
        result.documents = len(rendered)
        if not rendered and gate.failed:
            raise _refusal(gate, items)  # kept going, and nothing was left to write
        return result, _write_each(exporter, rendered, target, False, items, result)
    documents: list[Document] = []

    # Each document kept until the outputs are written leaves the collector's generations as
    # it is kept: full collections would otherwise walk them all again and again.
    with settled() as settle:
        for document in _checked(items, source_format, read, checks, progress, gate):
            documents.append(document)
            settle()
        _gated(result, gate)
        result.documents = len(documents)
        if not documents and gate.failed:
            raise _refusal(gate, items)  # kept going, and nothing was left to write
        if target is not None:
            _write_many(exporter, documents, target, options)
            result.outputs.append(str(target))
            return result, None
        if exporter.layout == "stream":
            return result, b"".join(exporter.dump(d, options) for d in documents)
        raise ConvertError(f"--to {to} writes a directory or archive: give -o PATH", usage=True)


def _gated(result: ConvertResult, gate: _Gate) -> ConvertResult:
    """Put what the gate saw in the result: warnings, and what ``--keep-going`` left out."""
    # What importers say of many annotations is said once per kind of thing, with a count.
    said = aggregated(f for f in gate.findings if not f.is_error)
    result.warnings.extend(sorted(said, key=sort_key))
    if gate.failed:
        result.left_out = gate.invalid
        result.findings = sorted(gate.findings, key=sort_key)
        result.read = gate.read
    return result
