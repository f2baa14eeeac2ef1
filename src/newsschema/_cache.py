"""Validation results kept between runs (``.newsschema_cache/``), as ruff and mypy keep theirs.

A file's results are replayed when everything that decides them is the same as in an earlier
run that checked it: its bytes (SHA-256), its name (findings carry it), the toolkit (its
version and a fingerprint of its own files and of the libraries whose behaviour it reports)
and every setting that chooses or shapes the findings (``select``, ``ignore``,
``warnings-as-errors``, ``fail-fast``, any setting added later; per-document records for
JUnit). Each of these is part of an entry's key, so nothing is trusted across versions or
settings.

Only canonical JSON and JSON Lines files that can be read twice are kept; standard input,
pipes and other formats are always checked. The store is one SQLite database: a run reads
without locking and writes its new results in one transaction at the end, so concurrent runs
never see half an entry. Every entry carries a BLAKE2b checksum of its bytes and is decoded
strictly: an entry that does not check out is a miss, and a database that cannot be read is
no cache at all (the run checks everything, as with ``--no-cache``); neither is ever an error.
The store is bounded: past :data:`MAX_ENTRIES` entries or :data:`MAX_BYTES` bytes the
oldest-written entries are dropped.

A result is stored only when the bytes the checker read are the bytes whose hash keys it: the
files are pinned (:class:`newsschema._inputs.Pin`) when hashed, the checker fingerprints what
it reads, and the two must agree, so a file changed during a run is checked again next time.

A file is not even read again while its ``stat`` is the same as when it was hashed (as mypy
does): the size, modification and change times, inode and device taken *before* its bytes were
read are kept with their SHA-256, which stays the key. Any difference, and any record that
could be "racily clean" (the file changed less than :data:`_RACY_NS` before it was read, so a
later write in the same tick of a coarse clock could leave the same times), falls back to
reading and hashing the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import sqlite3
import stat
import struct
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import orjson

from newsschema import __version__
from newsschema._chunks import Chunk
from newsschema._inputs import JSONL_SUFFIXES, Input, Pin, add_piece
from newsschema.findings import Finding, Severity

__all__ = [
    "CACHE_DIR",
    "MAX_BYTES",
    "MAX_ENTRIES",
    "Hit",
    "ResultCache",
    "cache_context",
    "open_cache",
]

CACHE_DIR = ".newsschema_cache"
"""The cache's folder, beside the configuration file (no configuration file: no cache)."""

MAX_ENTRIES = 200_000
"""Most entries kept (one per file); the oldest-written go first."""

MAX_BYTES = 256 << 20
"""Most bytes of entries kept; the oldest-written go first."""

_DATABASE = "results.sqlite3"
_LAYOUT = 2  # the entry and run record layouts: a change makes every older one a miss
_BLOCK = 1 << 20
_BATCH = 500  # keys per query (SQLite allows 999 parameters at least)
_WHOLE = 8 << 20  # a JSON file smaller than this is handed to the checker as bytes on a miss
_SEVERITIES = {str(s): s for s in Severity}
# A file's stat when hashed: size, modification and change times (ns), inode, device.
_SIGNATURE = struct.Struct("<QqqQQ")
_RECORD = _SIGNATURE.size + 32  # the signature, then the SHA-256 of the bytes
# A stat is only trusted when the file last changed this long before it was read: a write in
# the same tick of the file system's clock (2 s on FAT, a jiffy on Linux) after the read could
# otherwise leave the same times (git's "racily clean" files). It also covers modest clock skew
# between this machine and a network file system's server.
_RACY_NS = 2_000_000_000
_RUNS = 4  # run records kept (the newest); each holds every file's results of one run
_RUN_BYTES = 16 << 20  # a larger run (about 100,000 files) keeps no run record
_GITIGNORE = b"# Created by newsschema: its validation cache, never committed.\n*\n"
_TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This file is a cache directory tag created by newsschema.\n"
)
# Libraries whose behaviour decides findings (messages, numbers parsed): an upgrade of one
# changes the key, as an upgrade of the toolkit does.
_LIBRARIES = ("pydantic", "pydantic_core", "orjson", "regress", "regex")


