"""Errors a user can cause, each with a message that says what happened and what to do.

The CLI and the UI show ``str(error)`` and exit/stop cleanly; anything that is not a
``TitlesearchError`` is a bug and keeps its traceback. ``code`` is a stable name for each kind,
used in JSON error output (``--json``) so scripts need not parse messages.
"""


class TitlesearchError(Exception):
    """Base class: the message is shown to the user as is."""

    code = "error"


class InvalidInputError(TitlesearchError, ValueError):
    """A query, filter, threshold, limit or option value is not acceptable."""

    code = "invalid_input"


class DataFileError(TitlesearchError):
    """A CSV/Parquet file is missing, unreadable, malformed, or lacks a needed column."""

    code = "data_file"


class ModelError(TitlesearchError):
    """A model cannot be found, fails verification, or cannot be loaded."""

    code = "model"


class IndexMissingError(TitlesearchError):
    """No index has been built (or published) yet at the configured location."""

    code = "index_missing"


class ModelMismatchError(TitlesearchError):
    """The query model does not match the model recorded in the index manifest."""

    code = "model_mismatch"


class StoreError(TitlesearchError):
    """The vector store is unreachable, refuses access, or its data is damaged."""

    code = "store"


class GenerationError(TitlesearchError):
    """Synthetic data generation failed in a way the user must act on (bad model, no key)."""

    code = "generation"


class TrainingError(TitlesearchError):
    """Training cannot start or continue (too little data, bad parameters)."""

    code = "training"
