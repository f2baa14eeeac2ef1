"""The context policy of ``--from jsonld``: only our own context, by its IRI, is accepted.

A JSON-LD processor would fetch a remote context and obey an inline one; the importer does
neither. A remote context is refused with ``NS060`` (nothing is fetched), an inline one with the
terms it would redefine, and an input that is not a JSON object with ``NS061``.
"""

from __future__ import annotations

from typing import Any

from newsschema._scan import MAX_KEY_IN_POINTER, escape_pointer, excerpt
from newsschema.formats.jsonld._terms import CONTEXT_IRI

__all__ = ["Refused", "check_context", "items", "member", "shape"]


class Refused(Exception):
    """The JSON-LD input was refused: a code, the JSON pointer of the culprit and why."""

    def __init__(self, code: str, pointer: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.pointer = pointer
        self.message = message


def member(pointer: str, key: str) -> str:
    """The pointer of an object member; a key no term could have names its object instead."""
    return pointer if len(key) > MAX_KEY_IN_POINTER else f"{pointer}/{escape_pointer(key)}"


def shape(pointer: str, message: str) -> Refused:
    return Refused("NS061", pointer, message)


def items(value: Any, pointer: str) -> list[tuple[Any, str]]:
    """The members of a JSON-LD set with their pointers (a single value is a set of one)."""
    if isinstance(value, list):
        return [(item, f"{pointer}/{i}") for i, item in enumerate(value)]
    return [(value, pointer)]


def check_context(value: Any) -> None:
    """Accept only our own context, named by its IRI; never fetch anything.

    Raises:
        Refused: NS060 for a remote or inline context (naming the terms it would redefine),
            NS061 when the input is not a JSON object.
    """
    if not isinstance(value, dict):
        raise shape("", "a JSON-LD document must be a JSON object")
    if "@context" not in value:
        raise Refused("NS060", "", f'missing "@context": "{CONTEXT_IRI}"')
    context = value["@context"]
    if context in (CONTEXT_IRI, [CONTEXT_IRI]):
        return
    for item, where in items(context, "/@context"):
        if item == CONTEXT_IRI:
            continue
        if isinstance(item, str):
            raise Refused(
                "NS060", where, f"remote context {item[:80]!r} refused: contexts are never fetched"
            )
        if isinstance(item, dict):
            ours = sorted(key for key in item if not key.startswith("@"))
            if ours:
                # Keys are input: each is an excerpt, and only the first few are named.
                shown = ", ".join(excerpt(key) for key in ours[:5])
                if len(ours) > 5:
                    shown += f" and {len(ours) - 5} more"
                raise Refused(
                    "NS060", where, f"inline context refused: it would redefine terms ({shown})"
                )
        raise Refused("NS060", where, f'only "@context": "{CONTEXT_IRI}" is accepted')
