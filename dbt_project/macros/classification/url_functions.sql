{#-
  String, regex and URL functions the classifier needs, behind adapter.dispatch so the
  project can run on another adapter (default__ targets Spark SQL). Regex patterns are passed
  as Jinja strings, not SQL, because adapters escape backslashes in literals differently.
  The patterns mirror touchline/classification/urls.py: both paths must parse a URL alike.
-#}

{% macro tl_regex_literal(pattern) %}{{ return(adapter.dispatch('tl_regex_literal', 'touchline')(pattern)) }}{% endmacro %}
{% macro default__tl_regex_literal(pattern) %}'{{ pattern | replace("\\", "\\\\") }}'{% endmacro %}
{% macro duckdb__tl_regex_literal(pattern) %}'{{ pattern }}'{% endmacro %}

{# first capture group of the first match, '' when there is none #}
{% macro tl_regexp_extract(expr, pattern, case_insensitive=false) %}{{ return(adapter.dispatch('tl_regexp_extract', 'touchline')(expr, pattern, case_insensitive)) }}{% endmacro %}
{% macro default__tl_regexp_extract(expr, pattern, case_insensitive) -%}
regexp_extract({{ expr }}, {{ tl_regex_literal(('(?i)' if case_insensitive else '') ~ pattern) }}, 1)
{%- endmacro %}
{% macro duckdb__tl_regexp_extract(expr, pattern, case_insensitive) -%}
regexp_extract({{ expr }}, {{ tl_regex_literal(pattern) }}, 1{{ ", 'i'" if case_insensitive else "" }})
{%- endmacro %}

{# replace every match #}
{% macro tl_regexp_replace_all(expr, pattern, replacement) %}{{ return(adapter.dispatch('tl_regexp_replace_all', 'touchline')(expr, pattern, replacement)) }}{% endmacro %}
{% macro default__tl_regexp_replace_all(expr, pattern, replacement) -%}
regexp_replace({{ expr }}, {{ tl_regex_literal(pattern) }}, '{{ replacement }}')
{%- endmacro %}
{% macro duckdb__tl_regexp_replace_all(expr, pattern, replacement) -%}
regexp_replace({{ expr }}, {{ tl_regex_literal(pattern) }}, '{{ replacement }}', 'g')
{%- endmacro %}

{# whole-string match against a pattern held in a column (the channel rules seed) #}
{% macro tl_regexp_full_match(expr, pattern_expr) %}{{ return(adapter.dispatch('tl_regexp_full_match', 'touchline')(expr, pattern_expr)) }}{% endmacro %}
{% macro default__tl_regexp_full_match(expr, pattern_expr) -%}
({{ expr }} rlike concat('^(?:', {{ pattern_expr }}, ')$'))
{%- endmacro %}
{% macro duckdb__tl_regexp_full_match(expr, pattern_expr) -%}
regexp_full_match({{ expr }}, {{ pattern_expr }})
{%- endmacro %}

{# percent-decoding; text that does not decode to UTF-8 is kept as it came (Python: same) #}
{% macro tl_url_decode(expr) %}{{ return(adapter.dispatch('tl_url_decode', 'touchline')(expr)) }}{% endmacro %}
{% macro default__tl_url_decode(expr) -%}
coalesce(try_url_decode({{ expr }}), {{ expr }})
{%- endmacro %}
{% macro duckdb__tl_url_decode(expr) -%}
coalesce(try(url_decode({{ expr }})), {{ expr }})
{%- endmacro %}

{# trim spaces, tabs and line breaks at both ends #}
{% macro tl_trim_whitespace(expr) %}{{ return(adapter.dispatch('tl_trim_whitespace', 'touchline')(expr)) }}{% endmacro %}
{% macro default__tl_trim_whitespace(expr) -%}
regexp_replace({{ expr }}, '^[ \\t\\r\\n]+|[ \\t\\r\\n]+$', '')
{%- endmacro %}
{% macro duckdb__tl_trim_whitespace(expr) -%}
trim({{ expr }}, ' ' || chr(9) || chr(13) || chr(10))
{%- endmacro %}

{# substring test against a literal #}
{% macro tl_contains(expr, literal) %}{{ return(adapter.dispatch('tl_contains', 'touchline')(expr, literal)) }}{% endmacro %}
{% macro default__tl_contains(expr, literal) -%}
(instr({{ expr }}, '{{ literal }}') > 0)
{%- endmacro %}
{% macro duckdb__tl_contains(expr, literal) -%}
contains({{ expr }}, '{{ literal }}')
{%- endmacro %}

{#- URL pieces, as in touchline/classification/urls.py -#}

{# lowercase host without port, trailing dot or leading www.; '' when there is none #}
{% macro tl_url_host(expr) -%}
{{ tl_regexp_replace_all(
    tl_regexp_replace_all(
        tl_regexp_extract('lower(' ~ tl_trim_whitespace(expr) ~ ')', '^(?:[a-z][a-z0-9+.-]*:)?(?://)?(?:[^@/?#]*@)?([^:/?#]*)'),
        '[.]+$', ''),
    '^www[.]', '') }}
{%- endmacro %}

{# lowercase path ('' when none) #}
{% macro tl_url_path(expr) -%}
{{ tl_regexp_extract('lower(' ~ tl_trim_whitespace(expr) ~ ')', '^(?:[a-z][a-z0-9+.-]*:)?(?://)?[^/?#]*([^?#]*)') }}
{%- endmacro %}

{# the query string without `?` and fragment, HTML-escaped ampersands undone #}
{% macro tl_url_query(expr) -%}
replace({{ tl_regexp_extract(tl_trim_whitespace(expr), '^[^?#]*[?]([^#]*)') }}, '&amp;', '&')
{%- endmacro %}

{% macro tl_is_app_referrer(expr) -%}
(lower({{ tl_trim_whitespace(expr) }}) like 'android-app://%')
{%- endmacro %}

{# the raw (undecoded) value of the first `name=` in a query string, names case-insensitive #}
{% macro tl_query_param_raw(query_expr, name) -%}
{{ tl_regexp_extract(query_expr, '(?:^|&)' ~ name ~ '=([^&]*)', case_insensitive=true) }}
{%- endmacro %}

{# the same, the name coming from a column (the search engines' parameters); dots in names are literal #}
{% macro tl_query_param_raw_dynamic(query_expr, name_expr) %}{{ return(adapter.dispatch('tl_query_param_raw_dynamic', 'touchline')(query_expr, name_expr)) }}{% endmacro %}
{% macro default__tl_query_param_raw_dynamic(query_expr, name_expr) -%}
regexp_extract({{ query_expr }}, concat('(?i)(?:^|&)', replace({{ name_expr }}, '.', '[.]'), '=([^&]*)'), 1)
{%- endmacro %}
{% macro duckdb__tl_query_param_raw_dynamic(query_expr, name_expr) -%}
regexp_extract({{ query_expr }}, concat('(?:^|&)', replace({{ name_expr }}, '.', '[.]'), '=([^&]*)'), 1, 'i')
{%- endmacro %}

{# a raw parameter value decoded (`+` is a space) and trimmed; '' stays '' #}
{% macro tl_decode_param(raw_expr) -%}
{{ tl_trim_whitespace(tl_url_decode("replace(" ~ raw_expr ~ ", '+', ' ')")) }}
{%- endmacro %}
