"""Real stores' exports, exactly as downloaded: the source-format layer (docs/sources.md).

A file landed in a kind's folder (`orders/`, `refunds/`, `spend/`, `pixel/`) is recognised
from its own content (header row, preamble, first JSON record, Parquet schema) as one of the
formats of `registry.FORMATS`, read by the reader of its container (`readers.py`), mapped
record by record to the landing contract's columns by the format's module (`formats/`), and
typed and checked by the same column parsers as the canonical files (`canonical.py`).
"""
