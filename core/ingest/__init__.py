"""Bytes to a Dataset: container checks, cells, headers, the template and published-layout readers.

The one entry point is core.ingest.load.load_workbook(bytes, name) -> LoadResult(dataset, report).
"""
