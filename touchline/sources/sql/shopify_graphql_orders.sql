-- Shopify Admin GraphQL bulk-operation orders mapped by DuckDB (bulk_orders_sql.py), as
-- formats/shopify_admin_api.py (_map_graphql) maps them: each readable group's order line
-- (shopify_graphql_order_lines.sql) read from the lines' columns and checked once, on the terms
-- of a REST order (shopify_rest_orders.sql) without restating it as REST fields:
-- - `id` and `customer.id` reduced as shopify_id() does (`gid://shopify/Order/123` -> `123`);
-- - `currencyCode`, else `totalPriceSet.shopMoney.currencyCode`; `totalPriceSet.shopMoney.amount`;
-- - `displayFinancialStatus` lowercased (plain ASCII only; other text stays as it is, and fails
--   the plain-text check);
-- - the landing site and referrer from the journey's `lastVisit`, else `firstVisit` (each
--   field on its own, as `_visit` reads it);
-- - the order's `email` only (GraphQL's mapping reads no customer email).
-- A value's type is the first character of its JSON text (`"` a string, `[` a list, `t`/`f` a
-- boolean), null when the key is absent or its value null: both absent for Python. The order's
-- journey must make no page view (no `moments`, each visit lacking `occurredAt` or
-- `landingPage`: those orders stay Python's), and its refunds must all be DuckDB's.
create or replace temp table __touchline_json_orders as
with

order_refunds as (
    select
        record_number,
        bool_and(is_taken) as are_plain
    from __touchline_json_refund_rows
    group by record_number
),

order_lines as (
    -- whether a preferred value is set, as Python's text() is not None: present, and not a
    -- string of spaces (else orders_chosen takes the fallback's type and text)
    select
        *,
        coalesce(
            currency_json is not null and (left(currency_json, 1) <> '"' or __touchline_has_text(currency_decoded)), false
        ) as has_currency,
        coalesce(
            last_landing_json is not null and (left(last_landing_json, 1) <> '"' or __touchline_has_text(last_landing_text)),
            false
        ) as has_last_landing,
        coalesce(
            last_referrer_json is not null
            and (left(last_referrer_json, 1) <> '"' or __touchline_has_text(last_referrer_text)),
            false
        ) as has_last_referrer
    from __touchline_bulk_order_lines
),

orders_chosen as (
    select
        order_lines.*,
        left(order_lines.test_json, 1) as test_type,
        left(order_lines.refunds_json, 1) as refunds_type,
        coalesce(order_refunds.are_plain, true) as are_refunds_plain,
        left(order_lines.id_json, 1) as id_type,
        left(order_lines.customer_id_json, 1) as customer_id_type,
        left(order_lines.email_json, 1) as email_type,
        left(order_lines.status_json, 1) as status_type,
        case when starts_with(order_lines.id_decoded, 'gid://')
                then __touchline_gid_tail(order_lines.id_decoded)
            else __touchline_json_text(order_lines.id_json, order_lines.id_decoded)
        end as id_text,
        case when starts_with(order_lines.customer_id_decoded, 'gid://')
                then __touchline_gid_tail(order_lines.customer_id_decoded)
            else __touchline_json_text(order_lines.customer_id_json, order_lines.customer_id_decoded)
        end as customer_id_text,
        case
            when order_lines.has_currency then left(order_lines.currency_json, 1)
            else left(order_lines.money_currency_json, 1)
        end as currency_type,
        case
            when order_lines.has_currency then order_lines.currency_decoded
            else order_lines.money_currency_text
        end as currency_text,
        case
            when order_lines.has_last_landing then left(order_lines.last_landing_json, 1)
            else left(order_lines.first_landing_json, 1)
        end as landing_type,
        case
            when order_lines.has_last_landing then order_lines.last_landing_text
            else order_lines.first_landing_text
        end as landing_text,
        case
            when order_lines.has_last_referrer then left(order_lines.last_referrer_json, 1)
            else left(order_lines.first_referrer_json, 1)
        end as referring_type,
        case
            when order_lines.has_last_referrer then order_lines.last_referrer_text
            else order_lines.first_referrer_text
        end as referring_text,
        case when regexp_full_match(order_lines.status_decoded, '[ -~]*') then lower(order_lines.status_decoded)
            else order_lines.status_decoded
        end as status_text,
        case when regexp_full_match(order_lines.created_text, $timestamp)
                then __touchline_utc(order_lines.created_text)
        end as created_at,
        case when regexp_full_match(order_lines.updated_text, $timestamp)
                then __touchline_utc(order_lines.updated_text)
        end as updated_at
    from order_lines
    left join order_refunds on order_refunds.record_number = order_lines.record_number
),

orders_checked as (
    select
        *,
        coalesce(
            has_unique_keys
            and has_unique_nested_keys
            and not has_moments
            and (last_occurred_json is null or last_landing_json is null)
            and (first_occurred_json is null or first_landing_json is null)
            and are_refunds_plain
            and (
                (id_type <> '"' and regexp_full_match(id_text, $json_integer))
                or (id_type = '"' and regexp_full_match(id_text, $plain_text) and __touchline_has_text(id_text))
            )
            and left(created_json, 1) = '"' and coalesce(created_at between $earliest_at and $latest_at, false)
            and (
                updated_json is null
                or (left(updated_json, 1) = '"' and not __touchline_has_text(updated_text))
                or (left(updated_json, 1) = '"' and coalesce(updated_at between $earliest_at and $latest_at, false))
            )
            and (email_type is null or (email_type = '"' and regexp_full_match(email_text, '[ -~]*')))
            and (
                customer_id_type is null
                or (customer_id_type <> '"' and regexp_full_match(customer_id_text, $json_integer))
                or (
                    customer_id_type = '"'
                    and (regexp_full_match(customer_id_text, $plain_text) or regexp_full_match(customer_id_text, ' *'))
                )
            )
            and currency_type = '"' and regexp_full_match(currency_text, '[A-Za-z]{3}')
            and left(amount_json, 1) = '"' and regexp_full_match(amount_text, $money_text)
            and (
                status_type is null
                or (status_type = '"' and (regexp_full_match(status_text, $plain_text) or status_text = ''))
            )
            and (
                landing_type is null
                or (
                    landing_type = '"' and regexp_full_match(landing_text, '[ -?A-~]*')
                    and not contains(landing_text, '%40') and not contains(landing_text, '%25')
                )
            )
            and (
                referring_type is null
                or (
                    referring_type = '"' and regexp_full_match(referring_text, '[ -?A-~]*')
                    and not contains(referring_text, '%40') and not contains(referring_text, '%25')
                )
            )
            and (test_type is null or test_type in ('t', 'f'))
            and (refunds_type is null or refunds_type = '['),
            false
        ) as is_taken
    from orders_chosen
)

select
    record_number,
    id_text as order_id,
    created_at,
    case when __touchline_has_text(updated_text) then updated_at end as updated_at,
    case when email_type = '"' and __touchline_has_text(email_text) then sha256(lower(__touchline_trimmed(email_text))) end as email_hash,
    case when __touchline_has_text(customer_id_text) then customer_id_text end as customer_id,
    upper(currency_text) as currency,
    cast(amount_text as decimal(18, 4)) as total_price,
    case when __touchline_has_text(status_text) then status_text end as financial_status,
    case when __touchline_has_text(landing_text) then landing_text end as landing_site,
    case when __touchline_has_text(referring_text) then referring_text end as referring_site,
    coalesce(test_type = 't', false) as is_test
from orders_checked
where is_taken
