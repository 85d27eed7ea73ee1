-- Shopify Admin GraphQL bulk-operation JSONL (bulk_orders_sql.py): every line once, parsed once
-- into the keys and values the mapping (formats/shopify_admin_api.py, _map_graphql) reads, its
-- fold key and the fold group it belongs to, and whether DuckDB may map the group's order.
-- Python folds consecutive records with the same key (`__parentId`, else `id`) into the first
-- one; a record whose key is absent (or that cannot be read) stands alone. A group is DuckDB's
-- only when Python's groups are certainly the same around it:
-- - every line of it is one Python reads as this JSON object (`is_object` of json_lines_items.sql,
--   the step before this one: within the record limit, not nested too deep, nothing DuckDB's
--   parser takes and Python's refuses),
--   its key a plain string (printable ASCII without spaces), the first line an order (no
--   `__parentId`);
-- - the nearest non-blank lines before and after it end a group for both: a line with another
--   plain key, or with no key at all (`__parentId` and `id` absent, null or spaces);
-- - no line of it makes a journey page view (bulk_orders_sql.py leaves those orders to Python):
--   no `moments`, and each visit (the order's first and last visit, a child line) lacks
--   `occurredAt` or `landingPage`;
-- - each object read (the order, its customer, totalPriceSet, shopMoney, the journey and its
--   visits, a child line) names each key the mapping reads once (Python keeps a repeated key's
--   last value, DuckDB its first).
create or replace temp table __touchline_bulk_lines as
with

parsed as (
    -- each line parsed three times: the keys of each object read, and each value read as JSON
    -- text (null when absent or null) and as decoded text
    select
        record_number,
        is_object as is_plain,
        case when is_object then json_keys(item, [
            '$', '$.customer', '$.totalPriceSet', '$.totalPriceSet.shopMoney', '$.customerJourneySummary',
            '$.customerJourneySummary.lastVisit', '$.customerJourneySummary.firstVisit'
        ]) end as object_keys,
        case when is_object then json_transform(
            item,
            '{"__parentId": "JSON", "id": "JSON", "createdAt": "JSON", "updatedAt": "JSON", "email": "JSON", '
            '"customer": {"id": "JSON"}, "currencyCode": "JSON", '
            '"totalPriceSet": {"shopMoney": {"amount": "JSON", "currencyCode": "JSON"}}, '
            '"displayFinancialStatus": "JSON", "test": "JSON", "refunds": "JSON", '
            '"landingPage": "JSON", "occurredAt": "JSON", "customerJourneySummary": {'
            '"lastVisit": {"landingPage": "JSON", "referrerUrl": "JSON", "occurredAt": "JSON"}, '
            '"firstVisit": {"landingPage": "JSON", "referrerUrl": "JSON", "occurredAt": "JSON"}}}'
        ) end as json_values,
        case when is_object then json_transform(
            item,
            '{"__parentId": "VARCHAR", "id": "VARCHAR", "createdAt": "VARCHAR", "updatedAt": "VARCHAR", '
            '"email": "VARCHAR", "customer": {"id": "VARCHAR"}, "currencyCode": "VARCHAR", '
            '"totalPriceSet": {"shopMoney": {"amount": "VARCHAR", "currencyCode": "VARCHAR"}}, '
            '"displayFinancialStatus": "VARCHAR", "customerJourneySummary": {'
            '"lastVisit": {"landingPage": "VARCHAR", "referrerUrl": "VARCHAR"}, '
            '"firstVisit": {"landingPage": "VARCHAR", "referrerUrl": "VARCHAR"}}}'
        ) end as texts
    from __touchline_json_items
)

select
    *,
    texts.__parentid as parent_text,
    texts.id as id_text,
    -- `__parentId`, else `id`: 'key', 'none' or 'unknown' (shopify_graphql_macro_key.sql)
    __touchline_graphql_key_state(json_values.__parentid, texts.__parentid) as parent_state,
    __touchline_graphql_key_state(json_values.id, texts.id) as id_state,
    -- a visit page view needs both (formats/shopify_admin_api.py, _journey_visits)
    json_values.landingpage is null or json_values.occurredat is null as is_no_visit,
    -- each key the mapping reads (the top-level keys of an order line or a child line) named
    -- once: as many of them in the key list as there are distinct ones (list_unique over every
    -- key list cost twice as much; other keys are not read)
    len(list_filter(object_keys[1], lambda key: key in (
        '__parentId', 'id', 'createdAt', 'updatedAt', 'email', 'customer', 'currencyCode',
        'totalPriceSet', 'displayFinancialStatus', 'test', 'refunds', 'customerJourneySummary',
        'landingPage', 'occurredAt'
    )))
    = list_contains(object_keys[1], '__parentId')::int
    + list_contains(object_keys[1], 'id')::int
    + list_contains(object_keys[1], 'createdAt')::int
    + list_contains(object_keys[1], 'updatedAt')::int
    + list_contains(object_keys[1], 'email')::int
    + list_contains(object_keys[1], 'customer')::int
    + list_contains(object_keys[1], 'currencyCode')::int
    + list_contains(object_keys[1], 'totalPriceSet')::int
    + list_contains(object_keys[1], 'displayFinancialStatus')::int
    + list_contains(object_keys[1], 'test')::int
    + list_contains(object_keys[1], 'refunds')::int
    + list_contains(object_keys[1], 'customerJourneySummary')::int
    + list_contains(object_keys[1], 'landingPage')::int
    + list_contains(object_keys[1], 'occurredAt')::int as has_unique_keys,
    -- each nested object read names a key once (absent: no keys); most have one key or two
    coalesce(list_bool_and(list_transform(
        object_keys[2:],
        lambda keys: case
            when len(keys) is null or len(keys) < 2 then true
            when len(keys) = 2 then keys[1] <> keys[2]
            else len(keys) = list_unique(keys)
        end
    )), true) as has_unique_nested_keys
from parsed
