"""The scorecard's pure-Python core (never imports streamlit). Data flows one way through its stages:

bytes -> ingest (raw tables, then a Dataset) -> validation (findings, row counts) -> rules (RAG, direction,
trend, SPC) -> views (a month's rated, suppressed table) -> present / exports; store keeps publications.
docs/architecture.md draws it and says where each job happens.
"""
