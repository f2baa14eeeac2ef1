"""Click options that several commands offer with the same meaning (declared once)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from newsschema.config import MAX_JOBS

__all__ = ["config_option", "jobs_option", "report_output_option"]

_F = TypeVar("_F", bound=Callable[..., Any])


def report_output_option(function: _F) -> _F:
    """``-o/--output FILE``: write the report to a file, atomically, instead of stdout."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write the report to this file (atomically) instead of standard output.",
    )(function)


def config_option(function: _F) -> _F:
    """``--config FILE``: the pyproject.toml whose ``[tool.newsschema]`` table is read."""
    return click.option(
        "--config",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="pyproject.toml to read [tool.newsschema] from [default: the nearest one].",
    )(function)


def jobs_option(what: str = "") -> Callable[[_F], _F]:
    """``-j/--jobs N``: worker processes (``what`` says what they do, if not everything)."""
    workers = f"Worker processes {what}".rstrip() if what else "Worker processes"
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=0, max=MAX_JOBS),
        default=None,
        help=f"{workers} (0: one per CPU; at most {MAX_JOBS}) [default: 1].",
    )
