{#- The eight conversion destinations and the platform facts the mart applies (docs/conversions.md
    cites each platform's documentation):
    - event_name: the platform's standard purchase event;
    - click_ids: the click-ID parameters it accepts, in order of preference;
    - matches_on_email: it matches on a hashed email; false when the upload needs a click ID
      (Google Ads and Microsoft Advertising click-ID templates);
    - matches_on_external_id: it also matches on a hashed customer id (not LinkedIn);
    - needs_user_agent: its website events must carry the browser's user agent (Meta);
    - window_days / window_from: how old an event may be when it reaches the platform, counted
      from the event ('event') or from the ad click ('click');
    - has_adjustments: the platform restates and retracts a conversion already received, so
      the value sent is the net revenue and a refund becomes an adjustment. -#}
{% macro conversions_destinations() -%}
    {{ return([
        {'name': 'meta', 'matches_on_external_id': true, 'event_name': 'Purchase', 'click_ids': ['fbclid'], 'matches_on_email': true,
         'needs_user_agent': true, 'window_days': 7, 'window_from': 'event', 'has_adjustments': false},
        {'name': 'google_ads', 'matches_on_external_id': false, 'event_name': 'Purchase', 'click_ids': ['gclid', 'gbraid', 'wbraid'], 'matches_on_email': false,
         'needs_user_agent': false, 'window_days': 90, 'window_from': 'click', 'has_adjustments': true},
        {'name': 'pinterest', 'matches_on_external_id': true, 'event_name': 'checkout', 'click_ids': ['epik'], 'matches_on_email': true,
         'needs_user_agent': false, 'window_days': 7, 'window_from': 'event', 'has_adjustments': false},
        {'name': 'tiktok', 'matches_on_external_id': true, 'event_name': 'CompletePayment', 'click_ids': ['ttclid'], 'matches_on_email': true,
         'needs_user_agent': false, 'window_days': 28, 'window_from': 'event', 'has_adjustments': false},
        {'name': 'snapchat', 'matches_on_external_id': true, 'event_name': 'PURCHASE', 'click_ids': ['sccid'], 'matches_on_email': true,
         'needs_user_agent': false, 'window_days': 37, 'window_from': 'event', 'has_adjustments': false},
        {'name': 'microsoft_ads', 'matches_on_external_id': false, 'event_name': 'Purchase', 'click_ids': ['msclkid'], 'matches_on_email': false,
         'needs_user_agent': false, 'window_days': 90, 'window_from': 'click', 'has_adjustments': true},
        {'name': 'reddit', 'matches_on_external_id': true, 'event_name': 'Purchase', 'click_ids': ['rdt_cid'], 'matches_on_email': true,
         'needs_user_agent': false, 'window_days': 7, 'window_from': 'event', 'has_adjustments': false},
        {'name': 'linkedin', 'matches_on_external_id': false, 'event_name': 'PURCHASE', 'click_ids': ['li_fat_id'], 'matches_on_email': true,
         'needs_user_agent': false, 'window_days': 90, 'window_from': 'event', 'has_adjustments': false},
    ]) }}
{%- endmacro %}


{#- The refund setting for destinations without adjustments (var conversions_refund_policy):
    'gross' sends the order's gross value as soon as it is known; 'net_after_delay' waits
    conversions_net_delay_days after the order and sends its net value. Fails fast on anything else. -#}
{% macro conversions_refund_policy() -%}
    {%- set policy = var('conversions_refund_policy', 'gross') | string | trim %}
    {%- if policy not in ('gross', 'net_after_delay') %}
        {{ exceptions.raise_compiler_error("var conversions_refund_policy must be 'gross' or 'net_after_delay', got " ~ policy) }}
    {%- endif %}
    {%- set delay = var('conversions_net_delay_days', 3) %}
    {%- if not (delay | string | trim).isdigit() or (delay | int) > 6 %}
        {{ exceptions.raise_compiler_error("var conversions_net_delay_days must be a whole number of days from 0 to 6 (Meta, Pinterest and Reddit accept events up to 7 days old), got " ~ delay) }}
    {%- endif %}
    {{ return(policy) }}
{%- endmacro %}


{#- The build's copy of the conversion export ledger (source conversions_ledger), created empty
    when no export has run yet: the loader step replaces it with the ledger file's rows
    (touchline.conversions.ledger, whose EXPORTS_DDL this mirrors). -#}
{% macro conversions_create_ledger_copy() -%}
    {{ return(adapter.dispatch('conversions_create_ledger_copy', 'touchline')()) }}
{%- endmacro %}

{% macro default__conversions_create_ledger_copy() -%}
    {%- if execute and flags.WHICH in ('run', 'build') -%}
    create schema if not exists audit;
    create table if not exists audit.conversion_exports (
        destination varchar not null,
        order_id varchar not null,
        event_id varchar not null,
        export_action varchar not null,
        value decimal(18, 4) not null,
        currency varchar not null,
        payload_hash varchar not null,
        export_file varchar not null,
        exported_at timestamp not null
    )
    {%- endif -%}
{%- endmacro %}


{#- The part of a conversion's status that the as-of time decides, once the order is known to
    be sendable (marts.conversion_events): past the platform's window, still inside the refund
    delay, or ready. An incremental build also uses it to find the stored rows the move of the
    as-of time changes. -#}
{% macro conversions_status_at(accepted_until, send_after_at, as_of_at) -%}
    case
        when {{ accepted_until }} < {{ as_of_at }} then 'skipped: too old'
        when {{ send_after_at }} > {{ as_of_at }} then 'waiting: refund delay'
        else 'ready'
    end
{%- endmacro %}
