{#-
  CTE fragments of classify_hits: click-ID precedence and the rule precedence of
  classification.md (touches), then the ordered channel rules (channels).
  Expects keys_with_referrer and the seed import CTEs in scope.
-#}
{% macro classification_touch_ctes() %}
{%- set click_ids = classification_click_id_parameters() -%}
keys_with_origin as (
    select
        *,
        -- an unknown external host is its own source (without www.), medium referral
        case when referrer_kind = 'external' then coalesce(referrer_entry_source, referrer_host) end as referrer_source,
        case when referrer_kind = 'external' then coalesce(referrer_entry_medium, 'referral') end as referrer_medium,
        case when referrer_kind = 'external' then referrer_platform end as referrer_known_platform
    from keys_with_referrer
),

-- first click ID present in the registry's order (the column list follows click_id_rank,
-- which a test checks), and the first paid one; their attributes come from the seed
keys_with_click_types as (
    select
        *,
        case
            {%- for click_id in click_ids %}
            when {{ click_id }} is not null then '{{ click_id }}'
            {%- endfor %}
        end as first_click_type,
        case
            {%- for click_id in click_ids %}
            when {{ click_id }} is not null
                and (select is_paid from click_id_registry where parameter = '{{ click_id }}') then '{{ click_id }}'
            {%- endfor %}
        end as paid_click_type
    from keys_with_origin
),

keys_with_clicks as (
    select
        keys_with_click_types.*,
        -- fbclid is credited to the Meta app the visitor came from (instagram, threads)
        coalesce(first_click_override.referrer_platform, first_click.platform) as first_click_platform,
        coalesce(paid_click_override.referrer_platform, paid_click.platform) as paid_click_platform,
        paid_click.ad_platform as paid_click_ad_platform,
        paid_click.medium as paid_click_medium,
        first_click.medium as first_click_medium
    from keys_with_click_types
    left join click_id_registry as first_click
        on keys_with_click_types.first_click_type = first_click.parameter
    left join click_id_referrer_platforms as first_click_override
        on keys_with_click_types.first_click_type = first_click_override.parameter
        and keys_with_click_types.referrer_known_platform = first_click_override.referrer_platform
    left join click_id_registry as paid_click
        on keys_with_click_types.paid_click_type = paid_click.parameter
    left join click_id_referrer_platforms as paid_click_override
        on keys_with_click_types.paid_click_type = paid_click_override.parameter
        and keys_with_click_types.referrer_known_platform = paid_click_override.referrer_platform
),

keys_with_lookups as (
    select
        keys_with_clicks.*,
        utm_alias.source as utm_alias_source,
        utm_alias.platform as utm_alias_platform,
        utm_alias.ad_platform as utm_alias_ad_platform,
        utm_alias.category as utm_alias_category,
        first_click_registry.ad_platform as first_click_ad_platform,
        first_click_registry.category as first_click_category,
        paid_click_registry.category as paid_click_category,
        referrer_category_media.shapes_paid_click_channel as is_referrer_shaping_paid_channel
    from keys_with_clicks
    left join source_aliases as utm_alias
        on lower(keys_with_clicks.utm_source) = utm_alias.alias
    left join source_aliases as first_click_registry
        on keys_with_clicks.first_click_platform = first_click_registry.alias
    left join source_aliases as paid_click_registry
        on keys_with_clicks.paid_click_platform = paid_click_registry.alias
    left join category_media as referrer_category_media
        on keys_with_clicks.referrer_category = referrer_category_media.category
),

-- precedence of classification.md: first rule that applies
keys_with_rule as (
    select
        *,
        case
            when utm_source is not null or utm_medium is not null then 'utm'
            when paid_click_type is not null then 'paid_click'
            when first_click_type is not null then 'fbclid'
            when srsltid is not null
                and (referrer_kind <> 'external' or referrer_known_platform = 'google') then 'free_listing'
            when referrer_kind = 'external' then 'referrer'
            else 'direct'
        end as touch_rule
    from keys_with_lookups
),

touch_origins as (
    select
        *,
        case touch_rule
            when 'utm' then
                case
                    when utm_source is not null then coalesce(utm_alias_source, lower(utm_source))
                    when first_click_type is not null then first_click_platform
                    else coalesce(referrer_source, '(not set)')
                end
            when 'paid_click' then paid_click_platform
            when 'fbclid' then first_click_platform
            when 'free_listing' then 'google'
            when 'referrer' then referrer_source
            else '(direct)'
        end as source,
        case touch_rule
            when 'utm' then
                case
                    when utm_source is not null then utm_alias_platform
                    when first_click_type is not null then first_click_platform
                    else referrer_known_platform
                end
            when 'paid_click' then paid_click_platform
            when 'fbclid' then first_click_platform
            when 'free_listing' then 'google'
            when 'referrer' then referrer_known_platform
        end as platform,
        case touch_rule
            when 'utm' then
                case
                    when utm_source is not null then utm_alias_ad_platform
                    when first_click_type is not null then first_click_ad_platform
                    when referrer_kind = 'external' then referrer_ad_platform
                end
            when 'paid_click' then paid_click_ad_platform
            when 'fbclid' then first_click_ad_platform
            when 'free_listing' then 'google'
            when 'referrer' then referrer_ad_platform
        end as ad_platform,
        case touch_rule
            when 'utm' then
                case
                    when utm_source is not null then utm_alias_category
                    when first_click_type is not null then first_click_category
                    when referrer_kind = 'external' then referrer_category
                end
            -- the ad network's own video or display host shapes the channel (gclid from YouTube)
            when 'paid_click' then
                case
                    when referrer_kind = 'external'
                        and referrer_ad_platform = paid_click_ad_platform
                        and is_referrer_shaping_paid_channel then referrer_category
                    else paid_click_category
                end
            when 'fbclid' then first_click_category
            when 'free_listing' then 'shopping'
            when 'referrer' then referrer_category
        end as source_category
    from keys_with_rule
),

