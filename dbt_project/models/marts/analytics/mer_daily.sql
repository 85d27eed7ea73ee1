-- MER per day (analytics.md): one row per day from the first day with an order or spend to
-- the as-of date, in the reporting time zone and currency (the day's totals come from
-- int_analytics_daily). MER = net revenue / spend of all ad platforms, null over zero spend.
with

daily as (
    select * from {{ ref('int_analytics_daily') }}
),

final as (
    select
        date_day,
        orders,
        new_customer_orders,
        gross_revenue_reporting,
        net_revenue_reporting,
        new_customer_net_revenue_reporting,
        spend_reporting,
        {{ analytics_ratio('net_revenue_reporting', 'spend_reporting') }} as mer,
        {{ analytics_ratio('new_customer_net_revenue_reporting', 'spend_reporting') }} as new_customer_mer,
        has_missing_revenue_fx_rate,
        has_missing_spend_fx_rate
    from daily
)

select * from final
