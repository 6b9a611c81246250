"""Synthetic-data contract: jitter categories, one output row, the checks every variant passes.

Both generators (offline rules and an LLM) produce :class:`JitteredTitle` rows with the columns in
:data:`OUTPUT_COLUMNS`; :class:`VariantFilter` is the one place that decides whether a proposed
variant is kept, so the two generators cannot drift apart on what "a valid variant" means.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import astuple, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from titlesearch.errors import DataFileError
from titlesearch.taxonomy import normalize_title, tidy_title

MAX_VARIANT_CHARS = 150
"""Longer variants are dropped: real posting titles are short, and encoders truncate anyway."""

OUTPUT_COLUMNS: tuple[str, ...] = (
    "jittered_title",
    "seed_title",
    "onet_code",
    "onet_title",
    "category",
    "generator",
)


class JitterCategory(StrEnum):
    """What a variant mainly changes about its seed title (the value is written to the output)."""

    ALTERNATIVE_KEYWORDS = "alternative_keywords"
    """The same job in other words: synonyms, other common names, ``A/B`` pairs."""
    SENIORITY = "seniority"
    """Level words: Senior/Junior/Lead/Principal/Staff, I/II/III, Head of, Trainee, Apprentice."""
    SKILLS = "skills"
    """Technologies, certifications, domains and specialisations of the same occupation."""
    JOB_CONTEXT = "job_context"
    """Location, remote/hybrid, shift, pay, contract type, perks, experience, hiring phrases."""
    FORMATTING = "formatting"
    """Punctuation, abbreviations, casing, word order, separators, requisition numbers."""

    @classmethod
    def parse(cls, value: str) -> JitterCategory | None:
        """The category named by ``value`` (case and ``-``/space tolerant), or None if unknown."""
        key = (value or "").strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(key)
        except ValueError:
            return None


@dataclass(frozen=True)
class JitteredTitle:
    """One synthetic training row: a noisy title and the clean seed (and occupation) it came from.

    Attributes:
        jittered_title: the generated, posting-like title.
        seed_title: the clean O*NET title it was made from.
        onet_code: the seed's O*NET-SOC code (the training label).
        onet_title: the occupation title of ``onet_code``.
        category: the main :class:`JitterCategory` value applied.
        generator: ``rules`` or ``llm:<model>``.
    """

    jittered_title: str
    seed_title: str
    onet_code: str
    onet_title: str
    category: str
    generator: str

    def as_row(self) -> tuple[str, ...]:
        """Values in :data:`OUTPUT_COLUMNS` order."""
        return astuple(self)


def seed_key(onet_code: str, title: str) -> tuple[str, str]:
    """Identity of a seed across runs: used to resume and to de-duplicate."""
    return onet_code.strip(), normalize_title(title)


@dataclass
class VariantFilter:
    """Decides which proposed variants of one seed are kept, and counts why others are dropped.

    A variant is dropped when it is empty, longer than :data:`MAX_VARIANT_CHARS`, the seed itself
    (compared normalized, so casing-only changes do not count), a duplicate of an earlier variant
    of the same seed, or labelled with an unknown category.
    """

    dropped: Counter[str] = field(default_factory=Counter)

    def accept(
        self, seed_title: str, text: object, category: object, seen: set[str]
    ) -> tuple[str, JitterCategory] | None:
        """Return the tidied variant and its category if it passes, else None (reason counted).

        Args:
            seed_title: the clean title the variant was made from.
            text: the proposed variant (anything; non-strings are dropped as empty).
            category: the proposed category name (or a :class:`JitterCategory`).
            seen: normalized variants already kept for this seed; updated when one is kept.
        """
        # Leading bullets and "=+-@" go: list markers from LLM replies, formula starts in CSV.
        title = tidy_title(text).lstrip("=+-@•*· ") if isinstance(text, str) else ""
        parsed = category if isinstance(category, JitterCategory) else None
        if parsed is None and isinstance(category, str):
            parsed = JitterCategory.parse(category)
        key = normalize_title(title)
        if not key:
            reason = "empty"
        elif len(title) > MAX_VARIANT_CHARS:
            reason = "too_long"
        elif key == normalize_title(seed_title):
            reason = "same_as_seed"
        elif key in seen:
            reason = "duplicate"
        elif parsed is None:
            reason = "unknown_category"
        else:
            seen.add(key)
            return title, parsed
        self.dropped[reason] += 1
        return None


class SyntheticFile:
    """The output file of a run: CSV appended to row by row, or Parquet via a staging CSV.

    Parquet cannot be appended to, so new rows go to ``<name>.partial`` (CSV, flushed per batch)
    and :meth:`close` rewrites the Parquet with old and new rows (atomically: temp file, rename).
    A run killed before ``close`` leaves the staging file; the next run counts its seeds as done
    and merges it. ``.partial`` files are never mistaken for data by globbing ``*.csv``.
    """

    def __init__(self, path: Path, fmt: str = "csv") -> None:
        self.path = path
        self.fmt = fmt
        self.staging = path.with_name(path.name + ".partial") if fmt == "parquet" else path
        self._handle: TextIO | None = None
        self._writer: Any = None

    def done_keys(self) -> set[tuple[str, str]]:
        """:func:`seed_key` of every seed that already has rows (to skip on resume).

        Raises:
            DataFileError: the file exists but is not in this format / lacks the columns.
        """
        keys: set[tuple[str, str]] = set()
        if self.fmt == "parquet" and self.path.exists():
            import pyarrow.parquet as pq

            try:
                table = pq.read_table(self.path, columns=["seed_title", "onet_code"])
            except Exception as exc:
                raise DataFileError(
                    f"{self.path} exists but is not synthetic data ({exc}); "
                    "choose another --output or remove it"
                ) from None
            titles, codes = table.column(0).to_pylist(), table.column(1).to_pylist()
            keys.update(seed_key(str(c), str(t)) for t, c in zip(titles, codes, strict=True))
        if self.staging.exists() and self.staging.stat().st_size:
            with self.staging.open(newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle)
                header = tuple(next(reader, ()))
                if header != OUTPUT_COLUMNS:
                    raise DataFileError(
                        f"{self.staging} exists but its columns are {', '.join(header)}, not "
                        f"{', '.join(OUTPUT_COLUMNS)}; choose another --output or remove it"
                    )
                keys.update(seed_key(row[2], row[1]) for row in reader if len(row) == 6)
        return keys

    def append(self, rows: Sequence[JitteredTitle]) -> None:
        """Append rows and flush, so an interruption loses nothing already appended."""
        if not rows:
            return
        if self._writer is None:
            self.staging.parent.mkdir(parents=True, exist_ok=True)
            new = _drop_partial_line(self.staging)
            self._handle = self.staging.open("a", newline="", encoding="utf-8")
            self._writer = csv.writer(self._handle)
            if new:
                self._writer.writerow(OUTPUT_COLUMNS)
        self._writer.writerows(row.as_row() for row in rows)
        assert self._handle is not None
        self._handle.flush()

    def close(self) -> None:
        """Close the CSV; for Parquet, merge the staging rows into the Parquet file."""
        if self._handle is not None:
            self._handle.close()
            self._handle = self._writer = None
        if self.fmt != "parquet" or not self.staging.exists():
            return
        import pyarrow as pa
        import pyarrow.csv as pa_csv
        import pyarrow.parquet as pq

        types = {column: pa.string() for column in OUTPUT_COLUMNS}
        options = pa_csv.ConvertOptions(column_types=types, strings_can_be_null=False)
        tables = [pa_csv.read_csv(self.staging, convert_options=options)]
        if self.path.exists():
            old = pq.read_table(self.path).select(list(OUTPUT_COLUMNS))
            tables.insert(0, old.cast(tables[0].schema))
        tmp = self.path.with_name(self.path.name + ".tmp")
        pq.write_table(pa.concat_tables(tables), tmp)
        tmp.replace(self.path)
        self.staging.unlink()


def _drop_partial_line(path: Path) -> bool:
    """Cut a half-written last line (a killed run) off ``path``; True if the file is new/empty."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    with path.open("rb+") as handle:
        handle.seek(-1, 2)
        if handle.read(1) != b"\n":
            handle.seek(0)
            data = handle.read()
            handle.truncate(data.rfind(b"\n") + 1)
    return path.stat().st_size == 0
