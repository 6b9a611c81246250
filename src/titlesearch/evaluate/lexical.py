"""The lexical baseline: TF-IDF on character 2–4-grams over the indexed titles.

What string matching gets you: the reference the embedding systems must beat
(measured on the dev set with the full O*NET corpus: acc@1 0.640).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from titlesearch.evaluate.metrics import Prediction, distinct_codes
from titlesearch.search.confidence import DEFAULT_TEMPERATURE


class TfidfBaseline:
    """Nearest titles by cosine similarity of character n-gram TF-IDF vectors."""

    def __init__(self, titles: Sequence[str], codes: Sequence[str], ngram_range=(2, 4)) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.codes = np.asarray(codes)
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=ngram_range, lowercase=True, sublinear_tf=True
        )
        self.matrix = self.vectorizer.fit_transform(list(titles))

    def predict(self, queries: Sequence[str], *, k: int = 30, chunk: int = 512) -> list[Prediction]:
        """Top distinct codes per query; confidence from the same softmax as the models."""
        out: list[Prediction] = []
        for start in range(0, len(queries), chunk):
            sims = self.vectorizer.transform(queries[start : start + chunk]) @ self.matrix.T
            sims = sims.toarray()
            top = np.argpartition(-sims, min(k, sims.shape[1] - 1), axis=1)[:, :k]
            for row, idx in zip(sims, top, strict=True):
                order = idx[np.argsort(-row[idx])]
                codes = distinct_codes(self.codes[order].tolist())
                best = {c: row[order][self.codes[order] == c].max() for c in codes}
                scores = np.array([best[c] for c in codes])
                probs = np.exp((scores - scores.max()) / DEFAULT_TEMPERATURE)
                out.append(Prediction(codes, float(probs[0] / probs.sum())))
        return out
