"""Shopify Admin REST orders read by DuckDB's typed reader (orders_json_sql._typed_records,
formats/shopify_admin_api.py TYPED_COLUMNS, then sql/shopify_rest_typed_parsed.sql) as an
`orders.json` page, a top-level array and JSON lines: the same orders, refunds, quarantine and
audit as the Python mapping alone. A file the reader refuses (a key the mapping reads written
twice in the order or its customer, a customer or record that is not an object) takes the
record-by-record way (sql/shopify_rest_parsed.sql) with the same result, and so does a file
whose records the reader would number or read otherwise than Python (a blank line between JSON
lines, a line over the record limit or nested deeper than Python reads, non-standard JSON; a
file of two pages: tests/test_sources_orders_json_sql.py). Every value is made up here (tests/test_sources_orders_json_sql.py has the
orders' fields)."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.orders_json_paths import json_lines, same_as_python
from tests.test_sources_orders_json_sql import EDGE_ORDERS, _generated, _money, _order, _refund
from touchline.sources import orders_json_sql

# the edge orders (numbered as in EDGE_ORDERS, from 1) the typed reader refuses: a customer
# that is not an object
REFUSED_EDGES = {5}
# values whose JSON text holds an escape, which the typed path decodes with the JSON parser
ESCAPED = [
    _order(201, id='S"201', email='o"neil@example.com'),
    _order(202, landing_site="/p\\q?utm_source=x", referring_site='https://x.example/"q"'),
    _order(203, customer={"id": "c\\203", "email": "C\\203@example.com"}, email=None),
    _order(204, refunds=[_refund(204, _money("1.00"), id='R"204')]),
    _order(205, financial_status="pa\tid"),  # a control character: Python's
]


def _typed_maps(monkeypatch) -> list[bool]:
    """For each file the DuckDB path mapped, whether it mapped the typed reader's records."""
    maps: list[bool] = []
    original = orders_json_sql._map

    def recording(*args, **kwargs):
        maps.append(bool(kwargs.get("typed", False)))
        return original(*args, **kwargs)

    monkeypatch.setattr(orders_json_sql, "_map", recording)
    return maps


def test_typed_reader_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    readable = [order for number, order in enumerate(EDGE_ORDERS, 1) if number not in REFUSED_EDGES] + ESCAPED
    generated = _generated(300, seed=22)
    records = generated + readable
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/page.json").write_text("\n \n" + json.dumps({"orders": records}, indent=2) + "\n")
    (tmp_path / "orders/array.json").write_text(json.dumps(readable + generated[:30]))
    (tmp_path / "orders/orders.jsonl").write_bytes(b"\n \n" + json_lines(records))
    (tmp_path / "orders/crlf.jsonl").write_bytes(json_lines(readable).replace(b"\n", b"\r\n"))
    # gzipped, under names that do not say so
    (tmp_path / "orders/export.json").write_bytes(gzip.compress(json.dumps({"orders": readable}).encode()))
    (tmp_path / "orders/export.jsonl").write_bytes(gzip.compress(json_lines(generated[:40] + readable)))
    maps = _typed_maps(monkeypatch)
    with_sql = same_as_python(tmp_path, monkeypatch)
    assert maps == [True] * 6
    assert len(with_sql["orders"]) > 2 * 300
    assert all(row[1] == "loaded" and row[3] == "shopify_admin_rest" for row in with_sql["audit"])
    assert len(with_sql["quarantine"]) > 6 * 10  # the edges' reasons, Python's


_BASE = '"created_at": "2026-03-14T10:00:00Z", "currency": "EUR", "total_price": "1.00"'
_PLAIN = json.dumps(_order(1))
# Each a record the typed reader refuses (Python reads it: a repeated key keeps its last value),
# as raw text: what json.dumps cannot write.
_REFUSED = {
    "repeated_total": '{"id": 9001, ' + _BASE + ', "total_price": "2.00"}',
    "repeated_email": '{"id": 9002, ' + _BASE + ', "email": "a@example.com", "email": "b@example.com"}',
    "repeated_customer_id": '{"id": 9003, ' + _BASE + ', "customer": {"id": 1, "id": 2}}',
    "repeated_customer_email": '{"id": 9004, ' + _BASE + ', "email": null, '
    '"customer": {"email": "a@example.com", "email": "b@example.com"}}',
    "customer_text": '{"id": 9005, ' + _BASE + ', "customer": "x"}',
    "customer_list": '{"id": 9006, ' + _BASE + ', "customer": [{"id": 1}]}',
    "not_an_object": '["an", "array"]',
    "a_number": "5",
}


