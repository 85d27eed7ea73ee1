-- One row per session of a human visitor, with its touch and the person it belongs to.
-- A view: a projection of the incremental table below it, so it costs nothing to keep current.
{{ config(materialized='view') }}
with

person_sessions as (
    select * from {{ ref('int_attribution_person_sessions') }}
)

select
    session_id,
    visitor_id,
    person_id,
    started_at,
    ended_at,
    {{ attribution_local_date('started_at') }} as session_date,
    events,
    page_views,
    checkouts,
    landing_url,
    referrer,
    source,
    medium,
    campaign,
    content,
    term,
    campaign_key,
    campaign_id,
    platform,
    ad_platform,
    channel,
    click_id_type,
    click_id,
    is_direct
from person_sessions