def _tree_fingerprint(folder: Path, digest: hashlib._Hash) -> None:
    """Add every file under ``folder`` (name, size, modification time) to ``digest``."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            relative = os.path.relpath(path, folder)
            digest.update(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())


def _toolkit_fingerprint() -> bytes:
    digest = hashlib.sha256(f"{_LAYOUT}\0{__version__}\0".encode())
    # The package's own files, where the import system found them (no data is read there).
    for folder in sys.modules["newsschema"].__path__:
        _tree_fingerprint(Path(folder), digest)
    # Which versions of the libraries are installed, from their distributions' folder names
    # (``pydantic-2.12.3.dist-info``), without importing them.
    for entry in sys.path:
        if os.path.basename(entry) not in ("site-packages", "dist-packages"):
            continue
        try:
            names = sorted(os.listdir(entry))
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and name.split("-", 1)[0].lower() in _LIBRARIES:
                digest.update(f"{entry}\0{name}\n".encode())
    return digest.digest()


def cache_context(settings: Mapping[str, Any], *, record: bool) -> bytes:
    """Everything besides a file's bytes and name that decides its results, as one digest.

    Args:
        settings: Every setting that decides findings, by name
            (:meth:`newsschema.config.Settings.results_key`: the rules selected and ignored,
            warnings as errors, fail-fast, and any setting added later).
        record: Each document's article id and time are kept (JUnit).
    """
    chosen = orjson.dumps(
        [sorted(settings.items()), record], default=repr, option=orjson.OPT_NON_STR_KEYS
    )
    return hashlib.sha256(_toolkit_fingerprint() + chosen).digest()


@dataclass(frozen=True, slots=True)
class Hit:
    """A file as hashed when looked up: its key, and its results if the cache had them.

    Attributes:
        key: The entry's key (context, name and the SHA-256 of the bytes).
        chunk: The results replayed (None: a miss; the file is checked).
        pin: On a miss of a JSON Lines or large file: the size and fingerprint of the bytes
            hashed, which the checker must have read for its results to be stored under
            ``key``. None on a miss of a small JSON file: it is read whole and its bytes
            handed to the checker (:meth:`ResultCache.read_whole`), so no pin is needed.
    """

    key: bytes
    chunk: Chunk | None
    pin: Pin | None = None

    @property
    def whole(self) -> bool:
        """A miss to be checked from bytes read whole (:meth:`ResultCache.read_whole`)."""
        return self.chunk is None and self.pin is None


def _now_ns() -> int:
    """The time a read starts, against which files' times are judged settled."""
    return time.time_ns()


def _signature(info: os.stat_result) -> bytes | None:
    """What of a file's stat changes whenever its bytes do (None: a field out of range)."""
    try:
        return _SIGNATURE.pack(
            info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev
        )
    except struct.error:
        return None


def _settled(info: os.stat_result, before: int) -> bytes | None:
    """The signature of a file ``stat``-ed at ``before``, if a later write must change it.

    None when the file changed within :data:`_RACY_NS` of ``before`` (or in the future, a
    skewed clock): the same times could then hide a write after the read.
    """
    if max(info.st_mtime_ns, info.st_ctime_ns) >= before - _RACY_NS:
        return None
    return _signature(info)


def _digest(path: str) -> tuple[bytes, bytes | None]:
    """SHA-256 of a regular file's bytes, and its settled signature taken before reading.

    The signature is taken from the open file before any byte is read, so a write during the
    read makes it differ next time, never the other way round.

    Raises:
        OSError: it cannot be read.
    """
    digest = hashlib.sha256()
    before = _now_ns()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        size = info.st_size
        want = size + 1 if size < _BLOCK else _BLOCK
        while block := os.read(fd, want):
            digest.update(block)
            if len(block) == size < want:
                break  # all of it, and no more (most documents: one read)
            want, size = _BLOCK, -1
    finally:
        os.close(fd)
    return digest.digest(), _settled(info, before)


def _working_folder() -> str | None:
    """The working folder (None: removed since the run started; no stat record is used)."""
    try:
        return os.getcwd()
    except OSError:
        return None


def _absolute(path: str, cwd: str | None) -> bytes | None:
    """A file's stat records' key: its path joined to the working folder, as bytes."""
    return None if cwd is None else os.fsencode(os.path.join(cwd, path))


def _jsonl(path: Path) -> bool:
    return path.suffix.lower() in JSONL_SUFFIXES


