"""Snapchat Ads spend: the Ads Manager report exported as CSV, and the Marketing API's daily
campaign stats (`campaigns_stats_daily`) as connectors replicate them.

- UI: `Campaign Name`, `Amount Spent` and `Paid Impressions`, a day column, ad set (formerly
  "ad squad") and ad columns, `Clicks` (formerly `Swipe Ups`); no currency column.
- API: `id` (the campaign), `start_time`, `end_time` (the next midnight: exclusive), `spend`
  in micro-currency, `impressions`, `swipes`.
A row must be one day. Without a currency column: TOUCHLINE_ACCOUNT_CURRENCIES for the ad
account or `snapchat`.

Where each header fact comes from (Snap publishes no column-by-column layout of the Ads
Manager export):
- `Campaign Name`, `Ad Set Id`, `Ad Set Name`, `Creative Id`, `Ad Id`, `Ad Name`, `Amount
  Spent`, `Paid Impressions`, `Clicks`, and no currency column: the header of an Ads Manager
  export described in a public importer (github.com/nantonelli-web/AISCAN,
  src/lib/perf/snapchat-parser.ts, "sample 2026-05"; its time column is `Week`, a weekly
  export, which has no day to load and is not recognised);
- `Ad Squad ID` / `Ad Squad Name`, `Swipe Ups`, `Start time` / `End time`, `Currency`, a
  `Date` column: Touchline's earlier guesses (the Marketing API calls ad sets "ad squads"
  and counts `swipes`), kept as alternatives; no public sample confirms them;
- the API fields (`start_time`, `end_time`, `spend` in micro-currency, `impressions`,
  `swipes`): Snap's Marketing API measurement docs (developers.snap.com, "Measurement").
The day column of a daily export was not found in a public sample either: `Day`, `Date` and
`Start time` are accepted; a file with none of them is rejected naming the formats tried.
"""

from __future__ import annotations

from touchline.sources.formats.spend_report import SpendColumns, spend_report_format

_SNAPCHAT_ONLY = frozenset({"paid impressions", "swipe ups", "ad squad id", "ad squad name", "start time"})

UI = spend_report_format(
    name="snapchat_ads_ui",
    platform="snapchat",
    title="Snapchat Ads Manager report (CSV)",
    header=("Campaign Name", "Amount Spent"),
    # a column only Snapchat's export has, so another platform's `Campaign Name` / `Amount
    # Spent` export (Reddit's, registered after this one) is never taken for Snapchat's
    accept=lambda names: bool(names & _SNAPCHAT_ONLY),
    columns=SpendColumns(
        day=("Day", "Date", "Start time"),
        day_end=("End time",),
        campaign_id=("Campaign ID",),
        campaign_name=("Campaign Name",),
        spend=("Amount Spent",),
        account_id=("Ad Account ID",),
        account_name=("Ad Account Name",),
        ad_group_id=("Ad Set ID", "Ad Squad ID"),  # matched in any case: `Ad Set Id` too
        ad_group_name=("Ad Set Name", "Ad Squad Name"),
        ad_id=("Ad ID",),
        ad_name=("Ad Name",),
        clicks=("Swipe Ups", "Swipes", "Clicks"),
        impressions=("Paid Impressions", "Impressions"),
    ),
)

API = spend_report_format(
    name="snapchat_ads_api",
    platform="snapchat",
    title="Snapchat Marketing API daily campaign stats as replicated by connectors (CSV or Parquet)",
    header=("id", "start_time", "end_time", "spend", "swipes"),
    columns=SpendColumns(
        day=("start_time",),
        day_end=("end_time",),
        campaign_id=("campaign_id", "id"),
        campaign_name=("campaign_name",),
        spend=(),
        spend_micros=("spend",),
        currency=("currency",),
        account_id=("ad_account_id",),
        clicks=("swipes",),
        impressions=("impressions",),
    ),
)
