-- Spend in the reporting currency: one row per staged spend row (ad platform, account,
-- campaign, ad group, ad and day). A currency other than var reporting_currency is converted
-- at the rate of the spend day, or the latest earlier landed rate; with no rate at or before
-- the day the reporting amount is null (has_missing_fx_rate), never converted at 1.
with

spend as (
    select * from {{ ref('stg_spend') }}
),

fx_rates as (
    select * from {{ ref('stg_fx_rates') }}
),

-- a landed rate holds from its day until the next landed day of that currency
fx_validity as (
    select
        currency,
        rate,
        date_day as valid_from_date,
        lead(date_day) over (partition by currency order by date_day) as valid_until_date
    from fx_rates
),

with_rate as (
    select
        spend.*,
        case
            when spend.currency = '{{ var("reporting_currency", "USD") }}' then cast(1 as decimal(18, 10))
            else fx_validity.rate
        end as fx_rate
    from spend
    left join fx_validity
        on fx_validity.currency = spend.currency
        and fx_validity.valid_from_date <= spend.date_day
        and (fx_validity.valid_until_date is null or spend.date_day < fx_validity.valid_until_date)
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
        cast(round(spend * fx_rate, 4) as decimal(18, 4)) as spend_reporting,
        fx_rate is null as has_missing_fx_rate,
        clicks,
        impressions,
        file_path,
        line_number
    from with_rate
)

select * from final