def _pinned(path: Path) -> tuple[bytes, Pin, bytes | None]:
    """SHA-256 of a file's bytes and their pin as the checker computes it, in one read.

    With the file's settled signature taken before reading (:func:`_digest`).

    Raises:
        OSError: the file cannot be read.
    """
    digest = hashlib.sha256()
    seen = Pin()
    before = _now_ns()
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        if _jsonl(path):
            # As the checker reads JSON Lines: each line with its offset.
            fingerprint = offset = 0
            for line in handle:
                digest.update(line)
                fingerprint = add_piece(fingerprint, offset, line)
                offset += len(line)
            seen.add(offset, fingerprint)
        else:
            data = handle.read()
            digest.update(data)
            seen.add(len(data), add_piece(0, 0, data))
    return digest.digest(), seen, _settled(info, before)


def _finding_rows(chunk: Chunk) -> list[list[Any]]:
    """A chunk's findings as the rows an entry keeps (:func:`_finding` reads one)."""
    return [
        [
            f.code,
            str(f.severity),
            f.message,
            f.pointer,
            f.file,
            f.line,
            f.column,
            f.document,
            [list(pair) for pair in f.extra],
            f.end_line,
            f.end_column,
        ]
        for f in chunk.findings
    ]


def _encode(chunk: Chunk) -> bytes:
    return orjson.dumps(
        {
            "findings": _finding_rows(chunk),
            "lines": chunk.lines,
            "documents": chunk.documents,
            "invalid": chunk.invalid,
            "size": chunk.size,
            "stopped": chunk.stopped,
            "foreign": chunk.foreign,
            "cases": [list(case) for case in chunk.cases],
        }
    )


def _int(value: object) -> int:
    if type(value) is not int or value < 0:
        raise TypeError
    return value


def _optional_int(value: object) -> int | None:
    return None if value is None else _int(value)


def _str(value: object) -> str:
    if type(value) is not str:
        raise TypeError
    return value


def _finding(row: object) -> Finding:
    if type(row) is not list or len(row) != 11:
        raise TypeError
    code, severity, message, pointer, file, line, column, document, extra, end_line, end = row
    if type(extra) is not list:
        raise TypeError
    pairs = []
    for pair in extra:
        if type(pair) is not list or len(pair) != 2:
            raise TypeError
        pairs.append((_str(pair[0]), _str(pair[1])))
    return Finding(
        _str(code),
        _SEVERITIES[_str(severity)],
        _str(message),
        _str(pointer),
        None if file is None else _str(file),
        _optional_int(line),
        _optional_int(column),
        _int(document),
        tuple(pairs),
        _optional_int(end_line),
        _optional_int(end),
    )


def _decode(payload: bytes, name: str) -> Chunk:
    """An entry's chunk, checked field by field.

    Raises:
        TypeError, KeyError, ValueError: the entry is not one this layout wrote.
    """
    return _chunk(orjson.loads(payload), name)


def _chunk(data: object, name: str) -> Chunk:
    """The chunk of an entry's decoded JSON (:func:`_decode`).

    Raises:
        TypeError, KeyError, ValueError: the entry is not one this layout wrote.
    """
    if type(data) is not dict:
        raise TypeError
    found, cases = data["findings"], _cases(data["cases"])
    if type(found) is not list:
        raise TypeError
    counts = (data["lines"], data["documents"], data["invalid"], data["size"])
    flags = (data["stopped"], data["foreign"])
    # Most entries (valid documents) have no finding: their fields are checked at once.
    if not all(type(n) is int and n >= 0 for n in counts) or not all(
        type(f) is bool for f in flags
    ):
        raise TypeError
    chunk = Chunk(name, name, [_finding(row) for row in found] if found else [])
    chunk.lines, chunk.documents, chunk.invalid, chunk.size = counts
    chunk.stopped, chunk.foreign = flags
    chunk.cases = cases
    chunk.cached = True
    return chunk


def _encode_run(chunks: Sequence[Chunk]) -> bytes:
    """A run record's results: one column per count, the findings of the few files with any.

    Decoded in one :func:`orjson.loads` and checked a column at a time
    (:func:`_run_chunks`), where an entry per file would be decoded and checked file by file.
    """
    lines, documents, invalid, sizes, flags = [], [], [], [], []
    extra: list[list[Any]] = []  # [input, finding rows, cases] of inputs with either
    for number, chunk in enumerate(chunks):
        lines.append(chunk.lines)
        documents.append(chunk.documents)
        invalid.append(chunk.invalid)
        sizes.append(chunk.size)
        flags.append(int(chunk.stopped) | int(chunk.foreign) << 1)
        if chunk.findings or chunk.cases:
            extra.append([number, _finding_rows(chunk), [list(case) for case in chunk.cases]])
    return orjson.dumps([lines, documents, invalid, sizes, flags, extra])


