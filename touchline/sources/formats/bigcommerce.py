"""BigCommerce v2 orders (`GET /v2/orders`: a JSON array, or one order per JSON line):
`date_created` / `date_modified` in RFC 2822 (`Mon, 15 Jan 2024 10:30:00 +0000`),
`total_inc_tax`, `currency_code`, `billing_address.email`, `customer_id` (0 = guest).
`status_id` -> financial status: 4 refunded, 14 partially refunded, 5 cancelled and 6 declined
-> voided (no revenue), 0 incomplete, 1 pending and 7 awaiting payment -> pending, others
paid; a deleted order (`is_deleted`) is voided. `refunded_amount` > 0 -> one refund
`<order id>-refunded` dated at `date_modified` (the list has no refund time).
What it lacks: landing site and referrer (orders attributed through the pixel or email only).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from typing import Any

from touchline.sources.format import FileContext, Output, SourceFormat, dig, text
from touchline.sources.formats.json_orders import SqlJsonOrders

_STATUS = {4: "refunded", 14: "partially_refunded", 5: "voided", 6: "voided", 0: "pending", 1: "pending", 7: "pending"}


def _rfc2822(value: Any) -> str | None:
    stamp = text(value)
    if stamp is None:
        return None
    try:
        return parsedate_to_datetime(stamp).isoformat()
    except (TypeError, ValueError):
        return stamp  # refused by the timestamp parser with its reason


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    order_id = text(record.get("id"))
    currency = text(record.get("currency_code"))
    try:
        status = _STATUS.get(int(record.get("status_id")), "paid")
    except (TypeError, ValueError):
        status = text(record.get("status"))
    if record.get("is_deleted") is True:
        status = "voided"
    customer = text(record.get("customer_id"))
    created, modified = _rfc2822(record.get("date_created")), _rfc2822(record.get("date_modified"))
    outputs: list[Output] = [
        (
            "orders",
            {
                "order_id": order_id,
                "created_at": created,
                "updated_at": modified,
                "email": text(dig(record, "billing_address.email")),
                "customer_id": None if customer in (None, "0") else customer,
                "currency": currency,
                "total_price": text(record.get("total_inc_tax")),
                "financial_status": status,
            },
        )
    ]
    refunded = text(record.get("refunded_amount"))
    try:
        has_refund = refunded is not None and Decimal(refunded) > 0
    except InvalidOperation:
        has_refund = True  # quarantined by the amount parser with its reason
    if has_refund:
        outputs.append(
            (
                "refunds",
                {
                    "refund_id": f"{order_id}-refunded",
                    "order_id": order_id,
                    "refunded_at": modified or created,
                    "amount": refunded,
                    "currency": currency,
                },
            )
        )
    return outputs


# the values _map reads, as DuckDB's typed reader reads an array of orders for
# sql/bigcommerce_v2_typed_parsed.sql: scalars as JSON text (their type is checked there),
# `billing_address` as a struct of the key read, so that it refuses a key written twice in it
TYPED_COLUMNS = (
    ("id", "JSON"),
    ("status_id", "JSON"),
    ("date_created", "JSON"),
    ("date_modified", "JSON"),
    ("currency_code", "JSON"),
    ("total_inc_tax", "JSON"),
    ("customer_id", "JSON"),
    ("billing_address", "STRUCT(email JSON)"),
    ("refunded_amount", "JSON"),
    ("is_deleted", "JSON"),
)

FORMAT = SourceFormat(
    name="bigcommerce_v2",
    folder="orders",
    title="BigCommerce v2 orders (JSON)",
    container="json",
    keys=("id", "date_created", "status_id", "total_inc_tax", "currency_code"),
    map=_map,
    outputs=("orders", "refunds"),
    # _map in SQL, for the orders DuckDB can vouch for (orders_json_sql.py)
    sql=SqlJsonOrders(
        "bigcommerce_v2",
        steps=("parsed", "orders", "refunds"),
        shared=("json_orders_macro_text",),
        typed_columns=TYPED_COLUMNS,
        typed_steps=("typed_parsed", "orders", "refunds"),
    ),
)
