-- The link keys whose identity links this build recomputes: one row per key. An event's own
-- links are keyed by its event_id, an order's and its checkouts' by the order_id: every event
-- id of the loads it takes in, every order id of those loads, and the order named by any copy
-- (old and new) of a batch event (a new checkout event links its visitor to the order). Empty
-- when the batch is full.
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

event_orders as (
    select distinct pixel_events.order_id
    from pixel_events
    inner join batch_events on batch_events.event_id = pixel_events.event_id
    where pixel_events.order_id is not null
)

select {{ identity_link_key("'event'", 'event_id') }} as link_key from batch_events
union
select {{ identity_link_key("'order'", 'order_id') }} from batch_orders
union
select {{ identity_link_key("'order'", 'order_id') }} from event_orders
