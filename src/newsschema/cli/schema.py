"""The ``newsschema schema`` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsschema.cli._shared import (
    EXIT_INVALID,
    EXIT_OK,
)

__all__ = ["schema"]


@click.command()
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
