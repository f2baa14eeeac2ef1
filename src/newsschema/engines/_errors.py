"""The error an engine raises when it cannot run as asked.

Its own module so that the engine registry (:mod:`newsschema.engines`) and the engines it
loads (:mod:`newsschema.engines.dask`) both use it without importing each other.
"""

from __future__ import annotations

from newsschema.errors import UsageError

__all__ = ["EngineUnavailable"]


class EngineUnavailable(UsageError):
    """The engine cannot run as asked: its extra is not installed, or an option does not apply."""
