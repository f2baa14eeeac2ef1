"""The annotated page's text escaper gives exactly what the 1.0 escaper gave."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from newsschema.formats.html import _esc, _unchanged_by_esc

_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
# The 1.0 implementation, verbatim: the reference the fast path must reproduce.
_OLD_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef{_NONCHARACTERS}]")


def old_esc(text: str) -> str:
    return html.escape(_OLD_FORBIDDEN.sub("\ufffd", text), quote=True)


# Forbidden characters, their safe neighbours and what html.escape rewrites.
_SPECIAL = (
    "".join(map(chr, range(0x21)))
    + "".join(map(chr, range(0x7E, 0xA1)))
    + "".join(map(chr, range(0xFDCF, 0xFDF1)))
    + _NONCHARACTERS
    + "\ufffd\ufeff\U0001f600\U0001fffd\U0010fffd\U000e0001<>&\"'"
)
texts = st.text(alphabet=st.sampled_from(_SPECIAL) | st.characters(exclude_categories=["Cs"]))


@given(texts)
def test_fast_escaper_matches_the_old_one_on_generated_text(text: str) -> None:
    """Generated text, rich in forbidden characters and their neighbours, escapes identically."""
    assert _esc(text) == old_esc(text)


def test_every_special_character_escapes_identically() -> None:
    """Each special character alone, inside text, and all of them together escape identically."""
    for char in _SPECIAL:
        for text in (char, f"a{char}b", char * 3):
            assert _esc(text) == old_esc(text), repr(char)
    assert _esc(_SPECIAL) == old_esc(_SPECIAL)


@given(texts)
def test_a_body_passed_unescaped_is_one_the_escaper_leaves_alone(text: str) -> None:
    """The page's quick test lets a text through unescaped only when escaping changes nothing."""
    if _unchanged_by_esc(text):
        assert _esc(text) == text
    elif text.isascii():
        assert _esc(text) != text  # in ASCII it is exact: it refuses only what escaping changes


def test_the_quick_escape_test_passes_ordinary_text_and_stops_each_special_character() -> None:
    """Typographic text passes; each character the escaper changes, alone or inside text, stops."""
    assert _unchanged_by_esc("“We will,” he said — 100 € · naïve 日本 \U0001f600\n\tend")
    for char in _SPECIAL:
        if old_esc(char) != char:
            assert not _unchanged_by_esc(f"text {char} text"), repr(char)
