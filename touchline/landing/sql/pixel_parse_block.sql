-- The lines of one block (__touchline_pixel_lines: line_number, line) that DuckDB can read as
-- the Python parser reads them (touchline/landing/pixel_sql.py lists the rules), split into
-- their fields as text: the line-level rules. pixel_typed_block.sql types the fields and
-- applies the field-level rules; every other line goes to Python.
create or replace temp table __touchline_pixel_fields as
with

-- The line-level rules as one filter. DuckDB may evaluate its conditions in any order, and
-- json_valid never fails, so it can sit among them; the JSON functions that do fail on
-- other text are only in the projections above the filter, which see the lines it kept.
candidates as (
    select
        line_number,
        line
    from __touchline_pixel_lines
    where
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
        and json_valid(line)
),

parsed as (
    select
        line_number,
        from_json(line, '{
            "event_id": "VARCHAR", "event_type": "VARCHAR", "ts": "VARCHAR",
            "received_at": "VARCHAR", "visitor_id": "VARCHAR", "url": "VARCHAR",
            "referrer": "VARCHAR", "user_agent": "VARCHAR", "email_hash": "VARCHAR",
            "email": "VARCHAR", "customer_id": "VARCHAR", "order_id": "VARCHAR",
            "revenue": "VARCHAR", "currency": "VARCHAR"
        }') as j,
        json_keys(line) as keys
    from candidates
),

-- No top-level key twice (DuckDB keeps the first, Python the last): such a line keeps its
-- row with every field null, which pixel_typed_block.sql never types (event_id is
-- required), so it goes to Python. Not a `where` here: DuckDB would push that filter down
-- into the one above, its json_keys written out twice (the check evaluated twice, and a
-- failing JSON function possibly ahead of json_valid) (docs/benchmarks.md)
objects as (
    select
        line_number,
        case when len(keys) = len(list_distinct(keys)) then j end as j
    from parsed
)

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