@pytest.mark.parametrize("shape", ["page", "lines"])
@pytest.mark.parametrize("name", sorted(_REFUSED))
def test_a_file_the_typed_reader_refuses_is_read_record_by_record(tmp_path, monkeypatch, name, shape):
    (tmp_path / "orders").mkdir()
    if shape == "page":
        (tmp_path / "orders/page.json").write_text(f'{{"orders": [{_PLAIN},\n{_REFUSED[name]}]}}')
    else:
        (tmp_path / "orders/page.jsonl").write_text(f"{_PLAIN}\n{_REFUSED[name]}\n")
    maps = _typed_maps(monkeypatch)
    with_sql = same_as_python(tmp_path, monkeypatch)
    assert maps == [False]
    assert len(with_sql["orders"]) + len(with_sql["quarantine"]) == 2


def _order_line(number: int, extra: str = "") -> str:
    return f'{{"id": {number}, {_BASE}{extra}}}'


def _lines(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


# JSON lines the typed reader would number or read otherwise than Python: each file is left to
# the record-by-record way (each check's removal makes its case give other rows)
_LINES_LEFT = {
    # the reader skips a blank line: the records after it would get the wrong numbers
    "blank_line_between": _lines(_order_line(1), "", _order_line(2), _order_line(3)),
    "spaces_line_between": _lines(_order_line(1), "   ", _order_line(2)),
    "blank_line_at_the_end": _lines(_order_line(1), _order_line(2), ""),
    # what DuckDB's parser reads and Python's refuses, in a key the mapping does not read
    "nan": _lines(_order_line(1), _order_line(2, ', "x": NaN')),
    "trailing_comma": _lines(_order_line(1), _order_line(2, ', "x": [1, 2,]')),
    "big_integer": _lines(_order_line(1), _order_line(2, ', "x": 123456789012345678901')),
    # nested deeper than Python's reader reads
    "deep": _lines(_order_line(1), _order_line(2, ', "x": ' + "[" * 1100 + "]" * 1100)),
    # a line that is no object (`null` would read as an object without values)
    "null_line": _lines(_order_line(1), "null", _order_line(2)),
    # over the record limit (set to 1 KiB below): quarantined by its length
    "long": _lines(_order_line(1), _order_line(2, ', "note": "' + "n" * 1200 + '"')),
}


@pytest.mark.parametrize("name", sorted(_LINES_LEFT))
def test_lines_the_typed_reader_reads_otherwise_are_read_record_by_record(tmp_path, monkeypatch, name):
    monkeypatch.setenv("TOUCHLINE_MAX_RECORD_BYTES", "1024")
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/orders.jsonl").write_text(_LINES_LEFT[name])
    maps = _typed_maps(monkeypatch)
    with_sql = same_as_python(tmp_path, monkeypatch)
    assert maps == [False]
    assert len(with_sql["orders"]) >= 1 and len(with_sql["orders"]) + len(with_sql["quarantine"]) >= 2


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("null_entry", '{"orders": [' + _order_line(1) + ", null, " + _order_line(2) + '], "count": 3}'),
        (
            "unread_key_repeated",
            _lines(_order_line(1, ', "x": 1, "x": 2, "customer": {"id": 5, "y": 1, "y": 2}')),
        ),
    ],
)
def test_records_the_typed_reader_reads_but_python_maps(tmp_path, monkeypatch, name, text):
    """A null record of a page reads as one without values, which DuckDB never takes (Python
    quarantines it); a key the mapping does not read may be written twice (neither way reads it)."""
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders" / ("page.json" if text.startswith('{"orders"') else "orders.jsonl")).write_text(text)
    maps = _typed_maps(monkeypatch)
    with_sql = same_as_python(tmp_path, monkeypatch)
    assert maps == [True]
    assert len(with_sql["orders"]) == (1 if name == "unread_key_repeated" else 2)
    assert len(with_sql["quarantine"]) == (0 if name == "unread_key_repeated" else 1)


