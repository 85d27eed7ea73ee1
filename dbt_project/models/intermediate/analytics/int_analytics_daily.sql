-- The day's totals the daily marts and the marketing-mix model read: one row per day from the
-- first day with an order or spend to the as-of date, in the reporting time zone and
-- currency. A day's revenue is that of the orders placed that day (refunds netted back to
-- their order's day, as in visitor_payments); its spend is every ad platform's.
with

revenue as (
    select * from {{ ref('int_orders_revenue') }}
),

conversion as (
    select order_id, is_first_order from {{ ref('int_attribution_conversion') }}
),

spend_daily as (
    select * from {{ ref('int_analytics_spend_daily') }}
),

as_of as (
    select as_of_date from {{ ref('int_analytics_as_of_date') }}
),

revenue_by_day as (
    select
        revenue.order_date as date_day,
        cast(count(*) filter (where not revenue.is_voided and not revenue.is_test) as bigint) as orders,
        cast(count(*) filter (where conversion.is_first_order) as bigint) as new_customer_orders,
        cast(sum(revenue.gross_revenue_reporting) as decimal(18, 4)) as gross_revenue_reporting,
        cast(sum(revenue.net_revenue_reporting) as decimal(18, 4)) as net_revenue_reporting,
        cast(coalesce(sum(revenue.net_revenue_reporting) filter (where conversion.is_first_order), 0) as decimal(18, 4))
            as new_customer_net_revenue_reporting,
        {{ dbt.bool_or('revenue.net_revenue_reporting is null') }} as has_missing_revenue_fx_rate
    from revenue
    inner join conversion on conversion.order_id = revenue.order_id
    group by revenue.order_date
),

spend_by_day as (
    select
        date_day,
        cast(sum(spend_reporting) as decimal(18, 4)) as spend_reporting,
        {{ dbt.bool_or('has_missing_fx_rate') }} as has_missing_spend_fx_rate
    from spend_daily
    group by date_day
),

first_day as (
    select min(date_day) as first_date
    from (
        select date_day from revenue_by_day
        union all
        select date_day from spend_by_day
    ) as landed_days
),

days as (
    {{ analytics_day_spine('(select first_date from first_day)', '(select as_of_date from as_of)') }}
),

final as (
    select
        days.date_day,
        coalesce(revenue_by_day.orders, 0) as orders,
        coalesce(revenue_by_day.new_customer_orders, 0) as new_customer_orders,
        coalesce(revenue_by_day.gross_revenue_reporting, 0) as gross_revenue_reporting,
        coalesce(revenue_by_day.net_revenue_reporting, 0) as net_revenue_reporting,
        coalesce(revenue_by_day.new_customer_net_revenue_reporting, 0) as new_customer_net_revenue_reporting,
        coalesce(spend_by_day.spend_reporting, 0) as spend_reporting,
        coalesce(revenue_by_day.has_missing_revenue_fx_rate, false) as has_missing_revenue_fx_rate,
        coalesce(spend_by_day.has_missing_spend_fx_rate, false) as has_missing_spend_fx_rate
    from days
    left join revenue_by_day on revenue_by_day.date_day = days.date_day
    left join spend_by_day on spend_by_day.date_day = days.date_day
)

select * from final
