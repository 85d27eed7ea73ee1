-- Shopify Admin GraphQL bulk-operation lines read by DuckDB's typed reader (__touchline_json_typed:
-- read_json of the JSON lines with the columns of formats/shopify_admin_api.py's
-- GRAPHQL_TYPED_COLUMNS, orders_json_sql.typed_lines_table): the columns
-- shopify_graphql_lines.sql gives, without parsing a line again. The file is read this way only
-- when every line is an object Python reads as DuckDB does (no blank line between records, none
-- over the record limit or nested too deep, no non-standard JSON: so every line `is_plain`), and
-- the reader refuses it (it then takes shopify_graphql_lines.sql's way) when an object read
-- names a key the mapping reads twice (a line's, its customer's, totalPriceSet's, shopMoney's,
-- the journey's or a visit's), or one of those is not an object: so each key read is named
-- once (has_unique_keys, has_unique_nested_keys). `object_keys` keeps the two places the next
-- steps read it: [2] the customer's (there, or not; no key to check) and [5] the journey's
-- (`moments` there, or not: a null `moments` reads as absent, and Python reads no visit from it).
-- A view, not a table: the groups step reads only the keys, the restatement only the order
-- lines; materialising every line's values cost more than computing them where they are read.
create or replace temp view __touchline_bulk_lines as
with

lines as (
    select
        record_number,
        {
            '__parentId': __parentid,
            'id': id,
            'createdAt': createdat,
            'updatedAt': updatedat,
            'email': email,
            'customer': { 'id': customer.id },
            'currencyCode': currencycode,
            'totalPriceSet': totalpriceset,
            'displayFinancialStatus': displayfinancialstatus,
            'test': test,
            'refunds': refunds,
            'landingPage': landingpage,
            'occurredAt': occurredat,
            'customerJourneySummary': {
                'lastVisit': customerjourneysummary.lastvisit,
                'firstVisit': customerjourneysummary.firstvisit
            }
        } as json_values,
        {
            '__parentId': json_extract_string(__parentid, '$'),
            'id': json_extract_string(id, '$'),
            'createdAt': json_extract_string(createdat, '$'),
            'updatedAt': json_extract_string(updatedat, '$'),
            'email': json_extract_string(email, '$'),
            'customer': { 'id': json_extract_string(customer.id, '$') },
            'currencyCode': json_extract_string(currencycode, '$'),
            'totalPriceSet': { 'shopMoney': {
                'amount': json_extract_string(totalpriceset.shopmoney.amount, '$'),
                'currencyCode': json_extract_string(totalpriceset.shopmoney.currencycode, '$')
            } },
            'displayFinancialStatus': json_extract_string(displayfinancialstatus, '$'),
            'customerJourneySummary': {
                'lastVisit': {
                    'landingPage': json_extract_string(customerjourneysummary.lastvisit.landingpage, '$'),
                    'referrerUrl': json_extract_string(customerjourneysummary.lastvisit.referrerurl, '$')
                },
                'firstVisit': {
                    'landingPage': json_extract_string(customerjourneysummary.firstvisit.landingpage, '$'),
                    'referrerUrl': json_extract_string(customerjourneysummary.firstvisit.referrerurl, '$')
                }
            }
        } as texts,
        [
            cast(null as varchar[]),
            case when customer is not null then cast([] as varchar[]) end,
            cast(null as varchar[]),
            cast(null as varchar[]),
            case when customerjourneysummary.moments is not null then ['moments'] end
        ] as object_keys,
        __parentid,
        id,
        landingpage,
        occurredat
    from __touchline_json_typed
)

select
    record_number,
    true as is_plain,
    object_keys,
    json_values,
    texts,
    -- the keys from the reader's columns, not from the structs above (the groups step reads
    -- only these: a field of a struct built in a view is not computed on its own)
    json_extract_string(__parentid, '$') as parent_text,
    json_extract_string(id, '$') as id_text,
    __touchline_graphql_key_state(__parentid, json_extract_string(__parentid, '$')) as parent_state,
    __touchline_graphql_key_state(id, json_extract_string(id, '$')) as id_state,
    landingpage is null or occurredat is null as is_no_visit,
    true as has_unique_keys,
    true as has_unique_nested_keys
from lines
