-- The moment the conversion statuses are computed at: the latest time in the landed data (an
-- order, a refund, the end of a session). Never the wall clock, so the same files give the
-- same statuses; `touchline conversions export` checks the windows again at the time it runs.
with

orders as (
    select max(ordered_at) as latest_at from {{ ref('int_orders_revenue') }}
),

refunds as (
    select max(refunded_at) as latest_at from {{ ref('stg_refunds') }}
),

sessions as (
    select max(ended_at) as latest_at from {{ ref('int_sessions') }}
),

latest as (
    select latest_at from orders
    union all
    select latest_at from refunds
    union all
    select latest_at from sessions
)

select max(latest_at) as as_of_at
from latest
