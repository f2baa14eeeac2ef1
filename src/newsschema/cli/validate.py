"""The ``newsschema validate`` command."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from newsschema._names import display_name
from newsschema._progress import meter
from newsschema.cli._options import (
    CommandInputs,
    InputArgs,
    command_inputs,
    input_options,
    report_output_option,
)
from newsschema.cli._shared import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    engine_options,
    fail,
)
from newsschema.errors import NewsschemaError, UsageError
from newsschema.reporters import REPORTERS

if TYPE_CHECKING:
    from newsschema._cache import ResultCache
    from newsschema._inputs import Input
    from newsschema.findings import Finding
    from newsschema.reading import ReadOptions
    from newsschema.report import Report
    from newsschema.validation import Importers


__all__ = ["validate"]


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _input_bytes(inputs: list[Input]) -> int:
    total = 0
    for item in inputs:
        with contextlib.suppress(OSError):
            total += item.path.stat().st_size if item.path is not None else 0
    return total


def _planned_inputs(
    paths: Sequence[str], read: ReadOptions
) -> tuple[list[Input], Importers | None]:
    """The inputs, and (with ``--from`` another format) which importer reads each one."""
    from newsschema._inputs import expand_inputs

    if read.source_format in (None, "json", "jsonl"):
        return expand_inputs(paths), None
    from newsschema.convert import ConvertError, expand_arguments, importer_of

    try:
        return expand_arguments(paths, read.source_format), importer_of(read.source_format)
    except ConvertError as exc:
        raise UsageError(str(exc)) from exc


def _run_validation(
    inputs: list[Input],
    given: CommandInputs,
    importers: Importers | None,
    show_progress: bool,
    engine: str = "local",
    scheduler: str | None = None,
    stream: TextIO | None = None,
    cases: bool = False,
    cache: ResultCache | None = None,
) -> Report:
    """Validate; with ``stream``, print each finding (text format) as soon as it is found."""
    from newsschema.engines import build_engine
    from newsschema.reporters.text import render_findings

    run = build_engine(engine, jobs=given.jobs, scheduler=scheduler)
    show = show_progress
    with meter("validating", _input_bytes(inputs) if show else None, show=show) as shown:

        def found(findings: Sequence[Finding], documents: int) -> None:
            shown.advance_documents(documents)
            if stream is not None and findings:
                # Looked up now: while the bar is drawn, sys.stdout prints above it.
                out = sys.stdout if stream is sys.__stdout__ else stream
                render_findings(findings, out)
                out.flush()

        return run.validate(
            inputs,
            given.settings,
            read=given.read,
            importers=importers,
            progress=shown.advance_bytes if show else None,
            found=found if show or stream is not None else None,
            cases=cases,
            cache=cache,
        )


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default=None,
    help="How to print the findings [default: text; github when GITHUB_ACTIONS=true].",
)
@input_options
@click.option(
    "--warnings-as-errors/--no-warnings-as-errors",
    default=None,
    help="Report warnings as errors, so that they fail validation.",
)
@click.option(
    "--fail-fast/--no-fail-fast", default=None, help="Stop at the first invalid document."
)
@report_output_option
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Pass when no document is found (by default a run that validates nothing fails: NS030).",
)
@click.option(
    "--skip-foreign",
    is_flag=True,
    help="Skip files that are JSON but clearly not newsschema documents (package.json, editor "
    "settings), as the pre-commit hook does.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check every file: neither replay nor keep results in .newsschema_cache/ (kept beside "
    "the pyproject.toml that configures the run).",
)
@engine_options
def validate(
    paths: tuple[str, ...],
    output_format: str | None,
    input_args: InputArgs,
    warnings_as_errors: bool | None,
    fail_fast: bool | None,
    output: Path | None,
    allow_empty: bool,
    skip_foreign: bool,
    no_cache: bool,
    engine: str,
    scheduler: str | None,
) -> None:
    """Validate documents: files, directories (recursively), glob patterns, or - for stdin.

    The results of JSON and JSON Lines files are kept in .newsschema_cache/ beside the
    configuration file and replayed while a file, the toolkit and the settings stay the same
    (--no-cache: off).

    Exit status: 0 valid (warnings allowed), 1 invalid or unreadable input, 2 usage or
    configuration error, 3 internal error.
    """
    from newsschema.reporters.text import render_findings, render_summary

    output_format = output_format or _default_format()
    # Text on standard output is printed as found; other formats are one document at the end.
    streaming = output_format == "text" and output is None
    cases = output_format == "junit"
    cache = None
    if (
        not no_cache
        and input_args.source_format in (None, "json", "jsonl")
        and not (input_args.labels or input_args.set_values)
    ):
        cache = _results_cache(paths, input_args, warnings_as_errors, fail_fast, record=cases)
    replayed = None
    if cache is not None and engine == "local" and not skip_foreign:
        # Every file's results are in the cache: no rule, model or check is even imported.
        replayed = _replayed(paths, cache, cases=cases)
    if replayed is not None:
        inputs, report = replayed
        _refuse_report_over_input(inputs, output)
        printed = 0
    else:
        try:
            given = command_inputs(
                paths, input_args, warnings_as_errors=warnings_as_errors, fail_fast=fail_fast
            )
            inputs, importers = _planned_inputs(paths, given.read)
        except NewsschemaError as exc:
            fail("validate", exc)
        if skip_foreign:
            inputs = [item for item in inputs if not _foreign_file(item)]
        _refuse_report_over_input(inputs, output)
        if cache is not None:
            # Results are stored under the settings they were checked with.
            cache = cache.for_settings(given.settings.results_key(), record=cases)
        show_progress = output_format == "text" and sys.stderr.isatty()
        try:
            report = _run_validation(
                inputs,
                given,
                importers,
                show_progress,
                engine,
                scheduler,
                sys.stdout if streaming else None,
                cases=cases,
                cache=cache,
            )
        except NewsschemaError as exc:
            fail("validate", exc)
        printed = len(report.findings) if streaming else 0
    if report.documents == 0 and not allow_empty and not _all_skipped(inputs, skip_foreign):
        report = _nothing_validated(report, paths)
    if streaming:
        render_findings(report.findings[printed:], sys.stdout)
        render_summary(report, sys.stdout)
    elif output is None:
        REPORTERS[output_format](report, sys.stdout)
    else:
        buffer = io.StringIO()
        REPORTERS[output_format](report, buffer)
        from newsschema._atomic import atomic_write_bytes

        try:
            output.parent.mkdir(parents=True, exist_ok=True)  # as convert -o does
            atomic_write_bytes(output, buffer.getvalue().encode("utf-8"))
        except OSError as exc:
            # Not a verdict on the data (exit 1 would say invalid): the request cannot be done.
            click.echo(
                f"newsschema validate: cannot write {display_name(output)}: {exc.strerror or exc}",
                err=True,
            )
            sys.exit(EXIT_USAGE)
    if output_format == "github":
        _append_step_summary(report)
    sys.exit(EXIT_OK if report.valid else EXIT_INVALID)


def _refuse_report_over_input(inputs: Sequence[Input], output: Path | None) -> None:
    """Exit 2 when the report file ``-o`` names is one of the inputs."""
    if output is not None and any(
        item.path is not None and os.path.realpath(item.path) == os.path.realpath(output)
        for item in inputs
    ):
        click.echo(
            f"newsschema validate: {output}: the report may not overwrite an input", err=True
        )
        sys.exit(EXIT_USAGE)


def _results_cache(
    paths: Sequence[str],
    input_args: InputArgs,
    warnings_as_errors: bool | None,
    fail_fast: bool | None,
    *,
    record: bool,
) -> ResultCache | None:
    """The cache of this run, beside its configuration file (None: no file, or unreadable).

    The settings are read without checking the rule codes (that imports the rules): a run
    that checks files checks them, and only such a run stores results under these settings.
    Every option of ``validate`` that changes what is found must reach these settings, or a
    replay could answer for other settings (``tests/validation/test_cache.py`` lists them).
    """
    from newsschema.cli._options import command_settings

    try:
        settings = command_settings(
            paths,
            input_args,
            warnings_as_errors=warnings_as_errors,
            fail_fast=fail_fast,
            check=False,
        )
    except NewsschemaError:
        return None  # the run reports it
    if settings.folder is None:
        return None  # no configuration file: nowhere that is the project's to write to
    from newsschema._cache import open_cache  # sqlite3 and hashlib: only for a project's run

    return open_cache(settings.folder, settings.results_key(), record=record)


def _replayed(
    paths: Sequence[str], cache: ResultCache, *, cases: bool
) -> tuple[list[Input], Report] | None:
    """The report of a run whose every file's results are in the cache (None: not all are)."""
    from newsschema._cache import replay
    from newsschema._chunks import merge
    from newsschema._inputs import expand_inputs

    inputs = expand_inputs(paths)
    chunks = replay(cache, inputs) if inputs else None
    if chunks is None:
        cache.close()  # the run checks and stores; the files hashed meanwhile are kept too
        return None
    cache.commit()  # the files hashed again (changed stat, same bytes) are recorded
    return inputs, merge(chunks, [item.name for item in inputs], cases=cases)


