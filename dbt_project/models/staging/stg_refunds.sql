-- one row per refund (distinct refund_id); a refund exported twice keeps its copy from the
-- file whose path sorts last, then the last line, as orders and spend do: an export that
-- restates a refund (Shopify's CSV `Refunded Amount` grows with each refund of an order,
-- docs/sources.md) replaces the earlier statement.
with

source as (

    select * from {{ source('landing', 'refunds') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by refund_id
            order by file_path desc, line_number desc
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
