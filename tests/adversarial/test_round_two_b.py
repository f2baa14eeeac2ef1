"""Round two, the rest: quadratic rules and renderers, echoes, false successes, messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

import newsschema
from newsschema.loader import LoadError, parse_json

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("*.json"))


@pytest.mark.parametrize("load", [newsschema.loads, parse_json])
def test_a_str_with_a_lone_surrogate_is_ns012_at_its_place(load: object) -> None:
    """A str holding a lone surrogate code point is NS012 at its line and column, not NS002."""
    with pytest.raises(LoadError) as caught:
        load('{\n "headline": "ab\ud800"}')  # type: ignore[operator]
    [finding] = caught.value.findings
    assert (finding.code, finding.line, finding.column) == ("NS012", 2, 17)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the real CLI in a subprocess (its own limits, its own streams)."""
    return subprocess.run(
        [sys.executable, "-m", "newsschema", *args], capture_output=True, cwd=cwd, check=False
    )


def test_a_1mb_inline_context_key_is_not_echoed_whole(tmp_path: Path) -> None:
    """An inline @context with a 1 MB key is refused (NS060) with a short excerpt of the key."""
    source = tmp_path / "big.jsonld"
    keys = {"k" * 1_000_000: "http://a.example/", **{f"t{i}": "http://b/" for i in range(50)}}
    source.write_bytes(orjson.dumps({"@context": keys, "@type": "NewsArticle"}))
    done = run_cli(
        "convert", str(source), "--from", "jsonld", "--to", "json", "-o", "o.json", cwd=tmp_path
    )
    assert done.returncode == 1
    assert b"NS060" in done.stdout + done.stderr
    assert b"and 46 more" in done.stdout + done.stderr
    assert len(done.stdout) + len(done.stderr) < 2_000
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize("option", ["-o", "--config"])
def test_a_100k_character_output_or_config_path_is_shortened(tmp_path: Path, option: str) -> None:
    """A 100,000-character -o or --config path is shown shortened in the error, not whole."""
    long = "a" * 100_000
    done = run_cli("validate", str(SEED), option, long, cwd=tmp_path)
    assert done.returncode == 2
    assert b"[100000 characters]" in done.stderr
    assert len(done.stdout) + len(done.stderr) < 2_000
