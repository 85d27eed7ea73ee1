"""Layers read one way (docs/architecture.md, "dbt conventions"): staging reads sources,
intermediate reads staging and intermediate, marts and audit read intermediate. Every read
against that direction is one of the listed exceptions, each with its reason in the docs and
in the model's header comment; a new one fails here until it is listed."""

from __future__ import annotations

import json

from orchestration.project import touchline_project

# (model, what it reads): source.<source>.<table> or <layer>.<model>
EXCEPTIONS = {
    # incremental bookkeeping decides which loads a build takes in, ahead of staging
    *(
        (model, f"source.{table}")
        for model, tables in {
            "int_incremental_batch": ["loader.load_audit"],
            "int_incremental_batch_attributed_orders": ["landing.fx", "landing.refunds"],
            "int_incremental_batch_events": ["landing.pixel_events"],
            "int_incremental_batch_identifiers": ["landing.pixel_events", "landing.orders"],
            "int_incremental_batch_links": ["landing.pixel_events"],
            "int_incremental_batch_orders": ["landing.orders"],
            "int_incremental_batch_visitors": ["landing.pixel_events"],
        }.items()
        for table in tables
    ),
    ("stg_pixel_event_duplicates", "intermediate.int_incremental_batch"),
    ("stg_pixel_event_duplicates", "intermediate.int_incremental_batch_events"),
    ("stg_pixel_events", "staging.stg_pixel_event_duplicates"),
    ("stg_orders", "intermediate.int_incremental_batch"),
    ("stg_orders", "intermediate.int_incremental_batch_orders"),
    # every landed hit is classified, bots and retried copies included
    ("int_hits_classified", "source.landing.pixel_events"),
    # the conversions ledger is written by `touchline conversions export`, not landed
    ("int_conversions_latest_exports", "source.conversions_ledger.conversion_exports"),
    # the audit counts the landed tables against staging
    *(
        ("dropped_records", f"source.{table}")
        for table in [
            "loader.dropped_lines",
            "landing.pixel_events",
            "landing.orders",
            "landing.refunds",
            "landing.spend",
            "landing.fx",
        ]
    ),
}
LAYERS = ("staging", "intermediate", "marts", "audit")


def _layer(node: dict) -> str:
    return next(layer for layer in LAYERS if f"models/{layer}/" in node["original_file_path"])


def backward_reads(manifest: dict) -> set[tuple[str, str]]:
    reads = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        layer = _layer(node)
        for parent in node["depends_on"]["nodes"]:
            if parent.startswith("source."):
                if layer != "staging":
                    reads.add((node["name"], "source." + parent.split(".", 2)[2]))
            elif parent.startswith("model."):
                read = manifest["nodes"][parent]
                read_layer = _layer(read)
                if layer == "staging" or (layer == "intermediate" and read_layer in ("marts", "audit")):
                    reads.add((node["name"], f"{read_layer}.{read['name']}"))
    return reads


def test_every_read_against_the_layers_is_a_listed_exception():
    manifest = json.loads(touchline_project().manifest_path.read_text())
    assert backward_reads(manifest) == EXCEPTIONS


def test_the_mmm_fit_is_one_model_on_an_intermediate_daily_model():
    manifest = json.loads(touchline_project().manifest_path.read_text())
    models = {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    fits = sorted(name for name, node in models.items() if node["language"] == "python")
    assert fits == ["int_mmm_fit"]
    assert sorted(models["int_mmm_fit"]["depends_on"]["nodes"]) == [
        "model.touchline.int_analytics_daily",
        "model.touchline.int_mmm_campaign_spend_daily",
    ]
    for mart in ("mmm_channel_contributions", "mmm_campaign_contributions"):
        assert "model.touchline.int_mmm_fit" in models[mart]["depends_on"]["nodes"]
