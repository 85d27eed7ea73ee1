-- The block's lines DuckDB did not type, in order: the Python parser reads them.
select
    lines.line_number,
    lines.line
from __touchline_pixel_lines as lines
anti join __touchline_pixel_block as block on block.line_number = lines.line_number
order by lines.line_number asc
