-- The orders of customers, with the customer's cohort and acquisition touch: one row per
-- order that carries revenue (voided and test orders excluded), on any date: the readers
-- keep the orders up to the as-of date (a customer's first order is their earliest, so
-- the orders after the as-of date never decide it). A customer is a person with at least
-- one such order; an order without a person is the only order known of its buyer and is a
-- customer of its own (the convention of visitor_payments.is_first_order). The cohort is
-- the month (reporting time zone) of the customer's first order; the acquisition touch is
-- that first order's first touch, with the touch campaign its session carries (the spend
-- campaign that touch campaign matched is looked up by the reader: new spend can change it
-- for any customer). Reads the order-grain models the mart visitor_payments joins
-- (revenue, person, first-order flag, first touch), with the mart's inner joins, so its
-- orders are the mart's.
--
-- Incremental by order, keyed on int_incremental_batch_attributed_orders: an order's row
-- follows from its own rows in those models and from its customer's first order, and the
-- batch holds every order of a person whenever it holds one of them (a customer without a
-- person has one order). The first-touch session's campaign changes only with its
-- person's sessions, whose orders are in the batch (as in int_analytics_credit_campaigns).
-- Rebuilt whole, it read every order each night (docs/benchmarks.md, issue 20 eighteenth
-- round).
{{ incremental_config(unique_key='order_id', batch_keys='int_incremental_batch_attributed_orders') }}
with

revenue as (
    select * from {{ ref('int_orders_revenue') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

order_people as (
    select order_id, person_id from {{ ref('int_orders_person') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

conversion as (
    select order_id, is_first_order from {{ ref('int_attribution_conversion') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

attributed as (
    select
        order_id,
        attribution_status,
        first_touch_platform,
        first_touch_channel,
        first_touch_campaign,
        first_touch_session_id
    from {{ ref('int_attribution_orders') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

session_campaigns as (
    select session_id, touch_campaign_ref from {{ ref('int_analytics_session_campaigns') }}
),

revenue_orders as (
    select
        revenue.order_id,
        revenue.order_date,
        revenue.ordered_at,
        conversion.is_first_order,
        coalesce(order_people.person_id, {{ dbt.concat(["'order:'", "revenue.order_id"]) }}) as customer_key,
        revenue.fx_rate,
        revenue.gross_revenue_reporting,
        attributed.first_touch_platform,
        attributed.first_touch_channel,
        attributed.first_touch_campaign,
        attributed.first_touch_session_id,
        attributed.attribution_status
    from revenue
    inner join order_people on order_people.order_id = revenue.order_id
    inner join attributed on attributed.order_id = revenue.order_id
    inner join conversion on conversion.order_id = revenue.order_id
    where not revenue.is_voided
      and not revenue.is_test
),

first_orders as (
    select
        revenue_orders.customer_key,
        revenue_orders.order_id as first_order_id,
        revenue_orders.order_date as first_order_date,
        {{ dbt.date_trunc('month', 'revenue_orders.order_date') }} as cohort_month_start,
        coalesce(revenue_orders.first_touch_platform, '(none)') as acquisition_platform,
        coalesce(
            revenue_orders.first_touch_channel,
            case when revenue_orders.attribution_status = 'unattributed' then 'Unattributed' else 'Direct' end
        ) as acquisition_channel,
        coalesce(revenue_orders.first_touch_campaign, '(none)') as acquisition_campaign,
        session_campaigns.touch_campaign_ref as acquisition_touch_campaign_ref
    from revenue_orders
    left join session_campaigns on session_campaigns.session_id = revenue_orders.first_touch_session_id
    where revenue_orders.is_first_order
),

final as (
    select
        revenue_orders.order_id,
        revenue_orders.customer_key,
        revenue_orders.order_date,
        revenue_orders.ordered_at,
        revenue_orders.is_first_order,
        revenue_orders.fx_rate,
        revenue_orders.gross_revenue_reporting,
        first_orders.first_order_id,
        first_orders.first_order_date,
        cast(first_orders.cohort_month_start as date) as cohort_month,
        first_orders.acquisition_platform,
        first_orders.acquisition_channel,
        first_orders.acquisition_campaign,
        first_orders.acquisition_touch_campaign_ref,
        {{ dbt.datediff('first_orders.first_order_date', 'revenue_orders.order_date', 'day') }} as days_since_first_order
    from revenue_orders
    inner join first_orders on first_orders.customer_key = revenue_orders.customer_key
)

select * from final
