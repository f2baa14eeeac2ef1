"""The CLI in real use: messages, empty runs, foreign files, reporters and format."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from rich.progress import ProgressColumn

import newsschema
from newsschema._inputs import expand_inputs
from newsschema.cli import cli
from newsschema.findings import Finding
from newsschema.models import Article, Document
from newsschema.validation import validate_inputs

from ._docs import good_document

REPO = Path(__file__).resolve().parents[2]


def invoke(*args: str, cwd: Path | None = None, monkeypatch: Any = None) -> Result:
    if cwd is not None and monkeypatch is not None:
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write(path: Path, value: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(value, option=orjson.OPT_INDENT_2))
    return path


def unknown_speaker() -> dict[str, Any]:
    doc = good_document()
    doc["quotes"][0]["speaker"] = "e_lavorv"  # NS202, an error rule
    return doc


# --- validate(Document) -------------------------------------------------------------------


def test_validating_a_copy_with_a_bad_value_reports_it() -> None:
    """A model_copy(update=...) holding a bad date is re-validated: a finding, no AttributeError."""
    doc = Document.model_validate(good_document())
    bad_article = doc.article.model_copy(update={"date_published": "not a date"})
    report = newsschema.validate(doc.model_copy(update={"article": bad_article}))
    assert not report.valid
    assert [(f.code, f.pointer) for f in report.findings] == [("NS023", "/article/date_published")]


@given(
    field=st.sampled_from(sorted(Article.model_fields)),
    value=st.one_of(
        st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2)
    ),
)
def test_validating_any_bad_copy_never_crashes(field: str, value: Any) -> None:
    """Whatever value a copy holds, validate() returns a report instead of raising."""
    doc = Document.model_validate(good_document())
    copy = doc.model_copy(update={"article": doc.article.model_copy(update={field: value})})
    report = newsschema.validate(copy)
    assert report.documents == 1


# --- where a setting came from -----------------------------------------------------------


def test_select_error_on_the_command_line_names_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--select NS9 is blamed on the command line, not on a pyproject.toml without the table."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    write(tmp_path / "a.json", good_document())
    result = invoke("validate", "--select", "NS9", "a.json", cwd=tmp_path, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert "command line" in result.output and "pyproject" not in result.output


def test_select_error_in_a_config_file_names_the_config_option(tmp_path: Path) -> None:
    """A bad code in the file given with --config is blamed on that file, as --config."""
    config = tmp_path / "ci.toml"
    config.write_text('[tool.newsschema]\nselect = ["NS9"]\n')
    result = invoke("validate", "--config", str(config), str(tmp_path))
    assert result.exit_code == 2
    assert f"{config} (from --config) [tool.newsschema]: NS9" in result.output


# --- nothing to validate and true counts -----------------------------------------------------


def test_an_empty_folder_fails_with_ns030(tmp_path: Path) -> None:
    """Validating a folder with no document exits 1 with NS030 instead of passing."""
    (tmp_path / "empty").mkdir()
    result = invoke("validate", str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert "NS030 nothing to validate" in result.output
    assert "INVALID: 0 document(s) in 0 file(s)" in result.output


def test_allow_empty_lets_an_empty_run_pass(tmp_path: Path) -> None:
    """--allow-empty makes a run that finds no document pass."""
    result = invoke("validate", "--allow-empty", str(tmp_path))
    assert result.exit_code == 0, result.output


def test_a_folder_of_jsonld_names_the_convert_to_use(tmp_path: Path) -> None:
    """A folder holding only .jsonld files fails and says which --from converts them."""
    (tmp_path / "a.jsonld").write_text('{"@context": {}, "@type": "NewsArticle"}')
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "1 jsonld file(s): convert them with --from jsonld" in result.output


def test_a_missing_file_is_not_counted_as_a_document(tmp_path: Path) -> None:
    """A missing input is a file with an NS030 error and no document."""
    write(tmp_path / "a.json", good_document())
    result = invoke("validate", str(tmp_path / "a.json"), str(tmp_path / "gone.json"))
    assert result.exit_code == 1
    assert "INVALID: 1 document(s) in 2 file(s), 1 error(s)" in result.output


def test_convert_refusal_counts_what_it_read(tmp_path: Path) -> None:
    """convert's refusal summary counts the documents and files it read."""
    write(tmp_path / "a.json", good_document())
    write(tmp_path / "b.json", unknown_speaker())
    result = invoke("convert", str(tmp_path), "--to", "jsonl")
    assert result.exit_code == 1
    assert "INVALID: 2 document(s) in 2 file(s), 1 error(s)" in result.output


