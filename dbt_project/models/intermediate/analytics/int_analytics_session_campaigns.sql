-- The campaign that each session's touch carries: one row per session whose touch has an ad
-- platform and a campaign (utm_campaign or utm_id). touch_campaign_ref names the touch
-- campaign that spend is matched to: ad platform | utm_id | normalised utm_campaign.
-- Reads int_attribution_person_sessions, the model the mart sessions projects, and dates
-- the session as sessions.session_date does, so its sessions are the mart's.
--
-- Incremental by visitor, as int_attribution_person_sessions is: a row is a function of its
-- session's row there alone, so a build recomputes the visitors that model recomputed
-- (int_incremental_batch_person_visitors). Rebuilt whole, it was the nightly's costliest
-- table at 10 M events (docs/benchmarks.md, issue 20 twelfth round).
{{ incremental_config(unique_key='visitor_id', batch_keys='int_incremental_batch_person_visitors') }}
with

person_sessions as (
    select * from {{ ref('int_attribution_person_sessions') }}
    where {{ in_incremental_batch('visitor_id', 'int_incremental_batch_person_visitors') }}
),

campaign_touches as (
    select
        session_id,
        visitor_id,
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
    {{ analytics_touch_campaigns_from('campaign_touches', ['session_id', 'visitor_id', 'session_date', 'started_at', 'person_id']) }}
)

select * from final
