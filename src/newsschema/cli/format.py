"""The ``newsschema format`` command."""

from __future__ import annotations

import sys

import click

from newsschema.cli._options import (
    InputArgs,
    command_inputs,
    input_options,
)
from newsschema.cli._shared import (
    EXIT_INVALID,
    EXIT_OK,
    fail,
)
from newsschema.errors import NewsschemaError, UsageError

__all__ = ["format_command"]


@click.command(name="format")
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
        fail("format", exc)

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
