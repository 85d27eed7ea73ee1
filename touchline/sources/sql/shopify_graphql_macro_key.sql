-- A GraphQL line's fold key as Python's _graphql_key reads `__parentId` or `id` (their JSON text
-- and decoded text): 'key' (a plain string: printable ASCII without spaces), 'none' (absent, null
-- or spaces: the record stands alone) or 'unknown' (Python's key may be anything: a number's text).
-- Read by shopify_graphql_lines.sql and shopify_graphql_typed_lines.sql.
create or replace temp macro __touchline_graphql_key_state(value, decoded) as
    case
        when value is null or (left(value, 1) = '"' and trim(decoded) = '') then 'none'
        when left(value, 1) = '"' and regexp_full_match(decoded, '[!-~]+') then 'key'
        else 'unknown'
    end
