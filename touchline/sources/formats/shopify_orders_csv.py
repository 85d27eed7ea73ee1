"""Shopify admin "Export orders" CSV: one row per line item, the order's fields on its first row.

Consecutive rows with the same `Name` (on every line-item row) are one order. The order id is
`Id`, the number the Admin API, Web Pixels and Segment's Shopify source use for `order_id`.
What the file lacks: landing site, referring site, customer id and the test flag (orders
from this file are attributed through the pixel's checkout or the stitched email only).
`Refunded Amount` becomes one refund per order (id `<order id>-refunded`, dated at
`Cancelled at`, else at the order's creation: the export has no refund time).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from touchline.sources.format import FileContext, Output, SourceFormat
from touchline.sources.formats.common import cell, number, shopify_time
from touchline.sources.formats.line_items import SqlFoldedOrders


def _key(record: Mapping[str, Any]) -> str | None:
    # `Name` is on every line-item row; `Id` only on an order's first row
    return cell(record, "Name") or cell(record, "Id")


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    order_id = cell(record, "Id") or cell(record, "Name")
    created_at = shopify_time(cell(record, "Created at"))
    currency = cell(record, "Currency")
    status = cell(record, "Financial Status")
    cancelled_at = shopify_time(cell(record, "Cancelled at"))
    order = {
        "order_id": order_id,
        "created_at": created_at,
        "email": cell(record, "Email"),
        "currency": currency,
        "total_price": number(cell(record, "Total")),
        "financial_status": status,
    }
    outputs: list[Output] = [("orders", order)]
    refunded = number(cell(record, "Refunded Amount"))
    if refunded is not None and _positive(refunded):
        outputs.append(
            (
                "refunds",
                {
                    "refund_id": f"{order_id}-refunded",
                    "order_id": order_id,
                    "refunded_at": cancelled_at or created_at,
                    "amount": refunded,
                    "currency": currency,
                },
            )
        )
    return outputs


def _positive(amount: str) -> bool:
    try:
        return Decimal(amount) > 0
    except InvalidOperation:
        return True  # let the refund parser quarantine it with its reason


FORMAT = SourceFormat(
    name="shopify_orders_csv",
    folder="orders",
    title="Shopify admin orders export (CSV)",
    container="table",
    header=("Name", "Financial Status", "Created at", "Total", "Lineitem name"),
    map=_map,
    outputs=("orders", "refunds"),
    fold_key=_key,
    # the same mapping, run by DuckDB on the rows it can vouch for (touchline/sources/orders_sql.py)
    sql=SqlFoldedOrders(
        fold_key=("Name", "Id"),
        order_id=("Id", "Name"),
        created_at="Created at",
        email="Email",
        currency="Currency",
        total_price="Total",
        financial_status="Financial Status",
        cancelled_at="Cancelled at",
        refunded_amount="Refunded Amount",
    ),
)
