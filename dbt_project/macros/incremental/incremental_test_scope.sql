{#- Data tests of the event-sized incremental tables check the rows the build wrote.

    A nightly build replaces the rows of its batch's keys and no others (replace_batch), so
    the rest were tested by the build that wrote them; testing the batch's keys alone is
    complete for unique, not_null, accepted_values and the child side of relationships, and
    keeps a nightly's tests from scanning the whole history. The same holds for the rows the
    identity components' recomputation wrote, and the identity map, their projection. A
    first build, --full-refresh, and any build that rebuilds every incremental row (is_full)
    test everything. (A landed table's test is not scoped: it can run before this build's
    batch exists.)

    This overrides dbt's get_where_subquery, which every generic test uses to read its model;
    a test's own `where` config still applies. The scope is written with schema-qualified
    names, not ref(): a test does not depend on the batch models, they are built before the
    models they scope.

    Whether the batch is full is read when the test is compiled, which in `dbt build` is after
    the batch is built: the scope is then nothing (a full batch) or a plain semi-join. Written
    as `(select is_full ...) or key in (...)` in the SQL, DuckDB evaluated the semi-join as a
    mark join over the whole table (docs/benchmarks.md, issue 20 tenth round). -#}
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
    {%- set scopes = incremental_test_scopes() -%}
    {%- set name = relation.identifier if relation.identifier is defined else none -%}
    {%- set schema = adapter.quote_as_configured('intermediate', 'schema') -%}
    {%- set recomputed_load = '(select from_load_id from ' ~ schema ~ '.int_incremental_batch)' -%}
    {#- identity components record the load through which a build recomputed them; the
        identity map is their projection -#}
    {%- set recomputed = {
        'int_identity_components': 'assigned_through_load_id > ' ~ recomputed_load,
        'identity_map': 'identifier in (select identifier from ' ~ schema ~ '.int_identity_components'
            ~ ' where assigned_through_load_id > ' ~ recomputed_load ~ ')',
    } -%}
    {%- if (name in scopes or name in recomputed) and flags.WHICH in ('build', 'test') -%}
        {%- if name in scopes -%}
            {%- set scope = incremental_test_scope_sql(*scopes[name]) -%}
        {%- else -%}
            {%- set scope = recomputed[name] -%}
        {%- endif -%}
        {#- unknown while parsing (none): the scope's shape, nothing is read -#}
        {%- if not incremental_batch_known_full(schema ~ '.int_incremental_batch') -%}
            {{ scope }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#- Each scoped model's key column and the batch model holding the keys a build wrote. -#}
{% macro incremental_test_scopes() -%}
    {{ return({
        'stg_pixel_events': ('event_id', 'int_incremental_batch_events'),
        'stg_orders': ('order_id', 'int_incremental_batch_orders'),
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
        'int_analytics_session_campaigns': ('visitor_id', 'int_incremental_batch_person_visitors'),
        'int_orders_person': ('order_id', 'int_incremental_batch_order_persons'),
        'int_attribution_order_touches': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_attribution_landing_site_touches': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_attribution_orders': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_attribution_credits': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_attribution_order_click_ids': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_attribution_conversion': ('order_id', 'int_incremental_batch_attributed_orders'),
        'visitor_payments': ('order_id', 'int_incremental_batch_attributed_orders'),
        'attribution_credits': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_analytics_credit_campaigns': ('order_id', 'int_incremental_batch_attributed_orders'),
        'int_analytics_customer_orders': ('order_id', 'int_incremental_batch_attributed_orders'),
        'person_first_touch': ('person_id', 'int_incremental_batch_persons'),
    }) }}
{%- endmacro %}


{#- The condition that keeps a model's rows whose `column` is among `batch`'s. -#}
{% macro incremental_test_scope_sql(column, batch) -%}
    {{ column }} in (select {{ column }} from {{ adapter.quote_as_configured('intermediate', 'schema') }}.{{ batch }})
{%- endmacro %}


{#- The parent of a relationship check, read through its scope when the child is scoped by the
    same batch on the related columns (int_page_views.event_id to stg_pixel_events.event_id):
    a child key in the batch can only match a parent row whose key is in the batch, so the
    check is as complete as against the whole parent, which it no longer scans. Otherwise the
    whole parent. `child` is the test's model: a scoped subquery or a relation. -#}
{% macro incremental_test_parent(child, parent, column, field) -%}
    {%- set key = incremental_test_scopes().get(parent.identifier) -%}
    {%- if key and key[0] == field and flags.WHICH in ('build', 'test')
        and incremental_test_scope_sql(column, key[1]) in (child | string) -%}
        (select {{ field }} from {{ parent }} where {{ incremental_test_scope_sql(*key) }})
    {%- else -%}
        {{ parent }}
    {%- endif -%}
{%- endmacro %}
