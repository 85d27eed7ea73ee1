{#- Lowercase hex SHA-256 of a string expression: the same hash the loader writes into
    email_hash, so configured test emails can be blocked without ever storing them plain. -#}
{% macro attribution_sha256(expr) -%}
    {{ return(adapter.dispatch('attribution_sha256', 'touchline')(expr)) }}
{%- endmacro %}

{% macro default__attribution_sha256(expr) -%}
    sha2({{ expr }}, 256)
{%- endmacro %}

{% macro duckdb__attribution_sha256(expr) -%}
    sha256({{ expr }})
{%- endmacro %}


{#- The email hashes that must never become identity edges: the hash of the empty string
    (a form submitted blank) and every configured test email (var identity_test_emails),
    normalised like the loader does (trimmed, lowercased). Renders a one-column select. -#}
{% macro attribution_blocked_email_hashes() -%}
    select {{ attribution_sha256("''") }} as email_hash, 'empty_email' as block_reason
    {%- for email in var('identity_test_emails', []) %}
    union all
    select {{ attribution_sha256("lower(trim('" ~ (email | replace("'", "''")) ~ "'))") }} as email_hash,
        'test_email' as block_reason
    {%- endfor %}
{%- endmacro %}