# --- convert: --from on a folder, rule selection, --jobs --------------------------------------


def test_convert_a_folder_from_jsonld_reads_its_jsonld_files(tmp_path: Path) -> None:
    """convert DIR --from jsonld converts the folder's .jsonld files instead of nothing."""
    write(tmp_path / "a.json", good_document())
    assert invoke("convert", str(tmp_path / "a.json"), "--to", "jsonld", "-o",
                  str(tmp_path / "ld" / "a.jsonld")).exit_code == 0  # fmt: skip
    result = invoke("convert", str(tmp_path / "ld"), "--from", "jsonld", "--to", "jsonl")
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.stdout_bytes)["article"]["id"] == "a1"


def test_convert_honours_ignore_on_the_command_line(tmp_path: Path) -> None:
    """convert --ignore lets through a document whose only error is an ignored rule."""
    write(tmp_path / "b.json", unknown_speaker())
    assert invoke("convert", str(tmp_path / "b.json"), "--to", "jsonl").exit_code == 1
    result = invoke("convert", str(tmp_path / "b.json"), "--to", "jsonl", "--ignore", "NS202")
    assert result.exit_code == 0, result.output


def test_convert_honours_pyproject_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """convert reads [tool.newsschema] like validate does."""
    (tmp_path / "pyproject.toml").write_text('[tool.newsschema]\nignore = ["NS202"]\n')
    write(tmp_path / "b.json", unknown_speaker())
    result = invoke("convert", "b.json", "--to", "jsonl", cwd=tmp_path, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output


def test_convert_warnings_as_errors_refuses_warnings(tmp_path: Path) -> None:
    """convert --warnings-as-errors refuses a document that only has warnings."""
    doc = good_document()
    doc["entities"][1]["mentions"] = []  # NS501, a completeness warning
    write(tmp_path / "w.json", doc)
    assert newsschema.validate(tmp_path / "w.json").warnings > 0
    assert invoke("convert", str(tmp_path / "w.json"), "--to", "jsonl").exit_code == 0
    result = invoke("convert", str(tmp_path / "w.json"), "--to", "jsonl", "--warnings-as-errors")
    assert result.exit_code == 1


def test_convert_jobs_gives_the_same_output_and_refusal(tmp_path: Path) -> None:
    """convert --jobs 2 writes what --jobs 1 writes, and refuses the same invalid input."""
    for i in range(3):
        doc = good_document()
        doc["article"]["id"] = f"a{i}"
        write(tmp_path / "in" / f"{i}.json", doc)
    one = invoke("convert", str(tmp_path / "in"), "--to", "jsonl")
    two = invoke("convert", str(tmp_path / "in"), "--to", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout_bytes == two.stdout_bytes and one.stdout_bytes.count(b"\n") == 3
    write(tmp_path / "in" / "bad.json", unknown_speaker())
    refused = invoke("convert", str(tmp_path / "in"), "--to", "jsonl", "--jobs", "2")
    assert refused.exit_code == 1 and "NS202" in refused.output


# --- messages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "x"}, "jsonld"),
        ([{"id": 1, "data": {"text": "x"}, "annotations": []}], "labelstudio"),
        ({"text": "Lavrov said", "entities": [["T1", "PER", [[0, 6]]]]}, "brat"),
        ([{"text": "Lavrov said", "label": [[0, 6, "PER"]]}], "doccano"),
    ],
)
def test_a_foreign_format_gets_one_hint(tmp_path: Path, content: Any, expected: str) -> None:
    """A JSON-LD document or a tool's export gets one NS024 naming convert --from."""
    path = write(tmp_path / "x.json", content)
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 2 and " NS024 " in lines[0], result.output
    assert f"newsschema convert --from {expected} {path} --to json" in lines[0]


