-- the orders: every value checked, their refunds all taken
create or replace temp table __touchline_json_orders as
with

orders_read as (
    -- a value's type is the first character of its JSON text (`"` a string, `{` an object, `[`
    -- a list, `t`/`f` a boolean), null when the key is absent or its value null: both absent for
    -- Python. A value taken only as a string is read as the decoded text (another type is not
    -- taken); ids, taken as integers too, from their JSON text
    select
        __touchline_json_parsed.record_number,
        __touchline_json_parsed.has_unique_keys,
        left(json_values.id, 1) as id_type,
        __touchline_json_text(json_values.id, texts.id) as id_text,
        left(json_values.created_at, 1) as created_type,
        texts.created_at as created_text,
        __touchline_json_parsed.created_at,
        left(json_values.updated_at, 1) as updated_type,
        texts.updated_at as updated_text,
        __touchline_json_parsed.updated_at,
        left(json_values.email, 1) as email_type,
        texts.email as email_text,
        __touchline_json_parsed.customer_keys is not null as has_customer,
        __touchline_json_parsed.customer_keys,
        left(customer_values.id, 1) as customer_id_type,
        __touchline_json_text(customer_values.id, customer_texts.id) as customer_id_text,
        left(customer_values.email, 1) as customer_email_type,
        customer_texts.email as customer_email_text,
        left(json_values.currency, 1) as currency_type,
        texts.currency as currency_text,
        left(json_values.total_price, 1) as total_type,
        texts.total_price as total_text,
        left(json_values.financial_status, 1) as status_type,
        texts.financial_status as status_text,
        left(json_values.landing_site, 1) as landing_type,
        texts.landing_site as landing_text,
        left(json_values.referring_site, 1) as referring_type,
        texts.referring_site as referring_text,
        left(json_values.test, 1) as test_type,
        cast(json_values.test as varchar) as test_text,
        left(json_values.refunds, 1) as refunds_type
    from __touchline_json_parsed
    where __touchline_json_parsed.is_object
),

order_refunds as (
    select record_number, bool_and(is_taken) as are_plain
    from __touchline_json_refund_rows
    group by record_number
),

orders_valued as (
    select
        orders_read.*,
        coalesce(order_refunds.are_plain, true) as are_refunds_plain,
        coalesce(
            orders_read.has_customer
            -- (most customers name one or two keys: the count of distinct keys only for more)
            and case when len(orders_read.customer_keys) < 2 then true
                else len(orders_read.customer_keys) = list_unique(orders_read.customer_keys)
            end,
            false
        )
            as has_unique_customer_keys
    from orders_read
    left join order_refunds on order_refunds.record_number = orders_read.record_number
),

orders_checked as (
    select
        *,
        -- `email`, else the customer's
        case
            when email_type = '"' and trim(email_text) <> '' then email_text
            when customer_email_type = '"' and trim(customer_email_text) <> '' then customer_email_text
        end as email,
        coalesce(has_unique_keys
        and (not coalesce(has_customer, false) or has_unique_customer_keys)
        and are_refunds_plain
        and (
            (id_type <> '"' and regexp_full_match(id_text, $json_integer))
            or (id_type = '"' and regexp_full_match(id_text, $plain_text) and trim(id_text) <> '')
        )
        and created_type = '"' and coalesce(created_at between $earliest_at and $latest_at, false)
        and (
            updated_type is null
            or (updated_type = '"' and trim(updated_text) = '')
            or (updated_type = '"' and coalesce(updated_at between $earliest_at and $latest_at, false))
        )
        and (email_type is null or (email_type = '"' and regexp_full_match(email_text, '[ -~]*')))
        and (
            customer_email_type is null
            or (customer_email_type = '"' and regexp_full_match(customer_email_text, '[ -~]*'))
        )
        and (
            customer_id_type is null
            or (customer_id_type <> '"' and regexp_full_match(customer_id_text, $json_integer))
            or (customer_id_type = '"' and (regexp_full_match(customer_id_text, $plain_text) or regexp_full_match(customer_id_text, ' *')))
        )
        and currency_type = '"' and regexp_full_match(currency_text, '[A-Za-z]{3}')
        and total_type = '"' and regexp_full_match(total_text, $money_text)
        and (
            status_type is null
            or (status_type = '"' and (regexp_full_match(status_text, $plain_text) or status_text = ''))
        )
        and (
            landing_type is null
            or (landing_type = '"' and regexp_full_match(landing_text, '[ -?A-~]*')
                and not contains(landing_text, '%40') and not contains(landing_text, '%25'))
        )
        and (
            referring_type is null
            or (referring_type = '"' and regexp_full_match(referring_text, '[ -?A-~]*')
                and not contains(referring_text, '%40') and not contains(referring_text, '%25'))
        )
        and (test_type is null or test_type in ('t', 'f'))
        and (refunds_type is null or refunds_type = '['), false) as is_taken
    from orders_valued
)

select
    record_number,
    id_text as order_id,
    created_at,
    case when trim(updated_text) <> '' then updated_at end as updated_at,
    case when email is not null then sha256(lower(trim(email))) end as email_hash,
    case when trim(customer_id_text) <> '' then customer_id_text end as customer_id,
    upper(currency_text) as currency,
    cast(total_text as decimal(18, 4)) as total_price,
    case when trim(status_text) <> '' then status_text end as financial_status,
    case when trim(landing_text) <> '' then landing_text end as landing_site,
    case when trim(referring_text) <> '' then referring_text end as referring_site,
    coalesce(test_text = 'true', false) as is_test
from orders_checked
where is_taken
