"""brat standoff (``--to/--from brat``): a folder or ``.zip`` of ``NAME.txt`` + ``NAME.ann``.

Reads every annotation line brat writes: text-bound ``T`` (also discontinuous
``start end;start end`` fragments), events ``E``, relations ``R``, attributes ``A``/``M``,
normalisations ``N`` and notes ``#`` (equivalences ``*`` are reported and left out). Offsets
count code points, as brat (Python) counts them; the span texts in ``T`` lines are checked, so
files written by UTF-16 tools are detected and converted (with a warning).

Several annotators of one text: next to ``NAME.txt``, each ``NAME.ANNOTATOR.ann`` (and plain
``NAME.ann``) is one annotated version and becomes one document whose article id is the
``.ann`` file's stem (``NAME.ANNOTATOR``). Pass ``annotator`` in the options (or
``--set brat.annotator=NAME`` on the command line) to read only that annotator's files.

Exports write ``ID.txt``, ``ID.ann`` and an ``annotation.conf`` for the labels; under the
``newsschema`` labels also ``ID.newsschema.json``, the record of what spans cannot hold.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal, get_args

import orjson

from newsschema.findings import Finding, Severity
from newsschema.formats._base import Format, Options
from newsschema.formats._standoff import (
    Attribute,
    Link,
    Normalization,
    Note,
    Standoff,
    TextSpan,
    export_span_labels,
    from_document,
    labels_option,
    settings_option,
    to_document,
)
from newsschema.formats._tool_files import (
    TooLarge,
    ToolFiles,
    distinct_ids,
    open_export,
    stem_of,
    tool_output,
)
from newsschema.formats.labels import LabelError, LabelMap
from newsschema.formats.metadata import MetaError, meta_option
from newsschema.loader import Loaded
from newsschema.models import Document
from newsschema.types import AttributionType, EventKind, QuoteKind

__all__ = ["BRAT", "dump_ann", "parse_ann"]

RECORD_SUFFIX = ".newsschema.json"
# ASCII digits only: int() would read Arabic-Indic and other Unicode digits as offsets.
_T = re.compile(r"^(\S+) ((?:[0-9]+ [0-9]+)(?:;[0-9]+ [0-9]+)*)$")
_MAX_DIGITS = 15
"""Most digits of an offset (no text is a quadrillion characters long)."""
_ARG = re.compile(r"^([^:\s]+):([^:\s]+)$")
_IDENT = re.compile(r"^[A-Za-z#*][A-Za-z0-9_-]*$")
_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\u2028": " ", "\u2029": " ", "\x85": " "})


class AnnError(ValueError):
    """A malformed ``.ann`` line; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def parse_ann(text: str, so: Standoff) -> list[Finding]:
    """Parse ``.ann`` text into ``so``; return warnings (left-out lines).

    Raises:
        AnnError: a line is not in brat's standoff format.
    """
    warnings: list[Finding] = []
    previous = ""
    blank = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            blank += 1
            continue
        fields = line.split("\t")
        ident = fields[0]
        kind = ident[:1]
        if previous == "T" and (len(fields) < 2 or not _IDENT.match(ident)):
            # A raw line break inside the previous T line's text field (some tools write the
            # covered text as it is): the line continues that field.
            last = so.spans[-1]
            so.spans[-1] = replace(last, text=f"{last.text or ''}{chr(10) * (blank + 1)}{line}")
            blank = 0
            warnings.append(
                Finding(
                    "NS040",
                    Severity.WARNING,
                    "a line break inside a T line's text field: the line continues it",
                    line=number,
                    column=1,
                )
            )
            continue
        previous, blank = kind, 0
        try:
            if kind == "T":
                match = _T.match(fields[1]) if len(fields) >= 2 else None
                if match is None:
                    raise AnnError(number, "expected T<n>\\tLABEL START END[;START END]\\tTEXT")
                fragments = _fragments(number, match.group(2))
                stored = "\t".join(fields[2:]) if len(fields) >= 3 else None
                so.spans.append(TextSpan(ident, match.group(1), fragments, stored, number))
            elif kind in ("E", "R"):
                parts = fields[1].split() if len(fields) >= 2 else []
                if not parts:
                    raise AnnError(number, f"expected {ident}\\tTYPE ARG:ID ...")
                args = []
                for part in parts[1:]:
                    arg = _ARG.match(part)
                    if arg is None:
                        raise AnnError(number, f"argument {part!r} is not ROLE:ID")
                    args.append((arg.group(1), arg.group(2)))
                if kind == "R":
                    if len(args) != 2:
                        raise AnnError(number, "a relation has two arguments (Arg1:ID Arg2:ID)")
                    so.relations.append(Link(ident, parts[0], tuple(args), line=number))
                else:
                    label, _, trigger = parts[0].partition(":")
                    so.events.append(
                        Link(ident, label, tuple(args), trigger=trigger or None, line=number)
                    )
            elif kind in ("A", "M"):
                parts = fields[1].split() if len(fields) >= 2 else []
                if len(parts) not in (2, 3):
                    raise AnnError(number, f"expected {ident}\\tNAME ID [VALUE]")
                value = parts[2] if len(parts) == 3 else "true"
                so.attributes.append(Attribute(ident, parts[1], parts[0], value, number))
            elif kind == "N":
                parts = fields[1].split() if len(fields) >= 2 else []
                if len(parts) != 3:
                    raise AnnError(number, "expected N<n>\\tReference ID RESOURCE:ID\\tTEXT")
                text = "\t".join(fields[2:])
                so.norms.append(Normalization(ident, parts[1], parts[2], number, text))
            elif kind == "#":
                parts = fields[1].split() if len(fields) >= 2 else []
                if len(parts) != 2:
                    raise AnnError(number, "expected #<n>\\tAnnotatorNotes ID\\tNOTE")
                note = "\t".join(fields[2:])
                so.notes.append(Note(ident, parts[1], note, number))
            elif kind == "*":
                warnings.append(
                    Finding(
                        "NS084",
                        Severity.WARNING,
                        "equivalence (*) annotations are left out",
                        line=number,
                        column=1,
                    )
                )
            else:
                raise AnnError(number, f"unknown annotation id {ident!r} (T, E, R, A, M, N, #, *)")
        except ValueError as exc:
            if isinstance(exc, AnnError):
                raise
            raise AnnError(number, f"not a brat annotation line: {exc}") from exc
    return warnings


