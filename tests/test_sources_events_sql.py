"""The DuckDB path for trackers' events (touchline/sources/events_sql.py: Snowplow enriched TSV,
GA4 BigQuery export as JSON lines and as Parquet) gives exactly the events, quarantine and audit
counts of the formats' Python mappings alone: on generated events written by the generator's
own writers, and on records written to hit every case the path must map as Python does or leave
to it. Breaking any rule of the path's SQL (each mutation below) makes the two differ. The
records follow Snowplow's canonical enriched event (ENRICHED_FIELDS) and GA4's BigQuery export
schema; every value is made up here."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.landing_fixtures import load, rows
from touchline.generator import event_formats
from touchline.landing.pixel import BotDetector
from touchline.landing.text_blocks import split_lines
from touchline.sources import events_sql
from touchline.sources import load as source_load
from touchline.sources.formats.snowplow import ENRICHED_FIELDS

UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def _canonical(count: int, seed: int) -> list[dict[str, Any]]:
    """Pixel events as the generator's pixel writes them, of every type the writers know."""
    rng = random.Random(seed)
    events = []
    for i in range(count):
        kind = rng.choice(["page_view"] * 6 + ["identify", "checkout_completed", "add_to_cart"])
        ts = f"2026-03-{1 + i % 27:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}.{rng.randrange(1000):03d}Z"
        event: dict[str, Any] = {
            "event_id": f"6f1c2a9e-0000-4000-8000-{i:012d}",
            "event_type": kind,
            "ts": ts,
            "received_at": ts,
            "visitor_id": f"v{rng.randrange(count // 3 + 1)}",
            "url": rng.choice(
                [
                    f"https://shop.example.com/p/{i}?utm_source=google&gclid=g{i}",
                    "https://shop.example.com/caf\u00e9?q=a%20b",
                    'https://shop.example.com/?q="x"',
                ]
            ),
            "referrer": rng.choice(["https://www.google.com/", "", None]),
            "user_agent": rng.choice([UA, UA, BOT]),
            "customer_id": rng.choice([None, None, f"c{i}"]),
        }
        if kind == "identify":
            event["email"] = f"buyer{i}@example.com"
        if kind == "checkout_completed":
            event.update(order_id=str(5000 + i), revenue=19.99, currency="EUR")
        events.append(event)
    return events


def _written(fmt: str, events: list[dict[str, Any]]) -> list[bytes]:
    bots = BotDetector()
    written = (event_formats._WRITERS[fmt](event, {}, bots) for event in events)
    return [line for line in written if line is not None]


def _tsv(**fields: str) -> str:
    base = {
        "app_id": "shop",
        "platform": "web",
        "collector_tstamp": "2026-03-14 09:00:00.600",
        "dvce_created_tstamp": "2026-03-14 09:00:00.100",
        "derived_tstamp": "2026-03-14 09:00:00.500",
        "event": "page_view",
        "event_id": "c6ef3124-b53a-4b13-a233-0088f79dcbcb",
        "domain_userid": "d1",
        "page_url": "https://shop.example.com/",
        "page_referrer": "https://www.google.com/",
        "useragent": UA,
        **fields,
    }
    return "\t".join(base.get(name, "") for name in ENRICHED_FIELDS)


_ECOMMERCE_USER = json.dumps(
    {
        "schema": "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0",
        "data": [
            {
                "schema": "iglu:com.snowplowanalytics.snowplow.ecommerce/user/jsonschema/1-0-0",
                "data": {"id": "c9", "email": "ann@example.com"},
            }
        ],
    }
)
_WEB_PAGE = json.dumps(
    {
        "schema": "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0",
        "data": [{"schema": "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0", "data": {"id": "p1"}}],
    }
)
_LINK_CLICK = json.dumps(
    {
        "schema": "iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0",
        "data": {
            "schema": "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1",
            "data": {"targetUrl": "https://x.example/"},
        },
    }
)

