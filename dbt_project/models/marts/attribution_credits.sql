-- One row per order, credited touch (session) and attribution model: the share of the order
-- and of its net revenue that the model gives the touch. Each model's credits of one order
-- sum to 1 and to the order's net revenue exactly.
{{ incremental_config(
    unique_key='order_id',
    batch_keys='int_incremental_batch_attributed_orders',
    on_schema_change='fail',
) }}
with

credits as (
    select * from {{ ref('int_attribution_credits') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

revenue as (
    select order_id, ordered_at, order_date, currency, fx_rate, is_reporting_out_of_range
    from {{ ref('int_orders_revenue') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

sessions as (
    select * from {{ ref('int_sessions') }}
)

select
    credits.order_id,
    credits.session_id,
    credits.model,
    credits.credit,
    credits.net_revenue_credit,
    -- a credit is at most its order's amounts, so it fits wherever the order's conversion does
    {{ money_reporting('credits.net_revenue_credit', 'revenue.fx_rate', 'revenue.is_reporting_out_of_range') }}
        as net_revenue_credit_reporting,
    revenue.ordered_at,
    revenue.order_date,
    revenue.currency,
    sessions.visitor_id,
    sessions.started_at as touch_at,
    sessions.source,
    sessions.medium,
    sessions.campaign,
    sessions.campaign_id,
    sessions.platform,
    sessions.ad_platform,
    sessions.channel
from credits
inner join revenue on revenue.order_id = credits.order_id
left join sessions on sessions.session_id = credits.session_id
