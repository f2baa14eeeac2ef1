"""Model errors as findings: Pydantic's errors in our codes and words, located in the input.

The document model (:class:`~newsschema.models.Document`) decides what is valid; this module
says why something is not, as a reader of the JSON needs it: a stable code (NS020-NS023), a
message that names the expected form instead of echoing a long pattern, an RFC 6901 pointer
into the input (not Pydantic's location, which holds union tags and validator names), and the
line and column of that pointer in the input text.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from pydantic_core import ValidationError

from newsschema._scan import MAX_KEY_IN_POINTER, LineIndex, ScanError, escape_pointer, excerpt, scan
from newsschema.findings import Finding, Severity

__all__ = ["locate_pointers", "model_findings", "pointer_for"]

# Pydantic error types -> our codes.
_TYPE_CODES = {"extra_forbidden": "NS020", "missing": "NS021"}
_WRONG_TYPE = re.compile(r"_type$|^(model|dataclass)_(attributes_)?type$|^is_instance_of$")


def pointer_for(loc: tuple[int | str, ...], raw: Any) -> str:
    """Turn a Pydantic error location into an RFC 6901 pointer into the raw JSON.

    Pydantic inserts the tag of a discriminated union (``entities/0/person/name``) and names of
    function validators into ``loc``; walking the raw value alongside drops those parts.
    """
    parts: list[str] = []
    node = raw
    for item in loc:
        if isinstance(node, list) and isinstance(item, int):
            parts.append(str(item))
            node = node[item] if 0 <= item < len(node) else None
        elif isinstance(node, dict) and isinstance(item, str):
            if item in node:
                if len(item) > MAX_KEY_IN_POINTER:
                    break  # an unknown key of hostile length: point at its object
                parts.append(escape_pointer(item))
                node = node[item]
            elif item == loc[-1]:
                parts.append(escape_pointer(item))
                node = None
            # else: a union tag or validator name; stay on this node.
        elif isinstance(item, str) and node is None and item == loc[-1]:
            parts.append(escape_pointer(item))
    return "".join("/" + part for part in parts)


_DATE_FORM = "an ISO 8601 date (2022, 2022-01, 2022-01-13) or an RFC 3339 timestamp with offset"
_DURATION_FORM = "an ISO 8601 duration such as PT4H or P1W"
_URL_FORM = 'an http(s) URL without spaces, controls or <>"{}|\\^` (percent-encode them)'
# A long regular expression tells a reader nothing: name the form instead, by field name.
_FORMS = {
    "start": _DATE_FORM,
    "end": _DATE_FORM,
    "duration": _DURATION_FORM,
    "planned_duration": _DURATION_FORM,
    "language": "a BCP 47 language tag such as en, en-GB or zh-Hant-TW",
    "url": _URL_FORM,
    "image": _URL_FORM,
}


def _model_message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field {excerpt(str(error['loc'][-1]))}"
    if kind == "missing":
        return f"missing required field {excerpt(str(error['loc'][-1]))}"
    if kind == "union_tag_not_found":
        return 'missing required field "kind" (it selects the type)'
    message = str(error["msg"])
    if kind == "model_type":
        return _object_expected(message, error.get("input"))
    if kind == "union_tag_invalid":  # Pydantic's message quotes the whole tag
        tag = error["input"].get("kind") if isinstance(error["input"], dict) else None
        expected = message.rpartition("expected tags: ")[2]
        return f"unknown kind {_shown(tag)}; expected one of {expected}"
    message = message.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch" and len(message) > 100:
        form = _FORMS.get(str(error["loc"][-1]), "in the form the JSON Schema gives this field")
        message = f"String should be {form}"
    return f"{message} (got {_shown(error.get('input'))})"


# What an object field looks like, by model name, for "expected an object" messages.
_SHAPES = {
    "EventDate": '{"start": "2022-01-10"} (optionally with "end")',
    "Span": '{"start": 0, "end": 12}',
}
_MODEL_NAME = re.compile(r"instance of (\w+)")


def _object_expected(message: str, got: Any) -> str:
    """Say which object shape a field takes, not Pydantic's "valid dictionary or instance"."""
    found = _MODEL_NAME.search(message)
    name = found.group(1) if found else ""
    shape = _SHAPES.get(name)
    if name == "EventDate" and isinstance(got, str) and len(got) <= 40:
        shape = orjson.dumps({"start": got}).decode().replace(":", ": ")
    expected = f"an object such as {shape}" if shape else f"an object ({name or 'JSON object'})"
    return f"expected {expected} (got {_shown(got)})"


def _shown(got: Any) -> str:
    """A short rendering of an input value: an excerpt of a string, or its JSON type."""
    if isinstance(got, int) and not isinstance(got, bool):
        return excerpt(str(got))  # any size (from Python; JSON input is bounded before this)
    if isinstance(got, (str, float, bool)) or got is None:
        return excerpt(got) if isinstance(got, str) else orjson.dumps(got).decode()
    return type(got).__name__ if not isinstance(got, dict) else "object"


def _model_code(error: Any) -> str:
    kind = str(error["type"])
    if kind in _TYPE_CODES:
        return _TYPE_CODES[kind]
    if kind == "union_tag_not_found":
        return "NS021"
    return "NS022" if _WRONG_TYPE.search(kind) else "NS023"


def locate_pointers(
    findings: list[Finding], data: bytes, text: str | None, *, line_offset: int = 0
) -> list[Finding]:
    """Fill in line and column for findings that only have a JSON pointer."""
    if text is None:
        text = data.decode("utf-8")
    try:
        scanned = scan(text)
    except ScanError:  # cannot happen for input that parsed, but never crash on locating
        return findings
    index = LineIndex(text)
    located = []
    for finding in findings:
        if finding.code == "NS020":
            offset = scanned.keys.get(finding.pointer)
        else:
            offset = scanned.values.get(finding.pointer)
        pointer = finding.pointer
        while offset is None and pointer:
            pointer = pointer.rsplit("/", 1)[0]
            offset = scanned.values.get(pointer)
        line, column = index.position(offset or 0)
        end = scanned.ends.get(pointer) if finding.code != "NS020" else None
        end_line, end_column = index.position(end) if end is not None else (None, None)
        located.append(
            finding.at(
                line=line + line_offset,
                column=column,
                end_line=None if end_line is None else end_line + line_offset,
                end_column=end_column,
            )
        )
    return located


def model_findings(error: ValidationError, raw: Any) -> list[Finding]:
    """The findings (pointers only) for the model's refusal of the plain data ``raw``."""
    return [
        Finding(
            _model_code(item),
            Severity.ERROR,
            _model_message(item),
            pointer=pointer_for(tuple(item["loc"]), raw),
        )
        for item in error.errors(include_url=False, include_context=False)
    ]
