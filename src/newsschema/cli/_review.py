"""What ``diff`` and ``agree`` share: their exit statuses, how they fail, read and write."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from newsschema.cli._options import (
    CommandInputs,
    command_inputs,
)
from newsschema.errors import NewsschemaError
from newsschema.reporters import REPORTERS

if TYPE_CHECKING:
    from newsschema.cli._options import InputArgs
    from newsschema.reading import ReadOptions


__all__ = [
    "EXIT_CHANGED",
    "EXIT_OK",
    "EXIT_USAGE",
    "emit",
    "fail",
    "import_options",
    "review_inputs",
]


EXIT_OK, EXIT_CHANGED, EXIT_USAGE = 0, 1, 2


def import_options(labels: str | None, settings: Sequence[str]) -> ReadOptions:
    """Turn ``--labels`` and ``--set KEY=VALUE`` into typed reading options, as ``convert`` does.

    Raises:
        click.UsageError: the label map or a ``--set`` value is bad (exit status 2).
    """
    from newsschema.reading import read_options

    try:
        return read_options(None, labels, settings)
    except NewsschemaError as exc:
        raise click.UsageError(str(exc)) from exc


def fail(command: str, message: str, findings: Sequence[Any] = ()) -> NoReturn:
    if findings:
        from newsschema.report import Report

        REPORTERS["text"](Report(tuple(findings)), sys.stderr)
    from newsschema._names import display_name

    click.echo(display_name(f"newsschema {command}: {message}"), err=True)
    sys.exit(EXIT_USAGE)


def review_inputs(
    command: str, arguments: Sequence[str], given: InputArgs, root: Path | None = None
) -> CommandInputs:
    """The checked input options (a bad one stops the command with its usage error)."""
    try:
        return command_inputs(arguments, given, root=root)
    except NewsschemaError as exc:
        fail(command, str(exc))


def emit(command: str, text: str, output: Path | None, inputs: Sequence[str]) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    for argument in inputs:
        if os.path.exists(argument) and os.path.realpath(argument) == os.path.realpath(output):
            fail(command, f"{output}: the report may not overwrite an input")
    from newsschema._atomic import atomic_write_bytes

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(output, text.encode("utf-8"))
    except OSError as exc:
        fail(command, f"cannot write {output}: {exc.strerror or exc}")
