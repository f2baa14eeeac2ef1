"""IPTC ninjs 3 (``--to ninjs``): one news item per article, its annotations beside it.

ninjs describes a news item, not what is said in it: it has no quotes, no offsets and no
attribution. The export therefore writes a folder (or ``.zip``) with two files per article:

- ``ID.ninjs.json``: a ninjs 3.1 item (also valid ninjs 3.0): ``uri`` (the article URL, else
  ``urn:newsschema:article:ID``), ``type: text``, the headline, the body as ``text/plain``
  with its ``charCount`` (code points), ``language``, ``firstCreated`` (published),
  ``versionCreated`` (modified, else published), ``by`` (the authors' names), ``people``,
  ``organisations`` and ``places`` from the entities (``uri`` the first ``same_as`` IRI,
  ``literal`` the entity id, ``rel`` ``author``, ``quoted`` or ``mentions``), ``events``,
  ``infoSources`` from the outlet chain (the publisher, then every outlet quotes passed
  through), and ``altIds`` with the article id;
- ``ID.annotations.jsonld``: the quotes and mentions as a W3C Web Annotation collection
  (:mod:`.webannotation`), referenced from the item's ``associations``: one associated object
  (``rel`` ``annotations``, ``type`` ``component``) whose ``uri`` is the collection's IRI,
  whose ``altIds`` hold the file's name (role ``file``) and whose one rendition says what the
  file holds (``contentType`` with the anno.jsonld profile, ``sizeInBytes``). ``associations``
  rather than the item's own ``altIds``: the annotations are another object that belongs with
  the item, not another name for it. The name is not a rendition ``href``: ninjs wants an
  absolute URI there, and the folder can be served from anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import orjson

from newsschema.formats._base import Format, GivenOptions
from newsschema.formats._bundle_files import bundle_output
from newsschema.formats._export_options import ToolWriteOptions
from newsschema.formats._tool_files import distinct_ids
from newsschema.formats.standards.webannotation import article_iri, collection_iri, to_collection
from newsschema.models import Document

__all__ = ["NINJS", "NINJS_SCHEMA", "to_ninjs"]

NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
"""The ninjs schema an item names in ``standard.schema``."""
ITEM_SUFFIX = ".ninjs.json"
ANNOTATIONS_SUFFIX = ".annotations.jsonld"
ANNOTATIONS_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
_GROUPS = {
    "person": "people",
    "organization": "organisations",
    "outlet": "organisations",
    "place": "places",
    "gpe": "places",
}
"""ninjs list of each entity kind; groups, works and other entities have none."""


def _names(names: list[str]) -> str:
    if len(names) < 3:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def to_ninjs(document: Document, annotations: tuple[str, int] | None = None) -> dict[str, Any]:
    """Return the ninjs 3.1 item of ``document``.

    Args:
        document: The document.
        annotations: The name and size in bytes of its Web Annotation file, if one is beside it.
    """
    article = document.article
    item: dict[str, Any] = {
        "uri": article_iri(document),
        "standard": {"name": "ninjs", "version": "3.1", "schema": NINJS_SCHEMA},
        "type": "text",
        "representationType": "full",
        "language": article.language,
    }
    dates = article.model_dump(mode="json", include={"date_published", "date_modified"})
    if dates.get("date_published") is not None:
        item["firstCreated"] = dates["date_published"]
    if dates.get("date_modified") or dates.get("date_published"):
        item["versionCreated"] = dates.get("date_modified") or dates["date_published"]
    if article.headline is not None:
        item["headlines"] = [
            {"role": "main", "contentType": "text/plain", "value": article.headline}
        ]
    item["bodies"] = [
        {
            "role": "main",
            "contentType": "text/plain",
            "charCount": len(article.body),
            "value": article.body,
        }
    ]
    authors = document.authors()
    if authors:
        item["by"] = _names([author.name for author in authors])
    speakers = {quote.speaker for quote in document.quotes}
    for entity in document.entities:
        group = _GROUPS.get(entity.kind)
        if group is None:
            continue
        if entity.id in article.authors:
            rel = "author"
        elif entity.id in speakers:
            rel = "quoted"
        elif entity.mentions:
            rel = "mentions"
        else:
            continue
        one: dict[str, Any] = {"name": entity.name, "rel": rel}
        if entity.same_as:
            one["uri"] = entity.same_as[0]
        one["literal"] = entity.id
        item.setdefault(group, []).append(one)
    if document.events:
        item["events"] = [
            {"id": event.id, "name": event.name, "rel": "mentions"} for event in document.events
        ]
    sources: list[dict[str, Any]] = []
    seen: set[str] = set()
    publisher = document.publisher()
    chain = [(publisher, "publisher")] if publisher is not None else []
    chain += [(outlet, "source") for quote in document.quotes for outlet in document.via(quote)]
    for entity, role in chain:
        if entity is None or entity.id in seen:
            continue
        seen.add(entity.id)
        source: dict[str, Any] = {"name": entity.name, "role": role}
        if entity.same_as:
            source["uri"] = entity.same_as[0]
        source["literal"] = entity.id
        sources.append(source)
    if sources:
        item["infoSources"] = sources
    if annotations is not None:
        name, size = annotations
        item["associations"] = [
            {
                "name": "annotations",
                "rel": "annotations",
                "uri": collection_iri(document),
                "type": "component",
                # The file's name is a relative reference, and ninjs wants absolute URIs in
                # href: the name is an alternative id of the associated object instead.
                "altIds": [{"role": "file", "value": name}],
                "renditions": [
                    {
                        "name": "webannotation",
                        "contentType": ANNOTATIONS_TYPE,
                        "sizeInBytes": size,
                    }
                ],
            }
        ]
    item["altIds"] = [{"role": "newsschema", "value": article.id}]
    return item


def _json(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n"


class _Ninjs(Format):
    layout: Literal["bundle"] = "bundle"

    def write(self, documents: Iterable[Document], target: Path, options: GivenOptions) -> None:
        labels = ToolWriteOptions.of(options).label_map()
        archive = target.suffix.lower() == ".zip"
        files = f"ID{ITEM_SUFFIX} and ID{ANNOTATIONS_SUFFIX}"
        # The folder lists its files, so that exporting again into it replaces it.
        with bundle_output(target, archive=archive, manifest=True) as work:
            for document in distinct_ids(documents, files):
                name = document.article.id
                annotations = f"{name}{ANNOTATIONS_SUFFIX}"
                collection = _json(to_collection(document, labels))
                (work / annotations).write_bytes(collection)
                item = to_ninjs(document, (annotations, len(collection)))
                (work / f"{name}{ITEM_SUFFIX}").write_bytes(_json(item))


NINJS = _Ninjs(
    "ninjs",
    "IPTC ninjs 3.1 items, with the quotes and mentions in sibling Web Annotation files (out)",
)
"""The ``ninjs`` format (a bundle exporter: a folder or ``.zip``)."""
