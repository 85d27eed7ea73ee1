-- Per order: is it the person's first order, and how long and how many sessions it took
-- from the first touch to the order. One row per order.
{{ incremental_config(unique_key='order_id', batch_keys='int_incremental_batch_attributed_orders') }}
with

orders as (
    select * from {{ ref('int_orders_person') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

revenue as (
    select order_id, ordered_at, is_voided, is_test from {{ ref('int_orders_revenue') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

attributed as (
    select * from {{ ref('int_attribution_orders') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

touches as (
    select * from {{ ref('int_attribution_order_touches') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

-- the person's earliest order, voided and test orders aside, ties broken by order_id; an
-- order without a person is the only order known of its buyer
ranked_orders as (
    select
        orders.order_id,
        revenue.is_voided or revenue.is_test as is_excluded,
        case when not (revenue.is_voided or revenue.is_test) then row_number() over (
            partition by coalesce(orders.person_id, 'order:' || orders.order_id), (revenue.is_voided or revenue.is_test)
            order by revenue.ordered_at, orders.order_id
        ) end as order_rank
    from orders
    inner join revenue on revenue.order_id = orders.order_id
),

-- the person's sessions from the first touch's session to the order, both counted
sessions_since_first_touch as (
    select attributed.order_id, cast(count(*) as bigint) as sessions_to_convert
    from attributed
    inner join touches
        on touches.order_id = attributed.order_id
        and touches.started_at >= attributed.first_touch_at
    where attributed.first_touch_at is not null
    group by attributed.order_id
)

select
    ranked_orders.order_id,
    coalesce(ranked_orders.order_rank = 1, false) as is_first_order,
    -- whole days elapsed, not calendar boundaries crossed
    case
        when attributed.first_touch_at is not null
            then cast(floor({{ dbt.datediff('attributed.first_touch_at', 'attributed.ordered_at', 'second') }} / 86400) as integer)
    end as days_to_convert,
    sessions_since_first_touch.sessions_to_convert
from ranked_orders
inner join attributed on attributed.order_id = ranked_orders.order_id
left join sessions_since_first_touch on sessions_since_first_touch.order_id = ranked_orders.order_id
