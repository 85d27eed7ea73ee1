"""GA4's BigQuery export as Parquet (`bq extract --destination_format PARQUET`) loads exactly as
the same events exported as newline-delimited JSON. The Parquet file is written here with the
export's documented column types (INT64 timestamps and ids, nested `event_params` as a list of
`{key, value: {string_value, int_value, float_value, double_value}}`, `collected_traffic_source`
and `ecommerce` as structs); the JSON file as BigQuery extracts the same rows (INT64 values as
JSON strings). Every value is made up here."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tests.landing_fixtures import load, rows

_VALUE = pa.struct(
    [
        ("string_value", pa.string()),
        ("int_value", pa.int64()),
        ("float_value", pa.float64()),
        ("double_value", pa.float64()),
    ]
)
_PARAMS = pa.list_(pa.struct([("key", pa.string()), ("value", _VALUE)]))
_USER_VALUE = pa.struct([*((f.name, f.type) for f in _VALUE), ("set_timestamp_micros", pa.int64())])
_TEXT = pa.string()

# The columns of an `events_YYYYMMDD` table (GA4 BigQuery export schema), in its order.
SCHEMA = pa.schema(
    [
        ("event_date", _TEXT),
        ("event_timestamp", pa.int64()),
        ("event_name", _TEXT),
        ("event_params", _PARAMS),
        ("event_previous_timestamp", pa.int64()),
        ("event_value_in_usd", pa.float64()),
        ("event_bundle_sequence_id", pa.int64()),
        ("event_server_timestamp_offset", pa.int64()),
        ("user_id", _TEXT),
        ("user_pseudo_id", _TEXT),
        (
            "privacy_info",
            pa.struct([("analytics_storage", _TEXT), ("ads_storage", _TEXT), ("uses_transient_token", _TEXT)]),
        ),
        ("user_properties", pa.list_(pa.struct([("key", _TEXT), ("value", _USER_VALUE)]))),
        ("user_first_touch_timestamp", pa.int64()),
        ("user_ltv", pa.struct([("revenue", pa.float64()), ("currency", _TEXT)])),
        (
            "device",
            pa.struct(
                [
                    ("category", _TEXT),
                    ("operating_system", _TEXT),
                    ("language", _TEXT),
                    ("web_info", pa.struct([("browser", _TEXT), ("browser_version", _TEXT), ("hostname", _TEXT)])),
                ]
            ),
        ),
        ("geo", pa.struct([("city", _TEXT), ("country", _TEXT), ("continent", _TEXT), ("region", _TEXT)])),
        ("traffic_source", pa.struct([("name", _TEXT), ("medium", _TEXT), ("source", _TEXT)])),
        ("stream_id", _TEXT),
        ("platform", _TEXT),
        (
            "ecommerce",
            pa.struct(
                [
                    ("total_item_quantity", pa.int64()),
                    ("purchase_revenue_in_usd", pa.float64()),
                    ("purchase_revenue", pa.float64()),
                    ("refund_value", pa.float64()),
                    ("shipping_value", pa.float64()),
                    ("tax_value", pa.float64()),
                    ("unique_items", pa.int64()),
                    ("transaction_id", _TEXT),
                ]
            ),
        ),
        (
            "items",
            pa.list_(
                pa.struct([("item_id", _TEXT), ("item_name", _TEXT), ("price", pa.float64()), ("quantity", pa.int64())])
            ),
        ),
        (
            "collected_traffic_source",
            pa.struct(
                [
                    ("manual_campaign_id", _TEXT),
                    ("manual_campaign_name", _TEXT),
                    ("manual_source", _TEXT),
                    ("manual_medium", _TEXT),
                    ("manual_term", _TEXT),
                    ("manual_content", _TEXT),
                    ("gclid", _TEXT),
                    ("dclid", _TEXT),
                    ("srsltid", _TEXT),
                ]
            ),
        ),
        ("is_active_user", pa.bool_()),
        ("batch_event_index", pa.int64()),
        ("batch_page_id", pa.int64()),
        ("batch_ordering_id", pa.int64()),
    ]
)


def _param(key: str, **value: Any) -> dict:
    return {
        "key": key,
        "value": {"string_value": None, "int_value": None, "float_value": None, "double_value": None, **value},
    }


def _event(name: str, micros: int, index: int, params: list[dict], **fields: Any) -> dict:
    event = {
        "event_date": "20260314",
        "event_timestamp": micros,
        "event_name": name,
        "event_params": [_param("ga_session_id", int_value=1773480000), *params],
        "event_bundle_sequence_id": 7,
        "event_server_timestamp_offset": 180,
        "user_pseudo_id": "987654321.1773480000",
        "privacy_info": {"analytics_storage": "Yes", "ads_storage": "Yes", "uses_transient_token": "No"},
        "user_properties": [],
        "user_first_touch_timestamp": 1773480000000000,
        "device": {"category": "mobile", "operating_system": "iOS", "language": "de-de", "web_info": None},
        "geo": {"city": "Hamburg", "country": "Germany", "continent": "Europe", "region": "Hamburg"},
        "traffic_source": {"name": "(organic)", "medium": "organic", "source": "google"},
        "stream_id": "5550001111",
        "platform": "WEB",
        "items": [],
        "is_active_user": True,
        "batch_event_index": index,
        "batch_page_id": 1773480001000,
        "batch_ordering_id": 2,
    }
    event.update(fields)
    return event


EVENTS = [
    _event(
        "page_view",
        1773480001234567,
        0,
        [
            _param("page_location", string_value="https://shop.example.com/products/boot?utm_source=google"),
            _param("page_referrer", string_value="https://www.google.com/"),
        ],
        collected_traffic_source={
            "manual_source": "google",
            "manual_campaign_name": "Boots Search",
            "gclid": "Pq_Gclid_1",
        },
    ),
    _event("scroll", 1773480009000000, 1, [_param("percent_scrolled", int_value=90)]),
    _event(
        "page_view",
        1773480060000000,
        2,
        [
            _param("page_location", string_value="https://shop.example.com/cart"),
            _param("engagement_time_msec", int_value=4),
        ],
        user_id="cust-42",
    ),
    _event(
        "purchase",
        1773480120500000,
        3,
        [
            _param("page_location", string_value="https://shop.example.com/checkouts/thank-you"),
            _param("transaction_id", string_value="7001"),
            _param("value", double_value=89.9),
            _param("currency", string_value="EUR"),
        ],
        user_id="cust-42",
        ecommerce={"total_item_quantity": 2, "purchase_revenue": 89.9, "unique_items": 1, "transaction_id": "7001"},
        items=[{"item_id": "SKU-1", "item_name": "Boot", "price": 44.95, "quantity": 2}],
    ),
    _event(  # a purchase without the ecommerce record: the params say it
        "purchase",
        1773480180000000,
        4,
        [
            _param("page_location", string_value="https://shop.example.com/checkouts/thank-you"),
            _param("transaction_id", string_value="7002"),
            _param("value", float_value=12.5),
            _param("currency", string_value="EUR"),
        ],
    ),
]


def _bigquery_json(value: Any, kind: pa.DataType) -> Any:
    """A value as BigQuery's JSON export writes it: INT64 as a string, nested values alike."""
    if value is None:
        return None
    if pa.types.is_int64(kind):
        return str(value)
    if pa.types.is_struct(kind):
        return {f.name: _bigquery_json(value.get(f.name), f.type) for f in kind}
    if pa.types.is_list(kind):
        return [_bigquery_json(item, kind.value_type) for item in value]
    return value