def _reads(monkeypatch) -> list[tuple[str, bool]]:
    """For each read by DuckDB's typed reader (orders_json_sql._read_typed): the shape it read
    the file as (`array`, `unstructured`: a document as one value, `newline_delimited`), and
    whether it read it."""
    reads: list[tuple[str, bool]] = []
    original = orders_json_sql._read_typed

    def recording(con, path, query):
        result = original(con, path, query)
        reads.append((query.split("format = '", 1)[1].split("'", 1)[0], result is not None))
        return result

    monkeypatch.setattr(orders_json_sql, "_read_typed", recording)
    return reads


_TWO = f"{_order_line(1)},\n {_order_line(2)}"


@pytest.mark.parametrize(
    ("name", "text", "reads"),
    [
        # the page's list is read as an array of its own: whitespace around every token, none
        ("plain", f'{{"orders": [{_TWO}]}}', [("array", True)]),
        ("spaced", f'\n \r\n\t{{ \n "orders" \t:\r\n [ {_TWO} \n] \n}}\n\n', [("array", True)]),
        # another root key after the list: the array's reader refuses the bytes after `]`, so
        # the page is read as one value (which reads the `orders` key only)
        ("key_after", f'{{"orders": [{_TWO}], "links": ["next"]}}', [("array", False), ("unstructured", True)]),
        # a root key before the list, or a page that does not close with `]}`: one value
        ("key_before", f'{{"links": ["next"], "orders": [{_TWO}]}}', [("unstructured", True)]),
        ("value_after", f'{{"orders": [{_TWO}], "count": 2}}', [("unstructured", True)]),
        ("escaped_key", f'{{"\\u006frders": [{_TWO}]}}', [("unstructured", True)]),
        # a record the reader refuses, in either reading: record by record
        (
            "refused",
            f'{{"orders": [{_TWO}, {_REFUSED["repeated_total"]}]}}',
            [("array", False), ("unstructured", False)],
        ),
    ],
)
def test_a_page_list_is_read_as_an_array(tmp_path, monkeypatch, name, text, reads):
    """An `orders.json` page `{"orders": [...]}` gives its list's bytes to the reader of a
    top-level array (orders_json_sql._page_list): the same rows as Python, whichever way."""
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/page.json").write_text(text)
    read = _reads(monkeypatch)
    with_sql = same_as_python(tmp_path, monkeypatch)
    assert read == reads
    assert len(with_sql["orders"]) == (3 if name == "refused" else 2)


@pytest.mark.parametrize(
    "text",
    [
        # Python reads both lists of a repeated root key; the bytes after the first list's `]`
        # make the array's reader refuse the file, and the page's reader refuses the repeated key
        f'{{"orders": [{_order_line(1)}], "orders": [{_order_line(2)}]}}',
        # two pages in one file: Python rejects it (trailing data after the first document)
        f'{{"orders": [{_order_line(1)}]}}\n{{"orders": [{_order_line(2)}]}}\n',
    ],
)
def test_bytes_after_a_page_list_are_not_read_as_part_of_it(tmp_path, monkeypatch, text):
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/page.json").write_text(text)
    read = _reads(monkeypatch)
    same_as_python(tmp_path, monkeypatch)
    assert read[0] == ("array", False)


def test_a_page_list_is_read_from_a_temporary_file_without_memfd(tmp_path, monkeypatch):
    """Where the system has no anonymous in-memory file (macOS), the list is written to a
    temporary file, removed after the read."""
    monkeypatch.delattr(orders_json_sql.os, "memfd_create", raising=False)
    monkeypatch.setattr(orders_json_sql.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders/page.json").write_bytes(gzip.compress(json.dumps({"orders": _generated(20, seed=3)}).encode()))
    read = _reads(monkeypatch)
    with_sql = same_as_python(tmp_path, monkeypatch)
    assert read == [("array", True)]
    assert len(with_sql["orders"]) > 10
    assert not list((tmp_path / "tmp").iterdir())
