-- Credit of every order to its touches under five models (attribution.md "Multi-touch"):
-- one row per order, model and credited session (session_id null when an order without a
-- non-direct touch has no session to credit). Per order and model, credit sums to exactly 1
-- and net_revenue_credit to exactly the order's net revenue: every touch gets its share
-- rounded to a fixed scale, and the anchor touch (the latest one) takes the remainder.
{%- set half_life_seconds = var('time_decay_half_life_days', 7) * 86400 %}
{{ incremental_config(unique_key='order_id', batch_keys='int_incremental_batch_attributed_orders') }}
with

attributed as (
    select * from {{ ref('int_attribution_orders') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

revenue as (
    select order_id, net_revenue from {{ ref('int_orders_revenue') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

touches as (
    select * from {{ ref('int_attribution_order_touches') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

-- the non-direct touches in the last-touch window, in time order
multi_touches as (
    select
        order_id,
        session_id,
        started_at,
        ordered_at,
        row_number() over (partition by order_id order by started_at, session_id) as touch_position,
        count(*) over (partition by order_id) as touch_count
    from touches
    where not is_direct and is_in_last_touch_window
),

decay_weights as (
    select
        *,
        -- a double divisor: Spark reads `604800.0` as a decimal and rounds the quotient to 6 places
        power(0.5, {{ dbt.datediff('started_at', 'ordered_at', 'second') }} / cast({{ half_life_seconds }} as double)) as decay_weight
    from multi_touches
),

multi_touch_shares as (
    select
        order_id,
        session_id,
        touch_position,
        touch_count,
        1.0 / touch_count as linear_share,
        case
            when touch_count = 1 then 1.0
            when touch_count = 2 then 0.5
            when touch_position = 1 or touch_position = touch_count then 0.4
            else 0.2 / (touch_count - 2)
        end as position_share,
        decay_weight / sum(decay_weight) over (partition by order_id) as time_decay_share
    from decay_weights
),

multi_touch_credits as (
    select order_id, session_id, 'linear' as model, linear_share as share,
        touch_position = touch_count as is_anchor
    from multi_touch_shares
    union all
    select order_id, session_id, 'position_based' as model, position_share as share,
        touch_position = touch_count as is_anchor
    from multi_touch_shares
    union all
    select order_id, session_id, 'time_decay' as model, time_decay_share as share,
        touch_position = touch_count as is_anchor
    from multi_touch_shares
),

-- first and last touch: the order's own first/last touch when it is non-direct and, for
-- the multi-touch models, at least one non-direct touch in the last-touch window
single_touch_credits as (
    select order_id, first_touch_session_id as session_id, 'first_touch' as model, 1.0 as share, true as is_anchor
    from attributed
    where first_touch_source <> '(direct)' and first_touch_session_id is not null
    union all
    select order_id, last_touch_session_id as session_id, 'last_touch' as model, 1.0 as share, true as is_anchor
    from attributed
    where last_touch_source <> '(direct)' and last_touch_session_id is not null
),

models as (
    {{ analytics_attribution_models_select() }}
),

credited as (
    select * from multi_touch_credits
    union all
    select * from single_touch_credits
),

credited_orders as (
    select distinct order_id, model from credited
),

-- an order that a model has no non-direct touch for: one credit of its whole net revenue on
-- its last direct session (or on no session: landing-site and unattributed orders)
fallback_credits as (
    select
        attributed.order_id,
        case when attributed.last_touch_source = '(direct)' then attributed.last_touch_session_id end as session_id,
        models.model,
        1.0 as share,
        true as is_anchor
    from attributed
    cross join models
    left join credited_orders
        on credited_orders.order_id = attributed.order_id
        and credited_orders.model = models.model
    where credited_orders.order_id is null
),

all_credits as (
    select * from credited
    union all
    select * from fallback_credits
),

rounded as (
    select
        all_credits.order_id,
        all_credits.session_id,
        all_credits.model,
        all_credits.is_anchor,
        revenue.net_revenue,
        cast(round(all_credits.share, 10) as decimal(12, 10)) as rounded_credit
    from all_credits
    inner join revenue on revenue.order_id = all_credits.order_id
),

exact_credit as (
    select
        *,
        case
            when is_anchor then cast(1 - (sum(rounded_credit) over (partition by order_id, model) - rounded_credit) as decimal(12, 10))
            else rounded_credit
        end as credit
    from rounded
),

rounded_revenue as (
    select
        *,
        {{ money_times('net_revenue', 'credit') }} as rounded_revenue_credit
    from exact_credit
),

final as (
    select
        order_id,
        session_id,
        model,
        credit,
        case
            when is_anchor then cast(
                net_revenue - (sum(rounded_revenue_credit) over (partition by order_id, model) - rounded_revenue_credit)
                as decimal(18, 4))
            else rounded_revenue_credit
        end as net_revenue_credit,
        is_anchor
    from rounded_revenue
)

select * from final
