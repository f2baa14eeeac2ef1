"""Each command imports only what it uses: checked in a fresh interpreter running the command.

Start-up time is the cost of what a command imports, so these tests pin the imports rather than
any timing (the timings are in benchmarks/bench_speed.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("*.json"))

# The modules of one format each (the registry imports them all); the package itself and the
# code tables that the rules registry lists are light and may load.
FORMAT_MODULES = {
    f"newsschema.formats.{name}"
    for name in (
        "canonical",
        "html",
        "jsonld",
        "jsonld.rdf",
        "quotes",
        "quotes.citron",
        "quotes.ggt",
        "schemaorg",
        "standards.ninjs",
        "standards.webannotation",
        "tables.csv_bundle",
        "tables.parquet_bundle",
        "tools.brat",
        "tools.doccano",
        "tools.inception",
        "tools.labelstudio",
        "tools.spacy_docbin",
    )
}
PROBE = """
import atexit, runpy, sys
out, *args = sys.argv[1:]
def record():
    with open(out, "w", encoding="utf-8") as handle:
        handle.write("\\n".join(sorted(sys.modules)))
atexit.register(record)
sys.argv = ["newsschema", *args]
runpy.run_module("newsschema", run_name="__main__")
"""


def imported_by(tmp_path: Path, *args: str) -> tuple[set[str], int]:
    """Run ``newsschema ARGS`` in a fresh interpreter; return the modules it loaded, its exit."""
    record = tmp_path / "modules.txt"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(record), *args],
        capture_output=True,
        check=False,
        cwd=tmp_path,
    )
    return set(record.read_text(encoding="utf-8").split()), done.returncode


def heavy(loaded: set[str]) -> set[str]:
    """The loaded modules a light command should not need."""
    prefixes = ("jsonschema", "rich", "pandas", "pyarrow", "numpy", "rdflib")
    found = {name for name in loaded if name.split(".")[0] in prefixes}
    return found | (loaded & FORMAT_MODULES)


def test_the_probe_sees_what_a_command_imports(tmp_path: Path) -> None:
    """The probe records modules a command does load (`convert --to jsonld` loads that format)."""
    loaded, code = imported_by(tmp_path, "convert", str(SEED), "--to", "jsonld")
    assert code == 0
    assert "newsschema.formats.jsonld" in loaded
    assert "newsschema.formats.jsonld" in heavy(loaded)


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("jsonld", ".jsonld"), ("schemaorg", ".jsonld"), ("html", ".html")]
)
def test_converting_valid_documents_to_json_ld_loads_no_model_nor_pydantic(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    """`convert in.jsonl --to jsonld|schemaorg|html` of valid input builds no model: no Pydantic."""
    lines = tmp_path / "in.jsonl"
    lines.write_bytes(SEED.read_bytes().replace(b"\n", b" ") + b"\n")
    out = f"out{suffix}"
    loaded, code = imported_by(tmp_path, "convert", str(lines), "--to", fmt, "-o", out)
    assert code == 0
    assert (tmp_path / out).is_file()
    assert f"newsschema.formats.{fmt}" in loaded
    unused = {"newsschema.models", "newsschema.types", "pydantic", "jsonschema"}
    assert not unused & loaded, sorted(unused & loaded)
    assert not heavy(loaded) - FORMAT_MODULES, sorted(heavy(loaded) - FORMAT_MODULES)


def test_convert_to_json_imports_only_the_formats_it_uses(tmp_path: Path) -> None:
    """`convert one.json --to json` loads the canonical format only: no other format, no rdflib."""
    loaded, code = imported_by(tmp_path, "convert", str(SEED), "--to", "json", "-o", "out.json")
    assert code == 0
    assert (tmp_path / "out.json").is_file()
    assert loaded & FORMAT_MODULES == {"newsschema.formats.canonical"}
    assert not heavy(loaded) - FORMAT_MODULES, sorted(heavy(loaded) - FORMAT_MODULES)


def test_convert_loads_the_importer_it_reads_with_and_the_exporter_asked_for(
    tmp_path: Path,
) -> None:
    """`convert in.jsonl --to brat` loads brat and no other format (the core reads JSONL)."""
    lines = tmp_path / "in.jsonl"
    lines.write_bytes(SEED.read_bytes().replace(b"\n", b" ") + b"\n")
    loaded, code = imported_by(tmp_path, "convert", str(lines), "--to", "brat", "-o", "out")
    assert code == 0, loaded
    assert loaded & FORMAT_MODULES == {"newsschema.formats.tools.brat"}


def test_convert_help_lists_format_options_without_loading_a_format(tmp_path: Path) -> None:
    """`convert --help` shows every --to choice and --NAME option but loads no format module."""
    loaded, code = imported_by(tmp_path, "convert", "--help")
    assert code == 0
    assert not heavy(loaded), sorted(heavy(loaded))
    assert not {"newsschema.models", "newsschema.convert"} & loaded


def test_validate_help_imports_no_engine_validation_nor_model(tmp_path: Path) -> None:
    """`validate --help` shows the --engine names without importing engines, validation, models."""
    loaded, code = imported_by(tmp_path, "validate", "--help")
    assert code == 0
    assert not heavy(loaded), sorted(heavy(loaded))
    unused = {"newsschema.engines._base", "newsschema.validation", "newsschema.models", "pydantic"}
    assert not unused & loaded, sorted(unused & loaded)


def test_help_imports_no_model_format_jsonschema_or_rich(tmp_path: Path) -> None:
    """`newsschema --help` loads neither the models, pydantic, a format, jsonschema nor rich."""
    loaded, code = imported_by(tmp_path, "--help")
    assert code == 0
    assert not heavy(loaded), sorted(heavy(loaded))
    assert not {"newsschema.models", "pydantic", "newsschema.review.diff"} & loaded


def test_version_imports_no_model(tmp_path: Path) -> None:
    """`newsschema --version` loads no model and no rule."""
    loaded, code = imported_by(tmp_path, "--version")
    assert code == 0
    assert not heavy(loaded)
    assert not {"newsschema.models", "newsschema.rules"} & loaded


def test_rules_imports_no_format_jsonschema_rich_nor_validation(tmp_path: Path) -> None:
    """`newsschema rules` (and `rules CODE`) load the registry only: no format, no engine."""
    for args in (("rules",), ("rules", "NS102")):
        loaded, code = imported_by(tmp_path, *args)
        assert code == 0
        assert "newsschema.rules" in loaded
        assert not heavy(loaded), sorted(heavy(loaded))
        unused = {"newsschema.validation", "newsschema.engines._base", "newsschema.convert"}
        assert not unused & loaded


def test_validate_imports_no_format_jsonschema_nor_rich(tmp_path: Path) -> None:
    """`validate one.json` with a non-terminal stderr loads no format, jsonschema, rich, convert."""
    loaded, code = imported_by(tmp_path, "validate", str(SEED))
    assert code == 0
    assert "newsschema.validation" in loaded
    assert not heavy(loaded), sorted(heavy(loaded))
    unused = {"newsschema.convert", "newsschema.schema", "newsschema.reporters.sarif"}
    unused |= {"newsschema.reporters.github", "newsschema.review.diff", "newsschema._atomic"}
    assert not unused & loaded, sorted(unused & loaded)


def test_validate_of_a_valid_document_builds_no_model(tmp_path: Path) -> None:
    """`validate one.json` (valid) imports neither the models nor Pydantic's model machinery."""
    loaded, code = imported_by(tmp_path, "validate", str(SEED))
    assert code == 0
    assert not {"newsschema.models", "newsschema.types", "pydantic.main"} & loaded


