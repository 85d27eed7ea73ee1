-- The identity-graph nodes whose links may have changed in this build: one row per node key.
-- Every identifier of every copy (old and new) of a batch event or a batch order, plus both
-- sides of a checkout where either side is in the batch. A superset is harmless: the
-- components of these nodes are recomputed whole (int_identity_components).
with

batch_events as (
    select * from {{ ref('int_incremental_batch_events') }}
),

batch_orders as (
    select * from {{ ref('int_incremental_batch_orders') }}
),

pixel_events as (
    select * from {{ source('landing', 'pixel_events') }}
),

orders as (
    select * from {{ source('landing', 'orders') }}
),

-- one scan of the landed events: every copy of a batch event, and the checkout events of
-- batch orders (their visitors link to the order's identifiers)
touched_events as (
    select
        pixel_events.visitor_id,
        pixel_events.email_hash,
        pixel_events.customer_id,
        pixel_events.order_id,
        pixel_events.event_id in (select batch_events.event_id from batch_events) as is_batch_event
    from pixel_events
    where pixel_events.event_id in (select batch_events.event_id from batch_events)
       or pixel_events.order_id in (select batch_orders.order_id from batch_orders)
),

event_copies as (
    select * from touched_events where is_batch_event
),

checkout_visitors as (
    select visitor_id from touched_events where not is_batch_event
),

linked_orders as (
    select order_id from batch_orders
    union
    select order_id from event_copies where order_id is not null
),

order_copies as (
    select orders.email_hash, orders.customer_id
    from orders
    inner join linked_orders on linked_orders.order_id = orders.order_id
),

identifiers as (
    select 'visitor_id' as identifier_type, visitor_id as identifier from event_copies
    union
    select 'email_hash', nullif(trim(email_hash), '') from event_copies
    union
    select 'customer_id', nullif(trim(customer_id), '') from event_copies
    union
    select 'visitor_id', visitor_id from checkout_visitors
    union
    select 'email_hash', nullif(trim(email_hash), '') from order_copies
    union
    select 'customer_id', nullif(trim(customer_id), '') from order_copies
)

-- the identifier beside its key: a model probes its rows' identifiers with the batch's, not
-- a key built for each of its rows (int_identity_nodes)
select distinct
    {{ attribution_node_key('identifier_type', 'identifier') }} as node_key,
    identifier_type,
    identifier
from identifiers
where identifier is not null
