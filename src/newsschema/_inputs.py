"""Expanding command-line inputs: files, directories, glob patterns and ``-`` for stdin."""

from __future__ import annotations

import fnmatch
import glob
import hashlib
import operator
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsschema._names import display_name

__all__ = [
    "DOCUMENT_SUFFIXES",
    "JSONL_SUFFIXES",
    "Input",
    "Pin",
    "add_piece",
    "expand_inputs",
    "holds_inputs",
    "is_regular",
    "read_once",
]

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
"""Suffixes that say a file is JSON Lines (compared in lower case)."""

DOCUMENT_SUFFIXES = frozenset({".json", *JSONL_SUFFIXES})
BUNDLE_DESCRIPTOR = "datapackage.json"
STDIN = "-"
NOT_FOUND = "no such file, directory or match"


@dataclass(frozen=True, slots=True, init=False, eq=False)
class Input:
    """One input to read: a path, or stdin when ``path`` is None.

    The path is kept as given (``where``, as text) and made a :class:`~pathlib.Path` only when
    asked for: a run replayed from the cache lists thousands of files and never needs one.

    Attributes:
        where: The file's path as text (``os.fspath`` of the path given), or None for stdin.
        name: How findings name it.
        missing: True when the argument named nothing that exists, or something that is not
            read (reported as NS030 with ``problem``).
        problem: Why a ``missing`` input is not read.
    """

    where: str | None
    name: str
    missing: bool
    problem: str
    _path: Path | None = field(repr=False)

    def __init__(
        self,
        path: str | os.PathLike[str] | None,
        name: str,
        missing: bool = False,
        problem: str = NOT_FOUND,
    ) -> None:
        setter = object.__setattr__  # frozen: set once, here
        if path is None or type(path) is str:
            setter(self, "where", path)
            setter(self, "_path", None)
        else:
            setter(self, "where", os.fspath(path))
            setter(self, "_path", path if isinstance(path, Path) else Path(path))
        setter(self, "name", name)
        setter(self, "missing", missing)
        setter(self, "problem", problem)

    @property
    def path(self) -> Path | None:
        """The file (None: stdin), built from ``where`` on first use."""
        if self._path is None and self.where is not None:
            object.__setattr__(self, "_path", Path(self.where))
        return self._path

    def _compared(self) -> tuple[Path | None, str, bool, str]:
        return self.path, self.name, self.missing, self.problem

    def __eq__(self, other: object) -> bool:
        if type(other) is not Input:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())


def _walk(directory: Path, suffixes: frozenset[str] = DOCUMENT_SUFFIXES) -> Iterator[Input]:
    """Yield the documents under ``directory``, sorted so that order is the same everywhere.

    A directory may come from someone else (a pull request): a symbolic link that leads out of
    it (to a key file, say) or to something that is not a regular file (``/dev/zero``, a FIFO)
    is reported, never read. Folders are walked top-down (a folder's files, then its
    subfolders by name), without entering hidden folders or links to folders.
    """
    for item, _ in _walk_real(directory, suffixes):
        yield item


def _walk_real(directory: Path, suffixes: frozenset[str]) -> Iterator[tuple[Input, str]]:
    """:func:`_walk`, with each input's real path (no link resolved twice)."""
    inside = os.path.realpath(directory)
    yield from _walk_folder(os.fspath(directory), inside, inside, suffixes)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


_name = operator.attrgetter("name")


