-- one row per day and currency: the rate that converts one unit of `currency` into the
-- reporting currency. A rate landed again in a later file replaces the earlier one.
with

source as (

    select * from {{ source('landing', 'fx') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by date_day, currency
            order by file_path desc, line_number desc
        ) as recency
    from source

),

renamed as (

    select
        date_day,
        currency,
        rate,
        load_id,
        file_path,
        line_number
    from ranked
    where recency = 1

)

select * from renamed
