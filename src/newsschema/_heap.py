"""Keeping the cyclic garbage collector off objects a command holds until it ends.

A conversion to one file per document keeps every checked document until the outputs are
written. CPython's full collections walk every tracked object each time, and they come more
often as the heap grows, so holding 2,000 documents tripled the cost of loading them.
:func:`settled` moves what is alive so far out of the collector's reach (``gc.freeze``, O(1))
after each kept document, and gives it back when the work ends (``gc.unfreeze``), so that
garbage made meanwhile is still collected as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["settled"]


def _nothing() -> None:
    """Stand in for ``gc.freeze`` when the collector is not ours to manage."""


@contextmanager
def settled() -> Iterator[Callable[[], None]]:
    """Yield a function to call after each object kept until the block ends.

    It does nothing when the collector is disabled or the caller froze objects itself (their
    frozen set is theirs: ending this block must not unfreeze it).
    """
    if not gc.isenabled() or gc.get_freeze_count():
        yield _nothing
        return
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
