"""Atomic output of a bundle: a directory, or a ``.zip`` archive of one.

A bundle is written into a temporary directory beside the target; only a complete bundle is
renamed into place (or zipped into an atomically written archive), so a failed export leaves no
partial bundle and the previous one, if any, untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from newsschema._atomic import atomic_open
from newsschema._inputs import BUNDLE_DESCRIPTOR
from newsschema._names import display_name
from newsschema._scan import excerpt
from newsschema.formats._base import OutputRefused

__all__ = [
    "BUNDLE_MARKER",
    "BUNDLE_NAME",
    "DESCRIPTOR_LIMIT",
    "EXPORT_MANIFEST",
    "bundle_format",
    "bundle_output",
    "descriptor_parts",
]

BUNDLE_MARKER = BUNDLE_DESCRIPTOR
"""The file that makes a directory a bundle."""
BUNDLE_NAME = "newsschema-bundle"
"""The ``name`` of every bundle descriptor this package writes."""
DESCRIPTOR_LIMIT = 1 << 20
"""Most bytes of a ``datapackage.json`` read (ours are a few kilobytes; a bomb is not read)."""
EXPORT_MANIFEST = ".newsschema-export"
"""The file an export folder without a descriptor (brat, INCEpTION...) lists its files in.

A later export may replace the folder when it holds exactly those files; anything else in it
(a file added by hand, the input being converted) still refuses the output. Importers skip
hidden files, so the list is never read as data.
"""


def _stranger(target: Path) -> str | None:
    """Return an entry of ``target`` that no bundle writer of this project wrote, if any.

    A bundle directory holds its descriptor and the table files it names, all regular files;
    anything else (``.git``, a README, the input being converted) means the directory is not
    an earlier bundle and must not be replaced.
    """
    entries = sorted(os.listdir(target))
    if not entries:
        return None
    if EXPORT_MANIFEST in entries:
        return _unlisted(target, entries)
    try:
        descriptor = _read_regular(target / BUNDLE_MARKER)
    except OSError:
        return BUNDLE_MARKER if BUNDLE_MARKER in entries else entries[0]
    if not _ours(descriptor):
        return BUNDLE_MARKER
    written = {BUNDLE_MARKER}
    for extension in ("csv", "parquet"):
        paths = descriptor_parts(descriptor, extension)
        if not isinstance(paths, str):
            written.update(part for parts in paths.values() for part in parts)
            break
    else:
        return BUNDLE_MARKER
    for entry in entries:
        if entry not in written or not stat.S_ISREG(os.lstat(target / entry).st_mode):
            return entry
    return None


def _ours(descriptor: bytes) -> bool:
    """Whether a descriptor is one this package writes (a table bundle named as ours)."""
    try:
        package = orjson.loads(descriptor.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError:
        return False
    return isinstance(package, dict) and package.get("name") == BUNDLE_NAME


def _unlisted(target: Path, entries: list[str]) -> str | None:
    """Return an entry of an earlier export folder that its manifest does not list, if any."""
    try:
        listed = _read_regular(target / EXPORT_MANIFEST)
    except OSError:
        return EXPORT_MANIFEST
    written = {EXPORT_MANIFEST, *listed.decode("utf-8", "replace").splitlines()}
    for entry in entries:
        if entry not in written or not stat.S_ISREG(os.lstat(target / entry).st_mode):
            return entry
    return None


def _read_regular(path: Path) -> bytes:
    """Read ``path`` only if it is a regular file (never through a link, never a FIFO)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        return handle.read(DESCRIPTOR_LIMIT + 1)


def _check_target(target: Path) -> None:
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(mode):
        raise OutputRefused(f"{display_name(target)}: exists and is not a directory")
    stranger = _stranger(target)
    if stranger is not None:
        # Never clobber a directory that is not an earlier bundle.
        raise OutputRefused(
            f"{display_name(target)}: not an earlier bundle (it holds "
            f"{display_name(stranger)}, which the bundle writer did not write); nothing was "
            "changed; choose another -o"
        )


def _replace_directory(source: Path, target: Path) -> None:
    _check_target(target)
    if not target.exists():
        os.replace(source, target)
        return
    # Swap via a second temporary name; the old bundle is removed only after the new one is in
    # place.
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old."))
    moved = done = False
    try:
        os.replace(target, old / "bundle")
        moved = True
        os.replace(source, target)
        done = True
    except BaseException:
        if moved:
            os.replace(old / "bundle", target)
            moved = False
        raise
    finally:
        # Never delete the old bundle while it is not back in place (a failed restore).
        if done or not moved:
            shutil.rmtree(old, ignore_errors=True)


