-- The visitors whose sessions or person this build recomputes: one row per visitor with
-- batch events, or whose identity component was recomputed (a merge or split moves its
-- sessions to another person). Empty when the batch is full.
with

batch as (
    select * from {{ ref('int_incremental_batch') }}
),

batch_visitors as (
    select * from {{ ref('int_incremental_batch_visitors') }}
),

components as (
    select * from {{ ref('int_identity_components') }}
),

reassigned_visitors as (
    select components.identifier as visitor_id
    from components
    cross join batch
    where not batch.is_full
      and components.identifier_type = 'visitor_id'
      and components.assigned_through_load_id > batch.from_load_id
)

select visitor_id from batch_visitors
union
select visitor_id from reassigned_visitors
