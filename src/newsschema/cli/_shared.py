"""What the commands share: exit statuses, how a command fails, the engine options."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from newsschema._choices import RegistryChoice
from newsschema.errors import NewsschemaError

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

__all__ = ["EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "engine_options", "fail"]

_F = TypeVar("_F", bound=Callable[..., Any])


def _engines() -> list[str]:
    # The registry's names: reading them imports no engine (nor the validation core).
    from newsschema.engines import ENGINES

    return list(ENGINES)


def fail(command: str, exc: NewsschemaError) -> NoReturn:
    """Say why the command stops, and exit with the status the error carries."""
    click.echo(f"newsschema {command}: {exc}", err=True)
    sys.exit(exc.exit_status)


def engine_options(command: _F) -> _F:
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
