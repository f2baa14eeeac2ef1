"""Validate and convert whole archives on a Dask cluster (the ``dask`` extra).

The work is the local engine's, partitioned: a partition is one whole file, or the whole lines
of one byte block of a JSON Lines file; every document is checked by
:func:`newsschema.validation.check_document`, a pure function of its bytes, and the results are
put back in input order on the client, so a report is the same as the local engine's, byte for
byte, whatever the partitioning. Dask retries the tasks of a worker that dies; every task is a
pure function of its inputs (the writers write whole files under names fixed by the partition),
so a retry neither loses nor repeats anything.

Example::

    from distributed import Client
    from newsschema.engines import dask as nsdask

    with Client("tcp://scheduler:8786"):
        bag = nsdask.read_documents("s3://bucket/archive/*.jsonl", blocksize=64 << 20)
        report = nsdask.validate(bag)
        nsdask.to_parquet(bag, "/shared/archive-tables")
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import dask.bag as db
import fsspec
from dask.base import compute
from dask.delayed import Delayed, delayed
from distributed import Client, Future, LocalCluster

from newsschema._inputs import Input
from newsschema._names import display_name
from newsschema._parallel import Executor, in_order
from newsschema._scan import excerpt
from newsschema.config import Settings
from newsschema.convert import (
    ConvertError,
    ConvertResult,
    expand_arguments,
    guard_inputs,
    guard_outputs,
    output_is_directory,
)
from newsschema.engines._base import Conversion, Engine
from newsschema.engines._dask_tasks import (
    Part,
    Record,
    advance,
    check_records,
    count_block,
    read_file_block,
    records,
    write_documents,
    write_tables,
)
from newsschema.engines._errors import EngineUnavailable
from newsschema.findings import aggregated, sort_key
from newsschema.formats import (
    BUNDLE_PARTS,
    EXPORTERS,
    CsvOptions,
    ExportError,
    GivenOptions,
    NoOptions,
    Options,
    OutputRefused,
    write_options_type,
)
from newsschema.formats.tables import TABLES, bundle_output
from newsschema.loader import is_jsonl
from newsschema.reading import ReadOptions
from newsschema.report import Report
from newsschema.validation import ERROR_CHECKS, Check, Chunk, Found, Progress, merge
from newsschema.validation import validate_inputs as validate_units

__all__ = [
    "DEFAULT_BLOCKSIZE",
    "DaskEngine",
    "DaskExecutor",
    "Record",
    "cluster_client",
    "convert",
    "read_documents",
    "to_csv_bundle",
    "to_jsonld",
    "to_parquet",
    "validate",
    "validate_inputs",
]

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_BLOCKSIZE = 32 << 20
"""Bytes of JSON Lines per partition: big enough to amortise a task, small enough to balance."""


def _sources(
    urlpath: str | Sequence[str], names: Sequence[str] | None, storage_options: Mapping[str, Any]
) -> list[tuple[Any, str, str]]:
    """Expand URLs and globs into (file system, path, name) in order."""
    items = [urlpath] if isinstance(urlpath, str) else list(urlpath)
    if names is not None and len(names) != len(items):
        raise ValueError("names must give one name per urlpath")
    out = []
    for i, item in enumerate(items):
        fs, _, paths = fsspec.core.get_fs_token_paths(
            item, mode="rb", storage_options=dict(storage_options)
        )
        local = "file" in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))
        expanded = len(paths) != 1 or fsspec.core.has_magic(item)
        for path in sorted(paths) if expanded else paths:
            if names is not None:
                name = names[i]
            elif expanded:
                name = display_name(path) if local else fs.unstrip_protocol(path)
            else:
                name = display_name(item)
            out.append((fs, path, name))
    return out


def _block_specs(
    urlpath: str | Sequence[str],
    names: Sequence[str] | None,
    blocksize: int | None,
    storage_options: Mapping[str, Any] | None,
) -> Iterator[tuple[Any, str, str, int, int | None, bool]]:
    """Yield (file system, path, name, offset, length, JSONL-ness) for every block, in order."""
    for fs, path, name in _sources(urlpath, names, storage_options or {}):
        jsonl = is_jsonl(path)
        if jsonl and blocksize:
            for offset in range(0, max(fs.size(path), 1), blocksize):
                yield fs, path, name, offset, blocksize, jsonl
        else:
            yield fs, path, name, 0, None, jsonl


def _blocks(
    urlpath: str | Sequence[str],
    names: Sequence[str] | None,
    blocksize: int | None,
    storage_options: Mapping[str, Any] | None,
) -> Iterator[tuple[Delayed, str, Any, bool]]:
    """Yield each block to read, its file's name, its (line, document) start, and JSONL-ness.

    The start of a block is a task that adds the previous block's counts to its start, so
    numbering runs along the file without reading any block twice.
    """
    start: Any = (1, 0)
    previous: tuple[str, Delayed] | None = None
    for fs, path, name, offset, length, jsonl in _block_specs(
        urlpath, names, blocksize, storage_options
    ):
        if previous is None or previous[0] != path:
            start = (1, 0)
        else:
            start = delayed(advance)(start, delayed(count_block)(previous[1], jsonl))
        block = delayed(read_file_block)(fs, path, offset, length, jsonl)
        yield block, name, start, jsonl
        previous = (path, block)


def read_documents(
    urlpath: str | Sequence[str],
    *,
    blocksize: int | None = DEFAULT_BLOCKSIZE,
    names: Sequence[str] | None = None,
    storage_options: Mapping[str, Any] | None = None,
) -> db.Bag:
    """Return a bag of :class:`Record` (file, line, document index, bytes), in input order.

    Args:
        urlpath: A JSON Lines (``.jsonl``/``.ndjson``) or JSON file, local or any fsspec URL
            (``s3://bucket/a.jsonl`` with the ``s3fs`` package), a glob, or a list of them.
        blocksize: Bytes of a JSON Lines file per partition (cut at line breaks); None: one
            partition per file. A ``.json`` file is always one partition.
        names: How findings name each ``urlpath`` (one per item, no globs); by default the
            path as given, or the URL.
        storage_options: Passed to fsspec (credentials, endpoint, ...).

    Line numbers and document indexes are those of the whole file: each block's count of
    lines is added up along the file by small tasks, so no block is read twice.
    """
    parts = [
        delayed(records)(block, name, start, jsonl)
        for block, name, start, jsonl in _blocks(urlpath, names, blocksize, storage_options)
    ]
    if not parts:
        return db.from_sequence([], npartitions=1)
    return db.from_delayed(parts)


def _chunk(name: str, part: Part, fail_fast: bool) -> Chunk:
    """A part of the bag API as the core's chunk (findings already numbered along the file)."""
    if fail_fast and part.first_invalid is not None:
        docs, found = part.first_invalid
        return Chunk(
            name,
            name,
            part.findings[:found],
            documents=docs,
            invalid=1,
            stopped=True,
            cases=part.cases[:docs],
        )
    return Chunk(
        name,
        name,
        part.findings,
        documents=part.documents,
        invalid=part.invalid,
        cases=part.cases,
    )


def _by_file(parts: Sequence[Part]) -> dict[str, list[Part]]:
    grouped: dict[str, list[Part]] = {}
    for part in parts:
        grouped.setdefault(part.file, []).append(part)
    return grouped


def validate(
    bag: db.Bag, settings: Settings | None = None, *, files: Sequence[str] | None = None
) -> Report:
    """Validate a bag of records on the current Dask scheduler; return the findings as data.

    Args:
        bag: Records, as :func:`read_documents` returns them.
        settings: Rules, severities and fail-fast (default: every rule).
        files: The input names, in order (default: the files of the records, in order; pass
            them to list files that hold no document).

    Returns:
        The same report as the local engine's for the same inputs: findings in input order,
        each with its file, line, column and pointer.
    """
    settings = settings or Settings()
    settings.rule_set()  # refuse unknown codes before any work is sent
    parts: list[Part] = bag.map_partitions(check_records, settings).compute()
    grouped = _by_file(parts)
    names = list(files) if files is not None else list(grouped)
    chunks = [
        _chunk(name, part, settings.fail_fast)
        for name in names
        for part in grouped.get(name) or [Part(name)]
    ]
    return merge(chunks, names, numbered=True)


@contextlib.contextmanager
def cluster_client(scheduler: str | None = None, *, workers: int | None = None) -> Iterator[Client]:
    """Connect to a scheduler, or start a local cluster of worker processes for the duration.

    Args:
        scheduler: Address of a running scheduler (``tcp://host:8786``); None starts a
            ``LocalCluster`` with one single-threaded worker process per CPU (validation is
            pure Python, so threads would share one core).
        workers: Worker processes of the local cluster (default: one per CPU).

    Raises:
        EngineUnavailable: the scheduler cannot be reached.
    """
    if scheduler is not None:
        try:
            client = Client(scheduler)
        except OSError as exc:  # refused, unreachable, or timed out
            raise EngineUnavailable(
                f"cannot reach the Dask scheduler {excerpt(scheduler, 200)}: {exc}"
            ) from exc
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            # distributed raises these for addresses it cannot parse (garbage, :notaport).
            raise EngineUnavailable(
                f"--scheduler {excerpt(scheduler, 200)} is not a scheduler address "
                f"(expected tcp://HOST:PORT): {excerpt(str(exc), 200)}"
            ) from exc
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@dataclass(frozen=True, slots=True)
class DaskExecutor:
    """The Dask engine's scheduler: an ordered map over the tasks, run on a cluster's workers.

    At most ``window`` tasks per worker are in flight, so the client's memory stays flat;
    results come back in task order whatever order they finish in. Dask reruns the task of a
    worker that dies, and every task is a pure function of its input, so nothing is lost or
    repeated.
    """

    client: Client
    window: int = 4

    @property
    def in_process(self) -> bool:
        """False: tasks run on the cluster's workers."""
        return False

    @property
    def workers(self) -> int:
        """The cluster's workers now (at least one)."""
        return max(len(self.client.scheduler_info().get("workers", {})), 1)

    def map(self, function: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield ``function(task)`` for every task, in order; closing early cancels the rest."""

        def submit(task: T) -> Future[R]:
            return self.client.submit(function, task, pure=False)

        return in_order(submit, tasks, window=self.window * self.workers)


def validate_inputs(
    inputs: Sequence[Input],
    settings: Settings,
    *,
    scheduler: str | None = None,
    blocksize: int | None = DEFAULT_BLOCKSIZE,
    cases: bool = False,
    progress: Progress | None = None,
    found: Found | None = None,
) -> Report:
    """Validate command-line inputs on Dask (``newsschema validate --engine dask``).

    The local engine's core (:func:`newsschema.validation.validate_inputs`) with the units
    run on the cluster: files are read by the workers (a JSON Lines file in ``blocksize``
    slices), standard input is read here once and sent with its bytes. ``cases`` keeps each
    document's article id and checking time in the report (for JUnit); ``progress`` and
    ``found`` are called as chunks come back, in input order.
    """
    engine = DaskEngine(scheduler, blocksize)
    return engine.validate(inputs, settings, progress=progress, found=found, cases=cases)


@dataclass(frozen=True, slots=True)
class DaskEngine(Engine):
    """``--engine dask``: the units run on the cluster at ``scheduler`` (None: a local one)."""

    scheduler: str | None = None
    blocksize: int | None = DEFAULT_BLOCKSIZE
    workers: int | None = None  # of the local cluster (None: one per CPU)
    name = "dask"

    @contextlib.contextmanager
    def executor(self) -> Iterator[Executor]:
        """The cluster's workers, connected (or started) for the duration of the command."""
        with cluster_client(self.scheduler, workers=self.workers) as client:
            yield DaskExecutor(client)

    def run_conversion(
        self, conversion: Conversion, checks: Sequence[Check], progress: Progress | None
    ) -> tuple[ConvertResult, bytes | None]:
        """Convert on the cluster (see :func:`convert`)."""
        # The request is checked before the cluster is reached (or started): see convert.
        return conversion.run(
            convert,
            scheduler=self.scheduler,
            workers=self.workers,
            blocksize=self.blocksize,
            checks=checks,
            progress=progress,
        )


def _ids_unique(ids: Sequence[str]) -> str | None:
    repeated = [i for i, n in Counter(ids).items() if n > 1]
    return repeated[0] if repeated else None


def to_documents(
    bag: db.Bag, to: str, directory: str | os.PathLike[str], options: GivenOptions = None
) -> list[str]:
    """Write one file per document (a ``document`` format such as ``jsonld``) into a directory.

    Every worker writes its own documents, atomically, as ``<article id><suffix>``; the
    directory must be on a file system every worker and the client share.

    Returns:
        The files written, in input order.
    """
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written: list[str] = bag.map_partitions(
        write_documents, to, str(target), write_options_type(to).of(options), None
    ).compute()
    return written


def to_jsonld(bag: db.Bag, directory: str | os.PathLike[str]) -> list[str]:
    """Write each document as ``<article id>.jsonld`` into ``directory`` (see ``to_documents``)."""
    return to_documents(bag, "jsonld", directory)


def _bundle(
    bag: db.Bag, to: str, target: Path, options: Options, checked: Sequence[str] | None = None
) -> list[str]:
    """Write a table bundle with one set of table files per partition; return the article ids.

    Raises:
        ExportError: two documents share an article id, the target is not a bundle, or the
            documents written are not those ``checked`` (when given; nothing is then kept).
    """
    fmt = BUNDLE_PARTS[to]
    count = bag.npartitions
    if count == 1:
        names = {t.name: [f"{t.name}.{fmt.extension}"] for t in TABLES}
    else:
        names = {
            t.name: [f"{t.name}-{i:05d}.{fmt.extension}" for i in range(count)] for t in TABLES
        }
    archive = to == "csv" and target.suffix.lower() == ".zip"
    with bundle_output(target, archive=archive) as work:
        tasks = [
            delayed(write_tables)(
                part, to, {t: str(work / files[i]) for t, files in names.items()}, options
            )
            for i, part in enumerate(bag.to_delayed())
        ]
        ids = [i for part_ids in compute(*tasks) for i in part_ids]
        if checked is not None and ids != list(checked):
            # The workers read the inputs again: what they read must be what was checked.
            raise ExportError(
                "an input changed during the conversion: its documents differ from those checked"
            )
        repeated = _ids_unique(ids)
        if repeated is not None:
            raise ExportError(
                f"two documents have the article id {repeated!r}; every bundle "
                "row is keyed by it, so article ids must be unique"
            )
        fmt.write_descriptor(work, options, names if count > 1 else None)
    return ids


def to_csv_bundle(bag: db.Bag, target: str | os.PathLike[str], *, excel: bool = False) -> list[str]:
    """Write a CSV bundle (a directory, or a ``.zip``) with one CSV file per table and partition.

    Every part is a whole CSV file with the header row (as Frictionless and DuckDB read
    parts); the parts' rows in order are exactly the rows of the table the local ``convert``
    writes, and ``datapackage.json`` lists the parts as the resource's path. With one
    partition the bundle is the local one, byte for byte. The target must be on a file system
    every worker and the client share.

    Returns:
        The article ids written, in order.
    """
    return _bundle(bag, "csv", Path(target), CsvOptions(excel=excel))


def to_parquet(bag: db.Bag, target: str | os.PathLike[str]) -> list[str]:
    """Write a Parquet bundle with one Parquet file per table and partition (see CSV)."""
    return _bundle(bag, "parquet", Path(target), NoOptions())


def _usage(message: str) -> ConvertError:
    return ConvertError(f"--engine dask: {message}", usage=True)


def convert(
    arguments: Sequence[str],
    *,
    to: str,
    output: str | None,
    source_format: str | None = None,
    options: GivenOptions = None,
    scheduler: str | None = None,
    blocksize: int | None = DEFAULT_BLOCKSIZE,
    checks: Sequence[Check] = ERROR_CHECKS,
    progress: Progress | None = None,
    read: ReadOptions | None = None,
    keep_going: bool = False,
    workers: int | None = None,
) -> tuple[ConvertResult, bytes | None]:
    """Convert JSON and JSON Lines files on Dask (``newsschema convert --engine dask``).

    The same checks and outputs as :func:`newsschema.convert.convert`: everything is checked
    first (nothing is written if any document is invalid), then the workers write. With
    ``keep_going`` the workers write every document without errors instead, and the result
    says what was left out (its ``findings``, ``left_out`` and ``read``), as the local engine's.

    ``read`` is accepted for the engines' common signature: JSON needs no label map.
    ``workers`` is the number of workers of the local cluster started when no ``scheduler``
    is given (the engine's ``--jobs``). Every usage error is raised before a cluster is reached.

    Raises:
        ConvertError: invalid input (with findings) or a request this engine cannot do.
    """
    del read  # canonical JSON only: nothing to map
    options = write_options_type(to).of(options)  # frozen: it pickles to the workers
    exporter = EXPORTERS[to]
    if source_format not in (None, "json", "jsonl"):
        raise _usage("reads JSON and JSON Lines files only")
    if exporter.layout == "stream" or (exporter.layout == "bundle" and to not in BUNDLE_PARTS):
        # Workers write one file per document, or the parts of a table bundle.
        formats = sorted(n for n, e in EXPORTERS.items() if e.layout == "document")
        formats += sorted(BUNDLE_PARTS)
        raise _usage(f"writes one output per document or a bundle: --to {', '.join(formats)}")
    if output in (None, "-"):
        raise _usage("workers write files: give -o PATH")
    target = Path(output)
    items = expand_arguments(arguments, source_format)
    for item in items:
        if item.path is None or item.path.is_dir():
            raise _usage(f"{item.name}: reads JSON and JSON Lines files only")
    guard_inputs(target, items)
    files = [item for item in items if not item.missing]
    # Named as the canonical importers name them, so findings read as the local engine's.
    named = [
        item if item.path is None else Input(item.path, display_name(item.path)) for item in files
    ]
    missing = [item for item in items if item.missing]
    with cluster_client(scheduler, workers=workers) as running:
        # Checked by the core, on the cluster, as `validate --engine dask` checks.
        report = validate_units(
            [*missing, *named],
            checks,
            progress=None,
            cases=True,
            executor=DaskExecutor(running),
            blocksize=blocksize,
        )
        if progress is not None:
            progress(report.documents)
        if not report.valid and not keep_going:
            raise ConvertError(
                f"refusing to convert: {report.errors} error(s) in the input",
                sorted(report.findings, key=sort_key),
                files=[item.name for item in items],
                documents=report.documents,
            )
        bag = read_documents(
            [os.fspath(i.path) for i in named if i.path is not None],
            names=[i.name for i in named],
            blocksize=blocksize,
        )
        gate = _Gate.of(report)
        if gate.documents or gate.files:
            # --keep-going: the workers drop what the check found errors in, as it found them.
            bag = bag.filter(gate.passes)
        ids = [ident for file, index, ident, _ in report.cases if gate.admits(file, index)]
        result = ConvertResult(documents=len(ids))
        # What the check warned of is said once per kind of thing, as the local engine says it.
        said = aggregated(f for f in report.findings if not f.is_error)
        result.warnings.extend(sorted(said, key=sort_key))
        if not report.valid:
            result.left_out = report.documents - len(ids)
            result.findings = sorted(report.findings, key=sort_key)
            result.read = report.documents
        if exporter.layout == "bundle":
            try:
                _bundle(bag, to, target, options, ids)
            except ExportError as exc:
                raise ConvertError(str(exc), usage=isinstance(exc, OutputRefused)) from exc
            result.outputs.append(str(target))
            return result, None
        result.outputs.extend(
            _write_documents(bag, to, str(output), options, ids, items, arguments)
        )
    return result, None


@dataclass(frozen=True)
class _Gate:
    """The documents ``--keep-going`` leaves out: those the check found an error in.

    Attributes:
        documents: (input name, document index) of each document with an error.
        files: Inputs left out whole (another format: NS024 is said once for the file).
    """

    documents: frozenset[tuple[str, int]]
    files: frozenset[str]

    @classmethod
    def of(cls, report: Report) -> _Gate:
        """The gate of a report's error findings."""
        errors = [f for f in report.findings if f.is_error and f.file is not None]
        return cls(
            frozenset((str(f.file), f.document) for f in errors),
            frozenset(str(f.file) for f in errors if f.code == "NS024"),
        )

    def admits(self, file: str, index: int) -> bool:
        """Whether document ``index`` of input ``file`` is written."""
        return file not in self.files and (file, index) not in self.documents

    def passes(self, record: Record) -> bool:
        """Whether a record of the bag is written (a bag filter, run on the workers)."""
        return self.admits(record.file, record.document)


def _write_documents(
    bag: db.Bag,
    to: str,
    output: str,
    options: Options,
    ids: Sequence[str],
    items: Sequence[Input],
    arguments: Sequence[str],
) -> list[str]:
    """Write one file per document with the local engine's rules for naming the output."""
    suffix = EXPORTERS[to].suffix
    target = Path(output)
    if _ids_unique(ids) is not None:
        raise ConvertError("two input documents share an article id; outputs would collide")
    as_directory = output_is_directory(output, items, arguments, suffix)
    if len(ids) != 1 and not as_directory and output.lower().endswith(suffix.lower()):
        raise ConvertError(
            f"{len(ids)} documents and -o {output} names one {suffix} file: give "
            "-o DIRECTORY/ (one file each) or --to jsonl (one file for all)",
            usage=True,
        )
    if len(ids) == 1 and not as_directory:
        target.parent.mkdir(parents=True, exist_ok=True)
        single: str | None = str(target)
    else:
        target.mkdir(parents=True, exist_ok=True)
        guard_outputs((target / f"{i}{suffix}" for i in ids), items)
        single = None
    try:
        written: list[str] = bag.map_partitions(
            write_documents, to, str(target), options, single, frozenset(ids)
        ).compute()
    except ExportError as exc:
        raise ConvertError(str(exc)) from exc
    return written
