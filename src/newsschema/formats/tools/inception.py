"""INCEpTION / WebAnno (``--to/--from inception``): UIMA CAS XMI with its TypeSystem, via cassis.

Needs the ``inception`` extra (``dkpro-cassis``, the maintained Python library for UIMA CAS).
Import reads a folder or ``.zip`` holding ``TypeSystem.xml`` and ``*.xmi`` files (INCEpTION's
"UIMA CAS XMI" export; one document per ``.xmi``), a single ``.xmi`` (with the
``TypeSystem.xml`` beside it) or UIMA CAS JSON files (``*.json``, type system included).

Every annotation type becomes spans labelled with the value of its ``value`` or ``label``
feature when it has one (``NamedEntity`` ``PER``), else with the type's short name (a custom
layer ``webanno.custom.Quote`` gives ``Quote``); its other string features are attributes (the
quote kind). A type with ``Governor`` and ``Dependent`` features is a relation. Tokens,
sentences and metadata are not spans. UIMA counts UTF-16 code units; cassis converts them to
code points on load and back on save, so no offset warning is needed.

Export writes ``TypeSystem.xml`` and one ``ID.xmi`` per document with the layers
``webanno.custom.NewsSpan`` (``label``, ``ref`` and one feature per label-map attribute) and
``webanno.custom.NewsRelation``; ``DocumentMetaData`` holds the id and headline.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import orjson

from newsschema.findings import Finding, Severity
from newsschema.formats._base import ExportError, Format, GivenOptions
from newsschema.formats._export_options import ToolReadOptions, ToolWriteOptions
from newsschema.formats._extras import extra
from newsschema.formats._standoff import (
    Attribute,
    Link,
    Standoff,
    TextSpan,
    from_document,
    to_document,
)
from newsschema.formats._tool_files import (
    TooLarge,
    ToolFiles,
    distinct_ids,
    failure,
    open_export,
    stem_of,
    tool_output,
)
from newsschema.formats._tool_json import fail
from newsschema.formats._uima_names import (
    NameProblem,
    check_cas_json,
    check_typesystem_xml,
    feature_name_problem,
)
from newsschema.formats.labels import LabelError, LabelMap
from newsschema.formats.metadata import MetaError
from newsschema.loader import Loaded
from newsschema.models import Document

__all__ = ["INCEPTION"]

SPAN_TYPE = "webanno.custom.NewsSpan"
RELATION_TYPE = "webanno.custom.NewsRelation"
RECORD_TYPE = "webanno.custom.NewsschemaRecord"
METADATA_TYPE = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
_NOT_SPANS = (
    "uima.tcas.DocumentAnnotation",
    METADATA_TYPE,
    RECORD_TYPE,
    "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
    "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
    "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Lemma",
    "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS",
)
_LABEL_FEATURES = ("value", "label")
_SKIP_FEATURES = {"begin", "end", "sofa", "Governor", "Dependent", "ref", "identifier"}
# Fields cassis gives every annotation class, and the span layer's own features: a label-map
# attribute of the same name would clash with them.
_RESERVED_FEATURES = {"xmiID", "type", "begin", "end", "sofa", "label", "ref", "identifier"}
# cassis warns (and keeps the offset as it is) when a UTF-16 offset is not a code-point boundary.
_UNMAPPED = re.compile(r"^Not mapping external offset \[(-?[0-9]+)\]")


def _cassis() -> Any:
    with extra("inception", "--from/--to inception"):
        import cassis
    return cassis


def _string_features(fs: Any) -> dict[str, str]:
    out = {}
    for feature in fs.type.all_features:
        if feature.name in _SKIP_FEATURES or feature.rangeType.name != "uima.cas.String":
            continue
        value = fs.get(feature.name)
        if isinstance(value, str) and value:
            out[feature.name] = value
    return out


def _ref(fs: Any, features: dict[str, Any], problems: list[tuple[str, int]]) -> str:
    """Return the id of a span: its string ``ref`` feature when it has one, else ``x`` + xmi:id."""
    feature = features.get("ref")
    if feature is None:
        return f"x{fs.xmiID}"
    value = fs.get("ref")
    if value is None or value == "":
        return f"x{fs.xmiID}"
    if not isinstance(value, str) or feature.rangeType.name != "uima.cas.String":
        problems.append((f"ref is {type(value).__name__} {value!r:.40}, not a string", fs.xmiID))
        return f"x{fs.xmiID}"
    return value


def _endpoint(value: Any) -> int | None:
    """Return the xmi:id a Governor or Dependent points to (None when it is no annotation)."""
    xmi_id = getattr(value, "xmiID", None)
    return xmi_id if isinstance(xmi_id, int) else None


def _arg(ids: dict[int, str], xmi_id: int | None) -> str:
    """Return the id a relation argument names (``x`` + xmi:id for one that is not a span)."""
    if xmi_id is None:
        return "(no annotation)"
    return ids.get(xmi_id, f"x{xmi_id}")


def cas_to_standoff(
    cas: Any, name: str, file: str, index: int, labels: LabelMap | None = None
) -> tuple[Standoff, list[tuple[str, str]]]:
    """Return the standoff annotations of a CAS (offsets already in code points).

    Also returns the problems that refuse the document: (message, ``xmi:id N``) pairs for a
    ``ref`` that is not a string or that two annotations share (never merged into one).
    A relation whose Governor or Dependent is not one of the spans (DKPro's ``Dependency``
    between ``Token`` s) is skipped unless ``labels`` names its label.
    """
    text = cas.sofa_string or ""
    so = Standoff(text=text, name=name, file=file, index=index)
    if cas.document_language and cas.document_language != "x-unspecified":
        so.meta["language"] = cas.document_language
    ts = cas.typesystem
    ids: dict[int, str] = {}
    owners: dict[str, int] = {}
    problems: list[tuple[str, int]] = []
    relations = []
    for fs in cas.select_all_annotations():
        type_name = fs.type.name
        if type_name == RECORD_TYPE:
            try:
                record = orjson.loads(fs.get("json") or "null")
            except orjson.JSONDecodeError:
                record = None
            so.record = record if isinstance(record, dict) else None
            continue
        if type_name == METADATA_TYPE:
            if fs.get("documentTitle"):
                so.meta["headline"] = fs.get("documentTitle")
            continue
        if any(ts.is_instance_of(fs.type, t) for t in _NOT_SPANS if ts.contains_type(t)):
            continue
        features = {f.name: f for f in fs.type.all_features}
        if {"Governor", "Dependent"} <= features.keys():
            relations.append(fs)
            continue
        strings = _string_features(fs)
        label = next((strings.pop(f) for f in _LABEL_FEATURES if f in strings), None)
        label = label or type_name.rsplit(".", 1)[-1]
        ref = _ref(fs, features, problems)
        if ref in owners:
            shared = f"ref {ref!r:.60} is also the ref of xmi:id {owners[ref]}"
            problems.append((f"{shared}; an id names one annotation", fs.xmiID))
            continue
        owners[ref] = fs.xmiID
        ids[fs.xmiID] = ref
        so.spans.append(
            TextSpan(
                ref,
                label,
                ((fs.begin, fs.end),),
                text[fs.begin : fs.end],
                pointer=f"xmi:id {fs.xmiID}",
            )
        )
        for key, value in strings.items():
            so.attributes.append(Attribute(f"A{len(so.attributes) + 1}", ref, key, value))
        identifier = fs.get("identifier") if "identifier" in features else None
        if isinstance(identifier, str) and identifier:
            so.norms.append(_norm(len(so.norms), ref, identifier))
    named = labels.relations if labels is not None else {}
    for fs in relations:
        strings = _string_features(fs)
        label = next((strings[f] for f in _LABEL_FEATURES if f in strings), None)
        label = label or fs.type.name.rsplit(".", 1)[-1]
        governor, dependent = _endpoint(fs.get("Governor")), _endpoint(fs.get("Dependent"))
        if (governor not in ids or dependent not in ids) and label not in named:
            continue  # a layer of its own (syntax), not one the label map names
        so.relations.append(
            Link(
                f"R{fs.xmiID}",
                label,
                (
                    ("Arg1", _arg(ids, governor)),
                    ("Arg2", _arg(ids, dependent)),
                ),
                pointer=f"xmi:id {fs.xmiID}",
            )
        )
    return so, [(message, f"xmi:id {xmi_id}") for message, xmi_id in problems]


def _unmapped_offsets(cas: Any, offsets: list[int]) -> list[tuple[str, str]]:
    """Return a problem per annotation cassis left an unmappable UTF-16 offset on."""
    bad = set(offsets)
    out = []
    for fs in cas.select_all_annotations():
        for side in ("begin", "end"):
            if getattr(fs, side, None) in bad:
                where = f"{side} offset {getattr(fs, side)} (UTF-16 code units)"
                message = f"{where} falls inside a surrogate pair or outside the text"
                out.append((f"{message}; it is refused, not shifted", f"xmi:id {fs.xmiID}"))
                break
    if not out:
        shown = ", ".join(str(n) for n in sorted(bad)[:5])
        out.append((f"UTF-16 offsets {shown} fall inside a surrogate pair or outside the text", ""))
    return out


def _norm(count: int, ref: str, identifier: str) -> Any:
    from newsschema.formats._standoff import Normalization

    return Normalization(f"N{count + 1}", ref, identifier)


def typesystem_for(labels: LabelMap) -> Any:
    """Return the cassis TypeSystem an export under ``labels`` uses.

    Raises:
        LabelError: a label-map attribute is not a UIMA feature name, or is one the export
            uses itself (``label``, ``ref``...).
    """
    attributes = {
        "quote_kind": labels.quote_kind,
        "event_kind": labels.event_kind,
        "attribution_type": labels.attribution_type,
        "anonymous": labels.anonymous,
    }
    for key, attribute in attributes.items():
        if attribute is None:
            continue
        # cassis pastes feature names into Python source: check before anything is built.
        problem = feature_name_problem(attribute)
        if problem is None and attribute in _RESERVED_FEATURES:
            problem = f"{attribute!r} is a feature the INCEpTION export uses itself"
        if problem is not None:
            raise LabelError(f"--labels {labels.name}: [attributes] {key}: {problem}")
    cassis = _cassis()
    ts = cassis.TypeSystem()
    span = ts.create_type(SPAN_TYPE)
    for feature in ("label", "ref", "identifier"):
        ts.create_feature(span, feature, "uima.cas.String")
    for attribute in sorted({n for n in attributes.values() if n}):
        ts.create_feature(span, attribute, "uima.cas.String")
    relation = ts.create_type(RELATION_TYPE)
    ts.create_feature(relation, "Governor", SPAN_TYPE)
    ts.create_feature(relation, "Dependent", SPAN_TYPE)
    ts.create_feature(relation, "label", "uima.cas.String")
    record = ts.create_type(RECORD_TYPE)
    ts.create_feature(record, "json", "uima.cas.String")
    metadata = ts.create_type(METADATA_TYPE, "uima.tcas.DocumentAnnotation")
    for feature in ("documentTitle", "documentId"):
        ts.create_feature(metadata, feature, "uima.cas.String")
    return ts


def document_cas(document: Document, labels: LabelMap, ts: Any) -> Any:
    """Return the CAS of one document under ``labels``."""
    cassis = _cassis()
    so = from_document(document, labels)
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = so.text
    cas.document_language = document.article.language
    span_type, relation_type = ts.get_type(SPAN_TYPE), ts.get_type(RELATION_TYPE)
    attributes: dict[str, dict[str, str]] = {}
    for attribute in so.attributes:
        attributes.setdefault(attribute.target, {})[attribute.name] = attribute.value
    refs = {n.target: n.ref for n in so.norms}
    made = {}
    for span in so.spans:
        start, end = span.fragments[0][0], span.fragments[-1][1]
        extra = {"identifier": refs[span.id]} if span.id in refs else {}
        fs = span_type(
            begin=start,
            end=end,
            label=span.label,
            ref=span.id,
            **attributes.get(span.id, {}),
            **extra,
        )
        cas.add(fs)
        made[span.id] = fs
    for relation in so.relations:
        cas.add(
            relation_type(
                begin=made[relation.args[1][1]].begin,
                end=made[relation.args[1][1]].end,
                Governor=made[relation.args[0][1]],
                Dependent=made[relation.args[1][1]],
                label=relation.label,
            )
        )
    if so.record is not None:
        cas.add(ts.get_type(RECORD_TYPE)(begin=0, end=0, json=orjson.dumps(so.record).decode()))
    metadata = ts.get_type(METADATA_TYPE)
    cas.add(
        metadata(
            begin=0,
            end=len(so.text),
            documentTitle=document.article.headline,
            documentId=document.article.id,
        )
    )
    return cas


def _refused(file: str, problems: list[tuple[str, str]], index: int) -> Loaded:
    """Return a failed load with one NS080 finding per (message, pointer) problem."""
    findings = [
        Finding("NS080", Severity.ERROR, message, pointer=pointer, file=file, document=index)
        for message, pointer in problems
    ]
    return Loaded(None, findings, index=index, file=file)


def _name_failure(file: str, problem: NameProblem, index: int = 0) -> Loaded:
    finding = Finding(
        "NS080",
        Severity.ERROR,
        f"refused before cassis reads it: {problem.message}",
        pointer=problem.pointer,
        file=file,
        line=problem.line,
        column=problem.column,
        document=index,
    )
    return Loaded(None, [finding], index=index, line=problem.line or 1, file=file)


def _read_cas(cassis: Any, name: str, data: bytes, ts: Any) -> tuple[Any, list[int]]:
    """Return the CAS cassis reads from ``data`` and the UTF-16 offsets it could not map."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if name.endswith(".xmi"):
            cas = cassis.load_cas_from_xmi(io.BytesIO(data), typesystem=ts)
        else:
            cas = cassis.load_cas_from_json(io.BytesIO(data))
    unmapped = []
    for warning in caught:
        match = _UNMAPPED.match(str(warning.message))
        if match:
            unmapped.append(int(match.group(1)))
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return cas, unmapped


