"""No traceback or forged report line from hostile input; signals and job limits handled."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from newsschema import cli
from newsschema.config import ConfigError, read_settings
from newsschema.formats import IMPORTERS, canonical

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("*.json"))


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli.cli, list(args), catch_exceptions=False)


def csv_bundle(tmp_path: Path) -> Path:
    document = next(canonical.JSON.read(SEED, {})).document
    assert document is not None
    (tmp_path / "in.jsonl").write_bytes(canonical.JSONL.dump(document, {}))
    out = tmp_path / "bundle"
    assert (
        invoke("convert", str(tmp_path / "in.jsonl"), "--to", "csv", "-o", str(out)).exit_code == 0
    )
    return out


def test_a_5000_digit_csv_integer_is_ns011_at_the_cell(tmp_path: Path) -> None:
    """An integer cell over 4,300 digits is NS011 at its line and column, not a traceback."""
    bundle = csv_bundle(tmp_path)
    quotes = bundle / "quotes.csv"
    with quotes.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    start = rows[0].index("span_start")
    assert rows[1][start].isdigit()
    rows[1][start] = "9" * 5000
    with quotes.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    found = [f for loaded in IMPORTERS["csv"].read(bundle, {}) for f in loaded.findings]
    assert [(f.code, f.line, f.column) for f in found if f.code == "NS011"] == [
        ("NS011", 2, start + 1)
    ]


def test_a_datapackage_path_with_a_newline_cannot_forge_a_report_line(tmp_path: Path) -> None:
    """A resource path holding a newline is refused (NS070) and no reporter prints it raw."""
    bundle = csv_bundle(tmp_path)
    descriptor = orjson.loads((bundle / "datapackage.json").read_bytes())
    forged = "x.csv\n::error file=evil.py,line=1::pwned"
    descriptor["resources"][0]["path"] = forged
    (bundle / "datapackage.json").write_bytes(orjson.dumps(descriptor))
    for fmt in ("text", "github"):
        result = invoke("validate", "--format", fmt, str(bundle / "*.csv"), str(bundle))
        assert "\n::error file=evil.py" not in result.output
    result = invoke("convert", str(bundle), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 1
    assert "NS070" in result.output
    assert not any(line.startswith("::error file=evil") for line in result.output.splitlines())


@pytest.mark.parametrize("fmt", ["text", "github", "junit"])
def test_file_names_with_controls_are_escaped_by_every_line_reporter(
    tmp_path: Path, fmt: str
) -> None:
    """A NUL-free name with a newline and ESC stays on its report line in every reporter."""
    name = tmp_path / "a\n::error file=x::forged\x1b[31m.json"
    name.write_bytes(b"{")
    result = invoke("validate", "--format", fmt, str(tmp_path))
    assert "\n::error file=x::forged" not in result.output
    assert "\x1b" not in result.output


def test_a_100k_character_path_is_not_echoed_whole(tmp_path: Path) -> None:
    """A 100,000-character argument is shown shortened (both ends and its length), not twice."""
    argument = str(tmp_path / ("a" * 100_000)) + "*.json"
    result = invoke("validate", argument)
    assert result.exit_code == 1
    assert len(result.output) < 3000, len(result.output)
    assert "characters]" in result.output


def test_jobs_over_the_cap_is_a_usage_error(tmp_path: Path) -> None:
    """jobs = 5000 in pyproject.toml, or --jobs 5000, is refused instead of forking 5000 workers."""
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.newsschema]\njobs = 5000\n")
    # Checked without running anything: a regression here must not fork 5000 processes.
    with pytest.raises(ConfigError, match="at most 256"):
        read_settings(config)
    missing = str(tmp_path / "nothing.json")  # no document to hand to workers
    result = invoke("validate", "--jobs", "5000", missing)
    assert result.exit_code == 2
    assert "5000" in result.output


@pytest.mark.parametrize("address", ["garbage", "foo://x", ":notaport", "inproc://"])
def test_dask_scheduler_strings_that_are_not_addresses_are_usage_errors(address: str) -> None:
    """--scheduler with an unparsable address is exit 2 with a message, not a traceback."""
    pytest.importorskip("distributed")
    command = ["validate", "--engine", "dask", "--scheduler", address, str(SEED)]
    result = subprocess.run(
        [sys.executable, "-m", "newsschema", *command],
        capture_output=True,
        timeout=120,  # only stops a hung process, not a speed check
        check=False,
    )
    assert result.returncode == 2, result.stderr[-1500:]
    assert b"Traceback" not in result.stderr
    assert b"scheduler" in result.stderr


def test_sigterm_to_a_real_bundle_export_leaves_no_temp_files(tmp_path: Path) -> None:
    """SIGTERM mid-export exits 130, removes the temporary folder and keeps no partial bundle."""
    document = next(canonical.JSON.read(SEED, {})).document
    assert document is not None
    line = canonical.JSONL.dump(document, {})
    big = tmp_path / "big.jsonl"
    with big.open("wb") as handle:
        for i in range(3000):
            handle.write(line.replace(document.article.id.encode(), f"n{i}".encode(), 1))
    out = tmp_path / "bundle"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsschema", "convert", str(big), "--to", "csv", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(4000):
            if any(p.name.startswith(".") for p in tmp_path.iterdir()) or proc.poll() is not None:
                break
            subprocess.run(["sleep", "0.005"], check=False)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)  # only stops a hung process, not a speed check
    finally:
        proc.kill()
    stderr = proc.stderr.read() if proc.stderr else b""
    assert code in (0, 130), stderr
    assert b"Traceback" not in stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    if code == 130:
        assert not out.exists()
