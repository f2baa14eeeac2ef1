"""Long ``via`` chains keep CSV and Parquet bundles bounded by the input, and still lossless."""

from __future__ import annotations

from pathlib import Path

import orjson

import newsschema
from newsschema.findings import Finding
from newsschema.formats import IMPORTERS
from newsschema.formats.tables._tables import VIA_SEPARATOR
from newsschema.formats.tables._tables_write import document_rows
from newsschema.models import Document

from ..adversarial.adversarial_support import minimal_dict
from .tables_support import canonical, export, read_table, reimport, write_table

NAME = "R" * 1_000


def relayed(count: int, outlets: tuple[str, ...] = ("ria",)) -> Document:
    """A quote relayed ``count`` times, cycling through ``outlets`` (RIA's name is long)."""
    raw = minimal_dict()
    raw["entities"][2]["name"] = NAME
    for outlet in outlets[1:]:
        raw["entities"].append({"id": outlet, "kind": "outlet", "name": f"Outlet {outlet}"})
    raw["quotes"][0]["via"] = [outlets[i % len(outlets)] for i in range(count)]
    return newsschema.loads(orjson.dumps(raw))


def size(path: Path) -> int:
    """Bytes of a bundle: one file, or every file in a directory."""
    if path.is_file():
        return path.stat().st_size
    return sum(part.stat().st_size for part in path.rglob("*") if part.is_file())


def findings_of(bundle: Path) -> list[Finding]:
    return [f for item in IMPORTERS["csv"].read(bundle, {}) for f in item.findings]


def test_a_long_via_chain_keeps_both_bundles_bounded_and_lossless(tmp_path: Path) -> None:
    """8x repeats of a long-named outlet grow CSV and Parquet by < 8x, never entries x name."""
    for fmt, target in (("csv", "bundle"), ("parquet", "bundle.parquet")):
        small = relayed(1_000)
        large = relayed(8_000)
        small_path = export(fmt, [small], tmp_path / f"small-{target}")
        large_path = export(fmt, [large], tmp_path / f"large-{target}")
        small_size, large_size = size(small_path), size(large_path)
        assert large_size < 8 * small_size, (fmt, small_size, large_size)
        # Naming every entry would be 8,000 x 1,000 bytes; the bundle stays far below that.
        assert large_size < 8_000 * len(NAME) // 20, (fmt, large_size)
        back = reimport(fmt, large_path)
        assert canonical(back) == canonical([large]), fmt
        assert list(back[0].quotes[0].via) == ["ria"] * 8_000


def test_via_names_shows_ten_names_then_counts_the_rest() -> None:
    """The via_names cell names the first ten outlets and counts the rest as '… (N more)'."""
    document = relayed(12, ("ria", "o1", "o2"))
    rows = document_rows(document)
    names = [NAME, "Outlet o1", "Outlet o2"]
    expected = VIA_SEPARATOR.join(names[i % 3] for i in range(10)) + "; … (2 more)"
    assert rows["quotes"][0]["via_names"] == expected
    assert list(relayed(10, ("ria", "o1")).quotes[0].via) == ["ria", "o1"] * 5
    ten = document_rows(relayed(10, ("ria", "o1")))["quotes"][0]["via_names"]
    assert ten == VIA_SEPARATOR.join([NAME, "Outlet o1"] * 5)


def test_an_outlet_is_named_on_its_first_row_of_a_chain_only() -> None:
    """quote_outlets names each distinct outlet once per chain and leaves its repeats empty."""
    rows = document_rows(relayed(5, ("ria", "o1")))["quote_outlets"]
    assert [row["outlet_id"] for row in rows] == ["ria", "o1", "ria", "o1", "ria"]
    assert [row["outlet_name"] for row in rows] == [NAME, "Outlet o1", None, None, None]


def test_an_old_bundle_with_every_name_written_still_imports(tmp_path: Path) -> None:
    """A bundle with the full via_names join and a name on every outlet row reads back the same."""
    document = relayed(30, ("ria", "o1"))
    bundle = export("csv", [document], tmp_path / "bundle")
    quotes = read_table(bundle / "quotes.csv")
    full = VIA_SEPARATOR.join([NAME, "Outlet o1"] * 15)
    column = quotes[0].index("via_names")
    assert quotes[1][column] != full
    quotes[1][column] = full
    write_table(bundle / "quotes.csv", quotes)
    outlets = read_table(bundle / "quote_outlets.csv")
    name_at, id_at = outlets[0].index("outlet_name"), outlets[0].index("outlet_id")
    assert outlets[3][name_at] == ""
    for row in outlets[1:]:
        row[name_at] = NAME if row[id_at] == "ria" else "Outlet o1"
    write_table(bundle / "quote_outlets.csv", outlets)
    assert canonical(reimport("csv", bundle)) == canonical([document])


def test_a_wrong_label_or_name_in_a_long_chain_is_still_caught(tmp_path: Path) -> None:
    """A tampered via_names, a wrong repeated name or an empty first name are NS073."""
    document = relayed(30, ("ria", "o1"))
    tampers = [
        ("quotes.csv", "via_names", 1, "RIA"),
        ("quotes.csv", "via_names", 1, VIA_SEPARATOR.join([NAME, "Outlet o1"] * 14 + [NAME])),
        ("quote_outlets.csv", "outlet_name", 3, "Outlet o1"),
        ("quote_outlets.csv", "outlet_name", 1, ""),
    ]
    for i, (table, column, line, value) in enumerate(tampers):
        bundle = export("csv", [document], tmp_path / f"bundle{i}")
        rows = read_table(bundle / table)
        rows[line][rows[0].index(column)] = value
        write_table(bundle / table, rows)
        found = findings_of(bundle)
        assert [(f.code, f.line) for f in found] == [("NS073", line + 1)], (table, value, found)
        assert found[0].file is not None and found[0].file.endswith(table)
