"""The switch between the validator's fast paths and the plain code they shortcut.

Each fast path answers "can this rule find anything here?" from a cheap test, and runs the
plain code only when the answer may be yes; the plain code alone decides what is reported. The
switch exists so that tests can run both and prove the findings identical; nothing else turns
it off.
"""

from __future__ import annotations

__all__ = ["ENABLED"]

ENABLED = True
"""Take the fast paths (False: always run the plain code, for differential tests)."""
