-- The non-blank lines of a JSON-lines file (`record_number` is Python's line number: the blank
-- lines before the first record are not counted), each with whether DuckDB may read it as a
-- record (`is_object`: orders_json_sql.py, bulk_orders_sql.py, events_sql.py read only those):
-- a line Python reads as this JSON object, whole. A line Python could read otherwise is not:
-- longer than the record limit, not a JSON object, holding what DuckDB's parser accepts and
-- Python's refuses ($non_standard, checked outside strings; $lines_standard: the caller found
-- no suspect of it anywhere in the file), or nested deeper than Python parses. A line of
-- spaces is blank (Python skips it); one longer than the record limit is not.
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

lines_read as (
    select
        record_number,
        item,
        -- (a case: trim() only on the lines that start with a space)
        strlen(item) <= $record_limit
        and case when left(item, 1) = ' ' then trim(item) = '' else item = '' end as is_blank,
        strlen(item) <= $record_limit
        -- valid JSON that opens with `{` is an object (one parse, not two; a line with
        -- whitespace before its `{` is read by Python)
        and left(item, 1) = '{'
        -- (no line under 1000 characters holds 1000 brackets: counted only in longer ones)
        and (strlen(item) < 1000 or strlen(item) - strlen(replace(replace(item, '[', ''), '{', '')) < 1000)
        and json_valid(item)
        -- (not looked for when the whole file holds no suspect: $lines_standard,
        -- json_lines_suspect.sql)
        and (
            $lines_standard
            or not (
                -- strings are taken out only when a suspect is found at all (a rare file or line)
                case when regexp_matches(item, $non_standard)
                    then regexp_matches(regexp_replace(item, $json_string, '""', 'g'), $non_standard)
                    else false
                end
            )
        ) as is_object
    from lines
)

select record_number, item, is_object
from lines_read
where not is_blank
