"""The ``newsschema convert`` command."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from newsschema._choices import RegistryChoice
from newsschema._names import display_name
from newsschema._progress import meter
from newsschema.cli._options import (
    InputArgs,
    command_inputs,
    input_options,
)
from newsschema.cli._shared import (
    EXIT_INVALID,
    EXIT_USAGE,
    engine_options,
    fail,
)
from newsschema.errors import NewsschemaError
from newsschema.reporters import REPORTERS

__all__ = ["convert"]


def _exporters() -> list[str]:
    from newsschema.formats import EXPORTERS

    return list(EXPORTERS)


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


@click.command(cls=_WithExportOptions)
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
@engine_options
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
    from newsschema.formats import EXPORT_OPTIONS, write_options_type

    try:
        given = command_inputs(inputs, input_args, warnings_as_errors=warnings_as_errors)
    except NewsschemaError as exc:
        fail("convert", exc)
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
    flags: dict[str, object] = {}
    for param, value in format_options.items():
        if value is None:
            continue
        name = param.replace("_", "-")
        if to not in EXPORT_OPTIONS[name].formats:
            formats = ", ".join(sorted(EXPORT_OPTIONS[name].formats))
            click.echo(f"newsschema convert: --{name} applies only to --to {formats}", err=True)
            sys.exit(EXIT_USAGE)
        flags[name] = value
    # The exporter's own options type, built once here; the engine carries it to the format.
    kind = write_options_type(to)
    if given.read.labels is not None and "labels" in kind.names():
        flags["labels"] = given.read.labels  # exporters of tool formats write under these labels
    options = kind.of(flags)
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
        fail("convert", exc)
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
