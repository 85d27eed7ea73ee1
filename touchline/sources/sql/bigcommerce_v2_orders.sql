-- BigCommerce v2 orders mapped by DuckDB (orders_json_sql.py), as formats/bigcommerce.py maps
-- them in Python: one order row per record, and one refund `<id>-refunded` when
-- `refunded_amount` is positive (bigcommerce_v2_refunds.sql). An order is DuckDB's only when
-- every value the mapping reads is in a spelling whose SQL value is exactly Python's; any other
-- order goes, whole, to the Python mapping (which loads it or quarantines it with its reason):
-- - the order and its `billing_address` name each key once (Python keeps a repeated key's last
--   value, DuckDB its first);
-- - ids are JSON integers (18 digits at most) or plain printable ASCII text, `status_id` a JSON
--   integer (Python reads `status` when it is not one);
-- - times are RFC 2822 as BigCommerce writes them, `Mon, 15 Jan 2024 10:30:00 +0000` (a
--   two-digit day, an English day and month name, a four-digit year from 1900, a
--   `+HHMM`/`-HHMM` offset of at most 23:59), real days, inside the run's date window; the day
--   name is not checked against the date, as Python does not check it;
-- - amounts are strings of plain decimals, the currency three letters;
-- - the billing email is printable ASCII (hashed here, trimmed and lowercased; never stored).
-- Blank texts (spaces only) are absent, as Python's `text()` reads them.
create or replace temp table __touchline_json_orders as
with

orders_read as (
    -- the records read (bigcommerce_v2_parsed.sql, or _typed_parsed.sql from the typed reader);
    -- a value's type is the first character of its JSON text (`"` a string), null when the key
    -- is absent or its value null (both absent for Python)
    select
        record_number,
        has_unique_keys,
        left(json_values.id, 1) as id_type,
        __touchline_json_text(json_values.id, texts.id) as id_text,
        left(json_values.status_id, 1) as status_type,
        texts.status_id as status_text,
        left(json_values.date_created, 1) as created_type,
        texts.date_created as created_text,
        left(json_values.date_modified, 1) as modified_type,
        texts.date_modified as modified_text,
        left(json_values.currency_code, 1) as currency_type,
        texts.currency_code as currency_text,
        left(json_values.total_inc_tax, 1) as total_type,
        texts.total_inc_tax as total_text,
        left(json_values.customer_id, 1) as customer_type,
        __touchline_json_text(json_values.customer_id, texts.customer_id) as customer_text,
        has_unique_billing_keys,
        left(email_json, 1) as email_type,
        email_text,
        left(json_values.refunded_amount, 1) as refunded_type,
        texts.refunded_amount as refunded_text,
        coalesce(cast(json_values.is_deleted as varchar) = 'true', false) as is_deleted
    from __touchline_json_parsed
    where is_object
),

orders_timed as (
    select
        *,
        case when regexp_full_match(created_text, $bigcommerce_time)
            then make_timestamp(epoch_us(try_strptime(created_text, '%a, %d %b %Y %H:%M:%S %z')))
        end as created_at,
        case when regexp_full_match(modified_text, $bigcommerce_time)
            then make_timestamp(epoch_us(try_strptime(modified_text, '%a, %d %b %Y %H:%M:%S %z')))
        end as modified_at,
        case when refunded_type = '"' and regexp_full_match(refunded_text, $money_text)
            then cast(refunded_text as decimal(18, 4))
        end as refunded_amount
    from orders_read
),

orders_valued as (
    select
        *,
        coalesce(
            has_unique_keys
            and (
                (id_type <> '"' and regexp_full_match(id_text, $json_integer))
                or (id_type = '"' and regexp_full_match(id_text, $plain_text) and trim(id_text) <> '')
            )
            and status_type <> '"' and regexp_full_match(status_text, $json_integer)
            and currency_type = '"' and regexp_full_match(currency_text, '[A-Za-z]{3}')
            and total_type = '"' and regexp_full_match(total_text, $money_text)
            and created_type = '"' and created_at between $earliest_at and $latest_at
            and (
                modified_type is null
                or (modified_type = '"' and trim(modified_text) = '')
                or (modified_type = '"' and modified_at between $earliest_at and $latest_at)
            )
            and (
                customer_type is null
                or (customer_type <> '"' and regexp_full_match(customer_text, $json_integer))
                or (customer_type = '"' and regexp_full_match(customer_text, ' *|' || $plain_text))
            )
            and has_unique_billing_keys
            and (email_type is null or (email_type = '"' and regexp_full_match(email_text, '[ -~]*')))
            and (
                refunded_type is null
                or (refunded_type = '"' and (trim(refunded_text) = '' or refunded_amount is not null))
            ),
            false
        ) as is_taken
    from orders_timed
)

select
    record_number,
    id_text as order_id,
    created_at,
    modified_at as updated_at,
    case when trim(email_text) <> '' then sha256(lower(trim(email_text))) end as email_hash,
    case when trim(customer_text) <> '' and customer_text <> '0' then customer_text end as customer_id,
    upper(currency_text) as currency,
    cast(total_text as decimal(18, 4)) as total_price,
    -- `status_id` as _STATUS maps it (others paid); a deleted order is voided
    case
        when is_deleted then 'voided'
        when status_text = '4' then 'refunded'
        when status_text = '14' then 'partially_refunded'
        when status_text in ('5', '6') then 'voided'
        when status_text in ('0', '1', '7') then 'pending'
        else 'paid'
    end as financial_status,
    cast(null as varchar) as landing_site,
    cast(null as varchar) as referring_site,
    false as is_test,
    case when refunded_amount > 0 then refunded_text end as refunded_text,
    coalesce(modified_at, created_at) as refunded_at
from orders_valued
where is_taken