def _append_step_summary(report: Report) -> None:
    """Append the Markdown job summary where GitHub Actions asks for it (GITHUB_STEP_SUMMARY)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from newsschema.reporters.github import markdown_summary

    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown_summary(report))
    except OSError as exc:  # the annotations are printed already; the verdict stands
        click.echo(f"newsschema validate: cannot append to {target}: {exc.strerror}", err=True)


def _foreign_file(item: Input) -> bool:
    """True for a JSON file that is clearly not a newsschema document (``--skip-foreign``)."""
    if item.path is None or item.missing:
        return False
    from newsschema._foreign import is_foreign

    try:
        with open(item.path, "rb") as handle:
            data = handle.read(_FOREIGN_PEEK)
        return is_foreign(data, complete=len(data) < _FOREIGN_PEEK)
    except OSError:
        return False  # unreadable: validation reports it


# Enough of a file to judge it; a larger file is judged by the lines that fit.
_FOREIGN_PEEK = 8 << 20


def _all_skipped(inputs: list[Input], skip_foreign: bool) -> bool:
    """True when ``--skip-foreign`` left nothing: a hook run on other JSON files passes."""
    return skip_foreign and not inputs


def _nothing_validated(report: Report, paths: tuple[str, ...]) -> Report:
    """Add the NS030 error of a run that found no document (CI must not pass on nothing)."""
    from newsschema._inputs import DOCUMENT_SUFFIXES
    from newsschema.findings import Finding, Severity

    if any(f.code == "NS030" for f in report.findings):
        return report  # already failing, and saying why
    suffixes = ", ".join(sorted(DOCUMENT_SUFFIXES))
    message = (
        f"nothing to validate: no document found in {', '.join(paths)} (folders are searched "
        f"for {suffixes}){_convertible_hint(paths)}; pass --allow-empty if that is expected"
    )
    finding = Finding("NS030", Severity.ERROR, message, file=None)
    return dataclasses.replace(report, findings=(*report.findings, finding))


def _convertible_hint(paths: tuple[str, ...]) -> str:
    """Name the ``convert --from`` for other-format files found where documents were expected."""
    from newsschema._inputs import DOCUMENT_SUFFIXES
    from newsschema.formats import importer_for_suffix

    found: dict[str, int] = {}
    for argument in paths:
        directory = Path(argument)
        if not directory.is_dir():
            continue
        for path in directory.rglob("*"):
            importer = importer_for_suffix(path.suffix) if path.suffix else None
            if importer is not None and path.suffix.lower() not in DOCUMENT_SUFFIXES:
                found[importer.name] = found.get(importer.name, 0) + 1
    hints = [f"{n} {name} file(s): convert them with --from {name}" for name, n in found.items()]
    return f"; found {'; '.join(hints)}" if hints else ""
