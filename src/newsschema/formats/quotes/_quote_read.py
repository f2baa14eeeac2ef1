"""Reading the machine-quote formats: records from JSON Lines or one JSON value, and options.

``--from quotes``, ``citron`` and ``ggt`` files hold one record per line (JSON Lines), or one
JSON object, or one JSON array of records. Each importer turns a record into an article and
:class:`~newsschema.formats.quotes._quote_build.GivenQuote` values; this module does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from newsschema.formats._base import GivenOptions
from newsschema.formats._export_options import QuoteReadOptions
from newsschema.formats._tool_json import fail
from newsschema.formats.anchoring import AnchorPolicy
from newsschema.formats.labels import LabelError
from newsschema.formats.quotes._quote_build import GivenQuote, build
from newsschema.loader import Loaded

__all__ = ["Parsed", "read_file", "read_records", "record_id"]

MAX_INPUT = 1024 * 1024 * 1024
MAX_LINE = 64 * 1024 * 1024

Parsed = tuple[dict[str, Any], list[GivenQuote]] | str
"""An importer's reading of one record: the article fields and the quotes, or why not."""


def _values(data: bytes) -> Iterator[tuple[int, int, Any]]:
    """Yield ``(index, line, value)`` for each record; a value that is not JSON is an error str."""
    try:
        whole = orjson.loads(data)
    except orjson.JSONDecodeError:
        whole = None
    if isinstance(whole, list):
        for index, value in enumerate(whole):
            yield index, 1, value
        return
    if isinstance(whole, dict):
        yield 0, 1, whole
        return
    yield from _line_values(data.splitlines())


def _line_values(lines: Iterable[bytes]) -> Iterator[tuple[int, int, Any]]:
    """JSON Lines: one record per non-blank line."""
    index = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE:
            record: Any = _NotJson("line longer than the 64 MiB limit")
        else:
            try:
                record = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                record = _NotJson(f"not JSON: {exc}")
        yield index, number, record
        index += 1


def _lines(first: bytes, handle: BinaryIO) -> Iterator[bytes]:
    # Bounded memory: one line at a time, never more than MAX_LINE + 1 bytes of it.
    yield first
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        yield line
        while len(line) > MAX_LINE and not line.endswith(b"\n"):
            line = handle.readline(MAX_LINE + 1)


class _NotJson(str):
    """The reason a line is not JSON (a str subclass, so records and errors are told apart)."""

    __slots__ = ()


def _options(options: GivenOptions, file: str) -> tuple[dict[str, str], AnchorPolicy] | Loaded:
    try:
        typed = QuoteReadOptions.of(options)
        return typed.article_settings(), typed.policy()
    except (LabelError, ValueError) as exc:
        return fail(file, str(exc))


def _loaded(
    values: Iterable[tuple[int, int, Any]],
    file: str,
    stem: str,
    options: GivenOptions,
    parse: Callable[[Any, str, int], Parsed],
) -> Iterator[Loaded]:
    chosen = _options(options, file)
    if isinstance(chosen, Loaded):
        yield chosen
        return
    settings, policy = chosen
    for index, line, value in values:
        if isinstance(value, _NotJson):
            yield fail(file, str(value), line=line, index=index)
            continue
        parsed = parse(value, stem, index)
        if isinstance(parsed, str):
            yield fail(file, parsed, line=line, index=index)
            continue
        article, quotes = parsed
        yield build(
            article, quotes, settings=settings, policy=policy, file=file, index=index, line=line
        )


def read_records(
    data: bytes,
    file: str,
    stem: str,
    options: GivenOptions,
    parse: Callable[[Any, str, int], Parsed],
) -> Iterator[Loaded]:
    """Yield one loaded document per record of ``data``, parsed by ``parse(value, stem, index)``."""
    yield from _loaded(_values(data), file, stem, options, parse)


def read_file(
    path: Path, options: GivenOptions, parse: Callable[[Any, str, int], Parsed]
) -> Iterator[Loaded]:
    """Read a file of records (see :func:`read_records`).

    JSON Lines (a first line that is a whole record) are read one line at a time; one JSON
    object or array, up to 1 GiB, is read whole.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield fail(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        try:
            first = handle.readline(MAX_LINE + 1)
            try:
                streamed = isinstance(orjson.loads(first), dict)
            except orjson.JSONDecodeError:
                streamed = False
            if streamed:
                lines = _lines(first, handle)
                yield from _loaded(_line_values(lines), str(path), path.stem, options, parse)
                return
            rest = handle.read(MAX_INPUT + 1 - len(first))
        except OSError as exc:
            yield fail(str(path), f"cannot read: {exc.strerror or exc}")
            return
    if len(first) + len(rest) > MAX_INPUT:
        yield fail(str(path), "file larger than the 1 GiB limit")
        return
    yield from read_records(first + rest, str(path), path.stem, options, parse)


def record_id(value: Mapping[str, Any], stem: str, index: int) -> str:
    """The article id of a record that has none of its own: the file stem, numbered after 1."""
    given = value.get("id") or value.get("article_id")
    if isinstance(given, str):
        return given
    return stem if index == 0 else f"{stem}-{index + 1}"
