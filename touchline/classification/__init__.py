"""Smart-referrer classifier: platform registry, rules, seed writer and the Python path.

`classify_hit(url, referrer)` gives the touch of one hit; the dbt models in
models/intermediate/classification/ apply the same rules to the warehouse from the seeds
that `touchline.classification.seeds.write_seeds` generates.
"""

from touchline.classification.classifier import Touch, classify_hit

__all__ = ["Touch", "classify_hit"]
