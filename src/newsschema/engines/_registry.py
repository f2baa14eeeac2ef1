"""The engines by ``--engine`` name: a registry that offers the names without importing an engine.

Each factory builds its engine for ``jobs`` workers or a Dask scheduler address and imports
the engine's module only when called, so that ``--engine`` choices (and ``--help``) cost
nothing, and the Dask extra stays optional. :mod:`newsschema.engines` re-exports the registry.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import TYPE_CHECKING, Protocol

from newsschema._registry import LazyRegistry
from newsschema.engines._errors import EngineUnavailable

if TYPE_CHECKING:
    from newsschema.engines._base import Engine

__all__ = ["ENGINES", "EngineFactory"]


class EngineFactory(Protocol):
    """Builds an engine; raises :class:`EngineUnavailable` when it cannot run as asked."""

    def __call__(self, *, jobs: int | None, scheduler: str | None) -> Engine:
        """Return the engine for ``jobs`` workers (None: its default) or a Dask ``scheduler``."""
        ...


def _local(*, jobs: int | None, scheduler: str | None) -> Engine:
    from newsschema.engines.local import LocalEngine

    if scheduler is not None:
        raise EngineUnavailable("--scheduler applies only to --engine dask")
    return LocalEngine(jobs or 1)


def _dask(*, jobs: int | None, scheduler: str | None) -> Engine:
    """Build the Dask engine; :mod:`newsschema.engines.dask` needs the optional ``dask`` extra.

    This is the one place the extra is imported, so that everything else works without it.

    Raises:
        EngineUnavailable: the extra is not installed, or ``jobs`` is given with a scheduler.
    """
    try:
        # The optional extra, imported here only, so that the CLI starts without it.
        from newsschema.engines import dask as module
    except ImportError as exc:
        raise EngineUnavailable(
            f"--engine dask needs the dask extra ({exc.name or exc} is missing): "
            "pip install 'newsschema[dask]'"
        ) from exc
    if jobs is not None and scheduler is not None:
        # A running cluster has the workers it was started with: a number here would be ignored.
        raise EngineUnavailable(
            "--jobs sets the workers of the local Dask cluster; with --scheduler the cluster "
            "has its own workers (leave out --jobs)"
        )
    engine: Engine = module.DaskEngine(scheduler, workers=jobs)
    return engine


def _factory(factory: EngineFactory) -> Callable[[], EngineFactory]:
    return lambda: factory


ENGINES: MutableMapping[str, EngineFactory] = LazyRegistry(
    {"local": _factory(_local), "dask": _factory(_dask)}
)
"""Engine factories by ``--engine`` name (names known without importing any engine)."""
