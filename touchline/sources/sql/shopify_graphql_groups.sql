-- The fold groups of a bulk-operation file's non-blank lines (shopify_graphql_lines.sql), one row
-- per group: its first and last line, its number of lines, and whether DuckDB may map the group
-- (its order line still to be vouched for by shopify_graphql_orders.sql): every line keyed, the
-- lines around it ending a group for Python too, and each child line (a line item, a visit)
-- unique in its keys and no page view. Computed on the lines' keys alone (a window over the
-- parsed values would sort them); a group's lines are the non-blank lines from its first to its
-- last, so no per-line table is joined back.
create or replace temp table __touchline_bulk_groups as
with

line_keys as (
    select
        record_number,
        case
            -- a key named twice: Python's is the last, DuckDB's the first
            when not is_plain or not has_unique_keys then 'unknown'
            when parent_state = 'none' then id_state
            else parent_state
        end as key_state,
        case
            when parent_state = 'key' then parent_text
            when parent_state = 'none' and id_state = 'key' then id_text
        end as fold_key,
        coalesce(is_no_visit and has_unique_keys, false) as is_plain_child
    from __touchline_bulk_lines
),

neighbours as (
    select
        *,
        lag(key_state) over (order by record_number) as previous_state,
        lag(fold_key) over (order by record_number) as previous_key,
        lead(key_state) over (order by record_number) as next_state
    from line_keys
),

starts as (
    select
        *,
        coalesce(not (key_state = 'key' and previous_state = 'key' and previous_key = fold_key), true) as is_first
    from neighbours
),

numbered as (
    select
        *,
        sum(case when is_first then 1 else 0 end) over (order by record_number rows unbounded preceding)
            as group_number
    from starts
),

group_checks as (
    select
        min(record_number) as first_number,
        max(record_number) as last_number,
        count(*) as line_count,
        coalesce(
            bool_and(key_state = 'key')
            and bool_and(is_first or is_plain_child)
            and coalesce(arg_min(previous_state, record_number), 'none') <> 'unknown'
            and coalesce(arg_max(next_state, record_number), 'none') <> 'unknown',
            false
        ) as is_readable
    from numbered
    group by group_number
)

select
    first_number,
    last_number,
    line_count,
    is_readable
from group_checks
