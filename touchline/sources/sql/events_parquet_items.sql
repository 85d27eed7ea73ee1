-- A Parquet batch's rows (__touchline_event_rows: record_number, and the columns the mapping
-- reads as one struct, touchline/sources/events_sql.py) as JSON objects, the items the JSON
-- formats' event SQL reads (events_ga4.sql): the values Python's to_pylist gives are the
-- values this JSON holds for the column types events_sql.py lets through.
create or replace temp table __touchline_json_items as
select
    record_number,
    to_json(event_row) as item,
    true as is_object
from __touchline_event_rows
