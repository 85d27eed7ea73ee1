"""The morning report: written beside the warehouse after every published build."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from orchestration.assets.publish import PUBLISHED
from orchestration.resources import TouchlinePaths
from touchline.report import DEFAULT_DAYS, write_report

REPORT = AssetKey(["warehouse", "report"])


@asset(
    key=REPORT,
    deps=[PUBLISHED],
    group_name="published",
    description=(
        "The morning report (`touchline report`): one self-contained HTML file of charts (weekly MER, "
        "campaign ROAS under every attribution model, channel flows, cohort LTV, the marketing-mix model, "
        f"data quality) over the last {DEFAULT_DAYS} days, written beside the published warehouse as "
        "<warehouse>.report.html. It reads the published file read-only, like any analyst."
    ),
)
def morning_report(context: AssetExecutionContext, paths: TouchlinePaths) -> MaterializeResult:
    result = write_report(paths.warehouse_path())
    context.log.info(f"report written to {result.path} ({len(result.charts)} charts)")
    return MaterializeResult(
        metadata={
            "path": str(result.path),
            "charts": len(result.charts),
            "size_mib": round(result.size_bytes / 2**20, 1),
        }
    )
