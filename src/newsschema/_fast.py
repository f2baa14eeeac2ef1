"""The switches between the validator's fast paths and the plain code they shortcut.

Each fast path answers "can this rule find anything here?" from a cheap test, and runs the
plain code only when the answer may be yes; the plain code alone decides what is reported. The
switches exist so that tests can run both and prove the findings identical.

``MODEL_FREE`` is the one a user may turn off: with it, a valid document is checked as plain
data and built as Pydantic models only when a rule may find something in it or a command needs
the models (:mod:`newsschema._plain`). Setting the environment variable
``NEWSSCHEMA_MODEL_FREE`` to ``0``, ``false``, ``no`` or ``off`` (any case, spaces around
ignored) turns it off (worker processes inherit it), for a run that always builds the models;
unset, empty or any other value leaves it on. The report is the same either way.
"""

from __future__ import annotations

import os

__all__ = ["ENABLED", "MODEL_FREE"]

ENABLED = True
"""Take the fast paths (False: always run the plain code, for differential tests)."""

# The values that turn a switch off, as environment variables are usually spelled.
_OFF = frozenset({"0", "false", "no", "off"})

MODEL_FREE = os.environ.get("NEWSSCHEMA_MODEL_FREE", "").strip().lower() not in _OFF
"""Check valid documents without building models (False: always build them)."""
