"""The ``newsschema`` command: a thin layer over the library.

Exit codes: 0 valid (warnings allowed), 1 invalid data or unreadable input, 2 usage or
configuration error (including a report that cannot be written), 3 internal error.

Start-up: each command imports what it uses when it runs, and option choices drawn from a
registry (formats, engines) are read when the option is first parsed or shown, so that
``--help`` and ``rules`` load no format, jsonschema or rich, and ``validate`` no format module.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable

import click

from newsschema import __version__
from newsschema.cli._shared import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE

__all__ = ["cli", "main"]


def _agree() -> click.Command:
    from newsschema.cli.agree import agree_command

    return agree_command


def _convert() -> click.Command:
    from newsschema.cli.convert import convert

    return convert


def _diff() -> click.Command:
    from newsschema.cli.diff import diff_command

    return diff_command


def _format() -> click.Command:
    from newsschema.cli.format import format_command

    return format_command


def _rules() -> click.Command:
    from newsschema.cli.rules import rules

    return rules


def _schema() -> click.Command:
    from newsschema.cli.schema import schema

    return schema


def _validate() -> click.Command:
    from newsschema.cli.validate import validate

    return validate


# Each command by name, with the function that imports its module (literal imports): a run
# imports the one command it invokes (``--help`` lists them all, so it imports them all).
_COMMANDS: dict[str, Callable[[], click.Command]] = {
    "agree": _agree,
    "convert": _convert,
    "diff": _diff,
    "format": _format,
    "rules": _rules,
    "schema": _schema,
    "validate": _validate,
}


class _Commands(click.Group):
    """The command group, importing a command's module when that command is looked up.

    ``commands`` (Click's table of every command) stays whole for whoever reads it: reading it
    imports every command, as ``--help`` does; running one command looks it up alone.
    """

    _loaded: dict[str, click.Command]

    @property  # type: ignore[override]  # Click declares a plain attribute
    def commands(self) -> dict[str, click.Command]:
        for name in _COMMANDS.keys() - self._loaded.keys():
            self._loaded[name] = _COMMANDS[name]()
        return self._loaded

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._loaded = value

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*_COMMANDS, *self._loaded})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self._loaded and cmd_name in _COMMANDS:
            self._loaded[cmd_name] = _COMMANDS[cmd_name]()
        return self._loaded.get(cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsschema")
def cli() -> None:
    """Validate and convert annotated news articles."""


_MAIN_PID = os.getpid()


def _interrupt(signum: int, frame: object) -> None:
    if os.getpid() != _MAIN_PID:
        # A forked worker: die of the signal as usual; its parent does the cleanup.
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise KeyboardInterrupt


def main() -> None:
    """Run the CLI; map unexpected exceptions to exit code 3 with a short message."""
    # SIGTERM (CI cancelling a job, `timeout`) cleans up like Ctrl-C: temporary files and
    # folders are removed by the same handlers, and the old output stays.
    global _MAIN_PID  # noqa: PLW0603 - the process that runs main() handles the signal
    _MAIN_PID = os.getpid()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        _main()
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main() -> None:
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
    except Exception:  # noqa: BLE001 - the last resort: a short message and exit 3
        click.echo("newsschema: internal error (please report it):", err=True)
        click.echo(traceback.format_exc(limit=-3), err=True)
        sys.exit(EXIT_INTERNAL)
