-- WooCommerce REST orders read from the file's records (__touchline_json_items: JSON lines, or a
-- document's records when DuckDB's typed reader refused the file, orders_json_sql.py): every
-- record by its number, and for an object each value woocommerce_rest_orders.sql checks and maps,
-- as JSON text (its type: the first character) and as decoded text, and whether each object
-- read names a key once (Python keeps a repeated key's last value, DuckDB its first).
-- woocommerce_rest_typed_parsed.sql gives the same columns from the typed reader's rows.
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
            '{"id": "JSON", "status": "JSON", "currency": "JSON", "date_created_gmt": "JSON", '
            '"date_modified_gmt": "JSON", "total": "JSON", "customer_id": "JSON", "billing": "JSON", '
            '"meta_data": "JSON", "refunds": "JSON"}'
        ) end as json_values
    from __touchline_json_items
),

decoded as (
    -- each top-level value the mapping reads as decoded text (a string's value, else its JSON text)
    select
        *,
        {
            'id': json_extract_string(json_values.id, '$'),
            'status': json_extract_string(json_values.status, '$'),
            'currency': json_extract_string(json_values.currency, '$'),
            'date_created_gmt': json_extract_string(json_values.date_created_gmt, '$'),
            'date_modified_gmt': json_extract_string(json_values.date_modified_gmt, '$'),
            'total': json_extract_string(json_values.total, '$'),
            'customer_id': json_extract_string(json_values.customer_id, '$')
        } as texts
    from records
),

nested as (
    -- billing, meta_data and refunds read from their own JSON text: each object's keys, and each
    -- value the mapping reads as JSON text (its type) and as decoded text (a non-object entry of
    -- a list reads as all null: Python skips it, or it names no key the mapping uses)
    select
        *,
        json_keys(json_values.billing) as billing_keys,
        json_transform(json_values.billing, '{"email": "JSON"}').email as email_json,
        json_transform(json_values.billing, '{"email": "VARCHAR"}').email as email_text,
        json_keys(json_values.meta_data, '$[*]') as meta_keys,
        json_transform(json_values.meta_data, '[{"key": "JSON", "value": "JSON"}]') as meta_values,
        json_keys(json_values.refunds, '$[*]') as refund_keys,
        json_transform(json_values.refunds, '[{"id": "JSON", "total": "JSON"}]') as refund_values,
        json_transform(json_values.refunds, '[{"id": "VARCHAR", "total": "VARCHAR"}]') as refund_texts
    from decoded
),

orders_read as (
    -- a value's type is the first character of its JSON text (`"` a string, `{` an object, `[`
    -- a list), null when the key is absent or its value null (both absent for Python)
    select
        record_number,
        is_object,
        len(keys) = len(list_distinct(keys)) as has_unique_keys,
        left(json_values.id, 1) as id_type,
        __touchline_json_text(json_values.id, texts.id) as id_text,
        left(json_values.status, 1) as status_type,
        texts.status as status_text,
        left(json_values.currency, 1) as currency_type,
        texts.currency as currency_text,
        left(json_values.date_created_gmt, 1) as created_type,
        texts.date_created_gmt as created_text,
        left(json_values.date_modified_gmt, 1) as modified_type,
        texts.date_modified_gmt as modified_text,
        left(json_values.total, 1) as total_type,
        texts.total as total_text,
        left(json_values.customer_id, 1) as customer_type,
        __touchline_json_text(json_values.customer_id, texts.customer_id) as customer_text,
        len(billing_keys) = len(list_distinct(billing_keys)) as has_unique_billing_keys,
        left(email_json, 1) as email_type,
        email_text,
        left(json_values.meta_data, 1) as meta_type,
        list_bool_and(list_transform(meta_keys, lambda entry: len(entry) = len(list_distinct(entry))))
            is not false as has_unique_meta_keys,
        __touchline_woocommerce_attribution_keys(meta_values) as attribution_keys,
        list_reverse(meta_values) as attribution_entries,
        left(json_values.refunds, 1) as refunds_type,
        list_bool_and(list_transform(refund_keys, lambda entry: len(entry) = len(list_distinct(entry))))
            is not false as has_unique_refund_keys,
        list_transform(
            list_zip(refund_values, refund_texts),
            lambda entry: {
                'id_type': left(entry[1].id, 1),
                'id': __touchline_json_text(entry[1].id, entry[2].id),
                'total_type': left(entry[1].total, 1),
                'total': entry[2].total
            }
        ) as refund_entries
    from nested
)

select * from orders_read
