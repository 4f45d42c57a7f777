"""How figures and ratings read: number formats, RAG words, shapes and colours, direction labels.

Shared by the app and the meeting packs so a value reads the same everywhere.
"""
