"""LoRA training end to end on real MiniLM: a few steps on ~100 triplets, then the saved run."""

import copy
import json
import os
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from titlesearch.encoders import build_encoder, read_adapter
from titlesearch.errors import TrainingError
from titlesearch.train import run as train_run
from titlesearch.train.config import TrainConfig
from titlesearch.train.data.split import prepare_frame
from titlesearch.train.fit import build_lora_model, lora_targets, scale_update
from titlesearch.train.report import TrainingReport
from titlesearch.train.run import train_adapter

STEPS = 4
SAVED_KEYS = (
    "run_id", "created_at", "base_model", "base_sha256", "config", "lora_target_modules",
    "parameters", "data", "validation", "steps", "warmup_steps", "loss_curve",
    "adapter_check_max_abs_diff", "time_seconds", "hardware", "paths",
)  # fmt: skip


def tiny_frame(codes: int = 25) -> pd.DataFrame:
    """``codes`` O*NET codes x 2 seed titles x 2 variants (~100 rows)."""
    from titlesearch.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    by_code: dict[str, list[str]] = {}
    for record in taxonomy.alternates:
        by_code.setdefault(record.onet_code, []).append(record.title)
    rows = []
    for code in sorted(by_code)[::40][:codes]:
        for title in sorted(set(by_code[code]))[:2]:
            for variant in (f"Sr. {title}", f"{title} (Remote, Full-Time)"):
                rows.append({"jittered_title": variant, "seed_title": title, "onet_code": code})
    return prepare_frame(pd.DataFrame(rows))


def tiny_config(**overrides) -> TrainConfig:
    values = dict(max_steps=STEPS, batch_size=8, lr=1e-3, warmup=1, val_fraction=0.3)
    return TrainConfig.for_profile("quick", **(values | overrides))


@pytest.fixture(scope="module")
def run(tmp_path_factory, quick_model, base_encoder, minilm_session):
    runs = tmp_path_factory.mktemp("runs")
    return train_adapter(
        tiny_frame(), quick_model, tiny_config(), runs_dir=runs, device="cpu",
        progress=False, base_encoder=base_encoder, model=copy.deepcopy(minilm_session),
    )  # fmt: skip


@pytest.mark.slow
def test_run_folder_holds_adapter_merged_and_report(run):
    assert {"adapter_config.json", "adapter_model.safetensors", "titlesearch_adapter.json"} <= set(
        os.listdir(run.adapter_dir)
    )
    assert (run.merged_dir / "modules.json").is_file()
    assert (run.run_dir / "validation.csv").is_file()
    meta = json.loads((run.adapter_dir / "titlesearch_adapter.json").read_text())
    assert set(meta) == {"run_id", "base_model", "base_sha256", "profile", "created_at"}
    assert meta["run_id"] == run.run_id and meta["profile"] == "quick"
    report = json.loads((run.run_dir / "training_report.json").read_text())
    assert list(report) == list(SAVED_KEYS)  # the keys readers of earlier runs rely on
    assert TrainingReport.read(run.run_dir / "training_report.json") == run.report
    assert 0 < report["parameters"]["share_percent"] < 5
    assert [p["step"] for p in report["loss_curve"]] == list(range(1, STEPS + 1))
    assert set(report["validation"]["before"]) == {"accuracy@1", "accuracy@5", "mrr@10"}
    assert report["steps"] == STEPS and report["hardware"]["torch_threads"] >= 1
    assert sorted(report["lora_target_modules"]) == ["dense", "key", "query", "value"]
    assert report["config"]["update_scale"] == 0.7  # the quick profile's share of the update
    leftovers = list((run.run_dir.parent / ".staging").iterdir())
    assert leftovers == []


@pytest.mark.slow
def test_adapter_loads_and_matches_merged_model(run, quick_model, base_encoder):
    from sentence_transformers import SentenceTransformer

    info = read_adapter(run.adapter_dir)
    assert info.run_id == run.run_id and info.base_sha256 == quick_model.sha256
    tuned = build_encoder(quick_model, adapter=info, device="cpu")
    merged = SentenceTransformer(str(run.merged_dir), device="cpu")
    texts = ["Sr. Software Engineer (Remote)", "registered nurse ICU nights", "Truck Driver"]
    via_adapter = tuned.encode(texts)
    via_merged = merged.encode(texts, normalize_embeddings=True)
    assert np.abs(via_adapter - via_merged).max() < 1e-4
    assert np.abs(via_adapter - base_encoder.encode(texts)).max() > 1e-3


