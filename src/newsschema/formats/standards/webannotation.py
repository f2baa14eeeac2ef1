"""W3C Web Annotation (``--to/--from webannotation``): an article's spans as JSON-LD annotations.

Export writes, per article, one ``AnnotationCollection`` with its one ``AnnotationPage``
embedded (``first``); its annotations are the spans of the document under the label map
(``newsschema`` by default): quotes, entity and event mentions, cues, insertions and
interruptions. Each target carries a ``TextPositionSelector`` (code points, as the
specification says) and a ``TextQuoteSelector`` (``exact`` with 32 code points of ``prefix``
and ``suffix``). The bodies say what an annotation is:

- ``TextualBody`` with ``purpose: tagging``: the label (``Quote``, ``Person``...), and the
  attributes as ``Name:value`` (``Kind:direct``, ``Attribution:belief``, ``EventKind:talks``);
- ``SpecificResource`` with ``purpose: identifying``: the entity's ``same_as`` IRIs (else its
  ``url``);
- ``SpecificResource`` with ``purpose: linking``: from a quote to the annotation of its
  speaker's first mention and of its cue.

Web Annotation has no place for what is not a span (an entity's name and kind, event dates,
quote speakers without a mention, the article's metadata), so the collection also carries the
``newsschema`` record of the annotation-tool formats (:mod:`._standoff`), with the article and
its text, as one JSON literal (``@type: @json``, so JSON-LD processors keep it whole): an
export reads back as the identical document, with no other input.

Import reads such collections, a page, one annotation, a list of annotations or a Hypothesis
API response (``rows``). Each target is anchored by :mod:`._text_selectors`: positions in UTF-16
code units are detected and converted (NS081); a quote that its position does not hold is
looked up in the text (NS088); what cannot be anchored is left out (NS089). A file we did not
write carries no text: it comes from ``--set article.body_file=PATH``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import orjson

from newsschema.findings import Finding, Severity
from newsschema.formats._base import Format, GivenOptions
from newsschema.formats._export_options import ToolWriteOptions
from newsschema.formats._offsets import unit_name
from newsschema.formats._standoff import (
    Attribute,
    Link,
    Normalization,
    Standoff,
    TextSpan,
    from_document,
    to_document,
)
from newsschema.formats._tool_files import MAX_MEMBER, stem_of
from newsschema.formats._tool_json import fail, read_options
from newsschema.formats.jsonld.context import VOCABULARY_IRI
from newsschema.formats.labels import LabelMap
from newsschema.formats.standards._text_selectors import (
    Anchored,
    Selectors,
    anchor_all,
    quote_selector,
)
from newsschema.loader import Loaded, locate
from newsschema.models import Document

__all__ = [
    "ANNO_CONTEXT",
    "BODY_FILE",
    "WEBANNOTATION",
    "article_iri",
    "collection_iri",
    "to_collection",
]

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
"""The Web Annotation JSON-LD context."""
RECORD_TERM = "newsschema"
"""The collection's property that holds the ``newsschema`` record (a JSON literal)."""
RECORD_IRI = f"{VOCABULARY_IRI}webAnnotationRecord"
CONTEXT: list[Any] = [ANNO_CONTEXT, {RECORD_TERM: {"@id": RECORD_IRI, "@type": "@json"}}]
"""The ``@context`` of an export: the Web Annotation context and the record's term."""
BODY_FILE = "article.body_file"
"""The ``--set`` name of the file holding the text of annotations we did not write."""
_MEDIA = "application/ld+json"


def article_iri(document: Document) -> str:
    """Return the article's IRI: its URL, else a stable URN from its id."""
    return document.article.url or f"urn:newsschema:article:{document.article.id}"


def collection_iri(document: Document) -> str:
    """Return the IRI of the document's annotation collection (a URN from the article id)."""
    return f"urn:newsschema:article:{document.article.id}:annotations"


def _tag(value: str) -> dict[str, str]:
    return {"type": "TextualBody", "purpose": "tagging", "value": value}


