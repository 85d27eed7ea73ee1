-- the refunds of every order line read (shopify_graphql_refund_items.sql), each with whether DuckDB
-- can take it, as _map_graphql reads them: a refund whose `totalRefundedSet.shopMoney.amount`
-- is absent, blank, `0`, `0.0` or `0.00` moved no money and is no refund row; any other is one,
-- with its reduced `id`, `createdAt` and the shop-money currency, else the order's
create or replace temp table __touchline_json_refund_rows as
with

refunds_read as (
    select
        record_number,
        refund_number,
        left(refund, 1) = '{' as is_object,
        json_keys(refund, ['$', '$.totalRefundedSet', '$.totalRefundedSet.shopMoney']) as object_keys,
        json_extract(
            refund, ['$.id', '$.createdAt', '$.totalRefundedSet.shopMoney.amount', '$.totalRefundedSet.shopMoney.currencyCode']
        ) as json_list,
        json_extract_string(
            refund, ['$.id', '$.createdAt', '$.totalRefundedSet.shopMoney.amount', '$.totalRefundedSet.shopMoney.currencyCode']
        ) as text_list
    from __touchline_json_refund_items
),

refunds_valued as (
    select
        record_number,
        refund_number,
        is_object
        and len(object_keys[1]) = len(list_distinct(object_keys[1]))
        and coalesce(len(object_keys[2]) = len(list_distinct(object_keys[2])), true)
        and coalesce(len(object_keys[3]) = len(list_distinct(object_keys[3])), true) as is_readable,
        nullif(json_list[1], 'null') as id_json,
        text_list[1] as id_text,
        nullif(json_list[2], 'null') as created_json,
        text_list[2] as created_text,
        nullif(json_list[3], 'null') as amount_json,
        text_list[3] as amount_text,
        nullif(json_list[4], 'null') as currency_json,
        text_list[4] as currency_text,
        -- moved no money: Python's text() of the amount is None or one of three spellings of 0
        coalesce(json_list[3], 'null') = 'null'
        or (left(json_list[3], 1) = '"' and (trim(text_list[3]) = '' or text_list[3] in ('0', '0.0', '0.00')))
            as is_restock
    from refunds_read
),

refunds_checked as (
    select
        record_number,
        refund_number,
        is_readable,
        is_restock,
        id_json,
        id_text,
        created_json,
        created_text,
        case when starts_with(id_text, 'gid://') then __touchline_gid_tail(id_text)
            else id_text
        end as reduced_id,
        case when not is_restock and left(amount_json, 1) = '"' and regexp_full_match(amount_text, $money_text)
            then cast(amount_text as decimal(18, 4))
        end as amount,
        case
            when currency_json is null or (left(currency_json, 1) = '"' and trim(currency_text) = '') then 'order'
            when left(currency_json, 1) = '"' and regexp_full_match(currency_text, '[A-Za-z]{3}') then 'own'
        end as currency_source,
        upper(currency_text) as own_currency
    from refunds_valued
),

refunds_typed as (
    select
        record_number,
        refund_number,
        case when is_restock then 0 else amount end as amount,
        case when currency_source = 'own' then own_currency end as currency,
        case when left(id_json, 1) = '"' then reduced_id else cast(id_json as varchar) end as refund_id,
        case when regexp_full_match(created_text, $timestamp) then __touchline_utc(created_text) end as refunded_at,
        coalesce(is_readable and (is_restock or (
            amount > 0 and amount < $money_limit
            and currency_source is not null
            and (
                (left(id_json, 1) <> '"' and regexp_full_match(cast(id_json as varchar), $json_integer))
                or (left(id_json, 1) = '"' and regexp_full_match(reduced_id, $plain_text) and trim(reduced_id) <> '')
            )
            and left(created_json, 1) = '"' and regexp_full_match(created_text, $timestamp)
        )), false) as is_plain
    from refunds_checked
)

select
    *,
    coalesce(is_plain and (amount = 0 or refunded_at between $earliest_at and $latest_at), false) as is_taken
from refunds_typed
