-- Campaign performance per day (analytics.md "MER and ROAS"): one row per date_day,
-- ad_platform and spend campaign (campaign_id) with spend, or with a session or attributed
-- revenue that matched the campaign (int_analytics_campaign_matches), up to the as-of date.
-- Sessions count on the day they started; revenue and orders count on the day the order was
-- placed, credited per attribution model (marts.attribution_credits) to the session's campaign,
-- or to the landing-site touch's campaign for an order without sessions; ROAS = the model's
-- revenue / spend, null over zero spend. Touch campaigns that matched no spend campaign are
-- in marts.unmatched_campaigns, not here.
{%- set models = analytics_attribution_models() %}
with

spend_daily as (
    select * from {{ ref('int_analytics_spend_daily') }}
),

spend_campaigns as (
    select * from {{ ref('int_analytics_spend_campaigns') }}
),

session_campaigns as (
    select * from {{ ref('int_analytics_session_campaigns') }}
),

matches as (
    select * from {{ ref('int_analytics_campaign_matches') }}
),

credit_campaigns as (
    select * from {{ ref('int_analytics_credit_campaigns') }}
),

as_of as (
    select as_of_date from {{ ref('int_analytics_as_of_date') }}
),

matched_sessions as (
    select
        session_campaigns.session_id,
        session_campaigns.session_date,
        matches.ad_platform,
        matches.matched_campaign_id as campaign_id
    from session_campaigns
    inner join matches on matches.touch_campaign_ref = session_campaigns.touch_campaign_ref
    where matches.is_matched
),

sessions_by_day as (
    select
        session_date as date_day,
        ad_platform,
        campaign_id,
        cast(count(*) as bigint) as sessions
    from matched_sessions
    group by session_date, ad_platform, campaign_id
),

credits_by_day as (
    select
        credit_campaigns.order_date as date_day,
        matches.ad_platform,
        matches.matched_campaign_id as campaign_id,
        {%- for model in models %}
        cast(coalesce(sum(credit_campaigns.credit) filter (where credit_campaigns.model = '{{ model }}'), 0)
            as decimal(18, 4)) as orders_{{ model }},
        cast(coalesce(sum(credit_campaigns.net_revenue_credit_reporting)
            filter (where credit_campaigns.model = '{{ model }}'), 0) as decimal(18, 4)) as revenue_{{ model }}
            {{- ',' if not loop.last }}
        {%- endfor %}
    from credit_campaigns
    inner join matches on matches.touch_campaign_ref = credit_campaigns.touch_campaign_ref
    where matches.is_matched
    group by credit_campaigns.order_date, matches.ad_platform, matches.matched_campaign_id
),

campaign_days as (
    select date_day, ad_platform, campaign_id from spend_daily
    union
    select date_day, ad_platform, campaign_id from sessions_by_day
    union
    select date_day, ad_platform, campaign_id from credits_by_day
),

final as (
    select
        campaign_days.date_day,
        campaign_days.ad_platform,
        campaign_days.campaign_id,
        spend_campaigns.campaign_name,
        coalesce(spend_daily.spend_reporting, 0) as spend_reporting,
        coalesce(spend_daily.clicks, 0) as clicks,
        coalesce(spend_daily.impressions, 0) as impressions,
        coalesce(sessions_by_day.sessions, 0) as sessions,
        {%- for model in models %}
        coalesce(credits_by_day.orders_{{ model }}, 0) as orders_{{ model }},
        coalesce(credits_by_day.revenue_{{ model }}, 0) as revenue_{{ model }},
        {{ analytics_ratio('coalesce(credits_by_day.revenue_' ~ model ~ ', 0)', 'spend_daily.spend_reporting') }}
            as roas_{{ model }},
        {%- endfor %}
        coalesce(spend_daily.has_missing_fx_rate, false) as has_missing_fx_rate
    from campaign_days
    inner join spend_campaigns
        on spend_campaigns.ad_platform = campaign_days.ad_platform
        and spend_campaigns.campaign_id = campaign_days.campaign_id
    cross join as_of
    left join spend_daily
        on spend_daily.date_day = campaign_days.date_day
        and spend_daily.ad_platform = campaign_days.ad_platform
        and spend_daily.campaign_id = campaign_days.campaign_id
    left join sessions_by_day
        on sessions_by_day.date_day = campaign_days.date_day
        and sessions_by_day.ad_platform = campaign_days.ad_platform
        and sessions_by_day.campaign_id = campaign_days.campaign_id
    left join credits_by_day
        on credits_by_day.date_day = campaign_days.date_day
        and credits_by_day.ad_platform = campaign_days.ad_platform
        and credits_by_day.campaign_id = campaign_days.campaign_id
    where campaign_days.date_day <= as_of.as_of_date
)

select * from final
