-- One row per person: when the person was first seen and the person's first-ever non-direct
-- touch (no window: this is the person's acquisition touch, not an order's).
-- Incremental by person: a build recomputes the persons of its batch
-- (int_incremental_batch_persons), which include every person the build can have retired
-- (merged away, split, blocked): recomputed, such a person has no row.
{{ incremental_config(
    unique_key='person_id',
    batch_keys='int_incremental_batch_persons',
    on_schema_change='fail',
) }}
with

components as (
    select * from {{ ref('int_identity_components') }}
    where {{ in_incremental_batch('person_id', 'int_incremental_batch_persons') }}
),

person_sessions as (
    select * from {{ ref('int_attribution_person_sessions') }}
    where {{ in_incremental_batch('person_id', 'int_incremental_batch_persons') }}
),

order_people as (
    select * from {{ ref('int_orders_person') }}
    where {{ in_incremental_batch('person_id', 'int_incremental_batch_persons') }}
),

order_times as (
    select order_id, ordered_at from {{ ref('int_orders_revenue') }}
),

people as (
    select
        person_id,
        cast(count(*) as bigint) as identifiers,
        cast(sum(case when identifier_type = 'visitor_id' then 1 else 0 end) as bigint) as visitors
    from components
    group by person_id
),

-- the first non-direct session (by start, then id) is found by the same aggregate, not by
-- ranking every session in a window: only the first touches' columns are read back
session_activity as (
    select
        person_id,
        min(started_at) as first_session_at,
        cast(count(*) as bigint) as sessions,
        {{ attribution_first_by('session_id', ['started_at', 'session_id'], 'not is_direct') }} as first_touch_session_id
    from person_sessions
    group by person_id
),

order_activity as (
    select order_people.person_id, min(order_times.ordered_at) as first_ordered_at, cast(count(*) as bigint) as orders
    from order_people
    inner join order_times on order_times.order_id = order_people.order_id
    where order_people.person_id is not null
    group by order_people.person_id
),

first_touches as (
    select person_sessions.*
    from person_sessions
    inner join session_activity
        on session_activity.person_id = person_sessions.person_id
        and session_activity.first_touch_session_id = person_sessions.session_id
)

select
    people.person_id,
    case
        when order_activity.first_ordered_at is null then session_activity.first_session_at
        when session_activity.first_session_at is null then order_activity.first_ordered_at
        when session_activity.first_session_at < order_activity.first_ordered_at then session_activity.first_session_at
        else order_activity.first_ordered_at
    end as first_seen_at,
    people.visitors,
    people.identifiers,
    coalesce(session_activity.sessions, 0) as sessions,
    coalesce(order_activity.orders, 0) as orders,
    first_touches.session_id as first_touch_session_id,
    first_touches.visitor_id as first_touch_visitor_id,
    first_touches.started_at as first_touch_at,
    {%- for column in attribution_touch_columns() %}
    first_touches.{{ column }} as first_touch_{{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
from people
left join session_activity on session_activity.person_id = people.person_id
left join order_activity on order_activity.person_id = people.person_id
left join first_touches on first_touches.person_id = people.person_id
