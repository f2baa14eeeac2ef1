"""Validation settings: command-line flags over ``[tool.newsschema]`` in ``pyproject.toml``.

Example::

    [tool.newsschema]
    select = ["NS1", "NS2", "NS3", "NS4"]   # codes or prefixes; default: every rule
    ignore = ["NS106"]
    warnings-as-errors = true
    fail-fast = false
    jobs = 2
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsschema._names import display_name
from newsschema.errors import UsageError
from newsschema.findings import Severity

if TYPE_CHECKING:
    from newsschema.rules import RuleSet

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "MAX_JOBS",
    "ConfigError",
    "Settings",
    "common_folder",
    "find_pyproject",
    "read_settings",
    "settings_for",
]

MAX_JOBS = 256
"""Most worker processes ``jobs`` may ask for (each is a process with its own memory)."""


class ConfigError(UsageError):
    """The configuration is unreadable or names unknown settings or codes."""


def _profile_rules(name: str) -> tuple[Any, ...]:
    from newsschema.rules import PROFILES

    return PROFILES.get(name, ())


@dataclass(frozen=True, slots=True)
class Settings:
    """How to validate.

    Attributes:
        select: Rule codes or prefixes to run (empty: all).
        ignore: Rule codes or prefixes not to run.
        warnings_as_errors: Report warnings as errors (so they fail validation).
        fail_fast: Stop at the first invalid document.
        jobs: Workers of the engine, when the configuration or ``--jobs`` asks for a number
            (None: the engine's default; one process for ``local``). Only the engine uses it.
        profiles: Rule profiles turned on (``google``); their rules are warnings that
            ``convert`` reports too.
        source: Where the settings came from, for messages.
        folder: The folder of the configuration file they were read from (None: defaults);
            ``validate`` keeps its cache there.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    warnings_as_errors: bool = False
    fail_fast: bool = False
    jobs: int | None = None
    profiles: tuple[str, ...] = ()
    source: str = field(default="defaults", compare=False)
    folder: Path | None = field(default=None, compare=False)

    def rule_set(self, *, errors_only: bool = False) -> RuleSet:
        """Return the rules these settings select.

        Args:
            errors_only: Leave out warning rules unless they are reported as errors (what
                ``convert`` refuses input for).

        Raises:
            ConfigError: ``select`` or ``ignore`` names no rule, or a structure code.
        """
        # The rules (and the models they check) load only when a command needs them.
        from newsschema.rules import RuleSet, SelectionError, select_rules

        try:
            rules = select_rules(self.select, self.ignore, self.profiles)
        except SelectionError as exc:
            raise ConfigError(f"{self.source}: {exc}") from exc
        if errors_only and not self.warnings_as_errors:
            # A profile is asked for by name: its warnings are reported by convert too.
            asked = {rule.code for name in self.profiles for rule in _profile_rules(name)}
            rules = [
                rule for rule in rules if rule.doc.severity is Severity.ERROR or rule.code in asked
            ]
        return RuleSet(rules, warnings_as_errors=self.warnings_as_errors)

    def results_key(self) -> dict[str, Any]:
        """Every setting that decides what a run finds, by name: the cache's key.

        All compared settings but ``jobs`` (the same findings on any number of workers), so
        that a setting added later is part of the key without being listed here.
        """
        return {
            f.name: getattr(self, f.name) for f in fields(self) if f.compare and f.name != "jobs"
        }

    def override(self, *, source: str | None = None, **changes: Any) -> Settings:
        """Return a copy with the given settings replaced (None values are ignored).

        Args:
            source: Where the changes come from (e.g. ``command line``); when given, the codes
                in ``select`` and ``ignore`` are checked now so that an error names it.
            **changes: Settings to replace.

        Raises:
            ConfigError: ``source`` is given and its ``select`` or ``ignore`` names no rule.
        """
        applied = {k: v for k, v in changes.items() if v is not None}
        if source is not None and ("select" in applied or "ignore" in applied):
            from newsschema.rules import SelectionError, select_rules

            try:
                select_rules(
                    applied.get("select", ()),
                    applied.get("ignore", ()),
                    applied.get("profiles", self.profiles),
                )
            except SelectionError as exc:
                raise ConfigError(f"{source}: {exc}") from exc
        return replace(self, **applied)


def _has_table(path: Path) -> bool:
    """Whether a ``pyproject.toml`` has a ``[tool.newsschema]`` table.

    Raises:
        ConfigError: the file cannot be read or is not valid TOML.
    """
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{display_name(path)}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{display_name(path)}: invalid TOML: {exc}") from exc
    tool = data.get("tool")
    return isinstance(tool, dict) and "newsschema" in tool


def find_pyproject(start: Path) -> Path | None:
    """Return the nearest ``pyproject.toml`` with a ``[tool.newsschema]`` table, from ``start`` up.

    As ruff and black do, a ``pyproject.toml`` without the table is passed over (a project's
    own file in a folder above the annotations does not hide the annotation team's settings).

    Raises:
        ConfigError: a ``pyproject.toml`` on the way is unreadable or not valid TOML.
    """
    start = start.absolute()
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


_MAGIC = frozenset("*?[")


def common_folder(arguments: Sequence[str]) -> Path:
    """The folder the inputs have in common, where their configuration is looked for.

    A file counts by its folder, a glob by the folder before its first wildcard; standard
    input (``-``) and no argument count as the current directory.
    """
    folders: list[str] = []
    for argument in arguments:
        if argument == "-":
            folders.append(os.getcwd())
            continue
        parts = Path(argument).parts
        fixed = next((i for i, part in enumerate(parts) if _MAGIC & set(part)), len(parts))
        path = Path(*parts[:fixed]) if fixed else Path()
        if fixed == len(parts) and not path.is_dir():
            path = path.parent
        folders.append(os.path.abspath(path))
    if not folders:
        return Path.cwd()
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:  # different drives: no common folder
        return Path.cwd()


def settings_for(
    arguments: Sequence[str], config: Path | None = None, *, check: bool = True
) -> Settings:
    """The settings of a run on ``arguments``: ``config`` if given, else the nearest file's.

    The nearest ``pyproject.toml`` with ``[tool.newsschema]`` above the inputs' common folder
    (:func:`common_folder`) is read, not the current directory's: a team's settings apply to
    its annotations wherever the command is run from.

    With ``check=False`` the codes the file names are not checked against the rules (which
    imports them): for a caller that only needs the settings as a key (the cache).

    Raises:
        ConfigError: the file is unreadable, or its table has unknown keys or codes.
    """
    if config is not None:
        return read_settings(config, given="--config", check=check)
    found = find_pyproject(common_folder(arguments))
    return read_settings(found, check=check) if found is not None else Settings()


def _codes(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of rule codes")
    return tuple(value)


def _flag(value: Any, key: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false")
    return value


def read_settings(path: Path, *, given: str | None = None, check: bool = True) -> Settings:
    """Read ``[tool.newsschema]`` from a ``pyproject.toml`` (defaults when the table is absent).

    Args:
        path: The file to read.
        given: How the file was named (e.g. ``--config``), added to messages.
        check: Check the rule codes it names (importing the rules).

    Raises:
        ConfigError: the file is not valid TOML, or the table has unknown keys or bad values.
    """
    where = f"{display_name(path)} (from {given})" if given else display_name(path)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML: {exc}") from exc
    table = data.get("tool", {}).get("newsschema", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [tool.newsschema] must be a table")
    settings = Settings(source=f"{where} [tool.newsschema]", folder=path.absolute().parent)
    where = settings.source
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key == "select":
            changes["select"] = _codes(value, key, where)
        elif key == "ignore":
            changes["ignore"] = _codes(value, key, where)
        elif key == "warnings-as-errors":
            changes["warnings_as_errors"] = _flag(value, key, where)
        elif key == "fail-fast":
            changes["fail_fast"] = _flag(value, key, where)
        elif key == "jobs":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{where}: jobs must be a positive integer")
            if value > MAX_JOBS:
                # Each job is a process: 5000 would fork 5000 workers on any machine.
                raise ConfigError(f"{where}: jobs is {value}; at most {MAX_JOBS} are allowed")
            changes["jobs"] = value
        else:
            known = "select, ignore, warnings-as-errors, fail-fast, jobs"
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {known})")
    settings = replace(settings, **changes)
    if check:
        settings.rule_set()  # refuse unknown codes now, not halfway through a run
    return settings
