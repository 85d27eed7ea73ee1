-- every record of the file by its number (orders_json_sql.py counts them): for a format whose
-- orders statement reads __touchline_json_items itself
create or replace temp table __touchline_json_parsed as
select record_number
from __touchline_json_items
