"""Who annotated what: the inputs of ``agree`` turned into annotators and their documents.

Two layouts, told apart by what was read:

* **Folders per annotator** (the default): each input (a file, a folder, a bundle) is one
  annotator's version of the articles, named by its folder name or file stem; documents are
  matched by article id.
* **One folder, several annotators**: when every document read carries an annotator in its
  origin (:attr:`newsschema.loader.Loaded.origin`; the brat importer reads it from
  ``NAME_ANNOTATOR.ann`` and ``NAME.ANNOTATOR.ann`` file names), documents are grouped by that
  annotator, whichever input they are in, and each annotator is named by the suffix. The
  document id is the ``.ann`` stem and differs per annotator, so documents are matched by the
  article they annotate instead (the text file's stem, ``NAME``), which becomes their article
  id in the report.

In both layouts, a folder that holds only the texts the annotations of the other inputs pair
with (brat's ``ANN_DIR TEXT_DIR``) is not an annotator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsschema.findings import Finding
from newsschema.models import Document
from newsschema.review._read import Source

__all__ = ["Annotator", "Input", "group", "input_names", "reference"]


@dataclass(frozen=True)
class Input:
    """One input of the run, as read.

    Attributes:
        argument: The input as given on the command line.
        sources: Its documents (those whose structure loads).
        texts_only: It held no document, only texts that other inputs' annotations pair with.
    """

    argument: str
    sources: Sequence[Source]
    texts_only: bool = False


@dataclass(frozen=True)
class Annotator:
    """One annotator: a name, the documents to compare, and their rule findings."""

    name: str
    documents: list[Document]
    findings: list[Finding] = field(default_factory=list)


def input_names(arguments: Sequence[str]) -> list[str]:
    """Each input's annotator name: its folder name or file stem (``#2`` ... when repeated)."""
    names = []
    for argument in arguments:
        path = Path(argument.rstrip("/\\") or argument)
        names.append(path.name if path.is_dir() else path.stem)
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if names.count(name) == 1 else f"{name}#{seen[name]}")
    return unique


def _origin(source: Source, key: str) -> str | None:
    return next((value for name, value in source.origin if name == key), None)


def _by_article(source: Source) -> Document:
    """The document with the article it annotates as its id (unchanged without one)."""
    article = _origin(source, "article")
    document = source.document
    if article is None or article == document.article.id:
        return document
    return document.model_copy(
        update={"article": document.article.model_copy(update={"id": article})}
    )


def _findings(sources: Sequence[Source]) -> list[Finding]:
    return [finding for source in sources for finding in source.findings]


def group(inputs: Sequence[Input]) -> tuple[list[Annotator], bool]:
    """The annotators of the inputs (see the module's docstring for the two layouts).

    Returns:
        The annotators (by suffix name, sorted, when grouped by origin; else in input order,
        without the inputs that hold only texts), and whether they were grouped by origin.
    """
    sources = [source for item in inputs for source in item.sources]
    if sources and all(_origin(source, "annotator") is not None for source in sources):
        grouped: dict[str, list[Source]] = {}
        for source in sources:
            grouped.setdefault(str(_origin(source, "annotator")), []).append(source)
        return [
            Annotator(name, [_by_article(s) for s in grouped[name]], _findings(grouped[name]))
            for name in sorted(grouped)
        ], True
    kept = [item for item in inputs if not item.texts_only]
    names = input_names([item.argument for item in kept])
    return [
        Annotator(name, [s.document for s in item.sources], _findings(item.sources))
        for name, item in zip(names, kept, strict=True)
    ], False


def reference(item: Input, name: str, by_origin: bool) -> Annotator:
    """A gold input read beside the annotators: one annotator, matched as they are.

    When the annotators are grouped by origin, its documents are matched by the article they
    annotate too (their article id when the importer names none).
    """
    if by_origin:
        documents = [_by_article(source) for source in item.sources]
    else:
        documents = [source.document for source in item.sources]
    return Annotator(name, documents, _findings(item.sources))
