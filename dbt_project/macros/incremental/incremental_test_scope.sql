{#- Data tests of the event-sized incremental tables check the rows the build wrote.

    A nightly build replaces the rows of its batch's keys and no others (replace_batch), so
    the rest were tested by the build that wrote them; testing the batch's keys alone is
    complete for unique, not_null, accepted_values and the child side of relationships, and
    keeps a nightly's tests from scanning the whole history. A first build, --full-refresh,
    and any build that rebuilds every incremental row (is_full) test everything.

    This overrides dbt's get_where_subquery, which every generic test uses to read its model;
    a test's own `where` config still applies. The scope is written with schema-qualified
    names, not ref(): a test does not depend on the batch models, they are built before the
    models they scope. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- set scope = incremental_test_scope(relation) -%}
    {%- if where or scope -%}
        {%- set conditions = [] -%}
        {%- if where %}{% do conditions.append('(' ~ where ~ ')') %}{% endif -%}
        {%- if scope %}{% do conditions.append('(' ~ scope ~ ')') %}{% endif -%}
        (select * from {{ relation }} where {{ conditions | join(' and ') }}) dbt_subquery
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}


{% macro incremental_test_scope(relation) -%}
    {%- set scopes = {
        'stg_pixel_events': ('event_id', 'int_incremental_batch_events'),
        'int_page_views': ('event_id', 'int_incremental_batch_events'),
        'int_checkout_events': ('event_id', 'int_incremental_batch_events'),
        'int_identity_links': ('link_key', 'int_incremental_batch_links'),
        'int_identity_nodes': ('node_key', 'int_incremental_batch_identifiers'),
        'int_identity_blocked_identifiers': ('node_key', 'int_incremental_batch_identifiers'),
        'int_identity_edges': ('node_a', 'int_incremental_batch_edge_nodes'),
        'int_sessions_events': ('visitor_id', 'int_incremental_batch_visitors'),
        'int_sessions': ('visitor_id', 'int_incremental_batch_visitors'),
        'int_attribution_person_sessions': ('visitor_id', 'int_incremental_batch_person_visitors'),
        'sessions': ('visitor_id', 'int_incremental_batch_person_visitors'),
        'int_orders_person': ('order_id', 'int_incremental_batch_order_persons'),
        'int_attribution_order_touches': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_attribution_landing_site_touches': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_attribution_orders': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_attribution_credits': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_attribution_order_click_ids': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_attribution_conversion': ('order_id', 'int_incremental_batch_attributed_orders'),
        'visitor_payments': ('order_id', 'int_incremental_batch_attributed_orders'),
        'attribution_credits': ('order_id', 'int_incremental_batch_attributed_orders'),
    } -%}
    {%- set name = relation.identifier if relation.identifier is defined else none -%}
    {%- set schema = adapter.quote_as_configured('intermediate', 'schema') -%}
    {#- identity components record the load through which a build recomputed them -#}
    {%- set recomputed = {
        'int_identity_components': 'assigned_through_load_id > (select from_load_id from ' ~ schema ~ '.int_incremental_batch)',
    } -%}
    {%- if name in scopes and flags.WHICH in ('build', 'test') -%}
        {%- set column, batch = scopes[name] -%}
        (select is_full from {{ schema }}.int_incremental_batch)
        or {{ column }} in (select {{ column }} from {{ schema }}.{{ batch }})
    {%- elif name in recomputed and flags.WHICH in ('build', 'test') -%}
        (select is_full from {{ schema }}.int_incremental_batch)
        or {{ recomputed[name] }}
    {%- endif -%}
{%- endmacro %}
