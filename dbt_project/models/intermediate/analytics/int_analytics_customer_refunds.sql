-- The refunds of customers' orders in the reporting currency: one row per refund of an
-- order in int_analytics_customer_orders placed on or before the as-of date (as is its
-- customer's first order), refunded on or before it. A refund is taken into its order's
-- currency (int_refunds_converted; one without the rates to do so counts nowhere, as in
-- visitor_payments) and converted at its order's rate, as in visitor_payments;
-- refund_date is in the reporting time zone.
with

refunds as (
    select * from {{ ref('int_refunds_converted') }}
),

customer_orders as (
    select * from {{ ref('int_analytics_customer_orders') }}
),

as_of as (
    select as_of_date from {{ ref('int_analytics_as_of_date') }}
),

dated_refunds as (
    select
        refund_id,
        order_id,
        refunded_at,
        refund_date,
        refund_amount_order_currency as refund_amount
    from refunds
    where refund_amount_order_currency is not null
),

final as (
    select
        dated_refunds.refund_id,
        dated_refunds.order_id,
        customer_orders.customer_key,
        dated_refunds.refunded_at,
        dated_refunds.refund_date,
        customer_orders.first_order_date,
        {{ dbt.datediff('customer_orders.first_order_date', 'dated_refunds.refund_date', 'day') }}
            as days_since_first_order,
        {{ money_times_within_limit('dated_refunds.refund_amount', 'customer_orders.fx_rate') }}
            as refund_amount_reporting
    from dated_refunds
    inner join customer_orders on customer_orders.order_id = dated_refunds.order_id
    cross join as_of
    where dated_refunds.refund_date <= as_of.as_of_date
      and {{ analytics_customer_order_as_of('customer_orders', 'as_of') }}
)

select * from final
