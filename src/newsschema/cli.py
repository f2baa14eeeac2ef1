"""The ``newsschema`` command: a thin layer over the library.

Exit codes: 0 valid (warnings allowed), 1 invalid data or unreadable input, 2 usage or
configuration error (including a report that cannot be written), 3 internal error.

Start-up: each command imports what it uses when it runs, and option choices drawn from a
registry (formats, engines) are read when the option is first parsed or shown, so that
``--help`` and ``rules`` load no format, jsonschema or rich, and ``validate`` no format module.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar

import click

from newsschema import __version__
from newsschema._choices import RegistryChoice
from newsschema._cli_options import (
    CommandInputs,
    InputArgs,
    command_inputs,
    input_options,
    report_output_option,
)
from newsschema._names import display_name
from newsschema._progress import meter
from newsschema.errors import NewsschemaError, UsageError
from newsschema.reporters import REPORTERS

if TYPE_CHECKING:
    from newsschema._cache import ResultCache
    from newsschema._inputs import Input
    from newsschema.findings import Finding
    from newsschema.reading import ReadOptions
    from newsschema.report import Report
    from newsschema.validation import Importers

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

_F = TypeVar("_F", bound=Callable[..., Any])


def _exporters() -> list[str]:
    from newsschema.formats import EXPORTERS

    return list(EXPORTERS)


def _engines() -> list[str]:
    # The registry's names: reading them imports no engine (nor the validation core).
    from newsschema.engines import ENGINES

    return list(ENGINES)


def _param_name(option: str) -> str:
    """The Python name of a format option's parameter (``no-formula-escape`` has dashes)."""
    return option.replace("-", "_")


def _export_option_params() -> list[click.Parameter]:
    """One ``--NAME`` option per format-specific exporter option in the registry."""
    from newsschema.formats import EXPORT_OPTIONS

    params: list[click.Parameter] = []
    for option in EXPORT_OPTIONS.values():
        formats = ", ".join(sorted(option.formats))
        if option.choices:
            params.append(
                click.Option(
                    [f"--{option.name}", _param_name(option.name)],
                    type=click.Choice(option.choices),
                    default=None,
                    help=f"{option.help} [--to {formats}; default: {option.default}]",
                )
            )
        else:
            params.append(
                click.Option(
                    [f"--{option.name}", _param_name(option.name)],
                    is_flag=True,
                    default=None,
                    help=f"{option.help} [--to {formats}]",
                )
            )
    return params


