-- The pixel fast path's timestamps (pixel_parse_block.sql). A timestamp is accepted only as
-- YYYY-MM-DDTHH:MM:SS[.fff|.ffffff](Z|±HH:MM), a real date and time.

-- The text split into its day, time and zone; all three empty when it does not match.
create or replace temp macro __touchline_pixel_ts_parts(ts_text) as
    regexp_extract(
        ts_text,
        '^((?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))T((?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3}|\.\d{6})?)(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$',
        ['day', 'time', 'zone']
    );

-- The naive UTC timestamp of such parts; null when the text did not match.
create or replace temp macro __touchline_pixel_utc(parts) as
    case when parts.day <> '' then
        try_cast(parts.day || ' ' || parts.time as timestamp) - to_minutes(
            case
                when parts.zone = 'Z' then 0
                else (case when left(parts.zone, 1) = '-' then -1 else 1 end)
                    * (try_cast(substr(parts.zone, 2, 2) as bigint) * 60 + try_cast(substr(parts.zone, 5, 2) as bigint))
            end
        )
    end;
