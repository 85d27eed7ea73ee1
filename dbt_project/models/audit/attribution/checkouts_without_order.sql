-- checkout_completed events whose order is not in the order exports: one row per order_id.
-- Orders come only from the exports, so these are counted here, never invented as revenue.
with

checkouts as (
    select * from {{ ref('int_checkout_events') }}
),

orders as (
    select * from {{ ref('stg_orders') }}
)

select
    coalesce(checkouts.order_id, '') as order_id,
    count(*) as checkout_events,
    count(distinct checkouts.visitor_id) as visitors,
    min(checkouts.event_at) as first_checkout_at,
    max(checkouts.pixel_revenue) as pixel_revenue,
    max(checkouts.pixel_currency) as pixel_currency
from checkouts
left join orders on orders.order_id = checkouts.order_id
where orders.order_id is null
group by coalesce(checkouts.order_id, '')
