"""LinkedIn Campaign Manager spend: the campaign performance report exported as CSV, and the
Marketing API's ad analytics by campaign as connectors replicate them.

- UI: a preamble (`Campaign Performance Report (in UTC)`, `Report Start: ...`, ...), then
  `Start Date (in UTC)` (daily time breakdown; `M/D/YYYY`), `Account Name`, `Campaign Group
  Name`, `Campaign Name`, `Campaign ID`, `Currency`, `Total Spent`, `Impressions`, `Clicks`.
- API: Fivetran's `ad_analytics_by_campaign` (`day`, `campaign_id`, `cost_in_local_currency`)
  or Airbyte's `ad_campaign_analytics` (`start_date`, `end_date`, `sponsoredCampaign`,
  `costInLocalCurrency`); `urn:li:sponsoredCampaign:123` ids are reduced to `123`.
LinkedIn's campaign group is the campaign's parent, not an ad group: it is not mapped.
"""

from __future__ import annotations

from touchline.sources.formats.spend_report import SpendColumns, spend_report_format

UI = spend_report_format(
    name="linkedin_ads_ui",
    platform="linkedin",
    title="LinkedIn Campaign Manager campaign performance report (CSV)",
    header=("Start Date (in UTC)", "Total Spent"),
    columns=SpendColumns(
        day=("Start Date (in UTC)",),
        day_end=("End Date (in UTC)",),
        campaign_id=("Campaign ID",),
        campaign_name=("Campaign Name",),
        spend=("Total Spent",),
        account_id=("Account ID",),
        account_name=("Account Name",),
        ad_id=("Creative ID",),
        ad_name=("Creative Name", "Ad Name"),
    ),
)

API = spend_report_format(
    name="linkedin_ads_api",
    platform="linkedin",
    title="LinkedIn ad analytics by campaign as replicated by connectors (CSV or Parquet)",
    sql=False,  # URN ids are reduced in Python
    columns=SpendColumns(
        day=("day", "start_date"),
        day_end=("end_date",),
        campaign_id=("campaign_id", "sponsoredCampaign"),
        campaign_name=("campaign_name",),
        spend=("cost_in_local_currency", "costInLocalCurrency"),
        currency=("currency",),
        account_id=("account_id",),
        clicks=("clicks",),
        impressions=("impressions",),
    ),
)