def test_ga4_parquet_export_loads_as_the_json_export(tmp_path):
    folder = tmp_path / "pixel" / "ga4"
    folder.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(EVENTS, schema=SCHEMA), folder / "events_20260314.parquet")
    lines = [json.dumps({f.name: _bigquery_json(event.get(f.name), f.type) for f in SCHEMA}) for event in EVENTS]
    (folder / "events_20260314.json").write_text("\n".join(lines) + "\n")
    assert pq.read_schema(folder / "events_20260314.parquet").field("event_params").type == _PARAMS
    con, _ = load(tmp_path)

    audits = rows(
        con, "select file_path, status, source_format, records_read, records_loaded from audit.load_audit order by 1"
    )
    assert audits == [
        ("pixel/ga4/events_20260314.json", "loaded", "ga4_bigquery", 5, 5),
        ("pixel/ga4/events_20260314.parquet", "loaded", "ga4_bigquery", 5, 5),
    ]
    columns = "* exclude (load_id, file_path)"
    by_file = {
        path: rows(con, f"select {columns} from raw.pixel_events where file_path = '{path}' order by line_number")
        for path, *_ in audits
    }
    assert by_file["pixel/ga4/events_20260314.parquet"] == by_file["pixel/ga4/events_20260314.json"]
    assert by_file["pixel/ga4/events_20260314.parquet"]  # not two empty loads

    events = rows(
        con,
        "select event_type, ts, visitor_id, url, referrer, customer_id, order_id, revenue, currency "
        "from raw.pixel_events where file_path like '%.parquet' order by line_number",
    )
    assert events[0] == (
        "page_view",
        datetime(2026, 3, 14, 9, 20, 1, 234567),
        "987654321.1773480000",
        "https://shop.example.com/products/boot?utm_source=google&gclid=Pq_Gclid_1&utm_campaign=Boots+Search",
        "https://www.google.com/",
        None,
        None,
        None,
        None,
    )
    assert [e[0] for e in events] == ["page_view", "scroll", "page_view", "checkout_completed", "checkout_completed"]
    assert events[3][5:] == ("cust-42", "7001", Decimal("89.9000"), "EUR")
    assert events[4][6:] == ("7002", Decimal("12.5000"), "EUR")
