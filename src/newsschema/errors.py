"""The errors a command stops on, and the exit status each one means.

Every error newsschema raises to stop a command derives from :class:`NewsschemaError`, which
carries its exit status: 1 the data is invalid or unreadable, 2 the request cannot be done
(usage or configuration). The command line maps any of them to its message and status in one
place; a library caller catches the base class.
"""

from __future__ import annotations

__all__ = ["EXIT_INVALID", "EXIT_USAGE", "NewsschemaError", "UsageError"]

EXIT_INVALID = 1
"""Exit status: the input is invalid or unreadable."""

EXIT_USAGE = 2
"""Exit status: the request itself cannot be done (usage or configuration error)."""


class NewsschemaError(Exception):
    """Base of the errors that stop a command; ``exit_status`` says what they mean."""

    exit_status: int = EXIT_INVALID


class UsageError(NewsschemaError, ValueError):
    """The request cannot be done as asked (a bad option, file or setting): exit status 2."""

    exit_status = EXIT_USAGE
