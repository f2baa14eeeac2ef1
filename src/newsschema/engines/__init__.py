"""Execution engines: where ``validate`` and ``convert`` run, keyed by ``--engine`` name.

An engine only schedules: it is an ordered-map executor configured when it is built, and the
work is the one core of :mod:`newsschema.validation` (plan the units, run each, merge the
chunks in input order). ``local`` (:mod:`newsschema.engines.local`) runs in this process and
``jobs`` worker processes; ``dask`` (:mod:`newsschema.engines.dask`) runs on a Dask cluster
(the ``dask`` extra), at the scheduler address it is built with, or on a local cluster it
starts. Both give the same report and the same outputs, in the same order. Another engine
(Ray, Spark) is one module with an executor and one entry in :data:`ENGINES`.

Importing this package loads the registry only (the ``--engine`` choices cost nothing);
:class:`Engine`, :class:`Conversion` and :class:`LocalEngine` import the validation core on
first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsschema.engines._errors import EngineUnavailable
from newsschema.engines._registry import ENGINES, EngineFactory

if TYPE_CHECKING:
    from newsschema.engines._base import Conversion, Engine
    from newsschema.engines.local import LocalEngine

__all__ = [
    "ENGINES",
    "Conversion",
    "Engine",
    "EngineFactory",
    "EngineUnavailable",
    "LocalEngine",
    "build_engine",
]


def __getattr__(name: str) -> Any:
    """Import the engine protocol and the local engine on first use (they load the core)."""
    if name in ("Conversion", "Engine"):
        from newsschema.engines import _base

        return getattr(_base, name)
    if name == "LocalEngine":
        from newsschema.engines.local import LocalEngine

        return LocalEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build_engine(name: str, *, jobs: int | None = None, scheduler: str | None = None) -> Engine:
    """Build the engine ``name`` for ``jobs`` workers or the Dask ``scheduler``.

    ``jobs`` lives here only: the local engine's worker processes, or the workers of the
    local cluster the Dask engine starts (None: one process locally, one per CPU on Dask).

    Raises:
        EngineUnavailable: the engine cannot run as asked (its extra is missing, or an option
            does not apply to it).
    """
    return ENGINES[name](jobs=jobs, scheduler=scheduler)
