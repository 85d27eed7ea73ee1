-- BigCommerce v2 orders read from the file's records (__touchline_json_items: JSON lines, or a
-- document's records when DuckDB's typed reader refused the file, orders_json_sql.py): every
-- record by its number, and for an object each value bigcommerce_v2_orders.sql checks and maps,
-- as JSON text (its type: the first character) and as decoded text, and whether the order and
-- its `billing_address` name each key once (Python keeps a repeated key's last value, DuckDB its
-- first). bigcommerce_v2_typed_parsed.sql gives the same columns from the typed reader's rows.
create or replace temp table __touchline_json_parsed as
with

records as (
    -- a record that is not an object (a line that is not JSON among them) is counted, not parsed
    select
        record_number,
        is_object,
        case when is_object then json_keys(item) end as keys,
        case when is_object then json_transform(
            item,
            '{"id": "JSON", "status_id": "JSON", "date_created": "JSON", "date_modified": "JSON", '
            '"currency_code": "JSON", "total_inc_tax": "JSON", "customer_id": "JSON", '
            '"billing_address": "JSON", "refunded_amount": "JSON", "is_deleted": "JSON"}'
        ) end as json_values,
        case when is_object then json_transform(
            item,
            '{"id": "VARCHAR", "status_id": "VARCHAR", "date_created": "VARCHAR", "date_modified": "VARCHAR", '
            '"currency_code": "VARCHAR", "total_inc_tax": "VARCHAR", "customer_id": "VARCHAR", '
            '"refunded_amount": "VARCHAR"}'
        ) end as texts
    from __touchline_json_items
)

select
    record_number,
    is_object,
    len(keys) = len(list_distinct(keys)) as has_unique_keys,
    json_values,
    texts,
    (
        len(json_keys(json_values.billing_address)) = len(list_distinct(json_keys(json_values.billing_address)))
    ) is not false as has_unique_billing_keys,
    json_transform(json_values.billing_address, '{"email": "JSON"}').email as email_json,
    json_transform(json_values.billing_address, '{"email": "VARCHAR"}').email as email_text
from records
