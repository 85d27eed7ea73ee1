"""Reddit Ads spend: the Ads Manager report exported as CSV, and Fivetran's reddit_ads
`campaign_report` table.

- UI: `Date` (or `Day`), `Campaign Name`, `Campaign ID`, `Amount Spent`, `Currency`,
  `Impressions`, `Clicks`, ad group and ad columns.
- Fivetran `campaign_report`: `date`, `account_id`, `campaign_id`, `spend` in micro-currency
  (the account's), `impressions`, `clicks`, and Reddit's own `comments_page_views`, which
  tells it from other platforms' tables.
Without a currency column: TOUCHLINE_ACCOUNT_CURRENCIES for the account or `reddit`.

Where each header fact comes from:
- Fivetran `campaign_report`: its columns (`account_id`, `campaign_id`, `date`, `clicks`,
  `impressions`, `spend`, `comments_page_views`, ...) and `spend` being micro-currency in the
  ad account's currency are Fivetran's own (github.com/fivetran/dbt_reddit_ads_source,
  models/stg_reddit_ads__campaign_report.sql and models/docs.md; Fivetran's "Reddit Ads
  Prebuilt Reports" page lists CAMPAIGN_REPORT keyed by account_id, campaign_id, date).
- UI: NOT confirmed. Reddit publishes no column-by-column layout of the Ads Manager CSV
  export, and no public repository or page we searched (the `search`, `find_string` and
  `read_file` tools, December 2026) holds a sample of its header. The names below are the
  metric labels of the Ads Manager UI as Touchline guessed them; a real export whose header
  differs is rejected naming the formats tried (never taken for another platform's), and its
  spelling is one line here.
"""

from __future__ import annotations

from touchline.sources.formats.spend_report import SpendColumns, spend_report_format

UI = spend_report_format(
    name="reddit_ads_ui",
    platform="reddit",
    title="Reddit Ads Manager report (CSV)",
    header=("Campaign Name", "Amount Spent"),
    columns=SpendColumns(
        day=("Date", "Day"),
        campaign_id=("Campaign ID",),
        campaign_name=("Campaign Name",),
        spend=("Amount Spent",),
        account_id=("Account ID",),
        account_name=("Account Name",),
        ad_group_id=("Ad Group ID",),
        ad_group_name=("Ad Group Name",),
        ad_id=("Ad ID",),
        ad_name=("Ad Name",),
    ),
)

FIVETRAN = spend_report_format(
    name="reddit_ads_fivetran",
    platform="reddit",
    title="Fivetran reddit_ads campaign_report (CSV or Parquet)",
    header=("date", "campaign_id", "spend", "comments_page_views"),
    columns=SpendColumns(
        day=("date",),
        campaign_id=("campaign_id",),
        campaign_name=("campaign_name",),
        spend=(),
        spend_micros=("spend",),
        currency=("currency",),
        account_id=("account_id",),
        ad_group_id=("ad_group_id",),
        ad_id=("ad_id",),
        clicks=("clicks",),
        impressions=("impressions",),
    ),
)
