"""UIMA names, checked before cassis sees them: a type system is data, never code.

dkpro-cassis builds one Python class per UIMA type with ``attrs``, which compiles Python source
into which every feature name is pasted as it is. A type system (``TypeSystem.xml``, or the
``%TYPES`` of a CAS JSON file) whose feature name is Python source would therefore run that
source. So every name that reaches cassis is checked here first against UIMA's naming rules:

- a feature name is an *identifier*: a letter, then letters, digits or underscores (Unicode
  letters and decimal digits, as ``Character.isLetter`` / ``isDigit`` in UIMA's Java), that is
  also unchanged by NFKC normalisation and not a Python keyword (cassis could not build it);
- a type name is identifiers joined by dots (``webanno.custom.Quote``); a CAS JSON range type
  may end in ``[]`` (an array of that type).

The type system XML is read with expat and refuses any document type declaration (so no entity
can expand or be fetched) and anything above :data:`MAX_TYPESYSTEM_BYTES`.
"""

from __future__ import annotations

import keyword
import unicodedata
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

import orjson

__all__ = [
    "MAX_NAME_CHARS",
    "MAX_TYPESYSTEM_BYTES",
    "NameProblem",
    "check_cas_json",
    "check_typesystem_xml",
    "feature_name_problem",
    "type_name_problem",
]

MAX_TYPESYSTEM_BYTES = 16 * 1024 * 1024
"""A ``TypeSystem.xml`` larger than this is refused unread (INCEpTION's are well under 1 MiB)."""

MAX_NAME_CHARS = 256
"""Longer type or feature names are refused (the name is quoted in the finding, shortened)."""

_RULE = "a letter, then letters, digits or underscores"


@dataclass(frozen=True, slots=True)
class NameProblem:
    """Why a type system is refused, and where (a line and column, or a JSON pointer)."""

    message: str
    line: int | None = None
    column: int | None = None
    pointer: str = ""


def _shown(name: str) -> str:
    """Return ``name`` quoted for a message, at most 60 characters of it."""
    return repr(name if len(name) <= 60 else f"{name[:30]}...{name[-20:]}")


def feature_name_problem(name: object) -> str | None:
    """Return why ``name`` is not a UIMA feature name cassis can use, or None when it is."""
    if not isinstance(name, str):
        return f"a name must be text, not {type(name).__name__}"
    if not name:
        return "an empty name"
    if len(name) > MAX_NAME_CHARS:
        return f"a name of {len(name)} characters (at most {MAX_NAME_CHARS})"
    first, rest = name[0], name[1:]
    if not first.isalpha() or not all(c.isalpha() or c.isdecimal() or c == "_" for c in rest):
        return f"{_shown(name)} is not a UIMA identifier ({_RULE})"
    if unicodedata.normalize("NFKC", name) != name or not name.isidentifier():
        return f"{_shown(name)} is not a plain identifier (it changes under NFKC normalisation)"
    if keyword.iskeyword(name):
        return f"{_shown(name)} is a Python keyword, which cassis cannot use as a feature name"
    return None


def type_name_problem(name: object, *, array: bool = False) -> str | None:
    """Return why ``name`` is not a UIMA type name (dotted identifiers), or None when it is.

    Args:
        name: The name to check.
        array: Accept a trailing ``[]`` (a CAS JSON range: an array of that type).
    """
    if not isinstance(name, str):
        return f"a type name must be text, not {type(name).__name__}"
    if len(name) > MAX_NAME_CHARS:
        return f"a type name of {len(name)} characters (at most {MAX_NAME_CHARS})"
    base = name[:-2] if array and name.endswith("[]") else name
    for part in base.split("."):
        if feature_name_problem(part) is not None:
            return f"{_shown(name)} is not a UIMA type name (identifiers joined by dots: {_RULE})"
    return None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


