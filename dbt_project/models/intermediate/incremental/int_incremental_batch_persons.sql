-- The persons whose summary this build recomputes (marts.person_first_touch): one row per
-- current person of a batch visitor, of a recomputed identity component, or of a batch
-- order, and the person an order whose person was recomputed had before (it may have lost
-- its first order). A person that no longer exists (merged away) is dropped by the mart itself.
-- Empty when the batch is full.
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

components as (
    select * from {{ ref('int_identity_components') }}
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
