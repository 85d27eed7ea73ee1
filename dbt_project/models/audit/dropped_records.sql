-- one row per landing kind and reason: records that were loaded but do not reach the marts
-- (duplicates removed by staging, bot events), and rows of vendors' exports that are not
-- records (report totals, summary rows: audit.dropped_lines), so that nothing disappears
-- unexplained. It reads the landed tables (sources) on purpose, to count them against staging.
with

dropped_lines as (

    select kind, reason, count(*) as records
    from {{ source('loader', 'dropped_lines') }}
    group by kind, reason

),

{#- Each landed kind whose staging model keeps fewer rows than its raw table: the difference
    is one reason (staging also counts the pixel's bot events, reported as their own reason).
    The next source with a de-duplicating staging model is one line here. -#}
{%- set replaced = [
    {'kind': 'pixel', 'raw': 'pixel_events', 'staged': 'stg_pixel_events', 'reason': 'duplicate event_id (retried send)', 'has_bots': true},
    {'kind': 'orders', 'raw': 'orders', 'staged': 'stg_orders', 'reason': 'older state of an order exported again'},
    {'kind': 'refunds', 'raw': 'refunds', 'staged': 'stg_refunds', 'reason': 'duplicate refund_id'},
    {'kind': 'spend', 'raw': 'spend', 'staged': 'stg_spend', 'reason': 'spend row replaced by a later export'},
    {'kind': 'fx', 'raw': 'fx', 'staged': 'stg_fx_rates', 'reason': 'rate replaced by a later file'},
] %}

{%- for pair in replaced %}

raw_{{ pair.kind }} as (

    select count(*) as records from {{ source('landing', pair.raw) }}

),

staged_{{ pair.kind }} as (

    select
        count(*) as records
        {%- if pair.has_bots %},
        sum(case when is_bot then 1 else 0 end) as bot_records
        {%- endif %}
    from {{ ref(pair.staged) }}

),
{%- endfor %}

reasons as (
{% for pair in replaced %}
    select '{{ pair.kind }}' as kind, '{{ pair.reason }}' as reason,
        raw_{{ pair.kind }}.records - staged_{{ pair.kind }}.records as records
    from raw_{{ pair.kind }} cross join staged_{{ pair.kind }}

    union all
{% endfor %}
    select 'pixel', 'bot user agent (kept in staging, excluded from attribution)',
        coalesce(staged_pixel.bot_records, 0)
    from staged_pixel

    union all

    select kind, reason, records
    from dropped_lines

)

select
    kind,
    reason,
    cast(records as bigint) as records
from reasons
