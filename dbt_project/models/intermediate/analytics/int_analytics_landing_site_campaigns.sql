-- The campaign of each order attributed by its landing site (attribution.md: an order whose
-- person has no session is attributed by the order export's landing_site / referring_site):
-- one row per such order whose touch has an ad platform and a campaign. Such an order is a
-- touch campaign's touch like a session, so its revenue counts in campaign ROAS.
with

orders as (
    select * from {{ ref('int_attribution_orders') }}
),

revenue as (
    select order_id, order_date from {{ ref('int_orders_revenue') }}
),

campaign_touches as (
    select
        orders.order_id,
        revenue.order_date,
        orders.last_touch_ad_platform as ad_platform,
        orders.last_touch_channel as channel,
        orders.last_touch_campaign as campaign,
        orders.last_touch_campaign_id as campaign_id
    from orders
    inner join revenue on revenue.order_id = orders.order_id
    where orders.attribution_status = 'landing_site'
      and orders.last_touch_ad_platform is not null
),

final as (
    {{ analytics_touch_campaigns_from('campaign_touches', ['order_id', 'order_date']) }}
)

select * from final
