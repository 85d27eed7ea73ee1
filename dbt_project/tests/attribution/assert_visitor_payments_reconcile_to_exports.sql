{{ config(meta={'dagster': {'ref': {'name': 'visitor_payments'}}}) }}  -- an asset check of visitor_payments in Dagster
-- Attribution moves revenue between campaigns, it never creates or loses it: every exported
-- order has exactly one row, and total net revenue equals the exports' totals (total_price
-- of orders that are neither voided nor test) minus every refund of an exported order, to
-- the cent, per currency. Computed from staging, independently of the marts' own logic,
-- except for the conversion of a refund paid in another currency than its order's
-- (int_refunds_converted; one without rates counts nowhere and is audited).
with

orders as (
    select * from {{ ref('stg_orders') }}
),

refunds as (
    select * from {{ ref('stg_refunds') }}
),

converted_refunds as (
    select * from {{ ref('int_refunds_converted') }}
),

payments as (
    select * from {{ ref('visitor_payments') }}
),

export_totals as (
    select
        currency,
        count(*) as orders,
        sum(case when coalesce(is_voided, false) or coalesce(is_test, false) then 0 else total_price end) as total_price
    from orders
    group by currency
),

refund_totals as (
    select
        orders.currency,
        sum(
            case
                when refunds.currency = orders.currency then refunds.refund_amount
                else converted_refunds.refund_amount_order_currency
            end
        ) as refunded
    from refunds
    inner join orders on orders.order_id = refunds.order_id
    inner join converted_refunds on converted_refunds.refund_id = refunds.refund_id
    group by orders.currency
),

mart_totals as (
    select currency, count(*) as orders, count(distinct order_id) as distinct_orders, sum(net_revenue) as net_revenue
    from payments
    group by currency
),

compared as (
    select
        coalesce(export_totals.currency, mart_totals.currency) as currency,
        export_totals.orders as export_orders,
        mart_totals.orders as mart_orders,
        mart_totals.distinct_orders as mart_distinct_orders,
        export_totals.total_price - coalesce(refund_totals.refunded, 0) as expected_net_revenue,
        mart_totals.net_revenue
    from export_totals
    full outer join mart_totals on mart_totals.currency = export_totals.currency
    left join refund_totals on refund_totals.currency = export_totals.currency
)

select *
from compared
where export_orders is null
   or mart_orders is null
   or export_orders <> mart_orders
   or mart_distinct_orders <> mart_orders
   or round(expected_net_revenue, 2) <> round(net_revenue, 2)
