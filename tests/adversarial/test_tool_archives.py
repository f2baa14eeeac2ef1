"""Annotation-tool archives are held to the table bundles' limits: bombs and links are refused.

A brat, Label Studio or INCEpTION ``.zip`` may come from anyone. Its members are read only
within the limits of :mod:`newsschema.formats._members` (number of members, expansion ratio,
bytes in all), and a link entry is never read as text. Each refusal is a located finding.
"""

from __future__ import annotations

import io
import stat
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsschema.formats import get_importer
from newsschema.formats._members import MAX_MEMBERS
from newsschema.loader import Loaded

OPTIONS = {"labels": "attribution", "set": ["article.language=en"]}
# 4 MiB of spaces deflate about 1,026 times: past the bundles' ratio limit of 1,000.
BOMB = b" " * (4 << 20)
# What each format needs beside the bombed member for the archive to be read at all.
COMPANIONS = {
    "brat": {"doc.ann": b"T1\tContent 0 2\tWe\n"},
    "labelstudio": {},
    "inception": {"TypeSystem.xml": b"<typeSystemDescription/>"},
}
BOMBED = {"brat": "doc.txt", "labelstudio": "tasks.json", "inception": "doc.xmi"}


def _zip(members: dict[str, bytes], links: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in members.items():
            z.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16  # a symbolic link entry
            z.writestr(info, target)
    return buffer.getvalue()


def _read(fmt: str, archive: bytes, tmp_path: Path) -> list[Loaded]:
    path = tmp_path / "export.zip"
    path.write_bytes(archive)
    return list(get_importer(fmt).read(path, OPTIONS))


def _errors(loaded: list[Loaded]) -> Iterator[tuple[str | None, str]]:
    for one in loaded:
        for finding in one.findings:
            if finding.is_error:
                yield finding.file, finding.message


@pytest.mark.parametrize("fmt", sorted(BOMBED))
def test_a_compression_bomb_member_is_refused_with_a_located_finding(
    fmt: str, tmp_path: Path
) -> None:
    """A member expanding over 1,000 times is refused, naming the archive and the member."""
    archive = _zip({**COMPANIONS[fmt], BOMBED[fmt]: BOMB})
    assert len(archive) < 16 << 10
    errors = list(_errors(_read(fmt, archive, tmp_path)))
    expected = f"{tmp_path / 'export.zip'}:{BOMBED[fmt]}"
    assert any(file == expected and "compression bomb" in message for file, message in errors)


@pytest.mark.parametrize("fmt", sorted(BOMBED))
def test_reading_a_compression_bomb_keeps_memory_far_below_its_expanded_size(
    fmt: str, tmp_path: Path
) -> None:
    """The bombed member is never expanded: the peak allocation stays under half of it."""
    archive = _zip({**COMPANIONS[fmt], BOMBED[fmt]: BOMB})
    path = tmp_path / "export.zip"
    path.write_bytes(archive)
    importer = get_importer(fmt)
    list(importer.read(path, OPTIONS))  # imports (cassis...) happen before memory is traced
    tracemalloc.start()
    try:
        list(importer.read(path, OPTIONS))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < len(BOMB) // 2


@pytest.mark.parametrize("fmt", sorted(BOMBED))
def test_an_archive_with_more_members_than_the_bundle_limit_is_refused(
    fmt: str, tmp_path: Path
) -> None:
    """More members than a table bundle may hold: the archive is refused before any is read."""
    members = {f"m{i}.txt": b"" for i in range(MAX_MEMBERS + 1)}
    errors = list(_errors(_read(fmt, _zip({**COMPANIONS[fmt], **members}), tmp_path)))
    assert any(
        file == str(tmp_path / "export.zip") and f"at most {MAX_MEMBERS}" in message
        for file, message in errors
    )


def test_a_symbolic_link_entry_in_a_brat_zip_is_not_read_as_text(tmp_path: Path) -> None:
    """A link entry named doc.txt is refused with a finding; its target never becomes text."""
    archive = _zip({"doc.ann": b"T1\tContent 0 4\t/etc\n"}, links={"doc.txt": b"/etc/passwd"})
    loaded = _read("brat", archive, tmp_path)
    assert all(one.document is None for one in loaded)
    errors = list(_errors(loaded))
    expected = f"{tmp_path / 'export.zip'}:doc.txt"
    assert any(file == expected and "link" in message for file, message in errors)


def test_a_symbolic_link_entry_in_a_label_studio_zip_is_not_read_as_tasks(
    tmp_path: Path,
) -> None:
    """A link entry named tasks.json is refused with a finding located at the entry."""
    archive = _zip({}, links={"tasks.json": b"/etc/passwd"})
    errors = list(_errors(_read("labelstudio", archive, tmp_path)))
    expected = f"{tmp_path / 'export.zip'}:tasks.json"
    assert any(file == expected and "link" in message for file, message in errors)
