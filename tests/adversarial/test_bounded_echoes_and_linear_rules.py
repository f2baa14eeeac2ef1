"""Input is never echoed whole, and rules and renderers stay linear on adversarial input."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def split_into_parts(bundle: Path, extension: str, parts: int) -> None:
    """Make every table of ``bundle`` a list of ``parts`` files: its rows, then empty parts."""
    descriptor = orjson.loads((bundle / "datapackage.json").read_bytes())
    for resource in descriptor["resources"]:
        first = bundle / resource["path"]
        names = [resource["path"]]
        names += [f"{resource['name']}-{i:03d}.{extension}" for i in range(1, parts)]
        if extension == "csv":
            header = first.read_bytes().split(b"\r\n", 1)[0] + b"\r\n"
            for part in names[1:]:
                (bundle / part).write_bytes(header)
        else:
            import pyarrow.parquet as pq

            table = pq.read_table(first).slice(0, 0)
            for part in names[1:]:
                pq.write_table(table, bundle / part)
        resource["path"] = names
    (bundle / "datapackage.json").write_bytes(orjson.dumps(descriptor))


def _few_descriptors() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))


@pytest.mark.parametrize("extension", ["csv", "parquet"])
def test_a_bundle_of_100_parts_per_table_reads_under_64_descriptors(
    tmp_path: Path, extension: str
) -> None:
    """Parts are opened one at a time: 100 parts per table convert with RLIMIT_NOFILE at 64."""
    bundle = tmp_path / "bundle"
    made = run_cli("convert", str(SEED), "--to", extension, "-o", str(bundle))
    assert made.returncode == 0, made.stderr
    split_into_parts(bundle, extension, 100)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsschema",
            "convert",
            str(bundle),
            "--from",
            extension,
            "--to",
            "json",
            "-o",
            str(tmp_path / "out.json"),
        ],
        capture_output=True,
        preexec_fn=_few_descriptors,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    again = newsschema.loads((tmp_path / "out.json").read_bytes())
    assert again == newsschema.loads(SEED.read_bytes())


Growth = Callable[[Callable[[], object], Callable[[], object]], float]


def validate_growth(cpu_growth: Growth, small: bytes, large: bytes) -> float:
    """How many times more CPU time validating ``large`` costs than ``small`` (best of three)."""
    return cpu_growth(lambda: newsschema.validate(small), lambda: newsschema.validate(large))


def scare_quotes_over_white_space(count: int) -> bytes:
    """``count`` scare quotes, each over one space of a single long run of spaces."""
    body = "«" + " " * (2 * count) + "»"
    doc: dict[str, Any] = {
        "schema_version": "1.0",
        "article": {"id": "a", "headline": "h", "body": body, "language": "en"},
        "quotes": [
            {"id": f"q{i}", "kind": "scare", "text": " ", "span": {"start": s, "end": s + 1}}
            for i, s in enumerate(range(2, 2 * count, 2))
        ],
    }
    return orjson.dumps(doc)


def test_scare_quotes_over_a_long_white_space_run_are_checked_in_linear_time(
    cpu_growth: Growth,
) -> None:
    """8x as many quotes in an 8x longer run of spaces cost about 8x (was 64x), CPU compared."""
    small, large = scare_quotes_over_white_space(2_000), scare_quotes_over_white_space(16_000)
    small_report, large_report = newsschema.validate(small), newsschema.validate(large)
    # Every quote is between « and » over spaces: marked, so NS401 finds nothing.
    assert [f.code for f in large_report.findings if f.code == "NS401"] == []
    assert len(small_report.findings) * 8 >= len(large_report.findings) - 8
    assert validate_growth(cpu_growth, small, large) < 24


def flag_mentions(count: int) -> bytes:
    """A body of ``count`` flags, each one a mention of the same entity."""
    flag = "\U0001f1fa\U0001f1f8"
    doc: dict[str, Any] = {
        "schema_version": "1.0",
        "article": {"id": "a", "headline": "h", "body": flag * count, "language": "en"},
        "entities": [
            {
                "id": "us",
                "kind": "place",
                "name": flag,
                "mentions": [{"start": 2 * i, "end": 2 * i + 2} for i in range(count)],
            }
        ],
    }
    return orjson.dumps(doc)


def aliases_and_mentions(count: int) -> bytes:
    """An entity with ``count`` aliases and ``count`` mentions of its last alias."""
    doc: dict[str, Any] = {
        "schema_version": "1.0",
        "article": {"id": "a", "headline": "h", "body": "Zed " * count, "language": "en"},
        "entities": [
            {
                "id": "z",
                "kind": "person",
                "name": "Zeta",
                "aliases": [f"alias {i}" for i in range(count)] + ["Zed"],
                "mentions": [{"start": 4 * i, "end": 4 * i + 3} for i in range(count)],
            }
        ],
    }
    return orjson.dumps(doc)


@pytest.mark.parametrize(("make", "small"), [(flag_mentions, 4_000), (aliases_and_mentions, 4_000)])
def test_flag_mentions_and_aliases_times_mentions_are_checked_in_linear_time(
    make: Any, small: int, cpu_growth: Growth
) -> None:
    """8x the flags (or aliases and mentions) cost about 8x (was 64x), CPU time compared."""
    small_data, large_data = make(small), make(8 * small)
    assert newsschema.validate(small_data).findings == ()
    assert newsschema.validate(large_data).findings == ()
    # Measured 9-11x when quiet; memory effects of a 1 MB document on a loaded machine reached
    # 25x. Quadratic is 64x, so 32 still tells the two apart.
    assert validate_growth(cpu_growth, small_data, large_data) < 32


def wide_header_bundle(tmp_path: Path, columns: int) -> Path:
    """A CSV bundle whose quotes.csv header has ``columns`` extra columns."""
    bundle = tmp_path / f"wide{columns}"
    made = run_cli("convert", str(SEED), "--to", "csv", "-o", str(bundle))
    assert made.returncode == 0, made.stderr
    quotes = bundle / "quotes.csv"
    header, rest = quotes.read_bytes().split(b"\r\n", 1)
    extra = b",".join(b"x%d" % i for i in range(columns))
    quotes.write_bytes(header + b"," + extra + b",x0\r\n" + rest)
    return bundle


def bundle_findings(bundle: Path) -> list[newsschema.Finding]:
    """Every finding of reading a CSV bundle."""
    from newsschema.formats import IMPORTERS

    return [f for loaded in IMPORTERS["csv"].read(bundle, {}) for f in loaded.findings]


def test_a_header_of_100k_columns_is_one_short_ns071_in_linear_time(
    tmp_path: Path, cpu_growth: Growth
) -> None:
    """A 100,000-column header: one NS071 naming five columns and a count; 8x cost about 8x."""
    small = wide_header_bundle(tmp_path, 12_500)
    large = wide_header_bundle(tmp_path, 100_000)
    found = bundle_findings(large)
    [finding] = [f for f in found if f.code == "NS071"]
    assert "and 99996 more" in finding.message  # x0 is listed twice
    assert "repeated column(s) " in finding.message
    assert len(finding.message) < 1_000
    assert cpu_growth(lambda: bundle_findings(small), lambda: bundle_findings(large)) < 24


def test_a_long_via_list_is_shown_as_ten_outlets_and_a_count_in_the_html_page() -> None:
    """The page's visible text names at most ten ``via`` outlets per chain, then counts the rest."""
    import re

    from newsschema.formats import get_document_exporter

    from .adversarial_support import minimal_dict

    visible = {}
    for count in (1_000, 8_000):
        raw = minimal_dict()
        raw["entities"][2]["name"] = "R" * 1_000
        raw["quotes"][0]["via"] = ["ria"] * count
        page = get_document_exporter("html").dump(newsschema.loads(orjson.dumps(raw)), {}).decode()
        assert f"→ … ({count - 10} more)" in page
        outside_scripts = re.sub(r"<script\b.*?</script>", "", page, flags=re.DOTALL)
        visible[count] = outside_scripts.count("R" * 1_000)
    assert visible[1_000] == visible[8_000] <= 30, visible


