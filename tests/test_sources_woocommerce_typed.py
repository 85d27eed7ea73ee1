"""WooCommerce REST orders as a top-level array read by DuckDB's typed reader
(orders_json_sql._typed_records, formats/woocommerce.py TYPED_COLUMNS, then
sql/woocommerce_rest_typed_parsed.sql): the same orders, refunds, quarantine and audit as the
Python mapping alone, and a file the reader refuses (a key written twice in an object the
mapping reads, a record or entry that is not an object, a list that is not a list) takes the
record-by-record way (sql/woocommerce_rest_parsed.sql) with the same result. Every value is
made up here (tests/test_sources_woocommerce_sql.py has the orders' fields)."""

from __future__ import annotations

import gzip
import json
import random
import re

import pytest

from tests.orders_json_paths import NON_STANDARD_VALUES, read_by, same_as_python, typed_page
from tests.test_sources_woocommerce_sql import _BASE, EDGE_ORDERS, _generated, _meta, _order, _refund
from touchline.sources import load as source_load
from touchline.sources import orders_json_sql
from touchline.sources.orders_json_sql import NON_STANDARD, NON_STANDARD_PARTS

# the edge orders (numbered as in EDGE_ORDERS, from 1) the typed reader refuses: a `billing`
# that is not an object, a `refunds` or `meta_data` entry that is not an object, a `refunds`
# or `meta_data` that is not a list
REFUSED_EDGES = {25, 53, 54, 76, 78}
# values whose JSON text holds an escape (a quote, a backslash, a control character: what DuckDB
# writes escaped), which the typed path decodes with the JSON parser
ESCAPED = [
    _order(201, id='W"201', billing={"email": 'o"neil@example.com'}),
    _order(202, meta_data=_meta(session_entry="/p\\q", referrer='https://x.example/"q"')),
    _order(203, customer_id="c\\203", refunds=[_refund(203, id='R"203')]),
    # Python strips the tab (str.strip), DuckDB's trim does not: a control character is Python's
    _order(204, meta_data=_meta(source_type="utm\t", utm_source="google", session_entry="/p")),
    _order(205, meta_data=_meta(session_entry="/p", utm_campaign="a\tb")),
]


def _typed_calls(monkeypatch) -> list[bool]:
    """For each call of the typed reader, whether it read the file."""
    return read_by(monkeypatch, orders_json_sql, "_typed_records")


def test_typed_reader_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    readable = [order for number, order in enumerate(EDGE_ORDERS, 1) if number not in REFUSED_EDGES] + ESCAPED
    generated = _generated(300, seed=21)
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/page.json").write_text("\n \n" + json.dumps(generated + readable, indent=2) + "\n")
    # gzipped, under a name that does not say so
    (tmp_path / "orders/export.json").write_bytes(gzip.compress(json.dumps(readable + generated[:30]).encode()))
    calls = _typed_calls(monkeypatch)
    inserted: list[int] = []
    original = source_load.load_orders_json_sql

    def counting(*args, **kwargs):
        result = original(*args, **kwargs)
        inserted.append(result[0] if result is not None else 0)
        return result

    monkeypatch.setattr(source_load, "load_orders_json_sql", counting)
    with_sql = same_as_python(tmp_path, monkeypatch)
    assert calls == [True, True]
    assert sum(inserted) > 300
    assert all(row[1] == "loaded" and row[3] == "woocommerce_rest" for row in with_sql["audit"])
    assert len(with_sql["quarantine"]) > 10  # the edges' reasons, Python's


