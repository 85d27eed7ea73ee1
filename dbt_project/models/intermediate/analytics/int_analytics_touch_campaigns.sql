-- The touch campaigns: one row per ad platform, utm_id and normalised utm_campaign seen on
-- sessions or on the landing sites of orders attributed by them (orders without sessions).
-- `campaign` is the spelling most touches carried (ties: the first in sort order).
with

session_campaigns as (
    select * from {{ ref('int_analytics_session_campaigns') }}
),

landing_site_campaigns as (
    select * from {{ ref('int_analytics_landing_site_campaigns') }}
),

touches as (
    select touch_campaign_ref, ad_platform, touch_campaign_id, campaign_match_key, campaign,
        session_date as touch_date, 1 as is_session
    from session_campaigns
    union all
    select touch_campaign_ref, ad_platform, touch_campaign_id, campaign_match_key, campaign,
        order_date as touch_date, 0 as is_session
    from landing_site_campaigns
),

spellings as (
    select
        touch_campaign_ref,
        campaign,
        row_number() over (
            partition by touch_campaign_ref
            order by count(*) desc, campaign
        ) as spelling_rank
    from touches
    group by touch_campaign_ref, campaign
),

totals as (
    select
        touch_campaign_ref,
        ad_platform,
        touch_campaign_id,
        campaign_match_key,
        cast(sum(is_session) as bigint) as sessions,
        cast(count(*) - sum(is_session) as bigint) as landing_site_orders,
        min(touch_date) as first_touch_date,
        max(touch_date) as last_touch_date
    from touches
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
        totals.landing_site_orders,
        totals.first_touch_date,
        totals.last_touch_date
    from totals
    inner join spellings
        on spellings.touch_campaign_ref = totals.touch_campaign_ref
        and spellings.spelling_rank = 1
)

select * from final
