-- The campaign that each session's touch carries: one row per session whose touch has an ad
-- platform and a campaign (utm_campaign or utm_id). touch_campaign_ref names the touch
-- campaign that spend is matched to: ad platform | utm_id | normalised utm_campaign.
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
        nullif({{ tl_trim_whitespace('campaign') }}, '') as campaign,
        nullif({{ tl_trim_whitespace('campaign_id') }}, '') as touch_campaign_id,
        {{ analytics_campaign_match_key('campaign') }} as campaign_match_key
    from sessions
    where ad_platform is not null
      and not is_direct
),

final as (
    select
        session_id,
        session_date,
        started_at,
        person_id,
        ad_platform,
        channel,
        campaign,
        touch_campaign_id,
        campaign_match_key,
        {{ dbt.concat([
            "ad_platform", "'|'",
            "coalesce(touch_campaign_id, '')", "'|'",
            "coalesce(campaign_match_key, '')"
        ]) }} as touch_campaign_ref
    from campaign_touches
    where campaign_match_key is not null
       or touch_campaign_id is not null
)

select * from final
