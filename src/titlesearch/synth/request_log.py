"""The LLM backend's request log (one JSONL line per attempt), and the masking that keeps keys out.

Error messages from providers can echo the API key; everything logged or raised passes
:func:`redact` first.
"""

from __future__ import annotations

import json
import os
import re
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SECRET_NAME = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD)", re.I)
"""Environment variable names whose values are credentials."""
_SECRET_SHAPE = re.compile(r"\b(sk|pk|rk|gsk|xai)-[A-Za-z0-9_\-]{6,}")


def redact(text: str) -> str:
    """Mask what looks like a credential: values of *KEY/*TOKEN variables, "sk-…" strings."""
    for name, value in os.environ.items():
        if value and len(value) >= 8 and SECRET_NAME.search(name) and value in text:
            text = text.replace(value, "***")
    return _SECRET_SHAPE.sub(r"\1-***", text)


class RequestLog:
    """Appends one JSON line per request attempt, stamped with time and model; thread-safe.

    Args:
        path: the JSONL file (appended to); None = log nothing.
        model: the litellm model string, written on every line.
    """

    def __init__(self, path: Path | None, model: str) -> None:
        self.path = path
        self.model = model
        self._lock = threading.Lock()

    def write(self, entry: dict[str, Any]) -> None:
        """Append ``entry`` (already redacted by the caller) as one line."""
        if self.path is None:
            return
        line = {"time": datetime.now(UTC).isoformat(timespec="seconds"), "model": self.model}
        line |= entry
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
