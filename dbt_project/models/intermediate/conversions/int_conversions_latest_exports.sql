-- What each destination last received for each order, from the export ledger: the latest row
-- per destination and order (a conversion, then any restatements or a retraction).
with

exports as (
    select * from {{ source('conversions_ledger', 'conversion_exports') }}
),

ranked as (
    select
        destination,
        order_id,
        export_action,
        value,
        currency,
        exported_at,
        row_number() over (partition by destination, order_id order by exported_at desc, export_action asc) as recency
    from exports
)

select
    destination,
    order_id,
    export_action as last_export_action,
    value as exported_value,
    currency as exported_currency,
    exported_at as last_exported_at
from ranked
where recency = 1
