-- The visitors whose events (and so sessions) this build recomputes: one row per visitor that
-- any copy of a batch event names, old copies included (a replaced copy may have named
-- another visitor). Empty when the batch is full.
with

batch_events as (
    select * from {{ ref('int_incremental_batch_events') }}
),

pixel_events as (
    select * from {{ source('landing', 'pixel_events') }}
)

select distinct pixel_events.visitor_id
from pixel_events
inner join batch_events on batch_events.event_id = pixel_events.event_id
