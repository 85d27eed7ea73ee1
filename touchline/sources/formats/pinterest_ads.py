"""Pinterest Ads spend: the Ads Manager report exported as CSV, and the API's analytics rows
(`/ad_accounts/{id}/campaigns/analytics`, granularity DAY) as connectors replicate them.

- UI: `Date`, `Campaign ID`, `Campaign name`, `Spend in account currency`, `Impressions`,
  `Pin clicks` (or `Outbound clicks`), ad group and ad (`Promoted Pin`) columns.
- API: the metric names in capitals: `DATE`, `AD_ACCOUNT_ID`, `CAMPAIGN_ID`, `CAMPAIGN_NAME`,
  `SPEND_IN_DOLLAR` (the account's currency despite its name) or `SPEND_IN_MICRO_DOLLAR`,
  `TOTAL_IMPRESSION`, `TOTAL_CLICKTHROUGH`.
Neither names a currency: TOUCHLINE_ACCOUNT_CURRENCIES for the ad account or `pinterest`.
"""

from __future__ import annotations

from touchline.sources.formats.spend_report import SpendColumns, spend_report_format

UI = spend_report_format(
    name="pinterest_ads_ui",
    platform="pinterest",
    title="Pinterest Ads Manager report (CSV)",
    header=("Spend in account currency",),
    columns=SpendColumns(
        day=("Date", "Day"),
        campaign_id=("Campaign ID",),
        campaign_name=("Campaign name",),
        spend=("Spend in account currency",),
        account_id=("Ad account ID", "Advertiser ID"),
        account_name=("Ad account name", "Advertiser name"),
        ad_group_id=("Ad group ID",),
        ad_group_name=("Ad group name",),
        ad_id=("Ad ID", "Promoted Pin ID"),
        ad_name=("Ad name", "Promoted Pin name"),
        clicks=("Pin clicks", "Outbound clicks", "Clicks"),
    ),
)

API = spend_report_format(
    name="pinterest_ads_api",
    platform="pinterest",
    title="Pinterest API analytics rows as replicated by connectors (CSV or Parquet)",
    header=("DATE", "CAMPAIGN_ID"),
    columns=SpendColumns(
        day=("DATE",),
        campaign_id=("CAMPAIGN_ID",),
        campaign_name=("CAMPAIGN_NAME",),
        spend=("SPEND_IN_DOLLAR",),
        spend_micros=("SPEND_IN_MICRO_DOLLAR",),
        currency=("CURRENCY",),
        account_id=("AD_ACCOUNT_ID", "ADVERTISER_ID"),
        ad_group_id=("AD_GROUP_ID",),
        ad_id=("AD_ID", "PIN_PROMOTION_ID"),
        clicks=("TOTAL_CLICKTHROUGH", "CLICKTHROUGH_1"),
        impressions=("TOTAL_IMPRESSION", "IMPRESSION_1"),
    ),
)
