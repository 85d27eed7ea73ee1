"""What the WooCommerce and BigCommerce DuckDB-path tests share: the same orders written in the
five file shapes a store's export script writes, and one landing folder loaded twice, with the
DuckDB path and with the Python mapping alone."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.landing_fixtures import load, rows
from tests.test_sources_load import land
from tests.test_sources_orders_json_sql import _counting, _lines, _snapshot
from touchline.sources import load as source_load


def orders_landing(
    tmp_path: Path, fixture: str, generated: list[dict], edges: list[dict], raw_lines: list[str], split: int
) -> Path:
    """The fixture; an indented array of the generated orders then the edge orders (the edges
    are records 401...); a compact array of the edges and 20 generated; JSON lines mixing edges,
    raw lines and a blank line (plain, and CRLF after blank lines); gzipped JSON lines."""
    landing = tmp_path / "landing"
    (landing / "orders").mkdir(parents=True)
    land(landing, fixture, "orders/fixture/orders.json")
    (landing / "orders/page.json").write_text(json.dumps(generated + edges, indent=1))
    (landing / "orders/compact.json").write_text(json.dumps(edges + generated[:20]))
    mixed = [*edges[:split], *raw_lines, "", *edges[split:], *generated[:50]]
    (landing / "orders/orders.jsonl").write_bytes(_lines(mixed))
    (landing / "orders/crlf.jsonl").write_bytes(b"\n \n" + _lines(mixed).replace(b"\n", b"\r\n"))
    (landing / "orders/orders.jsonl.gz").write_bytes(gzip.compress(_lines(generated[100:200] + raw_lines)))
    return landing


def both_paths(landing: Path, monkeypatch, source_format: str):
    """Load `landing` with the DuckDB path, then with the Python mapping alone; assert the same
    orders, refunds, quarantine and audit, every file loaded as `source_format` and the path
    run on each of the six files, mapping most orders. The Python-only connection, for the
    test's hand checks."""
    typed = _counting(monkeypatch)
    con, _ = load(landing)
    with_sql = _snapshot(con)
    con.close()
    assert len(typed) == 6 and all(count > 0 for count in typed)
    assert sum(typed) > 500
    monkeypatch.setattr(source_load, "load_orders_json_sql", lambda *args, **kwargs: None)
    con, _ = load(landing)
    python_only = _snapshot(con)
    for part in ("orders", "refunds", "quarantine", "audit"):
        assert with_sql[part] == python_only[part], part
    assert all(row[1] == "loaded" for row in with_sql["audit"])
    assert {row[3] for row in with_sql["audit"]} == {source_format}
    return con


def page_edge_rows(con, columns: str, table: str = "raw.orders") -> list[tuple]:
    """`columns` of `table`'s rows from the edge records of orders/page.json, each led by the
    record's number among the edges (record 401 is edge 1), in order."""
    return rows(
        con,
        f"select line_number - 400, {columns} from {table} "
        "where file_path = 'orders/page.json' and line_number > 400 order by all",
    )
