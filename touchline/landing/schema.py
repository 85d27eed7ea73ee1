"""DDL of the tables the loader writes: the `raw` landing tables and the `audit` load tables.

The dbt project reads these as sources (`dbt_project/models/staging/_sources.yml`), so a
column renamed here must be renamed there too. Timestamps are naive TIMESTAMPs holding UTC;
money is DECIMAL, never DOUBLE.
"""

from __future__ import annotations

from touchline.landing.money_types import FX_RATE, MONEY

# Every raw table starts with the same lineage columns: which load (one file) and which
# line/row of that file a record came from.
_LINEAGE = """
    load_id       bigint  not null,
    file_path     varchar not null,
    line_number   bigint  not null,
"""

RAW_TABLES: dict[str, str] = {
    "pixel_events": f"""
create table if not exists raw.pixel_events (
{_LINEAGE}
    event_id      varchar not null,
    event_type    varchar not null,
    ts            timestamp not null,
    received_at   timestamp,
    visitor_id    varchar not null,
    url           varchar,
    referrer      varchar,
    user_agent    varchar,
    email_hash    varchar,
    customer_id   varchar,
    order_id      varchar,
    revenue       {MONEY.sql},
    currency      varchar,
    is_bot        boolean not null
)""",
    "orders": f"""
create table if not exists raw.orders (
{_LINEAGE}
    order_id         varchar not null,
    created_at       timestamp not null,
    updated_at       timestamp,
    email_hash       varchar,
    customer_id      varchar,
    currency         varchar not null,
    total_price      {MONEY.sql} not null,
    financial_status varchar,
    landing_site     varchar,
    referring_site   varchar,
    is_test          boolean not null
)""",
    "refunds": f"""
create table if not exists raw.refunds (
{_LINEAGE}
    refund_id     varchar not null,
    order_id      varchar not null,
    refunded_at   timestamp not null,
    amount        {MONEY.sql} not null,
    currency      varchar not null
)""",
    "spend": f"""
create table if not exists raw.spend (
{_LINEAGE}
    date_day      date not null,
    platform      varchar not null,
    campaign_id   varchar not null,
    campaign_name varchar not null,
    spend         {MONEY.sql} not null,
    currency      varchar not null,
    account_id    varchar,
    account_name  varchar,
    ad_group_id   varchar,
    ad_group_name varchar,
    ad_id         varchar,
    ad_name       varchar,
    clicks        bigint,
    impressions   bigint
)""",
    "fx": f"""
create table if not exists raw.fx (
{_LINEAGE}
    date_day      date not null,
    currency      varchar not null,
    rate          {FX_RATE.sql} not null
)""",
}

AUDIT_TABLES: dict[str, str] = {
    "load_audit": """
create table if not exists audit.load_audit (
    load_id             bigint  not null,
    file_path           varchar not null,
    content_hash        varchar not null,
    kind                varchar not null,
    status              varchar not null,
    reason              varchar,
    records_read        bigint  not null,
    records_loaded      bigint  not null,
    records_quarantined bigint  not null,
    loaded_at           timestamp not null,
    source_format       varchar
)""",
    "quarantine": """
create table if not exists audit.quarantine (
    load_id      bigint  not null,
    kind         varchar not null,
    file_path    varchar not null,
    line_number  bigint,
    reason       varchar not null,
    raw_record   varchar
)""",
    # Rows of a vendor's export that are not records (`Total:` rows, summary rows, footers).
    "dropped_lines": """
create table if not exists audit.dropped_lines (
    load_id      bigint  not null,
    kind         varchar not null,
    file_path    varchar not null,
    line_number  bigint,
    reason       varchar not null,
    raw_record   varchar
)""",
}

# The landing folders and the raw table each one loads into.
KIND_TABLES: dict[str, str] = {
    "pixel": "pixel_events",
    "orders": "orders",
    "refunds": "refunds",
    "spend": "spend",
    "fx": "fx",
}


def create_all(con) -> None:  # con: duckdb.DuckDBPyConnection
    """Create the raw and audit schemas and tables if they do not exist yet."""
    con.execute("create schema if not exists raw")
    con.execute("create schema if not exists audit")
    for ddl in (*RAW_TABLES.values(), *AUDIT_TABLES.values()):
        con.execute(ddl)
    # Warehouses built before source formats existed get the column on their next load.
    con.execute("alter table audit.load_audit add column if not exists source_format varchar")


def drop_all(con) -> None:
    """Drop everything the loader wrote (used by --full-refresh before reloading every file),
    in one transaction: killed halfway, no load is left with some of its tables."""
    con.execute("begin transaction")
    try:
        for name in RAW_TABLES:
            con.execute(f"drop table if exists raw.{name}")
        for name in AUDIT_TABLES:
            con.execute(f"drop table if exists audit.{name}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
