"""The domain rules, as array functions: polarity, RAG with its reasons, direction of travel, trend and SPC.

Nothing here reads files or knows about pages; rules take observation and indicator frames and return columns.
"""
