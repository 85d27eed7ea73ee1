{#-
  CTE fragment of classify_hits: referrer hosts matched against the registry (most specific
  entry wins via match_rank) and the shapes of classification_host_shapes (webmail labels,
  deref- redirect hosts), as touchline.classification.hosts.match_referrer does; and each
  key's referrer kind (none / internal / unwanted / external).
  Expects hit_keys, key_params, host_entries, host_shapes, category_media and unwanted_hosts
  in scope.
-#}

{#- the distinct referrer hosts and the hosts their redirects name: the hosts looked up -#}
{% macro classification_referrer_host_ctes() %}
referrer_hosts as (
    select distinct referrer_host, is_app_referrer
    from hit_keys
    where referrer_host <> ''
),

-- shape: a webmail link-redirect host (deref-web-02.de) names the host it redirects for (web.de)
redirect_rests as (
    select
        referrer_hosts.referrer_host,
        substr(referrer_hosts.referrer_host, length(host_shapes.value) + 1) as rest
    from referrer_hosts
    inner join host_shapes
        on host_shapes.shape = 'redirect_prefix'
        and substr(referrer_hosts.referrer_host, 1, length(host_shapes.value)) = host_shapes.value
    where not referrer_hosts.is_app_referrer
),

referrer_redirects as (
    select
        referrer_host,
        {{ tl_regexp_extract('rest', '^([^.]+?)(?:-[0-9]+)?[.]') }}
            || {{ tl_regexp_extract('rest', '^[^.]+([.].*)$') }} as redirect_host
    from redirect_rests
    where {{ tl_regexp_extract('rest', '^([^.]+?)(?:-[0-9]+)?[.]') }} <> ''
),

-- the hosts looked up in the registry: every referrer host and every host a redirect names
lookup_hosts as (
    select referrer_host, is_app_referrer
    from referrer_hosts
    union
    select redirect_host as referrer_host, false as is_app_referrer
    from referrer_redirects
),

{%- endmacro %}


{#- every registry key each looked-up host could match (referrer_match_keys) -#}
{% macro classification_referrer_key_ctes() %}
referrer_keys as (
    {{ referrer_match_keys('lookup_hosts', 'referrer_host', 'is_app_referrer') }}
),
{%- endmacro %}


{#- the best registry entry of each referrer and each key's referrer kind -#}
{% macro classification_referrer_ctes(internal_hosts) %}
{%- set max_labels = 10 -%}

-- shape: the sub-domain label nearest the domain that says webmail (webmail2, posta, mail),
-- not one of the host's last two labels; the provider is the domain right of it
webmail_label_candidates as (
    {%- for depth in range(3, max_labels + 1) %}
    select
        referrer_host,
        {{ depth }} as label_depth,
        {{ tl_regexp_replace_all(tl_regexp_extract('referrer_host', '(?:^|[.])([^.]+)(?:[.][^.]+){' ~ (depth - 1) ~ '}$'), '-?[0-9]+$', '') }} as label,
        {{ tl_regexp_extract('referrer_host', '(?:^|[.])([^.]+(?:[.][^.]+){' ~ (depth - 2) ~ '})$') }} as provider_domain
    from referrer_hosts
    where not is_app_referrer
        and {{ tl_regexp_extract('referrer_host', '(?:^|[.])([^.]+)(?:[.][^.]+){' ~ (depth - 1) ~ '}$') }} <> ''
    {{ "union all" if not loop.last }}
    {%- endfor %}
),

webmail_label_matches as (
    select
        webmail_label_candidates.referrer_host,
        webmail_label_candidates.label_depth,
        webmail_label_candidates.provider_domain,
        row_number() over (
            partition by webmail_label_candidates.referrer_host
            order by webmail_label_candidates.label_depth
        ) as label_order
    from webmail_label_candidates
    inner join host_shapes
        on host_shapes.shape = 'webmail_label'
        and webmail_label_candidates.label = host_shapes.value
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
    select cast(null as string) as referrer_host
    where 1 = 0
),
{% endif %}

referrer_paths as (
    select distinct referrer_host, referrer_path, is_app_referrer
    from hit_keys
    where referrer_host <> ''
),

-- each referrer is looked up as itself and, for a redirect host, as the host it names
referrer_lookups as (
    select referrer_host, referrer_path, is_app_referrer, referrer_host as lookup_host, false as is_redirect
    from referrer_paths
    union all
    select
        referrer_paths.referrer_host,
        referrer_paths.referrer_path,
        referrer_paths.is_app_referrer,
        referrer_redirects.redirect_host as lookup_host,
        true as is_redirect
    from referrer_paths
    inner join referrer_redirects
        on referrer_paths.referrer_host = referrer_redirects.referrer_host
    where not referrer_paths.is_app_referrer
),

-- the most specific entry wins: match_rank already orders entries by specificity
lookup_best_rank as (
    select
        referrer_lookups.referrer_host,
        referrer_lookups.referrer_path,
        referrer_lookups.is_app_referrer,
        referrer_lookups.lookup_host,
        referrer_lookups.is_redirect,
        min(host_entries.match_rank) as match_rank
    from referrer_lookups
    inner join referrer_keys
        on referrer_lookups.lookup_host = referrer_keys.referrer_host
        and referrer_lookups.is_app_referrer = referrer_keys.is_app_referrer
    inner join host_entries
        on referrer_keys.match_key = host_entries.pattern
    where host_entries.path_prefix is null
        or referrer_lookups.referrer_path = host_entries.path_prefix
        or referrer_lookups.referrer_path like host_entries.path_prefix || '/%'
    group by 1, 2, 3, 4, 5
),

-- and how many of the host's labels it covers (compared with a webmail label's depth)
lookup_best as (
    select
        lookup_best_rank.referrer_host,
        lookup_best_rank.referrer_path,
        lookup_best_rank.is_app_referrer,
        lookup_best_rank.is_redirect,
        lookup_best_rank.match_rank,
        max(referrer_keys.match_depth) as match_depth
    from lookup_best_rank
    inner join host_entries
        on lookup_best_rank.match_rank = host_entries.match_rank
    inner join referrer_keys
        on lookup_best_rank.lookup_host = referrer_keys.referrer_host
        and lookup_best_rank.is_app_referrer = referrer_keys.is_app_referrer
        and host_entries.pattern = referrer_keys.match_key
    group by 1, 2, 3, 4, 5
),

-- precedence (hosts.match_referrer): a webmail label the listed entry does not cover (and
-- that is not email already), then the listed entry, then what a redirect host names
referrer_match_kinds as (
    select
        referrer_paths.referrer_host,
        referrer_paths.referrer_path,
        referrer_paths.is_app_referrer,
        case
            when webmail_label_matches.label_depth is not null
                and (listed.match_rank is null
                    or (listed.match_depth < webmail_label_matches.label_depth
                        and listed_entry.category <> 'email')) then 'webmail_label'
            when listed.match_rank is not null then 'listed'
            when redirected_entry.category = 'email' then 'redirect_listed'
            when referrer_redirects.redirect_host is not null then 'redirect'
        end as match_kind,
        listed.match_rank as listed_rank,
        redirected.match_rank as redirected_rank,
        webmail_label_matches.provider_domain,
        referrer_redirects.redirect_host
    from referrer_paths
    left join lookup_best as listed
        on referrer_paths.referrer_host = listed.referrer_host
        and referrer_paths.referrer_path = listed.referrer_path
        and referrer_paths.is_app_referrer = listed.is_app_referrer
        and not listed.is_redirect
    left join host_entries as listed_entry
        on listed.match_rank = listed_entry.match_rank
    left join lookup_best as redirected
        on referrer_paths.referrer_host = redirected.referrer_host
        and referrer_paths.referrer_path = redirected.referrer_path
        and referrer_paths.is_app_referrer = redirected.is_app_referrer
        and redirected.is_redirect
    left join host_entries as redirected_entry
        on redirected.match_rank = redirected_entry.match_rank
    left join referrer_redirects
        on referrer_paths.referrer_host = referrer_redirects.referrer_host
        and not referrer_paths.is_app_referrer
    left join webmail_label_matches
        on referrer_paths.referrer_host = webmail_label_matches.referrer_host
        and not referrer_paths.is_app_referrer
        and webmail_label_matches.label_order = 1
),

referrer_matches as (
    select
        referrer_match_kinds.referrer_host,
        referrer_match_kinds.referrer_path,
        referrer_match_kinds.is_app_referrer,
        case referrer_match_kinds.match_kind
            when 'webmail_label' then referrer_match_kinds.provider_domain
            when 'redirect' then referrer_match_kinds.redirect_host
            else entry.source
        end as source,
        entry.platform,
        entry.ad_platform,
        coalesce(entry.category, 'email') as category,
        coalesce(entry.medium, email_media.medium) as medium,
        -- a search engine's entry names the parameters that carry its search terms
        case when entry.category = 'search' then entry.match_rank end as search_rank
    from referrer_match_kinds
    left join host_entries as entry
        on entry.match_rank = case referrer_match_kinds.match_kind
            when 'listed' then referrer_match_kinds.listed_rank
            when 'redirect_listed' then referrer_match_kinds.redirected_rank
        end
    left join category_media as email_media
        on email_media.category = 'email'
    where referrer_match_kinds.match_kind is not null
),

keys_with_referrer as (
    select
        key_params.*,
        case
            when key_params.referrer_host = '' then 'none'
            -- the landing page's host and the configured hosts count with their sub-domains
            when not key_params.is_app_referrer
                and (key_params.referrer_host = key_params.page_host
                    or (key_params.page_host <> ''
                        and right(key_params.referrer_host, length(key_params.page_host) + 1)
                            = '.' || key_params.page_host)
                    or internal_referrer_hosts.referrer_host is not null) then 'internal'
            when unwanted_referrer_hosts.referrer_host is not null then 'unwanted'
            else 'external'
        end as referrer_kind,
        referrer_matches.source as referrer_entry_source,
        referrer_matches.platform as referrer_platform,
        referrer_matches.ad_platform as referrer_ad_platform,
        referrer_matches.category as referrer_category,
        referrer_matches.medium as referrer_entry_medium,
        referrer_matches.search_rank as referrer_search_rank
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