def _walk_folder(
    root: str, real_root: str, inside: str, suffixes: frozenset[str]
) -> Iterator[tuple[Input, str]]:
    try:
        with os.scandir(root) as scan:
            entries = list(scan)
    except OSError:
        return  # an unreadable folder holds nothing to read (as os.walk skips it)
    folders: list[os.DirEntry[str]] = []
    files: list[os.DirEntry[str]] = []
    for entry in entries:
        (folders if _is_folder(entry) else files).append(entry)
    # Paths as text: a Path per file costs more than its stat. Each file's path is the
    # folder's as Path joins it (``./a`` is ``a``, ``.`` adds nothing) followed by its name.
    head: str | None = None
    real_head = os.path.join(real_root, "")
    for entry in sorted(files, key=_name):
        name = entry.name
        dot = name.rfind(".")
        # Path.suffix: from the last dot, unless the name starts there (".json" has none).
        if dot <= 0 or name[dot:].lower() not in suffixes or name == BUNDLE_DESCRIPTOR:
            # A table bundle's datapackage.json describes tables; it is not a document.
            continue
        if head is None:
            joined = str(Path(root) / name)
            head = joined[: len(joined) - len(name)]
        path = head + name
        shown = display_name(path)
        if entry.is_symlink():
            # Only a link can lead elsewhere: the folders walked are not links.
            real = os.path.realpath(path)
            if os.path.commonpath([inside, real]) != inside:
                problem = "symbolic link out of the directory"
                yield Input(path, shown, True, problem), real
                continue
            regular = os.path.isfile(real)
        else:
            real = real_head + name
            try:
                regular = entry.is_file(follow_symlinks=False)
            except OSError:
                regular = False
        if regular:
            yield Input(path, shown), real
        else:
            yield Input(path, shown, True, "not a regular file"), real
    for entry in sorted(folders, key=_name):
        if not entry.name.startswith(".") and not entry.is_symlink():
            sub = os.path.join(root, entry.name)
            yield from _walk_folder(sub, os.path.join(real_root, entry.name), inside, suffixes)


def _matches(pattern: list[str], parts: list[str]) -> bool:
    """Whether path components ``parts`` match glob components ``pattern`` (``**``: any depth).

    Dynamic programming over (pattern, path) positions: linear in their product, whatever
    the number of ``**``. As in :mod:`glob`, wildcards do not match names starting with ``.``.
    """

    def closure(positions: set[int]) -> set[int]:
        # ``**`` may also match no directory at all.
        out, todo = set(positions), list(positions)
        while todo:
            i = todo.pop()
            if i < len(pattern) and pattern[i] == "**" and i + 1 not in out:
                out.add(i + 1)
                todo.append(i + 1)
        return out

    reach = closure({0})
    for part in parts:
        hidden = part.startswith(".")
        step: set[int] = set()
        for i in reach:
            if i >= len(pattern):
                continue
            token = pattern[i]
            if token == "**":  # noqa: S105 - a glob token, not a secret
                if not hidden:
                    step.add(i)
            elif fnmatch.fnmatchcase(part, token) and (
                not hidden or token.startswith(".") or not glob.has_magic(token)
            ):
                step.add(i + 1)
        reach = closure(step)
        if not reach:
            return False
    return len(pattern) in reach


def _glob(argument: str, suffixes: frozenset[str]) -> list[Input]:
    """Expand a glob pattern without following links: nothing outside its base is read.

    The base is the part of the pattern before the first wildcard. Directories are walked
    without following symbolic links (so a link to ``..`` cannot loop); a matching file that is
    a link leading out of the base, or that is not a regular file, is reported (NS030).
    """
    components = argument.split(os.sep)
    literal = 0
    while literal < len(components) - 1 and not glob.has_magic(components[literal]):
        literal += 1
    base = os.sep.join(components[:literal]) or ("/" if argument.startswith(os.sep) else ".")
    pattern = [c for c in components[literal:] if c]
    if not os.path.isdir(base):
        return []
    inside = os.path.realpath(base)
    found: list[Input] = []
    for root, dirs, files in os.walk(base):
        dirs.sort()
        relative = os.path.relpath(root, base)
        prefix = [] if relative == "." else relative.split(os.sep)
        for name in sorted(files) + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            if not _matches(pattern, [*prefix, name]):
                continue
            path = Path(root) / name
            real = os.path.realpath(path)
            if os.path.commonpath([inside, real]) != inside:
                found.append(
                    Input(path, display_name(path), True, "symbolic link out of the directory")
                )
            elif os.path.isdir(real):
                continue  # a link to a folder inside the base: its files are matched there
            elif not stat.S_ISREG(os.stat(real).st_mode):
                found.append(Input(path, display_name(path), True, "not a regular file"))
            else:
                found.append(Input(path, display_name(path)))
        for name in dirs:
            if _matches(pattern, [*prefix, name]) and not os.path.islink(os.path.join(root, name)):
                found.extend(_walk(Path(root) / name, suffixes))
    return found


