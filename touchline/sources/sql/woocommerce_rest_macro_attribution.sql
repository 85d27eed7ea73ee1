-- A `meta_data` list's order-attribution entries (key `_wc_order_attribution_<name>`), read as
-- woocommerce_rest_orders.sql reads them, from the list as structs of JSON texts (key, value):
-- the key as JSON text (as DuckDB writes it: escapes of plain characters undone), the value's
-- type (the first character of its JSON text; null when the value is null or absent) and the
-- value decoded (a string's value, else its JSON text). A non-object entry (null here) names
-- no key: Python skips it. Shared by woocommerce_rest_parsed.sql and _typed_parsed.sql.
create or replace temp macro __touchline_woocommerce_attribution(entries) as
    list_transform(
        list_filter(entries, lambda entry: starts_with(entry.key, '"_wc_order_attribution_')),
        lambda entry: {
            'key': entry.key,
            'value_type': left(entry.value, 1),
            'value': json_extract_string(entry.value, '$')
        }
    )
