{{ config(meta={'dagster': {'ref': {'name': 'attribution_credits'}}}) }}  -- an asset check of attribution_credits in Dagster
-- Every order has credits under all five models, and per order and model the shares sum to
-- exactly 1 and the revenue credits to exactly the order's net revenue (no rounding drift).
-- In a nightly, the orders the build recomputed (the others were checked when written).
{%- set credits_relation = ref('attribution_credits') %}
{%- set payments_relation = ref('visitor_payments') %}
with

credits as (
    select * from {{ credits_relation }}
    where {{ incremental_test_scope(credits_relation) or 'true' }}
),

payments as (
    select * from {{ payments_relation }}
    where {{ incremental_test_scope(payments_relation) or 'true' }}
),

models as (
    {{ analytics_attribution_models_select() }}
),

sums as (
    select order_id, model, sum(credit) as credit, sum(net_revenue_credit) as net_revenue_credit
    from credits
    group by order_id, model
)

select
    payments.order_id,
    models.model,
    sums.credit,
    sums.net_revenue_credit,
    payments.net_revenue
from payments
cross join models
left join sums on sums.order_id = payments.order_id and sums.model = models.model
where sums.order_id is null
   or sums.credit <> 1
   or sums.net_revenue_credit <> payments.net_revenue
