"""Trackers' events keep their meaning on load: ecommerce steps under one name, Snowplow's
self-describing and structured events, emails that arrive already hashed, and the Web Pixels
checkout email that links devices like an identify (docs/sources.md, "Event types").

The load tests read raw.pixel_events and the audit; the build test runs the whole build on
three trackers' archives of three shoppers who each switch devices between the ad click and
the order, and checks that each order's first touch is the ad on the other device.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.landing_fixtures import load, rows, sha, write_csv, write_jsonl
from tests.warehouse_snapshot import query
from touchline.commands.build import run_build

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def land(landing: Path, fixture: str, rel_path: str) -> None:
    target = landing / rel_path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / fixture, target)


def audit(con) -> list[tuple]:
    return rows(
        con,
        "select file_path, source_format, records_read, records_loaded, records_quarantined "
        "from audit.load_audit order by file_path",
    )


def events(con, path_like: str) -> list[tuple]:
    return rows(
        con,
        "select event_id, event_type, visitor_id, email_hash, customer_id, order_id, revenue, currency "
        "from raw.pixel_events where file_path like ? order by line_number, event_id",
        [path_like],
    )


def test_segment_ecommerce_steps_and_hashed_emails(tmp_path):
    land(tmp_path, "segment_ecommerce_events.json.gz", "pixel/segment-logs/src1/1710374400000/4b7e2a90.gz")
    con, _ = load(tmp_path)
    assert audit(con) == [("pixel/segment-logs/src1/1710374400000/4b7e2a90.gz", "segment", 8, 7, 1)]
    dana = sha("dana@example.com")
    assert events(con, "%segment%") == [
        ("ajs-dana-1", "page_view", "anon-dana-phone", None, None, None, None, None),
        ("ajs-dana-2", "add_to_cart", "anon-dana-phone", None, None, None, None, None),
        # traits.email_sha256 in capitals: taken as the hash, lowercased, not hashed again
        ("ajs-dana-3", "identify", "anon-dana-phone", dana, "cust-dana", None, None, None),
        ("ajs-dana-4", "begin_checkout", "anon-dana-phone", None, None, None, None, None),
        ("ajs-dana-5", "page_view", "anon-dana-laptop", None, None, None, None, None),
        # a 64-hex `email` is a hash already: an email address has an `@`
        ("ajs-dana-6", "checkout_completed", "anon-dana-laptop", dana, None, "6001", Decimal("55.0000"), "EUR"),
        ("ajs-dana-8", "track:Coupon Applied", "anon-dana-laptop", None, None, None, None, None),
    ]
    assert rows(con, "select line_number, reason from audit.quarantine") == [
        (7, "traits.hashed_email is not a SHA-256 hex digest (64 hex characters)")
    ]


def test_rudderstack_ecommerce_steps_and_a_hash_in_context_traits(tmp_path):
    land(tmp_path, "rudderstack_ecommerce_events.json.gz", "pixel/rudder/2026/03/14/events.json.gz")
    con, _ = load(tmp_path)
    assert audit(con) == [("pixel/rudder/2026/03/14/events.json.gz", "rudderstack", 4, 3, 1)]
    gus = sha("gus@example.com")
    assert events(con, "%rudder%") == [
        # context.traits.email holding a hash (with spaces, in capitals) is that hash
        ("rs-ecom-1", "add_to_cart", "rs-anon-gus", gus, None, None, None, None),
        ("rs-ecom-2", "begin_checkout", "rs-anon-gus", None, None, None, None, None),
        # the plain email hashes to the same value
        ("rs-ecom-3", "identify", "rs-anon-gus", gus, "cust-gus", None, None, None),
    ]
    [(line, reason, raw)] = rows(con, "select line_number, reason, raw_record from audit.quarantine")
    assert (line, reason) == (4, "traits.email_sha256 is not a SHA-256 hex digest (64 hex characters)")
    assert "rs-ecom-4" in raw
    # no plain email in any table
    assert rows(con, "select count(*) from audit.quarantine where raw_record ilike '%@example.com%'") == [(0,)]


def test_web_pixels_contact_info_is_an_identify_and_steps_get_one_name(tmp_path):
    land(tmp_path, "shopify_web_pixels_checkout.jsonl", "pixel/shopify/2026-03-14.jsonl")
    con, _ = load(tmp_path)
    assert audit(con) == [("pixel/shopify/2026-03-14.jsonl", "shopify_web_pixels", 6, 6, 0)]
    erin = sha("erin@example.com")
    assert [event[1:] for event in events(con, "%shopify%")] == [
        ("page_view", "client-erin-phone", None, None, None, None, None),
        ("add_to_cart", "client-erin-phone", None, None, None, None, None),
        ("begin_checkout", "client-erin-phone", None, None, None, None, None),
        ("identify", "client-erin-phone", erin, None, None, None, None),
        ("page_view", "client-erin-laptop", None, None, None, None, None),
        ("checkout_completed", "client-erin-laptop", erin, "9002", "6002", Decimal("70.0000"), "EUR"),
    ]


def test_snowplow_self_describing_and_structured_events(tmp_path):
    land(tmp_path, "snowplow_enriched_ecommerce.json", "pixel/snowplow/json/part-00001.json")
    con, _ = load(tmp_path)
    assert audit(con) == [("pixel/snowplow/json/part-00001.json", "snowplow_enriched_json", 8, 7, 1)]
    finn = sha("finn@example.com")
    assert [event[:2] + event[3:] for event in events(con, "%snowplow%")] == [
        ("a0f10000-0000-4000-8000-000000000001", "page_view", None, None, None, None, None),
        # the ecommerce plugin's add_to_cart; its user entity's email comes with an identify
        ("a0f10000-0000-4000-8000-000000000002", "add_to_cart", finn, None, None, None, None),
        ("a0f10000-0000-4000-8000-000000000002:identify", "identify", finn, None, None, None, None),
        ("a0f10000-0000-4000-8000-000000000003", "struct:video:play", None, None, None, None, None),
        ("a0f10000-0000-4000-8000-000000000004", "unstruct:link_click", None, None, None, None, None),
        ("a0f10000-0000-4000-8000-000000000005", "page_view", None, None, None, None, None),
        ("a0f10000-0000-4000-8000-000000000006", "ecommerce:list_view", None, None, None, None, None),
        # the transaction entity gives the order: a checkout like any other tracker's
        (
            "a0f10000-0000-4000-8000-000000000007",
            "checkout_completed",
            finn,
            "cust-finn",
            "6003",
            Decimal("35.0000"),
            "EUR",
        ),
    ]
    # a transaction action without its transaction entity has no order id
    assert rows(con, "select line_number, reason from audit.quarantine") == [(8, "missing required field: order_id")]


def test_snowplow_tsv_reads_the_json_of_its_unstruct_event_and_contexts_fields(tmp_path):
    land(tmp_path, "snowplow_enriched_ecommerce.tsv", "pixel/snowplow/enriched/run=2026-03-14/part-00002")
    con, _ = load(tmp_path)
    assert audit(con) == [("pixel/snowplow/enriched/run=2026-03-14/part-00002", "snowplow_enriched_tsv", 5, 4, 1)]
    hana = sha("hana@example.com")
    assert [event[1:] for event in events(con, "%snowplow%")] == [
        # the original tracker's add_to_cart event
        ("add_to_cart", "sp-hana", None, None, None, None, None),
        ("remove_from_cart", "sp-hana", hana, None, None, None, None),
        ("identify", "sp-hana", hana, None, None, None, None),
        ("checkout_completed", "sp-hana", hana, None, "6004", Decimal("19.0000"), "EUR"),
        ("struct:newsletter:subscribe", "sp-hana", None, None, None, None, None),
    ]
    assert rows(con, "select ts from raw.pixel_events where order_id = '6004'") == [
        (datetime(2026, 3, 14, 13, 5, 0, 250000),)
    ]
    assert rows(con, "select line_number, reason from audit.quarantine") == [(5, "unparseable unstruct_event JSON")]
    assert rows(con, "select count(*) from audit.quarantine where raw_record ilike '%hana@%'") == [(0,)]


@pytest.fixture(scope="module")
def device_switchers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Dana (Segment, hashed emails), Erin (Web Pixels, email at contact info) and Finn
    (Snowplow, ecommerce user entity) click an ad on the phone and order on the laptop."""
    root = tmp_path_factory.mktemp("device_switchers")
    landing = root / "landing"
    land(landing, "segment_ecommerce_events.json.gz", "pixel/segment/1710374400000.4b7e2a90.gz")
    land(landing, "shopify_web_pixels_checkout.jsonl", "pixel/shopify/events.jsonl")
    land(landing, "snowplow_enriched_ecommerce.json", "pixel/snowplow/part-00001.json")
    write_csv(
        landing,
        "orders/orders.csv",
        "order_id,created_at,email,currency,total_price,financial_status\n"
        "6001,2026-03-15T10:05:00Z,Dana@Example.com,EUR,55.00,paid\n"
        "6002,2026-03-15T09:06:00Z,erin@example.com,EUR,70.00,paid\n"
        "6003,2026-03-15T08:05:00Z,finn@example.com,EUR,35.00,paid\n",
    )
    warehouse = root / "touchline.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TOUCHLINE_DBT_VARS", "{reporting_currency: EUR, internal_hosts: [shop.example.com]}")
        run_build(landing, warehouse, echo=lambda line: None)
    return warehouse


