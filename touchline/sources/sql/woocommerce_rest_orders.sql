-- WooCommerce REST orders mapped by DuckDB (orders_json_sql.py), as formats/woocommerce.py maps
-- them in Python: one order row per record, one refund per `refunds[]` entry (kept here as
-- `refund_entries` for woocommerce_rest_refunds.sql). An order is DuckDB's only when every value
-- the mapping reads is in a spelling whose SQL value is exactly Python's; any other order goes,
-- whole, to the Python mapping (which loads it or quarantines it with its reason):
-- - each object read (the order, `billing`, every `meta_data` and `refunds` entry) names a key
--   once (Python keeps a repeated key's last value, DuckDB its first);
-- - ids are JSON integers (18 digits at most) or plain printable ASCII text;
-- - times are strings in the landing contract's ISO spelling, inside the run's date window, and
--   not `T` with a negative offset (Python appends a `Z` to a `T` time without `Z` or `+`);
-- - amounts are strings of plain decimals, the currency three letters, the status plain text;
-- - `meta_data` and `refunds` are lists of objects; an order-attribution value the mapping
--   uses (the source type among them) is a string (or null) of printable ASCII;
-- - the landing site and referrer are printable ASCII without `@`, `%40` or `%25` (nothing
--   for the email redaction); when UTM values are added to the landing URL, it is `/path` or
--   `http(s)://host/path` with a non-empty query and no fragment, and no query key holds `%`
--   or `+` (urlsplit / parse_qsl then read it as the SQL below does);
-- - the billing email is printable ASCII (hashed here, trimmed and lowercased; never stored).
-- Blank texts (spaces only) are absent, as Python's `text()` reads them.
create or replace temp table __touchline_json_orders as
with

attribution_typed as (
    -- `_wc_order_attribution_source_type` (trimmed, lowercased): the UTM values are a tagged
    -- visit's only when it is `utm` or absent (WooCommerce fills `utm_source` for organic,
    -- referral and typed-in visits too; formats/woocommerce.py says why and where that is read)
    select
        *,
        lower(trim(__touchline_woocommerce_attribution_value(attribution_keys, attribution_entries, 'source_type')))
            as source_type
    from __touchline_json_parsed
),

