-- The spend campaigns: one row per ad platform and campaign_id, with the campaign's latest
-- name (the name on its latest spend day; a renamed campaign keeps one row) and the
-- normalised name that touches are matched on.
with

spend as (
    select * from {{ ref('int_analytics_spend') }}
),

ranked_names as (
    select
        ad_platform,
        campaign_id,
        campaign_name,
        row_number() over (
            partition by ad_platform, campaign_id
            order by date_day desc, file_path desc, line_number desc
        ) as name_recency
    from spend
),

latest_names as (
    select ad_platform, campaign_id, campaign_name
    from ranked_names
    where name_recency = 1
),

totals as (
    select
        ad_platform,
        campaign_id,
        cast(sum(spend_reporting) as decimal(18, 4)) as spend_reporting,
        cast(sum(clicks) as bigint) as clicks,
        cast(sum(impressions) as bigint) as impressions,
        min(date_day) as first_spend_date,
        max(date_day) as last_spend_date,
        {{ dbt.bool_or('has_missing_fx_rate') }} as has_missing_fx_rate
    from spend
    group by ad_platform, campaign_id
),

final as (
    select
        {{ dbt.concat(["totals.ad_platform", "'|'", "totals.campaign_id"]) }} as spend_campaign_ref,
        totals.ad_platform,
        totals.campaign_id,
        latest_names.campaign_name,
        {{ analytics_campaign_match_key('latest_names.campaign_name') }} as campaign_match_key,
        totals.spend_reporting,
        totals.clicks,
        totals.impressions,
        totals.first_spend_date,
        totals.last_spend_date,
        totals.has_missing_fx_rate
    from totals
    inner join latest_names
        on latest_names.ad_platform = totals.ad_platform
        and latest_names.campaign_id = totals.campaign_id
)

select * from final
