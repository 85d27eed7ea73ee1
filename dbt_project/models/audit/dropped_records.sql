-- one row per landing kind and reason: records that were loaded but do not reach the marts
-- (duplicates removed by staging, bot events), and rows of vendors' exports that are not
-- records (report totals, summary rows: audit.dropped_lines), so that nothing disappears
-- unexplained.
with

dropped_lines as (

    select kind, reason, count(*) as records
    from {{ source('loader', 'dropped_lines') }}
    group by kind, reason

),

raw_pixel_events as (

    select count(*) as records from {{ source('landing', 'pixel_events') }}

),

pixel_events as (

    select
        count(*) as records,
        sum(case when is_bot then 1 else 0 end) as bot_records
    from {{ ref('stg_pixel_events') }}

),

raw_orders as (

    select count(*) as records from {{ source('landing', 'orders') }}

),

orders as (

    select count(*) as records from {{ ref('stg_orders') }}

),

raw_refunds as (

    select count(*) as records from {{ source('landing', 'refunds') }}

),

refunds as (

    select count(*) as records from {{ ref('stg_refunds') }}

),

raw_spend as (

    select count(*) as records from {{ source('landing', 'spend') }}

),

spend as (

    select count(*) as records from {{ ref('stg_spend') }}

),

raw_fx as (

    select count(*) as records from {{ source('landing', 'fx') }}

),

fx as (

    select count(*) as records from {{ ref('stg_fx_rates') }}

),

reasons as (

    select 'pixel' as kind, 'duplicate event_id (retried send)' as reason,
        raw_pixel_events.records - pixel_events.records as records
    from raw_pixel_events cross join pixel_events

    union all

    select 'pixel', 'bot user agent (kept in staging, excluded from attribution)',
        coalesce(pixel_events.bot_records, 0)
    from pixel_events

    union all

    select 'orders', 'older state of an order exported again',
        raw_orders.records - orders.records
    from raw_orders cross join orders

    union all

    select 'refunds', 'duplicate refund_id',
        raw_refunds.records - refunds.records
    from raw_refunds cross join refunds

    union all

    select 'spend', 'spend row replaced by a later export',
        raw_spend.records - spend.records
    from raw_spend cross join spend

    union all

    select 'fx', 'rate replaced by a later file',
        raw_fx.records - fx.records
    from raw_fx cross join fx

    union all

    select kind, reason, records
    from dropped_lines

)

select
    kind,
    reason,
    cast(records as bigint) as records
from reasons
