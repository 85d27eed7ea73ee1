"""BigCommerce v2 orders as a top-level array read by DuckDB's typed reader
(orders_json_sql._typed_records, formats/bigcommerce.py TYPED_COLUMNS, then
sql/bigcommerce_v2_typed_parsed.sql): the same orders, refunds, quarantine and audit as the
Python mapping alone. A file the reader refuses (a key the mapping reads written twice in the
order or its `billing_address`, a record or `billing_address` that is not an object) takes the
record-by-record way (sql/bigcommerce_v2_parsed.sql) with the same result; a document Python's
reader refuses (non-standard JSON) is not given to the typed reader at all. Every value is made
up here (tests/test_sources_bigcommerce_sql.py has the orders' fields)."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.orders_json_paths import NON_STANDARD_VALUES, read_by, same_as_python, typed_page
from tests.test_sources_bigcommerce_sql import _BASE, EDGE_ORDERS, _generated, _order
from touchline.sources import orders_json_sql

# values whose JSON text holds an escape (a quote, a backslash, a control character), which the
# typed path decodes with the JSON parser
ESCAPED = [
    _order(201, id='B"201', billing_address={"email": 'o"neil@example.com'}),
    _order(202, customer_id="c\\202", currency_code="E\\UR"),
    _order(203, date_created="Sat, 14 Mar 2026 10:30:00\t+0000"),  # a tab: Python's
    _order(204, refunded_amount="\u0031.00", total_inc_tax="2.00\n"),
    _order(205, is_deleted="true", status_id=4),
]


def _typed_calls(monkeypatch) -> list[bool]:
    """For each call of the typed reader, whether it read the file."""
    return read_by(monkeypatch, orders_json_sql, "_typed_records")


def test_typed_reader_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    records = _generated(300, seed=23) + EDGE_ORDERS + ESCAPED
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/page.json").write_text("\n \n" + json.dumps(records, indent=2) + "\n")
    # gzipped, under a name that does not say so; compact
    (tmp_path / "orders/export.json").write_bytes(gzip.compress(json.dumps(EDGE_ORDERS + records[:30]).encode()))
    calls = _typed_calls(monkeypatch)
    with_sql = same_as_python(tmp_path, monkeypatch)
    assert calls == [True, True]
    assert len(with_sql["orders"]) > 300 and len(with_sql["refunds"]) > 30
    assert all(row[1] == "loaded" and row[3] == "bigcommerce_v2" for row in with_sql["audit"])
    assert len(with_sql["quarantine"]) > 2 * 10  # the edges' reasons, Python's


_PLAIN = json.dumps(_order(1, refunded_amount="1.00"))
# Each a record the typed reader refuses (Python reads it: a repeated key keeps its last value),
# as raw text: what json.dumps cannot write.
_REFUSED = {
    "repeated_id": '{"id": 9001, ' + _BASE + ', "id": 9002}',
    "repeated_total": '{"id": 9003, ' + _BASE + ', "total_inc_tax": "2.00"}',
    "repeated_status_id": '{"id": 9004, ' + _BASE + ', "status_id": 4}',
    "repeated_refunded_amount": '{"id": 9005, ' + _BASE + ', "refunded_amount": "1.00", "refunded_amount": "0.00"}',
    "repeated_is_deleted": '{"id": 9006, ' + _BASE + ', "is_deleted": true, "is_deleted": false}',
    "repeated_billing_email": '{"id": 9007, ' + _BASE + ', "billing_address": {"email": "a@example.com", '
    '"email": "b@example.com"}}',
    "billing_text": '{"id": 9008, ' + _BASE + ', "billing_address": "x"}',
    "billing_list": '{"id": 9009, ' + _BASE + ', "billing_address": [{"email": "a@example.com"}]}',
    "not_an_object": '["an", "array"]',
    "a_number": "5",
}


@pytest.mark.parametrize("name", sorted(_REFUSED))
def test_a_file_the_typed_reader_refuses_is_read_record_by_record(tmp_path, monkeypatch, name):
    calls, with_sql = typed_page(tmp_path, monkeypatch, f"[{_PLAIN},\n{_REFUSED[name]}]")
    assert calls == [False]
    assert len(with_sql["orders"]) + len(with_sql["quarantine"]) == 2


@pytest.mark.parametrize("name", sorted(NON_STANDARD_VALUES))
def test_a_document_python_refuses_is_not_read_by_duckdb(tmp_path, monkeypatch, name):
    """The file is rejected as Python's reader rejects it, and the typed reader is not tried
    (without the check, it would read the file and load its orders)."""
    text = f'[{_PLAIN}, {{"id": 2, {_BASE}, {NON_STANDARD_VALUES[name]}}}]'
    calls, with_sql = typed_page(tmp_path, monkeypatch, text)
    assert calls == []
    assert with_sql["audit"][0][1] == "rejected" and not with_sql["orders"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("null_entry", f'[{_PLAIN}, null, {{"id": 2, {_BASE}}}]'),
        ("empty_object", f'[{_PLAIN}, {{}}, {{"id": 2, {_BASE}}}]'),
        (
            "unread_key_repeated",
            f'[{{"id": 2, {_BASE}, "status": "a", "status": "b", "billing_address": {{"email": "a@example.com", '
            '"country_iso2": "DE", "country_iso2": "FR"}}]',
        ),
    ],
)
def test_records_the_typed_reader_reads_but_python_maps(tmp_path, monkeypatch, name, text):
    """A null or empty record reads as one without values, which DuckDB never takes (Python
    quarantines it, under its own number); a key the mapping does not read may be written twice
    (neither way reads it)."""
    calls, with_sql = typed_page(tmp_path, monkeypatch, text)
    assert calls == [True]
    if name == "unread_key_repeated":
        assert len(with_sql["orders"]) == 1 and not with_sql["quarantine"]
    else:
        assert len(with_sql["orders"]) == 2 and [row[1] for row in with_sql["quarantine"]] == [2]
