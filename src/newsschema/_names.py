"""Printable names for paths: reports stay one line per finding whatever a file is called."""

from __future__ import annotations

import os

__all__ = ["MAX_NAME", "display_name"]

MAX_NAME = 512
"""Longest name shown whole; longer ones are shortened in the middle."""

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def display_name(path: str | os.PathLike[str] | bytes) -> str:
    r"""Return ``path`` as printable text.

    Control characters are escaped (``\n``), and bytes that are not valid in the file system
    encoding (kept by Python as lone surrogates) are shown as ``\xNN``, so that writing the name to
    a UTF-8 stream can neither fail nor split a report line. Backslashes are doubled only when
    something else was escaped, so ordinary Windows-style names stay readable. Names longer
    than :data:`MAX_NAME` characters are shortened in the middle.
    """
    text = os.fsdecode(path)
    if len(text) > MAX_NAME:
        # A path can be any length (a 100,000-character glob): show both ends, say how long.
        cut = MAX_NAME // 2
        text = f"{text[:cut]}…[{len(text)} characters]…{text[-cut:]}"
    if text.isprintable():
        return text
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: an undecodable byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif not char.isprintable() and char != " ":
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)