def test_a_foreign_json_lines_file_is_named_once(tmp_path: Path) -> None:
    """Every line of a doccano JSONL export is foreign, but the hint is given once."""
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "a", "label": []}\n' * 5)
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert result.output.count("NS024") == 1
    assert "INVALID: 5 document(s) in 1 file(s)" in result.output


def test_a_broken_document_is_not_called_foreign(tmp_path: Path) -> None:
    """A newsschema document with a bad field keeps its own findings (no NS024)."""
    doc = good_document()
    doc["article"]["headlin"] = "typo"
    result = invoke("validate", str(write(tmp_path / "a.json", doc)))
    assert "NS020" in result.output and "NS024" not in result.output


def test_event_date_string_shows_the_expected_shape(tmp_path: Path) -> None:
    """NS022 on an event date given as a string shows the object it should be."""
    doc = good_document()
    doc["events"][0]["date"] = "2022-01-10"
    result = invoke("validate", str(write(tmp_path / "a.json", doc)))
    assert 'NS022 expected an object such as {"start": "2022-01-10"}' in result.output


def test_a_speaker_that_is_a_place_suggests_gpe(tmp_path: Path) -> None:
    """NS203 on a speaker that is a place suggests kind gpe."""
    doc = good_document()
    doc["quotes"][0]["speaker"] = "e_geneva"
    result = invoke("validate", str(write(tmp_path / "a.json", doc)))
    assert re.search(r"NS203 speaker 'e_geneva' is a place.*kind \"gpe\"", result.output)


# --- hooks and streaming ---------------------------------------------------------------------


def test_skip_foreign_skips_other_json(tmp_path: Path) -> None:
    """--skip-foreign skips package.json but still validates documents beside it."""
    write(tmp_path / "package.json", {"name": "x", "version": "1.0.0"})
    write(tmp_path / "a.json", unknown_speaker())
    alone = invoke("validate", "--skip-foreign", str(tmp_path / "package.json"))
    assert alone.exit_code == 0, alone.output
    both = invoke("validate", "--skip-foreign", str(tmp_path / "package.json"),
                  str(tmp_path / "a.json"))  # fmt: skip
    assert both.exit_code == 1 and "package.json" not in both.output
    assert "1 document(s) in 1 file(s)" in both.output


def test_skip_foreign_keeps_unparsable_files(tmp_path: Path) -> None:
    """A file that does not parse is not 'clearly foreign': it is still reported."""
    (tmp_path / "a.json").write_text('{"schema_version": "1.0",')
    result = invoke("validate", "--skip-foreign", str(tmp_path / "a.json"))
    assert result.exit_code == 1 and "NS0" in result.output


def test_findings_are_delivered_as_found_in_report_order(tmp_path: Path) -> None:
    """The found callback sees every finding once, in report order, as each input finishes."""
    write(tmp_path / "a.json", unknown_speaker())
    write(tmp_path / "b.json", good_document())
    write(tmp_path / "c.json", unknown_speaker())
    seen: list[Any] = []
    documents: list[int] = []

    def found(findings: Sequence[Finding], count: int) -> None:
        seen.extend(findings)
        documents.append(count)

    report = validate_inputs(expand_inputs([str(tmp_path)]), found=found)
    assert tuple(seen) == report.findings and len(seen) == 2
    assert documents == [1, 1, 1]


# --- CI reporters --------------------------------------------------------------------------


def test_github_annotations_have_end_positions_and_rule_names(tmp_path: Path) -> None:
    """--format github gives endLine/endColumn of the value and 'CODE name' as the title."""
    path = write(tmp_path / "a.json", unknown_speaker())
    result = invoke("validate", "--format", "github", str(path))
    line = result.output.splitlines()[0]
    found = re.match(
        r"::error file=[^,]+,line=(\d+),endLine=(\d+),col=(\d+),endColumn=(\d+),"
        r"title=NS202 unknown-id::",
        line,
    )
    assert found, line
    start_line, end_line, col, end_col = map(int, found.groups())
    text = path.read_text().splitlines()[start_line - 1]
    assert end_line == start_line and text[col - 1 : end_col - 1] == '"e_lavorv"'


