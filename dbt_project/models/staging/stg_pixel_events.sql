-- one row per pixel event (distinct event_id): the landed events minus the copies that
-- de-duplication drops (stg_pixel_event_duplicates: the copy received first is kept, then the
-- one in the file that sorts first). A view: the landed table is not stored twice, and a build
-- maintains only the small table of dropped copies.
{{ config(materialized='view') }}
with

source as (

    select * from {{ source('landing', 'pixel_events') }}

),

duplicates as (

    select * from {{ ref('stg_pixel_event_duplicates') }}

),

kept as (

    select source.*
    from source
    left join duplicates
        on duplicates.load_id = source.load_id
        and duplicates.line_number = source.line_number
    where duplicates.load_id is null

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
    from kept

)

select * from renamed
