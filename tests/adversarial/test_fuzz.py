"""Fuzzing with mutated documents: validation (library and CLI) and every exporter either
succeed or fail with located, coded findings; nothing raises, nothing is half written."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import orjson
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

import newsschema
from newsschema.cli import cli
from newsschema.convert import ConvertError, convert
from newsschema.formats import EXPORTERS, IMPORTERS, ExportError, write_many
from newsschema.formats._bundle_files import EXPORT_MANIFEST
from newsschema.loader import load_one
from newsschema.models import Document

from .adversarial_support import known_code, mutated_bytes

FUZZ = settings(
    settings.get_profile("cheap"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
OUTPUT_NAMES = {"json": "out.json", "jsonl": "out.jsonl", "jsonld": "out.jsonld"}
# Formats read back but flat by design (speaker names, not entities): their round trip of
# spans is pinned in tests/quotes/test_quote_roundtrip.py.
FLAT = frozenset({"quotes"})


def assert_located(findings: Any) -> None:
    for finding in findings:
        assert known_code(finding.code), finding
        assert finding.line is not None and finding.line >= 1, finding
        assert finding.column is not None and finding.column >= 1, finding
        assert finding.pointer == "" or finding.pointer.startswith("/"), finding
        assert len(finding.message) < 400, finding


def written(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name != "in.json")


@FUZZ
@given(data=mutated_bytes())
def test_validate_library_and_cli_agree_and_locate_everything(data: bytes) -> None:
    """On mutated bytes the library and CLI give the same located findings and exit code."""
    report = newsschema.validate(data)
    assert_located(report.findings)
    assert report.valid == (report.errors == 0)
    result = CliRunner().invoke(cli, ["validate", "-", "--format", "json"], input=data)
    assert result.exit_code == (0 if report.valid else 1), result.output
    issues = orjson.loads(result.output)["issues"]
    assert [(i["code"], i["line"], i["column"], i["pointer"]) for i in issues] == [
        (f.code, f.line, f.column, f.pointer) for f in report.findings
    ]


@FUZZ
@given(data=mutated_bytes())
def test_convert_to_every_format_succeeds_or_refuses_without_output(data: bytes) -> None:
    """Converting mutated bytes to any format round-trips or refuses with no output left."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "in.json"
        source.write_bytes(data)
        for fmt in sorted(EXPORTERS):
            out = folder / fmt / OUTPUT_NAMES.get(fmt, "out")
            try:
                convert([str(source)], to=fmt, output=str(out))
            except ConvertError as exc:
                assert not exc.usage
                assert exc.findings, str(exc)
                assert_located(exc.findings)
                assert written(folder) == [], (fmt, written(folder))
                continue
            assert out.exists()
            # No temporary file is left; a tool export's own manifest is meant to stay.
            hidden = [n for n in written(folder) if n.startswith(".")]
            assert [n for n in hidden if Path(n).name != EXPORT_MANIFEST] == []
            if fmt in IMPORTERS and fmt not in FLAT:
                [back] = IMPORTERS[fmt].read(out, {})
                assert back.document == load_one(data).document, fmt
            for path in sorted(folder.rglob("*"), reverse=True):
                if path != source:
                    path.unlink() if path.is_file() else path.rmdir()


@FUZZ
@given(data=mutated_bytes())
def test_exporters_never_crash_even_on_semantically_invalid_documents(data: bytes) -> None:
    """Exporters never crash on loadable but rule-breaking documents; failures leave no output."""
    document = load_one(data).document
    if document is None:
        return
    assert isinstance(document, Document)
    with tempfile.TemporaryDirectory() as tmp:
        for name, exporter in sorted(EXPORTERS.items()):
            if exporter.layout == "document":
                assert exporter.dump(document, {})
                continue
            target = Path(tmp) / name / "out"
            target.parent.mkdir()
            try:
                write_many(exporter, [document], target, {})
            except ExportError:
                assert not target.exists()
            else:
                assert target.exists()