# Each a row the path must map as Python does, or leave to Python.
EDGE_TSV = [
    _tsv(),
    _tsv(event="struct", se_category="video", se_action="play", page_url=""),
    _tsv(event="struct", se_category="video", se_action=" ", page_url=""),
    _tsv(event="struct", se_category="", se_action="", page_url=""),
    _tsv(event="page_ping"),
    _tsv(
        event="unstruct",
        event_vendor="com.snowplowanalytics.snowplow",
        event_name="link_click",
        unstruct_event=_LINK_CLICK,
    ),
    _tsv(event="transaction", tr_orderid="5001", tr_total="19.99", tr_currency="EUR"),
    _tsv(event="transaction", tr_orderid="5002", tr_total="", tr_currency=""),
    _tsv(contexts=_ECOMMERCE_USER, event="page_view"),
    _tsv(contexts=_WEB_PAGE),
    _tsv(page_url="https://shop.example.com/?e=ann@example.com"),
    _tsv(page_referrer="https://www.google.com/?e=ann%40example.com"),
    _tsv(useragent="agent %2540 x"),
    _tsv(user_id="ann@example.com"),
    _tsv(derived_tstamp=""),
    _tsv(derived_tstamp="", dvce_created_tstamp=""),
    _tsv(derived_tstamp="", dvce_created_tstamp="", collector_tstamp=""),
    _tsv(derived_tstamp="2026-03-14T09:00:00.500Z"),
    _tsv(derived_tstamp="2026-03-14 09:00:00"),
    _tsv(derived_tstamp="2026-03-14 09:00:00.123456"),
    _tsv(derived_tstamp="2026-03-14 09:00:00.12"),
    _tsv(derived_tstamp="2026-03-14T11:00:00+02:00"),
    _tsv(derived_tstamp="\u0662026-03-14 09:00:00.500"),
    _tsv(derived_tstamp="2001-03-14 09:00:00.500", collector_tstamp="2001-03-14 09:00:00.600"),
    _tsv(derived_tstamp="2026-03-16 09:00:00.500"),
    _tsv(derived_tstamp="2026-02-30 09:00:00.500"),
    _tsv(collector_tstamp="yesterday"),
    _tsv(event_id="   "),
    _tsv(event_id=" 7f0c5a1e-1b1f-4a8e-9d8e-2c7f7a1d9e11"),
    _tsv(event_id="\u00a0"),
    _tsv(event=""),
    _tsv(event=" "),
    _tsv(domain_userid="", network_userid="n1"),
    _tsv(domain_userid=" ", network_userid="n2"),
    _tsv(domain_userid="", network_userid=""),
    _tsv(page_url=""),
    _tsv(page_url="  "),
    _tsv(page_url="\u00a0"),
    _tsv(page_url="https://shop.example.com/caf\u00e9", page_title="Caf\u00e9 \u2013 Shop"),
    _tsv(page_referrer=" "),
    _tsv(useragent=BOT),
    _tsv(useragent=""),
    _tsv(user_id="  "),
    _tsv(user_id="c1"),
    _tsv(page_url='https://shop.example.com/?q="x"'),
    _tsv(page_url="https://shop.example.com/\x00"),
    _tsv() + "\textra",
    _tsv().rsplit("\t", 1)[0],
    "",
    "\t \t",
    "not a snowplow row",
]


def _ga4(**fields: Any) -> dict[str, Any]:
    event = {
        "event_date": "20260314",
        "event_timestamp": 1773478800123456,
        "event_name": "page_view",
        "event_params": [
            {"key": "ga_session_id", "value": {"int_value": 1773478000}},
            {"key": "page_location", "value": {"string_value": "https://shop.example.com/?utm_source=news"}},
            {"key": "page_referrer", "value": {"string_value": "https://www.google.com/"}},
        ],
        "user_pseudo_id": "123.456",
        "stream_id": "5550001111",
        "platform": "WEB",
        "batch_event_index": 1,
        "batch_page_id": 1773478000000,
        "batch_ordering_id": 2,
        **fields,
    }
    return {key: value for key, value in event.items() if value is not ...}


