"""O*NET-SOC taxonomy: occupations, alternate titles, SOC major groups, and code validation.

Data: O*NET 30.0 alternate titles, shipped under ``data/onet/`` (CC BY 4.0, see NOTICE).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from titlesearch.errors import DataFileError, InvalidInputError

ONET_ATTRIBUTION = (
    "This product includes information from the O*NET 30.0 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license."
)

MAJOR_GROUPS: dict[str, str] = {
    "11": "Management",
    "13": "Business and Financial Operations",
    "15": "Computer and Mathematical",
    "17": "Architecture and Engineering",
    "19": "Life, Physical, and Social Science",
    "21": "Community and Social Service",
    "23": "Legal",
    "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports, and Media",
    "29": "Healthcare Practitioners and Technical",
    "31": "Healthcare Support",
    "33": "Protective Service",
    "35": "Food Preparation and Serving Related",
    "37": "Building and Grounds Cleaning and Maintenance",
    "39": "Personal Care and Service",
    "41": "Sales and Related",
    "43": "Office and Administrative Support",
    "45": "Farming, Fishing, and Forestry",
    "47": "Construction and Extraction",
    "49": "Installation, Maintenance, and Repair",
    "51": "Production",
    "53": "Transportation and Material Moving",
    "55": "Military Specific",
}

ONET_CODE_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SOC_CODE_RE = re.compile(r"^\d{2}-\d{4}$")
GROUP_RE = re.compile(r"^\d{2}$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Occupation:
    """One O*NET-SOC occupation: ``15-1252.00`` "Software Developers"."""

    code: str
    title: str

    @property
    def soc_code(self) -> str:
        return self.code[:7]

    @property
    def major_group(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class TitleRecord:
    """A title to index, with the occupation it belongs to and where it came from."""

    title: str
    onet_code: str
    onet_title: str
    source: str
    extra: tuple[tuple[str, str], ...] = ()


def normalize_title(text: str) -> str:
    """Canonical form used for ids and de-duplication: NFKC, single spaces, casefolded."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def tidy_title(text: str) -> str:
    """Display form: NFKC and single spaces, original casing kept."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def validate_onet_code(code: str) -> str:
    """Return ``code`` stripped if it is a detailed O*NET-SOC code (``NN-NNNN.NN``).

    Raises:
        InvalidInputError: if the code is malformed or names an unknown major group.
    """
    value = (code or "").strip()
    if not ONET_CODE_RE.match(value):
        raise InvalidInputError(
            f"invalid O*NET-SOC code {code!r}: expected NN-NNNN.NN, e.g. 15-1252.00"
        )
    _check_group(value[:2], code)
    return value


def validate_soc_code(code: str) -> str:
    """Return a SOC code ``NN-NNNN``; ``NN-NNNN.NN`` is cut to its SOC part."""
    value = (code or "").strip()
    if ONET_CODE_RE.match(value):
        value = value[:7]
    if not SOC_CODE_RE.match(value):
        raise InvalidInputError(f"invalid SOC code {code!r}: expected NN-NNNN, e.g. 15-1252")
    _check_group(value[:2], code)
    return value


def validate_major_group(group: str) -> str:
    """Return a two-digit SOC major group (``15``); ``15-0000`` is accepted too."""
    value = (group or "").strip()
    if re.match(r"^\d{2}-0000$", value):
        value = value[:2]
    if not GROUP_RE.match(value):
        raise InvalidInputError(f"invalid major group {group!r}: expected two digits, e.g. 15")
    _check_group(value, group)
    return value


def _check_group(group: str, original: str) -> None:
    if group not in MAJOR_GROUPS:
        known = ", ".join(MAJOR_GROUPS)
        raise InvalidInputError(f"{original!r}: unknown SOC major group {group}; known: {known}")


def default_data_dir() -> Path:
    """The shipped O*NET folder: inside the installed package, or ``data/onet`` in a checkout."""
    packaged = Path(__file__).parent / "data" / "onet"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "onet"


@dataclass(frozen=True)
class Taxonomy:
    """Occupations and their alternate titles, loaded once from the O*NET CSV."""

    occupations: dict[str, Occupation]
    alternates: tuple[TitleRecord, ...]

    def occupation(self, code: str) -> Occupation:
        """Look up a known occupation; unknown but well-formed codes are an input error too."""
        value = validate_onet_code(code)
        if value not in self.occupations:
            raise InvalidInputError(
                f"O*NET-SOC code {value} is well-formed but not in O*NET 30.0; "
                "run `titlesearch info` for the codes in the index"
            )
        return self.occupations[value]

    def corpus(self) -> list[TitleRecord]:
        """Alternate titles plus occupation titles, de-duplicated by (code, normalized title)."""
        records = list(self.alternates) + [
            TitleRecord(o.title, o.code, o.title, "onet_occupation")
            for o in self.occupations.values()
        ]
        return dedupe(records)


def dedupe(records: list[TitleRecord]) -> list[TitleRecord]:
    """Keep the first record of each (code, normalized title); drop empty titles."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for record in records:
        key = (record.onet_code, normalize_title(record.title))
        if key[1] and key not in seen:
            seen.add(key)
            kept.append(record)
    return kept


def _alternates_file(data_dir: Path | None) -> Path:
    path = (data_dir or default_data_dir()) / "alternate_titles.csv"
    if not path.is_file():
        raise DataFileError(f"O*NET data not found at {path}; reinstall titlesearch")
    return path


@cache
def occupation_codes(data_dir: Path | None = None) -> frozenset[str]:
    """The O*NET-SOC codes that have titles: the first column of ``alternate_titles.csv``,
    read without parsing the titles (a query's code filter is checked in milliseconds,
    where :func:`load_taxonomy` takes a second)."""
    with _alternates_file(data_dir).open(encoding="utf-8") as handle:
        next(handle, None)  # the header
        return frozenset(line.split(",", 1)[0].strip() for line in handle if "," in line)


@cache
def load_taxonomy(data_dir: Path | None = None) -> Taxonomy:
    """Read ``alternate_titles.csv`` (columns onet_soc_code, title, alternate_title, ...)."""
    path = _alternates_file(data_dir)
    occupations: dict[str, Occupation] = {}
    alternates: list[TitleRecord] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code, title = row["onet_soc_code"].strip(), tidy_title(row["title"])
            occupations.setdefault(code, Occupation(code, title))
            alternates.append(
                TitleRecord(tidy_title(row["alternate_title"]), code, title, "onet_alternate")
            )
    return Taxonomy(occupations=occupations, alternates=tuple(alternates))
