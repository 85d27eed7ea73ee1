-- the refunds of every record, each with whether DuckDB can take it
create or replace temp table __touchline_json_refund_rows as
with

refunds_read as (
    select
        record_number,
        refund_number,
        json_type(refund) = 'OBJECT' as is_object,
        case when json_type(refund) = 'OBJECT' then json_keys(refund) end as keys,
        case when json_type(refund) = 'OBJECT'
            then json_type(refund, ['$.id', '$.created_at', '$.processed_at', '$.transactions'])
        end as types,
        case when json_type(refund) = 'OBJECT'
            then json_extract_string(refund, ['$.id', '$.created_at', '$.processed_at'])
        end as texts,
        case when json_type(refund, '$.transactions') = 'ARRAY'
            then json_extract(refund, '$.transactions[*]')
        end as transaction_list
    from __touchline_json_refund_items
),

transaction_items as (
    select
        record_number,
        refund_number,
        generate_subscripts(transaction_list, 1) as transaction_number,
        unnest(transaction_list) as transaction
    from refunds_read
    where transaction_list is not null
),

transactions_read as (
    -- Python skips a transaction that is not an object, not a `refund`, or not successful
    select
        record_number,
        refund_number,
        transaction_number,
        json_type(transaction) = 'OBJECT' as is_object,
        case when json_type(transaction) = 'OBJECT' then json_keys(transaction) end as keys,
        case when json_type(transaction) = 'OBJECT'
            then json_type(transaction, ['$.kind', '$.status', '$.amount', '$.currency'])
        end as types,
        case when json_type(transaction) = 'OBJECT'
            then json_extract_string(transaction, ['$.kind', '$.status', '$.amount', '$.currency'])
        end as texts
    from transaction_items
),

transactions_checked as (
    select
        record_number,
        refund_number,
        transaction_number,
        coalesce(
            is_object and types[1] = 'VARCHAR' and texts[1] = 'refund'
            and (coalesce(types[2], 'NULL') = 'NULL' or (types[2] = 'VARCHAR' and texts[2] = 'success')),
            false
        ) as is_counted,
        types[3] as amount_type,
        texts[3] as amount_text,
        types[4] as currency_type,
        texts[4] as currency_text,
        not is_object or len(keys) = len(list_distinct(keys)) as has_unique_keys
    from transactions_read
),

transactions_valued as (
    select
        record_number,
        refund_number,
        transaction_number,
        is_counted,
        coalesce(has_unique_keys and (not is_counted or (
            amount_type = 'VARCHAR' and regexp_full_match(amount_text, $money_text)
            and (coalesce(currency_type, 'NULL') = 'NULL'
                or (currency_type = 'VARCHAR' and regexp_full_match(currency_text, '[A-Za-z]{3}| *')))
        )), false) as is_plain,
        case when is_counted and regexp_full_match(amount_text, $money_text)
            then cast(amount_text as decimal(18, 4))
        end as amount,
        case when is_counted and currency_type = 'VARCHAR' and regexp_full_match(currency_text, '[A-Za-z]{3}')
            then upper(currency_text)
        end as currency
    from transactions_checked
),

refund_money as (
    select
        record_number,
        refund_number,
        bool_and(is_plain) as is_plain,
        sum(amount) filter (where is_counted) as amount,
        arg_min(currency, transaction_number) filter (where currency is not null) as currency
    from transactions_valued
    group by record_number, refund_number
),

refunds_checked as (
    select
        refunds_read.record_number,
        refunds_read.refund_number,
        coalesce(refund_money.amount, 0) as amount,
        refund_money.currency,
        refunds_read.types[1] as id_type,
        refunds_read.texts[1] as id_text,
        -- `created_at`, else `processed_at`
        case
            when refunds_read.types[2] = 'VARCHAR' and trim(refunds_read.texts[2]) <> '' then refunds_read.texts[2]
            when refunds_read.types[3] = 'VARCHAR' and trim(refunds_read.texts[3]) <> '' then refunds_read.texts[3]
        end as refunded_text,
        refunds_read.is_object
        and len(refunds_read.keys) = len(list_distinct(refunds_read.keys))
        and coalesce(refunds_read.types[4], 'NULL') in ('NULL', 'ARRAY')
        and coalesce(refunds_read.types[2], 'NULL') in ('NULL', 'VARCHAR')
        and coalesce(refunds_read.types[3], 'NULL') in ('NULL', 'VARCHAR')
        and coalesce(refund_money.is_plain, true) as is_readable
    from refunds_read
    left join refund_money
        on refund_money.record_number = refunds_read.record_number
        and refund_money.refund_number = refunds_read.refund_number
),

refunds_valued as (
    -- a refund that moved no money is no refund row (a restock), whatever its other values
    select
        record_number,
        refund_number,
        amount,
        currency,
        case when id_type in ('UBIGINT', 'BIGINT') then id_text when trim(id_text) <> '' then id_text end as refund_id,
        case when regexp_full_match(refunded_text, $timestamp) then __touchline_utc(refunded_text) end as refunded_at,
        coalesce(is_readable and (amount = 0 or (
            amount > 0 and amount < $money_limit
            and (
                (id_type in ('UBIGINT', 'BIGINT') and regexp_full_match(id_text, $json_integer))
                or (id_type = 'VARCHAR' and regexp_full_match(id_text, $plain_text) and trim(id_text) <> '')
            )
            and regexp_full_match(refunded_text, $timestamp)
        )), false) as is_plain
    from refunds_checked
),

refunds_timed as (
    select
        *,
        coalesce(is_plain and (amount = 0 or refunded_at between $earliest_at and $latest_at), false) as is_taken
    from refunds_valued
)

select * from refunds_timed