def test_the_command_table_is_whole_when_read() -> None:
    """`cli.commands` lists every command with its object, though a run imports only its own."""
    from newsschema.cli import cli

    assert sorted(cli.commands) == [
        "agree",
        "convert",
        "diff",
        "format",
        "rules",
        "schema",
        "validate",
    ]
    assert all(command.name == name for name, command in cli.commands.items())


def test_validate_imports_only_its_own_command(tmp_path: Path) -> None:
    """`validate one.json` imports no other command's module (agree, convert, diff...)."""
    loaded, code = imported_by(tmp_path, "validate", str(SEED))
    assert code == 0
    assert "newsschema.cli.validate" in loaded
    others = {f"newsschema.cli.{name}" for name in ("agree", "convert", "diff", "format")}
    assert not others & loaded, sorted(others & loaded)


def test_validate_does_not_import_the_format_package(tmp_path: Path) -> None:
    """`validate one.json` does not import newsschema.formats (the code table is built lazily)."""
    loaded, code = imported_by(tmp_path, "validate", str(SEED))
    assert code == 0
    assert "newsschema.rules" in loaded
    assert not {m for m in loaded if m.startswith("newsschema.formats")}


def test_validate_loads_the_chosen_reporter_only(tmp_path: Path) -> None:
    """`validate --format sarif` loads the SARIF reporter and no other non-text reporter."""
    loaded, code = imported_by(tmp_path, "validate", str(SEED), "--format", "sarif")
    assert code == 0
    assert "newsschema.reporters.sarif" in loaded
    others = {f"newsschema.reporters.{name}" for name in ("github", "junit", "json")}
    assert not others & loaded
    assert not heavy(loaded), sorted(heavy(loaded))


