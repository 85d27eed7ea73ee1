-- The landed copies of pixel events that are not kept: one row per copy after the first of an
-- event_id (a retried send repeats the id). The copy kept is the one received first, then the
-- one in the file whose path sorts first, then the earlier line, so the result does not depend
-- on the order in which files landed. stg_pixel_events is the landed events minus these rows.
--
-- Incremental by event: a build re-ranks the copies of the event ids of its loads only, which
-- the incremental bookkeeping (int_incremental_batch_events) names: a listed layer exception
-- (docs/architecture.md), since the loads a build takes in are decided before staging.
{{ incremental_config(unique_key='event_id', batch_keys='int_incremental_batch_events') }}
with

source as (

    select event_id, received_at, load_id, file_path, line_number
    from {{ source('landing', 'pixel_events') }}
    where {{ in_incremental_batch('event_id', 'int_incremental_batch_events') }}

),

-- ranking only the ids with more than one copy: a hash aggregate over every landed event,
-- then a window over the few retried ones, instead of a window over all of them
repeated_ids as (

    select event_id
    from source
    group by event_id
    having count(*) > 1

),

ranked as (

    select
        source.event_id,
        source.load_id,
        source.file_path,
        source.line_number,
        row_number() over (
            partition by source.event_id
            order by source.received_at asc nulls last, source.file_path asc, source.line_number asc
        ) as occurrence
    from source
    inner join repeated_ids on repeated_ids.event_id = source.event_id

)

select
    event_id,
    load_id,
    file_path,
    line_number,
    cast(occurrence as bigint) as occurrence
from ranked
where occurrence > 1