class _WithExportOptions(click.Command):
    """``convert``: the exporter options join its own (before ``--engine``) on first use.

    They come from a small static table (no format module is imported for them); reading it
    when ``convert`` parses, completes or shows its help keeps it out of every other command.
    """

    _export_options_added = False

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        """Return the parameters, exporter options included."""
        if not self._export_options_added:
            self._export_options_added = True
            at = next(
                (i for i, param in enumerate(self.params) if param.name == "engine"),
                len(self.params),
            )
            self.params[at:at] = _export_option_params()
        return super().get_params(ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsschema")
def cli() -> None:
    """Validate and convert annotated news articles."""


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _fail(command: str, exc: NewsschemaError) -> NoReturn:
    """Say why the command stops, and exit with the status the error carries."""
    click.echo(f"newsschema {command}: {exc}", err=True)
    sys.exit(exc.exit_status)


def _engine_options(command: _F) -> _F:
    """Add ``--engine`` (choices from the engine registry) and ``--scheduler``."""
    command = click.option(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="Dask scheduler to run on (e.g. tcp://host:8786) [--engine dask; default: "
        "start a local cluster].",
    )(command)
    return click.option(
        "--engine",
        type=RegistryChoice(_engines),
        default="local",
        show_default=True,
        help="Where to run: this machine (local, with --jobs) or a Dask cluster (dask extra).",
    )(command)


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


@cli.command()
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
@_engine_options
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
            _fail("validate", exc)
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
            _fail("validate", exc)
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
    from newsschema._cache import open_cache
    from newsschema._cli_options import command_settings

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
    cache.close()
    if chunks is None:
        return None
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


@cli.command()
@click.argument("code", required=False)
@click.option("--markdown", is_flag=True, help="Print the Markdown reference (docs/rules.md).")
def rules(code: str | None, markdown: bool) -> None:
    """List every code, or explain one (e.g. newsschema rules NS102)."""
    from newsschema.rules import ALL_CODES, FAMILIES, rules_markdown

    if markdown:
        click.echo(rules_markdown(ALL_CODES, FAMILIES), nl=False)
        return
    if code is None:
        for doc in ALL_CODES.values():
            click.echo(f"{doc.code}  {doc.severity!s:<7}  {doc.name:<32} {doc.summary}")
        return
    found = ALL_CODES.get(code.strip().upper())
    if found is None:
        click.echo(
            f"newsschema rules: unknown code {code!r}; `newsschema rules` lists them", err=True
        )
        sys.exit(EXIT_USAGE)
    doc = found
    family = FAMILIES.get(doc.code[:3], "")
    click.echo(f"{doc.code} {doc.name} ({doc.severity}; {family})\n")
    click.echo(f"{doc.summary}\n")
    click.echo(f"{doc.rationale}\n")
    click.echo(f"Bad:\n    {doc.bad}\n")
    click.echo(f"Good:\n    {doc.good}")


@cli.command(cls=_WithExportOptions)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--to", "to", type=RegistryChoice(_exporters), required=True, help="Output format.")
@click.option("-o", "--output", help="Output file or directory; - or none for stdout.")
@input_options
@click.option(
    "--warnings-as-errors/--no-warnings-as-errors",
    default=None,
    help="Refuse input with warnings too.",
)
@click.option(
    "--keep-going",
    is_flag=True,
    help="Write every document without errors and report the others (exit 1 when any is "
    "left out) instead of refusing the whole input.",
)
@click.option(
    "--meta",
    "meta_file",
    metavar="FILE",
    default=None,
    help="Article metadata table (CSV or TSV, one row per article) read with --meta-map.",
)
@click.option(
    "--meta-map",
    metavar="COLUMN=FIELD[,...]",
    default=None,
    help="Columns of --meta: FIELD is name (the article name), headline, date_published, "
    "date_modified, authors, publisher, url, language or section.",
)
@click.option(
    "--anchor",
    metavar="exact|normalised|fuzzy[:T]",
    default=None,
    help="How extracted quotes (--from quotes, citron, ggt) are found in the text: exactly, "
    "after normalising marks, dashes, space and case [default], or fuzzily at similarity T "
    "(default 0.9).",
)
@_engine_options
def convert(
    inputs: tuple[str, ...],
    to: str,
    output: str | None,
    input_args: InputArgs,
    warnings_as_errors: bool | None,
    keep_going: bool,
    meta_file: str | None,
    meta_map: str | None,
    anchor: str | None,
    engine: str,
    scheduler: str | None,
    **format_options: str | bool | None,
) -> None:
    """Convert documents to another format (all input is checked first).

    The rules checked are chosen as for validate: --select/--ignore over [tool.newsschema].
    Exit status: 0 converted, 1 invalid or unreadable input (nothing written; with
    --keep-going, the documents without errors are written and the others reported), 2 usage
    or configuration error.
    """
    from newsschema.engines import build_engine
    from newsschema.formats import EXPORT_OPTIONS

    try:
        given = command_inputs(inputs, input_args, warnings_as_errors=warnings_as_errors)
    except NewsschemaError as exc:
        _fail("convert", exc)
    if (meta_file is None) != (meta_map is None):
        click.echo("newsschema convert: --meta and --meta-map go together", err=True)
        sys.exit(EXIT_USAGE)
    if meta_file is not None and meta_map is not None:
        # Read once for the run, before any input: a bad table is a usage error.
        from dataclasses import replace as replaced

        from newsschema.formats.metadata import MetaError, load_meta, parse_meta_map

        try:
            table = load_meta(meta_file, parse_meta_map(meta_map))
        except MetaError as exc:
            click.echo(f"newsschema convert: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        given = replaced(given, read=replaced(given.read, meta=table))
    if anchor is not None:
        from dataclasses import replace

        from newsschema.formats.anchoring import ANCHORED_FORMATS, parse_policy

        problem = None
        if input_args.source_format not in ANCHORED_FORMATS:
            problem = f"--anchor applies only to --from {', '.join(sorted(ANCHORED_FORMATS))}"
        try:
            parse_policy(anchor)
        except ValueError as exc:
            problem = str(exc)
        if problem is not None:
            click.echo(f"newsschema convert: {problem}", err=True)
            sys.exit(EXIT_USAGE)
        given = replace(given, read=replace(given.read, anchor=anchor))
    options: dict[str, object] = dict(given.read.importer_options())  # exporters map labels too
    for param, value in format_options.items():
        if value is None:
            continue
        name = param.replace("_", "-")
        if to not in EXPORT_OPTIONS[name].formats:
            formats = ", ".join(sorted(EXPORT_OPTIONS[name].formats))
            click.echo(f"newsschema convert: --{name} applies only to --to {formats}", err=True)
            sys.exit(EXIT_USAGE)
        options[name] = value
    show = sys.stderr.isatty()
    try:
        with meter("checking", None, show=show) as shown:
            result, data = build_engine(engine, jobs=given.jobs, scheduler=scheduler).convert(
                inputs,
                to=to,
                output=output,
                source_format=input_args.source_format,
                options=options,
                settings=given.settings,
                progress=shown.advance_documents if show else None,
                read=given.read,
                keep_going=keep_going,
            )
    except NewsschemaError as exc:
        from newsschema.convert import ConvertError

        if isinstance(exc, ConvertError) and exc.findings:
            REPORTERS["text"](exc.report(), sys.stderr)
        _fail("convert", exc)
    except OSError as exc:
        # Output could not be written (permissions, full disk): nothing partial was left behind.
        where = display_name(exc.filename or output or "<stdout>")
        click.echo(f"newsschema convert: cannot write {where}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_INVALID)
    if result.warnings:
        # What an importer found and did (e.g. offsets converted); the data was converted.
        # Printed as validate prints findings: escaped and shortened, one line each.
        from newsschema.reporters.text import render_findings

        render_findings(result.warnings, sys.stderr)
    if not result.complete:
        # --keep-going left documents out: each is reported where it is, with the count.
        from newsschema.reporters.text import render_findings

        render_findings([f for f in result.findings if f.is_error], sys.stderr)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        listed = display_name(_listed(result.outputs))
        click.echo(f"converted {result.documents} document(s) -> {listed}", err=True)
    if not result.complete:
        click.echo(
            f"newsschema convert: wrote {result.documents} document(s); left out "
            f"{result.left_out} document(s) with errors (see above)",
            err=True,
        )
        sys.exit(EXIT_INVALID)


# Outputs named in convert's closing line; one file per document can make thousands.
_LISTED = 5


def _listed(outputs: Sequence[str]) -> str:
    """Name a few outputs and count the rest, so that the closing line stays one line."""
    if len(outputs) <= _LISTED:
        return ", ".join(outputs)
    shown = ", ".join(outputs[: _LISTED - 1])
    return f"{shown}, … and {len(outputs) - _LISTED + 1} more (last: {outputs[-1]})"


@cli.command(name="format")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 listing the files that would change.",
)
@input_options
def format_command(
    paths: tuple[str, ...],
    check: bool,
    input_args: InputArgs,
) -> None:
    """Rewrite annotation files in canonical form (what convert --to json/jsonl writes).

    Files already canonical are never touched; a file whose structure does not load is
    reported with located findings and never rewritten (rule findings never stop formatting).
    Exit status: 0 done (or nothing to change with --check), 1 a file would change (--check)
    or cannot be formatted, 2 usage error.
    """
    # The one module this command needs, imported here so other commands do not load it.
    from newsschema.formatting import format_files
    from newsschema.reporters.text import render_findings

    try:
        command_inputs(paths, input_args)
        if input_args.source_format not in (None, "json", "jsonl"):
            raise UsageError(
                f"--from {input_args.source_format}: format rewrites canonical JSON files only"
            )
    except NewsschemaError as exc:
        _fail("format", exc)

    result = format_files(paths, check=check)
    verb = "would reformat" if check else "reformatted"
    for name in result.changed:
        click.echo(f"{verb} {name}")
    if result.findings:
        render_findings(result.findings, sys.stdout)
    failed = sorted({f.file or "<input>" for f in result.findings})
    done = "would be reformatted" if check else "reformatted"
    parts = [f"{len(result.changed)} file(s) {done}", f"{len(result.unchanged)} unchanged"]
    if failed:
        parts.append(f"{len(failed)} could not be formatted")
    click.echo(", ".join(parts))
    if not (result.changed or result.unchanged or failed):
        click.echo(f"newsschema format: no file found in {', '.join(paths)}", err=True)
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_INVALID if failed or (check and result.changed) else EXIT_OK)


@cli.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Where the generated files live.",
)
@click.option("--check", is_flag=True, help="Only check; exit 1 when a committed file is stale.")
@click.option(
    "--print",
    "print_schema",
    is_flag=True,
    help="Write the document JSON Schema shipped with the package to standard output.",
)
def schema(directory: Path, check: bool, print_schema: bool) -> None:
    """Regenerate the published JSON Schema (and other generated files) under schema/."""
    if print_schema:
        from newsschema.schema import packaged_schema_bytes

        sys.stdout.buffer.write(packaged_schema_bytes())
        sys.stdout.flush()
        return
    from newsschema.schema import check_schema_files, write_schema_files

    if check:
        stale = check_schema_files(directory)
        for name in stale:
            click.echo(f"{directory / name}: stale or missing; run `newsschema schema`", err=True)
        if not stale:
            click.echo(f"{directory}: up to date")
        sys.exit(EXIT_INVALID if stale else EXIT_OK)
    for path in write_schema_files(directory):
        click.echo(f"wrote {path}")


_MAIN_PID = os.getpid()


def _interrupt(signum: int, frame: object) -> None:
    if os.getpid() != _MAIN_PID:
        # A forked worker: die of the signal as usual; its parent does the cleanup.
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise KeyboardInterrupt


def _review_commands() -> None:
    """Register ``diff`` and ``agree`` (their module imports the review code only when run)."""
    from newsschema.review.cli import agree_command, diff_command

    cli.add_command(diff_command)
    cli.add_command(agree_command)


_review_commands()


def main() -> None:
    """Run the CLI; map unexpected exceptions to exit code 3 with a short message."""
    # SIGTERM (CI cancelling a job, `timeout`) cleans up like Ctrl-C: temporary files and
    # folders are removed by the same handlers, and the old output stays.
    global _MAIN_PID  # noqa: PLW0603 - the process that runs main() handles the signal
    _MAIN_PID = os.getpid()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        _main()
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception:  # noqa: BLE001 - the last resort: a short message and exit 3
        click.echo("newsschema: internal error (please report it):", err=True)
        click.echo(traceback.format_exc(limit=-3), err=True)
        sys.exit(EXIT_INTERNAL)
