-- Whether the `meta_data` entries' order-attribution values the mapping uses (the names
-- woocommerce_rest_orders.sql looks up) are each a string of printable ASCII or null, read from
-- the entries' JSON texts without decoding them: a string's text is `"`, printable ASCII other
-- than `"` and `\` or the escapes `\"` and `\\`, and `"` (DuckDB writes a read value's text with
-- the escapes of other plain characters undone; a text it wrote otherwise is refused, and its
-- order goes to Python). Shared by woocommerce_rest_parsed.sql and _typed_parsed.sql.
create or replace temp macro __touchline_woocommerce_attribution_plain(entries) as
    list_bool_and(
        list_transform(
            entries,
            lambda entry: case
                when entry.key in (
                    '"_wc_order_attribution_session_entry"', '"_wc_order_attribution_referrer"',
                    '"_wc_order_attribution_source_type"', '"_wc_order_attribution_utm_source"',
                    '"_wc_order_attribution_utm_medium"', '"_wc_order_attribution_utm_campaign"',
                    '"_wc_order_attribution_utm_content"', '"_wc_order_attribution_utm_term"',
                    '"_wc_order_attribution_utm_id"'
                ) then entry.value is null or regexp_full_match(entry.value, '"(?:[ !#-\[\]-~]|\\["\\])*"')
                else true
            end
        )
    ) is not false