def _params(*entries: Any) -> list[Any]:
    return list(entries)


def _loc(value: Any, key: str = "page_location") -> dict[str, Any]:
    return {"key": key, "value": value}


EDGE_GA4: list[Any] = [
    _ga4(),
    _ga4(event_name="scroll"),
    _ga4(event_name="login", user_id="c7"),
    _ga4(event_name="purchase", ecommerce={"transaction_id": "T1", "purchase_revenue": 20.5}),
    _ga4(event_timestamp="1773478800000000"),
    _ga4(event_timestamp=" 1773478800000000"),
    _ga4(event_timestamp=1773478800000000.0),
    _ga4(event_timestamp=-5),
    _ga4(event_timestamp=99999999999999999),
    _ga4(event_timestamp=978307200000000),
    _ga4(event_timestamp=None),
    _ga4(event_timestamp=True),
    _ga4(user_pseudo_id=None),
    _ga4(user_pseudo_id=...),
    _ga4(user_pseudo_id=12345),
    _ga4(user_pseudo_id=" "),
    _ga4(user_id=42),
    _ga4(user_id=""),
    _ga4(user_id=None),
    _ga4(event_params=...),
    _ga4(event_params=None),
    _ga4(event_params={"page_location": "x"}),
    _ga4(event_params="abc"),
    _ga4(event_params=5),
    _ga4(event_name="scroll", event_params={"page_location": "x"}),
    _ga4(event_params=[]),
    _ga4(event_params=[_loc({"string_value": "https://a.example/1"}), _loc({"string_value": "https://a.example/2"})]),
    _ga4(event_params=[_loc({"string_value": "https://a.example/1"}), _loc({"string_value": None})]),
    _ga4(event_params=[_loc({"string_value": None, "int_value": 7})]),
    _ga4(event_params=[_loc({"double_value": 1.5})]),
    _ga4(event_params=[_loc({"string_value": "https://a.example/1"}), _loc(None)]),
    _ga4(event_params=[_loc({"string_value": "https://a.example/1"}), _loc("https://b.example/")]),
    _ga4(event_params=[_loc({"string_value": "https://a.example/1"}), "stray", 5]),
    _ga4(event_params=[_loc({"string_value": ""})]),
    _ga4(event_params=[_loc({"string_value": "  "})]),
    _ga4(event_params=[{"value": {"string_value": "https://a.example/1"}}]),
    _ga4(event_params=[{"key": 5, "value": {"string_value": "https://a.example/1"}}]),
    _ga4(event_name="scroll", event_params=[]),
    _ga4(event_params=[_loc({"string_value": "https://a.example/?e=ann@example.com"})]),
    _ga4(
        event_params=[
            _loc({"string_value": "https://a.example/"}),
            _loc({"string_value": "ann%40example.com"}, "page_referrer"),
        ]
    ),
    _ga4(event_name="scroll", event_params=[_loc({"int_value": 7})]),
    _ga4(event_name="scroll", event_params=[_loc({"string_value": "  "})]),
    _ga4(user_id="  "),
    _ga4(event_timestamp=999999999999999999),
    _ga4(event_params=[_loc({"string_value": "https://shop.example.com/caf\u00e9"})]),
    _ga4(collected_traffic_source={"gclid": "Cj0K", "manual_source": None}),
    _ga4(collected_traffic_source={"gclid": None, "manual_source": ""}),
    _ga4(collected_traffic_source={"manual_medium": 0}),
    _ga4(collected_traffic_source=None),
    _ga4(collected_traffic_source="google"),
    _ga4(stream_id=5550001111),
    _ga4(stream_id=None),
    _ga4(stream_id=...),
    _ga4(batch_event_index=True),
    _ga4(batch_event_index=1.0),
    _ga4(batch_page_id="x|y"),
    _ga4(event_name="  "),
    _ga4(event_name=None),
    _ga4(event_name=7),
    _ga4(event_name="ann@example.com"),
]
RAW_GA4 = [
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "event_name": "scroll", "user_pseudo_id": "1.2", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.2", '
    '"event_params": [{"key": "x", "key": "page_location", "value": {"string_value": "https://a.example/"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.2", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/", "string_value": "https://b.example/"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.2", '
    '"collected_traffic_source": {"gclid": null, "gclid": "Cj0K"}, '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.2", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/?e=ann\\u0040example.com"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.2", "x": NaN, '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.2",}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.2", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/\\"q\\"\\/"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view"',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.2", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/\\ud800"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.2", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/"}}, '
    '{"key": "x", "key": "page_location", "value": {"string_value": "https://b.example/"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.2", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/"}}, '
    '{"key": "page_location", "value": {"string_value": "https://b.example/", "string_value": "https://c.example/"}}]}',
    # an entry naming `key` or `value` twice (once escaped, or each twice): Python keeps the last
    # (each its own visitor: the same derived event id would be removed as a duplicate)
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.3", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/"}}, '
    '{"key": "page_location", "k\\u0065y": "page_referrer", "value": {"string_value": "https://r.example/"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.4", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/"}}, '
    '{"key": "page_location", "value": {"string_value": "https://b.example/"}, '
    '"key": "page_referrer", "value": {"string_value": "https://r.example/"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.5", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/"}, '
    '"value": {"string_value": "https://b.example/"}}]}',
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.6", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/"}}, null]}',
    # GA4's `value` parameter (an add_to_cart's): `"value"` twice in one entry, read by DuckDB
    '{"event_timestamp": 1773478800123456, "event_name": "add_to_cart", "user_pseudo_id": "1.7", '
    '"event_params": [{"key": "value", "value": {"double_value": 12.5}}, '
    '{"key": "page_location", "value": {"string_value": "https://a.example/"}}]}',
    # ... and one naming `value` twice besides: Python keeps the last
    '{"event_timestamp": 1773478800123456, "event_name": "add_to_cart", "user_pseudo_id": "1.8", '
    '"event_params": [{"key": "value", "value": {"double_value": 12.5}}, '
    '{"key": "page_location", "value": {"string_value": "https://a.example/"}, '
    '"value": {"string_value": "https://b.example/"}}]}',
    # `key` twice and `value` twice in one entry, the kinds read once: Python keeps the last
    # key (x) and value (null), DuckDB's read the first (page_location, b)
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.10", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/"}}, '
    '{"key": "page_location", "key": "x", "value": {"string_value": "https://b.example/"}, "value": null}]}',
    # `value` twice, the last null (no kind): Python reads no URL, DuckDB's read the first
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.12", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://b.example/"}, "value": null}]}',
    # a kind written twice, the last null: Python reads the next kind (an int, no URL), the
    # struct read the first string
    '{"event_timestamp": 1773478800123456, "event_name": "page_view", "user_pseudo_id": "1.11", '
    '"event_params": [{"key": "page_location", '
    '"value": {"string_value": "https://b.example/", "int_value": 7, "string_value": null}}]}',
    # a top-level key twice, not one after the other: Python keeps the last
    '{"event_name": "page_view", "event_timestamp": 1773478800123456, "user_pseudo_id": "1.9", "event_name": "scroll", '
    '"event_params": [{"key": "page_location", "value": {"string_value": "https://a.example/"}}]}',
    '["not", "an", "object"]',
    "",
    "   ",
]


