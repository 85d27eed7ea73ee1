-- The touch campaigns: one row per ad platform, utm_id and normalised utm_campaign seen on
-- sessions. `campaign` is the spelling most sessions carried (ties: the first in sort order).
with

session_campaigns as (
    select * from {{ ref('int_analytics_session_campaigns') }}
),

spellings as (
    select
        touch_campaign_ref,
        campaign,
        row_number() over (
            partition by touch_campaign_ref
            order by count(*) desc, campaign
        ) as spelling_rank
    from session_campaigns
    group by touch_campaign_ref, campaign
),

totals as (
    select
        touch_campaign_ref,
        ad_platform,
        touch_campaign_id,
        campaign_match_key,
        cast(count(*) as bigint) as sessions,
        min(session_date) as first_session_date,
        max(session_date) as last_session_date
    from session_campaigns
    group by touch_campaign_ref, ad_platform, touch_campaign_id, campaign_match_key
),

final as (
    select
        totals.touch_campaign_ref,
        totals.ad_platform,
        totals.touch_campaign_id,
        spellings.campaign,
        totals.campaign_match_key,
        totals.sessions,
        totals.first_session_date,
        totals.last_session_date
    from totals
    inner join spellings
        on spellings.touch_campaign_ref = totals.touch_campaign_ref
        and spellings.spelling_rank = 1
)

select * from final
