-- Which person placed each exported order (attribution.md "Orders and their visitor"): one
-- row per order. The checkout_completed event's visitor wins, then the order's email hash,
-- then its customer id. An order whose email hash or customer id was never seen on a visitor
-- still gets a person (that identifier's own component), so repeat orders of one customer
-- share it; only an order with none of the three (or only blocked ones) has no person.
-- Incremental: a nightly recomputes the orders of int_incremental_batch_order_persons.
{{ incremental_config(unique_key='order_id', batch_keys='int_incremental_batch_order_persons') }}
with

orders as (
    select * from {{ ref('stg_orders') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_order_persons') }}
),

checkout_events as (
    select * from {{ ref('int_checkout_events') }}
    where {{ in_incremental_batch('order_id', 'int_incremental_batch_order_persons') }}
),

identities as (
    select * from {{ ref('int_identity_components') }}
),

-- an order can be reported by several checkout events (a reload of the thank-you page, two
-- tabs): the earliest one names the order's visitor
checkouts as (
    select
        order_id,
        visitor_id,
        event_at,
        row_number() over (partition by order_id order by event_at, event_id) as checkout_rank
    from checkout_events
    where order_id is not null
),

first_checkout as (
    select order_id, visitor_id as checkout_visitor_id, event_at as checkout_at
    from checkouts
    where checkout_rank = 1
),

keyed_orders as (
    select
        orders.order_id,
        nullif(trim(orders.email_hash), '') as email_hash,
        nullif(trim(orders.customer_id), '') as customer_id,
        first_checkout.checkout_visitor_id,
        first_checkout.checkout_at
    from orders
    left join first_checkout on first_checkout.order_id = orders.order_id
),

-- the components of the identifiers these orders name, read once by their values (in a
-- nightly a few thousand of the whole table's nodes), for the three joins below
order_identifiers as (
    select checkout_visitor_id as identifier from keyed_orders
    union
    select email_hash from keyed_orders
    union
    select customer_id from keyed_orders
),

order_identities as (
    select identities.identifier_type, identities.identifier, identities.person_id
    from identities
    where identities.identifier in (select order_identifiers.identifier from order_identifiers)
),

matched as (
    select
        keyed_orders.order_id,
        keyed_orders.email_hash,
        keyed_orders.customer_id,
        keyed_orders.checkout_visitor_id,
        keyed_orders.checkout_at,
        by_visitor.person_id as visitor_person_id,
        by_email.person_id as email_person_id,
        by_customer.person_id as customer_person_id
    from keyed_orders
    left join order_identities as by_visitor
        on by_visitor.identifier_type = 'visitor_id'
        and by_visitor.identifier = keyed_orders.checkout_visitor_id
    left join order_identities as by_email
        on by_email.identifier_type = 'email_hash'
        and by_email.identifier = keyed_orders.email_hash
    left join order_identities as by_customer
        on by_customer.identifier_type = 'customer_id'
        and by_customer.identifier = keyed_orders.customer_id
)

select
    order_id,
    email_hash,
    customer_id,
    checkout_visitor_id,
    checkout_at,
    coalesce(visitor_person_id, email_person_id, customer_person_id) as person_id,
    case
        when visitor_person_id is not null then 'checkout'
        when email_person_id is not null then 'email_hash'
        when customer_person_id is not null then 'customer_id'
    end as person_match
from matched
