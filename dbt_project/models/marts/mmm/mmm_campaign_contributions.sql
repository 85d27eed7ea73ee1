-- Marketing-mix model per campaign (docs/mmm.md, docs/marts.md): one row per ad platform and
-- campaign with spend up to the as-of date; the channel's contribution split by each
-- campaign's share of the channel's adstocked spend, day by day (the campaign columns of
-- int_mmm_fit, the one Python fit).
with

campaign_fit as (
    select * from {{ ref('int_mmm_fit') }}
),

campaign_spend as (
    select * from {{ ref('int_mmm_campaign_spend_daily') }}
),

spend_by_campaign as (
    select
        ad_platform,
        campaign_id,
        sum(spend_reporting) as spend_reporting
    from campaign_spend
    group by ad_platform, campaign_id
),

final as (
    select
        cast(campaign_fit.ad_platform as string) as ad_platform,
        cast(campaign_fit.campaign_id as string) as campaign_id,
        cast(campaign_fit.campaign_name as string) as campaign_name,
        cast(coalesce(spend_by_campaign.spend_reporting, 0) as decimal(18, 4)) as spend_reporting,
        cast(round(campaign_fit.campaign_contribution, 4) as decimal(18, 4)) as contribution,
        cast(campaign_fit.campaign_roas as double) as roas,
        cast(campaign_fit.status as string) as status
    from campaign_fit
    left join spend_by_campaign
        on spend_by_campaign.ad_platform = campaign_fit.ad_platform
        and spend_by_campaign.campaign_id = campaign_fit.campaign_id
)

select * from final
