-- one row per ad platform, account, campaign, ad group, ad and day. Platform aliases of
-- landing.md, and the platform names connectors write (Fivetran ad_reporting's `google_ads`,
-- `facebook_ads`, ...; docs/sources.md), are resolved to the ad platform ids of
-- classification.md, the names sessions, visitor_payments and the MMM use; a row exported again
-- in a later file (a re-export) replaces the earlier one: the file whose path sorts last wins.
with

source as (

    select * from {{ source('landing', 'spend') }}

),

platform_resolved as (

    select
        *,
        case platform
            when 'facebook' then 'meta'
            when 'instagram' then 'meta'
            when 'bing' then 'microsoft'
            when 'twitter' then 'x'
            when 'google_ads' then 'google'
            when 'facebook_ads' then 'meta'
            when 'meta_ads' then 'meta'
            when 'microsoft_ads' then 'microsoft'
            when 'bing_ads' then 'microsoft'
            when 'pinterest_ads' then 'pinterest'
            when 'tiktok_ads' then 'tiktok'
            when 'snapchat_ads' then 'snapchat'
            when 'linkedin_ads' then 'linkedin'
            when 'reddit_ads' then 'reddit'
            when 'twitter_ads' then 'x'
            when 'x_ads' then 'x'
            else platform
        end as ad_platform
    from source

),

ranked as (

    select
        *,
        row_number() over (
            partition by
                ad_platform, account_id, campaign_id, ad_group_id, ad_id, date_day
            order by file_path desc, line_number desc
        ) as recency
    from platform_resolved

),

renamed as (

    select
        {{ dbt.concat([
            "ad_platform", "'|'",
            "coalesce(account_id, '')", "'|'",
            "campaign_id", "'|'",
            "coalesce(ad_group_id, '')", "'|'",
            "coalesce(ad_id, '')", "'|'",
            dbt.cast("date_day", api.Column.translate_type("string"))
        ]) }} as spend_row_key,
        date_day,
        ad_platform,
        platform as landed_platform,
        account_id,
        account_name,
        campaign_id,
        campaign_name,
        ad_group_id,
        ad_group_name,
        ad_id,
        ad_name,
        spend,
        currency,
        clicks,
        impressions,
        load_id,
        file_path,
        line_number
    from ranked
    where recency = 1

)

select * from renamed
