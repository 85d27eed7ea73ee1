"""The warehouse file's life: one build at a time (build_lock), whether anything changed since
the published build (build_state), the private build file published by an atomic swap
(publish), and which sessions hold a DuckDB file open (files_in_use)."""
