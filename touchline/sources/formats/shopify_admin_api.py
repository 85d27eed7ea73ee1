"""Shopify Admin API orders: REST (`orders.json` pages `{"orders": [...]}`, or one order per
JSON line) and GraphQL bulk-operation JSONL (one Order per line, its nested connections on
lines of their own with `__parentId`, folded into the order).

Each order gives its order row (`landing_site`, `referring_site`, `customer.id`, `test`,
`cancelled_at` as state) and one refund per `refunds[]` entry with its own id and time
(`created_at`), the amount being its successful `refund` transactions (GraphQL:
`totalRefundedSet.shopMoney`). GraphQL has no `landing_site`: the last visit of
`customerJourneySummary` (`landingPage`, `referrerUrl`) stands for it when queried.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from touchline.landing.values import BadValue
from touchline.sources.format import FileContext, Output, SourceFormat, dig, text
from touchline.sources.formats.shopify_web_pixels import shopify_id


def _refund_amount(refund: Mapping[str, Any]) -> tuple[Decimal, str | None]:
    total = Decimal(0)
    currency = None
    for transaction in refund.get("transactions") or []:
        if not isinstance(transaction, Mapping):
            continue
        if transaction.get("kind") != "refund" or transaction.get("status") not in (None, "success"):
            continue
        try:
            total += Decimal(str(transaction.get("amount")))
        except InvalidOperation:
            raise BadValue("non-numeric amount") from None
        currency = currency or text(transaction.get("currency"))
    return total, currency


def _map_rest(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    order_id = text(record.get("id"))
    currency = text(record.get("currency"))
    outputs: list[Output] = [
        (
            "orders",
            {
                "order_id": order_id,
                "created_at": text(record.get("created_at")),
                "updated_at": text(record.get("updated_at")),
                "email": text(record.get("email")) or text(dig(record, "customer.email")),
                "customer_id": text(dig(record, "customer.id")),
                "currency": currency,
                "total_price": text(record.get("total_price")),
                "financial_status": text(record.get("financial_status")),
                "landing_site": text(record.get("landing_site")),
                "referring_site": text(record.get("referring_site")),
                "test": text(record.get("test")),
            },
        )
    ]
    for refund in record.get("refunds") or []:
        if not isinstance(refund, Mapping):
            raise BadValue("invalid refunds: not an object")
        amount, refund_currency = _refund_amount(refund)
        if amount == 0:
            continue  # a restock-only refund: no money went back
        outputs.append(
            (
                "refunds",
                {
                    "refund_id": text(refund.get("id")),
                    "order_id": order_id,
                    "refunded_at": text(refund.get("created_at")) or text(refund.get("processed_at")),
                    "amount": str(amount),
                    "currency": refund_currency or currency,
                },
            )
        )
    return outputs


def _visit(record: Mapping[str, Any], field: str) -> str | None:
    journey = record.get("customerJourneySummary")
    for visit in ("lastVisit", "firstVisit"):
        value = text(dig(journey, f"{visit}.{field}")) if isinstance(journey, Mapping) else None
        if value is not None:
            return value
    return None


def _map_graphql(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    order_id = shopify_id(record.get("id"))
    currency = text(record.get("currencyCode")) or text(dig(record, "totalPriceSet.shopMoney.currencyCode"))
    status = text(record.get("displayFinancialStatus"))
    outputs: list[Output] = [
        (
            "orders",
            {
                "order_id": order_id,
                "created_at": text(record.get("createdAt")),
                "updated_at": text(record.get("updatedAt")),
                "email": text(record.get("email")),
                "customer_id": shopify_id(dig(record, "customer.id")),
                "currency": currency,
                "total_price": text(dig(record, "totalPriceSet.shopMoney.amount")),
                "financial_status": status.lower() if status else None,
                "landing_site": _visit(record, "landingPage"),
                "referring_site": _visit(record, "referrerUrl"),
                "test": text(record.get("test")),
            },
        )
    ]
    for refund in record.get("refunds") or []:
        if not isinstance(refund, Mapping):
            raise BadValue("invalid refunds: not an object")
        amount = text(dig(refund, "totalRefundedSet.shopMoney.amount"))
        if amount is None or amount in ("0", "0.0", "0.00"):
            continue
        outputs.append(
            (
                "refunds",
                {
                    "refund_id": shopify_id(refund.get("id")),
                    "order_id": order_id,
                    "refunded_at": text(refund.get("createdAt")),
                    "amount": amount,
                    "currency": text(dig(refund, "totalRefundedSet.shopMoney.currencyCode")) or currency,
                },
            )
        )
    return outputs


def _graphql_key(record: Mapping[str, Any]) -> str | None:
    return text(record.get("__parentId")) or text(record.get("id"))


REST = SourceFormat(
    name="shopify_admin_rest",
    folder="orders",
    title="Shopify Admin REST API orders (orders.json pages or JSON lines)",
    container="json",
    keys=("id", "created_at", "total_price", "currency"),
    map=_map_rest,
    outputs=("orders", "refunds"),
    json_root="orders",
)

GRAPHQL_BULK = SourceFormat(
    name="shopify_admin_graphql",
    folder="orders",
    title="Shopify Admin GraphQL bulk-operation orders (JSON lines)",
    container="json",
    keys=("id", "createdAt"),
    accept=lambda record: str(record.get("id", "")).startswith("gid://shopify/Order/"),
    map=_map_graphql,
    outputs=("orders", "refunds"),
    fold_key=_graphql_key,
)
