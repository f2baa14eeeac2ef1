"""Offsets are ASCII digits of a sane length; anything else is a clean, located error.

``int()`` reads Arabic-Indic (and every other Unicode) digit, so ``T1 Quote 0 ٥`` used to be
an offset of 5; and a 5,000-digit offset used to end in Python's advice to call
``sys.set_int_max_str_digits()``, which means nothing to someone fixing a file.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import orjson
import pytest

from newsschema.convert import convert
from newsschema.formats import get_importer
from newsschema.loader import Loaded

from ..adversarial.adversarial_support import minimal_dict

OPTIONS = {"labels": "attribution", "set": ["article.language=en"]}


def _brat(ann: str) -> list[Loaded]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("doc.txt", "hello world")
        archive.writestr("doc.ann", ann)
    return list(get_importer("brat").read_bytes(buffer.getvalue(), "doc.zip", OPTIONS))


@pytest.mark.parametrize("digit", ["\u0665", "\u06f5", "\u0967", "\uff15"])
def test_a_brat_offset_in_non_ascii_digits_is_refused_at_its_line(digit: str) -> None:
    """Arabic-Indic, Persian, Devanagari or full-width 5: an NS080 error on that line."""
    (loaded,) = _brat(f"T1\tContent 0 2\the\nT2\tContent 0 {digit}\thello\n")
    assert loaded.document is None
    errors = [(f.code, f.line, f.file) for f in loaded.findings if f.is_error]
    assert errors == [("NS080", 2, "doc.zip:doc.ann")]


def test_a_5000_digit_brat_offset_is_a_clean_located_error() -> None:
    """The message says the offset is too long; it gives no Python advice."""
    (loaded,) = _brat(f"T1\tContent 0 {'9' * 5000}\thello\n")
    (error,) = [f for f in loaded.findings if f.is_error]
    assert (error.code, error.line) == ("NS080", 1)
    assert "5000 digits" in error.message
    assert "sys." not in error.message and len(error.message) < 200


def test_a_5000_digit_inception_offset_is_a_clean_located_error(tmp_path: Path) -> None:
    """An XMI whose end has 5,000 digits: NS080 at that file, without Python's advice."""
    source = tmp_path / "a1.json"
    source.write_bytes(orjson.dumps(minimal_dict()))
    export = tmp_path / "export"
    convert([str(source)], to="inception", output=str(export))
    xmi = (export / "a1.xmi").read_text(encoding="utf-8")
    (export / "a1.xmi").write_text(
        re.sub(r'end="\d+"', f'end="{"9" * 5000}"', xmi, count=1), encoding="utf-8"
    )
    (loaded,) = get_importer("inception").read(export, {})
    (error,) = [f for f in loaded.findings if f.is_error]
    assert (error.code, error.file) == ("NS080", f"{export}/a1.xmi")
    assert "4,300 digits" in error.message and "sys." not in error.message
