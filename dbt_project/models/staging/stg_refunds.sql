-- one row per refund (distinct refund_id); a refund exported twice keeps its first copy by
-- file path, then line.
with

source as (

    select * from {{ source('landing', 'refunds') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by refund_id
            order by file_path asc, line_number asc
        ) as occurrence
    from source

),

renamed as (

    select
        refund_id,
        order_id,
        refunded_at,
        amount as refund_amount,
        currency,
        load_id,
        file_path,
        line_number
    from ranked
    where occurrence = 1

)

select * from renamed
