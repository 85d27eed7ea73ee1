-- The lines of one block (__touchline_pixel_lines: line_number, line) that DuckDB can read as
-- the Python parser reads them (touchline/landing/pixel_sql.py lists the rules), split into
-- their fields as text: the line-level rules. pixel_typed_block.sql types the fields and
-- applies the field-level rules; every other line goes to Python.
create or replace temp table __touchline_pixel_fields as
with

-- Cheap text checks first; DuckDB may evaluate conditions in any order, so the JSON
-- functions sit behind a case that only reaches lines DuckDB can parse.
candidates as (
    select
        line_number,
        line,
        starts_with(line, '{')
        and not contains(line, '@')
        and not contains(line, '%40')
        and not contains(line, '%25')
        and not contains(line, '\u')
        -- a value after a key that is neither a string nor null, or a trailing comma; inside
        -- a JSON string a quote is escaped, so a match there is only a false alarm. Two
        -- patterns, not one alternation: each starts with a literal the regex engine can
        -- skip to, which makes the pair less than half the cost of `a|b` (docs/benchmarks.md)
        and not regexp_matches(line, '"\s*:\s*(?:[^"\sn]|n[^u])')
        and not regexp_matches(line, ',\s*\}')
        and json_valid(line) as is_candidate
    from __touchline_pixel_lines
),

objects as materialized (
    select
        line_number,
        case
            when is_candidate then from_json(line, '{
                "event_id": "VARCHAR", "event_type": "VARCHAR", "ts": "VARCHAR",
                "received_at": "VARCHAR", "visitor_id": "VARCHAR", "url": "VARCHAR",
                "referrer": "VARCHAR", "user_agent": "VARCHAR", "email_hash": "VARCHAR",
                "email": "VARCHAR", "customer_id": "VARCHAR", "order_id": "VARCHAR",
                "revenue": "VARCHAR", "currency": "VARCHAR"
            }')
        end as j,
        case when is_candidate then json_keys(line) end as keys
    from candidates
    where is_candidate
),

split as (
    select
        objects.line_number,
        objects.j.event_id,
        objects.j.event_type,
        objects.j.ts as ts_text,
        objects.j.received_at as received_at_text,
        objects.j.visitor_id,
        objects.j.url,
        objects.j.referrer,
        objects.j.user_agent,
        objects.j.email_hash,
        objects.j.email,
        objects.j.customer_id,
        objects.j.order_id,
        objects.j.revenue,
        objects.j.currency
    from objects
    -- no top-level key twice (DuckDB keeps the first, Python the last)
    where len(objects.keys) = len(list_distinct(objects.keys))
)

select * from split
