"""Pixel JSONL loading: typing, hashing, bot flags and every quarantine reason."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.landing_fixtures import event, load, quarantine, rows, sha, write_file, write_jsonl

F = "pixel/2026-03-14/part-0001.jsonl"


def test_page_view_is_loaded_typed(tmp_path: Path) -> None:
    write_jsonl(tmp_path, F, [event("e1", customer_id=42, revenue=None)])
    con, summary = load(tmp_path)
    assert summary.records_loaded_by_kind["pixel"] == 1
    [row] = rows(
        con,
        "select load_id, file_path, line_number, event_id, event_type, ts, received_at, visitor_id, url, "
        "referrer, customer_id, is_bot from raw.pixel_events",
    )
    assert row == (
        1,
        F,
        1,
        "e1",
        "page_view",
        datetime(2026, 3, 14, 10),
        datetime(2026, 3, 14, 10, 0, 1),
        "v1",
        "https://shop.example.com/?utm_source=google&gclid=abc",
        "https://www.google.com/",
        "42",
        False,
    )


@pytest.mark.parametrize(
    ("ts", "utc"),
    [
        ("2026-03-14T10:00:00.250Z", datetime(2026, 3, 14, 10, 0, 0, 250000)),
        ("2026-03-14T12:30:00+02:00", datetime(2026, 3, 14, 10, 30)),
        ("2026-03-14T00:30:00-05:00", datetime(2026, 3, 14, 5, 30)),
        ("2026-03-14T10:00:00", datetime(2026, 3, 14, 10)),  # no offset: already UTC
    ],
)
def test_timestamps_become_naive_utc(tmp_path: Path, ts: str, utc: datetime) -> None:
    write_jsonl(tmp_path, F, [event(ts=ts, received_at=None)])
    con, _ = load(tmp_path)
    assert rows(con, "select ts from raw.pixel_events") == [(utc,)]


def test_checkout_revenue_is_exact_and_ids_become_strings(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path,
        F + ".gz",
        [
            event("e1", event_type="checkout_completed", order_id=1001, revenue=59.970000000000006, currency="USD"),
            event("e2", event_type="checkout_completed", order_id="1002", revenue="19.99", url=None),
        ],
    )
    con, summary = load(tmp_path)
    assert summary.records_loaded == 2
    assert rows(con, "select order_id, revenue, currency from raw.pixel_events order by event_id") == [
        ("1001", Decimal("59.9700"), "USD"),
        ("1002", Decimal("19.9900"), None),
    ]


def test_email_is_hashed_and_given_hash_wins(tmp_path: Path) -> None:
    given = sha("someone@else.org")
    write_jsonl(
        tmp_path,
        F,
        [
            event("e1", event_type="identify", email="  Jane.Doe@Example.COM "),
            event("e2", event_type="identify", email="jane@example.com", email_hash=" " + given.upper()),
            event("e3", email=""),
        ],
    )
    con, _ = load(tmp_path)
    assert rows(con, "select event_id, email_hash from raw.pixel_events order by event_id") == [
        ("e1", sha("jane.doe@example.com")),
        ("e2", given),
        ("e3", None),
    ]


def test_email_hash_must_be_a_sha256_hex_digest(tmp_path: Path) -> None:
    # the collector refuses these from a browser; a file written by anything else is checked
    # on load the same way (the format mappings of docs/sources.md check theirs too)
    digest = sha("jane@example.com")
    lines: list = [
        event("e1", event_type="identify", email_hash=digest),  # 1 kept (SQL fast path)
        event("e2", event_type="identify", email_hash=f" {digest.upper()} "),  # 2 kept, lowercased
        event("e3", event_type="identify", email_hash=digest[:63]),  # 3 one character short
        event("e4", event_type="identify", email_hash=digest + "0"),  # 4 one too many
        event("e5", event_type="identify", email_hash="g" + digest[1:]),  # 5 not hex
        event("e6", event_type="identify", email_hash=" Jane@Example.com "),  # 6 a plain email
        event("e7", event_type="identify", email_hash="jane%40example.com"),  # 7 encoded: not hex
        event("e8", event_type="identify", email_hash="abc", email="jane@example.com"),  # 8 the hash decides
        event("e9", event_type="identify", email_hash=" ", email="Jane@Example.com"),  # 9 blank: the email
        event("e10", event_type="identify", email_hash=12345),  # 10 a number is no digest
    ]
    write_jsonl(tmp_path, F, lines)
    con, summary = load(tmp_path)
    assert rows(con, "select event_id, email_hash from raw.pixel_events order by line_number") == [
        ("e1", digest),
        ("e2", digest),
        ("e9", digest),
    ]
    not_a_digest = "email_hash is not a SHA-256 hex digest (64 hex characters)"
    assert [(n, reason) for n, reason, _ in quarantine(con)] == [
        (3, not_a_digest),
        (4, not_a_digest),
        (5, not_a_digest),
        (6, "email_hash holds a plain email, not a SHA-256 hex digest (64 hex characters)"),
        (7, not_a_digest),
        (8, not_a_digest),
        (10, not_a_digest),
    ]
    assert (summary.records_read, summary.records_loaded, summary.records_quarantined) == (10, 3, 7)
    # the plain email is in no table, not even the quarantined raw text
    everything = rows(con, "select string_agg(raw_record, ' ') from audit.quarantine")[0][0]
    everything += " ".join(str(r) for r in rows(con, "select * from raw.pixel_events"))
    assert "@" not in everything and "%40" not in everything.lower()
    assert sha("jane@example.com") in quarantine(con)[3][2]


def test_bots_are_flagged(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path,
        F,
        [
            event("e1", user_agent="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
            event(
                "e2",
                user_agent="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "HeadlessChrome/120.0.0.0 Safari/537.36",
            ),
            event("e3"),
            event("e4", user_agent=""),
            event("e5", user_agent=None),
        ],
    )
    con, _ = load(tmp_path)
    assert rows(con, "select event_id, is_bot from raw.pixel_events order by event_id") == [
        ("e1", True),
        ("e2", True),
        ("e3", False),
        ("e4", False),
        ("e5", False),
    ]


def test_every_bad_record_is_quarantined_with_its_reason(tmp_path: Path) -> None:
    lines: list = [
        event("ok1"),  # 1
        "{not json",  # 2
        "",  # 3 blank: not a record
        b'{"event_id": "x\xff\xfe", "visitor_id": "v"}',  # 4
        "[1, 2]",  # 5
        event("e5", event_id=None),  # 6
        event("e6", visitor_id=""),  # 7
        event("e7", visitor_id="   "),  # 8
        event("e8", event_type=None),  # 9
        event("e9", ts=None),  # 10
        event("e10", url=None),  # 11 page_view without url
        event("e11", event_type="checkout_completed", url=None),  # 12 checkout without order_id
        event("e12", ts="yesterday"),  # 13
        event("e13", received_at="2026-99-99"),  # 14
        event("e14", ts="2026-03-16T10:00:00Z"),  # 15 > 1 day after received_at
        event("e15", event_type="checkout_completed", order_id="o", revenue="abc"),  # 16
        event("e16", ts="2026-03-15T10:00:00Z"),  # 17 exactly one day later: kept
        event("e17", event_type="identify", url=None),  # 18 identify needs no url
        event("e18", visitor_id={"id": 1}),  # 19
        event("e19", ts=1773482400),  # 20 epoch number is not ISO-8601
        "   ",  # 21 blank
    ]
    write_jsonl(tmp_path, F, lines)
    con, summary = load(tmp_path)
    assert quarantine(con)[:1] == [(2, "invalid JSON", "{not json")]
    assert [(n, reason) for n, reason, _ in quarantine(con)] == [
        (2, "invalid JSON"),
        (4, "undecodable UTF-8 bytes"),
        (5, "not a JSON object"),
        (6, "missing required field: event_id"),
        (7, "missing required field: visitor_id"),
        (8, "missing required field: visitor_id"),
        (9, "missing required field: event_type"),
        (10, "missing required field: ts"),
        (11, "missing required field: url"),
        (12, "missing required field: order_id"),
        (13, "unparseable ts"),
        (14, "unparseable received_at"),
        (15, "ts more than one day after received_at"),
        (16, "non-numeric revenue"),
        (19, "invalid visitor_id: not a string"),
        (20, "unparseable ts"),
    ]
    assert quarantine(con)[1][2] == '{"event_id": "x\\xff\\xfe", "visitor_id": "v"}'
    assert rows(con, "select line_number from raw.pixel_events order by 1") == [(1,), (17,), (18,)]
    assert (summary.records_read, summary.records_loaded, summary.records_quarantined) == (19, 3, 16)


def test_quarantined_raw_record_has_emails_hashed(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path,
        F,
        [
            event("e1", email="Jane@Example.com", ts="garbage"),
            '{"email": "bob@example.org", "broken": ',
            r'{"email": "eve\u0040example.org", "ts": 1}',
        ],
    )
    con, _ = load(tmp_path)
    raws = [raw for _, _, raw in quarantine(con)]
    assert "@" not in "".join(raws)
    assert sha("jane@example.com") in raws[0]
    assert sha("bob@example.org") in raws[1]
    assert sha("eve@example.org") in raws[2]


def test_emails_inside_stored_fields_are_hashed(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path,
        F,
        [event("e1", url="https://shop.example.com/?e=Jane%40Example.com&x=1", customer_id="bob@example.org")],
    )
    con, _ = load(tmp_path)
    [(url, customer_id)] = rows(con, "select url, customer_id from raw.pixel_events")
    assert url == f"https://shop.example.com/?e={sha('jane@example.com')}&x=1"
    assert customer_id == sha("bob@example.org")


def test_file_of_blank_lines_is_rejected_as_empty(tmp_path: Path) -> None:
    write_file(tmp_path, F, b"\n  \n\n")
    con, summary = load(tmp_path)
    assert summary.files_rejected == 1
    assert rows(con, "select status, reason from audit.load_audit") == [("rejected", "empty file")]
