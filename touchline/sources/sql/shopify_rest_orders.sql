-- Shopify Admin REST orders mapped by DuckDB (orders_json_sql.py), as formats/shopify_admin_api.py
-- (_map_rest) maps them in Python: one order row per record, one refund per `refunds[]` entry
-- whose successful `refund` transactions move money. An order is DuckDB's only when every value
-- the mapping reads is in a spelling whose SQL value is exactly Python's; any other order goes,
-- whole, to the Python mapping (which loads it or quarantines it with its reason):
-- - each object read (the order, its customer, refunds, transactions) names a key once (Python
--   keeps a repeated key's last value, DuckDB its first);
-- - ids are JSON integers (18 digits at most) or plain printable ASCII text;
-- - times are strings in the landing contract's ISO spelling, inside the run's date window;
-- - amounts are strings of plain decimals (`99.00`), currencies three letters, `test` a boolean;
-- - texts are printable ASCII without `@`, `%40` or `%25` (nothing for the email redaction), an
--   email printable ASCII (it is hashed here, trimmed and lowercased, and never stored);
-- - a refund's money is positive and within the amount limit.
-- Blank texts (spaces only) are absent, as Python's `text()` reads them.
-- A time in the spelling {{timestamp}} checks (ISO, `T` or a space, optional fraction, `Z` or
-- `+HH:MM` or none) as UTC without a zone, as the loader's parser gives it: with an offset, the
-- instant's epoch microseconds (whatever the session's time zone); without one, UTC already.
create or replace temp macro __touchline_utc(value) as
    case
        when right(value, 1) = 'Z' or substr(value, -6, 1) in ('+', '-')
            then make_timestamp(epoch_us(try_cast(value as timestamptz)))
        else try_cast(value as timestamp)
    end;

-- The text Python's `text()` starts from: a string's decoded value, else the JSON text (a
-- number as written; an integer's is Python's str() of it when it has at most 18 digits).
create or replace temp macro __touchline_json_text(value, decoded) as
    case when left(value, 1) = '"' then decoded else cast(value as varchar) end;

-- each record parsed once (the items are a view: read here only): its keys, each value the
-- mapping reads as JSON text and as decoded text, and its customer's
create or replace temp table __touchline_json_parsed as
with

records as (
    select
        record_number,
        is_object,
        case when is_object then json_keys(item) end as keys,
        case when is_object then json_transform(
            item,
            '{"id": "JSON", "created_at": "JSON", "updated_at": "JSON", "email": "JSON", '
        '"customer": "JSON", "currency": "JSON", "total_price": "JSON", '
        '"financial_status": "JSON", "landing_site": "JSON", "referring_site": "JSON", '
        '"test": "JSON", "refunds": "JSON"}'
        ) end as json_values,
        case when is_object then json_transform(
            item,
            '{"id": "VARCHAR", "created_at": "VARCHAR", "updated_at": "VARCHAR", "email": "VARCHAR", '
        '"customer": "VARCHAR", "currency": "VARCHAR", "total_price": "VARCHAR", '
        '"financial_status": "VARCHAR", "landing_site": "VARCHAR", "referring_site": "VARCHAR", '
        '"test": "VARCHAR", "refunds": "VARCHAR"}'
        ) end as texts
    from __touchline_json_items
)

select
    *,
    -- the times, once (an expression a later step names twice may be computed twice)
    case when regexp_full_match(texts.created_at, '{{timestamp}}') then __touchline_utc(texts.created_at) end
        as created_at,
    case when regexp_full_match(texts.updated_at, '{{timestamp}}') then __touchline_utc(texts.updated_at) end
        as updated_at,
    case when left(json_values.customer, 1) = '{' then json_keys(json_values.customer) end as customer_keys,
    case when left(json_values.customer, 1) = '{'
        then json_transform(json_values.customer, '{"id": "JSON", "email": "JSON"}')
    end as customer_values,
    case when left(json_values.customer, 1) = '{'
        then json_transform(json_values.customer, '{"id": "VARCHAR", "email": "VARCHAR"}')
    end as customer_texts
from records;

-- the refunds of every record, each with whether DuckDB can take it
create or replace temp table __touchline_json_refund_rows as
with

refund_lists as (
    select record_number, json_extract(json_values.refunds, '$[*]') as refund_list
    from __touchline_json_parsed
    where left(json_values.refunds, 1) = '['
),

refund_items as (
    select
        record_number,
        generate_subscripts(refund_list, 1) as refund_number,
        unnest(refund_list) as refund
    from refund_lists
),

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
    from refund_items
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
            amount_type = 'VARCHAR' and regexp_full_match(amount_text, '{{money_text}}')
            and (coalesce(currency_type, 'NULL') = 'NULL'
                or (currency_type = 'VARCHAR' and regexp_full_match(currency_text, '[A-Za-z]{3}| *')))
        )), false) as is_plain,
        case when is_counted and regexp_full_match(amount_text, '{{money_text}}')
            then cast(amount_text as {{money_type}})
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
        on refunds_read.record_number = refund_money.record_number
        and refunds_read.refund_number = refund_money.refund_number
),

