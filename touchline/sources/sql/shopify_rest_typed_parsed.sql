-- Shopify Admin REST orders read from DuckDB's typed reader (__touchline_json_typed: read_json of
-- a top-level array, an `orders.json` page's `orders` list or JSON lines, with the columns of
-- formats/shopify_admin_api.py's TYPED_COLUMNS, orders_json_sql.py): the columns
-- shopify_rest_parsed.sql gives, without parsing a record again. The reader refuses (and the file
-- takes shopify_rest_parsed.sql's way) a record that is not an object, an object that names a
-- key the mapping reads twice (the order's, its `customer`'s), a `customer` that is not an
-- object: so every object here names each key it is read for once (has_unique_keys, and no
-- customer key list to check). `refunds` stays JSON text: its entries are checked as on the
-- other way (shopify_rest_refund_items.sql, _refund_rows.sql). A record that is null reads as
-- one without values, which the orders step never takes (Python quarantines it).
-- A view, not a table (materialising it cost 0.1 CPU s per 100k orders): the next steps read
-- each value once, where they need it; the time pattern is the session variable
-- touchline_timestamp (orders_json_sql._map sets it: a view takes no `$name` parameter).
create or replace temp view __touchline_json_parsed as
with

records as (
    select
        record_number,
        {
            'id': id,
            'created_at': created_at,
            'updated_at': updated_at,
            'email': email,
            'currency': currency,
            'total_price': total_price,
            'financial_status': financial_status,
            'landing_site': landing_site,
            'referring_site': referring_site,
            'test': test,
            'refunds': refunds
        } as json_values,
        {
            'id': json_extract_string(id, '$'),
            'created_at': json_extract_string(created_at, '$'),
            'updated_at': json_extract_string(updated_at, '$'),
            'email': json_extract_string(email, '$'),
            'currency': json_extract_string(currency, '$'),
            'total_price': json_extract_string(total_price, '$'),
            'financial_status': json_extract_string(financial_status, '$'),
            'landing_site': json_extract_string(landing_site, '$'),
            'referring_site': json_extract_string(referring_site, '$')
        } as texts,
        customer as customer_values,
        {
            'id': json_extract_string(customer.id, '$'),
            'email': json_extract_string(customer.email, '$')
        } as customer_texts
    from __touchline_json_typed
)

select
    record_number,
    true as is_object,
    json_values,
    texts,
    true as has_unique_keys,
    case when regexp_full_match(texts.created_at, getvariable('touchline_timestamp')) then __touchline_utc(texts.created_at) end
        as created_at,
    case when regexp_full_match(texts.updated_at, getvariable('touchline_timestamp')) then __touchline_utc(texts.updated_at) end
        as updated_at,
    cast(null as varchar[]) as customer_keys,
    customer_values,
    customer_texts
from records
