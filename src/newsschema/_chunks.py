"""What checking one unit of work found (:class:`Chunk`), and the chunks put together in order.

Kept apart from the checking core so that results replayed from the cache
(:mod:`newsschema._cache`) become a report without importing the models or the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from newsschema.findings import Finding
from newsschema.report import Report

__all__ = ["Chunk", "Found", "merge", "shifted", "whole_input"]

Found = Callable[[Sequence[Finding], int], None]
"""Called with new findings and the number of documents they come from, as work completes."""


@dataclass(slots=True)
class Chunk:
    """What checking one unit found; lines and documents are counted from the unit's start."""

    name: str
    file: str | None
    findings: list[Finding] = field(default_factory=list)
    lines: int = 0
    documents: int = 0
    invalid: int = 0
    size: int = 0
    stopped: bool = False
    foreign: bool = False  # an NS024 was reported for this unit
    # Per document: index in the unit, article id ("" when it did not load), seconds taken.
    cases: list[tuple[int, str, float]] = field(default_factory=list)
    # Fingerprint of the bytes checked (see newsschema._inputs.Pin), when asked for.
    fingerprint: int = 0
    cached: bool = False  # replayed from the cache: nothing was checked


def shifted(chunk: Chunk, lines: int, documents: int) -> list[Finding]:
    """The chunk's findings with ``lines`` and ``documents`` added (where it starts in its file)."""
    if not (lines or documents):
        return chunk.findings
    return [
        f.at(line=None if f.line is None else f.line + lines, document=f.document + documents)
        for f in chunk.findings
    ]


def whole_input(chunks: Sequence[Chunk]) -> Chunk:
    """The chunks of one input (its slices, in order) as one chunk counted from its start."""
    whole = Chunk(chunks[0].name, chunks[0].file)
    for chunk in chunks:
        whole.findings.extend(shifted(chunk, whole.lines, whole.documents))
        whole.cases.extend((i + whole.documents, ident, t) for i, ident, t in chunk.cases)
        whole.lines += chunk.lines
        whole.documents += chunk.documents
        whole.invalid += chunk.invalid
        whole.size += chunk.size
        whole.foreign = whole.foreign or chunk.foreign
        whole.stopped = chunk.stopped
    return whole


def merge(
    chunks: Iterable[Chunk],
    files: Sequence[str],
    *,
    found: Found | None = None,
    cases: bool = False,
    numbered: bool = False,
) -> Report:
    """Put chunks together, in input order, into one report (every engine's last step).

    Line and document numbers of the slices of a file are added up along the file, unless
    the chunks are ``numbered`` already (records that carry their place in the file).
    """
    findings: list[Finding] = []
    kept: list[tuple[str, int, str, float]] = []
    counts: dict[str, list[int]] = {}  # name -> [lines, documents] checked so far
    documents = invalid = cached = 0
    stopped = False
    for chunk in chunks:
        lines_before, docs_before = counts.setdefault(chunk.name, [0, 0])
        # Where the chunk's own numbering starts in its file.
        line_shift, doc_shift = (0, 0) if numbered else (lines_before, docs_before)
        located = shifted(chunk, line_shift, doc_shift)
        findings.extend(located)
        if cases:
            kept.extend((chunk.name, i + doc_shift, ident, t) for i, ident, t in chunk.cases)
        if found is not None:
            found(located, chunk.documents)
        counts[chunk.name] = [lines_before + chunk.lines, docs_before + chunk.documents]
        documents += chunk.documents
        invalid += chunk.invalid
        if chunk.cached:
            cached += chunk.documents
        if chunk.stopped:
            stopped = True
            break
    return Report(
        findings=tuple(findings),
        files=tuple(files),
        documents=documents,
        invalid_documents=invalid,
        file_documents=tuple((name, docs) for name, (_, docs) in counts.items()),
        stopped=stopped,
        cases=tuple(kept),
        cached=cached,
    )
