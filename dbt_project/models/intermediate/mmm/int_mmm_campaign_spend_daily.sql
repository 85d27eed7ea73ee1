-- The MMM's spend input: one row per date_day, ad_platform and campaign_id up to the build's
-- as-of date, with the campaign's latest name. Spend without an fx rate counts as zero here
-- (has_missing_fx_rate says so): the model needs a number, and a gap is the smaller error
-- than converting at 1.
with

spend_daily as (
    select * from {{ ref('int_analytics_spend_daily') }}
),

spend_campaigns as (
    select * from {{ ref('int_analytics_spend_campaigns') }}
),

as_of as (
    select as_of_date from {{ ref('int_analytics_as_of_date') }}
),

final as (
    select
        spend_daily.date_day,
        spend_daily.ad_platform,
        spend_daily.campaign_id,
        spend_campaigns.campaign_name,
        cast(coalesce(spend_daily.spend_reporting, 0) as decimal(18, 4)) as spend_reporting,
        spend_daily.has_missing_fx_rate
    from spend_daily
    inner join spend_campaigns
        on spend_campaigns.ad_platform = spend_daily.ad_platform
        and spend_campaigns.campaign_id = spend_daily.campaign_id
    where spend_daily.date_day <= (select as_of.as_of_date from as_of)
)

select * from final
