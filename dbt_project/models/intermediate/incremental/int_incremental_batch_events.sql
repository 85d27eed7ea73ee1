-- The pixel events whose kept copy this build recomputes: one row per event id of the loads
-- it takes in (a new copy can replace the kept one). Empty when the batch is full.
with

batch as (
    select * from {{ ref('int_incremental_batch') }}
),

pixel_events as (
    select * from {{ source('landing', 'pixel_events') }}
)

select distinct pixel_events.event_id
from pixel_events
cross join batch
where not batch.is_full
  and pixel_events.load_id > batch.from_load_id
  and pixel_events.load_id <= batch.to_load_id
