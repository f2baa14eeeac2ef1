"""Click options that several commands offer with the same meaning (declared once)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

import click

from newsschema.config import MAX_JOBS, Settings
from newsschema.reading import ReadOptions

__all__ = [
    "CommandInputs",
    "InputArgs",
    "command_inputs",
    "command_settings",
    "config_option",
    "input_options",
    "jobs_option",
    "report_output_option",
]

_F = TypeVar("_F", bound=Callable[..., Any])
_R = TypeVar("_R")


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


def _importers() -> list[str]:
    from newsschema.formats import IMPORTERS

    return list(IMPORTERS)


@dataclass(frozen=True, slots=True)
class InputArgs:
    """The input options as given on the command line, before any is checked.

    Attributes:
        source_format: ``--from`` (None: from each file's extension).
        labels: ``--labels`` (a label map's name or TOML file).
        set_values: ``--set FIELD=VALUE`` (article metadata the tool data lacks).
        select: ``--select`` (codes or prefixes, comma-separated).
        ignore: ``--ignore`` (codes or prefixes, comma-separated).
        profiles: ``--profile`` (rule profiles turned on, e.g. ``google``).
        config: ``--config`` (overrides the search for ``pyproject.toml``).
        jobs: ``-j/--jobs`` (0: one per CPU; None: the configuration's).
    """

    source_format: str | None = None
    labels: str | None = None
    set_values: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    config: Path | None = None
    jobs: int | None = None


_INPUT_ARGS = tuple(field.name for field in fields(InputArgs))


def input_options(function: Callable[..., _R]) -> Callable[..., _R]:
    """The input options of every command that reads documents, declared once.

    ``--from``, ``--labels``, ``--set`` (how inputs are read), ``--select``, ``--ignore``,
    ``--profile``, ``--config`` (which rules check them) and ``-j/--jobs`` (the engine's
    workers), for validate, convert, format, diff and agree. The command receives them as one
    :class:`InputArgs` (its ``input_args`` parameter); :func:`command_inputs` turns that into
    settings and typed reading options.
    """

    @functools.wraps(function)
    def gathered(*args: Any, **kwargs: Any) -> _R:
        given = InputArgs(**{name: kwargs.pop(name) for name in _INPUT_ARGS})
        return function(*args, input_args=given, **kwargs)

    from newsschema._choices import RegistryChoice

    options = [
        click.option(
            "--from",
            "source_format",
            type=RegistryChoice(_importers),
            default=None,
            help="Input format (default: from the file extension).",
        ),
        click.option(
            "--labels",
            metavar="NAME|FILE.toml",
            default=None,
            help="Label mapping of annotation-tool formats: newsschema, attribution or a TOML "
            "file [default: newsschema].",
        ),
        click.option(
            "--set",
            "set_values",
            metavar="FIELD=VALUE",
            multiple=True,
            help="Article metadata the tool data lacks, e.g. --set article.language=en "
            "(repeatable); article.publisher=NAME names an outlet entity.",
        ),
        click.option(
            "--select",
            multiple=True,
            metavar="CODES",
            help="Check only these rules (codes or prefixes, comma-separated; repeatable).",
        ),
        click.option(
            "--ignore",
            multiple=True,
            metavar="CODES",
            help="Do not check these rules (codes or prefixes, comma-separated; repeatable).",
        ),
        click.option(
            "--profile",
            "profiles",
            multiple=True,
            type=click.Choice(["google"]),
            help="Also check what a consumer recommends: google = the Article properties "
            "Google's documentation recommends (NS7xx warnings; off by default; repeatable).",
        ),
        config_option,
        jobs_option(),
    ]
    decorated: Callable[..., _R] = gathered
    for option in reversed(options):
        decorated = option(decorated)
    return decorated


@dataclass(frozen=True, slots=True)
class CommandInputs:
    """What the input options asked for, checked: the rules' settings and how to read.

    Attributes:
        settings: ``[tool.newsschema]`` (found from the inputs) under ``--select/--ignore``.
        read: ``--from``, ``--labels`` (loaded and checked) and ``--set``.
        jobs: The engine's workers (``--jobs``, else the configuration's; None: its default).
    """

    settings: Settings
    read: ReadOptions
    jobs: int | None


def _split_codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    codes = tuple(code.strip() for value in values for code in value.split(",") if code.strip())
    return codes or None


def command_inputs(
    arguments: Sequence[str],
    given: InputArgs,
    *,
    warnings_as_errors: bool | None = None,
    fail_fast: bool | None = None,
    root: Path | None = None,
) -> CommandInputs:
    """Check every input option before any input is read (the same in every command).

    Args:
        arguments: The inputs (their common folder is where the configuration is found).
        given: The input options as given (:func:`input_options`).
        warnings_as_errors: ``--warnings-as-errors`` when the command has it.
        fail_fast: ``--fail-fast`` when the command has it.
        root: Where to look for the configuration instead of the inputs' folder (``diff
            --git``: the repository's root).

    Raises:
        UsageError: a bad configuration, rule code, label map or ``--set`` (exit status 2).
    """
    from newsschema.reading import read_options

    settings = command_settings(
        arguments, given, warnings_as_errors=warnings_as_errors, fail_fast=fail_fast, root=root
    )
    settings.rule_set()  # refuse unknown codes before any input is read
    read = read_options(given.source_format, given.labels, given.set_values)
    return CommandInputs(settings, read, settings.jobs)


def command_settings(
    arguments: Sequence[str],
    given: InputArgs,
    *,
    warnings_as_errors: bool | None = None,
    fail_fast: bool | None = None,
    root: Path | None = None,
    check: bool = True,
) -> Settings:
    """The rules' settings of a command: the configuration found, under the command line.

    Of the input options, ``--select``, ``--ignore``, ``--profile``, ``--config`` and
    ``--jobs`` count here. With ``check=False`` no rule code is checked (the rules are not
    imported): the settings are then only a key, as the cache's replay uses them; a run checks
    them.

    Raises:
        UsageError: a bad configuration, or (with ``check``) an unknown rule code.
    """
    from newsschema.config import settings_for

    found = [str(root)] if root is not None else arguments
    settings = settings_for(found, given.config, check=check)
    jobs = (os.cpu_count() or 1) if given.jobs == 0 else given.jobs
    return settings.override(
        source="command line (--select/--ignore)" if check else None,
        select=_split_codes(given.select),
        ignore=_split_codes(given.ignore),
        warnings_as_errors=warnings_as_errors,
        fail_fast=fail_fast,
        jobs=jobs,
        profiles=given.profiles or None,
    )
