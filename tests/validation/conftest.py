from __future__ import annotations

import sys
from pathlib import Path

# The helpers next to the tests (a plain module, not a package).
sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[2]
