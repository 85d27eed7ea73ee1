-- A `meta_data` list's order-attribution entries the mapping uses, in one pass over the list of
-- structs of JSON texts (key, value) (DuckDB writes a read value's text with the escapes of
-- plain characters undone), last entry first: for each entry, its key (the JSON text
-- `"_wc_order_attribution_<name>"`) when its name is one woocommerce_rest_orders.sql looks up
-- and its value is a valued string, `!` when such a name's value (not null) is not a string of
-- printable ASCII and the order goes to Python, else null (another key, a non-object entry, a
-- null value, a blank or `(none)` string: Python skips them). So a name's value is the
-- value of the entry at the first position of its key (Python's dict keeps the last). A string
-- of printable ASCII is, as JSON text, `"`, printable ASCII other than `"` and `\` or the
-- escapes `\"` and `\\`, and `"`: it is blank when only spaces are between its quotes. As DuckDB
-- writes a control character escaped, a text without `\` is one when it is ASCII (as many bytes
-- as characters) without DEL: the pattern reads only the texts with an escape (a pattern costs
-- ~4 ns a byte, ~0.25 CPU s per million URL texts).
-- Shared by woocommerce_rest_parsed.sql and _typed_parsed.sql.
create or replace temp macro __touchline_woocommerce_attribution_keys(entries) as
    list_reverse(list_transform(
        entries,
        lambda entry: case
            when entry.key in (
                '"_wc_order_attribution_session_entry"', '"_wc_order_attribution_referrer"',
                '"_wc_order_attribution_source_type"', '"_wc_order_attribution_utm_source"',
                '"_wc_order_attribution_utm_medium"', '"_wc_order_attribution_utm_campaign"',
                '"_wc_order_attribution_utm_content"', '"_wc_order_attribution_utm_term"',
                '"_wc_order_attribution_utm_id"'
            ) and entry.value is not null then case
                when not (
                    starts_with(entry.value, '"') and strlen(entry.value) = length(entry.value)
                    and not contains(entry.value, chr(127))
                    and (case when contains(entry.value, '\') then regexp_full_match(entry.value, '"(?:[ !#-\[\]-~]|\\["\\])*"') else true end)
                ) then '!'
                -- (blank: spaces between its quotes. Here and above `case`, not `and` / `or`: DuckDB
                -- evaluates both sides of those, and a pattern or a trim costs ~0.2 us a URL's text)
                when entry.value = '"(none)"' or entry.value = '""'
                    or (case when starts_with(entry.value, '" ') then replace(entry.value, ' ', '') = '""' else false end)
                    then null
                else cast(entry.key as varchar)
            end
        end
    ));

-- The value (decoded) of the order-attribution name `name` (`session_entry`, `utm_source`, ...)
-- from the keys above and the entries last first; null when no entry has a value for it.
create or replace temp macro __touchline_woocommerce_attribution_value(keys_last_first, entries_last_first, name) as
    json_extract_string(
        entries_last_first[list_position(keys_last_first, '"_wc_order_attribution_' || name || '"')].value, '$'
    )