def _zip_directory(source: Path, target: Path) -> None:
    with (
        atomic_open(target) as handle,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for path in sorted(source.iterdir()):
            archive.write(path, path.name)


@contextlib.contextmanager
def bundle_output(target: Path, *, archive: bool, manifest: bool = False) -> Iterator[Path]:
    """Yield an empty temporary directory; on success it becomes ``target``.

    Args:
        target: The bundle directory, or the ``.zip`` file when ``archive``.
        archive: Write a zip archive of the directory instead of the directory.
        manifest: List the files written in :data:`EXPORT_MANIFEST` (a folder with no
            descriptor), so that a later export may replace the folder.

    Raises:
        ExportError: ``target`` is a non-empty directory that is not a bundle, or not a
            directory.
    """
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    if not archive:
        _check_target(target)
    work = None
    # SIGINT/SIGTERM are held while the folder is made and named, so that a signal cannot land
    # between the two and leave it behind; a held signal is handled inside the try below.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _CLEANUP_SIGNALS)
    try:
        work = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp"))
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        yield work
        if manifest and not archive:
            names = "".join(f"{name}\n" for name in sorted(os.listdir(work)))
            (work / EXPORT_MANIFEST).write_text(names, encoding="utf-8")
        if archive:
            _zip_directory(work, target)
        else:
            os.chmod(work, 0o777 & ~_umask())
            _replace_directory(work, target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


_CLEANUP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def descriptor_parts(descriptor: bytes, extension: str) -> dict[str, list[str]] | str:
    """Return the file(s) of each resource a bundle's ``datapackage.json`` names.

    Args:
        descriptor: The bytes of ``datapackage.json``.
        extension: The table format expected (``csv`` or ``parquet``).

    Returns:
        The files of each table by table name (one file, or the parts of a table written in
        pieces, e.g. one per partition by the Dask engine, to be read in order), or a message
        saying why the descriptor is unusable.
    """
    if len(descriptor) > DESCRIPTOR_LIMIT:
        return f"{BUNDLE_MARKER} is larger than {DESCRIPTOR_LIMIT} bytes; not a bundle descriptor"
    try:
        package = orjson.loads(descriptor.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as exc:
        return f"{BUNDLE_MARKER} is not valid JSON ({exc})"
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        return f"{BUNDLE_MARKER} has no resources list"
    paths: dict[str, list[str]] = {}
    for resource in resources:
        if not isinstance(resource, dict):
            return f"{BUNDLE_MARKER}: a resource is not an object"
        name, path = resource.get("name"), resource.get("path")
        fmt = resource.get("format", extension)
        # A Data Package resource path is one file or a non-empty list of parts.
        listed: list[Any] = path if isinstance(path, list) and path else [path]
        parts = [p for p in listed if isinstance(p, str)]
        if not isinstance(name, str) or len(parts) != len(listed):
            return f"{BUNDLE_MARKER}: a resource has no name or path"
        if fmt != extension:
            return f"{BUNDLE_MARKER}: table {excerpt(name)} is {excerpt(str(fmt))}, not {extension}"
        for part in parts:
            # Tables are files of the bundle itself: no folders, no way out of it.
            # A printable name only: a newline or NUL in it could forge a report line.
            bad = "/" in part or "\\" in part or not part.isprintable()
            if bad or part in (".", "..") or not part:
                return (
                    f"{BUNDLE_MARKER}: table {excerpt(name)} has path {excerpt(part)}; expected a "
                    "plain file name"
                )
        paths[name] = parts
    return paths


def bundle_format(directory: Path) -> str | None:
    """Return the table format (``csv``, ``parquet``) named by a bundle's ``datapackage.json``."""
    try:
        package = orjson.loads(
            (directory / BUNDLE_MARKER).read_bytes().removeprefix(b"\xef\xbb\xbf")
        )
    except (OSError, orjson.JSONDecodeError):
        return None
    resources = package.get("resources") if isinstance(package, dict) else None
    if isinstance(resources, list) and resources and isinstance(resources[0], dict):
        fmt = resources[0].get("format")
        return fmt if isinstance(fmt, str) else None
    return None