def test_github_appends_a_markdown_job_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With GITHUB_STEP_SUMMARY set, every finding is listed there (beyond GitHub's 10)."""
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    for i in range(12):
        write(tmp_path / "in" / f"{i:02}.json", unknown_speaker())
    result = invoke("validate", "--format", "github", str(tmp_path / "in"))
    assert result.exit_code == 1
    text = summary.read_text()
    assert text.startswith("earlier step\n## newsschema validate\n")
    assert "| NS202 | unknown-id | 12 |" in text
    assert text.count("| NS202 | speaker 'e_lavorv'") == 12


def test_no_job_summary_without_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without GITHUB_STEP_SUMMARY nothing but the report is written."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    write(tmp_path / "a.json", unknown_speaker())
    invoke("validate", "--format", "github", str(tmp_path / "a.json"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def sarif(tmp_path: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "--format", "sarif", *args)
    value: dict[str, Any] = orjson.loads(result.stdout_bytes)
    return value


def test_sarif_uses_relative_uris_against_srcroot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_dir: Path
) -> None:
    """SARIF gives files under the working directory as relative URIs with %SRCROOT%."""
    import jsonschema

    write(tmp_path / "corpus" / "a.json", unknown_speaker())
    log = sarif(tmp_path, str(tmp_path / "corpus"), monkeypatch=monkeypatch)
    (run,) = log["runs"]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "corpus/a.json", "uriBaseId": "%SRCROOT%"}
    assert location["region"]["endLine"] >= location["region"]["startLine"]
    schema = orjson.loads((shared_dir / "schemas" / "sarif-schema-2.1.0.json").read_bytes())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(log)) == []


