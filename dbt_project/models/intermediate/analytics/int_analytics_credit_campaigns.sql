-- Attribution credits with the touch campaign they land on: one row per credit (order, model,
-- credited session) whose touch carries a campaign, through its session, or, for an order
-- attributed by its landing site (no session), through that order's landing-site touch.
-- Reads the mart attribution_credits on purpose (a listed layer exception, docs/architecture.md): the
-- analytics models aggregate the attribution contract, so they reconcile with it by construction.
with

credits as (
    select * from {{ ref('attribution_credits') }}
),

session_campaigns as (
    select * from {{ ref('int_analytics_session_campaigns') }}
),

landing_site_campaigns as (
    select * from {{ ref('int_analytics_landing_site_campaigns') }}
),

session_credits as (
    select
        credits.order_id,
        credits.order_date,
        credits.model,
        credits.session_id,
        credits.credit,
        credits.net_revenue_credit_reporting,
        session_campaigns.touch_campaign_ref
    from credits
    inner join session_campaigns on session_campaigns.session_id = credits.session_id
),

landing_site_credits as (
    select
        credits.order_id,
        credits.order_date,
        credits.model,
        credits.session_id,
        credits.credit,
        credits.net_revenue_credit_reporting,
        landing_site_campaigns.touch_campaign_ref
    from credits
    inner join landing_site_campaigns on landing_site_campaigns.order_id = credits.order_id
    where credits.session_id is null
),

final as (
    select * from session_credits
    union all
    select * from landing_site_credits
)

select * from final
