"""The Streamlit UI: ``app.py`` is the entry (``titlesearch ui`` runs it), ``views/`` one file
per page. Pages are thin: they gather inputs, call one function in ``search/`` or ``evaluate/``
and show the result; models and the store come from :mod:`titlesearch.ui.resources`."""
