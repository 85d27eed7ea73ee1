"""Fivetran's ad_reporting package tables (`ad_reporting__campaign_report`,
`__ad_group_report`, `__ad_report`) exported as CSV or Parquet: the unified columns
(`date_day`, `platform`, `account_id`, `campaign_id`, `campaign_name`, `spend`, `clicks`,
`impressions`, ad group and ad columns) without a currency. The currency comes from
TOUCHLINE_ACCOUNT_CURRENCIES (the account, else the platform), never USD by default.
Platform names (`google_ads`, `facebook_ads`, ...) are resolved in staging like the aliases.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchline.sources.format import FileContext, Output, SourceFormat
from touchline.sources.formats.common import cell, number
from touchline.sources.formats.spend_report import SpendColumns, SqlSpend
from touchline.sources.settings import account_currency


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    platform = cell(record, "platform")
    account_id = cell(record, "account_id")
    currency = cell(record, "currency") or account_currency(context.settings, platform or "", account_id)
    return [
        (
            "spend",
            {
                "date_day": cell(record, "date_day"),
                "platform": platform,
                "campaign_id": cell(record, "campaign_id"),
                "campaign_name": cell(record, "campaign_name"),
                "spend": number(cell(record, "spend")),
                "currency": currency,
                "account_id": account_id,
                "account_name": cell(record, "account_name"),
                "ad_group_id": cell(record, "ad_group_id"),
                "ad_group_name": cell(record, "ad_group_name"),
                "ad_id": cell(record, "ad_id"),
                "ad_name": cell(record, "ad_name"),
                "clicks": number(cell(record, "clicks")),
                "impressions": number(cell(record, "impressions")),
            },
        )
    ]


FORMAT = SourceFormat(
    name="fivetran_ad_reporting",
    folder="spend",
    title="Fivetran ad_reporting report tables (CSV or Parquet)",
    container="table",
    header=("date_day", "platform", "campaign_id", "campaign_name", "spend"),
    # with a currency column it is the landing contract's own format
    accept=lambda columns: "currency" not in {name.strip().lower() for name in columns},
    map=_map,
    outputs=("spend",),
    # _map as a renaming, for the rows DuckDB can type (sql_path.py)
    sql=SqlSpend(
        SpendColumns(
            day=("date_day",),
            campaign_id=("campaign_id",),
            campaign_name=("campaign_name",),
            spend=("spend",),
            currency=("currency",),
            account_id=("account_id",),
            account_name=("account_name",),
            ad_group_id=("ad_group_id",),
            ad_group_name=("ad_group_name",),
            ad_id=("ad_id",),
            ad_name=("ad_name",),
            clicks=("clicks",),
            impressions=("impressions",),
        ),
        platform_column=("platform",),
    ),
)
