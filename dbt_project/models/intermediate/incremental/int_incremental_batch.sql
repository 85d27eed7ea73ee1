-- The loads this build takes in: one row (how incremental builds work:
-- macros/incremental/incremental_batch.sql). Reads the state table that the incremental
-- models' post-hooks write (not a dbt node, so it does not show in the lineage).
{{ config(post_hook="{{ remember_incremental_batch_full() }}") }}
{%- set models = incremental_model_names() %}
with

landed as (
    select coalesce(max(load_id), 0) as to_load_id
    from {{ source('loader', 'load_audit') }}
),

expected as (
    {%- for name in models %}
    select '{{ name }}' as model_name
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select cast(null as string) as model_name where false
    {%- endfor %}
),

state as (
    select * from {{ incremental_state_relation() }}
),

recorded as (
    select
        count(state.model_name) as models_recorded,
        count(*) as models_expected,
        min(state.loaded_through_load_id) as from_load_id,
        sum(case when state.fingerprint <> '{{ incremental_fingerprint() }}' then 1 else 0 end) as models_outdated
    from expected
    left join state on state.model_name = expected.model_name
)

select
    coalesce(recorded.from_load_id, 0) as from_load_id,
    landed.to_load_id,
    {% if flags.FULL_REFRESH -%}
    true
    {%- else -%}
    (recorded.models_recorded < recorded.models_expected or coalesce(recorded.models_outdated, 0) > 0)
    {%- endif %} as is_full,
    '{{ incremental_fingerprint() }}' as fingerprint
from landed
cross join recorded
