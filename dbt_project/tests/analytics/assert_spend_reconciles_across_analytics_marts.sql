{{ config(meta={'dagster': {'ref': {'name': 'campaign_performance_daily'}}}) }}  -- an asset check of campaign_performance_daily in Dagster
-- The spend of a day is the same in int_analytics_spend (every staged spend row), mer_daily
-- and the sum of campaign_performance_daily. Returns the days that disagree.
with

spend as (
    select * from {{ ref('int_analytics_spend') }}
),

mer_daily as (
    select * from {{ ref('mer_daily') }}
),

campaign_performance as (
    select * from {{ ref('campaign_performance_daily') }}
),

as_of as (
    select as_of_date from {{ ref('int_analytics_as_of_date') }}
),

staged_by_day as (
    select spend.date_day, coalesce(sum(spend.spend_reporting), 0) as spend_reporting
    from spend
    cross join as_of
    where spend.date_day <= as_of.as_of_date
    group by spend.date_day
),

campaigns_by_day as (
    select date_day, sum(spend_reporting) as spend_reporting
    from campaign_performance
    group by date_day
)

select
    coalesce(staged_by_day.date_day, mer_daily.date_day) as date_day,
    staged_by_day.spend_reporting as staged_spend_reporting,
    mer_daily.spend_reporting as mer_spend_reporting,
    campaigns_by_day.spend_reporting as campaign_spend_reporting
from staged_by_day
full outer join mer_daily on mer_daily.date_day = staged_by_day.date_day
left join campaigns_by_day on campaigns_by_day.date_day = coalesce(staged_by_day.date_day, mer_daily.date_day)
where coalesce(staged_by_day.spend_reporting, 0) <> coalesce(mer_daily.spend_reporting, 0)
   or coalesce(staged_by_day.spend_reporting, 0) <> coalesce(campaigns_by_day.spend_reporting, 0)