def _load(files: ToolFiles, options: GivenOptions) -> Iterator[Loaded]:
    try:
        typed = ToolReadOptions.of(options)
        labels, settings, meta = typed.label_map(), typed.article_settings(), typed.meta
    except (LabelError, MetaError) as exc:
        yield fail(files.label, str(exc))
        return
    cassis = _cassis()
    typesystems = [n for n in files.names if n.rsplit("/", 1)[-1] == "TypeSystem.xml"]
    documents = [n for n in files.names if n.endswith((".xmi", ".json"))]
    ts = None
    if any(n.endswith(".xmi") for n in documents):
        if not typesystems:
            yield fail(files.label, "no TypeSystem.xml beside the .xmi files")
            return
        display = files.display(typesystems[0])
        try:
            data = files.read(typesystems[0])
        except TooLarge:
            yield fail(display, "file larger than the 256 MiB limit")
            return
        except OSError as exc:  # a link entry, a compression bomb: the archive limits
            yield fail(display, f"cannot read: {exc}")
            return
        # cassis compiles feature names into Python classes: no name reaches it unchecked.
        problem = check_typesystem_xml(data)
        if problem is not None:
            yield _name_failure(display, problem)
            return
        try:
            ts = cassis.load_typesystem(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - cassis raises many kinds for malformed XML
            yield fail(display, f"not a UIMA type system: {exc}")
            return
    if not documents:
        yield fail(files.label, "no .xmi or CAS .json files")
    for index, name in enumerate(documents):
        display = files.display(name)
        try:
            data = files.read(name)
            if not name.endswith(".xmi"):
                problem = check_cas_json(data)
                if problem is not None:
                    yield _name_failure(display, problem, index)
                    continue
            cas, unmapped = _read_cas(cassis, name, data, ts)
        except TooLarge:
            yield fail(display, "file larger than the 256 MiB limit", index=index)
            continue
        except OSError as exc:  # a link entry, a compression bomb: the archive limits
            yield fail(display, f"cannot read: {exc}", index=index)
            continue
        except Exception as exc:  # noqa: BLE001 - cassis raises many kinds for malformed input
            yield fail(display, f"cassis cannot read it: {failure(exc)}", index=index)
            continue
        if unmapped:
            yield _refused(display, _unmapped_offsets(cas, unmapped), index)
            continue
        stem = stem_of(name, ".xmi" if name.endswith(".xmi") else ".json")
        so, problems = cas_to_standoff(cas, stem, display, index, labels)
        yield (
            _refused(display, problems, index)
            if problems
            else to_document(so, labels, settings, meta)
        )


class _Inception(Format):
    layout: Literal["bundle"] = "bundle"

    def write(self, documents: Iterable[Document], target: Path, options: GivenOptions) -> None:
        labels = ToolWriteOptions.of(options).label_map()
        try:
            ts = typesystem_for(labels)
        except (ImportError, LabelError) as exc:
            raise ExportError(str(exc)) from exc
        with tool_output(target, "TypeSystem.xml", ts.to_xml()) as work:
            for document in distinct_ids(documents, "ID.xmi"):
                cas = document_cas(document, labels, ts)
                try:
                    xmi = cas.to_xmi()
                except ValueError as exc:  # XML 1.0 cannot hold NUL and most control characters
                    raise ExportError(f"{document.article.id}: not writable as XMI: {exc}") from exc
                (work / f"{document.article.id}.xmi").write_text(xmi, encoding="utf-8")

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        files: ToolFiles | str = (
            _Single(path)
            if path.is_file() and path.suffix.lower() in (".xmi", ".json")
            else open_export(path, str(path))
        )
        return _read_export(
            files, str(path), "not an INCEpTION export (folder, .zip, .xmi)", options
        )

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        refusal = "INCEpTION input on standard input must be a .zip"
        return _read_export(open_export(data, name), name, refusal, options)


def _read_export(
    files: ToolFiles | str, name: str, refusal: str, options: GivenOptions
) -> Iterator[Loaded]:
    if isinstance(files, str):
        yield fail(name, f"{refusal}: {files}")
        return
    try:
        yield from _load(files, options)
    except ImportError as exc:
        yield fail(name, str(exc))


class _Single(ToolFiles):
    """One .xmi (with the TypeSystem.xml beside it) or one CAS JSON file."""

    def __init__(self, path: Path) -> None:
        names = [path.name]
        if path.suffix.lower() == ".xmi" and (path.parent / "TypeSystem.xml").is_file():
            names.append("TypeSystem.xml")
        super().__init__(names, path.parent, str(path.parent))


INCEPTION = _Inception(
    "inception",
    "INCEpTION/WebAnno UIMA CAS XMI + TypeSystem.xml (inception extra)",
)
