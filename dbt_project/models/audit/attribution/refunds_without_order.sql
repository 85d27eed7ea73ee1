-- Refunds whose order has not arrived in the exports yet: one row per refund. They stay in
-- staging and apply as soon as the order lands.
with

refunds as (
    select * from {{ ref('stg_refunds') }}
),

orders as (
    select * from {{ ref('stg_orders') }}
)

select
    refunds.refund_id,
    refunds.order_id,
    refunds.refunded_at,
    refunds.refund_amount,
    refunds.currency,
    refunds.file_path
from refunds
left join orders on orders.order_id = refunds.order_id
where orders.order_id is null