touches as (
    select
        touch_origins.*,
        case touch_rule
            when 'utm' then coalesce(lower(utm_medium), paid_click_medium, origin_category_media.medium, '(not set)')
            when 'paid_click' then paid_click_medium
            when 'fbclid' then first_click_medium
            when 'free_listing' then 'organic'
            when 'referrer' then referrer_medium
            else '(none)'
        end as medium
    from touch_origins
    left join category_media as origin_category_media
        on touch_origins.source_category = origin_category_media.category
),

{%- endmacro %}


{% macro classification_channel_ctes() %}
channel_inputs as (
    select distinct
        source,
        medium,
        coalesce(utm_campaign, '') as campaign,
        coalesce(source_category, '') as source_category
    from touches
),

-- each pattern is tried once per distinct value, not per input: the patterns come from a
-- column, so every try compiles a regular expression, and a store with many referring hosts
-- has many inputs but few media and campaigns
{%- for field in ['source', 'medium', 'campaign'] %}
channel_{{ field }}_matches as (
    select
        values_of.{{ field }},
        channel_rules.rule_id
    from (select distinct {{ field }} from channel_inputs) as values_of
    cross join channel_rules
    where channel_rules.{{ field }}_pattern is not null
        and {{ tl_regexp_full_match('lower(values_of.' ~ field ~ ')', 'channel_rules.' ~ field ~ '_pattern') }}
),
{% endfor %}

-- every rule row is a conjunction; a null condition always holds; first order wins
matched_channel_rules as (
    select
        channel_inputs.source,
        channel_inputs.medium,
        channel_inputs.campaign,
        channel_inputs.source_category,
        min(channel_rules.rule_order) as rule_order
    from channel_inputs
    cross join channel_rules
    left join channel_source_matches
        on channel_inputs.source = channel_source_matches.source
        and channel_rules.rule_id = channel_source_matches.rule_id
    left join channel_medium_matches
        on channel_inputs.medium = channel_medium_matches.medium
        and channel_rules.rule_id = channel_medium_matches.rule_id
    left join channel_campaign_matches
        on channel_inputs.campaign = channel_campaign_matches.campaign
        and channel_rules.rule_id = channel_campaign_matches.rule_id
    where (channel_rules.source_pattern is null or channel_source_matches.rule_id is not null)
        and (channel_rules.medium_pattern is null or channel_medium_matches.rule_id is not null)
        and (channel_rules.campaign_pattern is null or channel_campaign_matches.rule_id is not null)
        and (channel_rules.source_category is null
            or channel_rules.source_category = channel_inputs.source_category)
    group by 1, 2, 3, 4
),

channels as (
    select distinct
        matched_channel_rules.source,
        matched_channel_rules.medium,
        matched_channel_rules.campaign,
        matched_channel_rules.source_category,
        channel_rules.channel
    from matched_channel_rules
    inner join channel_rules
        on matched_channel_rules.rule_order = channel_rules.rule_order
),

{%- endmacro %}


{#- The organic search terms: for each distinct referrer whose host is a search engine with
    query parameters (classification_search_params), the first of them the referrer's query
    carries with a value; the query is only parsed for those referrers. -#}
{% macro classification_search_term_ctes() %}
search_referrers as (
    select
        referrers.hit_referrer,
        referrer_matches.search_rank,
        {{ tl_url_query('referrers.hit_referrer') }} as referrer_query
    from referrers
    inner join referrer_matches
        on referrers.referrer_host = referrer_matches.referrer_host
        and referrers.referrer_path = referrer_matches.referrer_path
        and referrers.is_app_referrer = referrer_matches.is_app_referrer
    where referrer_matches.search_rank is not null
        and {{ tl_contains('referrers.hit_referrer', '=') }}
),

search_term_raw as (
    select
        search_referrers.hit_referrer,
        search_params.match_rank,
        search_params.param_rank,
        {{ tl_decode_param(tl_query_param_raw_dynamic('search_referrers.referrer_query', 'search_params.param')) }} as term
    from search_referrers
    inner join search_params
        on search_referrers.search_rank = search_params.match_rank
    where instr(lower(search_referrers.referrer_query), search_params.param || '=') > 0
),

search_term_values as (
    select
        hit_referrer,
        match_rank,
        param_rank,
        {{ classification_clean_value('term') }} as term
    from search_term_raw
),

referrer_search_terms as (
    select hit_referrer, match_rank, term
    from (
        select
            hit_referrer,
            match_rank,
            term,
            row_number() over (partition by hit_referrer, match_rank order by param_rank) as param_order
        from search_term_values
        where term is not null
    ) as ordered_terms
    where param_order = 1
),

{%- endmacro %}
