"""Reading the documents to review, keeping where each came from.

Inputs are read and checked by the one core every command uses
(:func:`newsschema.validation.scan`), so every importable format (``--from``) works with the
same typed reading options (``--labels``, ``--set``). The review's gate is the structure: any
document whose structure loads is reviewed; its rule findings are handed back beside it (a
reviewer needs the diff most when a rule fails), and a document that does not load stops the
review with its located findings. A loaded document keeps its bytes, so nothing is read twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsschema._inputs import BUNDLE_DESCRIPTOR, Input, expand_inputs
from newsschema._names import display_name
from newsschema.errors import EXIT_USAGE, NewsschemaError, UsageError
from newsschema.findings import Finding, sort_key
from newsschema.formats import IMPORTERS
from newsschema.models import Document
from newsschema.reading import ReadOptions, read_options
from newsschema.validation import (
    ERROR_CHECKS,
    Check,
    Chunk,
    Importers,
    RunSettings,
    Unit,
    plan,
    scan,
)

__all__ = ["ReviewInputError", "Source", "read_sources"]


class ReviewInputError(NewsschemaError):
    """An input cannot be reviewed; ``findings`` says where and why (may be empty)."""

    exit_status = EXIT_USAGE

    def __init__(self, message: str, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.findings = sorted(findings, key=sort_key)


@dataclass(frozen=True)
class Source:
    """One document and where it was read from.

    Attributes:
        document: The document (its structure loads; it may have rule findings).
        file: How reports name its file (None for in-memory input).
        line: 1-based line where the document starts in that file.
        raw: The document's exact bytes when it came from canonical JSON (to locate lines).
        origin: What its importer knows of where it came from (``article``, ``annotator``:
            see :attr:`newsschema.loader.Loaded.origin`).
        findings: Its rule findings (when the reader was asked for them).
    """

    document: Document
    file: str | None
    line: int = 1
    raw: bytes | None = field(default=None, repr=False)
    origin: tuple[tuple[str, str], ...] = ()
    findings: tuple[Finding, ...] = field(default=(), repr=False)


def _expand(arguments: Sequence[str], source_format: str | None) -> list[Input]:
    """Expand arguments; a bundle directory, or any directory a directory importer reads, is one."""
    reads_dirs = source_format is not None and "/" in IMPORTERS[source_format].suffixes
    items: list[Input] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir() and (reads_dirs or (path / BUNDLE_DESCRIPTOR).is_file()):
            items.append(Input(path, display_name(argument)))
        elif path.is_dir() and source_format is not None:
            # The policy validate and convert follow: a link out of the folder, or to what is
            # not a regular file (a FIFO, a device), is reported and never opened.
            wanted = frozenset(IMPORTERS[source_format].suffixes) - {"/"}
            found = expand_inputs([argument], wanted)
            items.extend(found or [Input(path, display_name(argument), missing=True)])
        else:
            items.extend(expand_inputs([argument]))
    return items


def _importers(source_format: str | None) -> Importers:
    from newsschema.convert import ConvertError, importer_of

    choose = importer_of(source_format)

    def importer(item: Input) -> str | None:
        try:
            return choose(item)
        except ConvertError as exc:
            raise ReviewInputError(str(exc)) from exc

    return importer


def _options(
    source_format: str | None, options: ReadOptions | Mapping[str, Any] | None
) -> ReadOptions:
    if isinstance(options, ReadOptions):
        return options
    options = options or {}
    try:
        return read_options(source_format, options.get("labels"), tuple(options.get("set") or ()))
    except UsageError as exc:
        raise ReviewInputError(str(exc)) from exc


def _foreign(item: Input) -> bool:
    """A canonical-JSON input that is clearly not an annotation file (as the hook judges)."""
    if item.path is None or item.missing or not item.path.is_file():
        return False
    from newsschema._foreign import is_foreign

    try:
        with open(item.path, "rb") as handle:
            return is_foreign(handle.read(_FOREIGN_PEEK))
    except OSError:
        return False  # unreadable: reading reports it


_FOREIGN_PEEK = 8 << 20


def read_units(
    units: Sequence[Unit],
    checks: Sequence[Check],
    findings: list[Finding] | None,
    *,
    locate: bool = True,
) -> list[Source]:
    """Read and check units through the core: the review's gate (see :func:`read_sources`)."""
    settings = RunSettings(tuple(checks), locate=locate)
    sources: list[Source] = []
    unloaded: list[Finding] = []
    ruled: list[Finding] = []
    for unit in units:
        chunk = Chunk(unit.name, unit.name)
        for result in scan(unit, settings, chunk):
            if result.document is None:
                unloaded.extend(result.findings)
                continue
            ruled.extend(result.findings)
            file = result.file or unit.name
            sources.append(
                Source(
                    result.document,
                    file,
                    result.line,
                    result.data,
                    result.origin,
                    result.findings,
                )
            )
        unloaded.extend(f for f in chunk.findings if f.code == "NS030")
    errors = [f for f in unloaded if f.is_error]
    if errors:
        raise ReviewInputError(f"the input does not load ({len(errors)} error(s))", errors)
    if findings is None:
        bad = [f for f in ruled if f.is_error]
        if bad:
            raise ReviewInputError(f"{len(bad)} error(s) in the input", bad)
    else:
        findings.extend(ruled)
    return sources


def read_sources(
    arguments: Sequence[str],
    *,
    source_format: str | None = None,
    options: ReadOptions | Mapping[str, Any] | None = None,
    checks: Sequence[Check] = ERROR_CHECKS,
    findings: list[Finding] | None = None,
    skipped: list[str] | None = None,
    locate: bool = True,
) -> list[Source]:
    """Read and check every document the arguments name.

    Args:
        arguments: Files, folders, globs or ``-``.
        source_format: The importer (default: from each file's suffix).
        options: How the importers read (``labels``, ``set``), typed or as a mapping.
        checks: The rules each document is checked with.
        findings: Where the rule findings of the documents that load go; they do not stop
            the review. Without it, a rule error stops it (the strict library default).
        skipped: When given, JSON files that are clearly not annotations (``package.json``)
            are skipped, as the pre-commit hook does, and their names added here.
        locate: Give the rule findings a line and column (False: JSON pointers only, for a
            caller that only counts them; findings that stop the review are always located).

    Raises:
        ReviewInputError: an input is missing or unreadable, a document's structure does not
            load (with every located finding), or (without ``findings``) a rule error.
    """
    read = _options(source_format, options)
    items = _expand(arguments, source_format)
    if skipped is not None and source_format in (None, "json", "jsonl"):
        kept = [item for item in items if not _foreign(item)]
        skipped.extend(item.name for item in items if item not in kept)
        items = kept
    units = list(plan(items, importers=_importers(source_format), options=read))
    return read_units(units, checks, findings, locate=locate or findings is None)