def _with_key(event: dict[str, Any], text: str) -> str:
    """The event as a JSON line with one more key, written as `text` (`"x": NaN`)."""
    return json.dumps(event)[:-1] + ", " + text + "}"


# Files of JSON lines each holding one kind of suspect of NON_STANDARD (orders_json_sql.py),
# in a line DuckDB would otherwise map and Python refuses whole ("invalid JSON"): the scan of
# the whole file (json_lines_suspect.sql) must find each, else json_lines_items.sql skips the
# check of each line. (Each its own visitor: a derived event id seen twice is one event.)
SUSPECT_GA4 = {
    "comma": json.dumps(_ga4(user_pseudo_id="2.1"))[:-1] + ",}",
    "colon": _with_key(_ga4(user_pseudo_id="2.2"), '"x": NaN'),
    "bracket": _with_key(_ga4(user_pseudo_id="2.3"), '"x": [1, NaN]'),
    "exponent": _with_key(_ga4(user_pseudo_id="2.4"), '"x": 1e999'),
}


def _parquet_rows(events: list[dict[str, Any]]) -> pa.Table:
    """The events as a Parquet export types them: INT64 ids and times, `event_params` a list of
    {key, value: {string_value, int_value, float_value, double_value}}."""
    value = pa.struct(
        [
            ("string_value", pa.string()),
            ("int_value", pa.int64()),
            ("float_value", pa.float64()),
            ("double_value", pa.float64()),
        ]
    )
    schema = pa.schema(
        [
            ("event_date", pa.string()),
            ("event_timestamp", pa.int64()),
            ("event_name", pa.string()),
            ("event_params", pa.list_(pa.struct([("key", pa.string()), ("value", value)]))),
            ("user_id", pa.string()),
            ("user_pseudo_id", pa.string()),
            ("stream_id", pa.string()),
            ("collected_traffic_source", pa.struct([("gclid", pa.string()), ("manual_source", pa.string())])),
            ("ecommerce", pa.struct([("transaction_id", pa.string()), ("purchase_revenue", pa.float64())])),
            ("batch_event_index", pa.int64()),
        ]
    )
    return pa.Table.from_pylist([{name: event.get(name) for name in schema.names} for event in events], schema)


