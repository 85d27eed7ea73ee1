"""TikTok, Pinterest, Snapchat, LinkedIn and Reddit spend, as their Ads Managers export it and
as connectors replicate their APIs: each fixture lands unchanged, is recognised from its
header, and gives the spend per platform, campaign and day computed by hand below."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from tests.landing_fixtures import load, rows
from tests.test_sources_load import file_audit, land

CURRENCIES = {
    "tiktok": "EUR",
    "pinterest": "GBP",
    "549700000001": "USD",
    "snapchat": "USD",
    "linkedin": "EUR",
    "reddit": "USD",
}

D14, D15 = date(2026, 3, 14), date(2026, 3, 15)

# fixture -> (format, records read, loaded, quarantined, dropped lines,
#             [(day, platform, campaign id, campaign name, spend, currency, clicks, impressions)])
CASES = {
    "tiktok_ads_custom_report.csv": (
        "tiktok_ads_ui",
        3,
        3,
        0,
        1,
        [
            (D14, "tiktok", "1790000000000001", "Spring Sale Spark", Decimal("1020.40"), "EUR", 912, 88000),
            (D15, "tiktok", "1790000000000001", "Spring Sale Spark", Decimal("75.10"), "EUR", 71, 6400),
            (D14, "tiktok", "1790000000000002", "Retargeting", Decimal("0"), "EUR", 0, 0),
        ],
    ),
    # the second row's spend is not a number: quarantined; no currency column: `tiktok` is configured
    "tiktok_ads_report_daily.csv": (
        "tiktok_ads_api",
        2,
        1,
        1,
        0,
        [
            (D14, "tiktok", "1790000000000001", "Spring Sale Spark", Decimal("12.50"), "EUR", 15, 1200),
        ],
    ),
    "pinterest_ads_report.csv": (
        "pinterest_ads_ui",
        2,
        2,
        0,
        0,
        [
            (D14, "pinterest", "626700000001", "Spring Pins", Decimal("30.00"), "GBP", 44, 5000),
            (D15, "pinterest", "626700000001", "Spring Pins", Decimal("1000.01"), "GBP", 610, 52000),
        ],
    ),
    # micro-currency divided back exactly; the ad account's own currency wins over the platform's
    "pinterest_campaign_analytics.csv": (
        "pinterest_ads_api",
        2,
        2,
        0,
        0,
        [
            (D14, "pinterest", "626700000001", "Spring Pins", Decimal("30"), "USD", 44, 5000),
            (D15, "pinterest", "626700000002", "Summer Pins", Decimal("1.2345"), "USD", 9, 900),
        ],
    ),
    # the third row covers a week: quarantined
    "snapchat_ads_report.csv": (
        "snapchat_ads_ui",
        3,
        2,
        1,
        0,
        [
            (
                D14,
                "snapchat",
                "5c1e0f3a-0000-4000-8000-00000000000a",
                "Snap Spring",
                Decimal("45.20"),
                "USD",
                120,
                8000,
            ),
            (
                D15,
                "snapchat",
                "5c1e0f3a-0000-4000-8000-00000000000a",
                "Snap Spring",
                Decimal("54.80"),
                "USD",
                133,
                9100,
            ),
        ],
    ),
    # the header of a current Ads Manager export (snapchat_ads.py says where it comes from):
    # no campaign id (the name stands in), ad sets, no currency column (`snapchat` configured)
    "snapchat_ads_manager_export.csv": (
        "snapchat_ads_ui",
        2,
        2,
        0,
        0,
        [
            (D14, "snapchat", "Snap Spring", "Snap Spring", Decimal("1020.40"), "USD", 912, 88000),
            (D15, "snapchat", "Snap Spring", "Snap Spring", Decimal("19.60"), "USD", 40, 2100),
        ],
    ),
    # end_time is the next midnight (exclusive): one day, in the account's time zone
    "snapchat_campaigns_stats_daily.csv": (
        "snapchat_ads_api",
        2,
        2,
        0,
        0,
        [
            (
                D14,
                "snapchat",
                "5c1e0f3a-0000-4000-8000-00000000000a",
                "5c1e0f3a-0000-4000-8000-00000000000a",
                Decimal("45.20"),
                "USD",
                120,
                8000,
            ),
            (
                D15,
                "snapchat",
                "5c1e0f3a-0000-4000-8000-00000000000a",
                "5c1e0f3a-0000-4000-8000-00000000000a",
                Decimal("54.80"),
                "USD",
                133,
                9100,
            ),
        ],
    ),
    # four preamble lines above the header; M/D/YYYY days
    "linkedin_campaign_performance.csv": (
        "linkedin_ads_ui",
        2,
        2,
        0,
        0,
        [
            (D14, "linkedin", "712345678", "B2B Spring", Decimal("210.55"), "EUR", 88, 15000),
            (D15, "linkedin", "712345678", "B2B Spring", Decimal("1109.45"), "EUR", 301, 42000),
        ],
    ),
    "linkedin_ad_analytics_by_campaign.csv": (
        "linkedin_ads_api",
        1,
        1,
        0,
        0,
        [
            (D14, "linkedin", "712345678", "712345678", Decimal("210.55"), "EUR", 88, 15000),
        ],
    ),
    # Airbyte's URN ids reduced to the campaign's number; without a name column the id is the name
    "airbyte_linkedin_ad_campaign_analytics.csv": (
        "linkedin_ads_api",
        1,
        1,
        0,
        0,
        [
            (D15, "linkedin", "712345678", "712345678", Decimal("99.90"), "EUR", 41, 7000),
        ],
    ),
    # the summary row (no campaign) is dropped
    "reddit_ads_report.csv": (
        "reddit_ads_ui",
        2,
        2,
        0,
        1,
        [
            (
                D14,
                "reddit",
                "a1b2c3d4-0000-4000-8000-000000000001",
                "Subreddit Spring",
                Decimal("25.50"),
                "USD",
                12,
                3400,
            ),
            (
                D15,
                "reddit",
                "a1b2c3d4-0000-4000-8000-000000000001",
                "Subreddit Spring",
                Decimal("31.25"),
                "USD",
                17,
                3900,
            ),
        ],
    ),
    "reddit_ads_campaign_report.csv": (
        "reddit_ads_fivetran",
        1,
        1,
        0,
        0,
        [
            (
                D14,
                "reddit",
                "a1b2c3d4-0000-4000-8000-000000000001",
                "a1b2c3d4-0000-4000-8000-000000000001",
                Decimal("25.50"),
                "USD",
                12,
                3400,
            ),
        ],
    ),
}


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_platform_spend_export_lands_unchanged(tmp_path, monkeypatch, fixture):
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", json.dumps(CURRENCIES))
    source_format, read, loaded, quarantined, dropped, expected = CASES[fixture]
    path = f"spend/exports/{fixture}"
    land(tmp_path, fixture, path)
    con, _ = load(tmp_path)
    assert file_audit(con, path) == ("loaded", None, source_format, read, loaded, quarantined)
    spend = rows(
        con,
        "select date_day, platform, campaign_id, campaign_name, spend, currency, clicks, impressions "
        "from raw.spend order by line_number",
    )
    assert spend == expected
    assert rows(con, "select count(*) from audit.dropped_lines") == [(dropped,)]


def test_quarantine_reasons_name_what_is_wrong(tmp_path, monkeypatch):
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", json.dumps(CURRENCIES))
    land(tmp_path, "tiktok_ads_report_daily.csv", "spend/tiktok.csv")
    land(tmp_path, "snapchat_ads_report.csv", "spend/snapchat.csv")
    con, _ = load(tmp_path)
    assert rows(con, "select file_path, line_number, reason from audit.quarantine order by file_path") == [
        ("spend/snapchat.csv", 4, "row covers several days (export with a daily breakdown)"),
        ("spend/tiktok.csv", 3, "non-numeric spend"),
    ]


def test_without_a_configured_currency_rows_are_quarantined_never_taken_as_usd(tmp_path, monkeypatch):
    monkeypatch.delenv("TOUCHLINE_ACCOUNT_CURRENCIES", raising=False)
    land(tmp_path, "pinterest_ads_report.csv", "spend/pinterest.csv")
    con, _ = load(tmp_path)
    assert file_audit(con, "spend/pinterest.csv") == ("loaded", None, "pinterest_ads_ui", 2, 0, 2)
    reasons = rows(con, "select distinct reason from audit.quarantine")
    assert reasons == [
        ("no currency in the export and none configured for the account (TOUCHLINE_ACCOUNT_CURRENCIES)",)
    ]


def test_a_snapchat_export_is_never_taken_for_reddits(tmp_path, monkeypatch):
    # both write `Campaign Name` and `Amount Spent`; Snapchat's `Paid Impressions` tells them apart
    monkeypatch.setenv("TOUCHLINE_ACCOUNT_CURRENCIES", json.dumps(CURRENCIES))
    land(tmp_path, "snapchat_ads_manager_export.csv", "spend/snap/export.csv")
    path = tmp_path / "spend/snap/dated.csv"
    path.write_text(
        "Date,Campaign Name,Amount Spent,Paid Impressions,Clicks\n2026-03-16,Snap Spring,5.00,300,2\n",
        encoding="utf-8",
    )
    con, _ = load(tmp_path)
    assert rows(con, "select file_path, source_format from audit.load_audit order by file_path") == [
        ("spend/snap/dated.csv", "snapchat_ads_ui"),
        ("spend/snap/export.csv", "snapchat_ads_ui"),
    ]
    assert rows(con, "select distinct ad_group_id, ad_group_name, ad_id from raw.spend where ad_id is not null") == [
        ("8b2e0000-0000-4000-8000-0000000000a1", "Spring 18-34", "a7f30000-0000-4000-8000-0000000000d1")
    ]
