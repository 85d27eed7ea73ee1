"""What the JSON orders DuckDB-path tests (Shopify REST and GraphQL bulk, WooCommerce,
BigCommerce) share: the same orders written in the file shapes a store's export script writes,
and one landing folder loaded twice, with the DuckDB path and with the Python mapping alone."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.landing_fixtures import load, rows
from tests.test_sources_load import land
from touchline.sources import load as source_load


def json_lines(records: list) -> bytes:
    """Records (dicts, or raw lines as they are) as JSON lines."""
    return b"".join((r if isinstance(r, str) else json.dumps(r)).encode() + b"\n" for r in records)


def snapshot(con) -> dict:
    """What both paths must give alike: the raw rows, the quarantine and the audit."""
    return {
        "orders": rows(con, "select * exclude (load_id) from raw.orders order by all"),
        "refunds": rows(con, "select * exclude (load_id) from raw.refunds order by all"),
        "pixel": rows(con, "select * exclude (load_id) from raw.pixel_events order by all"),
        "quarantine": rows(con, "select file_path, line_number, reason, raw_record from audit.quarantine order by all"),
        "audit": rows(
            con,
            "select file_path, status, reason, source_format, records_read, records_loaded, "
            "records_quarantined from audit.load_audit order by file_path",
        ),
    }


def orders_landing(
    tmp_path: Path,
    fixture: str,
    generated: list[dict],
    edges: list[dict],
    raw_lines: list[str],
    split: int,
    root: str | None = None,
) -> Path:
    """The fixture; an indented page of the generated orders then the edge orders (the edges
    are records 401...); a compact page of the edges and 20 generated; JSON lines mixing edges,
    raw lines and a blank line (plain, and CRLF after blank lines); gzipped JSON lines. A page
    is a top-level array, or with `root` an object whose `root` key holds the list (a REST
    `orders.json` page), and then the compact records as a top-level array too."""
    landing = tmp_path / "landing"
    (landing / "orders").mkdir(parents=True)
    land(landing, fixture, "orders/fixture/orders.json")
    compact = edges + generated[:20]
    if root is None:
        (landing / "orders/page.json").write_text(json.dumps(generated + edges, indent=1))
        (landing / "orders/compact.json").write_text(json.dumps(compact))
    else:
        (landing / "orders/page.json").write_text(json.dumps({root: generated + edges}, indent=2))
        (landing / "orders/compact.json").write_text(json.dumps({root: compact}))
        (landing / "orders/array.json").write_text(json.dumps(compact, indent=1))
    mixed = [*edges[:split], *raw_lines, "", *edges[split:], *generated[:50]]
    (landing / "orders/orders.jsonl").write_bytes(json_lines(mixed))
    (landing / "orders/crlf.jsonl").write_bytes(b"\n \n" + json_lines(mixed).replace(b"\n", b"\r\n"))
    (landing / "orders/orders.jsonl.gz").write_bytes(gzip.compress(json_lines(generated[100:200] + raw_lines)))
    return landing


def counting(monkeypatch, loader: str = "load_orders_json_sql") -> list[int]:
    """The orders the DuckDB path `loader` (a function of touchline.sources.load) mapped, per
    file it ran on, as the load goes."""
    mapped: list[int] = []
    original = getattr(source_load, loader)

    def counted(*args, **kwargs):
        result = original(*args, **kwargs)
        if result is not None:
            mapped.append(result[0])
        return result

    monkeypatch.setattr(source_load, loader, counted)
    return mapped


def both_paths(
    landing: Path,
    monkeypatch,
    source_format: str,
    *,
    files: int = 6,
    least_mapped: int = 500,
    loader: str = "load_orders_json_sql",
):
    """Load `landing` with the DuckDB path `loader`, then with the Python mapping alone; assert
    the same orders, refunds, page views, quarantine and audit, every file loaded as
    `source_format` and the path run on each of the `files` files, mapping more than
    `least_mapped` orders in all. The Python-only connection, for the test's hand checks (its
    rows are the DuckDB path's)."""
    mapped = counting(monkeypatch, loader)
    con, _ = load(landing)
    with_sql = snapshot(con)
    con.close()
    assert len(mapped) == files and all(count > 0 for count in mapped)
    assert sum(mapped) > least_mapped
    monkeypatch.setattr(source_load, loader, lambda *args, **kwargs: None)
    con, _ = load(landing)
    python_only = snapshot(con)
    for part in ("orders", "refunds", "pixel", "quarantine", "audit"):
        assert with_sql[part] == python_only[part], part
    assert all(row[1] == "loaded" for row in with_sql["audit"])
    assert {row[3] for row in with_sql["audit"]} == {source_format}
    return con


def same_as_python(landing: Path, monkeypatch, loader: str = "load_orders_json_sql") -> dict:
    """Load `landing` with the DuckDB path `loader`, then with the Python mapping alone;
    assert the same orders, refunds, page views, quarantine and audit; the first load's snapshot."""
    con, _ = load(landing)
    with_sql = snapshot(con)
    con.close()
    monkeypatch.setattr(source_load, loader, lambda *args, **kwargs: None)
    con, _ = load(landing)
    python_only = snapshot(con)
    con.close()
    for part in ("orders", "refunds", "pixel", "quarantine", "audit"):
        assert with_sql[part] == python_only[part], part
    return with_sql


def read_by(monkeypatch, module, name: str) -> list[bool]:
    """For each call of `module.name` (a reader that gives None when it refuses a file),
    whether it read the file."""
    calls: list[bool] = []
    original = getattr(module, name)

    def recording(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(module, name, recording)
    return calls


def typed_page(tmp_path: Path, monkeypatch, text: str) -> tuple[list[bool], dict]:
    """`text` landed as orders/page.json and loaded both ways (same_as_python): for each call of
    DuckDB's typed reader (orders_json_sql._typed_records) whether it read the file, and the
    first load's snapshot."""
    from touchline.sources import orders_json_sql

    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/page.json").write_text(text)
    calls = read_by(monkeypatch, orders_json_sql, "_typed_records")
    return calls, same_as_python(tmp_path, monkeypatch)


# what DuckDB's parser reads and Python's refuses (json_document_standard.sql), after each
# character a value follows: the value of a key `x` no mapping reads
NON_STANDARD_VALUES = {
    "nan_after_colon": '"x": NaN',
    "infinity_after_comma": '"x": [1, -Infinity]',
    "nan_after_bracket": '"x": [nan]',
    "trailing_comma": '"x": [1, 2,\n ]',
    "big_integer": '"x": 123456789012345678901',
    "big_exponent": '"x": 1E+400',
}


def page_edge_rows(con, columns: str, table: str = "raw.orders") -> list[tuple]:
    """`columns` of `table`'s rows from the edge records of orders/page.json, each led by the
    record's number among the edges (record 401 is edge 1), in order."""
    return rows(
        con,
        f"select line_number - 400, {columns} from {table} "
        "where file_path = 'orders/page.json' and line_number > 400 order by all",
    )
