"""Demo data with ground truth: a realistic, deterministic landing folder (landing.md) and
the truth it was generated from (people, sessions, first/last touch, media parameters)."""

from touchline.generator.config import GenerationStats
from touchline.generator.generate import generate

__all__ = ["GenerationStats", "generate"]
