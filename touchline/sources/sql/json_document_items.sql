-- The records of a JSON document (`{"orders": [...]}` or `[...]`), numbered from 1 as Python's
-- streaming reader numbers them (orders_json_sql.py), when DuckDB reads the document as that
-- reader does; else no rows, and Python reads the whole file (and may reject it):
-- - the document parses (try: a document DuckDB cannot parse is not an error here);
-- - its records are the list at $records_path, under a root key written once (Python would
--   read every list of a repeated key);
-- - it holds nothing DuckDB's parser accepts and Python's refuses (json_document_standard.sql).
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
    select documents.document
    from documents
    cross join __touchline_json_standard as standard
    where documents.has_records and standard.is_standard
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
