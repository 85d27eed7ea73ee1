"""`touchline conversions send` against a fake of the platforms' APIs on the loopback: a dry run
by default, credentials from the environment, documented success and error shapes (partial
failures included), retries with backoff, rate limits, each request body delivered once."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests import fake_ad_apis
from touchline.conversions.destinations import DESTINATIONS
from touchline.conversions.ledger import ledger_path
from touchline.conversions.send import API_BASE_ENV, send_conversions
from touchline.settings import ConfigError

CREDENTIALS = {
    "TOUCHLINE_META_PIXEL_ID": "1234567890",
    "TOUCHLINE_META_ACCESS_TOKEN": "meta-token",
    "TOUCHLINE_PINTEREST_AD_ACCOUNT_ID": "549755885175",
    "TOUCHLINE_PINTEREST_ACCESS_TOKEN": "pin-token",
    "TOUCHLINE_TIKTOK_ACCESS_TOKEN": "tt-token",
    "TOUCHLINE_SNAPCHAT_PIXEL_ID": "snap-pixel",
    "TOUCHLINE_SNAPCHAT_ACCESS_TOKEN": "snap-token",
    "TOUCHLINE_REDDIT_PIXEL_ID": "t2_abc",
    "TOUCHLINE_REDDIT_ACCESS_TOKEN": "rd-token",
    "TOUCHLINE_LINKEDIN_ACCESS_TOKEN": "li-token",
}
SETTINGS = {"TOUCHLINE_TIKTOK_PIXEL_CODE": "C4TESTPIXEL", "TOUCHLINE_LINKEDIN_CONVERSION_RULE_ID": "104"}


def _row(order_id: str, click_type: str | None = None) -> dict:
    return {
        "order_id": order_id,
        "event_id": order_id,
        "event_name": "Purchase",
        "event_at": dt.datetime(2026, 12, 4, 10, 0),
        "value": Decimal("49.90"),
        "currency": "EUR",
        "email_hash": "a" * 64,
        "external_id_hash": None,
        "click_id_type": click_type,
        "click_id": "clk" if click_type else None,
        "clicked_at": dt.datetime(2026, 12, 4, 9, 0) if click_type else None,
        "user_agent": "Mozilla/5.0",
        "event_source_url": "https://shop.example/thanks",
        "export_action": "conversion",
    }


def _export_file(out: Path, name: str, bodies: list[list[str]]) -> Path:
    """An export file as `touchline conversions export` writes it: one request body per line."""
    target = DESTINATIONS[name]
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}-20261205T000000Z.jsonl"
    lines = [
        json.dumps(target.body([target.event(_row(order_id), SETTINGS) for order_id in orders], SETTINGS))
        for orders in bodies
    ]
    path.write_text("".join(line + "\n" for line in lines))
    return path


@pytest.fixture
def fake():
    server, apis, base = fake_ad_apis.start()
    yield apis, base
    server.shutdown()


def _deliveries(warehouse: Path) -> list[tuple]:
    con = duckdb.connect(str(ledger_path(warehouse)), read_only=True)
    try:
        return con.execute(
            "select export_file, line_number, status, events, events_failed from conversion_deliveries order by all"
        ).fetchall()
    finally:
        con.close()


def test_dry_run_is_the_default_and_needs_no_credentials(tmp_path, fake):
    apis, base = fake
    _export_file(tmp_path / "out", "meta", [["o1", "o2"]])
    printed = []
    report = send_conversions(
        tmp_path / "touchline.duckdb", "meta", tmp_path / "out", echo=printed.append, environ={API_BASE_ENV: base}
    )
    assert report.dry_run and report.ok and report.events == 2 and report.requests == 1
    assert apis.requests == [] and _deliveries(tmp_path / "touchline.duckdb") == []
    assert "would send 2 events" in report.summary()
    assert '"event_id":"o1"' in printed[0].replace(" ", "") and "***" in printed[0]


def test_the_command_is_a_dry_run_by_default(tmp_path, fake, capsys, monkeypatch):
    from touchline.cli import main

    apis, base = fake
    _export_file(tmp_path / "out", "reddit", [["o1"]])
    monkeypatch.setenv(API_BASE_ENV, base)
    assert (
        main(
            [
                "conversions",
                "send",
                "--destination",
                "reddit",
                "--warehouse",
                str(tmp_path / "w.duckdb"),
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "would send 1 events in 1 requests" in printed and '"conversion_id": "o1"' in printed.replace('":"', '": "')
    assert apis.requests == []


def test_meta_delivered_once_at_its_rate(tmp_path, fake):
    apis, base = fake
    path = _export_file(tmp_path / "out", "meta", [["o1", "o2"], ["o3"]])
    sleeps: list[float] = []
    warehouse = tmp_path / "touchline.duckdb"
    report = send_conversions(
        warehouse,
        "meta",
        tmp_path / "out",
        dry_run=False,
        echo=print,
        environ={**CREDENTIALS, API_BASE_ENV: base},
        sleep=sleeps.append,
    )
    assert report.ok and report.events == 3 and report.requests == 2
    assert [request.path for request in apis.requests] == ["/v21.0/1234567890/events?access_token=meta-token"] * 2
    assert [json.loads(request.body) for request in apis.requests] == [
        json.loads(line) for line in path.read_text().splitlines()
    ]
    assert all(0 < pause <= 60 / 600 for pause in sleeps)  # 600 requests a minute at most
    assert _deliveries(warehouse) == [(path.name, 1, "delivered", 2, 0), (path.name, 2, "delivered", 1, 0)]
    again = send_conversions(
        warehouse, "meta", tmp_path / "out", dry_run=False, environ={**CREDENTIALS, API_BASE_ENV: base}
    )
    assert again.requests == 0 and len(apis.requests) == 2


def test_throttling_and_server_errors_are_retried_with_backoff_then_a_partial_failure_is_reported(tmp_path, fake):
    apis, base = fake
    path = _export_file(tmp_path / "out", "pinterest", [["o1", "o2"]])
    apis.answer(429, {"code": 8, "message": "Rate limit exceeded"}, {"Retry-After": "3"})
    apis.answer(503, {"code": 500, "message": "unavailable"})
    apis.answer(
        200,
        {
            "num_events_received": 2,
            "num_events_processed": 1,
            "events": [
                {"status": "processed", "error_message": "", "warning_message": ""},
                {"status": "failed", "error_message": "event_time is too old", "warning_message": ""},
            ],
        },
    )
    sleeps: list[float] = []
    warehouse = tmp_path / "touchline.duckdb"
    report = send_conversions(
        warehouse,
        "pinterest",
        tmp_path / "out",
        dry_run=False,
        environ={**CREDENTIALS, API_BASE_ENV: base},
        sleep=sleeps.append,
        backoff_seconds=0.5,
    )
    assert len(apis.requests) == 3
    assert apis.requests[0].path == "/v5/ad_accounts/549755885175/events"
    assert apis.requests[0].headers["authorization"] == "Bearer pin-token"
    assert sleeps[-2:] == [3.0, 1.0]  # Retry-After, then 0.5 * 2
    assert not report.ok and report.events_failed == 1 and "event_time is too old" in report.summary()
    assert _deliveries(warehouse) == [(path.name, 1, "partial", 2, 1)]


def test_linkedin_batch_create_with_a_rejected_element(tmp_path, fake):
    apis, base = fake
    _export_file(tmp_path / "out", "linkedin", [["o1", "o2"]])
    apis.answer(
        200, {"elements": [{"status": 201}, {"status": 400, "error": {"message": "Invalid conversionHappenedAt"}}]}
    )
    report = send_conversions(
        tmp_path / "touchline.duckdb",
        "linkedin",
        tmp_path / "out",
        dry_run=False,
        environ={**CREDENTIALS, API_BASE_ENV: base},
    )
    [request] = apis.requests
    assert request.path == "/rest/conversionEvents"
    assert (
        request.headers["x-restli-method"] == "BATCH_CREATE" and request.headers["x-restli-protocol-version"] == "2.0.0"
    )
    assert request.headers["authorization"] == "Bearer li-token" and request.headers["linkedin-version"]
    assert report.events_failed == 1 and "Invalid conversionHappenedAt" in report.summary()


def test_whole_request_rejections_are_not_retried(tmp_path, fake):
    apis, base = fake
    _export_file(tmp_path / "out", "tiktok", [["o1"]])
    _export_file(tmp_path / "out", "meta", [["o2"]])
    apis.answer(200, {"code": 40001, "message": "Invalid access token", "request_id": "x", "data": {}})
    apis.answer(
        400, {"error": {"message": "Invalid parameter", "type": "OAuthException", "code": 100, "fbtrace_id": "x"}}
    )
    env = {**CREDENTIALS, API_BASE_ENV: base}
    tiktok = send_conversions(tmp_path / "touchline.duckdb", "tiktok", tmp_path / "out", dry_run=False, environ=env)
    meta = send_conversions(tmp_path / "touchline.duckdb", "meta", tmp_path / "out", dry_run=False, environ=env)
    assert [request.path for request in apis.requests] == [
        "/open_api/v1.3/event/track/",
        "/v21.0/1234567890/events?access_token=meta-token",
    ]
    assert apis.requests[0].headers["access-token"] == "tt-token"
    assert "Invalid access token" in tiktok.summary() and "Invalid parameter" in meta.summary()
    assert not tiktok.ok and not meta.ok


def test_snapchat_and_reddit_success_shapes(tmp_path, fake):
    apis, base = fake
    _export_file(tmp_path / "out", "snapchat", [["o1"]])
    _export_file(tmp_path / "out", "reddit", [["o1", "o2"]])
    env = {**CREDENTIALS, API_BASE_ENV: base}
    assert send_conversions(tmp_path / "w.duckdb", "snapchat", tmp_path / "out", dry_run=False, environ=env).ok
    assert send_conversions(tmp_path / "w.duckdb", "reddit", tmp_path / "out", dry_run=False, environ=env).ok
    assert apis.requests[0].path == "/v3/snap-pixel/events?access_token=snap-token"
    assert apis.requests[1].path == "/api/v3/pixels/t2_abc/conversion_events"
    assert apis.requests[1].headers["authorization"] == "Bearer rd-token"


def test_an_unreachable_api_is_retried_then_left_for_the_next_send(tmp_path, fake):
    apis, base = fake
    _export_file(tmp_path / "out", "snapchat", [["o1"]])
    sleeps: list[float] = []
    closed = "http://127.0.0.1:9"  # discard port: nothing listens on the loopback
    report = send_conversions(
        tmp_path / "w.duckdb",
        "snapchat",
        tmp_path / "out",
        dry_run=False,
        environ={**CREDENTIALS, API_BASE_ENV: closed},
        sleep=sleeps.append,
        backoff_seconds=0.01,
    )
    assert not report.ok and sleeps == [0.01, 0.02, 0.04, 0.08]
    assert _deliveries(tmp_path / "w.duckdb")[0][2] == "failed"
    later = send_conversions(
        tmp_path / "w.duckdb", "snapchat", tmp_path / "out", dry_run=False, environ={**CREDENTIALS, API_BASE_ENV: base}
    )
    assert later.ok and later.requests == 1 and len(apis.requests) == 1


def test_missing_credentials_and_csv_destinations_fail_fast(tmp_path):
    _export_file(tmp_path / "out", "reddit", [["o1"]])
    with pytest.raises(ConfigError, match="TOUCHLINE_REDDIT_PIXEL_ID, TOUCHLINE_REDDIT_ACCESS_TOKEN"):
        send_conversions(tmp_path / "w.duckdb", "reddit", tmp_path / "out", dry_run=False, environ={})
    with pytest.raises(ConfigError, match="CSV upload template"):
        send_conversions(tmp_path / "w.duckdb", "google_ads", tmp_path / "out", environ={})
