"""Fixtures for the adversarial suite: its helpers module on the path (the no-network guard is
shared, in tests/conftest.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
