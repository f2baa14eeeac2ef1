"""Make the review tests' helpers importable (``import review_support``, ``import ld_chromium``).

The suite runs with ``--import-mode=importlib``, which does not put test folders on ``sys.path``.
The headless-Chromium driver is shared with the linked-data tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
for folder in (_HERE, _HERE.parent / "linked_data"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
