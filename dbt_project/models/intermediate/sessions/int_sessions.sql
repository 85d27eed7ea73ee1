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
    select * from {{ ref('int_page_views') }}
    where {{ in_incremental_batch('visitor_id', 'int_incremental_batch_visitors') }}
),

-- the touch is stored once per hit (int_hits_classified): the landing page view finds its hit
-- by key, so only the landing views are widened with touch columns, not every page view
-- (int_page_views_classified would join all of them first; landing_url and referrer are its
-- nullif of the hit's URL and referrer)
hits as (
    select * from {{ ref('int_hits_classified') }}
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
        nullif(landing_hits.hit_url, '') as landing_url,
        nullif(landing_hits.hit_referrer, '') as referrer,
        coalesce(landing_hits.source, '(direct)') as source,
        coalesce(landing_hits.medium, '(none)') as medium,
        landing_hits.campaign,
        landing_hits.content,
        landing_hits.term,
        landing_hits.campaign_key,
        landing_hits.campaign_id,
        landing_hits.platform,
        landing_hits.ad_platform,
        coalesce(landing_hits.channel, 'Direct') as channel,
        landing_hits.click_id_type,
        landing_hits.click_id,
        coalesce(landing_hits.is_direct, true) as is_direct
    from session_bounds
    left join page_views as landing_page_views on landing_page_views.event_id = session_bounds.landing_event_id
    left join hits as landing_hits on landing_hits.hit_key = landing_page_views.hit_key
)

select * from final
