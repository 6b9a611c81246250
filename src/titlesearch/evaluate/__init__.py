"""Evaluation: metrics (``metrics``), the lexical baseline (``lexical``), runs and reports."""