def _fragments(number: int, where: str) -> tuple[tuple[int, int], ...]:
    """Return the ``start end`` pairs of a ``T`` line (checked ASCII digits)."""
    pairs = [pair.split(" ") for pair in where.split(";")]
    for offset in (o for pair in pairs for o in pair):
        if len(offset) > _MAX_DIGITS:
            raise AnnError(
                number,
                f"offset {offset[:12]}... has {len(offset)} digits; an offset has at most "
                f"{_MAX_DIGITS}",
            )
    return tuple((int(a), int(b)) for a, b in pairs)


def dump_ann(so: Standoff) -> str:
    """Return the ``.ann`` text of ``so`` (code point offsets)."""
    lines = []
    for span in so.spans:
        where = ";".join(f"{a} {b}" for a, b in span.fragments)
        covered = " ".join(so.text[a:b] for a, b in span.fragments)
        # brat keeps one annotation per line: line breaks inside a span are written as spaces.
        covered = covered.translate(_BREAKS)
        lines.append(f"{span.id}\t{span.label} {where}\t{covered}")
    for event in so.events:
        head = f"{event.label}:{event.trigger}" if event.trigger else event.label
        lines.append(f"{event.id}\t{head} " + " ".join(f"{r}:{t}" for r, t in event.args))
    lines += [
        f"{relation.id}\t{relation.label} " + " ".join(f"{r}:{t}" for r, t in relation.args)
        for relation in so.relations
    ]
    # A flag (value "true") is written as brat writes a binary attribute: with no value.
    lines += [
        f"{a.id}\t{a.name} {a.target}" + ("" if a.value == "true" else f" {a.value}")
        for a in so.attributes
    ]
    lines += [
        f"{norm.id}\tReference {norm.target} {norm.ref}\t"
        + norm.text.translate(_BREAKS).replace("\t", " ")
        for norm in so.norms
    ]
    lines += [f"{note.id}\tAnnotatorNotes {note.target}\t{note.text}" for note in so.notes]
    return "".join(line + "\n" for line in lines)


def _declared_attributes(labels: LabelMap) -> dict[str, tuple[list[str], list[str]]]:
    """Return attribute name -> (the types that carry it, its values; none for a flag).

    The types are those the importer reads the attribute on: a quote's kind and attribution
    type on the quote span (the attribution type also on an event that ties the quote), an
    event's kind on the event span, the anonymous flag on an entity or source span.
    """
    spans = export_span_labels(labels)
    quotes = [label for label, role in spans.items() if role == "quote"]
    tying = [label for label, roles in labels.events.items() if "quote" in roles.values()]
    declared: dict[str, tuple[list[str], list[str]]] = {}

    def declare(name: str | None, types: list[str], values: Iterable[str]) -> None:
        if not name:
            return
        known_types, known_values = declared.setdefault(name, ([], []))
        known_types += [t for t in types if t not in known_types]
        known_values += [v for v in values if v not in known_values]

    declare(
        labels.quote_kind,
        quotes,
        sorted({*labels.quote_kinds, *get_args(QuoteKind)}),
    )
    declare(labels.attribution_type, quotes + tying, get_args(AttributionType))
    declare(
        labels.event_kind,
        [label for label, role in spans.items() if role == "event"],
        get_args(EventKind),
    )
    declare(
        labels.anonymous,
        [label for label, role in spans.items() if role.startswith("entity:") or role == "source"],
        (),
    )
    return declared