attribution as (
    select
        *,
        __touchline_woocommerce_attribution_value(attribution_keys, attribution_entries, 'session_entry')
            as session_entry,
        -- a typed-in visit is direct: its referrer (at most one of the store's own pages) is dropped
        case when coalesce(source_type, '') <> 'typein' then
            __touchline_woocommerce_attribution_value(attribution_keys, attribution_entries, 'referrer')
        end as referrer,
        -- (the six lookups only for a tagged visit that has a UTM value at all)
        case
            when coalesce(source_type, 'utm') = 'utm' and list_has_any(attribution_keys, [
                '"_wc_order_attribution_utm_source"', '"_wc_order_attribution_utm_medium"',
                '"_wc_order_attribution_utm_campaign"', '"_wc_order_attribution_utm_content"',
                '"_wc_order_attribution_utm_term"', '"_wc_order_attribution_utm_id"'
            ]) then
            list_filter(
                [
                    { 'name': 'utm_source', 'value': __touchline_woocommerce_attribution_value(attribution_keys, attribution_entries, 'utm_source') },
                    { 'name': 'utm_medium', 'value': __touchline_woocommerce_attribution_value(attribution_keys, attribution_entries, 'utm_medium') },
                    { 'name': 'utm_campaign', 'value': __touchline_woocommerce_attribution_value(attribution_keys, attribution_entries, 'utm_campaign') },
                    { 'name': 'utm_content', 'value': __touchline_woocommerce_attribution_value(attribution_keys, attribution_entries, 'utm_content') },
                    { 'name': 'utm_term', 'value': __touchline_woocommerce_attribution_value(attribution_keys, attribution_entries, 'utm_term') },
                    { 'name': 'utm_id', 'value': __touchline_woocommerce_attribution_value(attribution_keys, attribution_entries, 'utm_id') }
                ],
                lambda param: param.value is not null
            )
            else []
        end as utm_params
    from attribution_typed
),

landing_read as (
    -- with_params(): the URL's query and its keys as parse_qsl reads them (lowercased)
    select
        *,
        -- (only where there are UTM values to add: else the URL is the landing site as it is)
        case
            when len(utm_params) = 0 then null
            when contains(session_entry, '?') then split_part(session_entry, '?', 2)
            else ''
        end as landing_query
    from attribution
),

landing_keyed as (
    select
        *,
        case when len(utm_params) > 0 then list_transform(
            list_filter(string_split(landing_query, '&'), lambda part: part <> ''), lambda part: lower(split_part(part, '=', 1))
        ) end as landing_keys
    from landing_read
),

landing_valued as (
    -- the UTM values the URL lacks, `name=value` with the value encoded as quote_plus does
    select
        *,
        case when len(utm_params) = 0 then '' else array_to_string(
            list_transform(
                list_filter(utm_params, lambda param: not list_contains(landing_keys, param.name)),
                lambda param: param.name || '=' || replace(url_encode(param.value), '%20', '+')
            ),
            '&'
        ) end as added_query
    from landing_keyed
),

orders_checked as (
    select
        *,
        case
            when session_entry is null or added_query = '' then session_entry
            when landing_query = '' then session_entry || '?' || added_query
            else session_entry || '&' || added_query
        end as landing_site,
        case when created_type = '"' and regexp_full_match(created_text, $timestamp)
            then __touchline_utc(created_text) end as created_at,
        case when modified_type = '"' and regexp_full_match(modified_text, $timestamp)
            then __touchline_utc(modified_text) end as modified_at,
        coalesce(lower(case when status_type = '"' then status_text end), '') as status_lowered
    from landing_valued
),

orders_valued as (
    select
        *,
        coalesce(
            is_object
            and has_unique_keys
            -- (`case` where a value's check depends on its type: DuckDB evaluates every side of an
            -- `and` / `or` on every order, and a pattern costs ~4 ns a byte it reads)
            and case
                when id_type = '"' then regexp_full_match(id_text, $plain_text) and trim(id_text) <> ''
                else regexp_full_match(id_text, $json_integer)
            end
            and case
                when status_type is null then true
                when status_type = '"' then regexp_full_match(status_text, '|' || $plain_text)
                else false
            end
            and currency_type = '"' and regexp_full_match(currency_text, '[A-Za-z]{3}')
            and total_type = '"' and regexp_full_match(total_text, $money_text)
            -- (a time its pattern matched ends with a negative offset when its sixth character
            -- from the end is `-`; Python appends a `Z` to such a `T` time)
            and created_at between $earliest_at and $latest_at
            and not (contains(created_text, 'T') and substr(created_text, -6, 1) = '-')
            -- (a modified time is none, blank, or a time in the window: a blank one has no time)
            and case
                when modified_type is null then true
                when modified_type <> '"' then false
                when modified_at between $earliest_at and $latest_at
                    then not (contains(modified_text, 'T') and substr(modified_text, -6, 1) = '-')
                else trim(modified_text) = ''
            end
            and case
                when customer_type is null then true
                when customer_type = '"' then regexp_full_match(customer_text, ' *|' || $plain_text)
                else regexp_full_match(customer_text, $json_integer)
            end
            and has_unique_billing_keys is not false
            and case
                when email_type is null then true
                when email_type = '"' then regexp_full_match(email_text, '[ -~]*')
                else false
            end
            and (meta_type is null or meta_type = '[')
            and has_unique_meta_keys
            -- (`!`: an attribution value the mapping uses that is not printable ASCII text)
            and not coalesce(list_contains(attribution_keys, '!'), false)
            -- (the landing site and referrer are printable ASCII: the attribution values they are
            -- made of are, and the UTM values are added URL-encoded; so without `@`, they are
            -- `[ -?A-~]*`, what the email redaction leaves as it is)
            and (landing_site is null or not (contains(landing_site, '@') or contains(landing_site, '%40') or contains(landing_site, '%25')))
            and case
                when len(utm_params) = 0 or session_entry is null then true
                else
                    regexp_full_match(
                        session_entry,
                        '(?:https?://[A-Za-z0-9.-]+(?::[0-9]+)?)?(?:/(?:[!"$-.0->@-~][!"$->@-~]*)?)?(?:[?][!"$-~]+)?'
                    )
                    and not regexp_matches(landing_query, '(?:^|&)[^=&]*[%+]')
            end
            and (referrer is null or not (contains(referrer, '@') or contains(referrer, '%40') or contains(referrer, '%25')))
            and (refunds_type is null or refunds_type = '[')
            and has_unique_refund_keys
            and list_bool_and(
                list_transform(
                    refund_entries,
                    lambda entry: coalesce(
                        (
                            (entry.id_type not in ('"', '{', '[', 't', 'f') and regexp_full_match(entry.id, $json_integer))
                            or (entry.id_type = '"' and regexp_full_match(entry.id, $plain_text) and trim(entry.id) <> '')
                        )
                        and entry.total_type = '"' and regexp_full_match(entry.total, $money_text),
                        false
                    )
                )
            ) is not false
            and (len(refund_entries) = 0 or modified_at is not null),
            false
        ) as is_taken
    from orders_checked
)

select
    record_number,
    id_text as order_id,
    created_at,
    modified_at as updated_at,
    case when trim(email_text) <> '' then sha256(lower(trim(email_text))) end as email_hash,
    case when trim(customer_text) <> '' and customer_text <> '0' then customer_text end as customer_id,
    upper(currency_text) as currency,
    cast(total_text as decimal(18, 4)) as total_price,
    -- the status mapped as _STATUS maps it (else lowercased); paid with refunds is partially refunded
    case
        when status_lowered in ('completed', 'processing') and len(refund_entries) > 0 then 'partially_refunded'
        when status_lowered in ('completed', 'processing') then 'paid'
        when status_lowered = 'paid' and len(refund_entries) > 0 then 'partially_refunded'
        when status_lowered in ('cancelled', 'failed', 'trash') then 'voided'
        when status_lowered in ('pending', 'on-hold', 'checkout-draft') then 'pending'
        when trim(status_lowered) <> '' then status_lowered
    end as financial_status,
    landing_site,
    referrer as referring_site,
    false as is_test,
    refund_entries
from orders_valued
where is_taken