def _naturals(column: object, count: int) -> list[int]:
    """``column`` if it is a list of ``count`` integers, none negative.

    Raises:
        TypeError: it is not.
    """
    if (
        type(column) is not list
        or len(column) != count
        or not set(map(type, column)) <= {int}  # bool is not int here
        or (column and min(column) < 0)
    ):
        raise TypeError
    return column


def _cases(kept: object) -> list[tuple[int, str, float]]:
    """An entry's JUnit records (empty unless they were asked for).

    Raises:
        TypeError: they are not ones this layout wrote.
    """
    if type(kept) is not list:
        raise TypeError
    cases = []
    for case in kept:
        if type(case) is not list or len(case) != 3 or type(case[2]) is not float:
            raise TypeError
        cases.append((_int(case[0]), _str(case[1]), case[2]))
    return cases


def _run_chunks(payload: bytes, names: Sequence[str]) -> list[Chunk]:
    """The chunks of a run record's results (:func:`_encode_run`), one per input named.

    Checked as strictly as an entry (:func:`_chunk`), a column at a time.

    Raises:
        TypeError, KeyError, ValueError: the record is not one this layout wrote.
    """
    data = orjson.loads(payload)
    if type(data) is not list or len(data) != 6:
        raise TypeError
    count = len(names)
    lines, documents, invalid, sizes, flags = (_naturals(c, count) for c in data[:5])
    if flags and max(flags) > 3:
        raise ValueError
    findings: list[list[Finding]] = [[] for _ in names]
    cases: list[list[tuple[int, str, float]]] = [[] for _ in names]
    extra = data[5]
    if type(extra) is not list:
        raise TypeError
    last = -1
    for row in extra:
        if type(row) is not list or len(row) != 3 or type(row[0]) is not int:
            raise TypeError
        number, found, kept = row
        if not last < number < count or type(found) is not list:
            raise ValueError  # each input once, in order
        last = number
        findings[number] = [_finding(finding) for finding in found]
        cases[number] = _cases(kept)
    return list(
        map(
            Chunk,
            names,
            names,
            findings,
            lines,
            documents,
            invalid,
            sizes,
            [flag & 1 == 1 for flag in flags],
            [flag & 2 == 2 for flag in flags],
            cases,
            itertools.repeat(0),  # no fingerprint: nothing was read
            itertools.repeat(True),  # cached
        )
    )


