"""The fast script-safe escaper writes exactly what the one-regex escaper of 1.0 wrote."""

from __future__ import annotations

import re
from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st

from newsschema.formats._script_safe import script_safe_json

_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
# The 1.0 implementation, verbatim: the reference the fast path must reproduce byte for byte.
_OLD_UNSAFE = re.compile(f"[<>&\u2028\u2029\x7f-\x9f\ufdd0-\ufdef{_NONCHARACTERS}]")


def _old_escape(match: re.Match[str]) -> str:
    units = match.group().encode("utf-16-be")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))


def old_script_safe_json(value: Any) -> str:
    text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    return _OLD_UNSAFE.sub(_old_escape, text)


# Every character the escaper treats specially, its UTF-8 neighbours (which share marker bytes
# with unsafe characters but are safe: « », U+FDCF, U+FFFD, U+1FFFD...) and plain text.
_SPECIAL = (
    "<>&\x7f\u2028\u2029\u2027\u202a\ufdcf\ufdf0\ufffd\ufeff\u0fff\u00a0\u00ab\u00bb\u00bf"
    + "".join(map(chr, range(0x7F, 0xA1)))
    + "".join(map(chr, range(0xFDD0, 0xFDF0)))
    + _NONCHARACTERS
    + "".join(chr(plane + 0xFFFD) for plane in range(0x10000, 0x110000, 0x10000))
    + "\U0001f600\U000e0001\u201c\u201d\u00e9"
)
texts = st.text(alphabet=st.sampled_from(_SPECIAL) | st.characters(exclude_categories=["Cs"]))
values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=12,
)


@given(values)
def test_fast_escaper_matches_the_old_regex_on_generated_values(value: Any) -> None:
    """Generated JSON values, rich in unsafe characters and their neighbours, escape identically."""
    assert script_safe_json(value) == old_script_safe_json(value)


def test_every_special_character_alone_and_together_escapes_identically() -> None:
    """Each special character alone, all of them in one string, and as keys escape identically."""
    for char in _SPECIAL:
        for value in (char, f"a{char}b", {char: [char, char * 3]}):
            assert script_safe_json(value) == old_script_safe_json(value), repr(char)
    everything = {"all": _SPECIAL, _SPECIAL: _SPECIAL[::-1]}
    assert script_safe_json(everything) == old_script_safe_json(everything)


def test_the_output_holds_no_unsafe_character() -> None:
    """After escaping, nothing that could end a script block or break JavaScript is left."""
    out = script_safe_json({"text": _SPECIAL, "end": "</script><!--"})
    assert _OLD_UNSAFE.search(out) is None
    assert orjson.loads(out) == {"text": _SPECIAL, "end": "</script><!--"}