def expand_inputs(
    arguments: Sequence[str], suffixes: frozenset[str] = DOCUMENT_SUFFIXES
) -> list[Input]:
    """Turn command-line arguments into the ordered list of inputs to read.

    Directories are searched recursively for ``*.json``, ``*.jsonl`` and ``*.ndjson`` (hidden
    folders skipped, and ``datapackage.json``, which describes a table bundle); arguments that
    are not existing paths are tried as glob patterns; an argument that matches nothing becomes
    a ``missing`` input so that it is reported, not skipped. A file named twice is read once.
    ``suffixes`` replaces the suffixes searched for in directories (``convert --from``).
    """
    inputs: list[Input] = []
    seen: set[str] = set()

    def add(item: Input, real: str | None = None) -> None:
        key = "-" if item.where is None else real or os.path.realpath(item.where)
        if key not in seen or item.missing:
            seen.add(key)
            inputs.append(item)

    for argument in arguments:
        if argument == STDIN:
            add(Input(None, "<stdin>"))
            continue
        path = Path(argument)
        # os.path answers False for a name the system refuses (too long, NUL) instead of raising.
        if os.path.isdir(argument):
            for walked, real in _walk_real(path, suffixes):
                if real not in seen or walked.missing:  # add(), inlined: one call less a file
                    seen.add(real)
                    inputs.append(walked)
        elif os.path.exists(argument):
            add(Input(path, display_name(argument)))
        else:
            found = _glob(argument, suffixes) if glob.has_magic(argument) else []
            if not found:
                add(Input(path, display_name(argument), missing=True))
            for walked in found:
                add(walked)
    return inputs


def holds_inputs(directory: Path, suffixes: frozenset[str] = DOCUMENT_SUFFIXES) -> bool:
    """Whether searching ``directory`` as :func:`expand_inputs` does finds anything to report.

    It stops at the first file found, so a large folder is not walked twice.
    """
    return next(_walk(directory, suffixes), None) is not None


def is_regular(path: Path) -> bool:
    """Whether ``path`` can be read twice with the same result: a file or a directory.

    A pipe (``<(...)``), a FIFO or a device gives its bytes once; it is read once and its
    bytes are kept. A path that cannot be examined counts as regular: reading it reports why.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return True
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


def read_once(path: Path) -> bytes:
    """Read all of an input that cannot be read twice (see :func:`is_regular`).

    Raises:
        OSError: it cannot be read.
    """
    with open(path, "rb") as handle:
        return handle.read()


_FINGERPRINT_BITS = 128


def add_piece(fingerprint: int, offset: int, data: bytes) -> int:
    """Add ``data``, found at byte ``offset`` of an input, to the input's fingerprint.

    The fingerprint is a sum of hashes of (offset, bytes) pieces, so the slices of a file
    fingerprinted by different workers add up to the fingerprint of the whole file read in
    one go: a later pass proves it reads the very bytes an earlier pass checked.
    """
    salt = offset.to_bytes(16, "little")
    digest = hashlib.blake2b(data, digest_size=_FINGERPRINT_BITS // 8, salt=salt).digest()
    return (fingerprint + int.from_bytes(digest, "little")) % (1 << _FINGERPRINT_BITS)


@dataclass(slots=True)
class Pin:
    """The bytes of an input a first pass checked: how many, and their fingerprint.

    A later pass reads exactly ``size`` bytes and compares fingerprints, so what it writes is
    what was checked: bytes appended since are not read, bytes changed since stop it.

    Attributes:
        size: Bytes checked, from the start of the input.
        fingerprint: Sum of :func:`add_piece` over the pieces checked.
    """

    size: int = 0
    fingerprint: int = 0

    def add(self, size: int, fingerprint: int) -> None:
        """Add what another slice of the same input checked."""
        self.size += size
        self.fingerprint = (self.fingerprint + fingerprint) % (1 << _FINGERPRINT_BITS)
