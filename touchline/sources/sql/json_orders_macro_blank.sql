-- Whether a text is not blank as trim() reads it (trim(value) <> ''), and the text trimmed
-- (trim(value)), without trimming the texts that need none: trim() copies every text it is
-- given (~10 CPU ms per 100,000 values), and a text that starts (and, to be kept as it is, ends)
-- with printable non-space ASCII has nothing to trim: trim() takes off spaces, Unicode ones
-- too (U+00A0, U+3000, ...), never one of those. (`value >= '!' and value < chr(127)` compares
-- the first byte: texts compare byte by byte.)
create or replace temp macro __touchline_has_text(value) as
    case when value >= '!' and value < chr(127) then true else trim(value) <> '' end;

create or replace temp macro __touchline_trimmed(value) as
    case
        when value >= '!' and value < chr(127) and right(value, 1) between '!' and '~' then value
        else trim(value)
    end;

-- a `gid://shopify/Order/123` id's last path segment without its query, as shopify_id() reduces
-- it (the last part after a `/`, cut at its first `?`): parse_filename on `/` alone is that part
-- at a third of the cost of string_split's list
create or replace temp macro __touchline_gid_tail(value) as
    split_part(parse_filename(value, false, 'forward_slash'), '?', 1)
