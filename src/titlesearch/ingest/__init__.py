"""Ingestion: the corpus (``corpus``), versioned builds (``build``), reindexing (``reindex``)."""
