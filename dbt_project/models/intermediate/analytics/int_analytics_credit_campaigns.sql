-- Attribution credits with the touch campaign they land on: one row per credit (order, model,
-- credited session) whose touch carries a campaign, through its session, or, for an order
-- attributed by its landing site (no session), through that order's landing-site touch.
-- Reads the models the mart attribution_credits is built from (int_attribution_credits, the
-- order's day and fx rate from int_orders_revenue) and converts the credit with the same
-- macro, so its credits are the mart's to the cent.
--
-- Incremental by order, as that mart is: an order's rows follow from its credits, its
-- revenue, its landing-site touch and the campaigns of the sessions it credits. The first
-- three are recomputed for the batch's attributed orders; a session's campaign changes only
-- with its row in int_attribution_person_sessions, whose visitors' persons are batch persons,
-- whose orders are attributed orders again (int_incremental_batch_attributed_orders). Rebuilt
-- whole, it read every credit each night (2.3M at 10 M events: docs/benchmarks.md, issue 20
-- seventeenth round).
{{ incremental_config(unique_key='order_id', batch_keys='int_incremental_batch_attributed_orders') }}
with

attribution_credits as (
    select * from {{ ref('int_attribution_credits') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

revenue as (
    select order_id, order_date, fx_rate, is_reporting_out_of_range from {{ ref('int_orders_revenue') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

session_campaigns as (
    select * from {{ ref('int_analytics_session_campaigns') }}
),

landing_site_campaigns as (
    select * from {{ ref('int_analytics_landing_site_campaigns') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_attributed_orders') }}
),

session_credits as (
    select
        attribution_credits.order_id,
        attribution_credits.model,
        attribution_credits.session_id,
        attribution_credits.credit,
        attribution_credits.net_revenue_credit,
        session_campaigns.touch_campaign_ref
    from attribution_credits
    inner join session_campaigns on session_campaigns.session_id = attribution_credits.session_id
),

landing_site_credits as (
    select
        attribution_credits.order_id,
        attribution_credits.model,
        attribution_credits.session_id,
        attribution_credits.credit,
        attribution_credits.net_revenue_credit,
        landing_site_campaigns.touch_campaign_ref
    from attribution_credits
    inner join landing_site_campaigns on landing_site_campaigns.order_id = attribution_credits.order_id
    where attribution_credits.session_id is null
),

campaign_credits as (
    select * from session_credits
    union all
    select * from landing_site_credits
),

-- the credits as attribution_credits states them: the order's day, and the credit in the
-- reporting currency (converted after the campaign join, which keeps a fraction of the credits)
final as (
    select
        campaign_credits.order_id,
        revenue.order_date,
        campaign_credits.model,
        campaign_credits.session_id,
        campaign_credits.credit,
        {{ money_reporting('campaign_credits.net_revenue_credit', 'revenue.fx_rate', 'revenue.is_reporting_out_of_range') }}
            as net_revenue_credit_reporting,
        campaign_credits.touch_campaign_ref
    from campaign_credits
    inner join revenue on revenue.order_id = campaign_credits.order_id
)

select * from final
