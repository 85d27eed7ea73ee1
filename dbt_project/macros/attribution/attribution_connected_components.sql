{#- Connected components by label propagation, unrolled `rounds` times as a chain of CTEs.

    Input CTEs: `nodes_cte` (node_key) and `edges_cte` (node_a, node_b), both already defined
    in the calling model. Renders further CTEs and leaves the result in a CTE named
    `labels_final` (node_key, component_key) where component_key is the smallest node_key of
    the node's component once the labels have converged.

    Each round does three things, all monotone (a label only ever decreases to another node
    of the same component), so extra rounds are harmless and the fixed point is the
    component minimum:
    - min-label propagation: a node takes the smallest label among its neighbours;
    - hooking: the node that a label points to also takes that smaller label, so a whole
      tree re-roots in one step instead of one hop per round;
    - pointer jumping: a node takes the label of its label, halving chain lengths.
    Convergence is not assumed: the singular test assert_identity_labels_converged fails if
    any edge still joins two labels after the last round (raise var identity_label_rounds). -#}
{% macro attribution_connected_components(nodes_cte, edges_cte, rounds) -%}
directed_edges as (
    {{ attribution_directed_edges(edges_cte) }}
),

labels_0 as (
    select node_key, node_key as label from {{ nodes_cte }}
),
{% for k in range(1, rounds + 1) %}
{{ attribution_label_round('labels_' ~ (k - 1), 'directed_edges', k) }},
{% endfor %}
labels_final as (
    select node_key, label as component_key from labels_{{ rounds }}
)
{%- endmacro %}


{% macro attribution_directed_edges(edges) -%}
    select node_a as node_from, node_b as node_to from {{ edges }}
    union all
    select node_b as node_from, node_a as node_to from {{ edges }}
{%- endmacro %}


{#- One round as CTEs candidates_k, best_candidate_k, propagated_k, labels_k, reading the
    labels of the previous round from `labels` (a CTE or a table). -#}
{% macro attribution_label_round(labels, directed_edges, k) -%}
candidates_{{ k }} as (
    -- a neighbour's label, offered to the node itself and to the node its label points to
    select {{ directed_edges }}.node_from as node_key, neighbour.label as candidate
    from {{ directed_edges }}
    inner join {{ labels }} as neighbour on neighbour.node_key = {{ directed_edges }}.node_to
    union all
    select own.label as node_key, neighbour.label as candidate
    from {{ directed_edges }}
    inner join {{ labels }} as own on own.node_key = {{ directed_edges }}.node_from
    inner join {{ labels }} as neighbour on neighbour.node_key = {{ directed_edges }}.node_to
    where neighbour.label < own.label
),

best_candidate_{{ k }} as (
    select node_key, min(candidate) as candidate
    from candidates_{{ k }}
    group by node_key
),

propagated_{{ k }} as (
    select
        labels.node_key,
        case
            when best.candidate is not null and best.candidate < labels.label then best.candidate
            else labels.label
        end as label
    from {{ labels }} as labels
    left join best_candidate_{{ k }} as best on best.node_key = labels.node_key
),

labels_{{ k }} as (
    select
        propagated.node_key,
        case
            when pointed.label is not null and pointed.label < propagated.label then pointed.label
            else propagated.label
        end as label
    from propagated_{{ k }} as propagated
    left join propagated_{{ k }} as pointed on pointed.node_key = propagated.label
)
{%- endmacro %}


{#- The same rounds, run one statement at a time until no label changes (a few rounds on
    real data, where the unrolled chain always computes all of them): temp tables on the
    model's own connection. Leaves the labels in temp table `__identity_labels`
    (node_key, component_key); returns the rounds it took. `nodes` and `edges` are tables or
    views the connection can read. At most `max_rounds`: if the labels have not converged by
    then, the test assert_identity_labels_converged says so. -#}
{% macro attribution_connected_components_iterated(nodes, edges, max_rounds) -%}
    {%- do tl_create_temp_table('__identity_directed_edges', attribution_directed_edges(edges)) -%}
    {%- do tl_create_temp_table('__identity_labels_0', 'select node_key, node_key as label from ' ~ nodes) -%}
    {%- set ns = namespace(rounds=0) -%}
    {%- for k in range(1, max_rounds + 1) -%}
        {%- set ns.rounds = k -%}
        {%- set prev, next = '__identity_labels_' ~ (k - 1), '__identity_labels_' ~ k -%}
        {%- do tl_create_temp_table(next,
            "with " ~ attribution_label_round(prev, '__identity_directed_edges', k) ~ " select * from labels_" ~ k
        ) -%}
        {%- set changed = run_query(
            "select count(*) from " ~ next ~ " as next_labels"
            ~ " inner join " ~ prev ~ " as prev_labels on prev_labels.node_key = next_labels.node_key"
            ~ " where next_labels.label <> prev_labels.label"
        ).columns[0].values()[0] -%}
        {%- do tl_drop_temp_table(prev) -%}
        {%- if changed == 0 %}{% break %}{% endif -%}
    {%- endfor -%}
    {%- do tl_create_temp_table('__identity_labels',
        'select node_key, label as component_key from __identity_labels_' ~ ns.rounds) -%}
    {%- do tl_drop_temp_table('__identity_labels_' ~ ns.rounds) -%}
    {%- do tl_drop_temp_table('__identity_directed_edges') -%}
    {{- return(ns.rounds) -}}
{%- endmacro %}


{#- The node key of an identifier in the identity graph: a one-letter type prefix keeps a
    visitor id and a customer id with the same text apart, and fixes which identifier names
    a person (the smallest key: customer ids, then email hashes, then visitor ids). -#}
{% macro attribution_node_key(identifier_type, identifier) -%}
    case {{ identifier_type }}
        when 'customer_id' then 'c:'
        when 'email_hash' then 'e:'
        else 'v:'
    end || {{ identifier }}
{%- endmacro %}


{#- The edges with both ends among `scope_nodes` (int_identity_components). -#}
{% macro identity_scope_edges(edges, scope_nodes) -%}
    select edges.node_a, edges.node_b
    from {{ edges }} as edges
    inner join {{ scope_nodes }} as node_a on node_a.node_key = edges.node_a
    inner join {{ scope_nodes }} as node_b on node_b.node_key = edges.node_b
{%- endmacro %}


{#- The nodes that have an edge: the only ones label propagation can change. -#}
{% macro identity_linked_nodes(scope_edges) -%}
    select node_a as node_key from {{ scope_edges }}
    union
    select node_b from {{ scope_edges }}
{%- endmacro %}


{#- The key a link is recomputed by (int_identity_links): `e:` and the event id for the links
    an event carries, `o:` and the order id for an order's own links and its checkouts'. -#}
{% macro identity_link_key(kind, id) -%}
    case {{ kind }} when 'event' then 'e:' else 'o:' end || {{ id }}
{%- endmacro %}


{#- The other way: is a link key an order's, and the event or order id it names. -#}
{% macro identity_link_is_order(link_key) -%}
    {{ link_key }} like 'o:%'
{%- endmacro %}


{% macro identity_link_id(link_key) -%}
    substr({{ link_key }}, 3)
{%- endmacro %}


{#- The node keys of a link's two ends (int_identity_links' columns of `relation`), as key_a
    and key_b: what the identity edges and the nodes whose edges a build recomputes read. -#}
{% macro identity_link_node_keys(relation) -%}
    {{ attribution_node_key(relation ~ '.type_a', relation ~ '.identifier_a') }} as key_a,
    {{ attribution_node_key(relation ~ '.type_b', relation ~ '.identifier_b') }} as key_b
{%- endmacro %}
