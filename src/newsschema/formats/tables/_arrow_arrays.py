"""Arrow arrays from columns of Python values, without importing pandas.

``pyarrow.array`` asks whether a list is a pandas object the first time it converts one, and
to ask it imports pandas: half a second of CPU when pandas is installed, which a Parquet
bundle never needs. nanoarrow (a library of the Apache Arrow project, in the ``parquet``
extra) builds the same arrays from Python sequences and hands them to pyarrow through the
Arrow C data interface, which pyarrow takes before that question. Without nanoarrow, and for
a column nanoarrow cannot build (a batch of text beyond the 2 GiB of 32-bit offsets), pyarrow
builds the array itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

__all__ = ["ArrayBuilder", "array_builder"]

ArrayBuilder = Callable[[Sequence[Any], Any], Any]
"""Builds a ``pyarrow.Array`` of the given Arrow type from a column of Python values."""


def array_builder(pa: ModuleType, *, nanoarrow: bool = True) -> ArrayBuilder:
    """Return how columns become Arrow arrays: through nanoarrow when it is installed.

    Args:
        pa: The pyarrow module.
        nanoarrow: Use nanoarrow when it is installed (False: always ``pyarrow.array``).

    The values are those ``pyarrow.array`` takes for the type: text or None, integers (also
    for ``timestamp`` in its unit since the epoch and ``date32`` in days), booleans.
    """

    def by_pyarrow(values: Sequence[Any], arrow_type: Any) -> Any:
        return pa.array(values, type=arrow_type)

    if not nanoarrow:
        return by_pyarrow
    try:
        from nanoarrow import c_array  # optional: the parquet extra brings it
    except ImportError:
        return by_pyarrow

    def build(values: Sequence[Any], arrow_type: Any) -> Any:
        try:
            built = c_array(values, arrow_type)
        except (ValueError, OverflowError, TypeError):
            return by_pyarrow(values, arrow_type)  # pyarrow builds it, or says what is wrong
        return pa.array(built)

    return build
