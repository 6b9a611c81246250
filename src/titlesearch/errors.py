"""Errors a user can cause, each with a message that says what happened and what to do.

The CLI and the UI show ``str(error)`` and exit/stop cleanly; anything that is not a
``TitlesearchError`` is a bug and keeps its traceback. ``code`` is a stable name for each kind,
used in JSON error output (``--json``) so scripts need not parse messages.
"""


class TitlesearchError(Exception):
    """Base class: the message is shown to the user as is."""

    code = "error"


def error_dict(code: str, message: str) -> dict[str, dict[str, str]]:
    """The JSON shape of an error (CLI ``--json`` on stderr, the REST API's error bodies)."""
    return {"error": {"code": code, "message": message}}


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


class StorageFullError(TitlesearchError):
    """The disk holding titlesearch's files has no space left, or is read-only."""

    code = "storage_full"


def storage_full(where: object) -> StorageFullError:
    """The error for a write that failed because the disk holding ``where`` is full."""
    return StorageFullError(
        f"no space left on the disk holding {where}: free some space and rerun the command; "
        "nothing is lost (an interrupted ingest resumes where it stopped) and the current "
        "index keeps serving searches"
    )


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (an OSError, SQLite's or Qdrant Edge's error) means "no space left"."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return "no space left" in text or "disk is full" in text or "os error 28" in text


def is_read_only(exc: BaseException) -> bool:
    """Whether ``exc`` means the filesystem (or folder) cannot be written."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return True
    text = str(exc).lower()
    return "read-only file system" in text or "readonly database" in text or "os error 30" in text


def read_only(where: object) -> StorageFullError:
    """The error for a write refused because ``where`` is read-only."""
    return StorageFullError(
        f"{where} is read-only (or not writable by this user): this command writes there; "
        "searches still work on a read-only TITLESEARCH_HOME, builds need a writable one"
    )
