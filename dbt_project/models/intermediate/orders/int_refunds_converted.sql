-- Every refund of an exported order in its order's currency (attribution.md): one row per
-- refund. A refund in the order's currency counts as it is. A refund in another currency is
-- converted on its refund date through the reporting currency: amount × rate(refund currency)
-- ÷ rate(order currency), each the latest landed rate at or before that date (the reporting
-- currency's is 1). When either rate is missing the refund is not converted at 1 or guessed:
-- refund_amount_order_currency is null, it counts in no revenue, and it is listed in
-- audit.refunds_without_fx_rate until a rate lands (the next build applies it). A refund
-- that the rates would take beyond one record's limit (money_record_limit) counts nowhere
-- either (is_out_of_range, audit.amounts_out_of_range).
with

refunds as (
    select * from {{ ref('stg_refunds') }}
),

orders as (
    select * from {{ ref('stg_orders') }}
),

fx_rate_periods as (
    select * from {{ ref('int_fx_rate_periods') }}
),

order_refunds as (
    select
        refunds.refund_id,
        refunds.order_id,
        refunds.refunded_at,
        {{ attribution_local_date('refunds.refunded_at') }} as refund_date,
        refunds.currency,
        refunds.refund_amount,
        orders.currency as order_currency,
        refunds.file_path,
        refunds.line_number
    from refunds
    inner join orders on orders.order_id = refunds.order_id
),

-- the refund's rate and its order currency's rate, both on the refund's day
with_rates as (
    {{ fx_rates_joined('order_refunds', 'refund_date', [
        ('refund_fx_rate', 'currency'),
        ('order_currency_fx_rate', 'order_currency'),
    ]) }}
),

checked as (
    select
        *,
        currency <> order_currency and (refund_fx_rate is null or order_currency_fx_rate is null)
            as is_missing_fx_rate,
        -- amount × rate ÷ rate beyond one record's limit (compared without dividing): not
        -- converted, never an overflow; audit.amounts_out_of_range names its file and line
        currency <> order_currency and refund_fx_rate is not null and order_currency_fx_rate is not null
            and abs(cast(refund_amount as decimal(38, 4)) * cast(refund_fx_rate as decimal(38, 10)))
                >= {{ money_record_limit() }} * cast(order_currency_fx_rate as decimal(38, 10))
            as is_out_of_range
    from with_rates
),

final as (
    select
        refund_id,
        order_id,
        refunded_at,
        refund_date,
        currency,
        refund_amount,
        order_currency,
        currency <> order_currency as is_converted,
        case when currency <> order_currency then refund_fx_rate end as refund_fx_rate,
        case when currency <> order_currency then order_currency_fx_rate end as order_currency_fx_rate,
        case
            when currency = order_currency then refund_amount
            when not is_missing_fx_rate and not is_out_of_range
                then {{ money_times_ratio('refund_amount', 'refund_fx_rate', 'order_currency_fx_rate') }}
        end as refund_amount_order_currency,
        is_missing_fx_rate,
        is_out_of_range,
        file_path,
        line_number
    from checked
)

select * from final
