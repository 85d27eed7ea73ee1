"""Marketing-mix model (analytics.md): geometric adstock, Hill saturation, non-negative media
coefficients, a deterministic grid + coordinate-descent fit. See docs/mmm.md."""

from touchline.mmm.campaigns import campaign_split
from touchline.mmm.fit import fit_mmm
from touchline.mmm.prepare import ScreeningRules
from touchline.mmm.quality import QualityRules
from touchline.mmm.result import ChannelResult, MmmResult
from touchline.mmm.search import SearchGrid
from touchline.mmm.simulate import Simulation, simulate

__all__ = [
    "ChannelResult",
    "MmmResult",
    "QualityRules",
    "ScreeningRules",
    "SearchGrid",
    "Simulation",
    "campaign_split",
    "fit_mmm",
    "simulate",
]
