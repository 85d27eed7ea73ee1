-- Every human event that attribution uses, assigned to its visitor's session: one row per
-- event (page_view, identify, checkout_completed; bots excluded). Ordering inside a visitor
-- is by event_at, then event_id, so every build cuts the same sessions. Incremental by
-- visitor: a visitor's sessions depend on that visitor's events only, so a build recuts the
-- whole history of the visitors its batch events name (a late event can split or merge).
{{ incremental_config(unique_key='visitor_id', batch_keys='int_incremental_batch_visitors') }}
with

pixel_events as (
    select * from {{ ref('stg_pixel_events') }}
),

page_views as (
    select * from {{ ref('int_page_views_classified') }}
    where {{ in_incremental_batch('visitor_id', 'int_incremental_batch_visitors') }}
),

human_events as (
    select event_id, visitor_id, event_at, event_type
    from pixel_events
    where not is_bot
      and event_type in ('page_view', 'identify', 'checkout_completed')
      and {{ in_incremental_batch('visitor_id', 'int_incremental_batch_visitors') }}
),

-- a page view brings a touch; only a non-direct one can start a session by itself. The
-- touch identity is what attribution.md compares: source, medium, campaign and click ID.
with_touch as (
    select
        human_events.*,
        case
            when human_events.event_type = 'page_view' and page_views.is_direct = false
                then coalesce(page_views.source, '') || '|' || coalesce(page_views.medium, '')
                    || '|' || coalesce(page_views.campaign, '') || '|' || coalesce(page_views.click_id, '')
        end as non_direct_touch_key
    from human_events
    left join page_views on page_views.event_id = human_events.event_id
),

-- Three passes over each visitor's events in (event_at, event_id) order, each one window
-- specification (one sort): position and gap, then the session starts, then the sessions.
with_previous as (
    select
        *,
        row_number() over visitor_order as event_position,
        lag(event_at) over visitor_order as previous_event_at
    from with_touch
    window visitor_order as (partition by visitor_id order by event_at, event_id)
),

-- first event, or more than the timeout since the previous one: a new session whatever the
-- event is. "More than": a gap of exactly the timeout continues the session.
with_timeout as (
    select
        *,
        (
            previous_event_at is null
            or event_at > {{ dbt.dateadd('minute', var('session_timeout_minutes', 30), 'previous_event_at') }}
        ) as is_timeout_start
    from with_previous
),

-- inside a block of activity (from a timeout start to the next) the current session's touch
-- is the latest non-direct touch seen so far (a session that started direct has none): the
-- latest one before this event, if it came at or after the block's start. A non-direct page
-- view that differs from it starts a new session; direct and internal/payment-gateway page
-- views never do.
with_block_state as (
    select
        *,
        {{ attribution_last_value_ignore_nulls('case when is_timeout_start then event_position end') }} over (
            partition by visitor_id order by event_at, event_id
            rows between unbounded preceding and current row
        ) as block_start_position,
        {{ attribution_last_value_ignore_nulls('case when non_direct_touch_key is not null then event_position end') }} over (
            partition by visitor_id order by event_at, event_id
            rows between unbounded preceding and 1 preceding
        ) as previous_touch_position,
        {{ attribution_last_value_ignore_nulls('non_direct_touch_key') }} over (
            partition by visitor_id order by event_at, event_id
            rows between unbounded preceding and 1 preceding
        ) as previous_touch_key
    from with_timeout
),

with_start as (
    select
        *,
        (
            is_timeout_start
            or (
                non_direct_touch_key is not null
                and (
                    previous_touch_position is null
                    or previous_touch_position < block_start_position
                    or non_direct_touch_key <> previous_touch_key
                )
            )
        ) as is_session_start
    from with_block_state
),

-- a session runs from its start to the next one: its number and its first event
with_session as (
    select
        *,
        cast(sum(case when is_session_start then 1 else 0 end) over session_order as bigint) as session_number,
        {{ attribution_last_value_ignore_nulls('case when is_session_start then event_id end') }} over session_order
            as session_first_event_id
    from with_start
    window session_order as (
        partition by visitor_id order by event_at, event_id
        rows between unbounded preceding and current row
    )
)

select
    event_id,
    visitor_id,
    event_at,
    event_type,
    is_session_start,
    is_timeout_start,
    session_number,
    -- a hash of the visitor and the session's first event: a late event elsewhere in the
    -- visitor's history does not renumber this session
    {{ dbt.hash("visitor_id || '|' || session_first_event_id") }} as session_id
from with_session
