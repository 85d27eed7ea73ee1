-- Marketing-mix model per ad platform (docs/mmm.md, docs/marts.md): one row per ad platform with
-- spend up to the as-of date. The estimates come from the one Python fit (int_mmm_fit, whose
-- campaign rows each carry their channel's fit); this model takes one channel row, fixes the
-- types and takes the spend from the exact decimal sums, not the floats the model worked on.
with

fit as (
    select * from {{ ref('int_mmm_fit') }}
),

campaign_spend as (
    select * from {{ ref('int_mmm_campaign_spend_daily') }}
),

-- the channel's columns are the same on each of its campaign rows
channel_fit as (
    select distinct
        ad_platform,
        adstock_theta,
        channel_contribution,
        contribution_share,
        channel_roas,
        marginal_roas,
        model_r2,
        model_mape,
        baseline_share,
        status,
        model_days,
        model_start_date,
        model_end_date
    from fit
),

spend_by_platform as (
    select
        ad_platform,
        sum(spend_reporting) as spend_reporting
    from campaign_spend
    group by ad_platform
),

final as (
    select
        cast(channel_fit.ad_platform as string) as ad_platform,
        cast(channel_fit.adstock_theta as double) as adstock_theta,
        cast(coalesce(spend_by_platform.spend_reporting, 0) as decimal(18, 4)) as spend_reporting,
        cast(round(channel_fit.channel_contribution, 4) as decimal(18, 4)) as contribution,
        cast(channel_fit.contribution_share as double) as contribution_share,
        cast(channel_fit.channel_roas as double) as roas,
        cast(channel_fit.marginal_roas as double) as marginal_roas,
        cast(channel_fit.model_r2 as double) as model_r2,
        cast(channel_fit.model_mape as double) as model_mape,
        cast(channel_fit.baseline_share as double) as baseline_share,
        cast(channel_fit.status as string) as status,
        cast(channel_fit.model_days as integer) as model_days,
        cast(channel_fit.model_start_date as date) as model_start_date,
        cast(channel_fit.model_end_date as date) as model_end_date
    from channel_fit
    left join spend_by_platform
        on spend_by_platform.ad_platform = channel_fit.ad_platform
)

select * from final