@pytest.mark.slow
def test_interrupted_run_leaves_no_junk(
    tmp_path, quick_model, base_encoder, minilm_model, monkeypatch
):
    stale = tmp_path / ".staging" / "20200101-000000-quick.999999999"
    (stale / "adapter").mkdir(parents=True)  # a run killed outright, long ago

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(train_run, "fit", interrupted)
    with pytest.raises(KeyboardInterrupt):
        train_adapter(
            tiny_frame(12), quick_model, tiny_config(), runs_dir=tmp_path, device="cpu",
            progress=False, base_encoder=base_encoder, model=minilm_model,
        )  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == [".staging"]
    assert list((tmp_path / ".staging").iterdir()) == []


def test_scale_update_keeps_that_share_of_every_lora_update(quick_model, minilm_session):
    """WiSE-FT in weight space: each adapted layer's update B @ A * scaling becomes share x it."""
    import torch

    model = build_lora_model(quick_model, tiny_config(), "cpu", model=copy.deepcopy(minilm_session))
    layers = [m for m in model[0].auto_model.modules() if hasattr(m, "get_delta_weight")]
    torch.manual_seed(0)
    for layer in layers:  # a fresh adapter's B is zero: give it an update to scale
        torch.nn.init.normal_(layer.lora_B["default"].weight, std=0.02)
    before = [layer.get_delta_weight("default").clone() for layer in layers]
    scale_update(model, 0.7)
    assert len(layers) == 37  # 6 layers x query, key, value and 3 dense; the pooler's dense
    for layer, delta in zip(layers, before, strict=True):
        torch.testing.assert_close(layer.get_delta_weight("default"), 0.7 * delta)
        assert delta.abs().max() > 0


def test_mpnet_style_names_map_to_q_k_v_o():
    import torch

    class Attn(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.q, self.k, self.v, self.o = (torch.nn.Linear(2, 2) for _ in range(4))
            self.dense = torch.nn.Linear(2, 2)

    assert lora_targets(Attn(), ("query", "key", "value", "dense")) == ["q", "k", "v", "dense", "o"]
    assert lora_targets(Attn(), ("query", "dense"), mapped=False) == ["dense"]
    with pytest.raises(TrainingError, match="linear layers are named"):
        lora_targets(Attn(), ("gate_proj",))


def test_bad_parameters_are_training_errors():
    with pytest.raises(TrainingError, match="unknown profile"):
        TrainConfig.for_profile("huge")
    with pytest.raises(TrainingError, match="--dropout"):
        TrainConfig.for_profile("quick", dropout=1.5)
    for share in (0, 1.5):
        with pytest.raises(TrainingError, match="--update-scale must be in"):
            TrainConfig.for_profile("quick", update_scale=share)
    with pytest.raises(TrainingError, match="not both"):
        TrainConfig.for_profile("quick", epochs=1, max_steps=10)
    assert TrainConfig.for_profile("seed", max_steps=50).epochs is None
    seed = TrainConfig.for_profile("seed")
    assert (seed.r, seed.alpha, seed.lr, seed.batch_size, seed.warmup) == (16, 16, 1.09e-5, 32, 359)
    assert seed.update_scale == 1.0 and TrainConfig.for_profile("quick").update_scale == 0.7
    assert replace(seed, max_steps=100).warmup_for(100) == 50


def test_cli_errors_are_one_clear_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from titlesearch.cli import app

    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    runner = CliRunner()
    missing = runner.invoke(app, ["train"])
    assert missing.exit_code == 2 and "titlesearch generate" in missing.output
    assert "Traceback" not in missing.output
    unknown = runner.invoke(app, ["train", "--profile", "huge"])
    assert unknown.exit_code == 2 and "unknown profile" in unknown.output
    both = runner.invoke(app, ["train", "--epochs", "1", "--max-steps", "5"])
    assert both.exit_code == 2 and "not both" in both.output
    best = runner.invoke(app, ["train", "--params", "best"])
    assert best.exit_code == 2 and "titlesearch tune" in best.output
