-- one row per currency and period in which one rate applies: a landed rate holds from its day
-- until the next landed day of that currency, so a day without a rate uses the latest earlier
-- one (landing.md). The reporting currency converts at 1 on every day and needs no landed rate.
with

fx_rates as (

    select * from {{ ref('stg_fx_rates') }}

),

landed_periods as (

    select
        currency,
        rate,
        date_day as valid_from_date,
        lead(date_day) over (partition by currency order by date_day) as valid_until_date
    from fx_rates
    where currency <> '{{ var("reporting_currency") }}'

),

reporting_currency as (

    select
        '{{ var("reporting_currency") }}' as currency,
        cast(1 as decimal(18, 10)) as rate,
        cast(null as date) as valid_from_date,
        cast(null as date) as valid_until_date

)

select * from landed_periods
union all
select * from reporting_currency
