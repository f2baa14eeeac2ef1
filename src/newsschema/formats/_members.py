"""Opening the files of a table bundle (a folder or a zip archive) without trusting them.

A bundle may come from anyone. Its members are opened only when they are regular files of the
bundle itself: never through a symbolic link (which could print ``/proc/self/environ`` in an
error), never a FIFO (which would hang) or a device (``/dev/zero`` would exhaust memory). A zip
archive is held to limits on its number of members and on how much each member and the whole
archive expand to, and its read errors (CRC, encryption, unknown compression, a corrupt deflate
stream) become :class:`MemberError`, which readers report as located findings.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

__all__ = [
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "MAX_TOTAL_BYTES",
    "MemberError",
    "archive_opener",
    "folder_opener",
    "open_regular",
]

MAX_MEMBERS = 10_000
"""Most files a zipped bundle may hold (a Dask export writes a few per table and partition)."""
MAX_MEMBER_BYTES = 1 << 30
"""Most bytes one bundle member may expand to (1 GiB)."""
MAX_TOTAL_BYTES = 4 << 30
"""Most bytes all members of one archive may expand to together (4 GiB)."""
MAX_RATIO = 1000
"""Largest expansion ratio accepted for a member over 1 MiB (zip bombs reach 1,000,000)."""

Opener = Callable[[str], IO[bytes]]
"""Opens a member of a bundle by its file name; raises :class:`MemberError` or ``KeyError``."""


class MemberError(OSError):
    """A bundle member cannot be read safely; ``strerror`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.strerror = reason


def open_regular(path: Path) -> IO[bytes]:
    """Open ``path`` for reading only if it is a regular file reached without a link.

    ``O_NOFOLLOW`` refuses a final symbolic link, ``O_NONBLOCK`` keeps a FIFO from blocking
    the open, and the type is checked on the open descriptor, so what is checked is what is
    read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        if os.path.islink(path):
            raise MemberError("not a regular file (a symbolic link); not opened") from None
        raise MemberError(exc.strerror or str(exc)) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise MemberError("not a regular file; not opened")
    os.set_blocking(fd, True)
    return open(fd, "rb")


def folder_opener(directory: Path) -> Opener:
    """Return an opener for the members of a bundle directory."""
    return lambda member: open_regular(directory / member)


class _Guarded(io.RawIOBase):
    """A zip member stream that turns archive damage into :class:`MemberError`."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._stream.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as e:
            raise MemberError(f"damaged archive member ({e})") from None
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def archive_opener(archive: zipfile.ZipFile, folder: str = "") -> Opener:
    """Return an opener for the members of a zipped bundle, after checking the archive's limits.

    Raises:
        MemberError: Too many members, or members that expand beyond the limits.
    """
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise MemberError(f"the archive has {len(infos)} members; at most {MAX_MEMBERS} are read")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise MemberError(
            f"the archive expands to {total} bytes; at most {MAX_TOTAL_BYTES} are read"
        )

    def open_member(member: str) -> IO[bytes]:
        info = archive.getinfo(folder + member)
        kind = stat.S_IFMT(info.external_attr >> 16)  # 0: no Unix type recorded (a plain file)
        if info.is_dir() or kind not in (0, stat.S_IFREG):
            raise MemberError("not a regular file (a link or special entry); not opened")
        if info.file_size > MAX_MEMBER_BYTES:
            raise MemberError(
                f"expands to {info.file_size} bytes; at most {MAX_MEMBER_BYTES} are read"
            )
        if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise MemberError(
                f"expands {info.file_size // max(info.compress_size, 1)} times "
                f"({info.compress_size} to {info.file_size} bytes): a compression bomb"
            )
        try:
            # zipfile never yields more than the declared size, so the checks above bound it.
            stream = archive.open(info)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
            raise MemberError(f"damaged archive member ({exc})") from None
        return io.BufferedReader(_Guarded(stream))

    return open_member
