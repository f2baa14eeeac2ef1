"""What the package ships for editors and CI: the schema as a resource, hooks, completion, SARIF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner
from pre_commit.clientlib import load_config, load_manifest

from newsschema.cli import cli
from newsschema.codes import PROJECT_URL
from newsschema.schema import SCHEMA_ID, document_schema, dumps_pretty

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_package_carries_the_generated_schema() -> None:
    """importlib.resources gives the schema, byte-identical to schema/ and to the generator."""
    shipped = files("newsschema").joinpath("_schema_data", "document.schema.json").read_bytes()
    assert shipped == dumps_pretty(document_schema())
    assert shipped == (ROOT / "schema" / "document.schema.json").read_bytes()


def test_schema_command_writes_the_packaged_copy_in_a_source_checkout(tmp_path: Path) -> None:
    """`newsschema schema` refreshes the package's copy beside schema/, and --check sees it."""
    from newsschema.schema import check_schema_files, write_schema_files

    packaged = tmp_path / "src" / "newsschema" / "_schema_data"
    packaged.mkdir(parents=True)
    (packaged / "document.schema.json").write_bytes(b"{}")
    assert "_schema_data/document.schema.json" in check_schema_files(tmp_path / "schema")
    write_schema_files(tmp_path / "schema")
    assert (packaged / "document.schema.json").read_bytes() == dumps_pretty(document_schema())
    assert check_schema_files(tmp_path / "schema") == []


def test_schema_print_writes_the_schema_with_its_https_id() -> None:
    """`newsschema schema --print` writes the schema; its $id is https and README names it."""
    result = CliRunner().invoke(cli, ["schema", "--print"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$id"] == SCHEMA_ID
    assert SCHEMA_ID.startswith("https://")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert f'"$schema": "{SCHEMA_ID}"' in README


def test_a_format_hook_is_in_the_manifest() -> None:
    """pre-commit's loader reads a hook whose id ends in format and that runs `format`."""
    hooks = {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    [fmt] = [hook for name, hook in hooks.items() if name.endswith("format")]
    assert fmt["entry"].split()[:2] == ["newsschema", "format"]
    assert fmt["files"] == hooks["newsschema-validate"]["files"]


def _readme_precommit_config(tmp_path: Path) -> Path:
    [snippet] = re.findall(r"```yaml\n(repos:\n.*?)```", README, flags=re.DOTALL)
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(snippet, encoding="utf-8")
    return path


def test_readme_precommit_snippet_is_a_valid_config_pinning_a_commit(tmp_path: Path) -> None:
    """README's snippet loads with pre-commit, pins a commit (no tag yet) and names our hooks."""
    config = load_config(str(_readme_precommit_config(tmp_path)))
    [repo] = config["repos"]
    assert re.fullmatch(r"[0-9a-f]{40}", repo["rev"])
    manifest = {hook["id"] for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert {hook["id"] for hook in repo["hooks"]} <= manifest
    assert "pin a commit" in README


def test_the_pinned_commit_has_the_hooks_the_snippet_uses(tmp_path: Path) -> None:
    """The commit README pins exists here and its manifest defines every hook the snippet uses."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("no git checkout to look the pinned commit up in")
    config = load_config(str(_readme_precommit_config(tmp_path)))
    [repo] = config["repos"]
    shown = subprocess.run(
        [git, "show", f"{repo['rev']}:.pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    manifest = tmp_path / "pinned-hooks.yaml"
    manifest.write_text(shown.stdout, encoding="utf-8")
    pinned = {hook["id"] for hook in load_manifest(str(manifest))}
    assert {hook["id"] for hook in repo["hooks"]} <= pinned


def test_shell_completion_works_as_documented() -> None:
    """The documented bash/zsh/fish lines produce completion scripts for `newsschema`."""
    for shell in ("bash", "zsh", "fish"):
        assert f"_NEWSSCHEMA_COMPLETE={shell}_source newsschema" in README
        result = CliRunner().invoke(
            cli, [], prog_name="newsschema", env={"_NEWSSCHEMA_COMPLETE": f"{shell}_source"}
        )
        assert result.exit_code == 0
        assert "_NEWSSCHEMA_COMPLETE" in result.output


def test_sarif_names_where_to_read_about_the_tool(tmp_path: Path) -> None:
    """The SARIF driver has an https informationUri, the project's URL."""
    seed = next((ROOT / "seeds").glob("*.json"))
    result = CliRunner().invoke(cli, ["validate", str(seed), "--format", "sarif"])
    driver = json.loads(result.stdout)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == PROJECT_URL
    assert PROJECT_URL.startswith("https://")
