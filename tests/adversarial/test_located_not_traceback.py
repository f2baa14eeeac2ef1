"""Inputs that used to end in a traceback (exit 3) give located findings instead (round three).

Deep ``{"span": {...}}`` nesting in a tool file's newsschema record, an ``article.url`` that is
not an IRI, and ``format`` over the file size limit or on a full disk; and ``format`` never shows
a private file's new content with wider permissions than the file had.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsschema.cli import cli
from newsschema.formats import EXPORTERS
from newsschema.formatting import format_files
from newsschema.loader import loads

from .adversarial_support import minimal_dict


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_deeply_nested_record_spans_convert_without_recursion(tmp_path: Path) -> None:
    """A doccano record whose mention is 1,010 nested {"span": ...} objects converts, exit 0."""
    record = EXPORTERS["doccano"]
    assert record.layout == "stream"
    text = record.dump(loads(json.dumps(minimal_dict())), {}).decode()
    depth = 1010
    nested = '"mentions":[' + '{"span":' * depth + '"T1"' + "}" * depth + "]"
    text = text.replace('"mentions":["T1"]', nested, 1)
    assert nested in text
    source = tmp_path / "deep.jsonl"
    source.write_text(text, encoding="utf-8")
    code, out = _invoke("convert", "--from", "doccano", str(source), "--to", "json")
    assert code == 0, out
    assert json.loads(out)["entities"][0]["mentions"] == [{"start": 10, "end": 16}]


@pytest.mark.parametrize("bad", ["{", '"', ">", "<", "}", "|", "\\", "^", "`"])
def test_urls_that_are_not_iris_are_refused_by_validate(tmp_path: Path, bad: str) -> None:
    """An article.url holding a character no IRI may hold is NS023 at its pointer."""
    data = minimal_dict()
    data["article"]["url"] = f"https://news.example/a{bad}b"
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out = _invoke("validate", str(path), "--format", "json")
    assert code == 1
    (finding,) = json.loads(out)["issues"]
    assert (finding["code"], finding["pointer"]) == ("NS023", "/article/url")
    assert finding["line"] == 1


@pytest.mark.parametrize("to", ["nquads", "turtle"])
def test_urls_that_are_not_iris_are_refused_by_convert(tmp_path: Path, to: str) -> None:
    """convert --to nquads/turtle refuses such a url with the finding, never exit 3."""
    data = minimal_dict()
    data["article"]["url"] = 'https://news.example/a{b"c>d'
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out = _invoke("convert", str(path), "--to", to)
    assert code == 1
    assert "NS023" in out and "/article/url" in out


def test_valid_urls_still_reach_rdf(tmp_path: Path) -> None:
    """A url with a query, a fragment and percent-escapes is accepted and parsed by rdflib."""
    import rdflib

    data = minimal_dict()
    url = "https://news.example/a1?x=%7B1%7D&y=2#top"
    data["article"]["url"] = url
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out = _invoke("convert", str(path), "--to", "turtle")
    assert code == 0
    graph = rdflib.Graph().parse(data=out, format="turtle")
    assert rdflib.URIRef(url) in set(graph.objects()) | set(graph.subjects())


def _unformatted(path: Path, padding: int) -> Path:
    """A valid document written with no indentation (format rewrites it), ``padding`` long."""
    data = minimal_dict()
    data["article"]["body"] += " " + "x" * padding
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    return path


def test_format_over_the_file_size_limit_is_a_finding_per_file(tmp_path: Path) -> None:
    """Over RLIMIT_FSIZE, the big file is an NS030 finding, left intact; later files formatted."""
    big = _unformatted(tmp_path / "a.json", 20_000)
    small = _unformatted(tmp_path / "b.json", 0)
    big_before = big.read_bytes()
    limit = 8_000

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    # The timeout only stops a hang; nothing here measures speed.
    done = subprocess.run(
        [sys.executable, "-B", "-m", "newsschema", "format", str(big), str(small)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        preexec_fn=cap,  # one setrlimit call before exec
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "a.json:0:0: NS030 cannot write file" in done.stdout
    assert big.read_bytes() == big_before
    assert small.read_bytes().startswith(b"{\n  ")  # formatted, after the failed one
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_format_on_a_full_disk_is_a_finding_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the disk is full, every file is reported (NS030) and left as it was; no exception."""
    first = _unformatted(tmp_path / "a.json", 0)
    second = _unformatted(tmp_path / "b.json", 0)
    before = [first.read_bytes(), second.read_bytes()]

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = format_files([str(first), str(second)])
    assert result.changed == []
    assert [f.code for f in result.findings] == ["NS030", "NS030"]
    assert all("No space left on device" in f.message for f in result.findings)
    assert [first.read_bytes(), second.read_bytes()] == before


def test_format_keeps_a_private_file_private_at_every_moment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rewritten 0600 file has mode 0600 already when it is renamed over its name."""
    path = _unformatted(tmp_path / "private.json", 0)
    path.chmod(0o600)
    seen: list[int] = []
    real_replace = os.replace

    def watching(source: Any, target: Any) -> None:
        seen.append(stat.S_IMODE(os.stat(source).st_mode))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", watching)
    previous = os.umask(0o022)
    try:
        result = format_files([str(path)])
    finally:
        os.umask(previous)
    assert len(result.changed) == 1
    assert seen == [0o600]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
