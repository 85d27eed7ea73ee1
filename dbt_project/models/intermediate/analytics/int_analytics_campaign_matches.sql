-- Which spend campaign each touch campaign is (analytics.md "Spend and campaigns"): one row
-- per touch campaign. Rules, first that applies, always within the same ad platform:
--   1. campaign_id: the utm_id, or else the utm_campaign itself, equals a spend campaign id;
--   2. campaign_name: the normalised utm_campaign equals the normalised spend campaign name
--      (only when exactly one spend campaign has that name);
--   3. fuzzy_name: exactly one spend campaign whose normalised name has a similarity of at
--      least var campaign_match_min_similarity (default 0.92, Jaro-Winkler on DuckDB).
-- Otherwise match_status is `ambiguous` (several candidates) or `no_match`.
{%- set min_similarity = var('campaign_match_min_similarity', 0.92) | float %}
with

touch_campaigns as (
    select * from {{ ref('int_analytics_touch_campaigns') }}
),

spend_campaigns as (
    select * from {{ ref('int_analytics_spend_campaigns') }}
),

id_candidates as (
    select
        touch_campaigns.touch_campaign_ref,
        spend_campaigns.spend_campaign_ref,
        spend_campaigns.campaign_id,
        row_number() over (
            partition by touch_campaigns.touch_campaign_ref
            -- the utm_id outranks a utm_campaign that happens to be an id
            order by case when spend_campaigns.campaign_id = touch_campaigns.touch_campaign_id then 1 else 2 end,
                spend_campaigns.campaign_id
        ) as candidate_rank
    from touch_campaigns
    inner join spend_campaigns
        on spend_campaigns.ad_platform = touch_campaigns.ad_platform
        and (
            spend_campaigns.campaign_id = touch_campaigns.touch_campaign_id
            or spend_campaigns.campaign_id = touch_campaigns.campaign
        )
),

id_matches as (
    select touch_campaign_ref, spend_campaign_ref, campaign_id
    from id_candidates
    where candidate_rank = 1
),

name_candidates as (
    select
        touch_campaigns.touch_campaign_ref,
        spend_campaigns.spend_campaign_ref,
        spend_campaigns.campaign_id
    from touch_campaigns
    inner join spend_campaigns
        on spend_campaigns.ad_platform = touch_campaigns.ad_platform
        and spend_campaigns.campaign_match_key = touch_campaigns.campaign_match_key
),

name_matches as (
    select
        touch_campaign_ref,
        min(spend_campaign_ref) as spend_campaign_ref,
        min(campaign_id) as campaign_id,
        count(*) as candidates
    from name_candidates
    group by touch_campaign_ref
),

fuzzy_scores as (
    select
        touch_campaigns.touch_campaign_ref,
        spend_campaigns.spend_campaign_ref,
        spend_campaigns.campaign_id,
        {{ analytics_string_similarity('touch_campaigns.campaign_match_key', 'spend_campaigns.campaign_match_key') }}
            as similarity
    from touch_campaigns
    inner join spend_campaigns
        on spend_campaigns.ad_platform = touch_campaigns.ad_platform
    where touch_campaigns.campaign_match_key is not null
      and spend_campaigns.campaign_match_key is not null
),

fuzzy_matches as (
    select
        touch_campaign_ref,
        min(spend_campaign_ref) as spend_campaign_ref,
        min(campaign_id) as campaign_id,
        max(similarity) as similarity,
        count(*) as candidates
    from fuzzy_scores
    where similarity >= {{ min_similarity }}
    group by touch_campaign_ref
),

decided as (
    select
        touch_campaigns.*,
        case
            when id_matches.touch_campaign_ref is not null then 'campaign_id'
            when name_matches.candidates = 1 then 'campaign_name'
            when name_matches.candidates > 1 then 'ambiguous'
            when fuzzy_matches.candidates = 1 then 'fuzzy_name'
            when fuzzy_matches.candidates > 1 then 'ambiguous'
            else 'no_match'
        end as match_status,
        case
            when id_matches.touch_campaign_ref is not null then 1
            when name_matches.candidates > 0 then name_matches.candidates
            else coalesce(fuzzy_matches.candidates, 0)
        end as candidates,
        fuzzy_matches.similarity as fuzzy_similarity,
        id_matches.spend_campaign_ref as id_spend_campaign_ref,
        id_matches.campaign_id as id_campaign_id,
        name_matches.spend_campaign_ref as name_spend_campaign_ref,
        name_matches.campaign_id as name_campaign_id,
        fuzzy_matches.spend_campaign_ref as fuzzy_spend_campaign_ref,
        fuzzy_matches.campaign_id as fuzzy_campaign_id
    from touch_campaigns
    left join id_matches on id_matches.touch_campaign_ref = touch_campaigns.touch_campaign_ref
    left join name_matches on name_matches.touch_campaign_ref = touch_campaigns.touch_campaign_ref
    left join fuzzy_matches on fuzzy_matches.touch_campaign_ref = touch_campaigns.touch_campaign_ref
),

final as (
    select
        touch_campaign_ref,
        ad_platform,
        touch_campaign_id,
        campaign,
        campaign_match_key,
        sessions,
        match_status,
        case match_status
            when 'campaign_id' then id_spend_campaign_ref
            when 'campaign_name' then name_spend_campaign_ref
            when 'fuzzy_name' then fuzzy_spend_campaign_ref
        end as spend_campaign_ref,
        case match_status
            when 'campaign_id' then id_campaign_id
            when 'campaign_name' then name_campaign_id
            when 'fuzzy_name' then fuzzy_campaign_id
        end as matched_campaign_id,
        cast(candidates as bigint) as candidates,
        cast(fuzzy_similarity as double) as fuzzy_similarity,
        match_status in ('campaign_id', 'campaign_name', 'fuzzy_name') as is_matched
    from decided
)

select * from final
