-- Cohort LTV (analytics.md "Cohort LTV"): one row per cohort month, acquisition platform,
-- channel, campaign and window (var ltv_windows). For a window of N days:
--   LTV_N = Σ over the cohort's customers and their orders placed 0 ≤ day(order) −
--   day(first order) < N of (gross − refunds refunded before day(first order) + N)
--   / customers in the cohort,
-- in the reporting currency. The window is complete when the as-of date ≥ day(first order)
-- + N for every customer of the cohort; until then ltv_per_customer is null and the amounts
-- are the window's value so far.
{%- set windows = analytics_ltv_windows() %}
with

as_of as (
    select as_of_date from {{ ref('int_analytics_as_of_date') }}
),

-- the customers' orders up to the as-of date, of customers whose first order is too
customer_orders as (
    select customer_orders.*
    from {{ ref('int_analytics_customer_orders') }} as customer_orders
    cross join as_of
    where {{ analytics_customer_order_as_of('customer_orders', 'as_of') }}
),

customer_refunds as (
    select * from {{ ref('int_analytics_customer_refunds') }}
),

matches as (
    select touch_campaign_ref, spend_campaign_ref from {{ ref('int_analytics_campaign_matches') }}
),

spend_campaigns as (
    select * from {{ ref('int_analytics_spend_campaigns') }}
),

-- the spend campaign each touch campaign matched, if any
touch_spend_campaigns as (
    select
        matches.touch_campaign_ref,
        spend_campaigns.ad_platform,
        spend_campaigns.campaign_id,
        spend_campaigns.campaign_name
    from matches
    inner join spend_campaigns on spend_campaigns.spend_campaign_ref = matches.spend_campaign_ref
),

windows as (
    {%- for window_days in windows %}
    select cast({{ window_days }} as integer) as window_days{{ ' union all' if not loop.last }}
    {%- endfor %}
),

customers as (
    select
        customer_orders.customer_key,
        customer_orders.first_order_date,
        customer_orders.cohort_month,
        customer_orders.acquisition_platform,
        customer_orders.acquisition_channel,
        customer_orders.acquisition_campaign,
        touch_spend_campaigns.ad_platform as acquisition_ad_platform,
        touch_spend_campaigns.campaign_id as acquisition_campaign_id,
        touch_spend_campaigns.campaign_name as acquisition_campaign_name
    from customer_orders
    left join touch_spend_campaigns
        on touch_spend_campaigns.touch_campaign_ref = customer_orders.acquisition_touch_campaign_ref
    where customer_orders.is_first_order
),

window_orders as (
    select
        customer_orders.order_id,
        customer_orders.customer_key,
        windows.window_days,
        customer_orders.gross_revenue_reporting
    from customer_orders
    inner join windows
        on customer_orders.days_since_first_order >= 0
        and windows.window_days > customer_orders.days_since_first_order
),

-- refunds of the window's orders, refunded before day(first order) + N
window_refunds as (
    select
        window_orders.customer_key,
        window_orders.window_days,
        customer_refunds.refund_amount_reporting
    from customer_refunds
    inner join window_orders
        on window_orders.order_id = customer_refunds.order_id
        and window_orders.window_days > customer_refunds.days_since_first_order
),

customer_window_orders as (
    select
        customer_key,
        window_days,
        cast(count(*) as bigint) as orders,
        cast(sum(gross_revenue_reporting) as decimal(18, 4)) as gross_revenue_reporting
    from window_orders
    group by customer_key, window_days
),

customer_window_refunds as (
    select
        customer_key,
        window_days,
        cast(sum(refund_amount_reporting) as decimal(18, 4)) as refunds_reporting
    from window_refunds
    group by customer_key, window_days
),

customer_windows as (
    select
        customers.*,
        windows.window_days,
        {{ dbt.dateadd('day', 'windows.window_days', 'customers.first_order_date') }} as window_end_date,
        coalesce(customer_window_orders.orders, 0) as orders,
        coalesce(customer_window_orders.gross_revenue_reporting, 0) as gross_revenue_reporting,
        coalesce(customer_window_refunds.refunds_reporting, 0) as refunds_reporting
    from customers
    cross join windows
    left join customer_window_orders
        on customer_window_orders.customer_key = customers.customer_key
        and customer_window_orders.window_days = windows.window_days
    left join customer_window_refunds
        on customer_window_refunds.customer_key = customers.customer_key
        and customer_window_refunds.window_days = windows.window_days
),

cohorts as (
    select
        cohort_month,
        acquisition_platform,
        acquisition_channel,
        acquisition_campaign,
        window_days,
        cast(count(*) as bigint) as customers,
        cast(sum(orders) as bigint) as orders,
        cast(sum(gross_revenue_reporting) as decimal(18, 4)) as gross_revenue_reporting,
        cast(sum(refunds_reporting) as decimal(18, 4)) as refunds_reporting,
        -- the matched spend campaign, when every customer of the row shares one
        case when count(distinct acquisition_campaign_id) = 1 and count(acquisition_campaign_id) = count(*)
            then min(acquisition_ad_platform) end as acquisition_ad_platform,
        case when count(distinct acquisition_campaign_id) = 1 and count(acquisition_campaign_id) = count(*)
            then min(acquisition_campaign_id) end as acquisition_campaign_id,
        case when count(distinct acquisition_campaign_id) = 1 and count(acquisition_campaign_id) = count(*)
            then min(acquisition_campaign_name) end as acquisition_campaign_name,
        max(first_order_date) as latest_first_order_date,
        cast(max(window_end_date) as date) as complete_on_date
    from customer_windows
    group by cohort_month, acquisition_platform, acquisition_channel, acquisition_campaign, window_days
),

final as (
    select
        cohorts.cohort_month,
        cohorts.acquisition_platform,
        cohorts.acquisition_channel,
        cohorts.acquisition_campaign,
        cohorts.window_days,
        cohorts.acquisition_ad_platform,
        cohorts.acquisition_campaign_id,
        cohorts.acquisition_campaign_name,
        cohorts.customers,
        cohorts.orders,
        cohorts.gross_revenue_reporting,
        cohorts.refunds_reporting,
        cast(cohorts.gross_revenue_reporting - cohorts.refunds_reporting as decimal(18, 4)) as net_revenue_reporting,
        case
            when as_of.as_of_date >= cohorts.complete_on_date
                then cast(round((cohorts.gross_revenue_reporting - cohorts.refunds_reporting) / cohorts.customers, 4)
                    as decimal(18, 4))
        end as ltv_per_customer,
        as_of.as_of_date >= cohorts.complete_on_date as is_complete,
        cohorts.latest_first_order_date,
        cohorts.complete_on_date,
        as_of.as_of_date
    from cohorts
    cross join as_of
)

select * from final
