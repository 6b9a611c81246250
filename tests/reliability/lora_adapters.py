"""LoRA adapters with random weights: a "tuned" model for tests, without any training.

Used by the reliability suites (through their ``adapters`` fixture) and by the integration
suite, which loads this file by path.
"""

from __future__ import annotations

import json
from pathlib import Path


def make_adapter(model_dir: Path, target: Path, *, seed: int, base_sha256: str) -> Path:
    """Save a LoRA adapter with random (non-zero) weights: a 'tuned' model without training.

    ``init_lora_weights=False`` draws both LoRA matrices at random, so the merged model's
    vectors really differ from the base model's, as a trained adapter's would.
    """
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModel

    torch.manual_seed(seed)
    model = AutoModel.from_pretrained(str(model_dir))
    config = LoraConfig(r=4, target_modules=["query", "value"], init_lora_weights=False)
    get_peft_model(model, config).save_pretrained(str(target))
    meta = {
        "run_id": target.name,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2",
        "base_sha256": base_sha256,
    }
    (target / "titlesearch_adapter.json").write_text(json.dumps(meta))
    return target
