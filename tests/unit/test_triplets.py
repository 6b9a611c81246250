"""Triplets and negative mining: other-code negatives, hard ones nearer than random ones."""

import numpy as np
import pandas as pd
import pytest

from titlesearch.errors import TrainingError
from titlesearch.train.data.split import prepare_frame
from titlesearch.train.data.triplets import build_triplets, mine_hard_negatives, random_negatives

CODES = ("15-1252.00", "15-1211.00", "29-1141.00", "29-2061.00", "43-4051.00", "53-3032.00")


@pytest.fixture(scope="module")
def onet_frame() -> pd.DataFrame:
    """Six codes (pairs of related occupations) x 8 real O*NET titles x 2 variants.

    Titles listed under several of these codes are left out, so a title names one code here.
    """
    from collections import Counter

    from titlesearch.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    pairs = {(r.onet_code, r.title) for r in taxonomy.alternates if r.onet_code in CODES}
    shared = {t for t, n in Counter(t for _, t in pairs).items() if n > 1}
    rows = []
    for code in CODES:
        titles = sorted(t for c, t in pairs if c == code and t not in shared)[:8]
        for title in titles:
            for variant in (f"Senior {title}", f"{title} - Remote"):
                rows.append({"jittered_title": variant, "seed_title": title, "onet_code": code})
    return prepare_frame(pd.DataFrame(rows))


def test_hard_negatives_are_other_codes_and_nearer_than_random(onet_frame, base_encoder):
    hard = build_triplets(
        onet_frame, negatives="hard", positives="seed", encoder=base_encoder, seed=0
    )
    rand = build_triplets(onet_frame, negatives="random", positives="seed", seed=0)
    code_of = dict(zip(onet_frame.seed_title, onet_frame.onet_code, strict=False))
    for triplets in (hard, rand):
        frame = triplets.frame
        assert len(frame) == len(onet_frame)
        assert list(frame.columns[:3]) == ["anchor", "positive", "negative"]
        assert (frame.negative.map(code_of) != frame.onet_code).all()
        assert (frame.positive.map(code_of) == frame.onet_code).all()

    def mean_cosine(frame):
        pos, neg = (
            base_encoder.encode(list(frame.positive)),
            base_encoder.encode(list(frame.negative)),
        )
        return float(np.einsum("ij,ij->i", pos, neg).mean())

    assert mean_cosine(hard.frame) > mean_cosine(rand.frame) + 0.05
    assert hard.stats["mean_positive_negative_cosine"] == pytest.approx(
        mean_cosine(hard.frame), abs=1e-3
    )


def test_miner_skips_same_code_same_text_and_the_nearest_few():
    vectors = np.eye(4, dtype=np.float32)[[0, 0, 0, 1, 2]]
    vectors[3] = [0.9, 0.1, 0, 0]
    vectors[4] = [0.5, 0.5, 0, 0]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    codes = np.array([0, 0, 1, 2, 3])
    text_ids = np.array([0, 1, 0, 2, 3])  # row 2 is row 0's text under another code
    mined = mine_hard_negatives(vectors, codes, text_ids, pool=2)
    assert list(mined[0]) == [3, 4]  # never row 1 (same code) nor row 2 (same text)
    assert list(mine_hard_negatives(vectors, codes, text_ids, pool=1, skip=1)[0]) == [4]


def test_random_negatives_never_hit_own_code():
    codes = np.repeat(np.arange(3), 20)
    picked = random_negatives(codes, pool=5, seed=1)
    assert picked.shape == (60, 5)
    assert (codes[picked] != codes[:, None]).all()


def test_code_positives_pull_titles_of_one_code_together(onet_frame):
    triplets = build_triplets(onet_frame, negatives="random", positives="code", seed=0)
    frame = triplets.frame
    code_of = dict(zip(onet_frame.seed_title, onet_frame.onet_code, strict=False))
    seeds = set(onet_frame.seed_title)
    # Every variant plus every clean title as an anchor of its own.
    assert len(frame) == len(onet_frame) + len(seeds)
    assert seeds <= set(frame.anchor)
    assert (frame.positive.map(code_of) == frame.onet_code).all()
    assert (frame.negative_code == frame.negative.map(code_of)).all()
    assert (frame.negative_code != frame.onet_code).all()
    assert (frame.anchor != frame.positive).all()
    clean = frame[frame.anchor.isin(seeds)]
    assert (clean.positive != clean.anchor).all()  # a clean title is paired with a sibling
    # Half the variants keep their own clean title (denoising), half take a sibling.
    variants = frame[~frame.anchor.isin(seeds)]
    own = variants.apply(
        lambda r: r.anchor in (f"Senior {r.positive}", f"{r.positive} - Remote"), axis=1
    )
    assert 0.3 < own.mean() < 0.7
    assert triplets.stats["positives"] == "code"
    assert 0.5 < triplets.stats["positive_is_other_title"] < 0.8


NURSES = ["Nurse", "RN", "Staff Nurse", "ICU Nurse", "Charge Nurse", "Ward Nurse", "Clinical Nurse",
          "Registered Nurse", "Floor Nurse"]  # fmt: skip


def test_a_code_with_one_title_keeps_its_own_positive():
    frame = prepare_frame(
        pd.DataFrame(
            [
                {"jittered_title": f"{t} {k}", "seed_title": t, "onet_code": c}
                for c, titles in {"15-1252.00": ["Coder"], "29-1141.00": NURSES}.items()
                for t in titles
                for k in range(6)
            ]
        )
    )
    triplets = build_triplets(frame, negatives="random", positives="code", seed=0).frame
    coder = triplets[triplets.onet_code == "15-1252.00"]
    assert (coder.positive == "Coder").all() and "Coder" not in set(coder.anchor)


def test_variants_of_one_seed_cycle_through_the_pool(onet_frame, base_encoder):
    triplets = build_triplets(
        onet_frame, encoder=base_encoder, positives="seed", pool=2, seed=0
    ).frame
    per_seed = triplets.groupby("positive").negative.nunique()
    assert (per_seed == 2).all()


def test_bad_modes_are_training_errors(onet_frame):
    with pytest.raises(TrainingError, match="negatives"):
        build_triplets(onet_frame, negatives="softest")  # type: ignore[arg-type]
    with pytest.raises(TrainingError, match="base encoder"):
        build_triplets(onet_frame, negatives="hard", encoder=None)
    with pytest.raises(TrainingError, match="positives"):
        build_triplets(onet_frame, positives="cousins")  # type: ignore[arg-type]
