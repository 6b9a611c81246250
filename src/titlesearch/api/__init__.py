"""The REST API (``titlesearch serve``): FastAPI over one :class:`SearchService` per process.

Endpoints call ``search/`` like the CLI and the UI do, and answer with the CLI's ``--json``
shapes. :func:`titlesearch.api.app.create_app` builds the app.
"""