def _signatures(paths: Sequence[str]) -> bytes | None:
    """The signatures of the regular files at ``paths``, joined (None: one is not one)."""
    pack, regular = _SIGNATURE.pack, stat.S_ISREG
    now = []
    try:
        for path in paths:
            info = os.stat(path)
            if not regular(info.st_mode):
                return None
            now.append(
                pack(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
            )
    except (OSError, ValueError, struct.error):
        return None  # gone, unreadable, or a field out of range (as in _signature)
    return b"".join(now)


def _check(key: bytes, payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16, key=key[:64]).digest()


def _record(where: bytes, signature: bytes, digest: bytes) -> bytes:
    """A file's stat record: its signature, the SHA-256 of its bytes, and their checksum."""
    body = signature + digest
    return body + hashlib.blake2b(where + b"\0" + body, digest_size=16).digest()


def _recorded_digest(where: bytes, record: bytes, signature: bytes) -> bytes | None:
    """The SHA-256 kept for the file at ``where`` if its stat is still ``signature``."""
    if record[: _SIGNATURE.size] != signature or len(record) != _RECORD + 16:
        return None
    if (
        hashlib.blake2b(where + b"\0" + record[:_RECORD], digest_size=16).digest()
        != record[_RECORD:]
    ):
        return None  # a damaged record is no record
    return record[_SIGNATURE.size : _RECORD]


@dataclass
class ResultCache:
    """One run's view of the cache folder: look files up, then store what was checked.

    Attributes:
        folder: The cache's folder (``.newsschema_cache``).
        context: What besides a file decides its results (:func:`cache_context`).
        stored: Entries waiting for :meth:`commit`: key to (checksum, payload).
        files: Stat records waiting for :meth:`commit`: a file's absolute path (bytes) to its
            settled signature and SHA-256 (whatever the settings: shared by
            :meth:`for_settings`).
    """

    folder: Path
    context: bytes
    stored: dict[bytes, tuple[bytes, bytes]] = field(default_factory=dict)
    files: dict[bytes, bytes] = field(default_factory=dict)
    _seen: dict[tuple[str, str], Hit | None] = field(default_factory=dict, repr=False)
    # For the run record: the inputs of the last look-up (name, path as given, absolute path;
    # None: one was not a regular file) and the working folder, the stat records found that
    # matched, and the results of this run (replayed or checked) by key.
    _looked: list[tuple[str, str, bytes]] | None = field(default=None, repr=False)
    _looked_from: str = field(default="", repr=False)
    _matched: dict[bytes, bytes] = field(default_factory=dict, repr=False)
    _results: dict[bytes, Chunk] = field(default_factory=dict, repr=False)
    _reader: sqlite3.Connection | None = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)

    def for_settings(self, settings: Mapping[str, Any], *, record: bool) -> ResultCache:
        """This cache for a run with ``settings`` (itself when they give the same context).

        A run that checks files stores their results under the settings it checked them with,
        whatever settings the cache was first opened with.
        """
        context = cache_context(settings, record=record)
        if context == self.context:
            return self
        return ResultCache(self.folder, context, files=self.files)

    def _key(self, name: str, digest: bytes) -> bytes:
        return hashlib.sha256(
            self.context + name.encode("utf-8", "surrogatepass") + digest
        ).digest()

    def _connection(self) -> sqlite3.Connection | None:
        """A read-only connection, or None when there is no readable database."""
        if self._reader is None and not self._closed:
            path = self.folder / _DATABASE
            if not path.is_file():
                self._closed = True
                return None
            try:
                uri = f"{path.absolute().as_uri()}?mode=ro"
                self._reader = sqlite3.connect(uri, uri=True, timeout=1.0)
            except sqlite3.Error:
                self._closed = True
        return self._reader

    def _select(self, query: str, keys: Sequence[bytes]) -> list[tuple[Any, ...]]:
        """The rows of ``query`` (``WHERE ... IN ({marks})``) for ``keys``, in batches.

        Raises:
            sqlite3.Error: no readable database, or not one this layout wrote.
        """
        connection = self._connection()
        if connection is None:
            return []
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            rows.extend(connection.execute(query.format(marks=",".join("?" * len(batch))), batch))
        return rows

    def _read(self, keys: Sequence[bytes]) -> dict[bytes, tuple[bytes, bytes]]:
        """The stored (checksum, payload) of those of ``keys`` the cache has."""
        found: dict[bytes, tuple[bytes, bytes]] = {}
        query = "SELECT key, checksum, payload FROM results WHERE key IN ({marks})"
        try:
            for key, checksum, payload in self._select(query, keys):
                if isinstance(checksum, bytes) and isinstance(payload, bytes):
                    found[key] = (checksum, payload)
        except sqlite3.Error:
            # Not a database, a damaged one, or another layout: no cache this run.
            self.close()
            self._closed = True
            return {}
        return found

    def _read_files(self, paths: Sequence[bytes]) -> dict[bytes, bytes]:
        """The stat records kept for those of ``paths`` the cache has (none: an older cache)."""
        query = "SELECT path, record FROM files WHERE path IN ({marks})"
        try:
            rows = self._select(query, paths)
        except sqlite3.Error:
            return {}  # no such table, or a damaged database (the results say which)
        return {path: record for path, record in rows if isinstance(record, bytes)}

    def look_up(self, items: Sequence[Input]) -> list[Hit | None]:
        """Hash each file and look its results up, in order (None: not a file the cache keeps).

        A file whose stat is the one recorded when it was last hashed is not read: its recorded
        SHA-256 is used. A file is hashed once per run: a later look-up gives the first answer.
        """
        cwd = _working_folder()
        pending: dict[tuple[str, str], tuple[Input, int, bytes | None, bytes | None]] = {}
        looked: list[tuple[str, str, bytes]] | None = [] if cwd is not None else None
        for item in items:
            path = item.where
            if item.missing or path is None:
                looked = None
                continue
            absolute = _absolute(path, cwd)
            if looked is not None and absolute is not None:
                looked.append((item.name, path, absolute))
            where = (item.name, path)
            if where in self._seen or where in pending:
                continue
            try:
                info = os.stat(path)
            except (OSError, ValueError):
                looked = None
                continue
            if stat.S_ISREG(info.st_mode):
                pending[where] = (item, info.st_size, absolute, _signature(info))
            else:
                looked = None
        self._looked, self._looked_from = looked, cwd or ""
        records = self._read_files([a for _, _, a, _ in pending.values() if a is not None])
        digests: dict[tuple[str, str], tuple[Input, int, bytes]] = {}
        for where, (item, size, absolute, signature) in pending.items():
            record = None if absolute is None else records.get(absolute)
            digest = None
            if absolute is not None and record is not None and signature is not None:
                digest = _recorded_digest(absolute, record, signature)
                if digest is not None:
                    self._matched[absolute] = record
            if digest is None:
                try:
                    digest, settled = _digest(where[1])
                except OSError:
                    self._seen[where] = None  # checking it reports why it cannot be read
                    continue
                self._remember(absolute, settled, digest)
            digests[where] = (item, size, self._key(item.name, digest))
        stored = self._read([key for _, _, key in digests.values()])
        for where, (item, size, key) in digests.items():
            self._seen[where] = self._answer(item, size, key, stored.get(key))
        return [
            None if item.where is None else self._seen.get((item.name, item.where))
            for item in items
        ]

    def _remember(self, absolute: bytes | None, settled: bytes | None, digest: bytes) -> None:
        """Keep a file's settled signature with the SHA-256 of the bytes read after it."""
        if absolute is None:
            return
        if settled is not None:
            self.files[absolute] = _record(absolute, settled, digest)
        else:
            self.files.pop(absolute, None)  # racy: the next run reads it again

    def _answer(
        self, item: Input, size: int, key: bytes, found: tuple[bytes, bytes] | None
    ) -> Hit | None:
        if found is not None:
            checksum, payload = found
            if _check(key, payload) == checksum:
                try:
                    chunk = _decode(payload, item.name)
                except (TypeError, KeyError, ValueError):
                    pass  # a damaged entry is a miss
                else:
                    self._results[key] = chunk
                    return Hit(key, chunk)
        path = Path(item.where or "")
        if size < _WHOLE and not _jsonl(path):
            return Hit(key, None)  # read whole again when it is checked
        # A miss: the key and pin of the bytes as they are now, read once for both.
        try:
            digest, pinned, settled = _pinned(path)
        except OSError:
            return None
        self._remember(_absolute(os.fspath(path), _working_folder()), settled, digest)
        return Hit(self._key(item.name, digest), None, pinned)

    def _run_key(self, cwd: str, names: Sequence[str], paths: Sequence[str]) -> bytes:
        """The key of a run over inputs (names, paths as given) from the working folder ``cwd``."""
        listed = "\0".join(itertools.chain.from_iterable(zip(names, paths, strict=True)))
        return hashlib.sha256(
            self.context
            + b"run\0"
            + os.fsencode(cwd)
            + b"\0"
            + listed.encode("utf-8", "surrogatepass")
        ).digest()

    def replay_run(self, items: Sequence[Input]) -> list[Chunk] | None:
        """Every input's results at once from the run record of these very inputs, or None.

        The record holds, for each input of an earlier run over the same files (names, paths
        and working folder) under the same context, its settled signature and its results: one
        ``stat`` per file and one row replace a stat record and an entry per file. Any file
        whose stat differs (or that is not a regular file now) makes it None: the files are
        then looked up one by one.
        """
        names = [item.name for item in items]
        paths = [item.where for item in items]
        if not items or None in paths or any(item.missing for item in items):
            return None
        cwd = _working_folder()
        if cwd is None:
            return None
        given = cast("list[str]", paths)
        key = self._run_key(cwd, names, given)
        try:
            rows = self._select(
                "SELECT signatures, payload, checksum FROM runs WHERE key IN ({marks})", [key]
            )
        except sqlite3.Error:
            return None  # no such table (an older cache) or a damaged one
        if len(rows) != 1:
            return None
        signatures, payload, checksum = rows[0]
        if not (
            isinstance(signatures, bytes)
            and isinstance(payload, bytes)
            and len(signatures) == len(items) * _SIGNATURE.size
        ):
            return None
        now = _signatures(given)
        if now is None or now != signatures:
            return None
        if _check(key, signatures + payload) != checksum:
            return None
        try:
            return _run_chunks(payload, names)
        except (TypeError, KeyError, ValueError):
            return None

    def _run_record(self) -> tuple[bytes, bytes, bytes, bytes] | None:
        """The run record of the last look-up: key, signatures, payload and checksum.

        None unless every input is a regular file with a settled stat record and results
        (replayed or stored this run), each result the one of the bytes its record hashed.
        """
        if not self._looked:
            return None
        signatures, chunks = [], []
        for name, _, absolute in self._looked:
            record = self.files.get(absolute) or self._matched.get(absolute)
            if record is None:
                return None
            chunk = self._results.get(self._key(name, record[_SIGNATURE.size : _RECORD]))
            if chunk is None:
                return None
            signatures.append(record[: _SIGNATURE.size])
            chunks.append(chunk)
        joined = b"".join(signatures)
        payload = _encode_run(chunks)
        if len(payload) > _RUN_BYTES:
            return None
        names = [name for name, _, _ in self._looked]
        key = self._run_key(self._looked_from, names, [path for _, path, _ in self._looked])
        return key, joined, payload, _check(key, joined + payload)

    def read_whole(self, item: Input) -> tuple[bytes, bytes] | None:
        """A small JSON file's bytes, to be checked as they are, and the key they give.

        None when it cannot be read (checking it from its path reports why).
        """
        if item.path is None:
            return None
        before = _now_ns()
        try:
            with open(item.path, "rb") as handle:
                info = os.fstat(handle.fileno())
                data = handle.read()
        except OSError:
            return None
        digest = hashlib.sha256(data).digest()
        if stat.S_ISREG(info.st_mode):
            where = _absolute(item.where or "", _working_folder())
            self._remember(where, _settled(info, before), digest)
        return data, self._key(item.name, digest)

    def keep_checked(self, key: bytes, whole: Chunk) -> None:
        """Store the results of bytes the checker was handed (:meth:`read_whole`)."""
        payload = _encode(whole)
        self.stored[key] = (_check(key, payload), payload)
        self._results[key] = whole

    def keep(self, hit: Hit, chunks: Sequence[Chunk], whole: Chunk) -> bool:
        """Store a file's results if the checker read exactly the bytes ``hit`` was keyed by.

        Args:
            hit: The miss, as looked up (its key and pin).
            chunks: What the checker found, unit by unit (each with its fingerprint).
            whole: The same as one chunk counted from the file's start.

        Returns:
            Whether the results will be stored at :meth:`commit`.
        """
        if hit.pin is None:
            return False
        seen = Pin()
        for chunk in chunks:
            seen.add(chunk.size, chunk.fingerprint)
        if seen != hit.pin:
            return False  # the file changed between hashing and checking
        payload = _encode(whole)
        self.stored[hit.key] = (_check(hit.key, payload), payload)
        self._results[hit.key] = whole
        return True

    def close(self) -> None:
        """Close the read connection (a later look-up opens it again)."""
        if self._reader is not None:
            with contextlib.suppress(sqlite3.Error):
                self._reader.close()
            self._reader = None

    def commit(self) -> None:
        """Write the stored entries in one transaction and drop the oldest past the bounds.

        Never raises for the cache's sake: a folder that cannot be written, a database
        locked by another run past the timeout or damaged, leaves the results unstored.
        """
        self.close()
        run = self._run_record()
        if not (self.stored or self.files or run):
            return
        try:
            _prepare(self.folder)
            _write(self.folder / _DATABASE, self.stored, self.files, run)
        except sqlite3.DatabaseError:
            with contextlib.suppress(OSError, sqlite3.Error):
                _replace_damaged(self.folder / _DATABASE, self.stored, self.files, run)
        except (OSError, sqlite3.Error):
            pass
        self.stored.clear()
        self.files.clear()
        self._results.clear()
        self._looked = None