def _resource(purpose: str, source: str) -> dict[str, str]:
    return {"type": "SpecificResource", "purpose": purpose, "source": source}


def _iri(ref: str) -> str:
    """The IRI of a normalisation (``Wikidata:Q42`` is the tools' short form of an item IRI)."""
    if ref.startswith("Wikidata:"):
        return f"https://www.wikidata.org/wiki/{ref.removeprefix('Wikidata:')}"
    return ref


def to_collection(document: Document, labels: LabelMap) -> dict[str, Any]:
    """Return the ``AnnotationCollection`` of ``document`` under ``labels`` (a JSON object)."""
    so = from_document(document, labels)
    base = collection_iri(document)
    source = article_iri(document)
    text = so.text
    bodies: dict[str, list[dict[str, str]]] = {span.id: [_tag(span.label)] for span in so.spans}
    for attribute in so.attributes:
        bodies[attribute.target].append(_tag(f"{attribute.name}:{attribute.value}"))
    for entity, record in zip(
        document.entities, (so.record or {}).get("entities", []), strict=False
    ):
        iris = list(entity.same_as) or ([entity.url] if entity.url else [])
        for mention in record.get("mentions", []):
            ref = mention["span"] if isinstance(mention, dict) else mention
            bodies[ref].extend(_resource("identifying", iri) for iri in iris)
    if not so.record:  # without a record (a label map that is not lossless): the normalisations
        for norm in so.norms:
            bodies[norm.target].append(_resource("identifying", _iri(norm.ref)))
    for relation in so.relations:
        (_, owner), (_, other) = relation.args[0], relation.args[1]
        bodies[owner].append(_resource("linking", f"{base}:{other}"))
    items = []
    for span in so.spans:
        targets = [
            {
                "source": source,
                "selector": [
                    {"type": "TextPositionSelector", "start": start, "end": end},
                    quote_selector(text, start, end),
                ],
            }
            for start, end in span.fragments
        ]
        purposes = list(dict.fromkeys(body["purpose"] for body in bodies[span.id]))
        items.append(
            {
                "id": f"{base}:{span.id}",
                "type": "Annotation",
                "motivation": purposes[0] if len(purposes) == 1 else purposes,
                "body": bodies[span.id],
                "target": targets[0] if len(targets) == 1 else targets,
            }
        )
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": base,
        "type": "AnnotationCollection",
        "label": document.article.headline or document.article.id,
        "total": len(items),
        "first": {
            "id": f"{base}:page:1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }
    if so.record is not None:
        record = dict(so.record)
        record["article"] = {**record["article"], "body": text}
        if document.json_schema is not None:
            record["$schema"] = document.json_schema
        out[RECORD_TERM] = record
    return out


# -- import ---------------------------------------------------------------------------------


def _types(node: Mapping[str, Any]) -> set[str]:
    value = node.get("type", node.get("@type"))
    values = value if isinstance(value, list) else [value]
    return {str(v).removeprefix("oa:").removeprefix("as:") for v in values if isinstance(v, str)}


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _annotations(data: Any) -> tuple[list[tuple[str, Any]], dict[str, Any] | None] | str:
    """The annotations of a file with their JSON pointers, and the collection (if one)."""
    if isinstance(data, list):
        return [(f"/{i}", item) for i, item in enumerate(data)], None
    if not isinstance(data, dict):
        return "expected an annotation collection, a page, an annotation or a list of them"
    kinds = _types(data)
    if "AnnotationCollection" in kinds:
        first = data.get("first")
        if not isinstance(first, dict):
            return "the collection's first page is not in the file (only embedded pages are read)"
        return [(f"/first/items/{i}", a) for i, a in enumerate(_listed(first.get("items")))], data
    if "AnnotationPage" in kinds:
        return [(f"/items/{i}", a) for i, a in enumerate(_listed(data.get("items")))], None
    if isinstance(data.get("rows"), list):  # a Hypothesis API search response
        return [(f"/rows/{i}", a) for i, a in enumerate(data["rows"])], None
    if "Annotation" in kinds or "target" in data:
        return [("", data)], None
    return "expected an annotation collection, a page, an annotation or a list of them"


def _selectors(target: Any) -> Selectors | None:
    """The text selectors of one target (None: it has none)."""
    if not isinstance(target, dict):
        return None
    position: tuple[int, int] | None = None
    exact: str | None = None
    prefix = suffix = ""
    for selector in _listed(target.get("selector")):
        if not isinstance(selector, dict):
            continue
        kinds = _types(selector)
        start, end = selector.get("start"), selector.get("end")
        if (
            "TextPositionSelector" in kinds
            and type(start) is int
            and type(end) is int
            and position is None
        ):
            position = (start, end)
        if (
            "TextQuoteSelector" in kinds
            and isinstance(selector.get("exact"), str)
            and exact is None
        ):
            exact = selector["exact"]
            prefix = selector["prefix"] if isinstance(selector.get("prefix"), str) else ""
            suffix = selector["suffix"] if isinstance(selector.get("suffix"), str) else ""
    if position is None and exact is None:
        return None
    return Selectors(position, exact, prefix, suffix)


def _local(raw: Any, prefix: str, index: int) -> str:
    ident = raw if isinstance(raw, str) and raw else f"a{index + 1}"
    return ident.removeprefix(prefix) if prefix and ident.startswith(prefix) else ident


class _Reader:
    """Turns one file's annotations into a :class:`Standoff`, with findings on the way."""

    def __init__(self, file: str, labels: LabelMap) -> None:
        self.file = file
        self.labels = labels
        self._found: list[tuple[int, int, Finding]] = []
        self.at = -1
        """Index of the annotation being read: findings are listed in the file's order."""
        self.attribute_names = {
            name
            for name in (
                labels.quote_kind,
                labels.attribution_type,
                labels.event_kind,
                labels.anonymous,
            )
            if name
        }

    def warn(self, code: str, message: str, pointer: str) -> None:
        finding = Finding(code, Severity.WARNING, message, pointer=pointer, file=self.file)
        self._found.append((self.at, len(self._found), finding))

    @property
    def findings(self) -> list[Finding]:
        """The warnings so far, in the order of the annotations in the file."""
        return [finding for *_, finding in sorted(self._found, key=lambda f: f[:2])]

    def standoff(self, text: str, name: str, items: list[tuple[str, Any]], prefix: str) -> Standoff:
        so = Standoff(text=text, name=name, file=self.file, declared="code-points")
        found: list[tuple[int, str, str, Any, list[tuple[str, Selectors]]]] = []
        for index, (pointer, item) in enumerate(items):
            self.at = index
            if not isinstance(item, dict):
                self.warn("NS089", "an annotation is a JSON object; left out", pointer)
                continue
            ref = _local(item.get("id"), prefix, index)
            targets = []
            for t, target in enumerate(_listed(item.get("target"))):
                selectors = _selectors(target)
                if selectors is not None:
                    where = (
                        pointer + "/target" + (f"/{t}" if isinstance(item["target"], list) else "")
                    )
                    targets.append((where, selectors))
            if not targets:
                self.warn(
                    "NS089",
                    f"annotation {ref} has no TextPositionSelector or TextQuoteSelector; left out",
                    pointer,
                )
                continue
            found.append((index, pointer, ref, item, targets))
        self.at = -1
        unit, evidence, results = anchor_all(text, [s for *_, targets in found for _, s in targets])
        anchored = iter(results)
        if unit != "code-points":
            self.warn(
                "NS081",
                f"TextPositionSelector offsets count {unit_name(unit)} (evidence: {evidence}), "
                "not code points as the Web Annotation model says; converted to code points",
                "",
            )
        anchored_refs: dict[str, str] = {}
        for index, pointer, ref, item, targets in found:
            self.at = index
            fragments: list[tuple[int, int]] = []
            for where, _ in targets:
                result = next(anchored)
                self._report(ref, where, result)
                if result.span is not None:
                    fragments.append(result.span)
            if not fragments:
                continue
            fragments.sort()
            label, attributes = self._tags(item)
            covered = text[fragments[0][0] : fragments[-1][1]] if len(fragments) == 1 else None
            so.spans.append(TextSpan(ref, label, tuple(fragments), covered, pointer=pointer))
            anchored_refs[ref] = label
            for key, value in attributes:
                so.attributes.append(
                    Attribute(f"A{len(so.attributes) + 1}", ref, key, value, pointer=pointer)
                )
        for index, pointer, ref, item, _ in found:
            self.at = index
            if ref not in anchored_refs:
                continue
            for b, body in enumerate(_listed(item.get("body"))):
                self._body(so, ref, body, f"{pointer}/body/{b}", prefix, anchored_refs)
        return so

    def _report(self, ref: str, where: str, result: Anchored) -> None:
        if result.how == "quote" and result.span is not None:
            self.warn(
                "NS088",
                f"annotation {ref}: {result.why}, not the TextQuoteSelector's text; the quote "
                f"was found at {result.span[0]}-{result.span[1]} (code points) and wins",
                where,
            )
        elif result.how == "none":
            self.warn(
                "NS089", f"annotation {ref} cannot be anchored: {result.why}; left out", where
            )

    def _tags(self, item: Mapping[str, Any]) -> tuple[str, list[tuple[str, str]]]:
        """The annotation's label (its first tag that the label map knows) and attributes."""
        tags = [t for t in _listed(item.get("tags")) if isinstance(t, str)]  # Hypothesis
        tags.extend(
            body["value"]
            for body in _listed(item.get("body"))
            if isinstance(body, dict)
            and body.get("purpose") == "tagging"
            and isinstance(body.get("value"), str)
        )
        label = next((t for t in tags if t in self.labels.spans), None)
        attributes = []
        for tag in tags:
            name, sep, value = tag.partition(":")
            if sep and name in self.attribute_names:
                attributes.append((name, value))
        return label or (tags[0] if tags else "(untagged)"), attributes

    def _body(
        self,
        so: Standoff,
        ref: str,
        body: Any,
        pointer: str,
        prefix: str,
        labels: Mapping[str, str],
    ) -> None:
        if not isinstance(body, dict) or not isinstance(body.get("source"), str):
            return
        source = body["source"]
        if body.get("purpose") == "identifying":
            so.norms.append(Normalization(f"N{len(so.norms) + 1}", ref, source))
        elif body.get("purpose") == "linking":
            other = source.removeprefix(prefix) if prefix else source
            role = self.labels.spans.get(labels.get(other, ""))
            link = "cue" if role == "cue" else "speaker"
            label = self.labels.relation_for(link)
            if other not in labels or label is None:
                self.warn(
                    "NS084",
                    f"annotation {ref} links to {source}, which is no annotation of this text "
                    "(or the label map has no relation for it); left out",
                    pointer,
                )
                return
            so.relations.append(
                Link(
                    f"L{len(so.relations) + 1}",
                    label,
                    (("Arg1", ref), ("Arg2", other)),
                    pointer=pointer,
                )
            )


_DOCUMENT_KEYS = frozenset({"schema_version", "article", "entities", "events", "quotes"})


def _in_file(findings: list[Finding], data: bytes, record: Any) -> list[Finding]:
    """Locate the findings of the shared tool mapping in this file, where they are in it.

    Pointers into the document point into the record (``/newsschema/quotes/0/speaker``) when
    the file has one; without one they have no place in the file and are kept as they are.
    The others (annotations, their bodies) are pointers into the file already.
    """
    inside, kept = [], []
    for finding in findings:
        head = finding.pointer.split("/")[1] if finding.pointer.startswith("/") else ""
        if head not in _DOCUMENT_KEYS:
            inside.append(finding)
        elif record is not None:
            inside.append(finding.at(pointer=f"/{RECORD_TERM}{finding.pointer}"))
        else:
            kept.append(finding)
    return [*locate(inside, data), *kept]


def _read(data: bytes, file: str, options: GivenOptions) -> Iterator[Loaded]:
    chosen = read_options(options, file)
    if isinstance(chosen, Loaded):
        yield chosen
        return
    labels, settings, meta = chosen
    body_file = settings.pop(BODY_FILE, None)
    try:
        parsed = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        yield fail(file, f"not JSON: {exc}")
        return
    found = _annotations(parsed)
    if isinstance(found, str):
        yield fail(file, found)
        return
    items, collection = found
    record = collection.get(RECORD_TERM) if collection is not None else None
    record = record if isinstance(record, dict) else None
    prefix = (
        f"{collection['id']}:"
        if collection is not None and isinstance(collection.get("id"), str)
        else ""
    )
    text: str | None = None
    if body_file is not None:
        try:
            path = Path(body_file)
            if path.stat().st_size > MAX_MEMBER:
                yield fail(body_file, "file larger than the 256 MiB limit")
                return
            text = path.read_bytes().decode("utf-8")
        except OSError as exc:
            yield fail(body_file, f"--set {BODY_FILE}: cannot read: {exc.strerror or exc}")
            return
        except UnicodeDecodeError as exc:
            yield fail(
                body_file, f"--set {BODY_FILE}: not UTF-8 text ({exc.reason} at byte {exc.start})"
            )
            return
    elif record is not None:
        article = record.get("article")
        body = article.get("body") if isinstance(article, dict) else None
        text = body if isinstance(body, str) else None
    if not text:
        finding = Finding(
            "NS083",
            Severity.ERROR,
            "the annotated text is not in the file (it was not written by newsschema): give "
            f"--set {BODY_FILE}=PATH, a UTF-8 file holding the page's text",
            file=file,
        )
        yield Loaded(None, [finding], file=file)
        return
    reader = _Reader(file, labels)
    name = stem_of(file, ".jsonld").removesuffix(".annotations").removesuffix(".json")
    so = reader.standoff(text, name, items, prefix)
    if record is not None:
        so.record = {k: v for k, v in record.items() if k != "$schema"}
        article = dict(so.record.get("article") or {})
        article.pop("body", None)
        so.record["article"] = article
    loaded = to_document(so, labels, settings, meta)
    findings = [*locate(reader.findings, data), *_in_file(loaded.findings, data, record)]
    document = loaded.document
    schema = record.get("$schema") if record is not None else None
    if document is not None and isinstance(schema, str):
        document = document.replace(json_schema=schema)
    yield Loaded(document, findings, raw=loaded.raw, index=0, line=1, file=file)


class _WebAnnotation(Format):
    layout: Literal["document"] = "document"

    def dump(self, document: Document, options: GivenOptions) -> bytes:
        collection = to_collection(document, ToolWriteOptions.of(options).label_map())
        return orjson.dumps(collection, option=orjson.OPT_INDENT_2) + b"\n"

    def read(self, path: Path, options: GivenOptions) -> Iterator[Loaded]:
        try:
            if path.stat().st_size > MAX_MEMBER:
                yield fail(str(path), "file larger than the 256 MiB limit")
                return
            data = path.read_bytes()
        except OSError as exc:
            yield fail(str(path), f"cannot read: {exc.strerror or exc}")
            return
        yield from _read(data, str(path), options)

    def read_bytes(self, data: bytes, name: str, options: GivenOptions) -> Iterator[Loaded]:
        yield from _read(data, name, options)


WEBANNOTATION = _WebAnnotation(
    "webannotation",
    "W3C Web Annotation: one AnnotationCollection (JSON-LD) per article, in and out",
    suffix=".annotations.jsonld",
)
"""The ``webannotation`` format (a document exporter and an importer)."""