def test_each_shoppers_two_devices_are_one_person(device_switchers):
    people = query(
        device_switchers,
        "select identifier, person_id from marts.identity_map where identifier_type = 'visitor_id' "
        "and (identifier like '%-phone' or identifier like '%-laptop') order by identifier",
    )
    person = dict(people)
    for phone, laptop in [
        ("anon-dana-phone", "anon-dana-laptop"),
        ("client-erin-phone", "client-erin-laptop"),
        ("sp-finn-phone", "sp-finn-laptop"),
    ]:
        assert person[phone] == person[laptop], (phone, laptop)
    assert len(set(person.values())) == 3


def test_the_order_on_the_laptop_has_the_phones_ad_as_first_touch(device_switchers):
    payments = query(
        device_switchers,
        "select order_id, attribution_status, first_touch_ad_platform, first_touch_campaign, "
        "first_touch_click_id, net_revenue from marts.visitor_payments order by order_id",
    )
    assert payments == [
        ("6001", "attributed", "meta", "Spring Reels", "IwAR_TeSt_FbClId_9", Decimal("55.0000")),
        ("6002", "attributed", "google", "Spring Sale Search", "TeSt_GcLiD_9", Decimal("70.0000")),
        ("6003", "attributed", "tiktok", "Spring Clips", "TeStTtClId9", Decimal("35.0000")),
    ]


def test_segment_first_version_ecommerce_names(tmp_path):
    # Segment's spec before v2 named the order `Completed Order`: an old archive's orders still link
    common = {"anonymousId": "anon-old", "context": {"page": {"url": "https://shop.example.com/"}}, "type": "track"}
    write_jsonl(
        tmp_path,
        "pixel/segment-logs/src0/1500000000000/archive.gz",
        [
            {**common, "messageId": "v1-1", "timestamp": "2026-03-14T10:00:00Z", "event": "Added Product"},
            {
                **common,
                "messageId": "v1-2",
                "timestamp": "2026-03-14T10:05:00Z",
                "event": "Completed Order",
                "properties": {"orderId": "7001", "total": 12.5, "currency": "EUR"},
            },
        ],
    )
    con, _ = load(tmp_path)
    assert [event[:2] + event[5:] for event in events(con, "%segment%")] == [
        ("v1-1", "add_to_cart", None, None, None),
        ("v1-2", "checkout_completed", "7001", Decimal("12.5000"), "EUR"),
    ]
