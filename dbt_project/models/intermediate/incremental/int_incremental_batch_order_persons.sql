-- The orders whose person this build recomputes (int_orders_person), with the person the
-- previous build gave them: one row per order. An order's person follows from its export
-- row, its checkout events and the identity components of its checkout visitor, email hash
-- and customer id, so: the orders of the loads it takes in and every order a copy (old or
-- new) of a batch event names (the `o:` keys of int_incremental_batch_links), and the orders
-- whose checkout visitor, email hash or customer id sits in a recomputed component or is an
-- identifier of the batch (one that became blocked has no component left). Empty when the
-- batch is full.
{%- set previous = previous_build_relation('intermediate', 'int_orders_person') %}
with

batch as (
    select * from {{ ref('int_incremental_batch') }}
),

batch_links as (
    select * from {{ ref('int_incremental_batch_links') }}
),

batch_identifiers as (
    select * from {{ ref('int_incremental_batch_identifiers') }}
),

components as (
    select * from {{ ref('int_identity_components') }}
),

previous_orders as (
    {%- if previous %}
    select order_id, email_hash, customer_id, checkout_visitor_id, person_id from {{ previous }}
    {%- else %}
    select
        cast(null as string) as order_id,
        cast(null as string) as email_hash,
        cast(null as string) as customer_id,
        cast(null as string) as checkout_visitor_id,
        cast(null as string) as person_id
    where false
    {%- endif %}
),

recomputed_nodes as (
    select components.node_key
    from components
    cross join batch
    where components.assigned_through_load_id > batch.from_load_id
    union
    select node_key from batch_identifiers
),

linked_orders as (
    select {{ identity_link_id('link_key') }} as order_id
    from batch_links
    where {{ identity_link_is_order('link_key') }}
),

reassigned_orders as (
    {%- for identifier_type, column in [('visitor_id', 'checkout_visitor_id'), ('email_hash', 'email_hash'),
                                        ('customer_id', 'customer_id')] %}
    select previous_orders.order_id
    from previous_orders
    inner join recomputed_nodes
        on recomputed_nodes.node_key = {{ attribution_node_key("'" ~ identifier_type ~ "'", 'previous_orders.' ~ column) }}
    {%- if not loop.last %}
    union
    {%- endif %}
    {%- endfor %}
),

order_ids as (
    select order_id from linked_orders
    union
    select order_id from reassigned_orders
)

select
    order_ids.order_id,
    previous_orders.person_id as previous_person_id
from order_ids
cross join batch
left join previous_orders on previous_orders.order_id = order_ids.order_id
where not batch.is_full
