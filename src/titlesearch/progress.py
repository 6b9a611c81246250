"""One switch for every progress bar: shown by default, hidden for ``--quiet`` and ``--json``.

Our own bars ask :func:`shown`; the bars of the libraries we call (transformers' "Loading
weights", huggingface_hub's) follow huggingface_hub's switch, which this module turns too,
whether or not those libraries are imported yet. Bars always go to stderr (tqdm's default), so
stdout carries only results.
"""

from __future__ import annotations

import os
import sys

_hidden = False


def configure(*, hidden: bool) -> None:
    """Hide (or show again) every progress bar of this process from now on."""
    global _hidden
    _hidden = hidden
    if hidden:
        os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"  # read when huggingface_hub loads
    else:
        os.environ.pop("HF_HUB_DISABLE_PROGRESS_BARS", None)
    if "huggingface_hub" in sys.modules:  # already loaded: flip its switch directly
        from huggingface_hub.utils import disable_progress_bars, enable_progress_bars

        (disable_progress_bars if hidden else enable_progress_bars)()
    if "transformers" in sys.modules:
        from transformers.utils import logging as hf_logging

        (hf_logging.disable_progress_bar if hidden else hf_logging.enable_progress_bar)()


def shown(requested: bool = True) -> bool:
    """Whether a bar the caller wants (``requested``) is shown: not when bars are hidden."""
    return requested and not _hidden
