-- BigCommerce v2 orders read from DuckDB's typed reader (__touchline_json_typed: read_json of a
-- top-level array with the columns of formats/bigcommerce.py's TYPED_COLUMNS, orders_json_sql.py):
-- the columns bigcommerce_v2_parsed.sql gives, without parsing a record again. The reader
-- refuses (and the file takes bigcommerce_v2_parsed.sql's way) a record that is not an object,
-- an object that names a key the mapping reads twice (the order's, its `billing_address`'s), a
-- `billing_address` that is not an object: so every object here names each key it is read for
-- once (other keys are not read). A record that is null reads as one without values, which the
-- orders step never takes (Python quarantines it).
-- A view, not a table: the orders step reads each value once, where it needs it.
create or replace temp view __touchline_json_parsed as
select
    record_number,
    true as is_object,
    true as has_unique_keys,
    {
        'id': id,
        'status_id': status_id,
        'date_created': date_created,
        'date_modified': date_modified,
        'currency_code': currency_code,
        'total_inc_tax': total_inc_tax,
        'customer_id': customer_id,
        'refunded_amount': refunded_amount,
        'is_deleted': is_deleted
    } as json_values,
    {
        'id': json_extract_string(id, '$'),
        'status_id': json_extract_string(status_id, '$'),
        'date_created': json_extract_string(date_created, '$'),
        'date_modified': json_extract_string(date_modified, '$'),
        'currency_code': json_extract_string(currency_code, '$'),
        'total_inc_tax': json_extract_string(total_inc_tax, '$'),
        'customer_id': json_extract_string(customer_id, '$'),
        'refunded_amount': json_extract_string(refunded_amount, '$')
    } as texts,
    true as has_unique_billing_keys,
    billing_address.email as email_json,
    json_extract_string(billing_address.email, '$') as email_text
from __touchline_json_typed