def many_invalid_lines(tmp_path: Path, count: int) -> Path:
    """A JSON Lines file of ``count`` documents that break a rule, each followed by a bad line."""
    from .adversarial_support import minimal_dict

    path = tmp_path / f"invalid{count}.jsonl"
    with path.open("wb") as handle:
        for i in range(count):
            doc = minimal_dict()
            doc["article"]["id"] = f"a{i}"
            doc["quotes"][0]["speaker"] = "nobody"  # NS202: an unknown speaker
            handle.write(orjson.dumps(doc) + b"\n" + b'{"broken": \n')
    return path


def test_convert_of_many_invalid_json_lines_is_linear(tmp_path: Path, cpu_growth: Growth) -> None:
    """8x invalid JSON Lines cost convert about 8x: findings are located without re-reading."""
    from newsschema.convert import ConvertError, convert

    def refused(path: Path) -> int:
        try:
            convert([str(path)], to="jsonl", output=str(tmp_path / "out.jsonl"))
        except ConvertError as exc:
            return len(exc.findings)
        raise AssertionError("converted invalid input")

    small, large = many_invalid_lines(tmp_path, 250), many_invalid_lines(tmp_path, 2_000)
    assert (refused(small), refused(large)) == (500, 4_000)
    assert not (tmp_path / "out.jsonl").exists()
    assert cpu_growth(lambda: refused(small), lambda: refused(large)) < 24