def _prepare(folder: Path) -> None:
    """Create the cache folder with the files that keep it out of git and backups.

    Raises:
        OSError: it cannot be created.
    """
    folder.mkdir(exist_ok=True)
    for name, content in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _TAG)):
        path = folder / name
        if not path.exists():
            temporary = folder / f".{name}.{os.getpid()}.tmp"
            temporary.write_bytes(content)
            os.replace(temporary, path)


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS results ("
    "key BLOB PRIMARY KEY, written INTEGER NOT NULL, size INTEGER NOT NULL, "
    "checksum BLOB NOT NULL, payload BLOB NOT NULL) WITHOUT ROWID"
)
# A file's stat record (:func:`_record`), by its absolute path's bytes.
_FILES_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS files ("
    "path BLOB PRIMARY KEY, written INTEGER NOT NULL, record BLOB NOT NULL) WITHOUT ROWID"
)


# The run records (:meth:`ResultCache.replay_run`), by the key of their inputs.
_RUNS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS runs ("
    "key BLOB PRIMARY KEY, written INTEGER NOT NULL, signatures BLOB NOT NULL, "
    "payload BLOB NOT NULL, checksum BLOB NOT NULL) WITHOUT ROWID"
)
_Run = tuple[bytes, bytes, bytes, bytes]


