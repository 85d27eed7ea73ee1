-- The campaign that each session's touch carries: one row per session whose touch has an ad
-- platform and a campaign (utm_campaign or utm_id). touch_campaign_ref names the touch
-- campaign that spend is matched to: ad platform | utm_id | normalised utm_campaign.
-- Reads int_attribution_person_sessions, the model the mart sessions projects, and dates
-- the session as sessions.session_date does, so its sessions are the mart's.
with

person_sessions as (
    select * from {{ ref('int_attribution_person_sessions') }}
),

campaign_touches as (
    select
        session_id,
        {{ attribution_local_date('started_at') }} as session_date,
        started_at,
        person_id,
        ad_platform,
        channel,
        campaign,
        campaign_id
    from person_sessions
    where ad_platform is not null
      and not is_direct
),

final as (
    {{ analytics_touch_campaigns_from('campaign_touches', ['session_id', 'session_date', 'started_at', 'person_id']) }}
)

select * from final
