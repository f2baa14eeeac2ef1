"""The ``--engine`` names, written out so that offering them imports no engine.

:data:`newsschema.engines.ENGINES` has one factory per name here (a test pins the two
together); reading it imports the validation core and the models, which ``validate --help``
does not need.
"""

from __future__ import annotations

__all__ = ["ENGINE_NAMES"]

ENGINE_NAMES: tuple[str, ...] = ("local", "dask")
"""Names of the engines :func:`newsschema.engines.build_engine` builds."""
