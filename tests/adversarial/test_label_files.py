"""A ``--labels`` mapping file is small, regular, and holds only names the tools can carry.

A device or FIFO named ``*.toml`` is refused before anything is read (it exhausted memory or
hung); a label with a newline, TAB or other control character would forge lines in brat's
``annotation.conf`` and ``.ann`` or break Label Studio's ``config.xml``; an attribute that is
not an identifier (a number, a name with a space) crashed the exporters.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsschema import cli
from newsschema.formats.labels import MAX_LABELS_BYTES, LabelError, load_labels

from .adversarial_support import ROOT, minimal_dict

_GIB = 1024**3


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli.cli, list(args), catch_exceptions=False)


def _limited() -> None:  # pragma: no cover - runs in the child process
    resource.setrlimit(resource.RLIMIT_AS, (_GIB, _GIB))


def _convert_in_a_process(tmp_path: Path, labels: Path) -> subprocess.CompletedProcess[str]:
    """Run ``convert --to brat --labels LABELS`` in a real process under a 1 GiB limit."""
    source = tmp_path / "a1.json"
    source.write_text(json.dumps(minimal_dict()), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "newsschema", "convert", str(source), "--to", "brat",
               "--labels", str(labels), "-o", str(tmp_path / "out")]  # fmt: skip
    # The timeout only stops a process that hangs (a FIFO used to block for ever); it is not a
    # speed check.
    return subprocess.run(
        command,
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=_limited,
    )


def test_a_device_named_toml_is_refused_unread(tmp_path: Path) -> None:
    """zero.toml -> /dev/zero: exit 2 "not a regular file" under 1 GiB (was a MemoryError)."""
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    result = _convert_in_a_process(tmp_path, link)
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fifo_named_toml_is_refused_without_blocking(tmp_path: Path) -> None:
    """A FIFO with no writer is refused at once with exit 2 (it used to hang the command)."""
    fifo = tmp_path / "labels.toml"
    os.mkfifo(fifo)
    result = _convert_in_a_process(tmp_path, fifo)
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr


def test_a_mapping_file_over_the_size_bound_is_refused(tmp_path: Path) -> None:
    """A regular mapping file over MAX_LABELS_BYTES is a LabelError, read only up to the bound."""
    big = tmp_path / "big.toml"
    big.write_text("# padding\n" * (MAX_LABELS_BYTES // 10 + 1) + '[spans]\nQuote = "quote"\n')
    with pytest.raises(LabelError, match="larger than"):
        load_labels(big)
    small = tmp_path / "small.toml"
    small.write_text('[spans]\nQuote = "quote"\n')
    assert dict(load_labels(small).spans) == {"Quote": "quote"}


@pytest.mark.parametrize(
    ("toml", "where"),
    [
        ('[spans]\n"Quo\\nte" = "quote"\n', "[spans] key 'Quo\\nte'"),
        ('[spans]\n"Quote\\t0 5\\tx" = "quote"\n', "[spans] key 'Quote\\t0 5\\tx'"),
        ('[relations]\n"Speak\\rer" = "speaker"\n', "[relations] key 'Speak\\rer'"),
        ('[events."Attr\\u0085ibution"]\nContent = "quote"\n', "[events] key"),
        ('[events.Attribution]\n"Con\\ntent" = "quote"\n', "[events.Attribution] key"),
        ('[quote_kinds]\n"Dir\\u2028ect" = "direct"\n', "[quote_kinds] key 'Dir\\u2028ect'"),
        ('[spans]\n"Quote\\u202e" = "quote"\n', "[spans] key"),
        ('[spans]\n"" = "quote"\n', "[spans] key ''"),
    ],
)
def test_labels_with_control_characters_are_a_usage_error_naming_the_key(
    tmp_path: Path, toml: str, where: str
) -> None:
    """Newlines, TABs, controls, line separators, bidi overrides, empty labels: exit 2."""
    mapping = tmp_path / "project.toml"
    mapping.write_text(toml, encoding="utf-8")
    source = tmp_path / "a1.json"
    source.write_text(json.dumps(minimal_dict()), encoding="utf-8")
    for to in ("brat", "labelstudio"):
        out = tmp_path / f"out-{to}"
        result = _run("convert", str(source), "--to", to, "--labels", str(mapping), "-o", str(out))
        assert result.exit_code == 2, (to, result.output)
        assert where in result.output, result.output
        assert not out.exists()


@pytest.mark.parametrize(
    ("value", "shown"),
    [("3", "= 3"), ('["Kind"]', "= ['Kind']"), ('"Kind of"', "= 'Kind of'"),
     ('"Kind\\nA1\\tX"', "= 'Kind\\nA1\\tX'"), ('"9Kind"', "= '9Kind'")],
)  # fmt: skip
def test_attribute_names_that_are_not_identifiers_are_a_usage_error(
    tmp_path: Path, value: str, shown: str
) -> None:
    """[attributes] values must be identifiers: a number, a list or a spaced name is exit 2."""
    mapping = tmp_path / "project.toml"
    mapping.write_text(f'[spans]\nContent = "quote"\n[attributes]\nquote_kind = {value}\n')
    source = tmp_path / "a1.json"
    source.write_text(json.dumps(minimal_dict()), encoding="utf-8")
    for to in ("brat", "labelstudio", "inception"):
        out = tmp_path / f"out-{to}"
        result = _run("convert", str(source), "--to", to, "--labels", str(mapping), "-o", str(out))
        assert result.exit_code == 2, (to, result.output)
        assert f"[attributes] quote_kind {shown}" in result.output, result.output
        assert not out.exists()
