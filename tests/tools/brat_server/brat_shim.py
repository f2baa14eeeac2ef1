"""What the vendored brat loader imports from brat's server: file opening and messages."""

from __future__ import annotations

from typing import IO, ClassVar

__all__ = ["Messager", "open_textfile"]


def open_textfile(filename: str, mode: str = "r") -> IO[str]:
    """Open a UTF-8 text file as brat does (universal newlines are Python 3's default)."""
    return open(filename, mode.replace("U", ""), encoding="utf-8")


class Messager:
    """Collect the loader's messages (brat shows them to the user) by level."""

    messages: ClassVar[list[tuple[str, str]]] = []

    @staticmethod
    def info(msg: str, *_args: object, **_kwargs: object) -> None:
        """Record an informational message."""
        Messager.messages.append(("info", msg))

    @staticmethod
    def warning(msg: str, *_args: object, **_kwargs: object) -> None:
        """Record a warning (brat's loader warns about a configuration it cannot use)."""
        Messager.messages.append(("warning", msg))

    @staticmethod
    def error(msg: str, *_args: object, **_kwargs: object) -> None:
        """Record an error."""
        Messager.messages.append(("error", msg))

    @staticmethod
    def debug(msg: str, *_args: object, **_kwargs: object) -> None:
        """Record a debugging message."""
        Messager.messages.append(("debug", msg))
