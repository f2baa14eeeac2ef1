"""Reading the machine-quote formats: records from JSON Lines or one JSON value, and options.

``--from quotes``, ``citron`` and ``ggt`` files hold one record per line (JSON Lines), or one
JSON object, or one JSON array of records. Each importer turns a record into an article and
:class:`~newsschema.formats._quote_build.GivenQuote` values; this module does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from newsschema.formats._base import Options
from newsschema.formats._quote_build import GivenQuote, anchor_policy, build
from newsschema.formats._tool_json import fail
from newsschema.formats.anchoring import AnchorPolicy
from newsschema.formats.labels import LabelError, settings_option
from newsschema.loader import Loaded

__all__ = ["Parsed", "read_file", "read_records", "record_id"]

MAX_INPUT = 1024 * 1024 * 1024

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
    index = 0
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record: Any = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            record = _NotJson(f"not JSON: {exc}")
        yield index, number, record
        index += 1


class _NotJson(str):
    """The reason a line is not JSON (a str subclass, so records and errors are told apart)."""

    __slots__ = ()


def read_records(
    data: bytes,
    file: str,
    stem: str,
    options: Options,
    parse: Callable[[Any, str, int], Parsed],
) -> Iterator[Loaded]:
    """Yield one loaded document per record of ``data``, parsed by ``parse(value, stem, index)``."""
    try:
        settings = settings_option(options)
        policy: AnchorPolicy = anchor_policy(options)
    except (LabelError, ValueError) as exc:
        yield fail(file, str(exc))
        return
    for index, line, value in _values(data):
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


def read_file(
    path: Path, options: Options, parse: Callable[[Any, str, int], Parsed]
) -> Iterator[Loaded]:
    """Read a whole file of records (see :func:`read_records`)."""
    try:
        size = path.stat().st_size
        if size > MAX_INPUT:
            yield fail(str(path), "file larger than the 1 GiB limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield fail(str(path), f"cannot read: {exc.strerror or exc}")
        return
    yield from read_records(data, str(path), path.stem, options, parse)


def record_id(value: Mapping[str, Any], stem: str, index: int) -> str:
    """The article id of a record that has none of its own: the file stem, numbered after 1."""
    given = value.get("id") or value.get("article_id")
    if isinstance(given, str):
        return given
    return stem if index == 0 else f"{stem}-{index + 1}"
