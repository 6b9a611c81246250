"""Train/validation split: grouped by seed title, stratified by code, deterministic."""

import pandas as pd
import pytest

from titlesearch.errors import DataFileError, TrainingError
from titlesearch.train.data.split import (
    limit_seeds,
    load_training_frame,
    newest_data_file,
    prepare_frame,
    split_by_seed,
)


def synthetic(titles_per_code: dict[str, int], variants: int = 3) -> pd.DataFrame:
    rows = []
    for code, count in titles_per_code.items():
        for t in range(count):
            seed = f"Title {code} number {t}"
            for v in range(variants):
                rows.append(
                    {
                        "jittered_title": f"{seed} variant {v}",
                        "seed_title": seed,
                        "onet_code": code,
                        "onet_title": f"Occupation {code}",
                        "category": "formatting",
                        "generator": "test",
                    }
                )
    return prepare_frame(pd.DataFrame(rows))


CODES = {f"{11 + i % 40:02d}-{1000 + i}.00": n for i, n in enumerate([1, 2, 5, 10, 20, 40, 1])}


def test_no_seed_title_on_both_sides_and_variants_stay_together():
    split = split_by_seed(synthetic(CODES), val_fraction=0.2, seed=1)
    train_seeds, val_seeds = set(split.train.seed_key), set(split.val.seed_key)
    assert train_seeds and val_seeds and not train_seeds & val_seeds
    # every variant of a validation seed is in validation
    assert (split.val.groupby("seed_key").size() == 3).all()


def test_single_title_codes_stay_in_train_and_every_code_keeps_a_train_title():
    frame = synthetic(CODES)
    split = split_by_seed(frame, val_fraction=0.5, seed=3)
    singles = [code for code, n in CODES.items() if n == 1]
    assert not split.val.onet_code.isin(singles).any()
    assert set(split.train.onet_code) == set(frame.onet_code)


def test_stratified_by_code():
    split = split_by_seed(synthetic({"15-1252.00": 40, "29-1141.00": 20}), 0.1, seed=0)
    held = split.val.groupby("onet_code").seed_key.nunique().to_dict()
    assert held == {"15-1252.00": 4, "29-1141.00": 2}


def test_deterministic_in_seed():
    frame = synthetic(CODES)
    one, two = split_by_seed(frame, 0.2, seed=7), split_by_seed(frame, 0.2, seed=7)
    other = split_by_seed(frame, 0.2, seed=8)
    assert set(one.val.seed_key) == set(two.val.seed_key)
    assert set(one.val.seed_key) != set(other.val.seed_key)


def test_sizes_report_both_sides():
    sizes = split_by_seed(synthetic(CODES), 0.2, seed=1).sizes()
    total = sum(CODES.values())
    assert sizes["train"]["seed_titles"] + sizes["val"]["seed_titles"] == total
    assert sizes["train"]["variants"] + sizes["val"]["variants"] == 3 * total


def test_same_title_in_another_code_is_not_a_validation_title():
    frame = synthetic({"15-1252.00": 12, "15-1253.00": 12})
    shared = frame.seed_title.str.replace("15-1253.00", "15-1252.00")
    frame = prepare_frame(frame.assign(seed_title=shared).drop(columns="seed_key"))
    split = split_by_seed(frame, 0.5, seed=0)
    assert not set(split.val.seed_title) & set(split.train.seed_title)


def test_too_little_data_and_bad_fraction_are_training_errors():
    with pytest.raises(TrainingError, match="too little training data"):
        synthetic({"15-1252.00": 20})
    with pytest.raises(TrainingError, match="val-fraction"):
        split_by_seed(synthetic(CODES), val_fraction=0.9)


def test_limit_seeds_keeps_whole_seeds():
    limited = limit_seeds(synthetic(CODES), 12, seed=0)
    assert limited.seed_key.nunique() == 12
    assert (limited.groupby("seed_key").size() == 3).all()


def test_data_file_discovery_and_loading(tmp_path):
    with pytest.raises(TrainingError, match="titlesearch generate"):
        newest_data_file(tmp_path)
    path = tmp_path / "synthetic.csv"
    synthetic(CODES).drop(columns="seed_key").to_csv(path, index=False)
    assert newest_data_file(tmp_path) == path
    assert load_training_frame(path).seed_key.nunique() == sum(CODES.values())
    (tmp_path / "bad.csv").write_text("title,code\nx,y\n")
    with pytest.raises(DataFileError, match="jittered_title"):
        load_training_frame(tmp_path / "bad.csv")
