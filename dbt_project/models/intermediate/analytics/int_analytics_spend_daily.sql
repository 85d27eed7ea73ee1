-- Spend per ad platform, campaign and day in the reporting currency: one row per date_day,
-- ad_platform and campaign_id (accounts, ad groups and ads summed). spend_reporting sums the
-- rows that could be converted; has_missing_fx_rate says when some could not.
with

spend as (
    select * from {{ ref('int_analytics_spend') }}
),

final as (
    select
        date_day,
        ad_platform,
        campaign_id,
        cast(sum(spend_reporting) as decimal(18, 4)) as spend_reporting,
        cast(sum(clicks) as bigint) as clicks,
        cast(sum(impressions) as bigint) as impressions,
        cast(count(*) as bigint) as spend_rows,
        {{ dbt.bool_or('has_missing_fx_rate') }} as has_missing_fx_rate
    from spend
    group by date_day, ad_platform, campaign_id
)

select * from final
