"""Shared Streamlit pieces: data source and caching, sidebar filters, tables, charts."""
