"""``diff`` and ``agree --from FORMAT DIR`` read folders under the policy validate follows.

A symbolic link that leads out of the folder is reported and never opened; a FIFO in the folder
is reported, not opened (opening it would wait for a writer forever).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsschema.cli import cli

from .review_support import seed_dict, write

MARKER = "Secret-headline-outside-the-folder"


def _folder(tmp_path: Path, name: str, odd: str) -> Path:
    """A folder with one document and a link to a document outside it, or a FIFO."""
    folder = tmp_path / name
    write(folder / "a.json", seed_dict())
    if odd == "fifo":
        os.mkfifo(folder / "pipe.json")
        return folder
    outside = tmp_path / f"outside-{name}.json"
    data = seed_dict()
    data["article"]["headline"] = MARKER
    data["article"]["id"] = "leaked"
    write(outside, data)
    os.symlink(outside, folder / "link.json")
    return folder


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # The timeout only stops a hang (a FIFO opened for reading waits for a writer forever).
    return subprocess.run(
        [sys.executable, "-m", "newsschema", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


@pytest.mark.parametrize("command", ["diff", "agree"])
def test_folder_links_out_are_reported_not_read(tmp_path: Path, command: str) -> None:
    """A link out of the folder is an NS030 finding; nothing behind it reaches the report."""
    old, new = _folder(tmp_path, "old", "link"), _folder(tmp_path, "new", "link")
    result = CliRunner().invoke(cli, [command, "--from", "json", str(old), str(new)])
    assert result.exit_code == 2
    assert MARKER not in result.output and "leaked" not in result.output
    assert "NS030" in result.output and "symbolic link out of the directory" in result.output


@pytest.mark.parametrize("command", ["diff", "agree"])
def test_folder_fifos_are_reported_not_opened(tmp_path: Path, command: str) -> None:
    """A FIFO in the folder is an NS030 finding, and the command ends without a writer."""
    old, new = _folder(tmp_path, "old", "fifo"), _folder(tmp_path, "new", "fifo")
    done = _run(command, "--from", "json", str(old), str(new))
    assert done.returncode == 2
    assert "NS030" in done.stderr and "not a regular file" in done.stderr


def test_folder_without_links_or_fifos_is_still_compared(tmp_path: Path) -> None:
    """The same folders without the link and the FIFO compare as before (no change, exit 0)."""
    old, new = tmp_path / "old", tmp_path / "new"
    write(old / "a.json", seed_dict())
    write(new / "a.json", seed_dict())
    result = CliRunner().invoke(
        cli, ["diff", "--from", "json", str(old), str(new), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"] == 1
