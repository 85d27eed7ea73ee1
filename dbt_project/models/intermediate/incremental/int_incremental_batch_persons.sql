-- The persons whose summary this build recomputes (marts.person_first_touch): one row per
-- current person of a batch visitor, of a recomputed identity component, or of a batch
-- order, the person an order whose person was recomputed had before (it may have lost
-- its first order), and every person this build can have retired. Empty when the batch is full.
--
-- Retired persons: person_id hashes a component's smallest node key, so a person disappears
-- (merged into another, split, its identifiers blocked) only when the component of that node
-- is recomputed, or when the node itself leaves the graph, which makes it one of the batch's
-- identifiers. The hash of every recomputed node's key and of every batch identifier's key
-- therefore names every person that may be gone; recomputing one that is gone writes no row,
-- so the mart loses it with its batch (most of these ids were never persons: they are keys,
-- not rows). This replaced a whole-table anti-join of the mart against every component each
-- night (docs/benchmarks.md, issue 20 fifteenth round).
with

batch as (
    select * from {{ ref('int_incremental_batch') }}
),

person_visitors as (
    select * from {{ ref('int_incremental_batch_person_visitors') }}
),

batch_orders as (
    select * from {{ ref('int_incremental_batch_orders') }}
),

components as {{ tl_inlined_cte() }} (
    select * from {{ ref('int_identity_components') }}
),

batch_identifiers as (
    select * from {{ ref('int_incremental_batch_identifiers') }}
),

order_people as (
    select * from {{ ref('int_orders_person') }}
),

order_persons as (
    select * from {{ ref('int_incremental_batch_order_persons') }}
),

persons as (
    select components.person_id
    from components
    inner join person_visitors
        on components.identifier_type = 'visitor_id'
        and person_visitors.visitor_id = components.identifier
    union
    select components.person_id
    from components
    cross join batch
    where components.assigned_through_load_id > batch.from_load_id
    union
    -- the persons a recomputed node or a node that left the graph may have been the label of
    select {{ dbt.hash('components.node_key') }}
    from components
    cross join batch
    where
        components.assigned_through_load_id > batch.from_load_id
        and components.node_key <> components.component_key
    union
    select {{ dbt.hash('node_key') }} from batch_identifiers
    union
    select order_people.person_id
    from order_people
    inner join batch_orders on batch_orders.order_id = order_people.order_id
    where order_people.person_id is not null
    union
    select previous_person_id from order_persons where previous_person_id is not null
)

select persons.person_id
from persons
cross join batch
where not batch.is_full
