-- Each non-blank line of a bulk-operation file (shopify_graphql_lines.sql or _typed_lines.sql) as
-- the fold groups are formed from it (bulk_fold_groups.py): its fold key's state ('key': a plain
-- string, the line folds with its neighbours of the same key; 'none': no key, the line stands
-- alone; 'unknown': Python's key may be anything, or a key is named twice, whose value Python
-- reads last and DuckDB first), the key, and whether a line folded into an order leaves it
-- DuckDB's (a child line, a line item or a visit, unique in its keys and no page view).
create or replace temp view __touchline_bulk_line_keys as
select
    record_number,
    case
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
