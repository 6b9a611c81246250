"""Optional dependencies, imported only where they are used, with the extra that installs them.

litellm (and with it the providers' SDKs, some 220 MB) serves only the LLM generator
(``generate --backend llm``) and the LLM benchmark (``bench-llm``): it is the ``llm`` extra,
and using either without it is one line saying how to install it.
"""

from __future__ import annotations

from types import ModuleType

from titlesearch.errors import GenerationError

LLM_EXTRA_HINT = (
    "pip install 'titlesearch[llm]' (in a clone: pip install -e '.[llm]', which `make setup` does)"
)


def require_litellm() -> ModuleType:
    """The litellm module.

    Raises:
        GenerationError: litellm is not installed; the message names the ``llm`` extra.
    """
    try:
        import litellm
    except ImportError:
        raise GenerationError(
            f"LLM features need the optional 'llm' extra (litellm), which is not installed: "
            f"{LLM_EXTRA_HINT}; or use --backend rules"
        ) from None
    return litellm
