"""TikTok Ads Manager spend: the custom report downloaded from Reporting (CSV), and the
Marketing API's integrated report rows as connectors replicate them.

- UI: `Campaign name`, `Campaign ID`, the day (`By Day`, `Date` or `Day`), `Cost`,
  `Currency`, `Impressions`, `Clicks (destination)`, ad group and ad columns. The report's
  `Total` row is dropped.
- API (`report/integrated/get`, dimensions `campaign_id` + `stat_time_day`): `stat_time_day`
  (`2026-03-14 00:00:00`), `advertiser_id`, `campaign_id`, `campaign_name`, `spend`,
  `currency`, `impressions`, `clicks`, `adgroup_id`, `ad_id`.
Without a currency column: TOUCHLINE_ACCOUNT_CURRENCIES for the advertiser or `tiktok`.
"""

from __future__ import annotations

from touchline.sources.formats.spend_report import SpendColumns, spend_report_format

UI = spend_report_format(
    name="tiktok_ads_ui",
    platform="tiktok",
    title="TikTok Ads Manager custom report (CSV)",
    header=("Campaign name", "Cost"),
    columns=SpendColumns(
        day=("By Day", "Date", "Day"),
        campaign_id=("Campaign ID",),
        campaign_name=("Campaign name",),
        spend=("Cost",),
        account_id=("Advertiser ID", "Account ID"),
        account_name=("Advertiser name", "Account name"),
        ad_group_id=("Ad group ID",),
        ad_group_name=("Ad group name",),
        ad_id=("Ad ID",),
        ad_name=("Ad name",),
        clicks=("Clicks (destination)", "Clicks (all)", "Clicks"),
    ),
)

API = spend_report_format(
    name="tiktok_ads_api",
    platform="tiktok",
    title="TikTok Marketing API report rows as replicated by connectors (CSV or Parquet)",
    header=("stat_time_day", "campaign_id", "spend"),
    columns=SpendColumns(
        day=("stat_time_day",),
        campaign_id=("campaign_id",),
        campaign_name=("campaign_name",),
        spend=("spend",),
        currency=("currency",),
        account_id=("advertiser_id",),
        ad_group_id=("adgroup_id",),
        ad_group_name=("adgroup_name",),
        ad_id=("ad_id",),
        ad_name=("ad_name",),
        clicks=("clicks",),
        impressions=("impressions",),
    ),
)
