"""Real job-posting titles read as the occupation they name: noise off, shorthand spelled out.

``"Sr. SWE II (Backend) – Remote, $150k"`` → ``"senior software engineer (backend)"``;
``"Retail Assistant @ Sunway Pyramid"`` → ``"retail assistant"``; ``"Operator Pengeluaran"`` →
``"production operator"``. The models were trained on O*NET's wording; a posting's pay, place,
shift, grade, language requirement and employment terms only pull its vector away from it.

Used on queries before they are encoded (search and classify) and, in reverse, by the
synthetic-data rules. Parts are dropped only when they are recognisably noise; a part that is
all noise leaves the title as it was, so nothing a person typed is ever reduced to nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from titlesearch.shorthand import LANGUAGES, MALAY, NOISE_WORDS, SHORTHAND

# Shorthand that is also an English word is expanded only where it is written in capitals.
_ENGLISH_WORDS = {"it", "er", "cs", "pr", "ai", "bi", "ui", "ae", "bd", "np"}
_PAY = re.compile(
    r"(?:(?:us\$|\$|rm|usd|myr|sgd|£|€)\s?\d[\d,.]*\s?k?(?:\s?-\s?(?:\$|rm)?\s?\d[\d,.]*\s?k?)?"
    r"(?:\s?(?:/|per\s)\s?(?:hr|hour|month|mth|year|yr|annum))?)",
    re.IGNORECASE,
)
_GRADE = re.compile(
    r"\b(?:gred|grade|gr|level|lvl|band|tier)\s*[-.]?\s*[0-9ivx]+[a-z]?(?:\s*(?:&|/|and)\s*"
    r"(?:gred|grade|level)?\s*[0-9ivx]+)*\b|\b(?:ii|iii|iv)\b|\b[lp][1-9]\b",
    re.IGNORECASE,
)
_LANGUAGES = rf"\b(?:{'|'.join(LANGUAGES)})(?:\s*(?:/|,|&|and|or)\s*(?:{'|'.join(LANGUAGES)}))*"
_LANGUAGE = re.compile(
    _LANGUAGES + r"\s*(?:speakers?|speaking|required|preferred)?\b", re.IGNORECASE
)
# Outside brackets a language is a requirement only when the posting says so ("Mandarin
# Speaker"); "Mandarin Teacher" teaches it, and the word stays.
_LANGUAGE_REQUIREMENT = re.compile(
    _LANGUAGES + r"\s*(?:speakers?|speaking|required|preferred)\b", re.IGNORECASE
)
_BRACKETS = re.compile(r"[(\[{]([^()\[\]{}]*)[)\]}]")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'+.-]*[A-Za-z0-9+]|[A-Za-z]")
_SPACES = re.compile(r"\s+")


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in ordered)
    return re.compile(rf"(?<![\w&-])(?:{body})(?![\w&-])", re.IGNORECASE)


_NOISE = _phrase_pattern(NOISE_WORDS)
_MALAY = _phrase_pattern(MALAY)
_SHORTHAND = _phrase_pattern(SHORTHAND)


@cache
def title_vocabulary() -> frozenset[str]:
    """Lower-case words of every O*NET title: a part of a posting with none of them is a place,
    an employer or a code, not an occupation."""
    from titlesearch.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    words: Counter[str] = Counter()
    for record in taxonomy.corpus():
        words.update(w.lower() for w in _TOKEN.findall(record.title))
    return frozenset(w for w, n in words.items() if n >= 2 and len(w) > 1)


def _words_known(text: str) -> bool:
    vocabulary = title_vocabulary()
    for word in _TOKEN.findall(text):
        low = word.lower().strip(".")
        if low in vocabulary or low in SHORTHAND or low in MALAY:
            return True
    return False


def _strip(pattern: re.Pattern[str], text: str) -> str:
    """Remove ``pattern``; keep the text as it was if nothing would be left."""
    out = pattern.sub(" ", text)
    return out if _TOKEN.search(out) else text


def _expand(text: str, all_caps: bool) -> str:
    def malay(match: re.Match[str]) -> str:
        return MALAY[match.group(0).lower()]

    def shorthand(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        # English words count as shorthand only in capitals, and ("IT" aside) not in a
        # title written all in capitals, where every word is.
        if low in _ENGLISH_WORDS and (not word.isupper() or (all_caps and low != "it")):
            return word
        return SHORTHAND[low]

    text = _MALAY.sub(malay, text)
    text = re.sub(r"(?<=\w)\.(?=\s|$)", "", text)  # "Sr." "Mgr." "Asst."
    return _SHORTHAND.sub(shorthand, text)


def _clean_bracket(match: re.Match[str]) -> str:
    inner = match.group(1)
    if re.match(r"\s*(?:based|located|location)\b", inner, re.IGNORECASE):
        return " "
    kept = _strip(_LANGUAGE, _strip(_NOISE, inner))
    if kept == inner and not _LANGUAGE.search(inner) and not _NOISE.search(inner):
        if re.search(r"\d", inner) or not _words_known(inner):
            return " "  # "(1 Year Contract)", "(Based at Prai)", "(KL)", "(TSE-SIG)"
        return f" ({inner.strip()}) "
    return " " if not _words_known(kept) or kept.strip() == "" else f" ({kept.strip()}) "


@lru_cache(maxsize=65_536)  # batches repeat titles; search and classify both ask
def normalize_posting(title: str) -> str:
    """The occupation words of a posting title, in lower case, shorthand spelled out.

    Falls back to the tidied original when every part looks like noise.
    """
    text = unicodedata.normalize("NFKC", title).replace("’", "'").strip()
    if not text:
        return text
    letters = [c for c in text if c.isalpha()]
    all_caps = bool(letters) and all(c.isupper() for c in letters)
    text = re.sub(r"\s*@.*$", " ", text)  # "Retail Assistant @ Sunway Pyramid"
    text = _PAY.sub(" ", text)
    text = _BRACKETS.sub(_clean_bracket, text)
    text = _strip(_GRADE, text)
    text = _strip(_LANGUAGE_REQUIREMENT, text)
    text = re.sub(r"\s+cum\s+", " / ", text, flags=re.IGNORECASE)
    text = _expand(text, all_caps)
    text = re.sub(r"\(\s*\)", " ", text)
    text = _SPACES.sub(" ", text).strip(" -/,.&|")
    return text.lower() if _TOKEN.search(text) else _SPACES.sub(" ", title).strip()
