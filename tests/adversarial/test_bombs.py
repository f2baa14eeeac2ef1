"""Round two, blow-ups: overlapping quotes, zip and Parquet bombs, under a 1 GB address space."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

import newsschema
from newsschema import cli
from newsschema.formats import canonical
from newsschema.formats.tables import parquet_bundle
from newsschema.reporters import REPORTERS

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("*.json"))
LIMIT = 1_000_000 * 1024  # ulimit -v 1000000 (KiB)


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli.cli, list(args), catch_exceptions=False)


def crossing_quotes(count: int) -> bytes:
    """``count`` quotes that all cross each other: count²/2 overlapping pairs."""
    body = "x" * (2 * count + 1)
    quotes = [
        {
            "id": f"q{i}",
            "kind": "indirect",
            "text": body[i : i + count],
            "span": {"start": i, "end": i + count},
        }
        for i in range(count)
    ]
    article = {"id": "a", "headline": "h", "body": body, "language": "en"}
    return orjson.dumps({"schema_version": "1.0", "article": article, "quotes": quotes})


def test_overlapping_quotes_give_one_finding_per_quote_and_linear_report() -> None:
    """NS105 reports each quote once with a count; the report grows 8x for 8x quotes, not 64x."""
    small, large = crossing_quotes(200), crossing_quotes(1600)
    sizes = []
    for data, count in ((small, 200), (large, 1600)):
        report = newsschema.validate(data)
        found = [f for f in report.findings if f.code == "NS105"]
        assert len(found) == count - 1  # every quote but the first crosses an earlier one
        assert (
            found[-1].message == f"quote partly overlaps quote 'q0' and {count - 2} other quote(s)"
        )
        out = io.StringIO()
        REPORTERS["json"](report, out)
        sizes.append(len(out.getvalue()))
    assert sizes[1] / sizes[0] < 10, sizes


def test_overlap_sweep_counts_every_crossing_and_twin() -> None:
    """Counts match a brute-force pair count on mixed nested, crossing and same-span quotes."""
    spans = [(0, 10), (5, 15), (6, 16), (2, 8), (0, 10), (12, 20), (12, 20), (3, 3), (9, 13)]
    body = "x" * 30
    quotes = [
        {"id": f"q{i}", "kind": "indirect", "text": body[s:e], "span": {"start": s, "end": e}}
        for i, (s, e) in enumerate(spans)
    ]
    article = {"id": "a", "headline": "h", "body": body, "language": "en"}
    report = newsschema.validate(
        orjson.dumps({"schema_version": "1.0", "article": article, "quotes": quotes})
    )
    got = {f.pointer: f.message for f in report.findings if f.code == "NS105"}
    expected: dict[str, int] = {}
    order = sorted(range(len(spans)), key=lambda k: (spans[k], k))
    for x, b in enumerate(order):
        s2, e2 = spans[b]
        cross = sum(1 for a in order[:x] if spans[a][0] < s2 < spans[a][1] < e2)
        same = sum(1 for a in order[:x] if spans[a] == (s2, e2) and s2 < e2)
        if cross + same:
            expected[f"/quotes/{b}/span"] = cross + same
    assert set(got) == set(expected)
    for pointer, message in got.items():
        counted = 0
        for part in message.removeprefix("quote ").split(" and "):
            counted += int(part.split()[0]) if part[0].isdigit() else 1
        assert counted == expected[pointer], (pointer, message)


def zip_bundle(tmp_path: Path, field_bytes: int) -> Path:
    """A zipped CSV bundle whose articles table holds one field of ``field_bytes`` zeros."""
    out = tmp_path / "b"
    document = next(canonical.JSON.read(SEED, {})).document
    assert document is not None
    (tmp_path / "in.jsonl").write_bytes(canonical.JSONL.dump(document, {}))
    assert (
        invoke("convert", str(tmp_path / "in.jsonl"), "--to", "csv", "-o", str(out)).exit_code == 0
    )
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(out.iterdir()):
            if path.name != "articles.csv":
                zf.write(path, path.name)
                continue
            header, _row = path.read_bytes().split(b"\r\n", 1)
            with zf.open("articles.csv", "w", force_zip64=True) as member:
                member.write(header + b'\r\n"')
                chunk = b"0" * (1 << 20)
                for _ in range(field_bytes >> 20):
                    member.write(chunk)
                member.write(b'"\r\n')
    return archive


def run_limited(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI in a real process under ``ulimit -v 1000000``."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "newsschema", *args],
        capture_output=True,
        preexec_fn=limit,
        timeout=300,  # only stops a hung process, not a speed check
        check=False,
    )


def test_a_zip_bomb_is_a_located_error_under_a_1gb_limit(tmp_path: Path) -> None:
    """A zip whose field expands to 256 MiB is refused (NS070 at the member) under ulimit -v 1e6."""
    archive = zip_bundle(tmp_path, 256 << 20)
    assert archive.stat().st_size < 2 << 20
    result = run_limited("convert", str(archive), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl"))
    assert result.returncode == 1, result.stderr[-2000:]
    assert b"Traceback" not in result.stderr
    assert b"NS070" in result.stderr and b"articles.csv" in result.stderr
    assert b"compression bomb" in result.stderr


def test_a_bombed_descriptor_is_not_read_whole(tmp_path: Path) -> None:
    """A datapackage.json expanding to 640 MiB is an NS070 under ulimit -v 1e6, never parsed."""
    archive = tmp_path / "d.zip"
    with (
        zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf,
        zf.open("datapackage.json", "w", force_zip64=True) as member,
    ):
        member.write(b'{"resources": "')
        for _ in range(640):
            member.write(b" " * (1 << 20))
        member.write(b'"}')
    result = run_limited("convert", str(archive), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl"))
    assert result.returncode == 1, result.stderr[-2000:]
    assert b"Traceback" not in result.stderr and b"NS070" in result.stderr


def test_a_huge_plain_csv_field_is_a_located_error(tmp_path: Path) -> None:
    """An uncompressed 40 MiB field (over the 16 MiB field limit) is NS072 at its line."""
    archive = zip_bundle(tmp_path, 40 << 20)
    folder = tmp_path / "plain"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(folder)
    result = run_limited("convert", str(folder), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl"))
    assert result.returncode == 1, result.stderr[-2000:]
    assert b"Traceback" not in result.stderr
    assert b"NS072" in result.stderr and b"field larger than field limit" in result.stderr


@pytest.mark.parametrize("damage", ["crc", "encrypted", "compression", "deflate"])
def test_damaged_zip_members_are_located_errors(tmp_path: Path, damage: str) -> None:
    """CRC errors, the encrypted flag, unknown compression and a corrupt stream are NS070."""
    archive = zip_bundle(tmp_path, 1 << 20)
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("articles.csv")
    local = info.header_offset
    name_len = int.from_bytes(data[local + 26 : local + 28], "little")
    extra_len = int.from_bytes(data[local + 28 : local + 30], "little")
    payload = local + 30 + name_len + extra_len
    central = data.rfind(b"PK\x01\x02" + data[local + 4 : local + 6], 0)
    central = data.find(b"articles.csv", payload + info.compress_size) - 46
    if damage == "crc":
        data[central + 16] ^= 0xFF
        data[local + 14] ^= 0xFF
    elif damage == "encrypted":
        data[central + 8] |= 1
        data[local + 6] |= 1
    elif damage == "compression":
        data[central + 10] = 99
        data[local + 8] = 99
    else:
        data[payload + 10 : payload + 40] = b"\xff" * 30
    archive.write_bytes(bytes(data))
    result = run_limited("convert", str(archive), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl"))
    assert result.returncode == 1, result.stderr[-2000:]
    assert b"Traceback" not in result.stderr
    assert b"NS070" in result.stderr and b"articles.csv" in result.stderr


def test_a_parquet_table_declaring_more_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Parquet file whose row groups expand beyond the member limit is NS070, never decoded."""
    out = tmp_path / "p"
    (tmp_path / "in.jsonl").write_bytes(
        canonical.JSONL.dump(next(canonical.JSON.read(SEED, {})).document, {})  # type: ignore[arg-type]
    )
    assert (
        invoke("convert", str(tmp_path / "in.jsonl"), "--to", "parquet", "-o", str(out)).exit_code
        == 0
    )
    monkeypatch.setattr(parquet_bundle, "MAX_MEMBER_BYTES", 64)
    result = invoke("convert", str(out), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 1
    assert "NS070" in result.output and "expands to" in result.output


def test_corrupt_parquet_pages_blame_the_input_file(tmp_path: Path) -> None:
    """A damaged data page is NS070 at the input table, not an error about the output."""
    out = tmp_path / "p"
    (tmp_path / "in.jsonl").write_bytes(
        canonical.JSONL.dump(next(canonical.JSON.read(SEED, {})).document, {})  # type: ignore[arg-type]
    )
    assert (
        invoke("convert", str(tmp_path / "in.jsonl"), "--to", "parquet", "-o", str(out)).exit_code
        == 0
    )
    table = out / "quotes.parquet"
    data = bytearray(table.read_bytes())
    for k in range(8, min(len(data) // 2, 400)):
        data[k] ^= 0x5A
    table.write_bytes(bytes(data))
    result = invoke("convert", str(out), "--to", "jsonl", "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 1
    assert "NS070" in result.output and "quotes.parquet" in result.output
    assert "o.jsonl" not in result.output
