{#-
  Helpers of the revenue analytics (docs/analytics.md). DuckDB-only functions sit behind
  adapter.dispatch (default__ targets Spark SQL), like the classification macros.
-#}

{#- The normalised campaign name that a spend campaign is matched on: trimmed, lowercased,
    runs of spaces, `_`, `-`, `+` folded to one `-` (the touch's campaign_key rule of
    classification.md), and leading/trailing `-` dropped, so 'Spring_Sale ' → 'spring-sale'. -#}
{% macro analytics_campaign_match_key(expr) -%}
    nullif({{ tl_regexp_replace_all(
        tl_regexp_replace_all('lower(' ~ tl_trim_whitespace(expr) ~ ')', '[-_+ ]+', '-'),
        '^-+|-+$', '') }}, '')
{%- endmacro %}

{#- Similarity of two strings in [0, 1] for the fuzzy campaign match. DuckDB: Jaro-Winkler.
    Spark has no Jaro-Winkler: there the similarity is 1 − Levenshtein distance / longer
    length, a stricter measure (the same threshold matches fewer pairs, never more typos). -#}
{% macro analytics_string_similarity(a, b) %}{{ return(adapter.dispatch('analytics_string_similarity', 'touchline')(a, b)) }}{% endmacro %}
{% macro default__analytics_string_similarity(a, b) -%}
    (1.0 - levenshtein({{ a }}, {{ b }}) / greatest(length({{ a }}), length({{ b }}), 1))
{%- endmacro %}
{% macro duckdb__analytics_string_similarity(a, b) -%}
    jaro_winkler_similarity({{ a }}, {{ b }})
{%- endmacro %}

{#- One row per day from start_date to end_date (both included), column date_day. -#}
{% macro analytics_day_spine(start_date, end_date) %}{{ return(adapter.dispatch('analytics_day_spine', 'touchline')(start_date, end_date)) }}{% endmacro %}
{% macro default__analytics_day_spine(start_date, end_date) -%}
    select explode(sequence(cast({{ start_date }} as date), cast({{ end_date }} as date), interval 1 day)) as date_day
{%- endmacro %}
{% macro duckdb__analytics_day_spine(start_date, end_date) -%}
    select cast(unnest(generate_series(cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp), interval 1 day)) as date) as date_day
{%- endmacro %}

{#- A ratio of two amounts, null over zero (or null) denominator, rounded to 4 decimals as
    decimal(18, 4). -#}
{% macro analytics_ratio(numerator, denominator) -%}
    cast(round(cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0), 4) as decimal(18, 4))
{%- endmacro %}

{#- An order of int_analytics_customer_orders that counts as of the as-of date: placed on or
    before it, by a customer whose first order is too. The model keeps every order (it is
    incremental, and any build can move the as-of date), so each reader applies this. A first
    order is its customer's earliest, so these are the orders a model filtered up to the as-of
    date before choosing first orders would hold. -#}
{% macro analytics_customer_order_as_of(customer_orders, as_of) -%}
    {{ customer_orders }}.order_date <= {{ as_of }}.as_of_date
    and {{ customer_orders }}.first_order_date <= {{ as_of }}.as_of_date
{%- endmacro %}

{#- The LTV windows of var ltv_windows, validated: a list of distinct positive whole days. -#}
{% macro analytics_ltv_windows() %}
    {%- set windows = var('ltv_windows', [7, 30, 90]) -%}
    {%- if windows is string -%}
        {%- set windows = fromjson(windows) if windows.strip().startswith('[') else windows.split(',') -%}
    {%- endif -%}
    {%- set result = [] -%}
    {%- for w in windows -%}
        {%- set n = w | string | trim -%}
        {%- if not n.isdigit() or (n | int) < 1 -%}
            {{ exceptions.raise_compiler_error("var ltv_windows must be a list of positive whole numbers of days, got " ~ windows) }}
        {%- endif -%}
        {%- if (n | int) not in result -%}{%- do result.append(n | int) -%}{%- endif -%}
    {%- endfor -%}
    {%- if result | length == 0 -%}
        {{ exceptions.raise_compiler_error("var ltv_windows must name at least one window (days), got " ~ windows) }}
    {%- endif -%}
    {{ return(result | sort) }}
{% endmacro %}

{#- The attribution models of marts.attribution_credits, in display order. -#}
{% macro analytics_attribution_models() %}
    {{ return(['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay']) }}
{% endmacro %}

{#- The attribution models as rows: one `model` column, one row per model. -#}
{% macro analytics_attribution_models_select() -%}
    {%- for model in analytics_attribution_models() %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select '{{ model }}' as model
    {%- endfor %}
{%- endmacro %}

{#- A touch's campaign columns, for sessions and landing-site orders alike: campaign (trimmed
    utm_campaign), touch_campaign_id (trimmed utm_id), campaign_match_key and
    touch_campaign_ref = ad platform | utm_id | normalised utm_campaign, the touch campaign
    that spend is matched to. `relation` is the CTE holding ad_platform, campaign and
    campaign_id; rows with neither a campaign nor an id are left out. -#}
{% macro analytics_touch_campaigns_from(relation, key_columns) -%}
    select
        {%- for column in key_columns %}
        {{ column }},
        {%- endfor %}
        ad_platform,
        channel,
        campaign,
        touch_campaign_id,
        campaign_match_key,
        {{ dbt.concat([
            "ad_platform", "'|'",
            "coalesce(touch_campaign_id, '')", "'|'",
            "coalesce(campaign_match_key, '')"
        ]) }} as touch_campaign_ref
    from (
        select
            {%- for column in key_columns %}
            {{ column }},
            {%- endfor %}
            ad_platform,
            channel,
            nullif({{ tl_trim_whitespace('campaign') }}, '') as campaign,
            nullif({{ tl_trim_whitespace('campaign_id') }}, '') as touch_campaign_id,
            {{ analytics_campaign_match_key('campaign') }} as campaign_match_key
        from {{ relation }}
    ) as touch_campaigns
    where campaign_match_key is not null
       or touch_campaign_id is not null
{%- endmacro %}
