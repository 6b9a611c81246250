"""The coding task given to an LLM, beside the embedding systems: accuracy, latency, cost.

Two modes per title: ``rerank`` (choose the code among the top-k candidates the index
retrieves) and ``direct`` (name the O*NET-SOC code with no help). Calls go through litellm
(any provider; keys from the provider's own environment variables), with its retries and
timeout. Answers that hold no valid code count as wrong and are tallied as ``unparsed``.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from titlesearch.errors import GenerationError
from titlesearch.extras import require_litellm
from titlesearch.search.service import SearchService

CODE_RE = re.compile(r"\b\d{2}-\d{4}\.\d{2}\b")
SYSTEM = (
    "You code job-posting titles to O*NET-SOC 2019 occupation codes (format NN-NNNN.NN). "
    'Answer with JSON only: {"onet_code": "NN-NNNN.NN"}.'
)


@dataclass
class ModeResult:
    """Accuracy, latency and cost of one mode over the sample."""

    correct: int = 0
    unparsed: int = 0
    failed: int = 0
    latencies: list[float] = field(default_factory=list)
    cost: float = 0.0
    tokens: int = 0

    def summary(self, n: int) -> dict[str, Any]:
        lat = sorted(self.latencies) or [0.0]
        return {
            "accuracy": round(self.correct / n, 4) if n else 0.0,
            "unparsed": self.unparsed,
            "failed": self.failed,
            "latency_ms_mean": round(1000 * statistics.fmean(lat), 1),
            "latency_ms_p95": round(1000 * lat[min(len(lat) - 1, int(0.95 * len(lat)))], 1),
            "cost_usd": round(self.cost, 6),
            "tokens": self.tokens,
        }


def rerank_prompt(title: str, candidates: Sequence[tuple[str, str]]) -> str:
    lines = "\n".join(f"- {code}: {name}" for code, name in candidates)
    return f"Job title: {title}\nChoose the best code among these candidates:\n{lines}"


def direct_prompt(title: str) -> str:
    return f"Job title: {title}\nWhich O*NET-SOC code fits best?"


def parse_code(text: str | None) -> str | None:
    """The code in a JSON answer, or the first code-shaped string in free text."""
    if not text:
        return None
    try:
        value = json.loads(text).get("onet_code")
        if isinstance(value, str) and CODE_RE.fullmatch(value.strip()):
            return value.strip()
    except (ValueError, AttributeError):
        pass
    match = CODE_RE.search(text)
    return match.group(0) if match else None


def ask(model: str, prompt: str, *, timeout: float, retries: int, mock_response: Any = None):
    """One completion: (answer text, seconds, cost, tokens). Raises litellm's errors."""
    litellm = require_litellm()

    started = time.perf_counter()
    response = litellm.completion(
        model=model,
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
        timeout=timeout,
        num_retries=retries,
        temperature=0,
        mock_response=mock_response,
    )
    seconds = time.perf_counter() - started
    try:
        cost = float(litellm.completion_cost(completion_response=response) or 0.0)
    except Exception:  # unknown price for this model: report 0, not a failure
        cost = 0.0
    usage = getattr(response, "usage", None)
    tokens = int(getattr(usage, "total_tokens", 0) or 0)
    return response.choices[0].message.content, seconds, cost, tokens


def bench_llm(
    service: SearchService,
    titles: Sequence[str],
    codes: Sequence[str],
    *,
    model: str,
    top_k: int = 10,
    timeout: float = 60.0,
    retries: int = 2,
    concurrency: int = 4,
    mock_response: Any = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Run both modes on the sample and the embedding systems' top-1 on the same titles."""
    if not model:
        raise GenerationError(
            "bench-llm needs a model: pass --model (any litellm model string, e.g. "
            "openai/gpt-4o-mini) or set TITLESEARCH_LLM_MODEL; keys come from the provider's env"
        )
    require_litellm()  # the requests run in threads, whose errors are counted, not raised
    embedding = {}
    for name in service.models:
        predicted = service.classify(list(titles), model=name, top_k=top_k)
        embedding[name] = {
            "accuracy": round(
                sum(
                    p.alternatives[0].onet_code == c
                    for p, c in zip(predicted, codes, strict=True)
                    if p.alternatives
                )
                / len(titles),
                4,
            )
        }
        if name == service.default_model():
            candidates = [[(a.onet_code, a.onet_title) for a in p.alternatives] for p in predicted]
    modes = {"rerank": ModeResult(), "direct": ModeResult()}

    def run_one(i: int) -> None:
        for mode, prompt in (
            ("rerank", rerank_prompt(titles[i], candidates[i])),
            ("direct", direct_prompt(titles[i])),
        ):
            result = modes[mode]
            try:
                text, seconds, cost, tokens = ask(
                    model, prompt, timeout=timeout, retries=retries, mock_response=mock_response
                )
            except Exception as exc:  # provider errors after retries: counted, the run goes on
                if "auth" in type(exc).__name__.lower() or "NotFound" in type(exc).__name__:
                    raise GenerationError(
                        f"the provider refused model {model!r} ({type(exc).__name__}); check the "
                        "model name and the provider's API key variable"
                    ) from None
                result.failed += 1
                continue
            result.latencies.append(seconds)
            result.cost += cost
            result.tokens += tokens
            answer = parse_code(text)
            result.unparsed += answer is None
            result.correct += answer == codes[i]
        if progress:
            progress(i)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(run_one, range(len(titles))))
    n = len(titles)
    return {
        "model": model,
        "n": n,
        "top_k": top_k,
        "llm": {mode: r.summary(n) for mode, r in modes.items()},
        "embedding": embedding,
    }
