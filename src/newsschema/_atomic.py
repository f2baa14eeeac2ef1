"""Atomic file output: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["NotARegularFile", "atomic_open", "atomic_write_bytes"]


class NotARegularFile(OSError):
    """The output name is a symbolic link or a directory: it is never replaced."""


def _existing_kind(target: Path) -> int | None:
    """Return the ``st_mode`` of ``target`` itself (links not followed), or None if absent."""
    try:
        return os.lstat(target).st_mode
    except FileNotFoundError:
        return None


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open a temporary file beside ``path``; on success rename it over ``path``.

    On any exception (KeyboardInterrupt included) the temporary file is removed and ``path`` is
    left exactly as it was.

    Only a regular file (or nothing) is replaced by rename. A device, FIFO or socket
    (``/dev/null``, ``/dev/full``, a pipe) is written directly, so it stays what it is and a
    full device reports its error; a symbolic link or a directory is refused
    (:class:`NotARegularFile`), never renamed over.
    """
    target = Path(path)
    mode = _existing_kind(target)
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISLNK(mode) or stat.S_ISDIR(mode):
            what = "a symbolic link" if stat.S_ISLNK(mode) else "a directory"
            raise NotARegularFile(0, f"is {what}; refusing to replace it", str(target))
        # O_NOFOLLOW: the node checked above is the one written (no link swapped in meanwhile).
        with open(os.open(target, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "wb") as stream:
            yield stream
            stream.flush()
        return
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
        dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        yield handle  # type: ignore[misc]
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        # Keep the usual permissions of a new file (NamedTemporaryFile creates 0600).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)
        os.replace(handle.name, target)
    except BaseException:
        handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path) as handle:
        handle.write(data)