def test_sarif_fingerprints_survive_moved_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A finding keeps its partialFingerprints when an edit above it moves its line."""
    path = write(tmp_path / "a.json", unknown_speaker())
    before = sarif(tmp_path, "a.json", monkeypatch=monkeypatch)["runs"][0]["results"][0]
    path.write_text("\n\n\n" + path.read_text())
    after = sarif(tmp_path, "a.json", monkeypatch=monkeypatch)["runs"][0]["results"][0]
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in (before, after)]
    assert lines[1] == lines[0] + 3
    assert before["partialFingerprints"] == after["partialFingerprints"]
    other = write(tmp_path / "b.json", unknown_speaker())
    moved = sarif(tmp_path, other.name, monkeypatch=monkeypatch)["runs"][0]["results"][0]
    assert moved["partialFingerprints"] != before["partialFingerprints"]


# --- newsschema format ---------------------------------------------------------------------


def untidy(tmp_path: Path, name: str = "a.json") -> Path:
    """A valid document with shuffled keys, odd indentation and no final newline."""
    doc = good_document()
    shuffled = {key: doc[key] for key in reversed(list(doc))}
    path = tmp_path / name
    path.write_bytes(orjson.dumps(shuffled))
    return path


def test_format_rewrites_to_what_convert_writes(tmp_path: Path) -> None:
    """format rewrites a file to exactly what convert --to json writes for it."""
    path = untidy(tmp_path)
    expected = invoke("convert", str(path), "--to", "json").stdout_bytes
    result = invoke("format", str(path))
    assert result.exit_code == 0, result.output
    assert f"reformatted {path}" in result.output
    assert path.read_bytes() == expected and expected.endswith(b"}\n")


def test_format_check_lists_files_and_writes_nothing(tmp_path: Path) -> None:
    """format --check exits 1 naming the file that would change, and leaves it as it was."""
    path = untidy(tmp_path)
    before = path.read_bytes()
    result = invoke("format", "--check", str(tmp_path))
    assert result.exit_code == 1
    assert f"would reformat {path}" in result.output
    assert path.read_bytes() == before


def test_format_never_touches_a_canonical_file(tmp_path: Path) -> None:
    """A file already canonical is not rewritten (same inode and mtime) and --check passes."""
    path = untidy(tmp_path)
    invoke("format", str(path))
    stat = path.stat()
    again = invoke("format", str(path))
    assert again.exit_code == 0 and "0 file(s) reformatted, 1 unchanged" in again.output
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
    assert invoke("format", "--check", str(path)).exit_code == 0


def test_format_keeps_permissions(tmp_path: Path) -> None:
    """A rewritten file keeps its permission bits."""
    path = untidy(tmp_path)
    path.chmod(0o640)
    invoke("format", str(path))
    assert path.stat().st_mode & 0o777 == 0o640


def test_format_reports_invalid_files_and_never_rewrites_them(tmp_path: Path) -> None:
    """A file that does not load gets located findings, exit 1, and keeps its bytes."""
    doc = good_document()
    doc["article"]["headlin"] = "typo"
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(doc))
    before = bad.read_bytes()
    good = untidy(tmp_path, "good.json")
    result = invoke("format", str(tmp_path))
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(str(bad))}:1:\d+: NS020 unknown field", result.output)
    assert bad.read_bytes() == before
    assert f"reformatted {good}" in result.output


def test_format_json_lines(tmp_path: Path) -> None:
    """A JSON Lines file becomes one compact canonical document per line."""
    path = tmp_path / "a.jsonl"
    doc = good_document()
    path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2).replace(b"\n", b"") + b"\n\n")
    result = invoke("format", str(path))
    assert result.exit_code == 0, result.output
    expected = invoke("convert", str(path), "--to", "jsonl").stdout_bytes
    assert path.read_bytes() == expected and expected.count(b"\n") == 1


def test_format_refuses_symbolic_links(tmp_path: Path) -> None:
    """A symbolic link is reported, and neither it nor its target is rewritten."""
    (tmp_path / "elsewhere").mkdir()
    target = untidy(tmp_path / "elsewhere")
    before = target.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = invoke("format", str(link))
    assert result.exit_code == 1 and "symbolic link" in result.output
    assert link.is_symlink() and target.read_bytes() == before


def test_the_seed_is_in_canonical_form() -> None:
    """convert --to json of the seed file is the seed file, byte for byte."""
    for seed in sorted((REPO / "seeds").glob("*.json")):
        assert invoke("convert", str(seed), "--to", "json").stdout_bytes == seed.read_bytes()
        assert invoke("format", "--check", str(seed)).exit_code == 0


@given(
    keys=st.permutations(["schema_version", "article", "entities", "events", "quotes"]),
    indent=st.sampled_from([None, orjson.OPT_INDENT_2]),
)
def test_format_is_idempotent_and_keeps_the_document(keys: list[str], indent: int | None) -> None:
    """Formatting any layout of a document gives the same canonical bytes and the same model."""
    from newsschema.formatting import canonical_bytes

    doc = good_document()
    data = orjson.dumps({key: doc[key] for key in keys}, option=indent or 0)
    once, findings = canonical_bytes(data, name="a.json", jsonl=False)
    assert once is not None and findings == []
    twice, _ = canonical_bytes(once, name="a.json", jsonl=False)
    assert twice == once
    assert newsschema.loads(once) == newsschema.loads(data)


# --- one root cause, one finding ---------------------------------------------------------------


def shifted_document(shift: int) -> dict[str, Any]:
    """The good document with two emoji before the body and every span moved by ``shift``."""
    import hashlib

    doc = good_document()
    body = "😀😀 " + doc["article"]["body"]
    doc["article"]["body"] = body
    doc["article"]["text_sha256"] = hashlib.sha256(body.encode()).hexdigest()

    def move(node: Any) -> None:
        if isinstance(node, dict):
            if set(node) == {"start", "end"} and all(isinstance(v, int) for v in node.values()):
                node["start"] += shift
                node["end"] += shift
            for value in node.values():
                move(value)
        elif isinstance(node, list):
            for value in node:
                move(value)

    move({k: v for k, v in doc.items() if k != "article"})
    return doc


def test_utf16_offsets_are_folded_into_one_document_finding() -> None:
    """A document whose offsets are all UTF-16 code units gets one finding with the fix."""
    assert newsschema.validate(orjson.dumps(shifted_document(3))).findings == ()
    report = newsschema.validate(orjson.dumps(shifted_document(5)))  # 2 emoji: +2 units
    hinted = [f for f in report.findings if "UTF-16" in f.message]
    assert len(hinted) == 1, report.findings
    (folded,) = hinted
    assert folded.pointer == "" and folded.is_error
    assert "this document's offsets are UTF-16 code units" in folded.message
    assert "[...body.slice(0, offset)].length" in folded.message
    # The quote-mark finding the same shift causes is folded in too, and counted.
    assert report.findings == (folded,)
    assert "also folded here, likely the same cause: 1 NS401" in folded.message


def test_a_single_utf16_span_keeps_its_own_finding() -> None:
    """One span in UTF-16 units among code-point spans is reported at that span, not folded."""
    doc = good_document()
    body = doc["article"]["body"] + " 😀 Vienna"
    doc["article"]["body"] = body
    import hashlib

    doc["article"]["text_sha256"] = hashlib.sha256(body.encode()).hexdigest()
    start = body.rindex("Vienna")
    doc["entities"][3]["mentions"].append({"start": start + 1, "end": start + 7})
    report = newsschema.validate(orjson.dumps(doc))
    (only,) = report.findings
    assert only.pointer == "/entities/3/mentions/1" and "UTF-16" in only.message


# --- JUnit -----------------------------------------------------------------------------------


def test_junit_cases_are_named_after_the_article_and_timed(tmp_path: Path) -> None:
    """JUnit cases carry the article id and a time; an unloaded document keeps its index."""
    import xml.etree.ElementTree as ET

    lines = []
    for i in range(3):
        doc = good_document()
        doc["article"]["id"] = f"article-{i}"
        lines.append(orjson.dumps(doc))
    lines.insert(1, b"{not json")
    (tmp_path / "a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    result = invoke("validate", "--format", "junit", str(tmp_path / "a.jsonl"))
    root = ET.fromstring(result.stdout_bytes)
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == ["article-0", "document 1", "article-1", "article-2"]
    times = [float(c.get("time") or "nan") for c in cases]
    assert all(t >= 0 for t in times)
    suite = root.find("testsuite")
    assert suite is not None and float(suite.get("time") or "nan") >= 0


def test_junit_cases_are_the_same_with_workers(tmp_path: Path) -> None:
    """The recorded cases (file, index, id) do not depend on the number of workers."""
    for i in range(4):
        doc = good_document()
        doc["article"]["id"] = f"a{i}"
        write(tmp_path / f"{i}.json", doc)
    inputs = expand_inputs([str(tmp_path)])
    one = validate_inputs(inputs, cases=True)
    two = validate_inputs(inputs, cases=True, jobs=2)
    assert [c[:3] for c in one.cases] == [c[:3] for c in two.cases]
    assert [c[2] for c in one.cases] == ["a0", "a1", "a2", "a3"]
    assert validate_inputs(inputs).cases == ()


# --- progress ----------------------------------------------------------------------------------


def test_progress_meter_counts_documents_and_bytes() -> None:
    """The terminal meter shows documents done, a rate and elapsed time, and counts bytes."""
    from newsschema._progress import meter

    with meter("validating", 1000, show=True) as shown:
        shown.advance_documents(3)
        shown.advance_documents(2)
        shown.advance_bytes(400)
        assert shown.bar is not None
        (task,) = shown.bar.tasks
        assert task.fields["documents"] == 5 and task.completed == 400
        columns = shown.bar.columns[3:]
        assert all(isinstance(column, ProgressColumn) for column in columns)
        rendered = [str(c.render(task)) for c in columns if isinstance(c, ProgressColumn)]
    assert rendered[0] == "5 documents" and rendered[1].endswith("doc/s")
    assert re.fullmatch(r"\d+:\d\d:\d\d", rendered[2])


def test_no_meter_when_not_shown() -> None:
    """Without a terminal nothing is drawn and the callbacks are harmless."""
    from newsschema._progress import meter

    with meter("checking", None, show=False) as shown:
        shown.advance_documents(1)
        shown.advance_bytes(10)
    assert shown.bar is None and shown.documents == 1
