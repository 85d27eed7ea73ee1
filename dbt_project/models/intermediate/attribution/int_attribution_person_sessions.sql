-- Sessions with the person they belong to: one row per session. The person comes from the
-- identity graph through the session's visitor, so an identity merge moves old sessions into
-- the merged person on the next build.
with

sessions as (
    select * from {{ ref('int_sessions') }}
),

identities as (
    select * from {{ ref('int_identity_components') }}
)

select
    sessions.*,
    identities.person_id
from sessions
inner join identities
    on identities.identifier_type = 'visitor_id'
    and identities.identifier = sessions.visitor_id