def annotation_conf(labels: LabelMap) -> str:
    """Return a brat ``annotation.conf`` declaring the labels an export uses.

    Every attribute is declared for each type that carries it; a multi-valued attribute lists
    its values (``Value:``), the anonymous flag is binary (brat's loader and
    ``verify_annotations`` accept every annotation an export writes).
    """
    spans = export_span_labels(labels)
    quote = labels.label_for("quote")
    entities = "\n".join(spans)
    relations = "\n".join(f"{label}\tArg1:{quote}, Arg2:<ANY>" for label in labels.relations)
    events = "\n".join(
        f"{label}\t" + ", ".join(f"{role}?:<ANY>" for role in roles)
        for label, roles in labels.events.items()
    )
    attributes = []
    for name, (types, values) in _declared_attributes(labels).items():
        line = f"{name}\tArg:{'|'.join(types) or '<ANY>'}"
        attributes.append(line + (f", Value:{'|'.join(values)}" if values else ""))
    return (
        f"[entities]\n{entities}\n\n[relations]\n{relations}\n<OVERLAP>\tArg1:<ENTITY>, "
        f"Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n{events}\n\n[attributes]\n"
        + "\n".join(attributes)
        + "\n"
    )


def _fail(file: str, message: str, line: int | None = None) -> Loaded:
    finding = Finding(
        "NS080", Severity.ERROR, message, file=file, line=line, column=1 if line else None
    )
    return Loaded(None, [finding], file=file)


def _decode(files: ToolFiles, name: str) -> str | Loaded:
    try:
        data = files.read(name)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        return _fail(files.display(name), f"cannot read: {exc}")
    except TooLarge:
        return _fail(files.display(name), "file larger than the 256 MiB limit")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # brat itself ignores nothing; a BOM would shift every offset by one
        return _fail(files.display(name), "starts with a UTF-8 byte-order mark; save without")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _fail(files.display(name), f"not UTF-8 (byte offset {exc.start})")


class _Pair:
    """One annotated version: its ``.ann`` file, its text (in which input) and its names."""

    __slots__ = ("ann", "annotator", "article", "stem", "text")

    def __init__(
        self,
        ann: str,
        text: tuple[ToolFiles, str] | None,
        article: str | None = None,
        annotator: str | None = None,
    ) -> None:
        self.ann = ann
        self.text = text
        self.stem = stem_of(ann, ".ann")
        self.article = article or self.stem
        self.annotator = annotator


def _texts_by_stem(inputs: Iterable[ToolFiles]) -> dict[str, tuple[ToolFiles, str]]:
    """Every ``NAME.txt`` among the inputs by its stem (the first one wins)."""
    found: dict[str, tuple[ToolFiles, str]] = {}
    for files in inputs:
        for name in files.names:
            if name.endswith(".txt"):
                found.setdefault(stem_of(name, ".txt"), (files, name))
    return found


def _pairs(files: ToolFiles, others: Sequence[ToolFiles], annotator: str | None) -> Iterator[_Pair]:
    """Yield every annotated version, paired with its text.

    ``NAME.ann`` pairs with ``NAME.txt`` next to it; otherwise ``NAME.ann``,
    ``NAME_ANNOTATOR.ann`` or ``NAME.ANNOTATOR.ann`` pairs with the longest ``NAME.txt`` whose
    stem prefixes the annotation's, anywhere in this input or the other inputs of the run.
    """
    beside = {n[: -len(".txt")] for n in files.names if n.endswith(".txt")}
    anywhere: dict[str, tuple[ToolFiles, str]] | None = None
    for name in files.names:
        if not name.endswith(".ann"):
            continue
        base = name[: -len(".ann")]
        if base in beside:
            if annotator is None:
                yield _Pair(name, (files, f"{base}.txt"))
            continue
        if anywhere is None:
            anywhere = _texts_by_stem([files, *others])
        stem = stem_of(name, ".ann")
        cuts = [i for i in range(len(stem) - 1, 0, -1) if stem[i] in "._"]
        match = next(
            ((stem[:i], stem[i + 1 :]) for i in cuts if stem[:i] in anywhere),
            (stem, None) if stem in anywhere else None,
        )
        if match is None:
            yield _Pair(name, None)
            continue
        article, who = match
        if annotator is None or who == annotator:
            yield _Pair(name, anywhere[article], article, who)


