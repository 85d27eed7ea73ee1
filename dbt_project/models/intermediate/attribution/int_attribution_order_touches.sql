-- The sessions that can be touches of an order: one row per order and session of the
-- order's person (any of its visitors) that started at or before the order and inside the
-- longer of the first-touch and last-touch windows (attribution.md).
{%- set first_days = var('first_touch_window_days', 365) -%}
{%- set last_days = var('last_touch_lookback_days', 90) -%}
{%- set widest_days = [first_days, last_days] | max %}
{{ incremental_config(unique_key='order_id', batch_keys='int_incremental_batch_attributed_orders') }}
with

orders as (
    select * from {{ ref('int_orders_person') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

order_times as (
    select order_id, ordered_at from {{ ref('int_orders_revenue') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

person_sessions as (
    select * from {{ ref('int_attribution_person_sessions') }}
),

person_orders as (
    select orders.order_id, orders.person_id, order_times.ordered_at
    from orders
    inner join order_times on order_times.order_id = orders.order_id
    where orders.person_id is not null
),

candidates as (
    select
        person_orders.order_id,
        person_orders.ordered_at,
        person_orders.person_id,
        person_sessions.session_id,
        person_sessions.visitor_id,
        person_sessions.started_at,
        person_sessions.is_direct,
        person_sessions.source,
        person_sessions.medium,
        person_sessions.campaign,
        person_sessions.content,
        person_sessions.term,
        person_sessions.campaign_id,
        person_sessions.platform,
        person_sessions.ad_platform,
        person_sessions.channel,
        person_sessions.click_id_type,
        person_sessions.click_id,
        person_sessions.started_at >= {{ dbt.dateadd('day', -first_days, 'person_orders.ordered_at') }}
            as is_in_first_touch_window,
        person_sessions.started_at >= {{ dbt.dateadd('day', -last_days, 'person_orders.ordered_at') }}
            as is_in_last_touch_window
    from person_orders
    inner join person_sessions
        on person_sessions.person_id = person_orders.person_id
        and person_sessions.started_at <= person_orders.ordered_at
        and person_sessions.started_at >= {{ dbt.dateadd('day', -widest_days, 'person_orders.ordered_at') }}
)

select * from candidates
