-- The order line of each group DuckDB may map (bulk_fold_groups.py): the line that has no
-- `__parentId` and opens a readable group, with the values shopify_graphql_orders.sql reads
-- (each as JSON text, `_json`, and decoded text) and the refunds shopify_graphql_refund_items.sql
-- reads. From the lines parsed one by one (shopify_graphql_lines.sql); files the typed reader
-- reads take shopify_graphql_typed_order_lines.sql, the same columns. A view: each statement
-- reads only the values it needs.
create or replace temp view __touchline_bulk_order_lines as
select
    record_number,
    has_unique_keys,
    has_unique_nested_keys,
    coalesce(list_contains(object_keys[5], 'moments'), false) as has_moments,
    json_values.id as id_json,
    texts.id as id_decoded,
    json_values.createdat as created_json,
    texts.createdat as created_text,
    json_values.updatedat as updated_json,
    texts.updatedat as updated_text,
    json_values.email as email_json,
    texts.email as email_text,
    json_values.customer.id as customer_id_json,
    texts.customer.id as customer_id_decoded,
    json_values.currencycode as currency_json,
    texts.currencycode as currency_decoded,
    json_values.totalpriceset.shopmoney.currencycode as money_currency_json,
    texts.totalpriceset.shopmoney.currencycode as money_currency_text,
    json_values.totalpriceset.shopmoney.amount as amount_json,
    texts.totalpriceset.shopmoney.amount as amount_text,
    json_values.displayfinancialstatus as status_json,
    texts.displayfinancialstatus as status_decoded,
    json_values.customerjourneysummary.lastvisit.landingpage as last_landing_json,
    texts.customerjourneysummary.lastvisit.landingpage as last_landing_text,
    json_values.customerjourneysummary.firstvisit.landingpage as first_landing_json,
    texts.customerjourneysummary.firstvisit.landingpage as first_landing_text,
    json_values.customerjourneysummary.lastvisit.referrerurl as last_referrer_json,
    texts.customerjourneysummary.lastvisit.referrerurl as last_referrer_text,
    json_values.customerjourneysummary.firstvisit.referrerurl as first_referrer_json,
    texts.customerjourneysummary.firstvisit.referrerurl as first_referrer_text,
    json_values.customerjourneysummary.lastvisit.occurredat as last_occurred_json,
    json_values.customerjourneysummary.firstvisit.occurredat as first_occurred_json,
    json_values.test as test_json,
    json_values.refunds as refunds_json
from __touchline_bulk_lines
where
    record_number in (
        select __touchline_bulk_groups.first_number
        from __touchline_bulk_groups
        where __touchline_bulk_groups.is_readable
    )
    and parent_state = 'none'
    and json_values.__parentid is null
