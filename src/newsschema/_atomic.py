"""Atomic file output: a reader sees the old file or the new one, never half of one.

Each output is written to a temporary file beside it, flushed to disk (``fsync``) and then
renamed over its name, so that neither a reader nor a crash can find half a file under the name.
:func:`atomic_write_all` does the same for many files at a lower cost: it writes a batch of
temporary files, flushes them concurrently (the file system commits concurrent flushes
together, where one flush after another waits for one disk commit each), renames them, and
flushes each directory once so that the new names are on disk too. (A folder of outputs that
appears whole: :mod:`newsschema._folder`.)
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

__all__ = [
    "BATCH_FILES",
    "Flusher",
    "NotARegularFile",
    "atomic_open",
    "atomic_write_all",
    "atomic_write_bytes",
    "existing_kind",
    "flush_directory",
    "may_exist",
    "replaceable_kinds",
    "write_fully",
]

BATCH_FILES = 64
"""Files written, flushed and renamed together by :func:`atomic_write_all` (bounds open files)."""
_FLUSH_THREADS = 16
_LIST_FROM = 32
"""Targets in one directory from which it is listed once instead of each name looked up."""


class NotARegularFile(OSError):
    """The output name is a symbolic link or a directory: it is never replaced."""


def may_exist(targets: Sequence[Path]) -> Callable[[Path], bool]:
    """Return a test that is False only for a target known to be absent.

    A directory that receives many of ``targets`` is listed once (one read of the directory),
    so that the names it does not hold need no look-up each: a conversion into a folder
    otherwise looked up every file it was about to create. Names are compared case-folded
    (a case-insensitive file system finds ``A.json`` under ``a.json``): answering True too often
    only costs a look-up. A directory that cannot be listed, and one receiving few targets,
    answers True (look the name up).
    """
    listings: dict[Path, frozenset[str]] = {}
    for parent, count in Counter(target.parent for target in targets).items():
        if count >= _LIST_FROM:
            with contextlib.suppress(OSError):  # absent or unreadable: each name looked up
                listings[parent] = frozenset(_folded(name) for name in os.listdir(parent))

    def check(target: Path) -> bool:
        names = listings.get(target.parent)
        # A listing never holds "." or "..": such a name is looked up.
        return names is None or _folded(target.name) in names or target.name in ("", ".", "..")

    return check


def _folded(name: str) -> str:
    """``name`` as a case-insensitive file system compares it (macOS, Windows).

    A name that differs from a listed one only in case or Unicode form may be the same file.
    """
    return name.lower() if name.isascii() else unicodedata.normalize("NFC", name).casefold()


def replaceable_kinds(targets: Sequence[Path]) -> list[int | None]:
    """The ``st_mode`` of each target that exists (None if absent), all looked at first.

    Raises:
        NotARegularFile: a target is a symbolic link or a directory (never replaced).
    """
    present = may_exist(targets)
    kinds = [existing_kind(target) if present(target) else None for target in targets]
    for target, mode in zip(targets, kinds, strict=True):
        if mode is not None and (stat.S_ISLNK(mode) or stat.S_ISDIR(mode)):
            what = "a symbolic link" if stat.S_ISLNK(mode) else "a directory"
            raise NotARegularFile(0, f"is {what}; refusing to replace it", str(target))
    return kinds


def existing_kind(target: Path) -> int | None:
    """Return the ``st_mode`` of ``target`` itself (links not followed), or None if absent."""
    try:
        return os.lstat(target).st_mode
    except FileNotFoundError:
        return None


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], *, mode: int | None = None) -> Iterator[BinaryIO]:
    """Open a temporary file beside ``path``; on success rename it over ``path``.

    ``mode`` sets the permission bits the file gets (default: those of the file it replaces, or
    a new file's, 0666 less the umask); they are set on the temporary file before the rename,
    so that the name never shows the new content with wider permissions than asked.

    On any exception (KeyboardInterrupt included) the temporary file is removed and ``path`` is
    left exactly as it was.

    Only a regular file (or nothing) is replaced by rename. A device, FIFO or socket
    (``/dev/null``, ``/dev/full``, a pipe) is written directly, so it stays what it is and a
    full device reports its error; a symbolic link or a directory is refused
    (:class:`NotARegularFile`), never renamed over.
    """
    target = Path(path)
    kind = existing_kind(target)
    if kind is not None and not stat.S_ISREG(kind):
        if stat.S_ISLNK(kind) or stat.S_ISDIR(kind):
            what = "a symbolic link" if stat.S_ISLNK(kind) else "a directory"
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
        if mode is None and kind is not None:
            mode = kind & 0o7777  # a replaced file keeps its permission bits
        if mode is None:
            # Keep the usual permissions of a new file (NamedTemporaryFile creates 0600).
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(handle.name, mode)
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


def atomic_write_all(files: Iterable[tuple[str | os.PathLike[str], bytes]]) -> list[Path]:
    """Write each ``(path, data)`` atomically, as :func:`atomic_write_bytes` does, in batches.

    Every target is checked before anything is written: a symbolic link or a directory is
    refused (:class:`NotARegularFile`) with no file touched. Devices, FIFOs and sockets are
    written in place. Regular files are written :data:`BATCH_FILES` at a time: temporary files
    beside their targets, flushed to disk together, then renamed in order; at the end each
    directory that received a file is flushed once.

    On any exception (KeyboardInterrupt included) the temporary files of the current batch are
    removed and their targets left as they were; the files of earlier batches are complete.

    Returns:
        The paths written, in order.
    """
    targets = [(Path(path), data) for path, data in files]
    kinds = replaceable_kinds([target for target, _ in targets])
    regular: list[tuple[Path, bytes]] = []
    for (target, data), mode in zip(targets, kinds, strict=True):
        if mode is not None and not stat.S_ISREG(mode):
            atomic_write_bytes(target, data)  # written in place (a device stays a device)
        else:
            regular.append((target, data))
    directories: dict[Path, None] = {}
    flush = Flusher()
    try:
        for start in range(0, len(regular), BATCH_FILES):
            batch = regular[start : start + BATCH_FILES]
            _write_batch(batch, flush)
            directories.update(dict.fromkeys(target.parent for target, _ in batch))
    finally:
        flush.close()
    for directory in directories:
        flush_directory(directory)
    return [target for target, _ in targets]


_TEMPORARY_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_TEMPORARY_FLAGS |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)


def _create_temporary(target: Path, names: list[str], token: str = "") -> int:
    """Create a new temporary file beside ``target``; return its descriptor.

    Its name is appended to ``names`` before the file exists, so that an interrupt arriving just
    after the file is made still finds it to remove. Created with 0666 for the umask to narrow
    (the permissions the renamed file keeps); a raw descriptor, because a file object costs
    several system calls per file for nothing here. ``token`` is a random part drawn once for a
    batch (the target names differ); a new one is drawn when a name is taken.
    """
    folder = target.parent
    for _ in range(100):
        name = os.path.join(folder, f".{target.name}.{token or os.urandom(6).hex()}.tmp")
        names.append(name)
        try:
            return os.open(name, _TEMPORARY_FLAGS, 0o666)
        except FileExistsError:
            names.pop()  # another file's name: never ours to remove
            token = ""
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def write_fully(descriptor: int, data: bytes) -> None:
    """Write all of ``data`` (``os.write`` may write part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _write_batch(batch: list[tuple[Path, bytes]], flush: Flusher) -> None:
    """Write, flush together and rename one batch; on failure remove what is not renamed."""
    names: list[str] = []
    descriptors: list[int] = []
    renamed = 0
    token = os.urandom(6).hex()  # one draw per batch: a system call per file cost more
    try:
        for target, data in batch:
            descriptors.append(_create_temporary(target, names, token))
            write_fully(descriptors[-1], data)
        flush(descriptors)
        for index, (target, _) in enumerate(batch):
            descriptor, descriptors[index] = descriptors[index], -1  # never closed twice
            os.close(descriptor)
            os.replace(names[index], target)
            renamed += 1
    except BaseException:
        for descriptor in descriptors:
            if descriptor >= 0:
                with contextlib.suppress(OSError):
                    os.close(descriptor)
        for name in names[renamed:]:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)  # a name renamed just before the interrupt is already gone
        raise


def _flush_each(descriptors: list[int]) -> None:
    """``fsync`` each descriptor in turn (one thread's share of a batch)."""
    for descriptor in descriptors:
        os.fsync(descriptor)


class Flusher:
    """``fsync`` descriptors; several at once on a thread pool kept for the whole call.

    The file system commits concurrent flushes together, where one flush after another waits
    for one disk commit each; one pool for every batch, because starting threads per batch cost
    more CPU than the flushes it shared. Each thread is handed a share of the batch, not one
    descriptor at a time: a task per file cost as much CPU again as its flush.
    """

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None

    def close(self) -> None:
        """Stop the pool's threads (after the flushes they were given have returned)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def __call__(self, descriptors: list[int]) -> None:
        if len(descriptors) == 1:
            os.fsync(descriptors[0])
            return
        # Imported here: only a batch of several files needs threads.
        from concurrent.futures import ThreadPoolExecutor, wait

        if self._pool is None:
            self._pool = ThreadPoolExecutor(_FLUSH_THREADS)
        shares = [descriptors[start::_FLUSH_THREADS] for start in range(_FLUSH_THREADS)]
        pending = [self._pool.submit(_flush_each, share) for share in shares if share]
        # Every share returns before an error (ENOSPC, EIO) is raised: the caller then closes
        # the descriptors, which must not be closed under a flush still running.
        wait(pending)
        for future in pending:
            future.result()


def flush_directory(directory: Path) -> None:
    """``fsync`` a directory, so that the names renamed into it survive a crash.

    Skipped where the system cannot (a directory that cannot be opened for reading, or a file
    system that does not flush directories): the files themselves are complete either way.
    """
    try:
        descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(descriptor)
