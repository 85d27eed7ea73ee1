"""Snapchat Ads spend: the Ads Manager report exported as CSV, and the Marketing API's daily
campaign stats (`campaigns_stats_daily`) as connectors replicate them.

- UI: `Start time` (and `End time`), `Campaign Name`, `Campaign ID`, `Amount Spent`,
  `Currency`, `Paid Impressions`, `Swipe Ups`, ad squad and ad columns.
- API: `id` (the campaign), `start_time`, `end_time` (the next midnight: exclusive), `spend`
  in micro-currency, `impressions`, `swipes`.
A row must be one day. Without a currency column: TOUCHLINE_ACCOUNT_CURRENCIES for the ad
account or `snapchat`.
"""

from __future__ import annotations

from touchline.sources.formats.spend_report import SpendColumns, spend_report_format

UI = spend_report_format(
    name="snapchat_ads_ui",
    platform="snapchat",
    title="Snapchat Ads Manager report (CSV)",
    header=("Campaign Name", "Amount Spent", "Start time"),
    columns=SpendColumns(
        day=("Start time",),
        day_end=("End time",),
        campaign_id=("Campaign ID",),
        campaign_name=("Campaign Name",),
        spend=("Amount Spent",),
        account_id=("Ad Account ID",),
        account_name=("Ad Account Name",),
        ad_group_id=("Ad Squad ID",),
        ad_group_name=("Ad Squad Name",),
        ad_id=("Ad ID",),
        ad_name=("Ad Name",),
        clicks=("Swipe Ups", "Swipes"),
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
