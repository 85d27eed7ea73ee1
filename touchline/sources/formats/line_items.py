"""The declaration of a line-item orders CSV's mapping that DuckDB can run (orders_sql.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SqlFoldedOrders:
    """Header names (any case) of the fold key's columns (first non-empty wins), of the order
    id's (first non-empty wins) and of each mapped cell; a file may lack any of them. The
    mapping it stands for: formats/shopify_orders_csv.py (one order per group of rows, read
    from the group's first row; one refund of `Refunded Amount` when it is positive)."""

    fold_key: tuple[str, ...]
    order_id: tuple[str, ...]
    created_at: str
    email: str
    currency: str
    total_price: str
    financial_status: str
    cancelled_at: str
    refunded_amount: str
