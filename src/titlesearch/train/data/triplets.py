"""(anchor, positive, negative) triplets from synthetic variants, with hard-negative mining.

Data contract: every triplet is ``anchor`` = a jittered title, ``positive`` = a clean title of
the anchor's code, ``negative`` = a clean training title of a *different* O*NET code;
``onet_code`` and ``negative_code`` are kept for the batch sampler and analysis, and dropped
before the loss sees the rows.

Positives (``positives``): ``seed`` pairs a variant with the clean title it was made from, which
teaches denoising only. ``code`` pairs it with *another* clean title of the same code (cycled),
and adds each clean title itself as an anchor, so the alternate titles of one occupation
(O*NET's real-world titles: "Barista" and "Coffee Bar Attendant") are pulled together and
a posting's wording need not match any one title. A code with a single title falls back to
``seed``. Both losses
read exactly the three text columns in that order: ``TripletLoss`` pushes the negative at least
``margin`` further (cosine distance) than the positive; ``MultipleNegativesRankingLoss`` ranks the
positive first among all positives and negatives of the batch.

Negatives are mined among the clean training titles only (never validation seeds) using the
*base* model: ``hard`` takes the nearest titles of other codes (optionally skipping the closest
few, which are often near-synonyms in sibling codes), ``random`` any title of another code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from titlesearch.errors import TrainingError
from titlesearch.taxonomy import normalize_title

NegativeMode = Literal["hard", "random"]
NEGATIVE_MODES = ("hard", "random")
PositiveMode = Literal["seed", "code"]
POSITIVE_MODES = ("seed", "code")
TRIPLET_COLUMNS = ("anchor", "positive", "negative")


@dataclass(frozen=True)
class CleanTitles:
    """The distinct clean (seed) titles negatives are drawn from, with their codes."""

    titles: list[str]
    codes: np.ndarray  # int code ids, one per title
    text_ids: np.ndarray  # int ids of the normalized text: equal texts never negate each other
    code_names: np.ndarray  # the O*NET code of each title

    def siblings(self) -> list[np.ndarray]:
        """Per title, the other titles of its code with a different text (maybe none)."""
        members: dict[int, list[int]] = {}
        for i, code in enumerate(self.codes):
            members.setdefault(int(code), []).append(i)
        return [
            np.asarray([j for j in members[int(c)] if self.text_ids[j] != self.text_ids[i]])
            for i, c in enumerate(self.codes)
        ]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> CleanTitles:
        seeds = frame[["seed_key", "seed_title", "onet_code"]].drop_duplicates("seed_key")
        seeds = seeds.sort_values("seed_key")
        codes = pd.factorize(seeds.onet_code)[0]
        text_ids = pd.factorize(seeds.seed_title.map(normalize_title))[0]
        return cls(
            list(seeds.seed_title),
            np.asarray(codes),
            np.asarray(text_ids),
            seeds.onet_code.to_numpy(dtype=object),
        )


def mine_hard_negatives(
    vectors: np.ndarray,
    codes: np.ndarray,
    text_ids: np.ndarray,
    *,
    pool: int = 5,
    skip: int = 0,
    chunk: int = 512,
) -> np.ndarray:
    """For every row, the indices of its ``pool`` nearest rows of another code, nearest first.

    Args:
        vectors: unit-length embeddings, one row per clean title.
        codes: code id per row; rows of the same code are never candidates.
        text_ids: normalized-text id per row; the same text under another code is not a negative.
        pool: candidates kept per row (triplets of one seed cycle through them).
        skip: nearest candidates to pass over first (likely false negatives).
        chunk: rows per matmul block (memory ~ chunk x rows x 4 bytes).

    Returns:
        ``int64`` array of shape (rows, pool); ``-1`` where fewer candidates exist.
    """
    n = len(vectors)
    want = skip + pool
    out = np.full((n, pool), -1, dtype=np.int64)
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        sims = vectors[start:stop] @ vectors.T
        same = (codes[start:stop, None] == codes[None, :]) | (
            text_ids[start:stop, None] == text_ids[None, :]
        )
        sims[same] = -np.inf
        k = min(want, n)
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        order = np.take_along_axis(sims, top, axis=1).argsort(axis=1)[:, ::-1]
        ranked = np.take_along_axis(top, order, axis=1)
        valid = np.take_along_axis(sims, ranked, axis=1) > -np.inf
        ranked = np.where(valid, ranked, -1)[:, skip : skip + pool]
        out[start:stop, : ranked.shape[1]] = ranked
    return out


def random_negatives(codes: np.ndarray, pool: int = 5, seed: int = 0) -> np.ndarray:
    """For every row, ``pool`` random rows of another code (same shape as the hard miner's)."""
    rng = np.random.default_rng(seed)
    n = len(codes)
    if len(np.unique(codes)) < 2:
        raise TrainingError("negatives need titles of at least two O*NET codes")
    out = rng.integers(0, n, size=(n, pool))
    clash = codes[out] == codes[:, None]
    while clash.any():  # resample the few that hit their own code
        out[clash] = rng.integers(0, n, size=int(clash.sum()))
        clash = codes[out] == codes[:, None]
    return out


@dataclass(frozen=True)
class TripletSet:
    """Triplets for training plus what the mining did, for the report."""

    frame: pd.DataFrame  # columns: anchor, positive, negative, onet_code
    stats: dict[str, float | int | str]


def build_triplets(
    train: pd.DataFrame,
    *,
    negatives: NegativeMode = "hard",
    positives: PositiveMode = "code",
    encoder=None,
    pool: int = 5,
    skip: int = 0,
    seed: int = 0,
) -> TripletSet:
    """Triplets from the training variants; the ``j``-th variant of a seed gets its ``j``-th
    negative candidate.

    Args:
        train: training rows (see :mod:`titlesearch.train.data.split` for the columns).
        negatives: ``hard`` (nearest other-code titles under ``encoder``) or ``random``.
        positives: ``seed`` (each variant's own clean title) or ``code`` (every other variant
            and each clean title itself paired with another title of its code; see the module
            doc).
        encoder: a :class:`titlesearch.encoders.Encoder` of the *base* model; required for
            ``hard``. Its embedding cache means clean titles are encoded once across runs.
        pool: distinct negatives per seed title, cycled through by its variants.
        skip: for ``hard``, nearest candidates to skip (near-synonyms in sibling codes).
        seed: random seed (``random`` mode, sibling choice and the order of rows).

    Raises:
        TrainingError: unknown mode, bad ``pool``/``skip``, or no encoder for ``hard``.
    """
    if negatives not in NEGATIVE_MODES:
        raise TrainingError(
            f"--negatives must be one of {', '.join(NEGATIVE_MODES)}, got {negatives!r}"
        )
    if positives not in POSITIVE_MODES:
        raise TrainingError(
            f"--positives must be one of {', '.join(POSITIVE_MODES)}, got {positives!r}"
        )
    if pool < 1 or skip < 0:
        raise TrainingError(f"negative pool must be >= 1 and skip >= 0, got {pool} and {skip}")
    clean = CleanTitles.from_frame(train)
    if negatives == "hard":
        if encoder is None:
            raise TrainingError("hard negatives need the base encoder")
        vectors = encoder.encode(clean.titles, progress=len(clean.titles) > 5000)
        candidates = mine_hard_negatives(vectors, clean.codes, clean.text_ids, pool=pool, skip=skip)
    else:
        vectors = None
        candidates = random_negatives(clean.codes, pool=pool, seed=seed)
    index_of = {t: i for i, t in enumerate(_seed_keys(train))}
    rows = train[["seed_key", "jittered_title", "onet_code"]]
    if positives == "code":  # the clean titles themselves are anchors too
        seeds = train.drop_duplicates("seed_key")
        clean_rows = seeds.assign(jittered_title=seeds.seed_title)[list(rows.columns)]
        rows = pd.concat([rows, clean_rows], ignore_index=True)
    rows = rows.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    seed_index = rows.seed_key.map(index_of).to_numpy()
    variant_no = rows.groupby("seed_key").cumcount().to_numpy()
    picked = candidates[seed_index, variant_no % pool]
    # Fewer than `pool` candidates (tiny data): fall back to the first one.
    picked = np.where(picked >= 0, picked, candidates[seed_index, 0])
    titles = np.asarray(clean.titles, dtype=object)
    anchors = rows.jittered_title.to_numpy(dtype=object)
    # Odd variants and the clean-title anchors take a sibling; even variants keep their own
    # clean title (the denoising signal).
    wants_sibling = (anchors == titles[seed_index]) | (variant_no % 2 == 1)
    positive = seed_index.copy()
    if positives == "code":
        positive = _sibling_positives(clean, seed_index, variant_no, wants_sibling, seed)
    keep = (picked >= 0) & (anchors != titles[positive])
    frame = pd.DataFrame(
        {
            "anchor": anchors[keep],
            "positive": titles[positive[keep]],
            "negative": titles[picked[keep]],
            "onet_code": rows.onet_code.to_numpy()[keep],
            "negative_code": clean.code_names[picked[keep]],
        }
    )
    stats: dict[str, float | int | str] = {
        "negatives": negatives,
        "positives": positives,
        "pool": pool,
        "skip": skip,
        "triplets": len(frame),
        "clean_titles": len(clean.titles),
        "positive_is_other_title": round(float(np.mean(positive[keep] != seed_index[keep])), 4),
    }
    if vectors is not None and keep.any():
        sims = np.einsum("ij,ij->i", vectors[seed_index[keep]], vectors[picked[keep]])
        stats["mean_positive_negative_cosine"] = round(float(sims.mean()), 4)
    return TripletSet(frame, stats)


def _sibling_positives(
    clean: CleanTitles, seed_index: np.ndarray, variant_no: np.ndarray, wants: np.ndarray, seed: int
) -> np.ndarray:
    """Each row's positive: the next sibling title of its seed where ``wants`` and one exists,
    else its own seed; siblings are taken in turn from a random offset per seed."""
    siblings = clean.siblings()
    offsets = np.random.default_rng(seed).integers(0, 1 << 30, size=len(clean.titles))
    out = seed_index.copy()
    for row in np.flatnonzero(wants):
        s = seed_index[row]
        if len(siblings[s]):
            out[row] = siblings[s][(offsets[s] + variant_no[row]) % len(siblings[s])]
    return out


def _seed_keys(train: pd.DataFrame) -> list[str]:
    """Seed keys in the order :meth:`CleanTitles.from_frame` uses."""
    return sorted(train.seed_key.unique())
