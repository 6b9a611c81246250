"""LLM jitterer: batches of seed titles to any litellm model; JSON variants back, checked, logged.

Every request is [initial prompt with the few-shot seeds, the few-shot answer, follow-up prompt
with this batch], so the long prefix is identical across requests (provider prompt caching).
Transport errors are retried by litellm (``num_retries``); a junk reply (not JSON, wrong shape)
is re-asked a bounded number of times, then the batch is reported failed and its titles are
left for a rerun. Each attempt is one JSONL line under the runs folder; keys are never logged.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from titlesearch.config import LLMSettings
from titlesearch.errors import GenerationError
from titlesearch.extras import require_litellm
from titlesearch.progress import shown
from titlesearch.synth.contract import JitteredTitle, VariantFilter
from titlesearch.synth.jitterer import BatchResult
from titlesearch.synth.prompts import build_messages, parse_reply
from titlesearch.synth.request_log import SECRET_NAME, RequestLog, redact
from titlesearch.taxonomy import TitleRecord

MockResponse = str | Exception | Callable[[Sequence[TitleRecord]], str | Exception]
_FATAL_HINT = "check the model name and that its provider's API key variable is set and valid"


class LLMJitterer:
    """Generate variants with an LLM through litellm.

    Args:
        settings: model, timeout, litellm retries, concurrency (keys come from the provider's
            own environment variables, never from here).
        per_title: variants asked for (and kept at most) per seed title.
        batch_size: seed titles per request.
        concurrency: parallel requests (default ``settings.concurrency``).
        log_path: JSONL file for one line per request attempt; None = no log.
        junk_retries: extra attempts for a batch whose reply is not the JSON asked for.
        temperature: sampling temperature (dropped for models that do not take one).
        mock_response: passed to litellm's ``mock_response`` (tests): a string, an exception,
            or a callable taking the batch and returning either.

    Raises:
        GenerationError: no model is configured.
    """

    def __init__(
        self,
        settings: LLMSettings,
        *,
        per_title: int = 2,
        batch_size: int = 20,
        concurrency: int | None = None,
        log_path: Path | None = None,
        junk_retries: int = 2,
        temperature: float = 0.9,
        mock_response: MockResponse | None = None,
    ) -> None:
        require_litellm()  # before anything else: nothing here works without it
        if not settings.model:
            raise GenerationError(
                "no LLM model configured for --backend llm: pass --model or set "
                "TITLESEARCH_LLM_MODEL to a litellm model string (e.g. openai/gpt-4o-mini), and "
                "the provider's key variable (e.g. OPENAI_API_KEY); or use --backend rules"
            )
        self.model: str = settings.model
        self.settings = settings
        self.per_title = per_title
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.log_path = log_path
        self.junk_retries = junk_retries
        self.temperature = temperature
        self.mock_response = mock_response
        self._log = RequestLog(log_path, self.model)

    @property
    def generator(self) -> str:
        return f"llm:{self.model}"

    def check_environment(self) -> None:
        """Fail early, saying what to set, when the API key or litellm's retry helper is missing."""
        import importlib.util

        litellm = require_litellm()

        if self.settings.retries and importlib.util.find_spec("tenacity") is None:
            raise GenerationError(
                "litellm's retries (TITLESEARCH_LLM_RETRIES) need the tenacity package: "
                "pip install tenacity, or set TITLESEARCH_LLM_RETRIES=0"
            )
        if self.mock_response is not None:
            return
        try:
            report = litellm.validate_environment(model=self.model)
        except Exception:  # unknown providers: let the first request tell
            return
        missing = [k for k in report.get("missing_keys", []) if SECRET_NAME.search(k)]
        if missing:
            raise GenerationError(
                f"model {self.model} needs {', '.join(missing)} in the environment "
                "(the provider's own variable; titlesearch never stores keys)"
            )

    def _request_kwargs(self, batch: Sequence[TitleRecord]) -> dict[str, Any]:
        litellm = require_litellm()

        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": build_messages(batch, self.per_title),
            "timeout": self.settings.timeout,
            "temperature": self.temperature,
            "drop_params": True,
        }
        if self.settings.retries:
            kwargs["num_retries"] = self.settings.retries
            kwargs["retry_strategy"] = "exponential_backoff_retry"
        try:
            if "response_format" in (litellm.get_supported_openai_params(model=self.model) or []):
                kwargs["response_format"] = {"type": "json_object"}
        except Exception:  # model unknown to litellm's tables: plain text, parsed the same way
            pass
        if self.mock_response is not None:
            mock = self.mock_response
            kwargs["mock_response"] = mock(batch) if callable(mock) else mock
        return kwargs

    def generate_batch(self, batch: Sequence[TitleRecord], batch_id: int = 0) -> BatchResult:
        """Ask for variants of ``batch``; validate, keep at most ``per_title`` per seed.

        Raises:
            GenerationError: the provider rejects the key, or the model does not exist.
        """
        litellm = require_litellm()

        result = BatchResult(seeds=len(batch))
        for attempt in range(1 + self.junk_retries):
            kwargs = self._request_kwargs(batch)
            started = time.monotonic()
            entry: dict[str, Any] = {"batch": batch_id, "attempt": attempt, "titles": len(batch)}
            try:
                response = litellm.completion(**kwargs)
            except Exception as exc:
                message = redact(f"{type(exc).__name__}: {exc}")
                self._log.write(entry | {"latency_s": _since(started), "error": message})
                if _is_fatal(exc):
                    raise GenerationError(
                        f"LLM {self.model} refused the request ({message.splitlines()[0]}); "
                        f"{_FATAL_HINT}"
                    ) from None
                result.failed = True
                return result
            usage = getattr(response, "usage", None)
            result.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
            result.completion_tokens += getattr(usage, "completion_tokens", 0) or 0
            cost = _cost(response)
            if cost is not None:
                result.cost_usd = (result.cost_usd or 0.0) + cost
            entry |= {
                "latency_s": _since(started),
                "prompt_tokens": getattr(usage, "prompt_tokens", None),
                "completion_tokens": getattr(usage, "completion_tokens", None),
                "cost_usd": cost,
            }
            choices = getattr(response, "choices", None) or []
            parsed = parse_reply(choices[0].message.content if choices else None)
            if parsed is None:
                self._log.write(entry | {"error": "reply is not the JSON object asked for"})
                continue
            before = Counter(result.dropped)
            self._collect(batch, parsed, result)
            self._log.write(
                entry
                | {
                    "kept": len(result.rows),
                    "dropped": dict(result.dropped - before),
                    "missing": result.missing,
                    "error": None,
                }
            )
            return result
        result.failed = True
        return result

    def run(
        self,
        seeds: Sequence[TitleRecord],
        on_result: Callable[[BatchResult], None],
        *,
        progress: bool = True,
    ) -> None:
        """Generate for all ``seeds`` in batches, ``concurrency`` requests at a time.

        ``on_result`` runs in the calling thread for each finished batch (so one writer
        appends rows); at most ``2 × concurrency`` batches are in flight, which bounds
        what an interruption loses.

        Raises:
            GenerationError: missing key, rejected key or unknown model (stops at once).
        """
        from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

        litellm = require_litellm()
        from tqdm import tqdm

        litellm.suppress_debug_info = True  # no "Give Feedback" banners between progress bars
        self.check_environment()
        workers, size = self.concurrency or self.settings.concurrency, self.batch_size
        batches = iter(enumerate(seeds[i : i + size] for i in range(0, len(seeds), size)))
        pending: set[Future[BatchResult]] = set()
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="llm-jitter")
        bar = tqdm(
            total=len(seeds),
            unit="title",
            desc=f"generate ({self.model})",
            disable=not shown(progress),
        )
        try:
            while True:
                while len(pending) < 2 * workers and (item := next(batches, None)) is not None:
                    pending.add(pool.submit(self.generate_batch, item[1], item[0]))
                if not pending:
                    break
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()
                    on_result(result)
                    bar.update(result.seeds)
        finally:
            bar.close()
            pool.shutdown(wait=not pending, cancel_futures=True)

    def _collect(
        self, batch: Sequence[TitleRecord], parsed: dict[str, list[Any]], result: BatchResult
    ) -> None:
        checker = VariantFilter(result.dropped)
        for i, record in enumerate(batch, start=1):
            proposals = parsed.get(str(i))
            if proposals is None:
                result.missing += 1
                continue
            seen: set[str] = set()
            kept = 0
            for proposal in proposals:
                item = proposal if isinstance(proposal, dict) else {"title": proposal}
                accepted = checker.accept(
                    record.title, item.get("title"), item.get("category"), seen
                )
                if accepted and kept >= self.per_title:
                    result.dropped["extra"] += 1
                elif accepted:
                    kept += 1
                    result.rows.append(
                        JitteredTitle(
                            accepted[0],
                            record.title,
                            record.onet_code,
                            record.onet_title,
                            accepted[1].value,
                            self.generator,
                        )
                    )
            if not kept:
                result.missing += 1


def _since(started: float) -> float:
    return round(time.monotonic() - started, 3)


def _cost(response: Any) -> float | None:
    """USD cost of a response where litellm knows the model's prices, else None."""
    litellm = require_litellm()

    hidden = getattr(response, "_hidden_params", None) or {}
    if hidden.get("response_cost") is not None:
        return float(hidden["response_cost"])
    try:
        return float(litellm.completion_cost(completion_response=response))
    except Exception:
        return None


def _is_fatal(exc: Exception) -> bool:
    """Errors a retry cannot fix: bad key, no access, unknown model or provider."""
    litellm = require_litellm()

    fatal = (litellm.AuthenticationError, litellm.PermissionDeniedError, litellm.NotFoundError)
    if isinstance(exc, fatal):
        return True
    return isinstance(exc, litellm.BadRequestError) and "LLM Provider NOT provided" in str(exc)