_PARQUET_EDGES = [
    _ga4(),
    _ga4(user_pseudo_id=None),
    _ga4(event_name="purchase", ecommerce={"transaction_id": "T1", "purchase_revenue": 20.5}),
    _ga4(collected_traffic_source={"gclid": "Cj0K", "manual_source": None}),
    _ga4(collected_traffic_source={"gclid": None, "manual_source": None}),
    _ga4(event_params=[_loc({"string_value": None, "int_value": 7})]),
    _ga4(event_params=[_loc({"string_value": "https://a.example/1"}), _loc({"string_value": "https://a.example/2"})]),
    _ga4(event_params=[_loc({"string_value": "https://a.example/?e=ann@example.com"})]),
    _ga4(event_params=None),
    _ga4(event_timestamp=978307200000000),
    _ga4(event_name="  "),
    _ga4(user_id="c7", stream_id=None),
]


def _lines(records: list[Any]) -> bytes:
    return b"".join(
        (r if isinstance(r, (str, bytes)) else json.dumps(r)).encode() + b"\n"
        if not isinstance(r, bytes)
        else r + b"\n"
        for r in records
    )


def _landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    pixel = landing / "pixel"
    pixel.mkdir(parents=True)
    events = _canonical(300, seed=15)
    tsv = _written("snowplow_enriched_tsv", events)
    (pixel / "events.tsv.gz").write_bytes(gzip.compress(b"\n".join(tsv + [line.encode() for line in EDGE_TSV]) + b"\n"))
    (pixel / "crlf.tsv").write_bytes(b"\r\n".join(tsv[:40] + [line.encode() for line in EDGE_TSV]) + b"\r\n")
    ga4 = _written("ga4_bigquery", events)
    (pixel / "events_20260314.jsonl.gz").write_bytes(gzip.compress(_lines([*ga4, *EDGE_GA4, *RAW_GA4])))
    (pixel / "leading.jsonl").write_bytes(
        b"\n  \n" + _lines([*EDGE_GA4[:20], *RAW_GA4, *ga4[:30]]).replace(b"\n", b"\r\n")
    )
    # no suspect in the whole file: each line's own check is skipped (json_lines_suspect.sql)
    (pixel / "clean.jsonl").write_bytes(_lines([*_written("ga4_bigquery", _canonical(60, seed=16)), *EDGE_GA4]))
    for kind, line in SUSPECT_GA4.items():
        (pixel / f"suspect_{kind}.jsonl").write_bytes(_lines([_ga4(user_pseudo_id=f"3.{kind}"), line]))
    generated = [json.loads(line) for line in ga4]
    pq.write_table(_parquet_rows(generated + _PARQUET_EDGES), pixel / "events_20260315.parquet", row_group_size=100)
    return landing


