{#-
  Every registry pattern that could match a referrer host: its suffixes at label boundaries
  (www.google.co.uk -> uk, co.uk, google.co.uk, www.google.co.uk) and, when it ends in a
  top-level domain (one alphabetic label, or a short second level under a two-letter
  country code), the same suffixes of what precedes the TLD followed by `.{}`
  (google.{}, www.google.{}). Android app referrers match only `android-app://<app id>`.
  Mirrors touchline.classification.hosts.candidate_depths; the unrolled union is portable and
  runs over distinct hosts only, so it is cheap. match_depth is how many of the host's labels
  the key covers (google.{} on google.co.uk: 3), which the webmail-label shape compares with.
-#}
{% macro referrer_match_keys(relation, host_column, is_app_column, max_labels=10) %}
{%- set label = '[^.]+' -%}
{%- set tld_shapes = [('[a-z]+', 1), ('[a-z]{2,3}[.][a-z]{2}', 2)] -%}
{%- for k in range(1, max_labels + 1) %}
select {{ host_column }}, {{ is_app_column }},
    {{ tl_regexp_extract(host_column, '(?:^|[.])(' ~ label ~ '(?:[.]' ~ label ~ '){' ~ (k - 1) ~ '})$') }} as match_key,
    {{ k }} as match_depth
from {{ relation }}
where not {{ is_app_column }}
union all
{%- endfor %}
{%- for tld_pattern, tld_labels in tld_shapes %}
{%- for k in range(1, max_labels) %}
select {{ host_column }}, {{ is_app_column }},
    {{ tl_regexp_extract(host_column, '(?:^|[.])(' ~ label ~ '(?:[.]' ~ label ~ '){' ~ (k - 1) ~ '})[.]' ~ tld_pattern ~ '$') }} || '.{}' as match_key,
    {{ k + tld_labels }} as match_depth
from {{ relation }}
where not {{ is_app_column }}
    and {{ tl_regexp_extract(host_column, '(?:^|[.])(' ~ label ~ '(?:[.]' ~ label ~ '){' ~ (k - 1) ~ '})[.]' ~ tld_pattern ~ '$') }} <> ''
union all
{%- endfor %}
{%- endfor %}
select {{ host_column }}, {{ is_app_column }}, 'android-app://' || {{ host_column }} as match_key, 1 as match_depth
from {{ relation }}
where {{ is_app_column }}
{% endmacro %}
