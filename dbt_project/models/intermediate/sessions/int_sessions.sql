-- Sessions with their touch: one row per session (visitor, run of events). The touch is the
-- classification of the session's first page view; a session without a page view (an
-- identify or checkout after the timeout) has a direct touch. Incremental by visitor, like
-- int_sessions_events.
{{ incremental_config(unique_key='visitor_id', batch_keys='int_incremental_batch_visitors') }}
with

session_events as (
    select * from {{ ref('int_sessions_events') }}
    where {{ in_incremental_batch('visitor_id', 'int_incremental_batch_visitors') }}
),

page_views as (
    select * from {{ ref('int_page_views_classified') }}
    where {{ in_incremental_batch('visitor_id', 'int_incremental_batch_visitors') }}
),

-- the landing page view is found by the aggregate, not by ranking every page view in a window:
-- only the landing views' touch columns are read back (3.8M of 7.8M rows at 10M events)
session_bounds as (
    select
        session_id,
        visitor_id,
        min(event_at) as started_at,
        max(event_at) as ended_at,
        cast(count(*) as bigint) as events,
        cast(sum(case when event_type = 'page_view' then 1 else 0 end) as bigint) as page_views,
        cast(sum(case when event_type = 'checkout_completed' then 1 else 0 end) as bigint) as checkouts,
        {{ attribution_first_by('event_id', ['event_at', 'event_id'], "event_type = 'page_view'") }} as landing_event_id
    from session_events
    group by session_id, visitor_id
),

final as (
    select
        session_bounds.session_id,
        session_bounds.visitor_id,
        session_bounds.started_at,
        session_bounds.ended_at,
        session_bounds.events,
        session_bounds.page_views,
        session_bounds.checkouts,
        session_bounds.landing_event_id,
        first_page_views.page_url as landing_url,
        first_page_views.referrer_url as referrer,
        coalesce(first_page_views.source, '(direct)') as source,
        coalesce(first_page_views.medium, '(none)') as medium,
        first_page_views.campaign,
        first_page_views.content,
        first_page_views.term,
        first_page_views.campaign_key,
        first_page_views.campaign_id,
        first_page_views.platform,
        first_page_views.ad_platform,
        coalesce(first_page_views.channel, 'Direct') as channel,
        first_page_views.click_id_type,
        first_page_views.click_id,
        coalesce(first_page_views.is_direct, true) as is_direct
    from session_bounds
    left join page_views as first_page_views on first_page_views.event_id = session_bounds.landing_event_id
)

select * from final
