"""A sentence encoder served by onnxruntime and the `tokenizers` library, without torch.

It loads what :mod:`titlesearch.encoders.onnx_export` wrote (the graph, the tokenizer and
``export.json``) and answers the part of the SentenceTransformer interface that
:class:`~titlesearch.encoders.encoder.Encoder` uses (``encode``, the dimension), so the query
path of an ONNX index never imports torch or sentence-transformers: a cold CLI search starts in
a fraction of the time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from titlesearch.encoders.backends import QUANTIZATION
from titlesearch.errors import ModelError

EXPORT_META = "export.json"
GRAPHS = {"onnx": "model.onnx", "onnx-int8": f"model.{QUANTIZATION}.onnx"}


class OnnxSentenceModel:
    """Mean-pooled sentence embeddings from an exported graph (pooling is inside the graph).

    Args:
        folder: An export folder (``export.json``, ``tokenizer.json``, the graphs).
        backend: ``onnx`` (float32 graph) or ``onnx-int8`` (quantised graph).
    """

    def __init__(self, folder: Path, backend: str) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        try:
            meta = json.loads((folder / EXPORT_META).read_text(encoding="utf-8"))
            self.inputs: list[str] = list(meta["inputs"])
            self.dims = int(meta["dims"])
            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            options = ort.SessionOptions()
            options.log_severity_level = 3  # warnings about unused initialisers are noise here
            self.session = ort.InferenceSession(
                str(folder / GRAPHS[backend]), options, providers=["CPUExecutionProvider"]
            )
            self.tokenizer.enable_truncation(int(meta["max_seq_length"]))
            self.tokenizer.enable_padding(
                pad_id=int(meta["pad_token_id"]), pad_token=str(meta["pad_token"])
            )
        except Exception as exc:  # json, tokenizers and onnxruntime raise their own types
            raise ModelError(
                f"the ONNX export in {folder} cannot be loaded ({type(exc).__name__}: "
                f"{str(exc)[:160]}); delete that folder: the model is exported again the next "
                "time it loads (or set TITLESEARCH_ENCODER_BACKEND=torch)"
            ) from None

    def get_sentence_embedding_dimension(self) -> int:
        return self.dims

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 128,
        normalize_embeddings: bool = True,
        show_progress_bar: bool = False,
        **_: Any,
    ) -> np.ndarray:
        """Embeddings of ``texts`` in order; batches are formed by length (less padding)."""
        from tqdm.auto import tqdm

        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        starts = range(0, len(texts), batch_size)
        for start in tqdm(starts, desc="encode", unit="batch", disable=not show_progress_bar):
            rows = order[start : start + batch_size]
            out[rows] = self._run([texts[i] for i in rows])
        if normalize_embeddings:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out /= np.maximum(norms, 1e-12)
        return out

    def _run(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        feeds = {
            "input_ids": ids,
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
        }
        return self.session.run(None, {name: feeds[name] for name in self.inputs})[0]
