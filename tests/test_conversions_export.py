"""`touchline conversions export` on a built warehouse: each destination's payload as its API or
upload template documents it (required fields, hashes, click-ID forms, time formats, currency,
values to the cent), each order exported once, and a refund re-exported as a Google Ads
adjustment (docs/conversions.md)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conversions_warehouse import build, generate_landing, query
from touchline.cli import main
from touchline.conversions.export import SEND_MARGIN, export_conversions
from touchline.conversions.formats import sha256_identifier
from touchline.conversions.ledger import ledger_path
from touchline.settings import ConfigError

pytestmark = pytest.mark.slow

ENV = {"TOUCHLINE_TIKTOK_PIXEL_CODE": "C4TESTPIXEL", "TOUCHLINE_LINKEDIN_CONVERSION_RULE_ID": "104"}
HEX64 = re.compile(r"[0-9a-f]{64}")
JSON_DESTINATIONS = ["meta", "pinterest", "tiktok", "snapchat", "reddit", "linkedin"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("conversions_export")
    landing = generate_landing(root)
    warehouse = root / "touchline.duckdb"
    assert "ERROR=0" in build(landing, warehouse)
    as_of = query(warehouse, "select as_of_at from intermediate.int_conversions_as_of")[0][0]
    now = as_of.replace(tzinfo=dt.UTC) + dt.timedelta(minutes=30)
    out = root / "out"
    meta_exported = set(_exportable(_mart(warehouse, "meta"), now))
    modified = warehouse.stat().st_mtime_ns
    results = {
        name: export_conversions(warehouse, name, out, now=now, environ=ENV)
        for name in ["meta", "google_ads", "pinterest", "tiktok", "snapchat", "microsoft_ads", "reddit", "linkedin"]
    }
    return {
        "root": root,
        "landing": landing,
        "warehouse": warehouse,
        "now": now,
        "out": out,
        "results": results,
        "meta_exported": meta_exported,
        "modified": modified,
    }


def _exportable(rows: dict[str, dict], now: dt.datetime) -> dict[str, dict]:
    """The ready rows the platform still takes a day after `now` (what an export at `now` writes)."""
    limit = now.replace(tzinfo=None) + SEND_MARGIN
    return {order_id: row for order_id, row in rows.items() if row["accepted_until"] >= limit}


def _mart(warehouse: Path, destination: str, status: str = "ready") -> dict[str, dict]:
    rows = query(
        warehouse, "select * from marts.conversion_events where destination = ? and status = ?", [destination, status]
    )
    names = [
        row[0]
        for row in query(
            warehouse,
            "select column_name from information_schema.columns where table_name = 'conversion_events' order by ordinal_position",
        )
    ]
    return {row[1]: dict(zip(names, row, strict=True)) for row in rows}


def _events(path: Path, unwrap) -> list[dict]:
    events = []
    for line in path.read_text().splitlines():
        events.extend(unwrap(json.loads(line)))
    return events


def _cents(number) -> Decimal:
    return Decimal(str(number))


def test_every_ready_row_is_exported_once_per_destination(built):
    for name, result in built["results"].items():
        ready = _mart(built["warehouse"], name)
        exportable = _exportable(ready, built["now"])
        assert result.conversions == len(exportable) > 0, name
        assert result.too_old == len(ready) - len(exportable)
    # the warehouse analysts read is only read; the ledger is its own file
    assert built["warehouse"].stat().st_mtime_ns == built["modified"]
    ledger = ledger_path(built["warehouse"])
    assert ledger.exists() and ledger != built["warehouse"]


def test_meta_events(built):
    ready = _exportable(_mart(built["warehouse"], "meta"), built["now"])
    [path] = built["results"]["meta"].files
    events = _events(path, lambda body: body["data"])
    assert {event["event_id"] for event in events} == set(ready)
    for event in events:
        row = ready[event["event_id"]]
        assert event["event_name"] == "Purchase" and event["action_source"] == "website"
        assert isinstance(event["event_time"], int) and len(str(event["event_time"])) == 10
        assert event["event_time"] == int(row["event_at"].replace(tzinfo=dt.UTC).timestamp())
        assert event["event_source_url"] == row["event_source_url"] and event["user_data"]["client_user_agent"]
        assert all(
            HEX64.fullmatch(value)
            for value in event["user_data"].get("em", []) + event["user_data"].get("external_id", [])
        )
        assert event["user_data"].get("em", [None])[0] == row["email_hash"]  # passed through, not hashed twice
        assert (
            _cents(event["custom_data"]["value"]) == row["value"]
            and event["custom_data"]["currency"] == row["currency"]
        )
        if row["click_id_type"] == "fbclid":
            millis = int(row["clicked_at"].replace(tzinfo=dt.UTC).timestamp() * 1000)
            assert event["user_data"]["fbc"] == f"fb.1.{millis}.{row['click_id']}"
        else:
            assert "fbc" not in event["user_data"]
    assert any("fbc" in event["user_data"] for event in events)


def test_google_ads_click_conversion_template(built):
    ready = _exportable(_mart(built["warehouse"], "google_ads"), built["now"])
    [path] = built["results"]["google_ads"].files
    assert path.name.startswith("google_ads-conversions-")
    rows = list(csv.reader(path.open(newline="")))
    assert rows[0] == [
        "Google Click ID",
        "Conversion Name",
        "Conversion Time",
        "Conversion Value",
        "Conversion Currency",
        "Order ID",
    ]
    revenue = dict(query(built["warehouse"], "select order_id, net_revenue from marts.visitor_payments"))
    for click, name, at, value, currency, order_id in rows[1:]:
        assert click == ready[order_id]["click_id"] and ready[order_id]["click_id_type"] == "gclid"
        assert name == "Purchase"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d", at)
        assert dt.datetime.fromisoformat(at) == ready[order_id]["event_at"].replace(tzinfo=dt.UTC).replace(
            microsecond=0
        )
        assert Decimal(value) == revenue[order_id] and re.fullmatch(r"[A-Z]{3}", currency)
    assert len(rows) - 1 == len(ready)


def test_microsoft_ads_bulk_template(built):
    [path] = built["results"]["microsoft_ads"].files
    rows = list(csv.reader(path.open(newline="")))
    assert rows[0][:11] == [
        "Type",
        "Status",
        "Id",
        "Parent Id",
        "Client Id",
        "Name",
        "Conversion Currency Code",
        "Conversion Name",
        "Conversion Time",
        "Conversion Value",
        "Microsoft Click Id",
    ]
    assert rows[1][0] == "Format Version" and rows[1][5] == "6.0"
    ready = _mart(built["warehouse"], "microsoft_ads")
    for row in rows[2:]:
        assert row[0] == "Offline Conversion"
        mart = ready[row[4]]
        assert row[10] == mart["click_id"] and mart["click_id_type"] == "msclkid"
        assert dt.datetime.strptime(row[8], "%m/%d/%Y %I:%M:%S %p") == mart["event_at"].replace(microsecond=0)
        assert Decimal(row[9]) == mart["value"] and row[6] == mart["currency"]


@pytest.mark.parametrize("destination", JSON_DESTINATIONS[1:])
def test_json_destinations_required_fields_and_click_ids(built, destination):
    ready = _exportable(_mart(built["warehouse"], destination), built["now"])
    [path] = built["results"][destination].files
    bodies = [json.loads(line) for line in path.read_text().splitlines()]
    if destination == "tiktok":
        assert all(body["event_source"] == "web" and body["event_source_id"] == "C4TESTPIXEL" for body in bodies)
    unwrap = {
        "pinterest": lambda b: b["data"],
        "tiktok": lambda b: b["data"],
        "snapchat": lambda b: b["data"],
        "reddit": lambda b: b["data"]["events"],
        "linkedin": lambda b: b["elements"],
    }[destination]
    events = [event for body in bodies for event in unwrap(body)]
    assert len(events) == len(ready)
    for event in events:
        if destination == "pinterest":
            row = ready[event["event_id"]]
            assert event["event_name"] == "checkout" and event["action_source"] == "web"
            assert len(str(event["event_time"])) == 10
            assert (
                Decimal(event["custom_data"]["value"]) == row["value"]
                and event["custom_data"]["currency"] == row["currency"]
            )
            assert event["user_data"].get("click_id") == (row["click_id"] if row["click_id_type"] == "epik" else None)
            identifiers = event["user_data"].get("em", []) + event["user_data"].get("external_id", [])
        elif destination == "tiktok":
            row = ready[event["event_id"]]
            assert event["event"] == "CompletePayment" and len(str(event["event_time"])) == 10
            assert _cents(event["properties"]["value"]) == row["value"]
            assert event["user"].get("ttclid") == (row["click_id"] if row["click_id_type"] == "ttclid" else None)
            identifiers = [event["user"][key] for key in ("email", "external_id") if key in event["user"]]
        elif destination == "snapchat":
            row = ready[event["event_id"]]
            assert event["event_name"] == "PURCHASE" and event["action_source"] == "WEB"
            assert Decimal(event["custom_data"]["value"]) == row["value"]
            assert event["user_data"].get("sc_click_id") == (
                row["click_id"] if row["click_id_type"] == "sccid" else None
            )
            identifiers = event["user_data"].get("em", []) + event["user_data"].get("external_id", [])
        elif destination == "reddit":
            row = ready[event["metadata"]["conversion_id"]]
            assert event["type"] == {"tracking_type": "Purchase"} and event["action_source"] == "WEBSITE"
            assert event["event_at"] == int(row["event_at"].replace(tzinfo=dt.UTC).timestamp() * 1000)
            assert _cents(event["metadata"]["value"]) == row["value"]
            assert event.get("click_id") == (row["click_id"] if row["click_id_type"] == "rdt_cid" else None)
            identifiers = [event["user"][key] for key in ("email", "external_id") if key in event["user"]]
        else:
            row = ready[event["eventId"]]
            assert event["conversion"] == "urn:lla:llaPartnerConversion:104"
            assert len(str(event["conversionHappenedAt"])) == 13
            assert event["conversionValue"] == {
                "currencyCode": row["currency"],
                "amount": str(row["value"].quantize(Decimal("0.01"))),
            }
            ids = {item["idType"]: item["idValue"] for item in event["user"]["userIds"]}
            assert ids and set(ids) <= {"SHA256_EMAIL", "LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID"}
            assert ids.get("LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID") == (
                row["click_id"] if row["click_id_type"] == "li_fat_id" else None
            )
            identifiers = [ids["SHA256_EMAIL"]] if "SHA256_EMAIL" in ids else []
        assert all(HEX64.fullmatch(value) for value in identifiers)


def test_hashing_rules():
    assert sha256_identifier("  Buyer@Example.COM ") == sha256_identifier("buyer@example.com")
    hashed = sha256_identifier("buyer@example.com")
    assert HEX64.fullmatch(hashed)
    assert sha256_identifier(hashed.upper()) == hashed  # already hashed: never hashed twice
    assert sha256_identifier("  ") is None


def test_a_setting_the_payload_needs_fails_fast(built, tmp_path):
    with pytest.raises(ConfigError, match="TOUCHLINE_LINKEDIN_CONVERSION_RULE_ID"):
        export_conversions(built["warehouse"], "linkedin", tmp_path, now=built["now"], environ={})
    assert not any(tmp_path.iterdir())


def test_since_limits_the_export_to_orders_placed_from_that_date(built, tmp_path):
    import shutil

    warehouse = tmp_path / "touchline.duckdb"  # a copy without a ledger: nothing exported there yet
    shutil.copy2(built["warehouse"], warehouse)
    ready = _exportable(_mart(warehouse, "tiktok"), built["now"])
    since = sorted(row["event_at"].date() for row in ready.values())[len(ready) // 2]
    result = export_conversions(warehouse, "tiktok", tmp_path / "out", since=since, now=built["now"], environ=ENV)
    expected = {order_id for order_id, row in ready.items() if row["event_at"].date() >= since}
    [path] = result.files
    assert {event["event_id"] for event in _events(path, lambda body: body["data"])} == expected
    assert 0 < len(expected) < len(ready)


def test_the_dagster_export_asset_exports_the_switched_on_destinations(built, tmp_path, monkeypatch):
    import shutil

    from dagster import DefaultScheduleStatus, materialize

    from orchestration.conversions import conversion_exports, conversions_export_schedule, conversions_send_schedule
    from orchestration.resources import TouchlinePaths

    # a copy of the published warehouse without a ledger: nothing exported there yet
    warehouse = tmp_path / "touchline.duckdb"
    shutil.copy2(built["warehouse"], warehouse)
    monkeypatch.setenv("TOUCHLINE_CONVERSIONS_DESTINATIONS", "meta, google_ads")
    monkeypatch.setenv("TOUCHLINE_CONVERSIONS_OUT", str(tmp_path / "exports"))
    result = materialize(
        [conversion_exports],
        resources={"paths": TouchlinePaths(warehouse=str(warehouse), landing_dir=str(built["landing"]))},
    )
    assert result.success
    [materialization] = result.asset_materializations_for_node("conversions__exports")
    # the asset exports at the wall-clock time: what the platforms still accept now
    now = dt.datetime.now(dt.UTC)
    for name in ["meta", "google_ads"]:
        accepted = _exportable(_mart(warehouse, name), now)
        assert materialization.metadata[f"{name}_conversions"].value == len(accepted), name
        assert len(list((tmp_path / "exports").glob(f"{name}-*"))) == (1 if accepted else 0)
    assert conversions_export_schedule.default_status == DefaultScheduleStatus.STOPPED
    assert conversions_send_schedule.default_status == DefaultScheduleStatus.STOPPED
    monkeypatch.setenv("TOUCHLINE_CONVERSIONS_DESTINATIONS", "facebook")
    assert not materialize(
        [conversion_exports],
        resources={"paths": TouchlinePaths(warehouse=str(warehouse), landing_dir=str(built["landing"]))},
        raise_on_error=False,
    ).success


def test_re_export_writes_nothing_then_a_refund_becomes_a_google_adjustment(built, capsys):
    warehouse, now = built["warehouse"], built["now"]
    assert (
        main(
            [
                "conversions",
                "export",
                "--destination",
                "google_ads",
                "--warehouse",
                str(warehouse),
                "--out",
                str(built["out"]),
            ]
        )
        == 0
    )
    assert "nothing new to export" in capsys.readouterr().out
    files = sorted(built["out"].iterdir())
    for name in ["meta", "google_ads"]:
        again = export_conversions(warehouse, name, built["out"], now=now + dt.timedelta(minutes=1), environ=ENV)
        assert again.files == [] and again.conversions == again.adjustments == 0
    assert sorted(built["out"].iterdir()) == files

    # refund one exported Google order in part and one in full, rebuild
    exported = list(_exportable(_mart(warehouse, "google_ads"), now))[:2]
    revenue = dict(query(warehouse, "select order_id, net_revenue from marts.visitor_payments"))
    currency = dict(query(warehouse, "select order_id, currency from marts.visitor_payments"))
    partial, full = exported
    refunds = built["landing"] / "refunds" / "late" / "refunds-late.csv"
    refunds.parent.mkdir(parents=True)
    refunded_at = (now + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    refunds.write_text(
        "refund_id,order_id,refunded_at,amount,currency\n"
        f"late-1,{partial},{refunded_at},10.00,{currency[partial]}\n"
        f"late-2,{full},{refunded_at},{revenue[full]},{currency[full]}\n"
    )
    assert "ERROR=0" in build(built["landing"], warehouse)
    google = {row["order_id"]: row for row in _mart(warehouse, "google_ads", "ready").values()}
    assert google[partial]["export_action"] == "restatement" and google[partial]["value"] == revenue[partial] - 10
    assert google[full]["export_action"] == "retraction"
    assert set(google) == {partial, full}
    # what Meta (no adjustments) was sent stays sent, refunded or not
    assert set(_mart(warehouse, "meta", "sent")) == built["meta_exported"]

    later = now + dt.timedelta(hours=2)
    result = export_conversions(warehouse, "google_ads", built["out"], now=later, environ=ENV)
    assert result.conversions == 0 and result.adjustments == 2
    [path] = result.files
    assert path.name.startswith("google_ads-adjustments-")
    rows = list(csv.reader(path.open(newline="")))
    assert rows[0] == [
        "Order ID",
        "Conversion Name",
        "Adjustment Time",
        "Adjustment Type",
        "Adjusted Value",
        "Adjusted Value Currency",
    ]
    adjustments = {row[0]: row for row in rows[1:]}
    assert adjustments[partial][3] == "RESTATEMENT" and Decimal(adjustments[partial][4]) == revenue[partial] - 10
    assert adjustments[partial][5] == currency[partial]
    assert adjustments[full][3] == "RETRACTION" and adjustments[full][4] == ""
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00", adjustments[full][2])
    # and once only
    assert export_conversions(warehouse, "google_ads", built["out"], now=later, environ=ENV).files == []
