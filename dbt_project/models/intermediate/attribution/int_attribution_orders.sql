-- First touch, last touch and attribution status of every exported order (attribution.md):
-- one row per order. Touch columns are null for unattributed orders. A direct touch keeps
-- the session it stands for (the earliest / latest session in the window) in _session_id,
-- so that credits can land on it, but has no _at.
{%- set touch_columns = attribution_touch_columns() %}
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

touches as (
    select * from {{ ref('int_attribution_order_touches') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

person_sessions as (
    select * from {{ ref('int_attribution_person_sessions') }}
),

landing_site_touches as (
    select * from {{ ref('int_attribution_landing_site_touches') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

person_first_session as (
    select person_id, min(started_at) as first_session_at
    from person_sessions
    {%- if is_incremental() %}
    where person_id in (select orders.person_id from orders)
    {%- endif %}
    group by person_id
),

ranked as (
    select
        *,
        -- earliest non-direct touch in the first-touch window; ties by session id
        case when not is_direct and is_in_first_touch_window then row_number() over (
            partition by order_id, (not is_direct and is_in_first_touch_window)
            order by started_at, session_id
        ) end as first_non_direct_rank,
        -- latest non-direct touch in the last-touch window
        case when not is_direct and is_in_last_touch_window then row_number() over (
            partition by order_id, (not is_direct and is_in_last_touch_window)
            order by started_at desc, session_id desc
        ) end as last_non_direct_rank,
        -- earliest and latest session of any kind in the windows: where a direct touch sits
        case when is_in_first_touch_window then row_number() over (
            partition by order_id, is_in_first_touch_window
            order by started_at, session_id
        ) end as first_session_rank,
        case when is_in_last_touch_window then row_number() over (
            partition by order_id, is_in_last_touch_window
            order by started_at desc, session_id desc
        ) end as last_session_rank
    from touches
),

first_non_direct as (
    select * from ranked where first_non_direct_rank = 1
),

last_non_direct as (
    select * from ranked where last_non_direct_rank = 1
),

first_session as (
    select * from ranked where first_session_rank = 1
),

last_session as (
    select * from ranked where last_session_rank = 1
),

base as (
    select
        orders.order_id,
        orders.person_id,
        order_times.ordered_at,
        coalesce(person_first_session.first_session_at <= order_times.ordered_at, false) as has_sessions,
        first_non_direct.session_id is not null or last_non_direct.session_id is not null as has_non_direct_touch,
        landing_site_touches.order_id is not null as has_landing_site_touch
    from orders
    inner join order_times on order_times.order_id = orders.order_id
    left join person_first_session on person_first_session.person_id = orders.person_id
    left join first_non_direct on first_non_direct.order_id = orders.order_id
    left join last_non_direct on last_non_direct.order_id = orders.order_id
    left join landing_site_touches on landing_site_touches.order_id = orders.order_id
),

with_status as (
    select
        *,
        case
            when has_non_direct_touch then 'attributed'
            when has_sessions then 'direct'
            when has_landing_site_touch then 'landing_site'
            else 'unattributed'
        end as attribution_status
    from base
),

final as (
    select
        with_status.order_id,
        with_status.person_id,
        with_status.ordered_at,
        with_status.attribution_status,
        with_status.has_sessions,
        {%- for side in ['first', 'last'] %}
        {%- set non_direct = side ~ '_non_direct' %}
        {%- set any_session = side ~ '_session' %}
        case
            when with_status.attribution_status = 'landing_site' then null
            when {{ non_direct }}.session_id is not null then {{ non_direct }}.session_id
            when with_status.attribution_status in ('attributed', 'direct') then {{ any_session }}.session_id
        end as {{ side }}_touch_session_id,
        -- a direct touch and a landing-site touch have no time of their own
        case when {{ non_direct }}.session_id is not null then {{ non_direct }}.started_at end as {{ side }}_touch_at,
        {%- for column in touch_columns %}
        case
            when with_status.attribution_status = 'landing_site' then landing_site_touches.{{ column }}
            when {{ non_direct }}.session_id is not null then {{ non_direct }}.{{ column }}
            {%- if column == 'source' %}
            when with_status.attribution_status in ('attributed', 'direct') then '(direct)'
            {%- elif column == 'medium' %}
            when with_status.attribution_status in ('attributed', 'direct') then '(none)'
            {%- elif column == 'channel' %}
            when with_status.attribution_status in ('attributed', 'direct') then 'Direct'
            {%- endif %}
        end as {{ side }}_touch_{{ column }},
        {%- endfor %}
        {%- endfor %}
        with_status.has_landing_site_touch
    from with_status
    left join first_non_direct on first_non_direct.order_id = with_status.order_id
    left join last_non_direct on last_non_direct.order_id = with_status.order_id
    left join first_session on first_session.order_id = with_status.order_id
    left join last_session on last_session.order_id = with_status.order_id
    left join landing_site_touches on landing_site_touches.order_id = with_status.order_id
)

select * from final
