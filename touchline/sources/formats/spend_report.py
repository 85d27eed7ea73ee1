"""One declarative shape for an ad platform's daily spend report: which header names hold the
day, the campaign, the spend and the rest. TikTok, Pinterest, Snapchat, LinkedIn and Reddit
exports (and their API fields as connectors replicate them) differ only in these names, so
each of their modules is a `SpendColumns` and a call to `spend_report_format`.

A row must be one day: with an end-day column, a row whose end is not its start (or the next
midnight, for exclusive ends) is quarantined. Spend in micro-units (APIs' `*_micro*` fields)
is divided back exactly. Without a currency column the account's (else the platform's)
TOUCHLINE_ACCOUNT_CURRENCIES applies; with neither the row is quarantined.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from touchline.landing.values import BadValue
from touchline.sources.format import FileContext, Output, SourceFormat
from touchline.sources.formats.common import cell, day, micros, number, us_day
from touchline.sources.settings import account_currency


@dataclass(frozen=True)
class SpendColumns:
    """Header names (any case) per landing column, first present wins."""

    day: tuple[str, ...]
    campaign_id: tuple[str, ...]
    campaign_name: tuple[str, ...]
    spend: tuple[str, ...]
    spend_micros: tuple[str, ...] = ()  # spend x 1,000,000 (APIs' micro-currency fields)
    day_end: tuple[str, ...] = ()
    currency: tuple[str, ...] = ("Currency",)
    account_id: tuple[str, ...] = ()
    account_name: tuple[str, ...] = ()
    ad_group_id: tuple[str, ...] = ()
    ad_group_name: tuple[str, ...] = ()
    ad_id: tuple[str, ...] = ()
    ad_name: tuple[str, ...] = ()
    clicks: tuple[str, ...] = ("Clicks",)
    impressions: tuple[str, ...] = ("Impressions",)


@dataclass(frozen=True)
class SqlSpend:
    """A spend format's mapping as a renaming (sql_path.py): its columns, and the platform as
    a constant or as the column `platform_column` names; a currency named in the spend
    column's header, and US-spelled days, are part of the renaming too."""

    columns: SpendColumns
    platform: str | None = None
    platform_column: tuple[str, ...] = ()
    # the spend column is `<prefix> (XXX)`, XXX the currency of rows without a currency cell
    # (Meta's `Amount spent (EUR)`); its `columns.spend` is then unused
    currency_in_header: str | None = None
    # days as `M/D/YYYY` (US-locale exports: common.us_day) or ISO
    us_days: bool = False


def report_day(value: str | None) -> str | None:
    """`2026-03-14`, `2026-03-14 00:00:00`, `2026-03-14T00:00:00.000-07:00`, `3/14/2026`
    (US order, as US-locale exports write it) or `Mar 14, 2026`."""
    if value is not None and "/" in value:
        return us_day(value, "date_day")
    return day(value, "date_day")


def _one_day(start: str | None, end_text: str | None) -> None:
    end = report_day(end_text)
    if start is None or end is None or end == start:
        return
    # an exclusive end (`end_time` = the next midnight, Snapchat's stats) is still one day
    midnight = end_text is not None and len(end_text.strip()) > 10 and end_text.strip()[11:19] in ("00:00:00", "")
    if midnight and date.fromisoformat(end) == date.fromisoformat(start) + timedelta(days=1):
        return
    raise BadValue("row covers several days (export with a daily breakdown)")


def _bare_id(value: str | None) -> str | None:
    """`urn:li:sponsoredCampaign:123` -> `123` (APIs that return URNs for ids)."""
    return value.rsplit(":", 1)[-1] if value is not None and value.startswith("urn:") else value


def _any(columns: tuple[str, ...]) -> Callable[[set[str]], bool]:
    wanted = {name.lower() for name in columns}
    return lambda names: bool(wanted & names)


def spend_report_format(
    *,
    name: str,
    platform: str,
    title: str,
    columns: SpendColumns,
    header: tuple[str, ...] = (),
    accept: Callable[[set[str]], bool] | None = None,
    sql: bool = True,
) -> SourceFormat:
    """A spend format recognised by `header` (all present) plus one day, one campaign and one
    spend column of `columns` (and `accept`, given the lowercased header names). `sql`: its
    rows may be typed by DuckDB (False when the mapping is more than a renaming, e.g. URN ids)."""
    has_day, has_spend = _any(columns.day), _any(columns.spend + columns.spend_micros)
    has_campaign = _any(columns.campaign_id + columns.campaign_name)

    def _accept(names_as_written: list[str]) -> bool:
        names = {n.strip().lower() for n in names_as_written}
        return has_day(names) and has_spend(names) and has_campaign(names) and (accept is None or accept(names))

    def _drop(record: Mapping[str, Any], cells: list[str]) -> str | None:
        first = next((c.strip() for c in cells if c.strip()), "")
        if first.lower().startswith("total"):
            return "report total row"
        if cell(record, *columns.campaign_id, *columns.campaign_name) is None:
            return "report summary row (no campaign)"
        return None

    def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
        start = report_day(cell(record, *columns.day))
        if columns.day_end:
            _one_day(start, cell(record, *columns.day_end))
        account_id = cell(record, *columns.account_id) if columns.account_id else None
        campaign_id = _bare_id(cell(record, *columns.campaign_id))
        # API tables may carry the id alone: the id stands in for the name (never dropped)
        campaign_name = cell(record, *columns.campaign_name) or campaign_id
        spend_text = cell(record, *columns.spend)
        if spend_text is None and columns.spend_micros:
            spend = micros(cell(record, *columns.spend_micros))
        else:
            spend = number(spend_text or "0")
        currency = cell(record, *columns.currency) or account_currency(context.settings, platform, account_id)
        return [
            (
                "spend",
                {
                    "date_day": start,
                    "platform": platform,
                    "campaign_id": campaign_id or campaign_name,
                    "campaign_name": campaign_name,
                    "spend": spend,
                    "currency": currency,
                    "account_id": account_id,
                    "account_name": cell(record, *columns.account_name) if columns.account_name else None,
                    "ad_group_id": cell(record, *columns.ad_group_id) if columns.ad_group_id else None,
                    "ad_group_name": cell(record, *columns.ad_group_name) if columns.ad_group_name else None,
                    "ad_id": cell(record, *columns.ad_id) if columns.ad_id else None,
                    "ad_name": cell(record, *columns.ad_name) if columns.ad_name else None,
                    "clicks": number(cell(record, *columns.clicks)),
                    "impressions": number(cell(record, *columns.impressions)),
                },
            )
        ]

    return SourceFormat(
        name=name,
        folder="spend",
        title=title,
        container="table",
        header=header,
        accept=_accept,
        map=_map,
        outputs=("spend",),
        drop=_drop,
        # report_day reads `M/D/YYYY` or ISO days: us_days is its SQL twin
        sql=SqlSpend(columns, platform, us_days=True) if sql else None,
    )
