-- The lines of a JSON-lines file that DuckDB may read as records (orders_json_sql.py): each
-- line Python reads as a JSON object, whole (`record_number` is Python's line number: the
-- blank lines before the first record are not counted). A line Python could read otherwise
-- is left out and read by Python: longer than the record limit, not a JSON object, or holding
-- what DuckDB's parser accepts and Python's refuses ($non_standard, checked outside
-- strings), or nested deeper than Python parses.
create or replace temp table __touchline_json_items as
with

lines as (
    select
        line_number - $leading_blank_lines as record_number,
        -- (rtrim with a character costs as much as parsing the line: only where there is one)
        case when suffix(line, chr(13)) then rtrim(line, chr(13)) else line end as item
    from __touchline_json_lines
    where line_number > $leading_blank_lines
),

parsed as (
    select
        record_number,
        item,
        -- valid JSON that opens with `{` is an object (one parse, not two; a line with
        -- whitespace before its `{` is read by Python)
        case when left(item, 1) = '{' then json_valid(item) else false end as is_object
    from lines
    where strlen(item) <= $record_limit
      -- (no line under 1000 characters holds 1000 brackets: counted only in longer ones)
      and (strlen(item) < 1000 or strlen(item) - strlen(replace(replace(item, '[', ''), '{', '')) < 1000)
)

select record_number, item, is_object
from parsed
where is_object
  and not (
      -- strings are taken out only when a suspect is found at all (a rare file or line)
      case when regexp_matches(item, $non_standard)
          then regexp_matches(regexp_replace(item, $json_string, '""', 'g'), $non_standard)
          else false
      end
  )
