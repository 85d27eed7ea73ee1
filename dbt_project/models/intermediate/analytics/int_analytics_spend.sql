-- Spend in the reporting currency: one row per staged spend row (ad platform, account,
-- campaign, ad group, ad and day). A currency other than var reporting_currency is converted
-- at the rate of the spend day, or the latest earlier landed rate; with no rate at or before
-- the day the reporting amount is null (has_missing_fx_rate), never converted at 1.
with

spend as (
    select * from {{ ref('stg_spend') }}
),

fx_rate_periods as (
    select * from {{ ref('int_fx_rate_periods') }}
),

with_rate as (
    {{ fx_rates_joined('spend', 'date_day', [('fx_rate', 'currency')]) }}
),

final as (
    select
        spend_row_key,
        date_day,
        ad_platform,
        account_id,
        campaign_id,
        campaign_name,
        ad_group_id,
        ad_id,
        currency,
        spend,
        fx_rate,
        {{ money_times_within_limit('spend', 'fx_rate') }} as spend_reporting,
        fx_rate is not null and not {{ money_times_is_within_limit('spend', 'fx_rate') }} as is_reporting_out_of_range,
        fx_rate is null as has_missing_fx_rate,
        clicks,
        impressions,
        file_path,
        line_number
    from with_rate
)

select * from final