# Elements whose text cassis reads as a name: (parent, element) -> what the name is.
_NAMES = {
    ("typeDescription", "name"): "type",
    ("typeDescription", "supertypeName"): "type",
    ("featureDescription", "name"): "feature",
    ("featureDescription", "rangeTypeName"): "type",
    ("featureDescription", "elementType"): "type",
}


class _Refused(Exception):
    def __init__(self, problem: NameProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def check_typesystem_xml(data: bytes) -> NameProblem | None:
    """Return why a ``TypeSystem.xml`` must not reach cassis, or None when its names are safe.

    Refused: more than :data:`MAX_TYPESYSTEM_BYTES`, XML that is not well-formed, any document
    type declaration, and a type or feature name that breaks UIMA's naming rules (checked on the
    text cassis reads: the element's text, stripped).
    """
    if len(data) > MAX_TYPESYSTEM_BYTES:
        limit = MAX_TYPESYSTEM_BYTES // (1024 * 1024)
        return NameProblem(f"a type system larger than {limit} MiB is not read")
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[str] = []
    texts: list[list[str] | None] = []

    def here(message: str) -> _Refused:
        return _Refused(
            NameProblem(
                message, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, pointer=""
            )
        )

    def doctype(*_: Any) -> None:
        raise here("a document type declaration (DOCTYPE, entities) is not allowed here")

    def start(tag: str, _attributes: Any) -> None:
        name = _local(tag)
        if texts and texts[-1] is not None:
            raise here(f"<{stack[-1]}> holds an element <{name}>; a name is text only")
        watched = len(stack) >= 1 and (stack[-1], name) in _NAMES
        stack.append(name)
        texts.append([] if watched else None)

    def end(_tag: str) -> None:
        name = stack.pop()
        collected = texts.pop()
        if collected is None:
            return
        kind = _NAMES[(stack[-1], name)]
        text = "".join(collected).strip()
        problem = feature_name_problem(text) if kind == "feature" else type_name_problem(text)
        if problem is not None:
            raise here(f"<{name}>: {problem}")

    def characters(text: str) -> None:
        collected = texts[-1] if texts else None
        if collected is not None:
            collected.append(text)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return refused.problem
    except expat.ExpatError as exc:
        return NameProblem(
            f"not well-formed XML: {expat.ErrorString(exc.code)}", exc.lineno, exc.offset + 1
        )
    return None


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def check_cas_json(data: bytes) -> NameProblem | None:
    """Return why a CAS JSON file must not reach cassis, or None when its type names are safe.

    The type system it carries (``%TYPES``) is checked like a ``TypeSystem.xml``: type names,
    super types, feature names, range and element types.
    """
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        return NameProblem(f"not JSON: {exc}")
    if not isinstance(document, dict):
        return NameProblem("a UIMA CAS JSON file is an object")
    types = document.get("%TYPES", {})
    if not isinstance(types, dict):
        return NameProblem("%TYPES is not an object", pointer="/%TYPES")
    for type_name, entry in types.items():
        where = f"/%TYPES/{_escape(type_name)}"
        problem = type_name_problem(type_name)
        if problem is not None:
            return NameProblem(f"type {problem}", pointer=where)
        if not isinstance(entry, dict):
            return NameProblem("a type is an object", pointer=where)
        if "%SUPER_TYPE" in entry:
            problem = type_name_problem(entry["%SUPER_TYPE"])
            if problem is not None:
                return NameProblem(f"super type {problem}", pointer=f"{where}/%SUPER_TYPE")
        for key, feature in entry.items():
            if key.startswith("%"):
                continue
            at = f"{where}/{_escape(key)}"
            problem = feature_name_problem(key)
            if problem is not None:
                return NameProblem(f"feature {problem}", pointer=at)
            if not isinstance(feature, dict):
                return NameProblem("a feature is an object", pointer=at)
            for field, array in (("%RANGE", True), ("%ELEMENT_TYPE", False)):
                if field in feature:
                    problem = type_name_problem(feature[field], array=array)
                    if problem is not None:
                        return NameProblem(f"{field} {problem}", pointer=f"{at}/{field}")
    return None
