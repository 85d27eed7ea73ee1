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
    select node_a as node_from, node_b as node_to from {{ edges_cte }}
    union all
    select node_b as node_from, node_a as node_to from {{ edges_cte }}
),

labels_0 as (
    select node_key, node_key as label from {{ nodes_cte }}
),
{% for k in range(1, rounds + 1) %}
candidates_{{ k }} as (
    -- a neighbour's label, offered to the node itself and to the node its label points to
    select directed_edges.node_from as node_key, neighbour.label as candidate
    from directed_edges
    inner join labels_{{ k - 1 }} as neighbour on neighbour.node_key = directed_edges.node_to
    union all
    select own.label as node_key, neighbour.label as candidate
    from directed_edges
    inner join labels_{{ k - 1 }} as own on own.node_key = directed_edges.node_from
    inner join labels_{{ k - 1 }} as neighbour on neighbour.node_key = directed_edges.node_to
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
    from labels_{{ k - 1 }} as labels
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
),
{% endfor %}
labels_final as (
    select node_key, label as component_key from labels_{{ rounds }}
)
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
