"""Shared helpers of the standards tests: the official schemas, offline, and their validators.

The W3C Web Annotation test suite's assertions are draft-04 schemas that refer to the files of
``definitions/`` by file name; the IPTC ninjs schemas are draft 2020-12. Both come from
``../shared/standards`` (beside the repository) and are served from a local registry: nothing is
fetched. ``format: uri`` and ``format: date-time`` are checked (jsonschema checks them only with
optional packages), with rfc3986 and an RFC 3339 pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import pytest
import rfc3986
from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012
from rfc3986.exceptions import ValidationError
from rfc3986.validators import Validator

ROOT = Path(__file__).resolve().parents[2]
STANDARDS = ROOT / ".." / "shared" / "standards"
WEB_ANNOTATION = STANDARDS / "web-annotation"
NINJS = STANDARDS / "ninjs"
ANNO_CONTEXT_FILE = WEB_ANNOTATION / "anno.jsonld"
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")

_PARTS = ("scheme", "userinfo", "host", "port", "path", "query", "fragment")
FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    checker = Validator().require_presence_of("scheme")
    try:
        checker.check_validity_of(*_PARTS).validate(rfc3986.uri_reference(value))
    except ValidationError:
        return False
    return " " not in value


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return True


def need(path: Path) -> Path:
    """Return ``path``, or skip the test when the shared material is absent."""
    if not path.exists():
        pytest.skip(f"../shared/standards is not present ({path.name} missing)")
    return path


def _load(path: Path) -> Any:
    return orjson.loads(path.read_bytes())


@cache
def _w3c_registry() -> Registry[Any]:
    resources = [
        (path.name, Resource.from_contents(_load(path), DRAFT4))
        for path in sorted((WEB_ANNOTATION / "definitions").glob("*.json"))
    ]
    return Registry().with_resources(resources)


def w3c_suite(test: str) -> list[tuple[str, Draft4Validator]]:
    """The assertions a W3C ``.test`` file lists, each a validator (name, validator)."""
    listing = _load(need(WEB_ANNOTATION / test))
    out = []
    for name in listing["assertions"]:
        schema = _load(WEB_ANNOTATION / name)
        assert schema["expectedResult"] == "valid", name
        out.append(
            (name, Draft4Validator(schema, registry=_w3c_registry(), format_checker=FORMATS))
        )
    return out


def w3c_failures(test: str, instance: Any) -> list[str]:
    """The assertions of ``test`` that ``instance`` fails, with their first error."""
    failed = []
    for name, validator in w3c_suite(test):
        errors = list(validator.iter_errors(instance))
        if errors:
            failed.append(f"{name}: {errors[0].message[:200]}")
    return failed


def collection_failures(collection: dict[str, Any]) -> list[str]:
    """Every W3C MUST assertion our collection, its page and each annotation fail."""
    failed = [
        f"collection {f}" for f in w3c_failures("collections/collectionMusts.test", collection)
    ]
    failed += [f"page {f}" for f in w3c_failures("collections/pages/pageMusts.test", collection)]
    for annotation in annotations_of(collection):
        # The suite checks one annotation at a time, with its own @context.
        alone = {"@context": collection["@context"], **annotation}
        failed += [
            f"{annotation['id']} {f}"
            for f in w3c_failures("annotations/annotationMusts.test", alone)
        ]
    return failed


def annotations_of(collection: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The annotations of our collection's embedded page."""
    yield from collection["first"]["items"]


@cache
def _ninjs_registry() -> Registry[Any]:
    resources = []
    for version in ("3.0", "3.1"):
        schema = _load(NINJS / f"ninjs-schema_{version}.json")
        resource = Resource.from_contents(schema, DRAFT202012)
        resources.append((schema["$id"].rstrip("#"), resource))
    return Registry().with_resources(resources)


def ninjs_validator(version: str) -> Draft202012Validator:
    """A draft 2020-12 validator of the official ninjs ``version`` schema (3.0 or 3.1)."""
    schema = _load(need(NINJS / f"ninjs-schema_{version}.json"))
    return Draft202012Validator(schema, registry=_ninjs_registry(), format_checker=FORMATS)
