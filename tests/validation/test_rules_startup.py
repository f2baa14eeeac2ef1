"""Start-up shortcuts in the rules package change nothing the rules decide or list."""

from __future__ import annotations

import re

from newsschema import rules
from newsschema.codes import LOADER_CODES
from newsschema.formats import QUOTE_CODES, TABLE_CODES, TOOL_CODES
from newsschema.rules.quotes import _unspaced

# The character class the word-boundary test used to match with a regular expression.
_UNSPACED_CLASS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003ffff]"
)


def test_unspaced_ranges_match_the_character_class() -> None:
    """The range test agrees with the old character class on every code point up to U+4FFFF."""
    disagree = [
        cp
        for cp in range(0x50000)
        if not 0xD800 <= cp <= 0xDFFF and _unspaced(chr(cp)) != bool(_UNSPACED_CLASS.match(chr(cp)))
    ]
    assert disagree == []


def test_all_codes_built_on_first_use_holds_every_code() -> None:
    """ALL_CODES, built lazily, lists loader, importer and rule codes in code order."""
    codes = rules.ALL_CODES
    assert set(codes) == {*LOADER_CODES, *TABLE_CODES, *TOOL_CODES, *QUOTE_CODES, *rules.RULES}
    assert list(codes) == sorted(codes)
    assert rules.ALL_CODES is codes
