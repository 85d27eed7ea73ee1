-- The campaign that each session's touch carries: one row per session whose touch has an ad
-- platform and a campaign (utm_campaign or utm_id). touch_campaign_ref names the touch
-- campaign that spend is matched to: ad platform | utm_id | normalised utm_campaign.
-- Reads the mart sessions on purpose (a listed layer exception, docs/architecture.md): the
-- analytics models aggregate the attribution contract, so they reconcile with it by construction.
with

sessions as (
    select * from {{ ref('sessions') }}
),

campaign_touches as (
    select
        session_id,
        session_date,
        started_at,
        person_id,
        ad_platform,
        channel,
        campaign,
        campaign_id
    from sessions
    where ad_platform is not null
      and not is_direct
),

final as (
    {{ analytics_touch_campaigns_from('campaign_touches', ['session_id', 'session_date', 'started_at', 'person_id']) }}
)

select * from final
