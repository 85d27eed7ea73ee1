"""Shopify Admin API orders: REST (`orders.json` pages `{"orders": [...]}`, or one order per
JSON line) and GraphQL bulk-operation JSONL (one Order per line, its nested connections on
lines of their own with `__parentId`, folded into the order).

Each order gives its order row (`landing_site`, `referring_site`, `customer.id`, `test`,
`cancelled_at` as state) and one refund per `refunds[]` entry with its own id and time
(`created_at`), the amount being its successful `refund` transactions (GraphQL:
`totalRefundedSet.shopMoney`). GraphQL has no `landing_site`: the last visit of
`customerJourneySummary` (`landingPage`, `referrerUrl`) stands for it when queried, and every
visit of the journey (first, last, `moments`) lands as a page view of the order's customer
with the order's checkout, so first-touch models see the visit that brought the customer.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from touchline.landing.values import BadValue
from touchline.sources.format import FileContext, Output, SourceFormat, dig, text
from touchline.sources.formats.json_orders import FOLD_GROUPS, JSON_ORDERS_MACROS, SqlBulkOrders, SqlJsonOrders
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


def _journey_visits(record: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """The order's customer-journey visits: `customerJourneySummary.firstVisit` / `lastVisit`,
    and `moments` (CustomerVisit child lines of a bulk operation, folded into the order), each
    under its own id when it has one (else `first` / `last`), once."""
    visits: dict[str, Mapping[str, Any]] = {}
    journey = record.get("customerJourneySummary")
    candidates: list[tuple[str, Any]] = []
    if isinstance(journey, Mapping):
        candidates = [("first", journey.get("firstVisit")), ("last", journey.get("lastVisit"))]
        nodes = dig(journey, "moments.nodes") or dig(journey, "moments.edges") or []
        candidates += [("", node.get("node", node)) for node in nodes if isinstance(node, Mapping)]
    candidates += [("", row) for row in record.get("_rows", [])[1:]]
    for fallback, visit in candidates:
        if not isinstance(visit, Mapping) or text(visit.get("landingPage")) is None or visit.get("occurredAt") is None:
            continue
        key = shopify_id(visit.get("id")) or fallback
        if key:
            visits.setdefault(key, visit)
    return list(visits.items())


def _journey_events(record: Mapping[str, Any], order_id: str | None, customer_id: str | None) -> list[Output]:
    """The journey's visits as page views of one browser-less visitor (the customer, else the
    order), and the order's checkout by that visitor: the visits become sessions of the person
    the order belongs to, so first touch (365 days) and every model see the visit that brought
    the customer, not only the last one. Deterministic ids: the same visit in two exports (or in
    two orders' journeys) is one event."""
    visits = _journey_visits(record)
    if not visits or order_id is None:
        return []
    visitor = f"shopify-customer:{customer_id}" if customer_id else f"shopify-order:{order_id}"
    events: list[Output] = []
    for key, visit in visits:
        scope = "" if key in ("first", "last") else "visit:"
        events.append(
            (
                "pixel",
                {
                    "event_id": f"shopify-journey:{order_id}:{key}" if not scope else f"shopify-journey:{scope}{key}",
                    "event_type": "page_view",
                    "ts": text(visit.get("occurredAt")),
                    "visitor_id": visitor,
                    "url": text(visit.get("landingPage")),
                    "referrer": text(visit.get("referrerUrl")),
                    "customer_id": customer_id,
                },
            )
        )
    events.append(
        (
            "pixel",
            {
                "event_id": f"shopify-journey:{order_id}:checkout",
                "event_type": "checkout_completed",
                "ts": text(record.get("createdAt")),
                "visitor_id": visitor,
                "order_id": order_id,
                "customer_id": customer_id,
            },
        )
    )
    return events


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
    outputs += _journey_events(record, order_id, shopify_id(dig(record, "customer.id")))
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


# the values _map_rest reads, as DuckDB's typed reader reads REST orders for
# sql/shopify_rest_typed_parsed.sql: scalars as JSON text (their type is checked there), the
# customer as a struct of the keys read, so that it refuses a key written twice in it, and the
# refunds as JSON text (each entry is checked as on the record-by-record way)
TYPED_COLUMNS = (
    ("id", "JSON"),
    ("created_at", "JSON"),
    ("updated_at", "JSON"),
    ("email", "JSON"),
    ("customer", "STRUCT(id JSON, email JSON)"),
    ("currency", "JSON"),
    ("total_price", "JSON"),
    ("financial_status", "JSON"),
    ("landing_site", "JSON"),
    ("referring_site", "JSON"),
    ("test", "JSON"),
    ("refunds", "JSON"),
)

REST = SourceFormat(
    name="shopify_admin_rest",
    folder="orders",
    title="Shopify Admin REST API orders (orders.json pages or JSON lines)",
    container="json",
    keys=("id", "created_at", "total_price", "currency"),
    map=_map_rest,
    outputs=("orders", "refunds"),
    json_root="orders",
    # _map_rest in SQL, for the orders DuckDB can vouch for (orders_json_sql.py)
    sql=SqlJsonOrders(
        "shopify_rest",
        typed_columns=TYPED_COLUMNS,
        typed_steps=("typed_parsed", "refund_items", "refund_rows", "orders", "refunds"),
        typed_shapes=("array", "root", "lines"),
    ),
)

# the values _map_graphql reads on a bulk operation's lines (an order line or a child line: the
# union of their keys), as DuckDB's typed reader reads them for
# sql/shopify_graphql_typed_lines.sql: scalars and refunds as JSON text, the objects read as
# structs of the keys read (the reader refuses a key written twice in them, or one that is not
# an object), the journey's `moments` as JSON text (only whether it is there is read)
_VISIT = "STRUCT(landingPage JSON, referrerUrl JSON, occurredAt JSON)"
GRAPHQL_TYPED_COLUMNS = (
    ("__parentId", "JSON"),
    ("id", "JSON"),
    ("createdAt", "JSON"),
    ("updatedAt", "JSON"),
    ("email", "JSON"),
    ("customer", "STRUCT(id JSON)"),
    ("currencyCode", "JSON"),
    ("totalPriceSet", "STRUCT(shopMoney STRUCT(amount JSON, currencyCode JSON))"),
    ("displayFinancialStatus", "JSON"),
    ("test", "JSON"),
    ("refunds", "JSON"),
    ("landingPage", "JSON"),
    ("occurredAt", "JSON"),
    ("customerJourneySummary", f"STRUCT(lastVisit {_VISIT}, firstVisit {_VISIT}, moments JSON)"),
)
_GRAPHQL_MACROS = (*JSON_ORDERS_MACROS, "json_orders_macro_blank", "shopify_graphql_macro_key")
# after the order lines (shopify_graphql_order_lines.sql, or _typed_order_lines.sql from the
# typed reader's columns): their refunds, then the orders checked once
_GRAPHQL_MAPPING = (
    "shopify_graphql_refund_items",
    "shopify_graphql_refund_rows",
    "shopify_graphql_orders",
    "shopify_rest_refunds",
)

GRAPHQL_BULK = SourceFormat(
    name="shopify_admin_graphql",
    folder="orders",
    title="Shopify Admin GraphQL bulk-operation orders (JSON lines)",
    container="json",
    keys=("id", "createdAt"),
    accept=lambda record: str(record.get("id", "")).startswith("gid://shopify/Order/"),
    map=_map_graphql,
    outputs=("orders", "refunds", "pixel"),
    fold_key=_graphql_key,
    # _map_graphql in SQL, for the orders DuckDB can vouch for (bulk_orders_sql.py); the order
    # checks and types are the REST statements' terms, read from the lines' own columns
    sql=SqlBulkOrders(
        steps=(
            *_GRAPHQL_MACROS,
            "json_lines_items",
            "shopify_graphql_lines",
            "shopify_graphql_line_keys",
            FOLD_GROUPS,
            "shopify_graphql_order_lines",
            *_GRAPHQL_MAPPING,
        ),
        typed_columns=GRAPHQL_TYPED_COLUMNS,
        typed_steps=(
            *_GRAPHQL_MACROS,
            "shopify_graphql_typed_lines",
            "shopify_graphql_line_keys",
            FOLD_GROUPS,
            "shopify_graphql_typed_order_lines",
            *_GRAPHQL_MAPPING,
        ),
    ),
)
