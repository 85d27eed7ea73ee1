-- Shopify Admin GraphQL bulk-operation orders mapped by DuckDB (bulk_orders_sql.py), as
-- formats/shopify_admin_api.py (_map_graphql) maps them in Python: each readable group's order
-- line restated as the REST order fields the shared steps check and type
-- (shopify_rest_orders.sql, shopify_rest_refunds.sql), so an order is DuckDB's on the same terms
-- as a REST order (the header of shopify_rest_parsed.sql). The restatement:
-- - `id` and `customer.id` reduced as shopify_id() does (`gid://shopify/Order/123` -> `123`);
--   a reduced string's JSON text is its text in quotes (only its first character, the type, is
--   read: shopify_rest_orders.sql);
-- - `currencyCode`, else `totalPriceSet.shopMoney.currencyCode`; `totalPriceSet.shopMoney.amount`;
--   `displayFinancialStatus` lowercased (plain ASCII only; other text stays as it is, and fails
--   the plain-text check);
-- - the landing site and referrer from the journey's `lastVisit`, else `firstVisit` (each
--   field on its own, as `_visit` reads it);
-- - no customer email (GraphQL's mapping reads only the order's `email`).
-- The order's own journey may make no page view: no `moments`, and each of its visits lacks
-- `occurredAt` or `landingPage`.
create or replace temp table __touchline_json_parsed as
with

readable_groups as (
    select first_number
    from __touchline_bulk_groups
    where is_readable and first_number = record_number
),

order_lines as (
    select
        record_number,
        object_keys,
        has_unique_keys,
        has_unique_nested_keys,
        json_values.id as id_json,
        texts.id as id_text,
        json_values.createdat as created_json,
        texts.createdat as created_text,
        json_values.updatedat as updated_json,
        texts.updatedat as updated_text,
        json_values.email as email_json,
        texts.email as email_text,
        json_values.customer.id as customer_id_json,
        texts.customer.id as customer_id_text,
        json_values.currencycode as currency_json,
        texts.currencycode as currency_text,
        json_values.totalpriceset.shopmoney.currencycode as money_currency_json,
        texts.totalpriceset.shopmoney.currencycode as money_currency_text,
        json_values.totalpriceset.shopmoney.amount as amount_json,
        texts.totalpriceset.shopmoney.amount as amount_text,
        json_values.displayfinancialstatus as status_json,
        texts.displayfinancialstatus as status_text,
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
    where record_number in (select readable_groups.first_number from readable_groups)
      and parent_state = 'none'
      and json_values.__parentid is null
),

orders_checked as (
    select
        *,
        -- Python's text() is not None: present, and not a string of spaces
        coalesce(currency_json is not null and (left(currency_json, 1) <> '"' or trim(currency_text) <> ''), false)
            as has_currency_code,
        coalesce(last_landing_json is not null and (left(last_landing_json, 1) <> '"' or trim(last_landing_text) <> ''), false)
            as has_last_landing,
        coalesce(
            last_referrer_json is not null and (left(last_referrer_json, 1) <> '"' or trim(last_referrer_text) <> ''), false
        ) as has_last_referrer,
        case when starts_with(id_text, 'gid://') then split_part(string_split(id_text, '/')[-1], '?', 1)
            else id_text
        end as order_id,
        case when starts_with(customer_id_text, 'gid://') then split_part(string_split(customer_id_text, '/')[-1], '?', 1)
            else customer_id_text
        end as customer_id,
        has_unique_nested_keys
        and not coalesce(list_contains(object_keys[5], 'moments'), false)
        and (last_occurred_json is null or last_landing_json is null)
        and (first_occurred_json is null or first_landing_json is null) as is_readable
    from order_lines
)

select
    record_number,
    is_readable as is_object,
    has_unique_keys,
    {
        'id': case when left(id_json, 1) = '"' then '"' || order_id || '"' else id_json end,
        'created_at': created_json,
        'updated_at': updated_json,
        'email': email_json,
        -- only whether it is there is read (an object's keys are checked, a non-object reads as no customer)
        'customer': case when object_keys[2] is not null then '{}' end,
        'currency': case when has_currency_code then currency_json else money_currency_json end,
        'total_price': amount_json,
        'financial_status': status_json,
        'landing_site': case when has_last_landing then last_landing_json else first_landing_json end,
        'referring_site': case when has_last_referrer then last_referrer_json else first_referrer_json end,
        'test': test_json,
        'refunds': refunds_json
    } as json_values,
    {
        'id': case when left(id_json, 1) = '"' then order_id else id_text end,
        'created_at': created_text,
        'updated_at': updated_text,
        'email': email_text,
        'currency': case when has_currency_code then currency_text else money_currency_text end,
        'total_price': amount_text,
        'financial_status': case when regexp_full_match(status_text, '[ -~]*') then lower(status_text)
            else status_text
        end,
        'landing_site': case when has_last_landing then last_landing_text else first_landing_text end,
        'referring_site': case when has_last_referrer then last_referrer_text else first_referrer_text end
    } as texts,
    case when regexp_full_match(created_text, $timestamp) then __touchline_utc(created_text) end as created_at,
    case when regexp_full_match(updated_text, $timestamp) then __touchline_utc(updated_text) end as updated_at,
    object_keys[2] as customer_keys,
    {
        'id': case when left(customer_id_json, 1) = '"' then '"' || customer_id || '"' else customer_id_json end,
        'email': cast(null as varchar)
    } as customer_values,
    {
        'id': case when left(customer_id_json, 1) = '"' then customer_id else customer_id_text end,
        'email': cast(null as varchar)
    } as customer_texts
from orders_checked
