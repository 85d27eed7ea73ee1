-- The orders whose attribution this build recomputes (touches, first and last touch, credits,
-- click IDs, conversion, marts.visitor_payments, marts.attribution_credits): one row per
-- order. An order's attribution follows from its own rows (export, refunds, rates) and from
-- its person's sessions, page views and other orders, so: the orders of the loads it takes
-- in, the orders whose person int_orders_person recomputed, the orders of its refunds, the
-- orders a newly landed rate can reprice (ordered or refunded on or after the earliest day
-- of the new rates: a rate holds from its day until the next one), and every order of the
-- current person of any of them and of a person whose summary is recomputed
-- (int_incremental_batch_persons: new sessions and page views, merges and splits, and the
-- person a recomputed order belonged to before, whose other orders lost one). Empty when the
-- batch is full.
with

batch as (
    select * from {{ ref('int_incremental_batch') }}
),

batch_orders as (
    select * from {{ ref('int_incremental_batch_orders') }}
),

order_persons as (
    select * from {{ ref('int_incremental_batch_order_persons') }}
),

batch_persons as (
    select * from {{ ref('int_incremental_batch_persons') }}
),

order_people as (
    select * from {{ ref('int_orders_person') }}
),

revenue as (
    select order_id, order_date from {{ ref('int_orders_revenue') }}
),

refunds as (
    select order_id, refund_date from {{ ref('int_refunds_converted') }}
),

landed_fx as (
    select * from {{ source('landing', 'fx') }}
),

refund_orders as (
    {{ incremental_batch_keys(source('landing', 'refunds'), 'order_id') }}
),

new_rates as (
    select min(landed_fx.date_day) as from_date
    from landed_fx
    cross join batch
    where landed_fx.load_id > batch.from_load_id
      and landed_fx.load_id <= batch.to_load_id
),

repriced_orders as (
    select revenue.order_id
    from revenue
    inner join new_rates on new_rates.from_date <= revenue.order_date
    union
    select refunds.order_id
    from refunds
    inner join new_rates on new_rates.from_date <= refunds.refund_date
),

changed_orders as (
    select order_id from batch_orders
    union
    select order_id from order_persons
    union
    select order_id from refund_orders
    union
    select order_id from repriced_orders
),

persons as (
    select person_id from batch_persons
    union
    select order_people.person_id
    from order_people
    inner join changed_orders on changed_orders.order_id = order_people.order_id
    where order_people.person_id is not null
),

order_ids as (
    select order_id from changed_orders
    union
    select order_people.order_id
    from order_people
    inner join persons on persons.person_id = order_people.person_id
)

select order_ids.order_id
from order_ids
cross join batch
where not batch.is_full
