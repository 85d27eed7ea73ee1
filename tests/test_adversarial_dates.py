"""Issue 14, item 3: one absurd date must not take over the analytics. The loader quarantines
events, orders, refunds and spend dated outside the plausibility window (a setting), on its
fast paths and its Python paths alike; fx rates are not held to it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.landing_fixtures import audit_rows, event, load, quarantine, rows, write_csv, write_jsonl
from touchline import settings
from touchline.commands.build import run_build
from touchline.landing.date_window import DateWindow

# The loader runs "on" 2026-06-01 at noon (UTC): the default window is then
# [2000-01-01, 2026-06-02 12:00].
NOW = datetime(2026, 6, 1, 12, 0, 0)
WINDOW = DateWindow(settings.DEFAULT_EARLIEST_DATE, 1, NOW)


def test_events_dated_outside_the_window_are_quarantined_on_every_path(tmp_path: Path):
    landing = tmp_path / "landing"
    write_jsonl(
        landing,
        "pixel/p.jsonl",
        [
            event("ok", ts="2026-05-31T10:00:00Z", received_at=None),
            event("far-future", ts="2999-01-01T00:00:00Z", received_at=None),  # Python path (year 29xx)
            event("future", ts="2099-01-01T00:00:00Z", received_at=None),  # fast-path spelling
            event("tomorrow", ts="2026-06-02T11:00:00Z", received_at=None),  # within a day ahead
            event("two-days", ts="2026-06-03T13:00:00Z", received_at=None),
            event("ancient", ts="1999-12-31T23:59:59Z", received_at=None),
            event("year-one", ts="0001-01-01T00:00:00Z", received_at=None),
            event("bad-received", ts="2026-05-31T10:00:00Z", received_at="2999-01-01T00:00:00Z"),
            event("offset", ts="2026-06-02T13:00:00+02:00", received_at=None),  # 11:00 UTC: inside
            {**event("email-line", ts="2999-01-01T00:00:00Z", received_at=None), "email": "a@example.com"},
        ],
    )
    con, _ = load(landing, date_window=WINDOW)
    kept = sorted(r[0] for r in rows(con, "select event_id from raw.pixel_events"))
    assert kept == ["offset", "ok", "tomorrow"]
    reasons = [reason for _, reason, _ in quarantine(con)]
    assert reasons == [
        "ts more than TOUCHLINE_MAX_DAYS_AHEAD (1 day) after loading",
        "ts more than TOUCHLINE_MAX_DAYS_AHEAD (1 day) after loading",
        "ts more than TOUCHLINE_MAX_DAYS_AHEAD (1 day) after loading",
        "ts before TOUCHLINE_EARLIEST_DATE (2000-01-01)",
        "ts before TOUCHLINE_EARLIEST_DATE (2000-01-01)",
        "received_at more than TOUCHLINE_MAX_DAYS_AHEAD (1 day) after loading",
        "ts more than TOUCHLINE_MAX_DAYS_AHEAD (1 day) after loading",
    ]
    assert audit_rows(con)["pixel/p.jsonl"][2:] == (10, 3, 7)


@pytest.mark.parametrize("fast", [True, False], ids=["fast-path", "python-path"])
def test_orders_refunds_and_spend_outside_the_window_are_quarantined(tmp_path: Path, fast: bool):
    landing = tmp_path / "landing"
    # A quoted cell sends the whole file to the Python reader; a plain file takes DuckDB's path.
    note = "" if fast else ',"a, b"'
    extra = "" if fast else ",note"
    write_csv(
        landing,
        "orders/o.csv",
        f"order_id,created_at,updated_at,currency,total_price{extra}\n"
        f"o1,2026-05-01T10:00:00Z,,USD,10{note}\n"
        f"o2,2099-05-01T10:00:00Z,,USD,10{note}\n"
        f"o3,1899-12-31T10:00:00Z,,USD,10{note}\n"
        f"o4,2026-05-01T10:00:00Z,2999-01-01T00:00:00Z,USD,10{note}\n"
        f"o5,0001-01-01T00:00:00Z,,USD,10{note}\n",
    )
    write_csv(
        landing,
        "refunds/r.csv",
        f"refund_id,order_id,refunded_at,amount,currency{extra}\n"
        f"r1,o1,2026-05-02T10:00:00Z,1,USD{note}\n"
        f"r2,o1,2030-05-02T10:00:00Z,1,USD{note}\n",
    )
    write_csv(
        landing,
        "spend/s.csv",
        f"date_day,platform,campaign_id,campaign_name,spend,currency{extra}\n"
        f"2026-06-02,google,c1,C,5,USD{note}\n"  # the ad account's local day may run ahead of UTC
        f"2026-06-04,google,c1,C,5,USD{note}\n"
        f"1999-12-31,google,c1,C,5,USD{note}\n",
    )
    write_csv(landing, "fx/f.csv", f"date_day,currency,rate{extra}\n1999-01-04,EUR,1.17{note}\n")
    con, _ = load(landing, date_window=WINDOW)
    assert rows(con, "select order_id from raw.orders") == [("o1",)]
    assert rows(con, "select refund_id from raw.refunds") == [("r1",)]
    assert rows(con, "select date_day::varchar from raw.spend") == [("2026-06-02",)]
    assert rows(con, "select count(*) from raw.fx") == [(1,)]  # fx rates are not held to the window
    assert [(line, reason) for line, reason, _ in quarantine(con, "orders/o.csv")] == [
        (3, "created_at more than TOUCHLINE_MAX_DAYS_AHEAD (1 day) after loading"),
        (4, "created_at before TOUCHLINE_EARLIEST_DATE (2000-01-01)"),
        (5, "updated_at more than TOUCHLINE_MAX_DAYS_AHEAD (1 day) after loading"),
        (6, "created_at before TOUCHLINE_EARLIEST_DATE (2000-01-01)"),
    ]
    assert [reason for _, reason, _ in quarantine(con, "spend/s.csv")] == [
        "date_day more than TOUCHLINE_MAX_DAYS_AHEAD (1 day) after loading",
        "date_day before TOUCHLINE_EARLIEST_DATE (2000-01-01)",
    ]
    assert [reason for _, reason, _ in quarantine(con, "refunds/r.csv")] == [
        "refunded_at more than TOUCHLINE_MAX_DAYS_AHEAD (1 day) after loading",
    ]
    for _status, _reason, read, loaded, quarantined in audit_rows(con).values():
        assert read == loaded + quarantined


def test_the_window_follows_its_settings(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(settings.EARLIEST_DATE_ENV, "1800-01-01")
    monkeypatch.setenv(settings.MAX_DAYS_AHEAD_ENV, "0")
    window = DateWindow.from_settings(NOW)
    landing = tmp_path / "landing"
    write_csv(
        landing,
        "orders/o.csv",
        "order_id,created_at,currency,total_price\no1,1899-12-31T10:00:00Z,USD,10\no2,2026-06-01T12:30:00Z,USD,10\n",
    )
    con, _ = load(landing, date_window=window)
    assert rows(con, "select order_id from raw.orders") == [("o1",)]
    assert [reason for _, reason, _ in quarantine(con)] == [
        "created_at more than TOUCHLINE_MAX_DAYS_AHEAD (0 days) after loading"
    ]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        (settings.EARLIEST_DATE_ENV, "last year"),
        (settings.EARLIEST_DATE_ENV, "2026-02-30"),
        (settings.MAX_DAYS_AHEAD_ENV, "-1"),
        (settings.MAX_DAYS_AHEAD_ENV, "a week"),
    ],
)
def test_a_bad_window_setting_fails_fast_naming_it(tmp_path: Path, monkeypatch, variable: str, value: str):
    monkeypatch.setenv(variable, value)
    landing = tmp_path / "landing"
    landing.mkdir()
    warehouse = tmp_path / "warehouse" / "touchline.duckdb"
    with pytest.raises(settings.ConfigError, match=variable):
        run_build(landing, warehouse, echo=lambda _line: None)
    assert not warehouse.parent.exists()
    with pytest.raises(settings.ConfigError, match=variable):
        load(landing)
