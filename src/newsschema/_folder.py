"""A folder of outputs written one file at a time that appears (or changes) only when committed.

``convert --to jsonld|schemaorg|html -o DIR`` checks every input before anything may appear
(a refused input writes nothing), and used to keep every rendered file in memory until the end
(half a gigabyte for 8,000 pages). A :class:`FolderWriter` writes each file as soon as it is
rendered, into a temporary folder beside it (``.NAME.RANDOM.tmp``) that is flushed and then:

* for a folder that does not exist yet, renamed into place whole: a reader or a crash finds no
  folder or all of it;
* for an existing folder, emptied into it file by file once every name is checked, each file
  renamed over its name, never half of one, and the folder flushed. The folder itself is not
  touched before that (the temporary one is made inside it only when it is a mount point,
  where a rename from beside it would cross file systems).

Files are flushed :data:`~newsschema._atomic.BATCH_FILES` at a time, concurrently, before any
of them is renamed. On any exception (KeyboardInterrupt included), or if :meth:`commit` is never
reached, the temporary folder and the parents made for it are removed: nothing appears.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newsschema._atomic import (
    BATCH_FILES,
    Flusher,
    atomic_write_all,
    flush_directory,
    replaceable_kinds,
    write_fully,
)

if TYPE_CHECKING:
    from types import TracebackType

    from typing_extensions import Self

__all__ = ["FolderWriter", "NameTaken", "atomic_write_folder", "missing_folders", "remove_empty"]

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_NEW_FILE |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)


class NameTaken(FileExistsError):
    """Two files of one folder have the same name (or names the file system holds as one)."""


class FolderWriter:
    """Write files into ``folder`` one at a time; they appear when :meth:`commit` is called.

    Used as a context manager: leaving the block without a commit (an exception, Ctrl-C)
    removes everything written. Whether the folder is new is decided on its resolved path
    (``x/../out`` names ``out``, and no ``x`` is made).

    Args:
        folder: The folder (its missing parents are made, and removed again if nothing
            appears).
        check: Called with every path at commit, before a file appears in an existing folder
            (the caller's refusal of an output that is an input); a new folder holds nothing,
            so it is not called for one.
    """

    def __init__(
        self,
        folder: str | os.PathLike[str],
        *,
        check: Callable[[list[Path]], None] | None = None,
    ) -> None:
        self._real = Path(os.path.realpath(folder))
        # A path through ".." is used resolved: "x/../out" must not make (or need) "x".
        self.folder = self._real if ".." in Path(folder).parts else Path(folder)
        self._check = check
        self._names: list[str] = []
        self._staging: str | None = None
        self._made: list[Path] = []
        self._pending: list[int] = []
        self._flush = Flusher()
        self._done = False
        self.existing = os.path.lexists(self.folder) or os.path.lexists(self._real)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self._done:
            self.abort()

    def add(self, name: str, data: bytes) -> None:
        """Write ``data`` as the file ``name`` (a plain name, no separator) of the folder.

        Raises:
            NameTaken: a file of that name was added already.
            OSError: the file cannot be written (named by the folder, not the temporary one).
        """
        try:
            staging = self._staging or self._start()
            try:
                descriptor = os.open(os.path.join(staging, name), _NEW_FILE, 0o666)
            except FileExistsError:
                raise NameTaken(errno.EEXIST, "two files of the same name", name) from None
            self._pending.append(descriptor)
            write_fully(descriptor, data)
            self._names.append(name)
            if len(self._pending) >= BATCH_FILES:
                self._settle()
        except OSError as exc:
            if isinstance(exc, NameTaken):
                raise
            raise OSError(exc.errno, exc.strerror, str(self.folder)) from exc

    def commit(self) -> list[Path]:
        """Make every file added appear; return their paths, in the order added."""
        paths = [self.folder / name for name in self._names]
        try:
            if self._staging is None:  # nothing added: nothing appears, nothing was made
                self._done = True
                return paths
            self._settle()
            self._flush.close()
            if self.existing:
                self._empty_into_folder(paths)
            else:
                self._rename_into_place(paths)
        except BaseException:
            self.abort()
            raise
        self._done = True
        return paths

    def abort(self) -> None:
        """Remove everything written and the parents made for it (deepest first, if empty)."""
        self._done = True
        for descriptor in self._pending:
            with contextlib.suppress(OSError):
                os.close(descriptor)
        self._pending.clear()
        self._flush.close()
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        remove_empty(self._made)

    def _start(self) -> str:
        """Make the temporary folder beside the folder (inside an existing one on its own mount)."""
        if self.existing:
            self.folder.mkdir(exist_ok=True)  # a file there is refused (FileExistsError)
            parent = self._real.parent
            # Beside it, so that the folder itself is untouched until commit (its time stamp
            # too, and a crash leaves nothing in it); inside only where a rename from beside it
            # would cross file systems (a mount point).
            if parent == self._real or os.stat(parent).st_dev != os.stat(self._real).st_dev:
                parent = self._real
        else:
            self._made = missing_folders(self._real.parent)
            self._real.parent.mkdir(parents=True, exist_ok=True)
            parent = self._real.parent
        for _ in range(100):
            name = os.path.join(parent, f".{self._real.name[:48]}.{os.urandom(6).hex()}.tmp")
            # Recorded before it exists: an interrupt just after the mkdir still finds it.
            self._staging = name
            try:
                # As mkdir makes a folder (mode 0777 less the umask, set-group-id passed on):
                # mkdtemp's 0700 and a chmod after it would lose both.
                os.mkdir(name, 0o777)
            except FileExistsError:
                self._staging = None
                continue
            return name
        raise FileExistsError(errno.EEXIST, "no free temporary name", str(parent))

    def _settle(self) -> None:
        """Flush the files written since the last batch (concurrently), then close them."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        try:
            self._flush(pending)
        finally:
            for descriptor in pending:
                os.close(descriptor)

    def _rename_into_place(self, paths: list[Path]) -> None:
        """A new folder: flush the temporary one and rename it to the folder's name."""
        assert self._staging is not None
        flush_directory(Path(self._staging))
        try:
            # rename(2) replaces an empty folder made meanwhile, never one that holds anything.
            os.rename(self._staging, self._real)
        except OSError:
            # Made meanwhile and filled (or a mount point): emptied into it instead.
            self.existing = True
            self._empty_into_folder(paths)
            return
        self._staging = None
        for directory in (self._real.parent, *(p.parent for p in reversed(self._made))):
            flush_directory(directory)  # the new name, and the folders made above it

    def _empty_into_folder(self, paths: list[Path]) -> None:
        """An existing folder: rename each flushed file over its name, then flush the folder.

        Every name is looked at before any file appears: a symbolic link or a folder there is
        refused (:class:`~newsschema._atomic.NotARegularFile`); a device, FIFO or socket is
        written in place (it stays what it is).
        """
        assert self._staging is not None
        staging = self._staging
        if self._check is not None:
            self._check(paths)
        kinds = replaceable_kinds(paths)
        named = list(zip(self._names, paths, kinds, strict=True))
        # Devices, FIFOs and sockets first (written in place, and the likeliest to fail), so
        # that a failure leaves every regular file of the folder as it was.
        in_place = [(path, name) for name, path, kind in named if kind and not stat.S_ISREG(kind)]
        if in_place:
            atomic_write_all((path, Path(staging, name).read_bytes()) for path, name in in_place)
        for name, path, kind in named:
            if not kind or stat.S_ISREG(kind):
                os.replace(os.path.join(staging, name), path)
        flush_directory(self.folder)
        shutil.rmtree(staging, ignore_errors=True)
        self._staging = None


def atomic_write_folder(
    folder: str | os.PathLike[str],
    files: Sequence[tuple[str, bytes]],
    *,
    check: Callable[[list[Path]], None] | None = None,
) -> list[Path]:
    """Write each ``(name, data)`` into ``folder`` with a :class:`FolderWriter` and commit.

    Returns:
        The paths written, in order.
    """
    with FolderWriter(folder, check=check) as writer:
        for name, data in files:
            writer.add(name, data)
        return writer.commit()


def missing_folders(folder: Path) -> list[Path]:
    """``folder`` and the folders above it that do not exist yet, deepest first."""
    missing = []
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def remove_empty(folders: list[Path]) -> None:
    """Remove the folders a run made (deepest first), as long as they are still empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (or not ours any more): kept, with everything above it
