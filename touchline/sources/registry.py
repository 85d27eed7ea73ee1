"""Every source format Touchline recognises: the one place to add the next one.

A landed file is tried against the formats of its folder in this order; the first whose
header (or first record) matches is the file's format, and its name is recorded in
audit.load_audit.source_format. A file no format recognises goes the canonical way
(`touchline`, landing.md) and, failing that, is rejected with the formats it was tried as.
To add a format: write a module in formats/ with a SourceFormat (see format.py and
docs/sources.md "Adding a format"), list it here, and add a fixture and a test.
"""

from __future__ import annotations

from touchline.sources.format import SourceFormat
from touchline.sources.formats import (
    bigcommerce,
    connector_ads_api,
    fivetran_ad_reporting,
    ga4_bigquery,
    google_ads_ui,
    linkedin_ads,
    meta_ads_ui,
    microsoft_ads,
    pinterest_ads,
    reddit_ads,
    segment,
    shopify_admin_api,
    shopify_orders_csv,
    shopify_web_pixels,
    snapchat_ads,
    snowplow,
    tiktok_ads,
    touchline_parquet,
    woocommerce,
    x_ads,
)

FORMATS: tuple[SourceFormat, ...] = (
    # orders/
    shopify_orders_csv.FORMAT,
    shopify_admin_api.REST,
    shopify_admin_api.GRAPHQL_BULK,
    woocommerce.FORMAT,
    bigcommerce.FORMAT,
    # spend/
    google_ads_ui.FORMAT,
    meta_ads_ui.FORMAT,
    microsoft_ads.FORMAT,
    x_ads.FORMAT,
    tiktok_ads.UI,
    pinterest_ads.UI,
    snapchat_ads.UI,
    linkedin_ads.UI,
    reddit_ads.UI,
    fivetran_ad_reporting.FORMAT,
    connector_ads_api.META_INSIGHTS,
    connector_ads_api.GOOGLE_ADS_API,
    tiktok_ads.API,
    pinterest_ads.API,
    snapchat_ads.API,
    linkedin_ads.API,
    reddit_ads.FIVETRAN,
    # pixel/
    segment.RUDDERSTACK,
    segment.SEGMENT,
    shopify_web_pixels.FORMAT,
    ga4_bigquery.FORMAT,
    snowplow.FORMAT,
    snowplow.TSV,
    # the canonical columns as Parquet, in every table folder
    *touchline_parquet.FORMATS,
)

assert len({(fmt.name, fmt.folder) for fmt in FORMATS}) == len(FORMATS), "format names are unique per folder"
