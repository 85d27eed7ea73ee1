-- Shopify Admin REST orders mapped by DuckDB (orders_json_sql.py), as formats/shopify_admin_api.py
-- (_map_rest) maps them in Python: one order row per record, one refund per `refunds[]` entry
-- whose successful `refund` transactions move money. An order is DuckDB's only when every value
-- the mapping reads is in a spelling whose SQL value is exactly Python's; any other order goes,
-- whole, to the Python mapping (which loads it or quarantines it with its reason):
-- - each object read (the order, its customer, refunds, transactions) names a key once (Python
--   keeps a repeated key's last value, DuckDB its first);
-- - ids are JSON integers (18 digits at most) or plain printable ASCII text;
-- - times are strings in the landing contract's ISO spelling, inside the run's date window;
-- - amounts are strings of plain decimals (`99.00`), currencies three letters, `test` a boolean;
-- - texts are printable ASCII without `@`, `%40` or `%25` (nothing for the email redaction), an
--   email printable ASCII (it is hashed here, trimmed and lowercased, and never stored);
-- - a refund's money is positive and within the amount limit.
-- Blank texts (spaces only) are absent, as Python's `text()` reads them.
-- each record parsed once: its keys, each value the
-- mapping reads as JSON text and as decoded text, and its customer's
create or replace temp table __touchline_json_parsed as
with

records as (
    select
        record_number,
        is_object,
        case when is_object then json_keys(item) end as keys,
        case when is_object then json_transform(
            item,
            '{"id": "JSON", "created_at": "JSON", "updated_at": "JSON", "email": "JSON", '
        '"customer": "JSON", "currency": "JSON", "total_price": "JSON", '
        '"financial_status": "JSON", "landing_site": "JSON", "referring_site": "JSON", '
        '"test": "JSON", "refunds": "JSON"}'
        ) end as json_values,
        case when is_object then json_transform(
            item,
            '{"id": "VARCHAR", "created_at": "VARCHAR", "updated_at": "VARCHAR", "email": "VARCHAR", '
        '"customer": "VARCHAR", "currency": "VARCHAR", "total_price": "VARCHAR", '
        '"financial_status": "VARCHAR", "landing_site": "VARCHAR", "referring_site": "VARCHAR", '
        '"test": "VARCHAR", "refunds": "VARCHAR"}'
        ) end as texts
    from __touchline_json_items
)

select
    *,
    -- each key once (the check costs as much as a parse: computed here, once)
    len(keys) = list_unique(keys) as has_unique_keys,
    -- the times, once (an expression a later step names twice may be computed twice)
    case when regexp_full_match(texts.created_at, $timestamp) then __touchline_utc(texts.created_at) end
        as created_at,
    case when regexp_full_match(texts.updated_at, $timestamp) then __touchline_utc(texts.updated_at) end
        as updated_at,
    case when left(json_values.customer, 1) = '{' then json_keys(json_values.customer) end as customer_keys,
    case when left(json_values.customer, 1) = '{'
        then json_transform(json_values.customer, '{"id": "JSON", "email": "JSON"}')
    end as customer_values,
    case when left(json_values.customer, 1) = '{'
        then json_transform(json_values.customer, '{"id": "VARCHAR", "email": "VARCHAR"}')
    end as customer_texts
from records
