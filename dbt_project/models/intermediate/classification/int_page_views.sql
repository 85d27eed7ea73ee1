-- One row per non-bot page_view event with the key of its hit (landing URL, referrer): the
-- page view's touch is its hit's (int_hits_classified; int_page_views_classified joins them).
-- Incremental by event: a build recomputes the page views of its batch events only.
{{ incremental_config(unique_key='event_id', batch_keys='int_incremental_batch_events') }}
with

pixel_events as (

    select * from {{ ref('stg_pixel_events') }}

),

page_views as (

    select
        event_id,
        visitor_id,
        event_at,
        page_url,
        referrer_url
    from pixel_events
    where event_type = 'page_view'
        and not is_bot
        and {{ in_incremental_batch('event_id', 'int_incremental_batch_events') }}

)

select
    event_id,
    visitor_id,
    event_at,
    {{ classification_hit_key('page_url', 'referrer_url') }} as hit_key
from page_views
