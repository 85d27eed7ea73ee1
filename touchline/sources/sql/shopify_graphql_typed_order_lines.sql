-- shopify_graphql_order_lines.sql's columns read straight from the typed reader's columns
-- (__touchline_json_typed, shopify_graphql_typed_lines.sql's header), not through the lines
-- view: the order lines of the readable groups, each value decoded once. The reader vouched
-- for the keys (each read key named once in every object read), so both key checks hold; an
-- order line has no `__parentId` (the groups step read it as 'none' and the line's own `id` as
-- its key). Decoding only these lines' values through the view cost ~0.1 CPU s more at 100k
-- orders.
create or replace temp view __touchline_bulk_order_lines as
select
    record_number,
    true as has_unique_keys,
    true as has_unique_nested_keys,
    customerjourneysummary.moments is not null as has_moments,
    id as id_json,
    json_extract_string(id, '$') as id_decoded,
    createdat as created_json,
    json_extract_string(createdat, '$') as created_text,
    updatedat as updated_json,
    json_extract_string(updatedat, '$') as updated_text,
    email as email_json,
    json_extract_string(email, '$') as email_text,
    customer.id as customer_id_json,
    json_extract_string(customer.id, '$') as customer_id_decoded,
    currencycode as currency_json,
    json_extract_string(currencycode, '$') as currency_decoded,
    totalpriceset.shopmoney.currencycode as money_currency_json,
    json_extract_string(totalpriceset.shopmoney.currencycode, '$') as money_currency_text,
    totalpriceset.shopmoney.amount as amount_json,
    json_extract_string(totalpriceset.shopmoney.amount, '$') as amount_text,
    displayfinancialstatus as status_json,
    json_extract_string(displayfinancialstatus, '$') as status_decoded,
    customerjourneysummary.lastvisit.landingpage as last_landing_json,
    json_extract_string(customerjourneysummary.lastvisit.landingpage, '$') as last_landing_text,
    customerjourneysummary.firstvisit.landingpage as first_landing_json,
    json_extract_string(customerjourneysummary.firstvisit.landingpage, '$') as first_landing_text,
    customerjourneysummary.lastvisit.referrerurl as last_referrer_json,
    json_extract_string(customerjourneysummary.lastvisit.referrerurl, '$') as last_referrer_text,
    customerjourneysummary.firstvisit.referrerurl as first_referrer_json,
    json_extract_string(customerjourneysummary.firstvisit.referrerurl, '$') as first_referrer_text,
    customerjourneysummary.lastvisit.occurredat as last_occurred_json,
    customerjourneysummary.firstvisit.occurredat as first_occurred_json,
    test as test_json,
    refunds as refunds_json
from __touchline_json_typed
where
    record_number in (
        select __touchline_bulk_groups.first_number
        from __touchline_bulk_groups
        where __touchline_bulk_groups.is_readable
    )
    and __parentid is null
