"""Errors a user can cause, each with a message that says what happened and what to do.

The CLI and the UI show ``str(error)`` and exit/stop cleanly; anything that is not a
``TitlesearchError`` is a bug and keeps its traceback.
"""


class TitlesearchError(Exception):
    """Base class: the message is shown to the user as is."""


class InvalidInputError(TitlesearchError, ValueError):
    """A query, filter, threshold, limit or option value is not acceptable."""


class DataFileError(TitlesearchError):
    """A CSV/Parquet file is missing, unreadable, malformed, or lacks a needed column."""


class ModelError(TitlesearchError):
    """A model cannot be found, fails verification, or cannot be loaded."""


class IndexMissingError(TitlesearchError):
    """No index has been built (or published) yet at the configured location."""


class ModelMismatchError(TitlesearchError):
    """The query model does not match the model recorded in the index manifest."""


class StoreError(TitlesearchError):
    """The vector store is unreachable, refuses access, or its data is damaged."""


class GenerationError(TitlesearchError):
    """Synthetic data generation failed in a way the user must act on (bad model, no key)."""


class TrainingError(TitlesearchError):
    """Training cannot start or continue (too little data, bad parameters)."""