def _write(
    path: Path,
    stored: dict[bytes, tuple[bytes, bytes]],
    files: dict[bytes, bytes],
    run: _Run | None = None,
) -> None:
    """Insert the entries and stat records and evict the oldest, in one transaction.

    Raises:
        sqlite3.Error: the database is locked past the timeout, damaged, or not writable.
    """
    connection = sqlite3.connect(path, timeout=5.0, isolation_level=None)
    try:
        connection.execute(_SCHEMA)
        connection.execute(_FILES_SCHEMA)
        connection.execute(_RUNS_SCHEMA)
        connection.execute("BEGIN IMMEDIATE")
        now = time.time_ns()
        connection.executemany(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)",
            [
                (key, now, len(payload), checksum, payload)
                for key, (checksum, payload) in stored.items()
            ],
        )
        connection.executemany(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
            [(where, now, record) for where, record in files.items()],
        )
        if run is not None:
            key, signatures, payload, checksum = run
            connection.execute(
                "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?)",
                (key, now, signatures, payload, checksum),
            )
        _evict(connection)
        connection.execute("COMMIT")
    finally:
        connection.close()


def _evict(connection: sqlite3.Connection) -> None:
    """Drop the oldest-written entries beyond the bounds (entries and bytes)."""
    connection.execute(
        "DELETE FROM runs WHERE key NOT IN (SELECT key FROM runs ORDER BY written DESC, key "
        "LIMIT ?)",
        (_RUNS,),
    )
    (files,) = connection.execute("SELECT count(*) FROM files").fetchone()
    if files > MAX_ENTRIES:
        connection.execute(
            "DELETE FROM files WHERE path NOT IN "
            "(SELECT path FROM files ORDER BY written DESC, path LIMIT ?)",
            (MAX_ENTRIES,),
        )
    count, total = connection.execute(
        "SELECT count(*), coalesce(sum(size), 0) FROM results"
    ).fetchone()
    if count <= MAX_ENTRIES and total <= MAX_BYTES:
        return
    kept = kept_bytes = 0
    dropped: list[bytes] = []
    rows = connection.execute("SELECT key, size FROM results ORDER BY written DESC, key")
    for key, size in rows.fetchall():
        if kept < MAX_ENTRIES and kept_bytes + size <= MAX_BYTES:
            kept += 1
            kept_bytes += size
        else:
            dropped.append(key)
    connection.executemany("DELETE FROM results WHERE key = ?", [(key,) for key in dropped])