def _snapshot(con) -> dict[str, list[tuple]]:
    return {
        "events": rows(
            con, "select * exclude (load_id) from raw.pixel_events order by file_path, line_number, event_id"
        ),
        "quarantine": rows(con, "select * exclude (load_id) from audit.quarantine order by file_path, line_number"),
        "audit": rows(
            con,
            "select file_path, status, reason, source_format, records_read, records_loaded, records_quarantined "
            "from audit.load_audit order by file_path",
        ),
    }


def _python_only(landing: Path, monkeypatch) -> dict[str, list[tuple]]:
    with monkeypatch.context() as patch:
        patch.setattr(source_load, "load_events_sql", lambda *args, **kwargs: None)
        con, _ = load(landing)
        return _snapshot(con)


def test_duckdb_path_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    landing = _landing(tmp_path)
    typed: list[int] = []
    original = source_load.load_events_sql

    def counting(*args, **kwargs):
        result = original(*args, **kwargs)
        if result is not None:
            typed.append(result[0])
        return result

    monkeypatch.setattr(source_load, "load_events_sql", counting)
    con, _ = load(landing)
    with_sql = _snapshot(con)
    # the path ran on every file and typed most generated events
    assert len(typed) == 10 and all(count > 0 for count in typed)
    assert sum(typed) > 600
    python_only = _python_only(landing, monkeypatch)
    for part in ("events", "quarantine", "audit"):
        assert with_sql[part] == python_only[part], part
    formats = {row[0]: (row[1], row[3]) for row in with_sql["audit"]}
    assert formats["pixel/events.tsv.gz"] == ("loaded", "snowplow_enriched_tsv")
    assert formats["pixel/events_20260315.parquet"] == ("loaded", "ga4_bigquery")
    # a few outcomes checked by hand: the struct event's name, the GA4 event id, the email hashed
    events = {
        (r[0], r[1]): r
        for r in rows(con, "select file_path, line_number, event_id, event_type, url from raw.pixel_events")
    }
    first_edge = len(_written("snowplow_enriched_tsv", _canonical(300, seed=15))) + 1
    assert events[("pixel/events.tsv.gz", first_edge + 1)][3] == "struct:video:play"
    assert events[("pixel/events.tsv.gz", first_edge + 2)][3] == "struct:video"
    assert not rows(con, "select * from raw.pixel_events where url like '%@%' or referrer like '%@%'")


def test_the_file_scan_finds_each_suspect(tmp_path):
    """The clean file is read with each line's own check skipped; each suspect file is not."""
    landing = _landing(tmp_path)
    con = duckdb.connect()

    def has_suspect(name: str) -> bool:
        lines = split_lines((landing / "pixel" / name).read_bytes())
        return events_sql._has_suspect(con, lines)

    assert not has_suspect("clean.jsonl")
    assert all(has_suspect(f"suspect_{kind}.jsonl") for kind in SUSPECT_GA4)


