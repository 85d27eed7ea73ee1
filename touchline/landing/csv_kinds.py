"""The columns of each CSV kind (landing.md): header name, raw column, parser, Arrow type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pyarrow as pa

from touchline.landing.date_window import current_window
from touchline.landing.money_types import FX_RATE, MONEY, MONEY_RECORD_DIGITS
from touchline.landing.values import (
    BadValue,
    hash_email,
    parse_currency,
    parse_date,
    parse_decimal,
    parse_flag,
    parse_integer,
    parse_timestamp,
)

Parser = Callable[[str, str], object]  # (non-empty cell text, column name) -> typed value


@dataclass(frozen=True)
class Column:
    name: str  # header name in the landed file (matched trimmed, case-insensitively)
    target: str  # column of the raw table
    parse: Parser
    arrow_type: pa.DataType
    required: bool = False
    default: object = None  # the value of an absent or empty optional cell


@dataclass(frozen=True)
class CsvKind:
    table: str
    columns: tuple[Column, ...]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def targets(self) -> tuple[str, ...]:
        # Several landed columns may feed one raw column (email_hash, email); first one wins.
        return tuple(dict.fromkeys(c.target for c in self.columns))

    def arrow_schema(self) -> pa.Schema:
        types = {c.target: c.arrow_type for c in reversed(self.columns)}
        return pa.schema([("line_number", pa.int64()), *((t, types[t]) for t in self.targets)])


def _text(value: str, name: str) -> str:
    return value  # ids, names and URLs are kept verbatim


def _timestamp(value: str, name: str) -> datetime:
    return current_window().check_timestamp(parse_timestamp(value, name), name)


def _date(value: str, name: str) -> date:
    return current_window().check_day(parse_date(value, name), name)


def _rate_date(value: str, name: str) -> date:
    # not held to the date window: a rate from before it may be the one in force on its first day
    return parse_date(value, name)


def _money(value: str, name: str) -> Decimal:
    return parse_decimal(value, name, scale=MONEY.scale, integer_digits=MONEY_RECORD_DIGITS)


def _refund_amount(value: str, name: str) -> Decimal:
    amount = _money(value, name)
    if amount < 0:
        raise BadValue("negative refund amount")
    return amount


def _fx_rate(value: str, name: str) -> Decimal:
    rate = parse_decimal(value, name, scale=FX_RATE.scale, integer_digits=FX_RATE.integer_digits)
    if rate <= 0:
        raise BadValue("non-positive fx rate")
    return rate


def _email_hash(value: str, name: str) -> str | None:
    return value.strip().lower() or None


def _email(value: str, name: str) -> str:
    return hash_email(value)


def _platform(value: str, name: str) -> str:
    # Stored trimmed and lowercased; aliases (facebook -> meta, ...) are mapped in dbt.
    return value.strip().lower()


def _flag(value: str, name: str) -> bool:
    return parse_flag(value, name)


_STR = pa.string()
_TS = pa.timestamp("us")
_MONEY = MONEY.arrow
_INT = pa.int64()

CSV_KINDS: dict[str, CsvKind] = {
    "orders": CsvKind(
        "orders",
        (
            Column("order_id", "order_id", _text, _STR, required=True),
            Column("created_at", "created_at", _timestamp, _TS, required=True),
            Column("updated_at", "updated_at", _timestamp, _TS),
            # A given hash wins over a plain email; the plain email itself is never stored.
            Column("email_hash", "email_hash", _email_hash, _STR),
            Column("email", "email_hash", _email, _STR),
            Column("customer_id", "customer_id", _text, _STR),
            Column("currency", "currency", parse_currency, _STR, required=True),
            Column("total_price", "total_price", _money, _MONEY, required=True),
            Column("financial_status", "financial_status", _text, _STR),
            Column("landing_site", "landing_site", _text, _STR),
            Column("referring_site", "referring_site", _text, _STR),
            Column("test", "is_test", _flag, pa.bool_(), default=False),
        ),
    ),
    "refunds": CsvKind(
        "refunds",
        (
            Column("refund_id", "refund_id", _text, _STR, required=True),
            Column("order_id", "order_id", _text, _STR, required=True),
            Column("refunded_at", "refunded_at", _timestamp, _TS, required=True),
            Column("amount", "amount", _refund_amount, _MONEY, required=True),
            Column("currency", "currency", parse_currency, _STR, required=True),
        ),
    ),
    "spend": CsvKind(
        "spend",
        (
            Column("date_day", "date_day", _date, pa.date32(), required=True),
            Column("platform", "platform", _platform, _STR, required=True),
            Column("campaign_id", "campaign_id", _text, _STR, required=True),
            Column("campaign_name", "campaign_name", _text, _STR, required=True),
            Column("spend", "spend", _money, _MONEY, required=True),
            Column("currency", "currency", parse_currency, _STR, required=True),
            Column("account_id", "account_id", _text, _STR),
            Column("account_name", "account_name", _text, _STR),
            Column("ad_group_id", "ad_group_id", _text, _STR),
            Column("ad_group_name", "ad_group_name", _text, _STR),
            Column("ad_id", "ad_id", _text, _STR),
            Column("ad_name", "ad_name", _text, _STR),
            Column("clicks", "clicks", parse_integer, _INT),
            Column("impressions", "impressions", parse_integer, _INT),
        ),
    ),
    "fx": CsvKind(
        "fx",
        (
            Column("date_day", "date_day", _rate_date, pa.date32(), required=True),
            Column("currency", "currency", parse_currency, _STR, required=True),
            Column("rate", "rate", _fx_rate, FX_RATE.arrow, required=True),
        ),
    ),
}
