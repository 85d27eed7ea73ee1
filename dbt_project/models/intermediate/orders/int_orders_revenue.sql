-- Revenue of every exported order after refunds, in its own currency and in the reporting
-- currency: one row per order (the order's latest exported state). Refunds count in the
-- order's currency (int_refunds_converted); one that cannot be converted for want of a rate
-- counts nowhere until its rate lands (audit.refunds_without_fx_rate).
with

orders as (
    select * from {{ ref('stg_orders') }}
),

refunds as (
    select * from {{ ref('int_refunds_converted') }}
),

fx_rate_periods as (
    select * from {{ ref('int_fx_rate_periods') }}
),

refunds_per_order as (
    select
        order_id,
        count(*) as refund_count,
        sum(refund_amount_order_currency) as refund_total,
        max(refunded_at) as last_refunded_at
    from refunds
    where refund_amount_order_currency is not null
    group by order_id
),

dated_orders as (
    select
        *,
        {{ attribution_local_date('ordered_at') }} as order_date,
        (coalesce(is_voided, false) or coalesce(is_test, false)) as is_excluded_from_revenue
    from orders
),

-- voided and test orders carry no revenue (landing.md), but a refund is money that went back
-- and counts wherever it lands, so such an order's net revenue is minus its refunds and the
-- totals reconcile to "exports' totals minus refunds" (docs/attribution.md)
amounts as (
    select
        dated_orders.order_id,
        dated_orders.ordered_at,
        dated_orders.order_date,
        dated_orders.currency,
        dated_orders.total_price,
        dated_orders.financial_status,
        coalesce(dated_orders.is_voided, false) as is_voided,
        coalesce(dated_orders.is_test, false) as is_test,
        dated_orders.is_excluded_from_revenue,
        coalesce(refunds_per_order.refund_count, 0) as refund_count,
        refunds_per_order.last_refunded_at,
        cast(case when dated_orders.is_excluded_from_revenue then 0 else dated_orders.total_price end
            as decimal(18, 4)) as gross_revenue,
        cast(coalesce(refunds_per_order.refund_total, 0) as decimal(18, 4)) as refunded_amount
    from dated_orders
    left join refunds_per_order on refunds_per_order.order_id = dated_orders.order_id
),

with_rate as (
    {{ fx_rates_joined('amounts', 'order_date', [('fx_rate', 'currency')]) }}
),

-- an amount that its rate takes beyond one record's limit gets no reporting amount (never an
-- overflow that fails every build): audit.amounts_out_of_range names the order's file and line
checked as (
    select
        *,
        fx_rate is not null and not (
            {{ money_times_is_within_limit('gross_revenue', 'fx_rate') }}
            and {{ money_times_is_within_limit('refunded_amount', 'fx_rate') }}
        ) as is_reporting_out_of_range
    from with_rate
),

final as (
    select
        order_id,
        ordered_at,
        order_date,
        currency,
        total_price,
        financial_status,
        is_voided,
        is_test,
        refund_count,
        last_refunded_at,
        gross_revenue,
        refunded_amount,
        cast(gross_revenue - refunded_amount as decimal(18, 4)) as net_revenue,
        refunded_amount > gross_revenue as has_excess_refund,
        fx_rate,
        fx_rate is null as is_missing_fx_rate,
        is_reporting_out_of_range,
        case when not is_reporting_out_of_range then {{ money_times('gross_revenue', 'fx_rate') }} end
            as gross_revenue_reporting,
        case when not is_reporting_out_of_range then {{ money_times('refunded_amount', 'fx_rate') }} end
            as refunded_amount_reporting,
        case when not is_reporting_out_of_range then
            cast({{ money_times('gross_revenue', 'fx_rate') }} - {{ money_times('refunded_amount', 'fx_rate') }} as decimal(18, 4))
        end as net_revenue_reporting
    from checked
)

select * from final
