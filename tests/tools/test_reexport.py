"""Exporting again into a folder the same tool export wrote replaces it; other folders are kept.

A tool export folder lists the files it wrote (``.newsschema-export``); a later export may
replace exactly such a folder, atomically. A folder holding anything else (a file added by
hand) is still refused and left untouched.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from newsschema.convert import ConvertError, convert

from ..adversarial.adversarial_support import minimal_dict

FORMATS = ["brat", "inception", "labelstudio"]


def _source(tmp_path: Path, ident: str) -> str:
    data = minimal_dict()
    data["article"]["id"] = ident
    path = tmp_path / f"{ident}.json"
    path.write_bytes(orjson.dumps(data))
    return str(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_exporting_again_into_the_tools_own_folder_replaces_it(fmt: str, tmp_path: Path) -> None:
    """The second export succeeds, and the folder then holds only the second run's files."""
    target = tmp_path / "export"
    convert([_source(tmp_path, "first")], to=fmt, output=str(target))
    convert([_source(tmp_path, "second")], to=fmt, output=str(target))
    names = sorted(p.name for p in target.iterdir())
    assert not any("first" in name for name in names), names
    if fmt != "labelstudio":
        assert any(name.startswith("second.") for name in names), names
    else:
        assert b'"second"' in (target / "tasks.json").read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_added_to_an_export_folder_still_refuses_the_output(
    fmt: str, tmp_path: Path
) -> None:
    """A hand-added notes.txt: refused, named, and the folder is left as it was."""
    target = tmp_path / "export"
    convert([_source(tmp_path, "first")], to=fmt, output=str(target))
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.name for p in target.iterdir())
    with pytest.raises(ConvertError, match=r"notes\.txt"):
        convert([_source(tmp_path, "second")], to=fmt, output=str(target))
    assert sorted(p.name for p in target.iterdir()) == before
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
