"""The ``newsschema`` command: a thin layer over the library.

Exit codes: 0 valid (warnings allowed), 1 invalid data or unreadable input, 2 usage or
configuration error, 3 internal error.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from newsschema import __version__
from newsschema._inputs import expand_inputs
from newsschema._names import display_name
from newsschema.convert import ConvertError
from newsschema.convert import convert as run_convert
from newsschema.formats import EXPORT_OPTIONS, EXPORTERS, IMPORTERS
from newsschema.report import Report
from newsschema.reporters import REPORTERS
from newsschema.schema import check_schema_files, write_schema_files
from newsschema.validation import validate_inputs

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

_F = TypeVar("_F", bound=Callable[..., Any])


def _export_options(command: _F) -> _F:
    """Add one ``--NAME`` option per format-specific exporter option in the registry."""
    for option in reversed(EXPORT_OPTIONS.values()):
        formats = ", ".join(sorted(option.formats))
        if option.choices:
            command = click.option(
                f"--{option.name}",
                option.name,
                type=click.Choice(option.choices),
                default=None,
                help=f"{option.help} [--to {formats}; default: {option.default}]",
            )(command)
        else:
            command = click.option(
                f"--{option.name}",
                option.name,
                is_flag=True,
                default=None,
                help=f"{option.help} [--to {formats}]",
            )(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsschema")
def cli() -> None:
    """Validate and convert annotated news articles."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="How to print the findings.",
)
def validate(paths: tuple[str, ...], output_format: str) -> None:
    """Validate documents: files, directories (recursively), glob patterns, or - for stdin."""
    report = validate_inputs(expand_inputs(paths))
    REPORTERS[output_format](report, sys.stdout)
    sys.exit(EXIT_OK if report.valid else EXIT_INVALID)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--to", "to", type=click.Choice(sorted(EXPORTERS)), required=True, help="Output format."
)
@click.option(
    "--from",
    "source_format",
    type=click.Choice(sorted(IMPORTERS)),
    help="Input format (default: from the file extension).",
)
@click.option("-o", "--output", help="Output file or directory; - or none for stdout.")
@_export_options
def convert(
    inputs: tuple[str, ...],
    to: str,
    source_format: str | None,
    output: str | None,
    **format_options: str | bool | None,
) -> None:
    """Convert documents to another format (all input is checked first)."""
    options: dict[str, str | bool] = {}
    for name, value in format_options.items():
        if value is None:
            continue
        if to not in EXPORT_OPTIONS[name].formats:
            formats = ", ".join(sorted(EXPORT_OPTIONS[name].formats))
            click.echo(f"newsschema convert: --{name} applies only to --to {formats}", err=True)
            sys.exit(EXIT_USAGE)
        options[name] = value
    try:
        result, data = run_convert(
            inputs, to=to, output=output, source_format=source_format, options=options
        )
    except ConvertError as exc:
        if exc.findings:
            REPORTERS["text"](Report(tuple(exc.findings)), sys.stderr)
        click.echo(f"newsschema convert: {exc}", err=True)
        sys.exit(EXIT_USAGE if exc.usage else EXIT_INVALID)
    except OSError as exc:
        # Output could not be written (permissions, full disk): nothing partial was left behind.
        where = display_name(exc.filename) if exc.filename else output or "<stdout>"
        click.echo(f"newsschema convert: cannot write {where}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_INVALID)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        click.echo(
            f"converted {result.documents} document(s) -> {', '.join(result.outputs)}", err=True
        )


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
def schema(directory: Path, check: bool) -> None:
    """Regenerate the published JSON Schema (and other generated files) under schema/."""
    if check:
        stale = check_schema_files(directory)
        for name in stale:
            click.echo(f"{directory / name}: stale or missing; run `newsschema schema`", err=True)
        if not stale:
            click.echo(f"{directory}: up to date")
        sys.exit(EXIT_INVALID if stale else EXIT_OK)
    for path in write_schema_files(directory):
        click.echo(f"wrote {path}")


def main() -> None:
    """Run the CLI; map unexpected exceptions to exit code 3 with a short message."""
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
    except Exception:
        click.echo("newsschema: internal error (please report it):", err=True)
        click.echo(traceback.format_exc(limit=-3), err=True)
        sys.exit(EXIT_INTERNAL)
