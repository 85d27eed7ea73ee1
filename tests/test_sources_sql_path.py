"""The DuckDB path for vendor spend tables (touchline/sources/sql_path.py) gives exactly the
rows, quarantine and dropped lines of the Python mapping alone, on every fixture and on files
written to mix every spelling the path must leave to Python."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.landing_fixtures import load, rows
from tests.test_sources_load import FIXTURES, land
from touchline.sources import load as source_load

CURRENCIES = {
    "tiktok": "EUR",
    "pinterest": "GBP",
    "549700000001": "USD",
    "snapchat": "USD",
    "linkedin": "EUR",
    "reddit": "USD",
    "111-222-3333": "CHF",
    "google": "EUR",
    "facebook_ads": "SEK",
    "acct-9": "NOK",
    "x": "USD",
    "x99999": "GBP",
}

GOOGLE_MIXED = (
    "Campaign performance report\n"
    '"March 1, 2026 - March 31, 2026"\n'
    "Day,Customer ID,Campaign ID,Campaign,Ad group,Cost,Clicks,Impr.\n"
    "2026-03-14,111-222-3333,901,Spring Search,Boots,60.00,31,1240\n"  # account currency CHF
    "2026-03-14,444-555-6666,902,Brand,Brand exact,12.5,3,90\n"  # platform currency EUR
    "2026-03-15,444-555-6666,902,Brand,,0,0,0\n"  # empty optional text
    '2026-03-15,444-555-6666,902,Brand,Brand exact,"1,204.50",402,12400\n'  # thousands: Python
    "2026-03-16,444-555-6666,902,Brand,Brand exact,--,--,--\n"  # `--`: Python
    "2026-03-16,444-555-6666,903, Padded ,Brand exact,4.00,1,10\n"  # padded text: Python
    "2026-03-16,444-555-6666,904,--,Brand exact,4.00,1,10\n"  # `--` name: quarantined
    "2026-03-16,444-555-6666,,Nameless id,x,4.00,1,10\n"  # blank id: name is id
    "Mar 17, 2026,444-555-6666,902,Brand,x,1.00,1,1\n"  # wrong width (comma)
    '"Mar 17, 2026",444-555-6666,902,Brand,x,1.00,1,1\n'  # report date: Python
    "2026-02-30,444-555-6666,902,Brand,x,1.00,1,1\n"  # impossible date
    "2026-03-17,444-555-6666,902,Brände,x,1.00,1,1\n"  # non-ASCII: Python
    "2026-03-17,444-555-6666,902,Brand,x,abc,1,1\n"  # non-numeric cost
    "\n"
    "2026-03-18,444-555-6666,902,Brand,x,123456789012.00,1,1\n"  # out of range
    "Total: Account,,,,,1377.00,437,13740\n"
    " total: campaigns,,,,,1377.00,437,13740\n"
)

FIVETRAN_MIXED = (
    "date_day,platform,account_id,campaign_id,campaign_name,spend,clicks,impressions\n"
    "2026-03-14,google_ads,acct-1,11,G,10.00,1,2\n"  # google -> EUR
    "2026-03-14,facebook_ads,acct-2,12,F,20.00,1,2\n"  # facebook_ads key -> meta -> SEK
    "2026-03-14,Instagram,acct-3,13,I,30.00,1,2\n"  # instagram -> meta -> SEK
    "2026-03-14,tiktok_ads,acct-9,14,T,40.00,1,2\n"  # the account wins: NOK
    "2026-03-14,bing_ads,acct-4,15,B,50.00,1,2\n"  # no currency for microsoft: quarantined
    "2026-03-14,,acct-5,16,N,60.00,1,2\n"  # no platform: Python refuses
)

META_MIXED = (
    "Reporting starts,Reporting ends,Campaign name,Campaign ID,Day,Amount spent (EUR),Impressions,Link clicks\n"
    "2026-03-14,2026-03-15,,,,95.10,5400,160\n"  # summary row: dropped
    "2026-03-14,2026-03-15,Reels,1202,2026-03-14,40.00,2100,70\n"  # header currency EUR
    "2026-03-14,2026-03-15,Reels,1202,2026-03-15,40,,\n"
    "2026-03-14,2026-03-14,Reels,1202,,12.00,1,1\n"  # no Day: Reporting starts (Python)
    "2026-03-14,2026-03-15,Reels,1202,,12.00,1,1\n"  # no Day, two days: quarantined
    '2026-03-14,2026-03-15,Reels,1202,2026-03-15,"1,040.00",1,1\n'  # thousands: Python
    "2026-03-14,2026-03-15,Reels,,2026-03-15,3.00,1,1\n"  # no id: the name (Python)
    "2026-03-14,2026-03-15,Reels,1202,2026-03-15 00:00:00,3.00,1,1\n"  # a time after the day: Python
)
X_MIXED = (
    "ID,Campaign,Campaign URL,Time,Spend,Impressions,Clicks\n"
    "1a2b,Spring,https://ads.x.com/campaign/1a2b,2026-03-14,21.40,4100,47\n"
    "1a2b,Spring,https://ads.x.com/campaign/1a2b,3/15/2026,21.40,4100,47\n"  # US day
    "1a2b,Spring,https://ads.x.com/campaign/1a2b,03/16/2026,21.40,4100,47\n"
    "1a2b,Spring,https://ads.x.com/campaign/1a2b,2/30/2026,21.40,4100,47\n"  # impossible: quarantined
    "1a2b,Spring,https://ads.x.com/campaign/1a2b,1/1/1999,21.40,4100,47\n"  # before the window
    "1a2b,Spring,https://ads.x.com/campaign/1a2b,13/1/2026,21.40,4100,47\n"  # no 13th month
    '1a2b,Spring,https://ads.x.com/campaign/1a2b,"Mar 17, 2026",21.40,4100,47\n'  # Python
    "1a2b,Spring,https://ads.x.com/campaign/1a2b, 3/18/2026 ,21.40,4100,47\n"
)
MICROSOFT_MIXED = (
    '"Report Name: Campaign Performance Report"\n'
    '"Report Time: 3/16/2026"\n'
    '"Time Zone: (GMT+01:00) Amsterdam, Berlin"\n'
    '"Rows: 4"\n'
    "\n"
    "TimePeriod,AccountNumber,CampaignName,CampaignId,CurrencyCode,Impressions,Clicks,Spend\n"
    "3/14/2026,F12345,Brand,901,EUR,1000,50,12.34\n"
    "3/14/2026,X99999,Brand,901,,1000,50,12.34\n"  # the account's configured currency
    "3/15/2026,F12345,Brand,901,,1000,50,1.00\n"  # no currency for it: quarantined
    "2026-03-16,F12345,Brand,901,EUR,1000,50,2.00\n"
    "Total,,,,,4000,200,27.68\n"
    "(c) 2026 Microsoft Corporation. All rights reserved.,,,,,,,\n"
    '"\u00a92026 Microsoft Corporation. All rights reserved. "\n'
)
SNAPCHAT_MIXED = (
    "Start time,End time,Campaign Name,Campaign ID,Amount Spent,Currency,Paid Impressions,Swipe Ups\n"
    "2026-03-14,2026-03-14,Snap,c1,45.20,USD,8000,120\n"  # one day
    "2026-03-14T00:00:00.000-07:00,2026-03-15T00:00:00.000-07:00,Snap,c1,1.00,USD,1,1\n"  # exclusive end
    "2026-03-14T00:00:00.000-07:00,2026-03-16T00:00:00.000-07:00,Snap,c1,1.00,USD,1,1\n"  # two days: quarantined
    "2026-03-14,2026-03-15,Snap,c1,1.00,USD,1,1\n"  # an inclusive end a day later: quarantined
    "2026-03-14,,Snap,c1,1.00,USD,1,1\n"  # no end
    "2026-03-14,--,Snap,c1,1.00,USD,1,1\n"
    "3/14/2026,3/14/2026,Snap,c1,1.00,USD,1,1\n"  # US days
    "2026-03-14,soon,Snap,c1,1.00,USD,1,1\n"  # an unreadable end: quarantined
    "2026-03-14 08:00,2026-03-15X,Snap,c1,1.00,USD,1,1\n"  # `[11:19]` of the end is empty: midnight
    "2026-03-14,2026-03-14 00:00:00,Snap,c1,1.00,USD,1,1\n"
)
# the footer rule reads the first non-empty cell: a row whose first cell is `(c) ...` is dropped
MICROSOFT_ACCOUNT_FIRST = (
    "AccountName,TimePeriod,CampaignName,CampaignId,CurrencyCode,Spend\n"
    "Shop,3/14/2026,Brand,901,EUR,12.34\n"
    "(c) Shop,3/14/2026,Brand,901,EUR,12.34\n"
)


def by_file_typed(typed_by_file: dict[str, int], name: str) -> int | None:
    return typed_by_file.get(f"spend/{name}_mixed.csv")


def _snapshot(con) -> dict:
    return {
        "spend": rows(con, "select * exclude (load_id) from raw.spend order by file_path, line_number"),
        "quarantine": rows(
            con,
            "select file_path, line_number, reason, raw_record from audit.quarantine order by file_path, line_number",
        ),
        "dropped": rows(
            con, "select file_path, line_number, reason from audit.dropped_lines order by file_path, line_number"
        ),
        "audit": rows(
            con,
            "select file_path, status, reason, source_format, records_read, records_loaded, "
            "records_quarantined from audit.load_audit order by file_path",
        ),
    }


def _landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    for fixture in sorted(FIXTURES.glob("*.csv")):
        if fixture.name.startswith(("shopify_", "meta_ads_manager_no_day")):
            continue
        land(landing, fixture.name, f"spend/{fixture.name}")
    (landing / "spend/google_mixed.csv").write_text(GOOGLE_MIXED, encoding="utf-8")
    (landing / "spend/fivetran_mixed.csv").write_text(FIVETRAN_MIXED, encoding="utf-8")
    (landing / "spend/meta_mixed.csv").write_text(META_MIXED, encoding="utf-8")
    (landing / "spend/x_mixed.csv").write_text(X_MIXED, encoding="utf-8")
    (landing / "spend/microsoft_mixed.csv").write_text(MICROSOFT_MIXED, encoding="utf-8")
    (landing / "spend/microsoft_account_first.csv").write_text(MICROSOFT_ACCOUNT_FIRST, encoding="utf-8")
    (landing / "spend/snapchat_mixed.csv").write_text(SNAPCHAT_MIXED, encoding="utf-8")
    return landing


def test_duckdb_path_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", json.dumps(CURRENCIES))
    landing = _landing(tmp_path)
    typed: list[int] = []
    typed_by_file: dict[str, int] = {}
    original = source_load.load_spend_sql

    def counting(*args, **kwargs):
        result = original(*args, **kwargs)
        if result is not None:
            typed.append(result[0])
            typed_by_file[args[1].rel_path] = result[0]
        return result

    monkeypatch.setattr(source_load, "load_spend_sql", counting)
    con, _ = load(landing)
    with_sql = _snapshot(con)
    con.close()
    # the path ran, and typed rows of the mixed files and of the fixtures in canonical spellings
    assert len(typed) >= 8 and sum(typed) >= 10

    monkeypatch.setattr(source_load, "load_spend_sql", lambda *args, **kwargs: None)
    con, _ = load(landing)
    python_only = _snapshot(con)
    for part in ("spend", "quarantine", "dropped", "audit"):
        assert with_sql[part] == python_only[part], part
    # the mixed file's hand-checked outcome
    google = [row for row in with_sql["audit"] if row[0] == "spend/google_mixed.csv"]
    # quarantined: the `--` name, the wrong width, the impossible date, `abc`, the out-of-range cost
    assert google == [("spend/google_mixed.csv", "loaded", None, "google_ads_ui", 14, 9, 5)]
    currencies = rows(
        con,
        "select line_number, currency from raw.spend where file_path = 'spend/google_mixed.csv' order by line_number",
    )
    assert currencies[:2] == [(4, "CHF"), (5, "EUR")]
    assert rows(
        con,
        "select line_number, currency from raw.spend where file_path = 'spend/fivetran_mixed.csv' order by line_number",
    ) == [(2, "EUR"), (3, "SEK"), (4, "SEK"), (5, "NOK")]
    # Meta, X and Microsoft take the path too: their plain rows are DuckDB's (hand-checked outcomes)
    assert by_file_typed(typed_by_file, "snapchat") == 7  # every row the one-day rule keeps
    assert {name: typed_by_file.get(f"spend/{name}_mixed.csv") for name in ("meta", "x", "microsoft")} == {
        "meta": 2,
        "x": 4,
        "microsoft": 2,  # an empty CurrencyCode cell is Python's (the configured currency)
    }
    by_file = {row[0]: row[3:] for row in with_sql["audit"]}
    assert by_file["spend/meta_mixed.csv"] == ("meta_ads_ui", 7, 6, 1)
    assert by_file["spend/x_mixed.csv"] == ("x_ads_ui", 8, 5, 3)
    assert by_file["spend/microsoft_mixed.csv"] == ("microsoft_ads", 4, 3, 1)
    assert by_file["spend/microsoft_account_first.csv"] == ("microsoft_ads", 1, 1, 0)
    assert by_file["spend/snapchat_mixed.csv"] == ("snapchat_ads_ui", 10, 7, 3)
    assert rows(
        con,
        "select date_day, currency from raw.spend where file_path = 'spend/x_mixed.csv' order by line_number",
    ) == [(date(2026, 3, d), "USD") for d in (14, 15, 16, 17, 18)]
    assert rows(
        con,
        "select currency from raw.spend where file_path = 'spend/microsoft_mixed.csv' order by line_number",
    ) == [("EUR",), ("GBP",), ("EUR",)]
    assert rows(
        con, "select line_number, reason from audit.dropped_lines where file_path = 'spend/microsoft_mixed.csv'"
    ) == [(11, "report total row"), (12, "report footer"), (13, "report footer")]


@pytest.mark.parametrize(
    "text",
    [
        # two aliases of one column: Python takes the first non-empty per row, not a renaming
        "Day,Campaign,Cost,Impr.,Impressions\n2026-03-14,A,1.00,,5\n",
        # tab-separated and UTF-16 reports are read by Python
        "Day\tCampaign\tCost\n2026-03-14\tA\t1.00\n",
    ],
)
def test_files_the_path_does_not_take_load_as_before(tmp_path, monkeypatch, text):
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", json.dumps(CURRENCIES))
    (tmp_path / "spend").mkdir()
    (tmp_path / "spend/report.csv").write_text(text)
    calls: list[object] = []
    original = source_load.load_spend_sql
    monkeypatch.setattr(source_load, "load_spend_sql", lambda *a, **k: calls.append(original(*a, **k)) or calls[-1])
    con, _ = load(tmp_path)
    assert calls == [None]
    assert rows(con, "select records_loaded from audit.load_audit") == [(1,)]
    assert rows(con, "select impressions from raw.spend") in ([(5,)], [(None,)])