refunds_valued as (
    -- a refund that moved no money is no refund row (a restock), whatever its other values
    select
        record_number,
        refund_number,
        amount,
        currency,
        case when id_type in ('UBIGINT', 'BIGINT') then id_text when trim(id_text) <> '' then id_text end as refund_id,
        case when regexp_full_match(refunded_text, '{{timestamp}}') then __touchline_utc(refunded_text) end as refunded_at,
        coalesce(is_readable and (amount = 0 or (
            amount > 0 and amount < {{money_limit}}
            and (
                (id_type in ('UBIGINT', 'BIGINT') and regexp_full_match(id_text, '{{json_integer}}'))
                or (id_type = 'VARCHAR' and regexp_full_match(id_text, '{{plain_text}}') and trim(id_text) <> '')
            )
            and regexp_full_match(refunded_text, '{{timestamp}}')
        )), false) as is_plain
    from refunds_checked
),

refunds_timed as (
    select
        *,
        coalesce(is_plain and (amount = 0 or {{refunded_in_window}}), false) as is_taken
    from refunds_valued
)

select * from refunds_timed;

-- the orders: every value checked, their refunds all taken
create or replace temp table __touchline_json_orders as
with

orders_read as (
    -- a value's type is the first character of its JSON text (`"` a string, `{` an object, `[`
    -- a list, `t`/`f` a boolean), null when the key is absent or its value null: both absent for
    -- Python. A value taken only as a string is read as the decoded text (another type is not
    -- taken); ids, taken as integers too, from their JSON text
    select
        record_number,
        len(keys) = len(list_distinct(keys)) as has_unique_keys,
        left(json_values.id, 1) as id_type,
        __touchline_json_text(json_values.id, texts.id) as id_text,
        left(json_values.created_at, 1) as created_type,
        texts.created_at as created_text,
        created_at,
        left(json_values.updated_at, 1) as updated_type,
        texts.updated_at as updated_text,
        updated_at,
        left(json_values.email, 1) as email_type,
        texts.email as email_text,
        left(json_values.customer, 1) = '{' as has_customer,
        customer_keys,
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
    where is_object
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
        coalesce(has_customer and len(customer_keys) = len(list_distinct(customer_keys)), false)
            as has_unique_customer_keys
    from orders_read
    left join order_refunds on orders_read.record_number = order_refunds.record_number
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
            (id_type <> '"' and regexp_full_match(id_text, '{{json_integer}}'))
            or (id_type = '"' and regexp_full_match(id_text, '{{plain_text}}') and trim(id_text) <> '')
        )
        and created_type = '"' and coalesce({{created_in_window}}, false)
        and (
            updated_type is null
            or (updated_type = '"' and trim(updated_text) = '')
            or (updated_type = '"' and coalesce({{updated_in_window}}, false))
        )
        and (email_type is null or (email_type = '"' and regexp_full_match(email_text, '[ -~]*')))
        and (
            customer_email_type is null
            or (customer_email_type = '"' and regexp_full_match(customer_email_text, '[ -~]*'))
        )
        and (
            customer_id_type is null
            or (customer_id_type <> '"' and regexp_full_match(customer_id_text, '{{json_integer}}'))
            or (customer_id_type = '"' and regexp_full_match(customer_id_text, '{{plain_text}}| *'))
        )
        and currency_type = '"' and regexp_full_match(currency_text, '[A-Za-z]{3}')
        and total_type = '"' and regexp_full_match(total_text, '{{money_text}}')
        and (
            status_type is null
            or (status_type = '"' and regexp_full_match(status_text, '{{plain_text}}|'))
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
    cast(total_text as {{money_type}}) as total_price,
    case when trim(status_text) <> '' then status_text end as financial_status,
    case when trim(landing_text) <> '' then landing_text end as landing_site,
    case when trim(referring_text) <> '' then referring_text end as referring_site,
    coalesce(test_text = 'true', false) as is_test
from orders_checked
where is_taken;

create or replace temp table __touchline_json_refunds as
select
    refund_rows.record_number,
    refund_rows.refund_number,
    refund_rows.refund_id,
    orders.order_id,
    refund_rows.refunded_at,
    cast(refund_rows.amount as {{money_type}}) as amount,
    coalesce(refund_rows.currency, orders.currency) as currency
from __touchline_json_refund_rows as refund_rows
inner join __touchline_json_orders as orders on refund_rows.record_number = orders.record_number
where refund_rows.amount <> 0;
