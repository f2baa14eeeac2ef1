"""Make the shared helpers of the annotation-tool tests importable (``import tools_support``).

The suite runs with ``--import-mode=importlib``, which does not put test folders on
``sys.path``; this folder's helpers are added here, once, before any test module is imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
