-- Shopify Admin REST orders mapped by DuckDB (orders_json_sql.py), as formats/shopify_admin_api.py
-- (_map_rest) maps them in Python: one order row per record, one refund per `refunds[]` entry
-- whose successful `refund` transactions move money. An order is DuckDB's only when every value
-- the mapping reads is in a spelling whose SQL value is exactly Python's; any other order goes,
-- whole, to the Python mapping (which loads it or quarantines it with its reason):
-- - each object read (the order, its customer, refunds, transactions) names each key the mapping
--   reads once (Python keeps a repeated key's last value, DuckDB its first; other keys are not read);
-- - ids are JSON integers (18 digits at most) or plain printable ASCII text;
-- - times are strings in the landing contract's ISO spelling, inside the run's date window;
-- - amounts are strings of plain decimals (`99.00`), currencies three letters, `test` a boolean;
-- - texts are printable ASCII without `@`, `%40` or `%25` (nothing for the email redaction), an
--   email printable ASCII (it is hashed here, trimmed and lowercased, and never stored);
-- - a refund's money is positive and within the amount limit.
-- Blank texts (spaces only) are absent, as Python's `text()` reads them.
-- Each record parsed three times, its customer with it: the keys of both objects, and each value
-- the mapping reads as JSON text and as decoded text (a customer that is not an object reads as
-- one without keys or values, as Python's `dig` reads it).
create or replace temp table __touchline_json_parsed as
with

records as (
    select
        record_number,
        is_object,
        case when is_object then json_keys(item, ['$', '$.customer']) end as object_keys,
        case when is_object then json_transform(
            item,
            '{"id": "JSON", "created_at": "JSON", "updated_at": "JSON", "email": "JSON", '
            '"customer": {"id": "JSON", "email": "JSON"}, "currency": "JSON", "total_price": "JSON", '
            '"financial_status": "JSON", "landing_site": "JSON", "referring_site": "JSON", '
            '"test": "JSON", "refunds": "JSON"}'
        ) end as json_values,
        case when is_object then json_transform(
            item,
            '{"id": "VARCHAR", "created_at": "VARCHAR", "updated_at": "VARCHAR", "email": "VARCHAR", '
            '"customer": {"id": "VARCHAR", "email": "VARCHAR"}, "currency": "VARCHAR", "total_price": "VARCHAR", '
            '"financial_status": "VARCHAR", "landing_site": "VARCHAR", "referring_site": "VARCHAR"}'
        ) end as texts
    from __touchline_json_items
)

select
    record_number,
    is_object,
    json_values,
    texts,
    -- each key the mapping reads named once: as many of them in the key list as there are
    -- distinct ones (a hash of every key list, list_unique, cost twice as much)
    len(list_filter(object_keys[1], lambda key: key in (
        'id', 'created_at', 'updated_at', 'email', 'customer', 'currency', 'total_price', 'financial_status',
        'landing_site', 'referring_site', 'test', 'refunds'
    ))) = list_contains(object_keys[1], 'id')::int + list_contains(object_keys[1], 'created_at')::int
    + list_contains(object_keys[1], 'updated_at')::int + list_contains(object_keys[1], 'email')::int
    + list_contains(object_keys[1], 'customer')::int + list_contains(object_keys[1], 'currency')::int
    + list_contains(object_keys[1], 'total_price')::int + list_contains(object_keys[1], 'financial_status')::int
    + list_contains(object_keys[1], 'landing_site')::int + list_contains(object_keys[1], 'referring_site')::int
    + list_contains(object_keys[1], 'test')::int + list_contains(object_keys[1], 'refunds')::int as has_unique_keys,
    -- the times, once (an expression a later step names twice may be computed twice)
    case when regexp_full_match(texts.created_at, $timestamp) then __touchline_utc(texts.created_at) end
        as created_at,
    case when regexp_full_match(texts.updated_at, $timestamp) then __touchline_utc(texts.updated_at) end
        as updated_at,
    object_keys[2] as customer_keys,
    json_values.customer as customer_values,
    texts.customer as customer_texts
from records
