"""Execution engines: where ``validate`` and ``convert`` run, keyed by ``--engine`` name.

An engine only schedules: it is an ordered-map executor configured when it is built, and the
work is the one core of :mod:`newsschema.validation` (plan the units, run each, merge the
chunks in input order). ``local`` runs in this process and ``jobs`` worker processes;
``dask`` runs on a Dask cluster (the ``dask`` extra), at the scheduler address it is built
with, or on a local cluster it starts. Both give the same report and the same outputs, in the
same order. Another engine (Ray, Spark) is one module with an executor and one entry here.
"""

from __future__ import annotations

from newsschema._engine import Conversion, Engine, LocalEngine
from newsschema._engine_errors import EngineUnavailable
from newsschema._engine_registry import ENGINES, EngineFactory

__all__ = [
    "ENGINES",
    "Conversion",
    "Engine",
    "EngineFactory",
    "EngineUnavailable",
    "LocalEngine",
    "build_engine",
]


def build_engine(name: str, *, jobs: int | None = None, scheduler: str | None = None) -> Engine:
    """Build the engine ``name`` for ``jobs`` workers or the Dask ``scheduler``.

    ``jobs`` lives here only: the local engine's worker processes, or the workers of the
    local cluster the Dask engine starts (None: one process locally, one per CPU on Dask).

    Raises:
        EngineUnavailable: the engine cannot run as asked (its extra is missing, or an option
            does not apply to it).
    """
    return ENGINES[name](jobs=jobs, scheduler=scheduler)