def test_schema_check_imports_no_format_but_the_context_nor_rich(tmp_path: Path) -> None:
    """`schema --check` loads jsonschema and the JSON-LD context it checks, no other format."""
    loaded, code = imported_by(tmp_path, "schema", "--check", "--dir", str(ROOT / "schema"))
    assert code == 0
    assert {"newsschema.schema", "newsschema.formats.jsonld.context"} <= loaded
    assert loaded & FORMAT_MODULES == {"newsschema.formats.jsonld"}
    assert not {name for name in loaded if name.split(".")[0] == "rich"}


def test_convert_without_a_terminal_imports_no_rich(tmp_path: Path) -> None:
    """`convert` draws no progress without a terminal, so it does not import rich."""
    loaded, code = imported_by(tmp_path, "convert", str(SEED), "--to", "json")
    assert code == 0
    assert not {name for name in loaded if name.split(".")[0] == "rich"}


def test_diff_imports_no_agreement_statistics(tmp_path: Path) -> None:
    """`diff A B` loads the diff code only: no agreement module, no rich."""
    loaded, code = imported_by(tmp_path, "diff", str(SEED), str(SEED))
    assert code == 0
    assert "newsschema.review.diff" in loaded
    assert not {"newsschema.review.agreement", "numpy"} & loaded
    assert not {name for name in loaded if name.split(".")[0] == "rich"}


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_validate_on_a_terminal_still_draws_its_progress_with_rich(tmp_path: Path) -> None:
    """With standard error a terminal, `validate` imports rich and draws the bar there."""
    record = tmp_path / "modules.txt"
    main, child = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(record), "validate", str(SEED)],
            stdout=subprocess.PIPE,
            stderr=child,
            check=False,
            cwd=tmp_path,
        )
    finally:
        os.close(child)
    try:
        drawn = os.read(main, 1 << 16)
    finally:
        os.close(main)
    assert done.returncode == 0
    assert "rich.progress" in record.read_text(encoding="utf-8").split()
    assert b"validating" in drawn


def test_a_cache_hit_imports_no_model_rule_validation_nor_pydantic(tmp_path: Path) -> None:
    """`validate one.json` replayed from the cache builds no validator: no pydantic, no rules."""
    (tmp_path / "pyproject.toml").write_text("[tool.newsschema]\n", encoding="utf-8")
    one = tmp_path / "one.json"
    one.write_bytes(SEED.read_bytes())
    first, code = imported_by(tmp_path, "validate", str(one))
    assert code == 0
    assert {"newsschema.rules", "newsschema.validation", "pydantic_core"} <= first  # checked
    replayed, code = imported_by(tmp_path, "validate", str(one))
    assert code == 0
    loaded = {name.split(".")[0] for name in replayed} | replayed
    assert not loaded & {
        "pydantic",
        "pydantic_core",
        "newsschema.models",
        "newsschema.rules",
        "newsschema.validation",
        "newsschema.loader",
        "newsschema.engines._base",
    }


def test_validate_of_a_valid_document_builds_no_model_validator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A valid file is checked without building `Document`'s validator (no plugin discovery)."""
    # Pydantic's plugin loader is imported when a model's validator is first built; with the
    # model-free path switched off, the same command builds it.
    plugins = "pydantic.plugin._loader"
    loaded, code = imported_by(tmp_path, "validate", str(SEED))
    assert code == 0
    assert plugins not in loaded
    monkeypatch.setenv("NEWSSCHEMA_MODEL_FREE", "0")
    loaded, code = imported_by(tmp_path, "validate", str(SEED))
    assert code == 0
    assert plugins in loaded


def test_validate_of_a_valid_document_imports_no_regex(tmp_path: Path) -> None:
    """A valid seed's check does without the grapheme library (`regex`): start-up cost."""
    loaded, code = imported_by(tmp_path, "validate", str(SEED))
    assert code == 0
    assert "newsschema.rules.spans" in loaded
    assert "regex" not in loaded
