-- Every identifier that takes part in identity resolution: one row per identifier. Every
-- human visitor is a node (a visitor that never identifies is a person of its own), and so
-- is every email hash and customer id seen on events or orders, except blocked ones.
--
-- Incremental by identifier: an identifier is a node (or blocked: its visitor degree) because
-- of the events and orders that name it, so only identifiers that the batch's events and
-- orders name can appear, disappear or change their blocked status;
-- int_incremental_batch_identifiers lists them (every copy, old and new, and both ends of
-- their links), and a build recomputes those. The batch's identifiers are probed by type
-- and value (its identifier_type and identifier), so no node key is built for each landed
-- event or order.
{{ incremental_config(unique_key='node_key', batch_keys='int_incremental_batch_identifiers') }}
with

pixel_events as (
    select * from {{ ref('stg_pixel_events') }}
),

links as {{ tl_inlined_cte() }} (
    select * from {{ ref('int_identity_links') }}
),

orders as {{ tl_inlined_cte() }} (
    select * from {{ ref('stg_orders') }}
),

blocked as (
    select * from {{ ref('int_identity_blocked_identifiers') }}
),

visitors as (
    select distinct 'visitor_id' as identifier_type, visitor_id as identifier
    from pixel_events
    where not is_bot
      and event_type in ('page_view', 'identify', 'checkout_completed')
      and {{ in_incremental_batch('visitor_id', 'int_incremental_batch_identifiers', 'identifier',
                                  where="identifier_type = 'visitor_id'") }}
),

linked_identifiers as (
    select type_a as identifier_type, identifier_a as identifier from links
    where {{ in_incremental_batch(attribution_node_key('type_a', 'identifier_a'), 'int_incremental_batch_identifiers', 'node_key') }}
    union
    select type_b as identifier_type, identifier_b as identifier from links
    where {{ in_incremental_batch(attribution_node_key('type_b', 'identifier_b'), 'int_incremental_batch_identifiers', 'node_key') }}
),

order_emails as (
    select distinct 'email_hash' as identifier_type, nullif(trim(email_hash), '') as identifier
    from orders
    where {{ in_incremental_batch("nullif(trim(email_hash), '')", 'int_incremental_batch_identifiers', 'identifier',
                                  where="identifier_type = 'email_hash'") }}
),

order_customers as (
    select distinct 'customer_id' as identifier_type, nullif(trim(customer_id), '') as identifier
    from orders
    where {{ in_incremental_batch("nullif(trim(customer_id), '')", 'int_incremental_batch_identifiers', 'identifier',
                                  where="identifier_type = 'customer_id'") }}
),

unioned as (
    select identifier_type, identifier from visitors
    union
    select identifier_type, identifier from linked_identifiers
    union
    select identifier_type, identifier from order_emails
    union
    select identifier_type, identifier from order_customers
)

select
    {{ attribution_node_key('unioned.identifier_type', 'unioned.identifier') }} as node_key,
    unioned.identifier_type,
    unioned.identifier
from unioned
left join blocked
    on blocked.identifier_type = unioned.identifier_type
    and blocked.identifier = unioned.identifier
where unioned.identifier is not null
  and blocked.identifier is null
