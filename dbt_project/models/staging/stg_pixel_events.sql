-- Incremental, not a view like the other staging models: eight models read it, and as a view
-- each of them re-ran the de-duplicating window over every landed event (docs/benchmarks.md).
-- A build re-ranks only the event ids of the loads it takes in, over all their copies.
{{ config(
    materialized='incremental',
    incremental_strategy='replace_batch',
    unique_key='event_id',
    batch_keys='int_incremental_batch_events',
) }}

-- one row per pixel event (distinct event_id): retried sends repeat an event_id, and the
-- copy kept is the one received first, then the one in the file that sorts first, so the
-- result does not depend on the order in which files landed.
with

source as (

    select * from {{ source('landing', 'pixel_events') }}
    where {{ in_incremental_batch('event_id', 'int_incremental_batch_events') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by received_at asc nulls last, file_path asc, line_number asc
        ) as occurrence
    from source

),

renamed as (

    select
        event_id,
        lower(event_type) as event_type,
        ts as event_at,
        received_at,
        visitor_id,
        url as page_url,
        referrer as referrer_url,
        user_agent,
        email_hash,
        customer_id,
        order_id,
        revenue as pixel_revenue,
        currency as pixel_currency,
        is_bot,
        load_id,
        file_path,
        line_number
    from ranked
    where occurrence = 1

)

select * from renamed
