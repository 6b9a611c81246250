"""The model and the loop: a base model with a LoRA adapter, trained by sentence-transformers.

Input contract: a frame with ``anchor``, ``positive``, ``negative`` text columns (other columns are
dropped) and a model that already carries a trainable LoRA adapter. No checkpoints are written
(runs are short and restart cleanly); no experiment trackers (``report_to="none"``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from titlesearch.errors import TrainingError
from titlesearch.progress import shown
from titlesearch.train.config import TrainConfig
from titlesearch.train.data.triplets import TRIPLET_COLUMNS
from titlesearch.train.report import LossPoint

if TYPE_CHECKING:
    from titlesearch.encoders import ResolvedModel

TARGET_ALIASES: dict[str, tuple[str, ...]] = {
    "query": ("query", "q"),
    "key": ("key", "k"),
    "value": ("value", "v"),
    "dense": ("dense", "o"),
}
"""Canonical LoRA targets -> the linear-layer names per architecture.

BERT (all-MiniLM-L6-v2) names them ``attention.self.query/key/value``, ``attention.output.dense``,
``intermediate.dense``, ``output.dense`` (and an unused ``pooler.dense``). MPNet
(all-mpnet-base-v2) names attention ``attention.attn.q/k/v/o`` and has ``dense`` only in the
feed-forward block: the literal list ``query,key,value,dense`` adapts only those there (1.35% of
the parameters at r=16, the seed report's figure); mapped, attention is adapted too (~2.4%).
"""


def lora_targets(transformer: Any, wanted: tuple[str, ...], *, mapped: bool = True) -> list[str]:
    """The linear-layer names of ``transformer`` that LoRA should wrap.

    Raises:
        TrainingError: a wanted name matches no linear layer of this architecture.
    """
    import torch

    leaves = {
        name.rsplit(".", 1)[-1]
        for name, module in transformer.named_modules()
        if isinstance(module, torch.nn.Linear)
    }
    targets: list[str] = []
    for name in wanted:
        found = [
            a for a in (TARGET_ALIASES.get(name, (name,)) if mapped else (name,)) if a in leaves
        ]
        if not found and not mapped:
            continue  # literal names: peft ignores absent ones as long as one matches
        if not found:
            raise TrainingError(
                f"LoRA target {name!r} matches no layer of {type(transformer).__name__}; "
                f"its linear layers are named: {', '.join(sorted(leaves))}"
            )
        targets += [a for a in found if a not in targets]
    if not targets:
        raise TrainingError(
            f"none of the LoRA targets {wanted} exist in {type(transformer).__name__}"
        )
    return targets


def build_lora_model(
    base: ResolvedModel,
    config: TrainConfig,
    device: str | None = None,
    *,
    model: Any = None,
) -> Any:
    """The base SentenceTransformer with a fresh, trainable LoRA adapter (peft) attached.

    Args:
        base: the verified base model.
        config: ``r``, ``alpha``, ``dropout``, ``target_modules``, ``map_targets`` and ``seed``
            (which also decides the adapter's initial weights) are used.
        device: ``cpu``/``cuda`` for loading; None picks CUDA when available.
        model: an already loaded, unadapted copy of ``base`` (a SentenceTransformer on
            ``device``) to attach the adapter to, in place; default: load ``base`` from disk.

    Returns:
        The SentenceTransformer, with only the adapter's weights trainable.
    """
    import torch
    from peft import LoraConfig, TaskType

    from titlesearch.encoders.encoder import load_sentence_transformer

    torch.manual_seed(config.seed)  # loading draws no random numbers: same adapter either way
    if model is None:
        model = load_sentence_transformer(base, device)
    targets = lora_targets(model[0].auto_model, config.target_modules, mapped=config.map_targets)
    model.add_adapter(
        LoraConfig(
            task_type=TaskType.FEATURE_EXTRACTION,
            r=config.r,
            lora_alpha=config.alpha,
            lora_dropout=config.dropout,
            bias="none",
            target_modules=targets,
        )
    )
    return model


def scale_update(model: Any, share: float) -> None:
    """Keep ``share`` of the trained LoRA update, in place (WiSE-FT's weight-space ensemble).

    Every adapted weight is ``W + B @ A * scaling``; multiplying each ``lora_B`` by ``share``
    gives ``W + share * update``, a model between the base and the fully tuned one. On the
    quick profile 0.7 classified better than 1 and than 0.55 on both development sets
    (README, "A blend of the tuned and base models"). The adapter file stores the scaled
    weights, so its fingerprint says which blend an index was built with.
    """
    import torch

    if share == 1:
        return
    with torch.no_grad():
        for name, parameter in model[0].auto_model.named_parameters():
            if "lora_B" in name:
                parameter.mul_(share)


def make_loss(model: Any, config: TrainConfig) -> Any:
    """``MultipleNegativesRankingLoss`` (mnrl) or cosine ``TripletLoss`` with ``config.margin``."""
    from sentence_transformers.sentence_transformer import losses

    if config.loss == "mnrl":
        return losses.MultipleNegativesRankingLoss(model)
    return losses.TripletLoss(
        model,
        distance_metric=losses.TripletDistanceMetric.COSINE,
        triplet_margin=config.margin,
    )


def loss_curve(log_history: list[dict[str, Any]]) -> list[LossPoint]:
    """(step, loss) points from a Hugging Face trainer's ``state.log_history``."""
    return [
        LossPoint(step=int(entry["step"]), loss=round(float(entry["loss"]), 5))
        for entry in log_history
        if "loss" in entry and "step" in entry
    ]


def _progress_bar_class():
    from transformers import TrainerCallback

    class ProgressBar(TrainerCallback):
        """A tqdm bar over steps with the latest loss, instead of the trainer's printed dicts."""

        def __init__(self) -> None:
            self.bar = None

        def on_train_begin(self, args, state, control, **kwargs):
            from tqdm.auto import tqdm

            self.bar = tqdm(total=state.max_steps, desc="training", unit="step", dynamic_ncols=True)

        def on_step_end(self, args, state, control, **kwargs):
            if self.bar is not None:
                self.bar.update(state.global_step - self.bar.n)

        def on_log(self, args, state, control, logs=None, **kwargs):
            if self.bar is not None and logs and "loss" in logs:
                self.bar.set_postfix(loss=f"{float(logs['loss']):.4f}")

        def on_train_end(self, args, state, control, **kwargs):
            if self.bar is not None:
                self.bar.close()
                self.bar = None

    return ProgressBar


def _batch_sampler(triplets: pd.DataFrame, config: TrainConfig) -> Any:
    """What the trainer draws batches with: see :func:`fit`."""
    from sentence_transformers.base.sampler import BatchSamplers

    if config.loss != "mnrl":
        return BatchSamplers.BATCH_SAMPLER
    if config.batches == "no-duplicates":
        return BatchSamplers.NO_DUPLICATES
    from titlesearch.train.data.batches import code_aware_sampler

    return code_aware_sampler(triplets, TRIPLET_COLUMNS)


def fit(
    model: Any,
    triplets: pd.DataFrame,
    config: TrainConfig,
    output_dir: Path,
    *,
    progress: bool = True,
    callbacks: list[Any] | None = None,
) -> tuple[list[LossPoint], int]:
    """Train ``model`` in place on ``triplets``; return the loss curve and the steps taken.

    MNRL batches are drawn without duplicate texts (a repeated positive in one batch would be
    scored as its own negative) and, with ``config.batches == "one-code"``, without two rows of
    one O*NET code (:mod:`titlesearch.train.data.batches`).
    """
    import transformers
    from datasets import Dataset
    from sentence_transformers import SentenceTransformerTrainer
    from sentence_transformers.sentence_transformer import SentenceTransformerTrainingArguments
    from transformers.trainer_callback import PrinterCallback, ProgressCallback

    class QuietTrainer(SentenceTransformerTrainer):
        def add_model_card_callback(self, default_args_dict: dict[str, Any]) -> None:
            pass  # model-card bookkeeping: slow on big datasets and unused here

    transformers.logging.set_verbosity_error()
    dataset = Dataset.from_pandas(triplets[list(TRIPLET_COLUMNS)], preserve_index=False)
    total = config.total_steps(len(dataset))
    device = str(model.device)
    args = SentenceTransformerTrainingArguments(
        output_dir=str(output_dir),
        max_steps=config.max_steps if config.max_steps is not None else -1,
        num_train_epochs=config.epochs or 1.0,
        per_device_train_batch_size=config.batch_size,
        learning_rate=config.lr,
        warmup_steps=config.warmup_for(total),
        lr_scheduler_type="linear",
        logging_steps=max(1, total // 200),
        report_to="none",
        save_strategy="no",
        disable_tqdm=True,
        use_cpu=device == "cpu",
        seed=config.seed,
        data_seed=config.seed,
        batch_sampler=_batch_sampler(triplets, config),
    )
    trainer = QuietTrainer(
        model=model,
        args=args,
        train_dataset=dataset,
        loss=make_loss(model, config),
        callbacks=list(callbacks or []),
    )
    trainer.remove_callback(PrinterCallback)
    trainer.remove_callback(ProgressCallback)
    if shown(progress):
        trainer.add_callback(_progress_bar_class()())
    trainer.train()
    model.eval()
    return loss_curve(trainer.state.log_history), int(trainer.state.global_step)