def _read_files(
    files: ToolFiles, options: Options, others: Sequence[ToolFiles] = ()
) -> Iterator[Loaded]:
    try:
        labels = labels_option(options)
        settings = settings_option({**options, "set": _without_brat(options)})
        meta = meta_option(options)
    except (LabelError, MetaError) as exc:
        yield _fail(files.label, str(exc))
        return
    annotator = _brat_option(options, "annotator")
    found = False
    for index, pair in enumerate(_pairs(files, others, annotator)):
        found = True
        ann = pair.ann
        if pair.text is None:
            yield _fail(
                files.display(ann),
                "no text file: brat pairs NAME.ann (or NAME_ANNOTATOR.ann) with NAME.txt in "
                "the same folder or another input",
            )
            continue
        text = _decode(*pair.text)
        if isinstance(text, Loaded):
            yield text
            continue
        notes = _decode(files, ann)
        if isinstance(notes, Loaded):
            yield notes
            continue
        so = Standoff(text=text, name=pair.stem, file=files.display(ann), index=index, tool="brat")
        so.article_name = pair.article
        try:
            warnings = parse_ann(notes, so)
        except AnnError as exc:
            yield _fail(files.display(ann), str(exc), exc.line)
            continue
        record_name = ann[: -len(".ann")] + RECORD_SUFFIX
        if labels.lossless and record_name in files.names:
            raw = _decode(files, record_name)
            if isinstance(raw, Loaded):
                yield raw
                continue
            try:
                so.record = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                yield _fail(files.display(record_name), f"not JSON: {exc}")
                continue
            if not isinstance(so.record, dict):
                yield _fail(files.display(record_name), "the record is not a JSON object")
                continue
        loaded = to_document(so, labels, settings, meta)
        extra = [w.at(file=so.file) for w in warnings]
        origin = [("article", pair.article)]
        if pair.annotator is not None:
            origin.append(("annotator", pair.annotator))
        yield Loaded(
            loaded.document,
            [*extra, *loaded.findings],
            raw=loaded.raw,
            index=index,
            file=so.file,
            origin=tuple(origin),
        )
    if not found and not (others and any(n.endswith(".txt") for n in files.names)):
        # A folder of texts only, given beside the annotations' folder, is read through them.
        yield _fail(files.label, "no .ann files (a brat folder holds NAME.txt + NAME.ann pairs)")


def _brat_option(options: Options, name: str) -> str | None:
    value = options.get(name)
    if value is not None:
        return str(value)
    for entry in options.get("set") or ():
        key, _, val = str(entry).partition("=")
        if key.strip() == f"brat.{name}":
            return val
    return None


def _without_brat(options: Options) -> Any:
    raw = options.get("set") or ()
    if isinstance(raw, dict):
        return raw
    return [e for e in raw if not str(e).startswith("brat.")]


class _Brat(Format):
    layout: Literal["bundle"] = "bundle"

    def write(self, documents: Iterable[Document], target: Path, options: Options) -> None:
        labels = labels_option(options)
        with tool_output(target, "annotation.conf", annotation_conf(labels)) as work:
            for document in distinct_ids(documents, "ID.txt and ID.ann"):
                so = from_document(document, labels, "brat")
                name = document.article.id
                (work / f"{name}.txt").write_bytes(document.article.body.encode("utf-8"))
                (work / f"{name}.ann").write_bytes(dump_ann(so).encode("utf-8"))
                if so.record is not None:
                    (work / f"{name}{RECORD_SUFFIX}").write_bytes(
                        orjson.dumps(so.record, option=orjson.OPT_INDENT_2)
                    )

    def read(self, path: Path, options: Options) -> Iterator[Loaded]:
        return _read_export(path, str(path), "not a brat folder or .zip", options)

    def read_bytes(self, data: bytes, name: str, options: Options) -> Iterator[Loaded]:
        return _read_export(data, name, "brat input on standard input must be a .zip", options)


def _read_export(
    source: Path | bytes, name: str, refusal: str, options: Options
) -> Iterator[Loaded]:
    files = open_export(source, name)
    if isinstance(files, str):
        yield _fail(name, f"{refusal}: {files}")
        return
    others = []
    for other in options.get("companions") or ():
        # The run's other folders, where texts may be (ANN_DIR TEXT_DIR): unreadable ones are
        # reported when they are read as inputs themselves.
        if isinstance(source, Path) and Path(other) == source:
            continue
        opened = open_export(Path(other), str(other))
        if not isinstance(opened, str):
            others.append(opened)
    yield from _read_files(files, options, others)


BRAT = _Brat("brat", "brat standoff: a folder or .zip of NAME.txt + NAME.ann pairs")
