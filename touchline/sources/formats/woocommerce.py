"""WooCommerce REST API orders (`GET /wp-json/wc/v3/orders`: a JSON array, or one order per
JSON line). Times are the `_gmt` fields (UTC). Status -> financial status: `completed`,
`processing` -> paid (`partially_refunded` when it has refunds), `refunded` -> refunded,
`cancelled`, `failed`, `trash` -> voided (no revenue), `pending`, `on-hold`,
`checkout-draft` -> pending. `refunds[]` (`id`, negative `total`) -> refunds; the order list
holds no refund time, so a refund is dated at the order's `date_modified_gmt`.
Order attribution (`meta_data`, WooCommerce 8.5+): `_wc_order_attribution_session_entry` is
the landing site and `_wc_order_attribution_referrer` the referring site. The
`_wc_order_attribution_utm_*` values are added to the landing URL (where it lacks them) only
when `_wc_order_attribution_source_type` is `utm`, or when the order has no source type.

Why the source type decides: WooCommerce's tracker (assets/js/frontend/order-attribution.js,
built on sourcebuster.js, whose docs list the traffic types `utm`, `organic`, `referral`,
`typein` and give `src` = `utm_source` for all of them, e.g. `typ=organic|src=google`) fills
`utm_source` for every visit, not only tagged ones: `(direct)` for a typed-in visit, the search
engine (`google`) for an organic one, the referring host for a referral. The type tells them
apart; WooCommerce's own order screen labels the origin from it
(src/Internal/Traits/OrderAttributionMeta.php, since 8.5.0: `utm` -> "Source: x", `organic` ->
"Organic: x", `referral` -> "Referral: x", `typein` -> "Direct", anything else -> "Unknown";
newer versions also write `admin`, `mobile_app`, `unknown`: every type but `utm` is read alike
here). So an organic or referral order reaches the classifier through its referrer, as a pixel
visit would, and a typed-in order as direct: its referrer is dropped too (a visit is `typein`
only when it came from no outside site, so a referrer it holds is at most one of the store's
own pages). The type and the UTM fields are written together since 8.5.0, so an order without a
type was not written by that tracker (a plugin or an import): its UTM values are taken as
tagged, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from touchline.landing.values import BadValue
from touchline.sources.format import FileContext, Output, SourceFormat, dig, text
from touchline.sources.formats.common import with_params
from touchline.sources.formats.json_orders import SqlJsonOrders

_STATUS = {
    "completed": "paid",
    "processing": "paid",
    "refunded": "refunded",
    "cancelled": "voided",
    "failed": "voided",
    "trash": "voided",
    "pending": "pending",
    "on-hold": "pending",
    "checkout-draft": "pending",
}
_UTM = ("source", "medium", "campaign", "content", "term", "id")
_PREFIX = "_wc_order_attribution_"


def _listed(record: Mapping[str, Any], key: str) -> list[Any]:
    """The list under `key` (none when absent or null); anything else cannot be read as the
    REST API writes it, and the order is quarantined rather than read without it."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadValue(f"invalid {key}: not a list")
    return value


def _meta(record: Mapping[str, Any]) -> dict[str, str]:
    meta = {}
    for item in _listed(record, "meta_data"):
        if isinstance(item, Mapping) and str(item.get("key", "")).startswith(_PREFIX):
            value = text(item.get("value"))
            if value is not None and value != "(none)":
                meta[str(item["key"])[len(_PREFIX) :]] = value
    return meta


def _source_type(meta: dict[str, str]) -> str | None:
    source_type = meta.get("source_type")
    return source_type.strip().lower() if source_type is not None else None


def _landing_site(meta: dict[str, str]) -> str | None:
    if _source_type(meta) not in (None, "utm"):
        return meta.get("session_entry")
    return with_params(
        meta.get("session_entry"), [(f"utm_{name}", meta[f"utm_{name}"]) for name in _UTM if f"utm_{name}" in meta]
    )


def _referring_site(meta: dict[str, str]) -> str | None:
    return None if _source_type(meta) == "typein" else meta.get("referrer")


def _utc(value: Any) -> str | None:
    stamp = text(value)
    return f"{stamp}Z" if stamp and "T" in stamp and not stamp.endswith("Z") and "+" not in stamp else stamp


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    order_id = text(record.get("id"))
    currency = text(record.get("currency"))
    status = str(record.get("status") or "").lower()
    refunds = [r for r in _listed(record, "refunds") if isinstance(r, Mapping)]
    financial = _STATUS.get(status, status or None)
    if financial == "paid" and refunds:
        financial = "partially_refunded"
    customer = text(record.get("customer_id"))
    meta = _meta(record)
    modified = _utc(record.get("date_modified_gmt"))
    outputs: list[Output] = [
        (
            "orders",
            {
                "order_id": order_id,
                "created_at": _utc(record.get("date_created_gmt")),
                "updated_at": modified,
                "email": text(dig(record, "billing.email")),
                "customer_id": None if customer in (None, "0") else customer,
                "currency": currency,
                "total_price": text(record.get("total")),
                "financial_status": financial,
                "landing_site": _landing_site(meta),
                "referring_site": _referring_site(meta),
            },
        )
    ]
    for refund in refunds:
        try:
            amount = abs(Decimal(str(refund.get("total"))))
        except InvalidOperation:
            raise BadValue("non-numeric amount") from None
        outputs.append(
            (
                "refunds",
                {
                    "refund_id": text(refund.get("id")),
                    "order_id": order_id,
                    "refunded_at": modified,
                    "amount": str(amount),
                    "currency": currency,
                },
            )
        )
    return outputs


# the values _map reads, as DuckDB's typed reader reads an array of orders for
# sql/woocommerce_rest_typed_parsed.sql: scalars as JSON text (their type is checked there), the
# objects read as structs of the keys read, so that it refuses a key written twice in them
TYPED_COLUMNS = (
    ("id", "JSON"),
    ("status", "JSON"),
    ("currency", "JSON"),
    ("date_created_gmt", "JSON"),
    ("date_modified_gmt", "JSON"),
    ("total", "JSON"),
    ("customer_id", "JSON"),
    ("billing", "STRUCT(email JSON)"),
    ("meta_data", "STRUCT(key JSON, value JSON)[]"),
    ("refunds", "STRUCT(id JSON, total JSON)[]"),
)

FORMAT = SourceFormat(
    name="woocommerce_rest",
    folder="orders",
    title="WooCommerce REST API orders (JSON)",
    container="json",
    keys=("id", "status", "currency", "date_created_gmt", "total"),
    map=_map,
    outputs=("orders", "refunds"),
    # _map in SQL, for the orders DuckDB can vouch for (orders_json_sql.py)
    sql=SqlJsonOrders(
        "woocommerce_rest",
        steps=("macro_attribution", "parsed", "orders", "refunds"),
        typed_columns=TYPED_COLUMNS,
        typed_steps=("macro_attribution", "typed_parsed", "orders", "refunds"),
    ),
)