# Each a file of a plain order and one the typed reader refuses (Python reads it: a repeated key
# keeps its last value), as raw text: what json.dumps cannot write.
_PLAIN = json.dumps(_order(1))
_REFUSED = {
    "repeated_total": '{"id": 9001, ' + _BASE + ', "total": "2.00"}',
    "repeated_email": '{"id": 9002, ' + _BASE + ', "billing": {"email": "a@example.com", "email": "b@example.com"}}',
    "repeated_meta_value": '{"id": 9003, '
    + _BASE
    + ', "meta_data": [{"key": "_wc_order_attribution_referrer", "value": "https://a.example/", '
    '"value": "https://b.example/"}]}',
    "repeated_meta_key": '{"id": 9004, '
    + _BASE
    + ', "meta_data": [{"key": "x", "key": "_wc_order_attribution_session_entry", "value": "/p"}]}',
    "repeated_refund_total": '{"id": 9005, '
    + _BASE
    + ', "date_modified_gmt": "2026-03-14T11:00:00", "refunds": [{"id": 1, "total": "-1.00", "total": "-2.00"}]}',
    "not_an_object": '["an", "array"]',
    "billing_text": '{"id": 9006, ' + _BASE + ', "billing": "x"}',
    "meta_entry_text": '{"id": 9007, ' + _BASE + ', "meta_data": ["x", {"key": "_wc_order_attribution_referrer", '
    '"value": "https://c.example/"}]}',
    "refunds_object": '{"id": 9008, ' + _BASE + ', "refunds": {"id": 1}}',
}


@pytest.mark.parametrize("name", sorted(_REFUSED))
def test_a_file_the_typed_reader_refuses_is_read_record_by_record(tmp_path, monkeypatch, name):
    calls, with_sql = typed_page(tmp_path, monkeypatch, f"[{_PLAIN},\n{_REFUSED[name]}]")
    assert calls == [False]
    assert len(with_sql["orders"]) + len(with_sql["quarantine"]) == 2


@pytest.mark.parametrize("name", sorted(NON_STANDARD_VALUES))
def test_a_document_python_refuses_is_not_read_by_duckdb(tmp_path, monkeypatch, name):
    """The file is rejected as Python's reader rejects it, and the typed reader is not tried."""
    line_items = "{" + NON_STANDARD_VALUES[name] + "}"
    text = f'[{_PLAIN}, {{"id": 2, {_BASE}, "line_items": {line_items}}}]'
    calls, with_sql = typed_page(tmp_path, monkeypatch, text)
    assert calls == []
    assert with_sql["audit"][0][1] == "rejected" and not with_sql["orders"]


def test_non_standard_looks_only_like_it_inside_strings(tmp_path, monkeypatch):
    """Text that would be non-standard outside a string (an `e123`, a `, ]`, a NaN) is read."""
    (tmp_path / "orders").mkdir()
    odd = _order(2, billing={"email": "e123@example.com", "note": "[NaN, 1E400, ]"})
    (tmp_path / "orders/page.json").write_text(json.dumps([_order(1), odd]))
    calls = _typed_calls(monkeypatch)
    with_sql = same_as_python(tmp_path, monkeypatch)
    assert calls == [True] and len(with_sql["orders"]) == 2


def test_the_scan_in_parts_finds_what_the_one_pattern_finds():
    """NON_STANDARD_PARTS (the whole-document scan) match exactly where NON_STANDARD does."""
    rng = random.Random(5)
    pieces = [",", ":", "[", "]", "}", " ", "\n", "-", "+", "e", "E", "N", "a", "n", "I", "f", "1", "9", ".", '"']
    texts = list(NON_STANDARD_VALUES.values()) + [
        "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40))) for _ in range(20000)
    ]
    texts += ["1e123", "xe123", ":" + "9" * 19, ":" + "9" * 18, ", 1.5e-300", "[ +inf", ":\t-NAN"]
    one = re.compile(NON_STANDARD)
    parts = {name: re.compile(pattern) for name, pattern in NON_STANDARD_PARTS.items()}
    for text in texts:
        in_parts = any(
            parts[name].search(text) for name in ("non_standard_comma", "non_standard_colon", "non_standard_bracket")
        ) or (
            bool(parts["non_standard_exponent_sign"].search(text)) and bool(parts["non_standard_exponent"].search(text))
        )
        assert in_parts == bool(one.search(text)), text
