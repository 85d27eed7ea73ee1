-- WooCommerce REST orders read from DuckDB's typed reader (__touchline_json_typed: read_json of a
-- top-level array with the columns of formats/woocommerce.py's TYPED_COLUMNS, orders_json_sql.py):
-- the columns woocommerce_rest_parsed.sql gives, without parsing a record again. The reader
-- refuses (and the file takes woocommerce_rest_parsed.sql's way) a record that is not an object,
-- an object that names a column's key twice (the order's, `billing`'s, a `meta_data` or
-- `refunds` entry's), a `billing` that is not an object, a `meta_data` or `refunds` that is not
-- a list of objects (or nulls): so every object here names each key it is read for once.
create or replace temp view __touchline_json_parsed as
select
    record_number,
    true as is_object,
    true as has_unique_keys,
    left(id, 1) as id_type,
    __touchline_json_text(id, json_extract_string(id, '$')) as id_text,
    left(status, 1) as status_type,
    json_extract_string(status, '$') as status_text,
    left(currency, 1) as currency_type,
    json_extract_string(currency, '$') as currency_text,
    left(date_created_gmt, 1) as created_type,
    json_extract_string(date_created_gmt, '$') as created_text,
    left(date_modified_gmt, 1) as modified_type,
    json_extract_string(date_modified_gmt, '$') as modified_text,
    left(total, 1) as total_type,
    json_extract_string(total, '$') as total_text,
    left(customer_id, 1) as customer_type,
    __touchline_json_text(customer_id, json_extract_string(customer_id, '$')) as customer_text,
    true as has_unique_billing_keys,
    left(billing.email, 1) as email_type,
    json_extract_string(billing.email, '$') as email_text,
    case when meta_data is not null then '[' end as meta_type,
    true as has_unique_meta_keys,
    __touchline_woocommerce_attribution_keys(meta_data) as attribution_keys,
    list_reverse(meta_data) as attribution_entries,
    case when refunds is not null then '[' end as refunds_type,
    true as has_unique_refund_keys,
    list_transform(
        refunds,
        lambda entry: {
            'id_type': left(entry.id, 1),
            'id': __touchline_json_text(entry.id, json_extract_string(entry.id, '$')),
            'total_type': left(entry.total, 1),
            'total': json_extract_string(entry.total, '$')
        }
    ) as refund_entries
from __touchline_json_typed
