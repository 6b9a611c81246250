"""Export a sentence-transformers model (a LoRA adapter merged in, if any) to ONNX, once.

The whole encoder (transformer and pooling) becomes one graph with a ``sentence_embedding``
output; the float32 graph is then quantised dynamically to int8 (MatMul weights, per
channel: the variant whose vectors stayed closest to torch's, cosine 0.992 on real titles,
at the same speed as whole-graph quantisation). The folder is named by the fingerprint of the
weights, lives under ``TITLESEARCH_HOME/models/onnx`` and is written atomically (a temporary
folder renamed into place), so every later process reuses it and a killed export leaves
nothing half-made behind.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from titlesearch.encoders.onnx_model import EXPORT_META, GRAPHS
from titlesearch.errors import ModelError
from titlesearch.progress import shown

OPSET = 17


def export_folder(root: Path, fingerprint: str) -> Path:
    """Where the export of the weights fingerprinted ``fingerprint`` lives."""
    return root / fingerprint[:32]


def ensure_export(
    root: Path, fingerprint: str, load_model: Callable[[], Any], *, progress: bool = True
) -> Path:
    """The export folder of ``fingerprint``, exporting ``load_model()`` first if it is missing.

    Raises:
        ModelError: the export failed (the message names the cause); nothing is left behind.
    """
    folder = export_folder(root, fingerprint)
    if (folder / EXPORT_META).is_file():
        if not (folder / GRAPHS["onnx-int8"]).is_file():  # exported under an older recipe
            _requantize(folder)
        return folder
    from tqdm.auto import tqdm

    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=root))
    try:
        with tqdm(total=3, desc="export ONNX", unit="step", disable=not shown(progress)) as bar:
            model = load_model()
            bar.update()
            inputs = _export_graph(model, staging / GRAPHS["onnx"])
            bar.update()
            _quantize(staging / GRAPHS["onnx"], staging / GRAPHS["onnx-int8"])
            bar.update()
        _save_tokenizer(model, staging, inputs, fingerprint)
        if folder.exists() and not (folder / EXPORT_META).is_file():
            shutil.rmtree(folder)  # a damaged export (files deleted by hand): replace it
        try:
            os.replace(staging, folder)
        except OSError:  # another process published the same export first: keep theirs
            if not (folder / EXPORT_META).is_file():
                raise
    except ModelError:
        raise
    except Exception as exc:  # torch.onnx and onnxruntime raise many types
        raise ModelError(
            f"exporting the model to ONNX failed ({type(exc).__name__}: {str(exc)[:200]}); "
            "set TITLESEARCH_ENCODER_BACKEND=torch to encode with PyTorch instead"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


@contextmanager
def _quiet():
    """Silence the exporter's tracer warnings and the quantiser's root-logger advice."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


def _export_graph(model: Any, path: Path) -> list[str]:
    """Trace ``model`` (a SentenceTransformer on the CPU) into ``path``; its input names."""
    import torch

    tokenize = getattr(model, "preprocess", None) or model.tokenize  # renamed in ST 6
    sample = tokenize(["a sample job title", "nurse"])
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]

    class Graph(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.model(dict(zip(names, tensors, strict=True)))["sentence_embedding"]

    axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"sentence_embedding": {0: "batch"}}
    with _quiet(), torch.no_grad():
        torch.onnx.export(
            Graph().eval(),
            tuple(sample[n] for n in names),
            str(path),
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
    return names


def _requantize(folder: Path) -> None:
    """Make the current recipe's int8 graph from the export's float32 one (no torch needed),
    through a temporary file renamed into place."""
    target = folder / GRAPHS["onnx-int8"]
    staging = folder / f".{target.name}.{os.getpid()}.partial"
    try:
        _quantize(folder / GRAPHS["onnx"], staging)
        os.replace(staging, target)
    except Exception as exc:  # onnxruntime raises many types for a damaged graph
        raise ModelError(
            f"quantising the ONNX export in {folder} failed ({type(exc).__name__}: "
            f"{str(exc)[:160]}); delete that folder: the model is exported again the next "
            "time it loads"
        ) from None
    finally:
        staging.unlink(missing_ok=True)


def _quantize(source: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _quiet():
        quantize_dynamic(
            str(source),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
        )


def _save_tokenizer(model: Any, folder: Path, inputs: list[str], fingerprint: str) -> None:
    """The fast tokenizer's ``tokenizer.json`` and how to use it, then ``export.json`` last
    (its presence marks a complete export)."""
    tokenizer = model.tokenizer
    dimension = getattr(model, "get_embedding_dimension", None) or (
        model.get_sentence_embedding_dimension
    )
    tokenizer.backend_tokenizer.save(str(folder / "tokenizer.json"))
    meta = {
        "fingerprint": fingerprint,
        "inputs": inputs,
        "dims": int(dimension()),
        "max_seq_length": int(model.max_seq_length),
        "pad_token": tokenizer.pad_token,
        "pad_token_id": int(tokenizer.pad_token_id),
        "opset": OPSET,
    }
    (folder / EXPORT_META).write_text(json.dumps(meta, indent=2), encoding="utf-8")
