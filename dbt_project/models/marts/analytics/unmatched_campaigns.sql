-- Campaigns that matching could not pair (analytics.md "Spend and campaigns"): one row per
-- touch campaign that matched no spend campaign (side `touch`, with its sessions and the
-- net revenue credited to it) and per spend campaign that no touch campaign matched (side
-- `spend`, with its spend), up to the as-of date. A typo in utm_campaign shows here instead
-- of silently fragmenting campaign reporting.
with

matches as (
    select * from {{ ref('int_analytics_campaign_matches') }}
),

spend_campaigns as (
    select * from {{ ref('int_analytics_spend_campaigns') }}
),

session_campaigns as (
    select * from {{ ref('int_analytics_session_campaigns') }}
),

spend_daily as (
    select * from {{ ref('int_analytics_spend_daily') }}
),

credit_campaigns as (
    select * from {{ ref('int_analytics_credit_campaigns') }}
),

as_of as (
    select as_of_date from {{ ref('int_analytics_as_of_date') }}
),

unmatched_touch_sessions as (
    select
        session_campaigns.session_id,
        session_campaigns.session_date,
        session_campaigns.touch_campaign_ref
    from session_campaigns
    inner join matches on matches.touch_campaign_ref = session_campaigns.touch_campaign_ref
    cross join as_of
    where not matches.is_matched
      and session_campaigns.session_date <= as_of.as_of_date
),

touch_sessions as (
    select
        touch_campaign_ref,
        cast(count(*) as bigint) as sessions,
        min(session_date) as first_date,
        max(session_date) as last_date
    from unmatched_touch_sessions
    group by touch_campaign_ref
),

touch_revenue as (
    select
        credit_campaigns.touch_campaign_ref,
        cast(coalesce(sum(credit_campaigns.credit) filter (where credit_campaigns.model = 'last_touch'), 0)
            as decimal(18, 4)) as orders_last_touch,
        cast(coalesce(sum(credit_campaigns.net_revenue_credit_reporting)
            filter (where credit_campaigns.model = 'last_touch'), 0) as decimal(18, 4)) as net_revenue_reporting,
        cast(coalesce(sum(credit_campaigns.net_revenue_credit_reporting)
            filter (where credit_campaigns.model = 'first_touch'), 0) as decimal(18, 4))
            as first_touch_net_revenue_reporting,
        min(credit_campaigns.order_date) as first_date,
        max(credit_campaigns.order_date) as last_date
    from credit_campaigns
    cross join as_of
    where credit_campaigns.order_date <= as_of.as_of_date
    group by credit_campaigns.touch_campaign_ref
),

unmatched_touch as (
    select
        'touch' as side,
        matches.ad_platform,
        {{ dbt.concat(["'touch|'", "matches.touch_campaign_ref"]) }} as unmatched_campaign_ref,
        coalesce(matches.campaign, matches.touch_campaign_id) as campaign,
        matches.touch_campaign_id as campaign_id,
        matches.match_status,
        matches.candidates,
        coalesce(touch_sessions.sessions, 0) as sessions,
        coalesce(touch_revenue.orders_last_touch, 0) as orders_last_touch,
        coalesce(touch_revenue.net_revenue_reporting, 0) as net_revenue_reporting,
        coalesce(touch_revenue.first_touch_net_revenue_reporting, 0) as first_touch_net_revenue_reporting,
        cast(null as decimal(18, 4)) as spend_reporting,
        cast(null as bigint) as clicks,
        cast(null as bigint) as impressions,
        -- a campaign seen only on landing sites of orders has no sessions, only its orders' days
        coalesce(touch_sessions.first_date, touch_revenue.first_date) as first_date,
        coalesce(touch_sessions.last_date, touch_revenue.last_date) as last_date
    from matches
    left join touch_sessions on touch_sessions.touch_campaign_ref = matches.touch_campaign_ref
    left join touch_revenue on touch_revenue.touch_campaign_ref = matches.touch_campaign_ref
    where not matches.is_matched
      and (touch_sessions.touch_campaign_ref is not null or touch_revenue.touch_campaign_ref is not null)
),

matched_spend_campaigns as (
    select distinct spend_campaign_ref
    from matches
    where is_matched
),

unmatched_spend_days as (
    select
        spend_daily.ad_platform,
        spend_daily.campaign_id,
        cast(sum(spend_daily.spend_reporting) as decimal(18, 4)) as spend_reporting,
        cast(sum(spend_daily.clicks) as bigint) as clicks,
        cast(sum(spend_daily.impressions) as bigint) as impressions,
        min(spend_daily.date_day) as first_date,
        max(spend_daily.date_day) as last_date
    from spend_daily
    cross join as_of
    where spend_daily.date_day <= as_of.as_of_date
    group by spend_daily.ad_platform, spend_daily.campaign_id
),

unmatched_spend as (
    select
        'spend' as side,
        spend_campaigns.ad_platform,
        {{ dbt.concat(["'spend|'", "spend_campaigns.spend_campaign_ref"]) }} as unmatched_campaign_ref,
        spend_campaigns.campaign_name as campaign,
        spend_campaigns.campaign_id,
        'no_match' as match_status,
        cast(0 as bigint) as candidates,
        cast(0 as bigint) as sessions,
        cast(0 as decimal(18, 4)) as orders_last_touch,
        cast(null as decimal(18, 4)) as net_revenue_reporting,
        cast(null as decimal(18, 4)) as first_touch_net_revenue_reporting,
        unmatched_spend_days.spend_reporting,
        unmatched_spend_days.clicks,
        unmatched_spend_days.impressions,
        unmatched_spend_days.first_date,
        unmatched_spend_days.last_date
    from spend_campaigns
    inner join unmatched_spend_days
        on unmatched_spend_days.ad_platform = spend_campaigns.ad_platform
        and unmatched_spend_days.campaign_id = spend_campaigns.campaign_id
    left join matched_spend_campaigns
        on matched_spend_campaigns.spend_campaign_ref = spend_campaigns.spend_campaign_ref
    where matched_spend_campaigns.spend_campaign_ref is null
),

final as (
    select * from unmatched_touch
    union all
    select * from unmatched_spend
)

select * from final
