"""Ads tables that connectors (Airbyte, dlt, Stitch, ...) replicate from the platforms' APIs
with the APIs' own field names, exported as CSV or Parquet:

- Meta Marketing API insights (`ads_insights` / `facebook_insights`): `date_start`,
  `date_stop`, `account_id`, `account_name`, `account_currency`, `campaign_id`,
  `campaign_name`, `adset_id`/`adset_name`, `ad_id`/`ad_name`, `spend`, `impressions`,
  `clicks`. A row must cover one day (`date_start` = `date_stop`, i.e. `time_increment=1`).
- Google Ads API rows (GAQL names): `segments.date`, `customer.id`, `customer.descriptive_name`,
  `customer.currency_code`, `campaign.id`, `campaign.name`, `ad_group.id`/`ad_group.name`,
  `metrics.cost_micros` (spend x 1,000,000, divided back exactly), `metrics.clicks`,
  `metrics.impressions`.
Without a currency column, the account's (else the platform's) TOUCHLINE_ACCOUNT_CURRENCIES.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchline.landing.values import BadValue
from touchline.sources.format import FileContext, Output, SourceFormat
from touchline.sources.formats.common import cell, day, micros, number
from touchline.sources.settings import account_currency


def _map_meta(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    start, stop = day(cell(record, "date_start"), "date_day"), day(cell(record, "date_stop"), "date_day")
    if stop is not None and start != stop:
        raise BadValue("row covers several days (replicate with time_increment=1)")
    account_id = cell(record, "account_id")
    return [
        (
            "spend",
            {
                "date_day": start,
                "platform": "meta",
                "campaign_id": cell(record, "campaign_id"),
                "campaign_name": cell(record, "campaign_name"),
                "spend": number(cell(record, "spend") or "0"),
                "currency": cell(record, "account_currency") or account_currency(context.settings, "meta", account_id),
                "account_id": account_id,
                "account_name": cell(record, "account_name"),
                "ad_group_id": cell(record, "adset_id"),
                "ad_group_name": cell(record, "adset_name"),
                "ad_id": cell(record, "ad_id"),
                "ad_name": cell(record, "ad_name"),
                "clicks": number(cell(record, "clicks")),
                "impressions": number(cell(record, "impressions")),
            },
        )
    ]


def _map_google(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    account_id = cell(record, "customer.id")
    return [
        (
            "spend",
            {
                "date_day": day(cell(record, "segments.date"), "date_day"),
                "platform": "google",
                "campaign_id": cell(record, "campaign.id"),
                "campaign_name": cell(record, "campaign.name"),
                "spend": micros(cell(record, "metrics.cost_micros")),
                "currency": cell(record, "customer.currency_code")
                or account_currency(context.settings, "google", account_id),
                "account_id": account_id,
                "account_name": cell(record, "customer.descriptive_name"),
                "ad_group_id": cell(record, "ad_group.id"),
                "ad_group_name": cell(record, "ad_group.name"),
                "ad_id": cell(record, "ad_group_ad.ad.id"),
                "clicks": number(cell(record, "metrics.clicks")),
                "impressions": number(cell(record, "metrics.impressions")),
            },
        )
    ]


META_INSIGHTS = SourceFormat(
    name="meta_insights_api",
    folder="spend",
    title="Meta Marketing API insights as replicated by connectors (CSV or Parquet)",
    container="table",
    header=("date_start", "campaign_id", "spend"),
    map=_map_meta,
    outputs=("spend",),
)

GOOGLE_ADS_API = SourceFormat(
    name="google_ads_api",
    folder="spend",
    title="Google Ads API rows (GAQL field names) as replicated by connectors (CSV or Parquet)",
    container="table",
    header=("segments.date", "campaign.id", "metrics.cost_micros"),
    map=_map_google,
    outputs=("spend",),
)
