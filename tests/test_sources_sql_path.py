"""The DuckDB path for vendor spend tables (touchline/sources/sql_path.py) gives exactly the
rows, quarantine and dropped lines of the Python mapping alone, on every fixture and on files
written to mix every spelling the path must leave to Python."""

from __future__ import annotations

import json
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
    return landing


def test_duckdb_path_gives_the_python_mapping_rows(tmp_path, monkeypatch):
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", json.dumps(CURRENCIES))
    landing = _landing(tmp_path)
    typed: list[int] = []
    original = source_load.load_spend_sql

    def counting(*args, **kwargs):
        result = original(*args, **kwargs)
        if result is not None:
            typed.append(result[0])
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
