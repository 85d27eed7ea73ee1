"""Rewrite a canonical landing folder's order and spend files as stores' own exports, so the
demo shows a real store's folder (`touchline generate --orders-format ... --spend-format ...`).

Each writer keeps every record the canonical file holds; what the vendor's format cannot hold
is lost exactly as it would be in the real export (docs/sources.md says what each lacks).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from email.utils import format_datetime
from operator import itemgetter
from pathlib import Path

from touchline.sources.formats.shopify_orders_csv import FORMAT as _SHOPIFY_CSV

ORDERS_FORMATS = ("touchline", "shopify_orders_csv", "shopify_admin_rest", "woocommerce_rest", "bigcommerce_v2")
# one vendor format per ad platform's own UI, and the connector format for every platform
SPEND_FORMATS = (
    "touchline",
    "google_ads_ui",
    "meta_ads_ui",
    "microsoft_ads",
    "x_ads_ui",
    "tiktok_ads_ui",
    "pinterest_ads_ui",
    "snapchat_ads_ui",
    "linkedin_ads_ui",
    "reddit_ads_ui",
    "fivetran_ad_reporting",
)
_UI_PLATFORMS = {
    "google_ads_ui": {"google"},
    "meta_ads_ui": {"meta", "facebook", "instagram"},
    "microsoft_ads": {"microsoft", "bing"},
    "x_ads_ui": {"x", "twitter"},
    "tiktok_ads_ui": {"tiktok"},
    "pinterest_ads_ui": {"pinterest"},
    "snapchat_ads_ui": {"snapchat"},
    "linkedin_ads_ui": {"linkedin"},
    "reddit_ads_ui": {"reddit"},
}
_FIVETRAN_NAMES = {
    "google": "google_ads",
    "meta": "facebook_ads",
    "facebook": "facebook_ads",
    "instagram": "facebook_ads",
    "microsoft": "microsoft_ads",
    "bing": "microsoft_ads",
    "twitter": "twitter_ads",
    "x": "twitter_ads",
}


def parse_formats(value: str, allowed: tuple[str, ...], flag: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        raise ValueError(f"{flag}: unknown format {', '.join(unknown) or value!r} (known: {', '.join(allowed)})")
    return names


def rewrite_orders(landing: Path, fmt: str) -> int:
    """Rewrite every orders/*.csv file in `fmt`; returns the files rewritten."""
    if fmt == "touchline":
        return 0
    files = sorted((landing / "orders").rglob("*.csv"))
    for path in files:
        rows = _read(path)
        if fmt == "shopify_orders_csv":
            path.write_text(_shopify_csv(rows), encoding="utf-8")
            continue
        writer = {
            "shopify_admin_rest": _shopify_rest,
            "woocommerce_rest": _woocommerce,
            "bigcommerce_v2": _bigcommerce,
        }[fmt]
        document = writer(rows)
        if document is not None:  # None: nothing left to export (only test orders)
            path.with_suffix(".json").write_text(document, encoding="utf-8")
        path.unlink()
    return len(files)


def rewrite_spend(landing: Path, formats: list[str]) -> dict[str, str]:
    """Rewrite the spend/*.csv rows of each platform that one of `formats` exports; returns
    the account currencies the rewritten files no longer hold (for TOUCHLINE_ACCOUNT_CURRENCIES)."""
    currencies: dict[str, str] = {}
    if formats == ["touchline"]:
        return currencies
    for path in sorted((landing / "spend").rglob("*.csv")):
        rows = _read(path)
        platform = rows[0]["platform"].lower() if rows else ""
        fmt = next((f for f in formats if platform in _UI_PLATFORMS.get(f, ())), None)
        if fmt is None and "fivetran_ad_reporting" in formats:
            fmt = "fivetran_ad_reporting"
        if fmt is None:
            continue
        data = {
            "google_ads_ui": _google_ads,
            "meta_ads_ui": _meta_ads,
            "microsoft_ads": _microsoft_ads,
            "x_ads_ui": _x_ads,
            "tiktok_ads_ui": _tiktok_ads,
            "pinterest_ads_ui": _pinterest_ads,
            "snapchat_ads_ui": _snapchat_ads,
            "linkedin_ads_ui": _linkedin_ads,
            "reddit_ads_ui": _reddit_ads,
            "fivetran_ad_reporting": _fivetran,
        }[fmt](rows)
        path.write_bytes(data)
        if fmt == "pinterest_ads_ui" and any(not r.get("account_id") for r in rows):
            currencies["pinterest"] = rows[0]["currency"]
        if fmt in ("fivetran_ad_reporting", "pinterest_ads_ui"):  # no currency column in these exports
            currencies.update({r["account_id"]: r["currency"] for r in rows if r.get("account_id")})
    return currencies


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _csv(header: list[str], rows: list[list[str]], preamble: list[str] = (), footer: list[str] = ()) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for line in preamble:
        writer.writerow([line])
    writer.writerow(header)
    writer.writerows(rows)
    for line in footer:
        writer.writerow([line])
    return buffer.getvalue()


def _shopify_time(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value  # a glitch the canonical file already holds: quarantined either way
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def _shopify_csv(rows: list[dict[str, str]]) -> str:
    header = [*_SHOPIFY_CSV.header, "Email", "Currency", "Id", "Refunded Amount"]
    out = []
    # Shopify writes an order once per export (its rows are its line items): the last row wins
    for row in {row["order_id"]: row for row in rows}.values():
        values = {
            "Name": f"#{row['order_id']}",
            "Financial Status": row.get("financial_status", ""),
            "Created at": _shopify_time(row["created_at"]),
            "Total": row["total_price"],
            "Lineitem name": "Item",
            "Email": row.get("email", ""),
            "Currency": row["currency"],
            "Id": row["order_id"],
            "Refunded Amount": "0.00",
        }
        out.append([values[name] for name in header])
    return _csv(header, out)


def _shopify_rest(rows: list[dict[str, str]]) -> str:
    orders = []
    for row in rows:
        orders.append(
            {
                "id": row["order_id"],
                "name": f"#{row['order_id']}",
                "created_at": row["created_at"],
                "updated_at": row.get("updated_at") or None,
                "email": row.get("email") or None,
                "customer": {"id": row["customer_id"]} if row.get("customer_id") else None,
                "currency": row["currency"],
                "total_price": row["total_price"],
                "financial_status": row.get("financial_status") or None,
                "landing_site": row.get("landing_site") or None,
                "referring_site": row.get("referring_site") or None,
                "test": row.get("test", "").lower() == "true",
                "refunds": [],
            }
        )
    return json.dumps({"orders": orders}, indent=1) + "\n"


def _grouped(amount: str) -> str:
    try:
        return f"{Decimal(amount):,.2f}"
    except ArithmeticError:
        return amount


def _span(rows: list[dict[str, str]]) -> str:
    days = sorted(date.fromisoformat(row["date_day"]) for row in rows)
    return f"{days[0]:%B} {days[0].day}, {days[0].year} - {days[-1]:%B} {days[-1].day}, {days[-1].year}"


# A spend export is a list of (header, cell) columns, so a header can never drift from the
# cell under it. A required field (`_field`) missing from the canonical row is a bug and
# raises; an optional one (`_optional`) is written empty, as the vendor leaves it.
Cell = Callable[[dict[str, str]], str]


def _field(name: str) -> Cell:
    return itemgetter(name)


def _optional(name: str) -> Cell:
    return lambda r: r.get(name, "")


def _grouped_spend(r: dict[str, str]) -> str:
    return _grouped(r["spend"])


def _us_day(r: dict[str, str]) -> str:
    day = date.fromisoformat(r["date_day"])
    return f"{day.month}/{day.day}/{day.year}"


def _table(columns: list[tuple[str, Cell]], rows: list[dict[str, str]]) -> tuple[list[str], list[list[str]]]:
    return [header for header, _ in columns], [[cell(r) for _, cell in columns] for r in rows]


def _google_ads(rows: list[dict[str, str]]) -> bytes:
    header, body = _table(
        [
            ("Day", _field("date_day")),
            ("Campaign", _field("campaign_name")),
            ("Campaign ID", _field("campaign_id")),
            ("Customer ID", _optional("account_id")),
            ("Account", _optional("account_name")),
            ("Currency code", _field("currency")),
            ("Cost", _grouped_spend),
            ("Clicks", _optional("clicks")),
            ("Impr.", _optional("impressions")),
        ],
        rows,
    )
    totals = defaultdict(Decimal)
    for r in rows:
        totals[r["currency"]] += Decimal(r["spend"])
    footer_rows = [
        ["Total: Account", "", "", "", "", currency, _grouped(str(total)), "", ""]
        for currency, total in sorted(totals.items())
    ]
    return _csv(header, body + footer_rows, preamble=["Campaign report", _span(rows)]).encode("utf-8")


def _meta_ads(rows: list[dict[str, str]]) -> bytes:
    # the header names the first row's currency; `Currency` gives each row's own (one file may
    # hold accounts in several currencies)
    currency = rows[0]["currency"]
    header, body = _table(
        [
            ("Campaign name", _field("campaign_name")),
            ("Campaign ID", _field("campaign_id")),
            ("Day", _field("date_day")),
            (f"Amount spent ({currency})", _field("spend")),
            ("Impressions", _optional("impressions")),
            ("Link clicks", _optional("clicks")),
            ("Account ID", _optional("account_id")),
            ("Account name", _optional("account_name")),
            ("Currency", _field("currency")),
        ],
        rows,
    )
    return _csv(header, body).encode("utf-8")


def _microsoft_ads(rows: list[dict[str, str]]) -> bytes:
    header, body = _table(
        [
            ("TimePeriod", _us_day),
            ("AccountName", _optional("account_name")),
            ("AccountNumber", _optional("account_id")),
            ("CampaignName", _field("campaign_name")),
            ("CampaignId", _field("campaign_id")),
            ("CurrencyCode", _field("currency")),
            ("Impressions", _optional("impressions")),
            ("Clicks", _optional("clicks")),
            ("Spend", _field("spend")),
        ],
        rows,
    )
    preamble = ["Report Name: Campaign Performance Report", "Report Aggregation: Daily", f"Rows: {len(rows)}", ""]
    text = _csv(header, body, preamble=[line for line in preamble if line])
    return (text + '\n"©2026 Microsoft Corporation. All rights reserved. "\n').encode("utf-8")


def _fivetran(rows: list[dict[str, str]]) -> bytes:
    header, body = _table(
        [
            ("source_relation", lambda r: ""),
            ("date_day", _field("date_day")),
            ("platform", lambda r: _FIVETRAN_NAMES.get(r["platform"].lower(), f"{r['platform'].lower()}_ads")),
            ("account_id", _optional("account_id")),
            ("account_name", _optional("account_name")),
            ("campaign_id", _field("campaign_id")),
            ("campaign_name", _field("campaign_name")),
            ("clicks", _optional("clicks")),
            ("impressions", _optional("impressions")),
            ("spend", _field("spend")),
        ],
        rows,
    )
    return _csv(header, body).encode("utf-8")


def _x_ads(rows: list[dict[str, str]]) -> bytes:
    header, body = _table(
        [
            ("Time", _field("date_day")),
            ("ID", _field("campaign_id")),
            ("Campaign", _field("campaign_name")),
            ("Campaign URL", lambda r: f"https://ads.x.com/campaign/{r['campaign_id']}"),
            ("Spend", _field("spend")),
            ("Impressions", _optional("impressions")),
            ("Clicks", _optional("clicks")),
            ("Currency", _field("currency")),
        ],
        rows,
    )
    return _csv(header, body).encode("utf-8")


def _tiktok_ads(rows: list[dict[str, str]]) -> bytes:
    header, body = _table(
        [
            ("By Day", _field("date_day")),
            ("Campaign name", _field("campaign_name")),
            ("Campaign ID", _field("campaign_id")),
            ("Cost", _grouped_spend),
            ("Currency", _field("currency")),
            ("Impressions", _optional("impressions")),
            ("Clicks (destination)", _optional("clicks")),
        ],
        rows,
    )
    total = sum((Decimal(r["spend"]) for r in rows), Decimal(0))
    footer = [
        f"Total of {len(rows)} results",
        "-",
        "-",
        _grouped(str(total)),
        rows[0]["currency"] if rows else "",
        "",
        "",
    ]
    return _csv(header, [*body, footer]).encode("utf-8")


def _pinterest_ads(rows: list[dict[str, str]]) -> bytes:
    # no currency column: the account's currency is configured (returned by rewrite_spend)
    header, body = _table(
        [
            ("Date", _field("date_day")),
            ("Ad account ID", _optional("account_id")),
            ("Campaign ID", _field("campaign_id")),
            ("Campaign name", _field("campaign_name")),
            ("Spend in account currency", _grouped_spend),
            ("Impressions", _optional("impressions")),
            ("Pin clicks", _optional("clicks")),
        ],
        rows,
    )
    return _csv(header, body).encode("utf-8")


def _snapchat_ads(rows: list[dict[str, str]]) -> bytes:
    # The older layout the mapping still reads, not the current export's header
    # (formats/snapchat_ads.py): that one has no campaign id and no currency, so the demo's
    # campaigns would load with their names as ids and their currency from a setting.
    header, body = _table(
        [
            ("Start time", _field("date_day")),
            ("End time", _field("date_day")),
            ("Campaign Name", _field("campaign_name")),
            ("Campaign ID", _field("campaign_id")),
            ("Amount Spent", _field("spend")),
            ("Currency", _field("currency")),
            ("Paid Impressions", _optional("impressions")),
            ("Swipe Ups", _optional("clicks")),
        ],
        rows,
    )
    return _csv(header, body).encode("utf-8")


def _linkedin_ads(rows: list[dict[str, str]]) -> bytes:
    header, body = _table(
        [
            ("Start Date (in UTC)", _us_day),
            ("Account Name", _optional("account_name")),
            ("Campaign Name", _field("campaign_name")),
            ("Campaign ID", _field("campaign_id")),
            ("Currency", _field("currency")),
            ("Total Spent", _grouped_spend),
            ("Impressions", _optional("impressions")),
            ("Clicks", _optional("clicks")),
        ],
        rows,
    )
    span = _span(rows).split(" - ") if rows else ["", ""]
    preamble = ["Campaign Performance Report (in UTC)", f"Report Start: {span[0]}", f"Report End: {span[-1]}"]
    return _csv(header, body, preamble=preamble).encode("utf-8")


def _reddit_ads(rows: list[dict[str, str]]) -> bytes:
    header, body = _table(
        [
            ("Date", _field("date_day")),
            ("Campaign Name", _field("campaign_name")),
            ("Campaign ID", _field("campaign_id")),
            ("Impressions", _optional("impressions")),
            ("Clicks", _optional("clicks")),
            ("Amount Spent", _field("spend")),
            ("Currency", _field("currency")),
        ],
        rows,
    )
    return _csv(header, body).encode("utf-8")


_WOO_STATUS = {
    "paid": "completed",
    "partially_refunded": "completed",
    "refunded": "refunded",
    "voided": "cancelled",
    "pending": "pending",
}
_BIGCOMMERCE_STATUS = {"paid": 10, "partially_refunded": 14, "refunded": 4, "voided": 5, "pending": 1}


def _utc_moment(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _woocommerce(rows: list[dict[str, str]]) -> str | None:
    orders = []
    for row in rows:
        if row.get("test", "").lower() == "true":
            continue
        created, updated = _utc_moment(row["created_at"]), _utc_moment(row.get("updated_at") or row["created_at"])
        meta = [
            {"id": index, "key": f"_wc_order_attribution_{key}", "value": value}
            for index, (key, value) in enumerate(
                [("session_entry", row.get("landing_site")), ("referrer", row.get("referring_site"))], start=1
            )
            if value
        ]
        orders.append(
            {
                "id": int(row["order_id"]) if row["order_id"].isdigit() else row["order_id"],
                "status": _WOO_STATUS.get(row.get("financial_status") or "paid", "completed"),
                "currency": row["currency"],
                "date_created_gmt": created.strftime("%Y-%m-%dT%H:%M:%S") if created else row["created_at"],
                "date_modified_gmt": updated.strftime("%Y-%m-%dT%H:%M:%S") if updated else None,
                "total": row["total_price"],
                "customer_id": int(row["customer_id"]) if row.get("customer_id", "").isdigit() else 0,
                "billing": {"email": row.get("email") or ""},
                "meta_data": meta,
                "refunds": [],
            }
        )
    return json.dumps(orders, indent=1) + "\n" if orders else None


def _bigcommerce(rows: list[dict[str, str]]) -> str | None:
    orders = []
    for row in rows:
        if row.get("test", "").lower() == "true":
            continue
        created, updated = _utc_moment(row["created_at"]), _utc_moment(row.get("updated_at") or row["created_at"])
        orders.append(
            {
                "id": int(row["order_id"]) if row["order_id"].isdigit() else row["order_id"],
                "status_id": _BIGCOMMERCE_STATUS.get(row.get("financial_status") or "paid", 10),
                "date_created": format_datetime(created) if created else row["created_at"],
                "date_modified": format_datetime(updated) if updated else None,
                "currency_code": row["currency"],
                "total_inc_tax": row["total_price"],
                "customer_id": int(row["customer_id"]) if row.get("customer_id", "").isdigit() else 0,
                "billing_address": {"email": row.get("email") or ""},
                "refunded_amount": "0.0000",
                "is_deleted": False,
            }
        )
    return json.dumps(orders, indent=1) + "\n" if orders else None
