"""Names in annotation-tool files are data: no type system or label map runs code.

dkpro-cassis builds a class per UIMA type with attrs, which compiles Python source with the
feature names pasted in. The payload below is a feature name that is valid in each place attrs
pastes it (an f-string, a parameter list, an assignment) and creates a marker file when the
generated source is compiled; every command that reads INCEpTION files, and the INCEpTION
export with a label map, must refuse it before cassis sees it.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner, Result

from newsschema import cli
from newsschema.formats import get_importer
from newsschema.formats._uima_names import (
    check_cas_json,
    check_typesystem_xml,
    feature_name_problem,
    type_name_problem,
)

from .adversarial_support import minimal_dict

cassis = pytest.importorskip("cassis")

_TYPE = "webanno.custom.Q"
_SET = ("--set", "article.language=en")


def _payload(marker: Path) -> str:
    """A feature name that creates ``marker`` if cassis compiles it (3.10+, attrs 2x)."""
    return f'zz=\'+\'[0],w=open("{marker}","x")[0],v'


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli.cli, list(args), catch_exceptions=False)


def _cas(feature: str) -> tuple[str, str, str]:
    """TypeSystem.xml, one XMI and one CAS JSON using type Q with ``feature`` (no value set)."""
    ts = cassis.TypeSystem()
    q = ts.create_type(_TYPE)
    ts.create_feature(q, "zz", "uima.cas.String")
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = "We met in Geneva."
    cas.document_language = "en"
    cas.add(ts.get_type(_TYPE)(begin=0, end=6))
    xml = ts.to_xml().replace("<name>zz</name>", f"<name>{escape(feature)}</name>")
    data = json.loads(cas.to_json())
    types = data["%TYPES"][_TYPE]
    types[feature] = types.pop("zz") | {"%NAME": feature}
    return xml, cas.to_xmi(), json.dumps(data)


def _export(folder: Path, feature: str, *, as_json: bool = False) -> Path:
    """An INCEpTION folder (TypeSystem.xml and a1.xmi), or one CAS JSON file a1.json in it."""
    folder.mkdir()
    xml, xmi, cas_json = _cas(feature)
    if as_json:
        (folder / "a1.json").write_text(cas_json, encoding="utf-8")
        return folder / "a1.json"
    (folder / "TypeSystem.xml").write_text(xml, encoding="utf-8")
    (folder / "a1.xmi").write_text(xmi, encoding="utf-8")
    return folder


@pytest.mark.parametrize("as_json", [False, True], ids=["typesystem-xml", "cas-json"])
def test_a_crafted_feature_name_runs_nothing_in_convert_diff_or_agree(
    tmp_path: Path, as_json: bool
) -> None:
    """convert, diff and agree refuse a crafted feature name (NS080, located); no marker."""
    marker = tmp_path / "marker"
    hostile = _export(tmp_path / "hostile", _payload(marker), as_json=as_json)
    clean = _export(tmp_path / "clean", "zz", as_json=as_json)
    out = tmp_path / "out.jsonl"
    results = {
        "convert": _run("convert", str(hostile), "--from", "inception", *_SET, "--to", "jsonl",
                        "-o", str(out)),
        "diff": _run("diff", "--from", "inception", *_SET, str(clean), str(hostile)),
        "agree": _run("agree", "--from", "inception", *_SET, str(clean), str(hostile)),
    }  # fmt: skip
    for command, result in results.items():
        assert not marker.exists(), f"{command} ran code from a feature name"
        assert result.exit_code in (1, 2), (command, result.output)
        assert "NS080" in result.output or "refused before cassis" in result.output, command
    assert not out.exists()
    [loaded] = list(get_importer("inception").read(hostile, {"set": ["article.language=en"]}))
    assert not marker.exists()
    [finding] = loaded.findings
    assert finding.code == "NS080"
    assert "not a UIMA identifier" in finding.message
    assert finding.file is not None and finding.file.endswith(("TypeSystem.xml", "a1.json"))
    if as_json:
        assert finding.pointer.startswith(f"/%TYPES/{_TYPE}/zz=")
    else:
        assert finding.line == 2 and finding.column is not None


def test_a_crafted_label_map_attribute_runs_nothing_on_export(tmp_path: Path) -> None:
    """--to inception with a crafted [attributes] name is a usage error; no marker, no output."""
    marker = tmp_path / "marker"
    mapping = tmp_path / "project.toml"
    name = _payload(marker).replace("\\", "\\\\").replace('"', '\\"')
    mapping.write_text(f'[spans]\nQuote = "quote"\n[attributes]\nquote_kind = "{name}"\n')
    source = tmp_path / "a1.json"
    source.write_text(json.dumps(minimal_dict()), encoding="utf-8")
    out = tmp_path / "out"
    result = _run("convert", str(source), "--to", "inception", "--labels", str(mapping),
                  "-o", str(out))  # fmt: skip
    assert not marker.exists()
    assert result.exit_code == 2, result.output
    assert "[attributes] quote_kind" in result.output
    assert not out.exists()


def test_the_payload_does_run_when_cassis_builds_it_unchecked(tmp_path: Path) -> None:
    """The marker payload is live: cassis itself, given the name unchecked, creates the file."""
    marker = tmp_path / "marker"
    ts = cassis.TypeSystem()
    ts.create_feature(ts.create_type(_TYPE), _payload(marker), "uima.cas.String")
    with pytest.raises(Exception):  # noqa: B017, PT011 - the payload ends in an error after running
        ts.get_type(_TYPE)(begin=0, end=1)
    assert marker.exists()


@pytest.mark.parametrize(
    "name",
    ["zz", "Kind", "ÄrgerZeit", "value_2", "Governor"],
)
def test_uima_identifiers_are_accepted(name: str) -> None:
    """Letters, then letters, digits or underscores (Unicode letters too) are feature names."""
    assert feature_name_problem(name) is None
    assert type_name_problem(f"webanno.custom.{name}") is None


@pytest.mark.parametrize(
    "name",
    ["", "1a", "_a", "a b", "a-b", "a.b", "a\nb", "a'", "class", "ﬁle", "a" * 257, 3, None],
)
def test_names_outside_the_uima_rules_are_refused(name: object) -> None:
    """Digits first, underscores first, spaces, punctuation, keywords, NFKC changes: refused."""
    assert feature_name_problem(name) is not None


@pytest.mark.parametrize("name", ["webanno..Q", ".Q", "Q.", "webanno.custom.Q[]", "a.1b"])
def test_type_names_are_dotted_identifiers(name: str) -> None:
    """A type name is identifiers joined by single dots; ``[]`` only for a CAS JSON range."""
    assert type_name_problem(name) is not None
    assert type_name_problem("uima.cas.String[]", array=True) is None


def test_a_doctype_or_entity_in_a_type_system_is_refused_unexpanded() -> None:
    """A DOCTYPE (entity declarations, external entities) is refused at its line and column."""
    xml = (
        b'<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        b"<typeSystemDescription><types/></typeSystemDescription>"
    )
    problem = check_typesystem_xml(xml)
    assert problem is not None and "DOCTYPE" in problem.message and problem.line == 2


def test_a_name_element_holding_markup_or_a_huge_type_system_is_refused() -> None:
    """A <name> with a child element, and a type system over the size bound, are refused."""
    xml = (
        b"<typeSystemDescription><types><typeDescription><name>a<b/>c</name>"
        b"</typeDescription></types></typeSystemDescription>"
    )
    problem = check_typesystem_xml(xml)
    assert problem is not None and "text only" in problem.message
    huge = b"<typeSystemDescription>" + b" " * (17 * 1024 * 1024) + b"</typeSystemDescription>"
    problem = check_typesystem_xml(huge)
    assert problem is not None and "larger than" in problem.message


def test_cas_json_super_range_and_element_types_are_checked() -> None:
    """Every type name in a CAS JSON %TYPES is checked, each at its JSON pointer."""
    base = {"%NAME": "a.Q", "%SUPER_TYPE": "uima.tcas.Annotation"}
    cases = {
        "/%TYPES/a.Q/%SUPER_TYPE": {"a.Q": base | {"%SUPER_TYPE": "x y"}},
        "/%TYPES/a.Q/f/%RANGE": {"a.Q": base | {"f": {"%RANGE": "uima.cas.String;"}}},
        "/%TYPES/a.Q/f/%ELEMENT_TYPE": {
            "a.Q": base | {"f": {"%RANGE": "uima.cas.FSArray", "%ELEMENT_TYPE": "a/b"}}
        },
        "/%TYPES/a~1b": {"a/b": base},
    }
    for pointer, types in cases.items():
        problem = check_cas_json(json.dumps({"%TYPES": types}).encode())
        assert problem is not None and problem.pointer == pointer, pointer
    fine = {"a.Q": base | {"f": {"%RANGE": "uima.cas.String[]"}}}
    assert check_cas_json(json.dumps({"%TYPES": fine}).encode()) is None
