"""The mapping data is read from inside the package, the same way in wheel and editable installs."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsschema"

# Imports the package from wherever sys.path finds it first, reads every data file through
# importlib.resources and prints where the package and the mapping came from.
PROBE = """
import json
from importlib import resources
import newsschema
from newsschema.formats.jsonld.context import load_mapping, mapping_bytes
from newsschema.formats.labels import BUILTIN_LABELS, load_labels
folder = resources.files("newsschema.formats")
print(json.dumps({
    "package": newsschema.__file__,
    "mapping": str(folder.joinpath("_data").joinpath("jsonld.json")),
    "terms": len(load_mapping()["terms"]),
    "size": len(mapping_bytes()),
    "labels": sorted(load_labels(name).name for name in BUILTIN_LABELS),
}))
"""


def _probe(cwd: Path, pythonpath: str | None = None) -> dict[str, object]:
    import json
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    probed: dict[str, object] = json.loads(done.stdout)
    return probed


def test_the_package_copy_of_the_jsonld_mapping_is_exporters_jsonld_json() -> None:
    """formats/_data/jsonld.json is byte for byte exporters/jsonld.json (its home)."""
    home = (ROOT / "exporters" / "jsonld.json").read_bytes()
    copy = (PACKAGE / "formats" / "_data" / "jsonld.json").read_bytes()
    assert copy == home, (
        "formats/_data/jsonld.json is stale: "
        "cp exporters/jsonld.json src/newsschema/formats/_data/jsonld.json"
    )


def test_no_module_climbs_out_of_the_package_to_find_data() -> None:
    """No source module reaches data through parents[...] or a path relative to __file__."""
    climbing = re.compile(r"\.parents\[|Path\(__file__\)")
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if climbing.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_installed_package_reads_its_data_from_inside_itself(tmp_path: Path) -> None:
    """From an unrelated folder the installed package reads mapping and labels from itself."""
    probed = _probe(tmp_path)
    package = Path(str(probed["package"])).parent
    mapping = Path(str(probed["mapping"]))
    assert mapping.is_relative_to(package)
    assert mapping.read_bytes() == (ROOT / "exporters" / "jsonld.json").read_bytes()
    assert probed["terms"] == len(__import__("orjson").loads(mapping.read_bytes())["terms"])
    assert probed["labels"] == ["attribution", "newsschema"]


def test_a_built_wheel_carries_the_data_and_reads_it_zipped(tmp_path: Path) -> None:
    """A wheel built from the tree holds every data file; imported zipped, it reads them."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("newsschema-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert (
            archive.read("newsschema/formats/_data/jsonld.json")
            == (ROOT / "exporters" / "jsonld.json").read_bytes()
        )
    for label in ("attribution", "newsschema"):
        assert f"newsschema/formats/_label_data/{label}.toml" in names
    probed = _probe(tmp_path, pythonpath=str(wheel))
    assert str(probed["package"]).startswith(str(wheel))
    assert probed["size"] == (ROOT / "exporters" / "jsonld.json").stat().st_size
    assert probed["labels"] == ["attribution", "newsschema"]
