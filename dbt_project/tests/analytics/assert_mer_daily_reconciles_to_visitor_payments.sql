{{ config(meta={'dagster': {'ref': {'name': 'mer_daily'}}}) }}  -- an asset check of mer_daily in Dagster
-- mer_daily's revenue per day is exactly the net revenue of marts.visitor_payments by order
-- date (analytics.md: attribution moves revenue, reporting never creates or loses it).
-- Returns the days that disagree.
with

payments as (
    select * from {{ ref('visitor_payments') }}
),

mer_daily as (
    select * from {{ ref('mer_daily') }}
),

as_of as (
    select as_of_date from {{ ref('int_analytics_as_of_date') }}
),

payments_by_day as (
    select
        payments.order_date as date_day,
        coalesce(sum(payments.net_revenue_reporting), 0) as net_revenue_reporting,
        coalesce(sum(case when payments.is_first_order then payments.net_revenue_reporting end), 0)
            as new_customer_net_revenue_reporting
    from payments
    cross join as_of
    where payments.order_date <= as_of.as_of_date
    group by payments.order_date
)

select
    coalesce(mer_daily.date_day, payments_by_day.date_day) as date_day,
    mer_daily.net_revenue_reporting as mer_net_revenue_reporting,
    payments_by_day.net_revenue_reporting as payments_net_revenue_reporting
from mer_daily
full outer join payments_by_day on payments_by_day.date_day = mer_daily.date_day
where mer_daily.date_day is null
   or mer_daily.net_revenue_reporting <> coalesce(payments_by_day.net_revenue_reporting, 0)
   or mer_daily.new_customer_net_revenue_reporting <> coalesce(payments_by_day.new_customer_net_revenue_reporting, 0)
