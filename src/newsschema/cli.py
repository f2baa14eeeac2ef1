"""The ``newsschema`` command: a thin layer over the library.

Exit codes: 0 valid (warnings allowed), 1 invalid data or unreadable input, 2 usage or
configuration error, 3 internal error.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from newsschema import __version__
from newsschema._inputs import expand_inputs
from newsschema.convert import ConvertError
from newsschema.convert import convert as run_convert
from newsschema.formats import EXPORTERS, IMPORTERS
from newsschema.report import Report
from newsschema.reporters import REPORTERS
from newsschema.schema import check_schema_files, write_schema_files
from newsschema.validation import validate_inputs

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


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
@click.option(
    "--excel",
    is_flag=True,
    help="Tables for Excel: start each CSV file with a UTF-8 byte-order mark.",
)
def convert(
    inputs: tuple[str, ...],
    to: str,
    source_format: str | None,
    output: str | None,
    **format_options: object,
) -> None:
    """Convert documents to another format (all input is checked first)."""
    # Format options go to every exporter as one dict; each reads the ones it knows.
    try:
        result, data = run_convert(
            inputs, to=to, output=output, source_format=source_format, options=format_options
        )
    except ConvertError as exc:
        if exc.findings:
            REPORTERS["text"](Report(tuple(exc.findings)), sys.stderr)
        click.echo(f"newsschema convert: {exc}", err=True)
        sys.exit(EXIT_USAGE if exc.usage else EXIT_INVALID)
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