def _replace_damaged(
    path: Path,
    stored: dict[bytes, tuple[bytes, bytes]],
    files: dict[bytes, bytes],
    run: _Run | None = None,
) -> None:
    """Put a new database with ``stored`` in the place of a damaged one (atomically).

    Raises:
        OSError, sqlite3.Error: the new database cannot be written.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        temporary.unlink()
    try:
        _write(temporary, stored, files, run)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def open_cache(folder: Path, settings: Mapping[str, Any], *, record: bool) -> ResultCache:
    """The cache in ``folder / CACHE_DIR`` for a run with these settings (nothing is read yet).

    Args:
        folder: The configuration file's folder.
        settings: :meth:`newsschema.config.Settings.results_key` of the run.
        record: Each document's article id and time are kept (JUnit).
    """
    return ResultCache(folder / CACHE_DIR, cache_context(settings, record=record))


def replay(cache: ResultCache, items: Sequence[Input]) -> list[Chunk] | None:
    """Every input's results from the cache, in order; None unless each one is a hit."""
    chunks = cache.replay_run(items)
    if chunks is not None:
        return _until_stopped(chunks)
    chunks = []
    for hit in cache.look_up(items):
        if hit is None or hit.chunk is None:
            return None
        chunks.append(hit.chunk)
        if hit.chunk.stopped:
            break
    return chunks


def _until_stopped(chunks: list[Chunk]) -> list[Chunk]:
    """The chunks up to the first that stopped the run (fail-fast), as a run replays them."""
    for number, chunk in enumerate(chunks):
        if chunk.stopped:
            return chunks[: number + 1]
    return chunks
