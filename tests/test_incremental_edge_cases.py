"""Incremental builds equal full builds in the cases that move history (attribution.md).

Small hand-made landings arrive in batches; after each batch the warehouse is built
incrementally, and at the end it must equal, table for table, a full build of all files:
- a late event merges two sessions of a visitor;
- a retried event (same event_id) received earlier lands later and moves to another visitor;
- a second device identifies with an email already seen: two persons merge;
- a 26th visitor shares an email: it crosses the degree cap, is blocked, and its person splits;
- a retried copy of an event moves an email shared by 26 visitors back under the cap: it is
  unblocked, its visitors join, and so does the customer id an order links to it (an edge whose
  smaller node, the customer id, is named by no event or order of that batch);
- an order re-export changes the order's email: a link disappears and a person splits;
- a late, earlier checkout event moves an order to another person: the person it left has a
  new first order (its other orders are recomputed too);
- a refund lands for an order of an earlier batch;
- a build with no new files changes nothing; a changed setting rebuilds every incremental row.
The generated-data version of this check (shuffled daily files) is in test_attribution.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.landing_fixtures import event, sha, write_csv, write_jsonl
from tests.warehouse_snapshot import INCREMENTAL_TABLES, load_into, query, rows_only_in_each
from touchline.dbt.cli import run_dbt

pytestmark = pytest.mark.slow

TABLES = {
    **INCREMENTAL_TABLES,
    "marts.sessions": "*",
    "marts.identity_map": "*",
    "marts.person_first_touch": "*",
    "marts.visitor_payments": "*",
    "marts.attribution_credits": "*",
    "marts.conversion_events": "*",
}
BUILD = [
    "build",
    "--select",
    "+person_first_touch",
    "+visitor_payments",
    "+attribution_credits",
    "+identity_map",
    "+sessions",
    "+conversion_events",
    # every incremental model: one that never recorded its state makes every build a full one
    "+int_analytics_session_campaigns",
    "+int_analytics_credit_campaigns",
    "+int_analytics_customer_orders",
    "--exclude",
    "test_type:unit",
    "test_type:data",
]
ORDERS_HEADER = "order_id,created_at,updated_at,email,customer_id,currency,total_price,financial_status\n"


def _pv(event_id: str, visitor: str, ts: str) -> dict:
    """A direct page view: only the 30-minute timeout splits a run of them into sessions."""
    return event(event_id, visitor_id=visitor, ts=ts, received_at=ts, url="https://shop.example.com/p", referrer=None)


def _identify(event_id: str, visitor: str, ts: str, email: str) -> dict:
    return event(
        event_id,
        event_type="identify",
        visitor_id=visitor,
        ts=ts,
        received_at=ts,
        url=None,
        referrer=None,
        email_hash=sha(email),
    )


def _checkout(event_id: str, visitor: str, ts: str, order_id: str) -> dict:
    return event(
        event_id,
        event_type="checkout_completed",
        visitor_id=visitor,
        ts=ts,
        received_at=ts,
        order_id=order_id,
        url=None,
    )


def _batches() -> list[dict[str, list | str]]:
    shared = [_identify(f"s{i:02d}", f"vs{i:02d}", "2026-03-01T09:00:00Z", "team@example.com") for i in range(1, 26)]
    crew = [_identify(f"c{i:02d}", f"vc{i:02d}", "2026-03-01T09:30:00Z", "crew@example.com") for i in range(1, 27)]
    return [
        {
            "pixel/2026-03-01/a.jsonl": [
                _pv("a1", "va", "2026-03-01T10:00:00Z"),
                _pv("a3", "va", "2026-03-01T10:50:00Z"),
                _identify("b1", "vb", "2026-03-01T11:00:00Z", "bee@example.com"),
                event("dup1", visitor_id="vc", ts="2026-03-01T12:00:00Z", received_at="2026-03-01T12:00:05Z"),
                _identify("d1", "vd", "2026-03-01T13:00:00Z", "dee@example.com"),
                # o5 and o6: orders without email or customer id, found by vx's checkouts
                _checkout("ch5", "vx", "2026-03-01T15:00:00Z", "o5"),
                _checkout("ch6", "vx", "2026-03-01T16:00:00Z", "o6"),
                *shared,
                *crew,  # 26 visitors: crew@ is blocked from the start
                _pv("c26pv", "vc26", "2026-03-01T09:31:00Z"),  # vc26 stays a visitor when c26 moves
            ],
            "orders/2026-03-01.csv": ORDERS_HEADER
            + "o1,2026-03-01T13:05:00Z,2026-03-01T13:05:00Z,dee@example.com,k1,USD,50.00,paid\n"
            + "o7,2026-03-01T17:00:00Z,2026-03-01T17:00:00Z,crew@example.com,k7,USD,10.00,paid\n"
            + "o5,2026-03-01T15:00:00Z,2026-03-01T15:00:00Z,,,USD,30.00,paid\n"
            + "o6,2026-03-01T16:00:00Z,2026-03-01T16:00:00Z,,,USD,40.00,paid\n",
        },
        {
            "pixel/2026-03-01/late.jsonl": [
                _pv("a2", "va", "2026-03-01T10:25:00Z"),  # joins va's two sessions into one
                event("dup1", visitor_id="vg", ts="2026-03-01T12:00:00Z", received_at="2026-03-01T12:00:01Z"),
                _identify("s26", "vs26", "2026-03-01T09:00:00Z", "team@example.com"),  # 26th visitor
                # an earlier checkout of o5 by vy: o5 is vy's person's now, and o6 is vx's first order
                _checkout("ch5y", "vy", "2026-03-01T14:59:00Z", "o5"),
            ],
            "pixel/2026-03-02/a.jsonl": [
                _identify("f1", "vf", "2026-03-02T08:00:00Z", "bee@example.com"),  # vb's second device
                event(
                    "ch1",
                    event_type="checkout_completed",
                    visitor_id="vd",
                    ts="2026-03-02T09:00:00Z",
                    received_at="2026-03-02T09:00:00Z",
                    order_id="o2",
                    url=None,
                ),
            ],
            "orders/2026-03-02.csv": ORDERS_HEADER
            + "o2,2026-03-02T09:00:00Z,2026-03-02T09:00:00Z,dee@example.com,k2,USD,20.00,paid\n",
        },
        {
            # o1 re-exported with another email: the dee-k1 link is gone, k1 joins eff
            "orders/2026-03-03.csv": ORDERS_HEADER
            + "o1,2026-03-01T13:05:00Z,2026-03-03T08:00:00Z,eff@example.com,k1,USD,50.00,partially_refunded\n",
            # a retried copy of c26, received before the first, is vc01's: crew@ has 25 visitors
            # again and is unblocked (vc26 keeps no link to it)
            "pixel/2026-03-03/retry.jsonl": [
                event(
                    "c26",
                    event_type="identify",
                    visitor_id="vc01",
                    ts="2026-03-01T09:29:00Z",
                    received_at="2026-03-01T09:29:30Z",
                    url=None,
                    referrer=None,
                    email_hash=sha("crew@example.com"),
                )
            ],
            # a refund of an order of the second batch
            "refunds/2026-03-03.csv": "refund_id,order_id,refunded_at,amount,currency\n"
            + "r2,o2,2026-03-03T09:00:00Z,5.00,USD\n",
        },
    ]


def _land(landing: Path, files: dict[str, list | str]) -> None:
    for rel, content in files.items():
        if isinstance(content, str):
            write_csv(landing, rel, content)
        else:
            write_jsonl(landing, rel, content)


def _differences(incremental: Path, full: Path) -> dict[str, tuple[int, int]]:
    found = {table: rows_only_in_each(incremental, full, table, columns) for table, columns in TABLES.items()}
    return {table: counts for table, counts in found.items() if counts != (0, 0)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("incremental")
    target = root / "target"
    landing, incremental = root / "landing", root / "incremental.duckdb"
    for files in _batches():
        _land(landing, files)
        load_into(landing, incremental)
        run_dbt(BUILD, incremental, target_path=target)
    full = root / "full.duckdb"
    load_into(landing, full)
    run_dbt([*BUILD, "--full-refresh"], full, target_path=target)
    return {"root": root, "landing": landing, "incremental": incremental, "full": full, "target": target}


def test_incremental_batches_equal_a_full_build(built: dict[str, Path]) -> None:
    assert _differences(built["incremental"], built["full"]) == {}


def test_the_cases_really_happened(built: dict[str, Path]) -> None:
    full = built["full"]
    # va: one session (10:00, 10:25, 10:50); dup1 belongs to vg, not vc
    assert query(full, "select count(*) from marts.sessions where visitor_id = 'va'") == [(1,)]
    assert query(full, "select visitor_id from staging.stg_pixel_events where event_id = 'dup1'") == [("vg",)]
    # vb and vf are one person; the shared email is blocked, so vs01 and vs02 are not
    persons = dict(
        query(full, "select identifier, person_id from marts.identity_map where identifier_type = 'visitor_id'")
    )
    assert persons["vb"] == persons["vf"]
    assert persons["vs01"] != persons["vs02"]
    # crew@ is unblocked: its 25 visitors and k7 (o7's customer id) are one person, vc26 is not
    assert len({persons[f"vc{i:02d}"] for i in range(1, 26)}) == 1
    assert persons["vc26"] != persons["vc01"]
    blocked = query(full, "select identifier from intermediate.int_identity_blocked_identifiers")
    assert (sha("crew@example.com"),) not in blocked and (sha("team@example.com"),) in blocked
    # k1 left dee (o1's email changed) and is eff's; k2 is still dee's
    by_id = dict(
        query(full, "select identifier, person_id from marts.identity_map where identifier_type <> 'visitor_id'")
    )
    assert by_id["k1"] == by_id[sha("eff@example.com")] != by_id[sha("dee@example.com")] == by_id["k2"]
    assert by_id["k7"] == by_id[sha("crew@example.com")] == persons["vc01"]
    # o5 moved to vy's person; o6 is now the first order of vx's; o2's refund counts
    payments = {
        order: (person, first, net)
        for order, person, first, net in query(
            full, "select order_id, person_id, is_first_order, net_revenue from marts.visitor_payments"
        )
    }
    assert payments["o5"][0] == persons["vy"] != persons["vx"] == payments["o6"][0]
    assert payments["o5"][1] and payments["o6"][1]
    assert payments["o2"][2] == 15


def test_each_batch_really_was_incremental(built: dict[str, Path]) -> None:
    [(is_full, from_load, to_load)] = query(
        built["incremental"], "select is_full, from_load_id, to_load_id from intermediate.int_incremental_batch"
    )
    assert not is_full and 0 < from_load < to_load


def test_a_build_without_new_files_changes_nothing(built: dict[str, Path]) -> None:
    run_dbt(BUILD, built["incremental"], target_path=built["target"])
    [(is_full, from_load, to_load)] = query(
        built["incremental"], "select is_full, from_load_id, to_load_id from intermediate.int_incremental_batch"
    )
    assert (is_full, from_load) == (False, to_load)
    assert _differences(built["incremental"], built["full"]) == {}


def test_a_changed_setting_rebuilds_every_incremental_row(built: dict[str, Path]) -> None:
    # 20 minutes: va's 25-minute gaps now split its sessions again
    settings = {"session_timeout_minutes": 20}
    run_dbt(BUILD, built["incremental"], target_path=built["target"], dbt_vars=settings)
    assert query(built["incremental"], "select is_full from intermediate.int_incremental_batch") == [(True,)]
    full = built["root"] / "full_20.duckdb"
    load_into(built["landing"], full)
    run_dbt([*BUILD, "--full-refresh"], full, target_path=built["target"], dbt_vars=settings)
    assert query(full, "select count(*) from marts.sessions where visitor_id = 'va'") == [(3,)]
    assert _differences(built["incremental"], full) == {}
