"""Shopify Admin GraphQL bulk-operation lines read by DuckDB's typed reader
(orders_json_sql.typed_lines_table, formats/shopify_admin_api.py GRAPHQL_TYPED_COLUMNS, then
sql/shopify_graphql_typed_lines.sql): the same orders, refunds, journey page views, quarantine
and audit as the Python mapping alone. A file the reader refuses (a key the mapping reads
written twice in a line or an object it reads, one of those objects that is not an object) takes
the line-by-line way (sql/json_lines_items.sql, shopify_graphql_lines.sql) with the same result,
and so does a file whose lines it would number or read otherwise than Python (non-standard JSON,
a blank or `null` line between records). Every value is made up here
(tests/test_sources_bulk_orders_sql.py has the lines' fields)."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.orders_json_paths import json_lines, read_by, same_as_python
from tests.test_sources_bulk_orders_sql import EDGE_GROUPS, RAW_LINES, _generated, _order
from touchline import settings
from touchline.sources import bulk_orders_sql

# the edge groups (numbered as in EDGE_GROUPS, from 1) the typed reader refuses: a customer that
# is not an object
REFUSED_EDGES = {30}
# values whose JSON text holds an escape, which the typed path decodes with the JSON parser
ESCAPED = [
    _order(101, id='gid://shopify/Order/"101', email='o"neil@example.com'),
    _order(102, customerJourneySummary={"lastVisit": {"landingPage": "/p\\q", "referrerUrl": 'https://x.example/"q"'}}),
    _order(103, displayFinancialStatus="PA\tID"),
]


def _typed_reads(monkeypatch) -> list[bool]:
    """For each file the DuckDB path read, whether the typed reader read it."""
    return read_by(monkeypatch, bulk_orders_sql, "typed_lines_table")


def _same_as_python(landing, monkeypatch) -> dict:
    return same_as_python(landing, monkeypatch, "load_bulk_orders_sql")


def test_typed_reader_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    edges = [line for number, group in enumerate(EDGE_GROUPS, 1) if number not in REFUSED_EDGES for line in group]
    generated = _generated(300, seed=23)
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/bulk.jsonl").write_bytes(b"\n \n" + json_lines(generated + edges + ESCAPED))
    (tmp_path / "orders/crlf.jsonl").write_bytes(json_lines(edges + generated[:50]).replace(b"\n", b"\r\n"))
    # gzipped, under a name that does not say so
    (tmp_path / "orders/export.jsonl").write_bytes(gzip.compress(json_lines(ESCAPED + edges + generated[50:90])))
    reads = _typed_reads(monkeypatch)
    with_sql = _same_as_python(tmp_path, monkeypatch)
    assert reads == [True] * 3
    assert len(with_sql["orders"]) > 300 + 2 * 30
    assert len(with_sql["pixel"]) > 10  # the journeys' page views and checkouts, Python's
    assert all(row[1] == "loaded" and row[3] == "shopify_admin_graphql" for row in with_sql["audit"])


_ORDER = '{"id": "gid://shopify/Order/9100", "createdAt": "2026-03-14T10:00:00Z", "currencyCode": "EUR"'
# Each a line the typed reader refuses, as raw text (what json.dumps cannot write)
_REFUSED = {
    "repeated_id": RAW_LINES[0],
    "repeated_amount": RAW_LINES[1],
    "repeated_visit_time": RAW_LINES[8],
    "repeated_customer_id": RAW_LINES[9],
    "customer_text": _ORDER + ', "customer": "c"}',
    "money_list": _ORDER + ', "totalPriceSet": [{"shopMoney": {"amount": "1.00"}}]}',
    "visit_text": _ORDER + ', "customerJourneySummary": {"lastVisit": "/p"}}',
    "repeated_moments": _ORDER + ', "customerJourneySummary": {"moments": null, "moments": {"nodes": []}}}',
    "not_an_object": '["an", "array"]',
}
# Each a file of lines the typed reader would read otherwise than Python
_LEFT = {
    "nan": RAW_LINES[2],
    "trailing_comma": RAW_LINES[3],
    "big_integer": RAW_LINES[12],
    "blank_line": "",
    "spaces_line": "   ",
    "null_line": "null",
}


@pytest.mark.parametrize(("name", "line"), sorted({**_REFUSED, **_LEFT}.items()))
def test_a_file_the_typed_reader_refuses_is_read_line_by_line(tmp_path, monkeypatch, name, line):
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/bulk.jsonl").write_text(
        "".join(f"{text}\n" for text in (json.dumps(_order(1)), line, json.dumps(_order(2))))
    )
    reads = _typed_reads(monkeypatch)
    with_sql = _same_as_python(tmp_path, monkeypatch)
    assert reads == [False]
    assert len(with_sql["orders"]) >= 2


@pytest.mark.parametrize("extra", [b"", RAW_LINES[2].encode() + b"\n"])
def test_blank_lines_inside_fold_groups_are_read_as_python_reads_them(tmp_path, monkeypatch, extra):
    # a blank line after every line, so inside the groups DuckDB takes (their lines are the range
    # from the first to the last) and between them; with and without a line left to Python
    lines = json_lines(_generated(40, seed=7)).split(b"\n")
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/bulk.jsonl").write_bytes(b"\n\n".join(lines[:30]) + b"\n" + extra + b"\n\n".join(lines[30:]))
    with_sql = _same_as_python(tmp_path, monkeypatch)
    assert len(with_sql["orders"]) >= 40


def _nested(depth: int) -> str:
    """An order line holding a value nested `depth` lists deep, in a key the mapping does not read."""
    return json.dumps(_order(9)).rstrip("}") + ', "note": ' + "[" * depth + "]" * depth + "}"


def test_a_line_nested_deeper_than_python_reads_is_read_line_by_line(tmp_path, monkeypatch):
    # Python's parser refuses 1100 nested lists (its line is quarantined); the typed reader does
    # not, so the line checks (LineBounds.are_plain: no line holds 1000 brackets) must leave the
    # file to the line-by-line way; 900 (a long line too) is read by the typed reader
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/deep.jsonl").write_bytes(json_lines([_order(1), _nested(1100), _order(2)]))
    (tmp_path / "orders/long.jsonl").write_bytes(json_lines([_order(3), _nested(900), _order(4)]))
    reads = _typed_reads(monkeypatch)
    with_sql = _same_as_python(tmp_path, monkeypatch)
    assert reads == [False, True]
    assert len(with_sql["quarantine"]) == 1 and len(with_sql["orders"]) == 5


def test_a_line_over_the_record_limit_is_read_line_by_line(tmp_path, monkeypatch):
    # quarantined by its length by Python; the typed reader would read it whole
    monkeypatch.setenv(settings.MAX_RECORD_BYTES_ENV, "4KiB")
    padded = _order(5, note="x" * 5000)
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/bulk.jsonl").write_bytes(json_lines([_order(1), padded, _order(2)]))
    # the long line last, without a final newline
    (tmp_path / "orders/last.jsonl").write_bytes(json_lines([_order(3), _order(6, note="x" * 3000)]).rstrip(b"\n"))
    reads = _typed_reads(monkeypatch)
    with_sql = _same_as_python(tmp_path, monkeypatch)
    assert reads == [False, True]
    assert len(with_sql["quarantine"]) == 1 and len(with_sql["orders"]) == 4
