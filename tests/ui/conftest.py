"""UI fixtures: a small real index WITH tuned vectors (an untrained random LoRA adapter, so no
training is needed), its training report, Optuna study and evaluation; an empty home; and
an AppTest opener that points the app at a home through ``TITLESEARCH_HOME``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from ui_server import browser, ui_server  # noqa: F401 - the real-server fixtures

APP = Path(__file__).resolve().parents[2] / "src" / "titlesearch" / "ui" / "app.py"
RUN_ID = "test-run"


def _make_adapter(quick_model, folder: Path) -> Path:
    """A LoRA adapter with random (non-zero) weights: tuned vectors differ from base ones."""
    import torch
    from peft import LoraConfig, get_peft_model

    from titlesearch.encoders.encoder import ADAPTER_META, load_sentence_transformer

    torch.manual_seed(0)
    model = load_sentence_transformer(quick_model, "cpu")  # a fresh copy: base_encoder stays
    config = LoraConfig(
        r=4, lora_alpha=4, target_modules=["query", "value"], init_lora_weights=False
    )
    peft_model = get_peft_model(model[0].auto_model, config)
    peft_model.save_pretrained(str(folder))
    meta = {"run_id": RUN_ID, "base_model": quick_model.name, "base_sha256": quick_model.sha256}
    (folder / ADAPTER_META).write_text(json.dumps(meta))
    return folder


def _training_report(run_dir: Path, quick_model) -> None:
    report = {
        "run_id": RUN_ID,
        "created_at": "2026-01-01T00:00:00+00:00",
        "base_model": quick_model.name,
        "config": {"profile": "quick", "r": 4, "alpha": 4, "lr": 5e-5},
        "lora_target_modules": ["query", "value"],
        "parameters": {"trainable": 36864, "total": 22750080, "share_percent": 0.162},
        "data": {"train": 900, "val": 100},
        "validation": {
            "sizes": {"queries": 100, "corpus": 400},
            "before": {"accuracy@1": 0.41, "accuracy@5": 0.62, "mrr@10": 0.5},
            "after": {"accuracy@1": 0.55, "accuracy@5": 0.74, "mrr@10": 0.63},
        },
        "steps": 30,
        "loss_curve": [{"step": s, "loss": 1.0 / s} for s in range(5, 35, 5)],
        "time_seconds": {"train": 61.0, "total": 80.0},
        "hardware": {"device": "cpu", "gpu": None},
        "paths": {"adapter": str(run_dir / "adapter"), "merged": str(run_dir / "merged")},
    }
    (run_dir / "training_report.json").write_text(json.dumps(report))


def _optuna_study(runs_dir: Path) -> None:
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(
        storage=f"sqlite:///{runs_dir / 'optuna.db'}",
        study_name="titlesearch-quick",
        direction="maximize",
        sampler=optuna.samplers.RandomSampler(seed=0),
    )
    study.optimize(
        lambda t: (
            t.suggest_float("lr", 1e-6, 1e-4, log=True) * 1e4
            + t.suggest_categorical("r", [8, 16]) / 100
        ),
        n_trials=6,
    )


@pytest.fixture(scope="session")
def tuned_home(tmp_path_factory, quick_model, base_encoder, small_corpus) -> Path:
    """A TITLESEARCH_HOME with a base + tuned index, a training run, a study and an eval."""
    from titlesearch.encoders import build_encoder, read_adapter
    from titlesearch.evaluate.report import write_report
    from titlesearch.evaluate.run import evaluate
    from titlesearch.ingest.build import build_index
    from titlesearch.search.service import SearchService
    from titlesearch.store.edge import EdgeStore

    home = tmp_path_factory.mktemp("tuned_home")
    run_dir = home / "runs" / RUN_ID
    (run_dir / "adapter").mkdir(parents=True)
    adapter = read_adapter(_make_adapter(quick_model, run_dir / "adapter"))
    tuned = build_encoder(quick_model, adapter=adapter, device="cpu", batch_size=64)
    with EdgeStore(home / "index", "job_titles") as store:
        build_index(store, small_corpus, base_encoder, tuned, progress=False)
        service = SearchService(store, base_encoder, tuned, store.read_manifest())
        sample = small_corpus[::40]
        report = evaluate(
            service, [r.title for r in sample], [r.onet_code for r in sample], dataset="fixture"
        )
        write_report(report, home / "reports")
    _training_report(run_dir, quick_model)
    _optuna_study(home / "runs")
    return home


@pytest.fixture
def empty_home(tmp_path: Path) -> Path:
    return tmp_path / "empty_home"


@pytest.fixture
def open_app(monkeypatch) -> Callable:
    """``open_app(home, page=None)``: an AppTest of the app run once (on ``page`` if given)."""
    from streamlit.testing.v1 import AppTest

    def opener(home: Path, page: str | None = None):
        monkeypatch.setenv("TITLESEARCH_HOME", str(home))
        app = AppTest.from_file(str(APP), default_timeout=120).run()
        if page is not None:
            app.switch_page(f"views/{page}.py").run()
        return app

    return opener