# Each rule of the path's SQL broken on purpose: (file, the text, what it becomes). Every one
# must make the DuckDB path differ from the Python mapping on the landing above. (Parts of the
# mapping whose break only leaves more rows to Python, such as a missed fallback visitor or
# timestamp, give the same rows by construction and are not listed.)
MUTATIONS = [
    ("events_snowplow_tsv", "where len(cells) = 131", "where len(cells) >= 130"),
    ("events_snowplow_tsv", "event not in ('unstruct', 'transaction')", "event <> 'unstruct'"),
    ("events_snowplow_tsv", "event not in ('unstruct', 'transaction')", "event <> 'transaction'"),
    ("events_snowplow_tsv", "and not contains(contexts, 'snowplow.ecommerce/')", ""),
    ("events_snowplow_tsv", "__touchline_is_text(cell)", "true"),
    ("events_snowplow_tsv", "not contains(line, '%40') and", ""),
    ("events_snowplow_tsv", "'@|%40|%25'", "'@'"),
    ("events_macro_is_text", "else regexp_matches(value, '[!-~]')", "else true"),
    ("events_macro_is_text", "between 33 and 126", "between 32 and 126"),
    ("events_snowplow_tsv", "coalesce(':' || nullif(se_action, ''), '')", "coalesce(':' || se_action, '')"),
    ("events_ga4", "list_position(keys, k) <> i", "false"),
    ("events_ga4", "not has_escape\n", "true\n"),
    ("events_ga4", "and key_tokens = coalesce(len(j.event_params), 0)", ""),
    ("events_ga4", "and value_tokens = key_tokens + len(", "and 0 < 1 + len("),
    ("events_ga4", "            $keys_unique\n", "            true\n"),
    ("events_ga4", "][-1] as page_location", "][1] as page_location"),
    ("events_ga4", "(page_location is null or url is not null)", "true"),
    ("events_ga4", "(j.user_id is null or user_id is not null)", "true"),
    ("events_ga4", "and event_name <> 'purchase'", ""),
    ("events_ga4", "collected[field] is null or collected[field] = '\"\"'", "true"),
    ("events_ga4", "or (collected is not null and", "or (true and"),
    ("events_ga4", "j.collected_traffic_source is null\n", "true\n"),
    ("events_ga4", "and list_bool_and([value is not null for value in identity])", ""),
    ("events_ga4", "value is null or __touchline_is_text(value)", "true"),
    ("events_ga4", "or contains(value, '%40')", ""),
    ("events_ga4_macro_identity", "when value is null then 'None'", "when value is null then ''"),
    ("events_ga4_macro_identity", "'0|-?[1-9][0-9]{0,17}'", "'.*'"),
    ("json_lines_items", "            $lines_standard\n", "            true\n"),
    ("json_lines_suspect", "regexp_matches(body, $non_standard_comma)", "false"),
    ("json_lines_suspect", "regexp_matches(body, $non_standard_colon)", "false"),
    ("json_lines_suspect", "regexp_matches(body, $non_standard_bracket)", "false"),
    ("json_lines_suspect", "regexp_matches(body, $non_standard_exponent_sign)", "false"),
    ("json_lines_suspect", "regexp_matches(body, $non_standard_exponent)\n", "false\n"),
]


@pytest.fixture(scope="module")
def mutation_landing(tmp_path_factory) -> Path:
    return _landing(tmp_path_factory.mktemp("mutations"))


@pytest.mark.parametrize(("name", "text", "becomes"), MUTATIONS)
def test_each_broken_rule_makes_the_paths_differ(mutation_landing, monkeypatch, name, text, becomes):
    python_only = _python_only(mutation_landing, monkeypatch)
    original = events_sql.loader_sql

    def mutated(statement: str, package: str = "touchline.landing") -> str:
        sql = original(statement, package)
        if statement == name:
            assert text in sql, f"{text!r} is not in {name}.sql"
            sql = sql.replace(text, becomes)
        return sql

    monkeypatch.setattr(events_sql, "loader_sql", mutated)
    try:
        con, _ = load(mutation_landing)
        with_sql = _snapshot(con)
    except Exception:  # a mutation may break the statement itself: the path then fails loudly
        return
    assert with_sql != python_only
