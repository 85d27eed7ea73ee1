{#-
  CTE fragment of classify_hits: referrer hosts matched against the registry (most specific
  entry wins via match_rank), and each key's referrer kind (none / internal / unwanted /
  external). Expects hit_keys, key_params, host_entries and unwanted_hosts in scope.
-#}
{% macro classification_referrer_ctes(internal_hosts) %}
referrer_hosts as (
    select distinct referrer_host, is_app_referrer
    from hit_keys
    where referrer_host <> ''
),

referrer_keys as (
    {{ referrer_match_keys('referrer_hosts', 'referrer_host', 'is_app_referrer') }}
),

unwanted_referrer_hosts as (
    select distinct referrer_keys.referrer_host
    from referrer_keys
    inner join unwanted_hosts
        on referrer_keys.match_key = unwanted_hosts.host
    where not referrer_keys.is_app_referrer
),

{% if internal_hosts %}
internal_referrer_hosts as (
    select distinct referrer_host
    from referrer_keys
    where not is_app_referrer
        and match_key in ({% for host in internal_hosts %}'{{ host }}'{{ ", " if not loop.last }}{% endfor %})
),
{% else %}
internal_referrer_hosts as (
    select cast(null as varchar) as referrer_host
    where 1 = 0
),
{% endif %}

referrer_paths as (
    select distinct referrer_host, referrer_path, is_app_referrer
    from hit_keys
    where referrer_host <> ''
),

-- the most specific entry wins: match_rank already orders entries by specificity
referrer_best_rank as (
    select
        referrer_paths.referrer_host,
        referrer_paths.referrer_path,
        referrer_paths.is_app_referrer,
        min(host_entries.match_rank) as match_rank
    from referrer_paths
    inner join referrer_keys
        on referrer_paths.referrer_host = referrer_keys.referrer_host
        and referrer_paths.is_app_referrer = referrer_keys.is_app_referrer
    inner join host_entries
        on referrer_keys.match_key = host_entries.pattern
    where host_entries.path_prefix is null
        or referrer_paths.referrer_path = host_entries.path_prefix
        or referrer_paths.referrer_path like host_entries.path_prefix || '/%'
    group by 1, 2, 3
),

referrer_matches as (
    select
        referrer_best_rank.referrer_host,
        referrer_best_rank.referrer_path,
        referrer_best_rank.is_app_referrer,
        host_entries.source,
        host_entries.platform,
        host_entries.ad_platform,
        host_entries.category,
        host_entries.medium
    from referrer_best_rank
    inner join host_entries
        on referrer_best_rank.match_rank = host_entries.match_rank
),

keys_with_referrer as (
    select
        key_params.*,
        case
            when key_params.referrer_host = '' then 'none'
            when not key_params.is_app_referrer
                and (key_params.referrer_host = key_params.page_host
                    or internal_referrer_hosts.referrer_host is not null) then 'internal'
            when unwanted_referrer_hosts.referrer_host is not null then 'unwanted'
            else 'external'
        end as referrer_kind,
        referrer_matches.source as referrer_entry_source,
        referrer_matches.platform as referrer_platform,
        referrer_matches.ad_platform as referrer_ad_platform,
        referrer_matches.category as referrer_category,
        referrer_matches.medium as referrer_entry_medium
    from key_params
    left join internal_referrer_hosts
        on key_params.referrer_host = internal_referrer_hosts.referrer_host
    left join unwanted_referrer_hosts
        on key_params.referrer_host = unwanted_referrer_hosts.referrer_host
    left join referrer_matches
        on key_params.referrer_host = referrer_matches.referrer_host
        and key_params.referrer_path = referrer_matches.referrer_path
        and key_params.is_app_referrer = referrer_matches.is_app_referrer
),

{%- endmacro %}
