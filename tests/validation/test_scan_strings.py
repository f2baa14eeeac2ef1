"""The position-tracking scanner reads strings as a JSON decoder does, escaped or not."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsschema._scan import ScanError, scan

# Any text a JSON string may hold (no lone surrogates: UTF-8 cannot carry them).
_TEXT = st.text(st.characters(exclude_categories=["Cs"]))


@settings(settings.get_profile("cheap"))
@given(key=_TEXT, value=_TEXT, ascii_only=st.booleans())
def test_scanned_strings_equal_the_decoders_values(key: str, value: str, ascii_only: bool) -> None:
    """Keys and values, written with or without escapes, scan to what orjson reads."""
    text = json.dumps({key: [value, {"k": value}]}, ensure_ascii=ascii_only)
    scanned = scan(text)
    assert scanned.value == orjson.loads(text)
    assert f"/{key.replace('~', '~0').replace('/', '~1')}/1/k" in scanned.values


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"a": "x\ud800y"}', "NS012"),  # a lone surrogate character, not escaped
        ('{"a": "x\\ud800y"}', "NS012"),  # a lone surrogate escape
        ('{"a": "tab\there"}', "NS001"),  # an unescaped control character
    ],
)
def test_bad_strings_are_refused_with_or_without_escapes(text: str, code: str) -> None:
    """Lone surrogates and raw control characters are refused whether escaped or not."""
    with pytest.raises(ScanError) as caught:
        scan(text)
    assert caught.value.code == code
