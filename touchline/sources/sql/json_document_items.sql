-- The records of a JSON document (`{"orders": [...]}` or `[...]`), numbered from 1 as Python's
-- streaming reader numbers them (orders_json_sql.py), when DuckDB reads the document as that
-- reader does; else no rows, and Python reads the whole file (and may reject it):
-- - the document parses (try: a document DuckDB cannot parse is not an error here);
-- - its records are the list at $records_path, under a root key written once (Python would
--   read every list of a repeated key);
-- - it holds nothing DuckDB's parser accepts and Python's refuses ($non_standard, checked
--   outside strings: a NaN, a trailing comma, a number too large for Python's reader).
-- A record that is not an object is listed for Python (`is_object`), which quarantines it.
create or replace temp table __touchline_json_items as
with

root_keys as (
    select document, try(json_keys(document)) as keys
    from __touchline_json_document
),

documents as (
    select
        document,
        case
            when $records_path = '$[*]' then try(json_array_length(document)) is not null
            else list_contains(keys, $records_key) and len(keys) = len(list_distinct(keys))
        end as has_records
    from root_keys
),

readable as (
    select document
    from documents
    where has_records
      and not (
          -- strings are taken out only when a suspect is found at all (a rare document)
          case when regexp_matches(document, $non_standard)
              then regexp_matches(regexp_replace(document, $json_string, '""', 'g'), $non_standard)
              else false
          end
      )
),

listed as (
    select json_extract(document, $records_path) as records
    from readable
),

numbered as (
    select
        generate_subscripts(records, 1) as record_number,
        unnest(records) as item
    from listed
)

select record_number, item, left(item, 1) = '{' as is_object
from numbered
