"""Category ``formatting``: how boards write a title (abbreviations, word order, punctuation).

Every formatting operation also restyles separators and casing now and then
(:func:`formatting_main`); real boards are full of titles in capitals. Some titles get a typo
("Mangaer") or a second job of the same major group ("Sales Assistant cum Cashier"); the
label stays the seed's occupation.
"""

from __future__ import annotations

import random
import re
from functools import cache

import titlesearch.synth.rules.asean_vocabulary as A
import titlesearch.synth.rules.vocabulary as V
from titlesearch.synth.rules.draft import Draft, Op, pick
from titlesearch.synth.rules.profile import SeedContext, head_index, word_set

CATEGORY = "formatting"
DESCRIPTION = (
    'punctuation, abbreviations (Sr., Mgr, Tech, RN), casing, ALL CAPS, word order ("Manager, '
    'Sales"), separators (" - ", " | ", " / "), requisition numbers, a typo, two related jobs '
    '("A cum B").'
)
ORDER = 50
EXTRA_CHANCES = (0.08,)


@cache
def _abbreviation_tables() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]], dict[str, str]]:
    """Phrase regex, word → abbreviations (lower-cased keys), abbreviation → full form."""
    phrases = sorted(V.PHRASE_ABBREVIATIONS, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b", re.I)
    words = {word.lower(): abbrs for word, abbrs in V.WORD_ABBREVIATIONS.items()}
    reverse: dict[str, str] = {}
    for table in (V.PHRASE_ABBREVIATIONS, V.WORD_ABBREVIATIONS):
        for full, abbrs in table.items():
            for abbr in abbrs:
                reverse.setdefault(abbr.rstrip("."), full)
    return pattern, words, reverse


def _bare(token: str) -> tuple[str, str, str]:
    """Split punctuation off a token: "(Sr.," → ("(", "Sr.", ",")."""
    match = re.match(r"^([(\[]*)(.*?)([)\],:;]*)$", token)
    assert match is not None
    return match.group(1), match.group(2), match.group(3)


def abbreviate(text: str, rng: random.Random) -> str:
    """Abbreviate one phrase ("Registered Nurse" → "RN") or one or more words ("Sr.", "Mgr")."""
    pattern, words, _ = _abbreviation_tables()
    matches = list(pattern.finditer(text))
    tokens = text.split(" ")
    hits = [i for i, t in enumerate(tokens) if _bare(t)[1].lower() in words]
    if matches and (not hits or rng.random() < 0.8):
        match = rng.choice(matches)
        found = match.group(1).lower()
        options = next(v for k, v in V.PHRASE_ABBREVIATIONS.items() if k.lower() == found)
        return f"{text[: match.start()]}{rng.choice(options)}{text[match.end() :]}"
    if not hits:
        return text
    for i in hits if rng.random() < 0.3 else rng.sample(hits, 1):
        before, word, after = _bare(tokens[i])
        tokens[i] = f"{before}{rng.choice(words[word.lower()])}{after}"
    return " ".join(tokens)


def expand(text: str, rng: random.Random) -> str:
    """Spell out abbreviations the title has: "Sr." → "Senior", "HVAC Tech" → "HVAC Technician"."""
    _, _, reverse = _abbreviation_tables()
    tokens = text.split(" ")
    hits = [i for i, t in enumerate(tokens) if _bare(t)[1].rstrip(".") in reverse]
    if not hits:
        return text
    for i in hits if rng.random() < 0.5 else rng.sample(hits, 1):
        before, word, after = _bare(tokens[i])
        tokens[i] = f"{before}{reverse[word.rstrip('.')]}{after}"
    return " ".join(tokens)


def fmt_abbreviate(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Shorten words as postings do: "Senior Software Engineer" → "Sr. SWE"."""
    core = abbreviate(draft.core, rng)
    changed, draft.core = core != draft.core, core
    return changed


def fmt_expand(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Spell abbreviations out: "HVAC Tech" → "HVAC Technician", "RN" → "Registered Nurse"."""
    core = expand(draft.core, rng)
    changed, draft.core = core != draft.core, core
    return changed


def fmt_invert(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Head first, as in HR systems: "Sales Manager" → "Manager, Sales"."""
    words = draft.core.split(" ")
    hi = head_index(words)
    if hi != len(words) - 1 or hi == 0 or "/" in draft.core or " or " in draft.core:
        return False
    if draft.wrapper and not draft.wrapper.endswith("{t}"):
        return False
    rest = " ".join(words[:hi])
    form = rng.choices((", {r}", " - {r}", " ({r})"), weights=(5, 1, 1.5))[0]
    draft.core = words[hi] + form.format(r=rest)
    return True


def fmt_job_code(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    if draft.code:
        return False
    digits = {f"n{k}": str(rng.randrange(10 ** (k - 1), 10**k)) for k in range(3, 8)}
    draft.code = pick(rng, V.JOB_CODE_FORMS).format(yy=rng.randrange(19, 26), **digits)
    return True


def fmt_punctuation(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Hyphens and conjunctions: "Speech-Language" → "Speech Language", " and " → " & "."""
    core = draft.core
    if " and " in core:
        core = core.replace(" and ", rng.choice((" & ", "/", " + ")), 1)
    elif "&" in core:
        core = core.replace("&", "and", 1)
    elif "-" in core:  # every hyphen of one word: "Right-of-Way" → "Right of Way"
        words = core.split(" ")
        i = next(i for i, word in enumerate(words) if "-" in word)
        words[i] = words[i].replace("-", rng.choice((" ", "")))
        core = " ".join(words)
    if core == draft.core:
        return False
    draft.core = core
    return True


_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_TYPO_WORD = re.compile(r"[A-Za-z]{5,}")


@cache
def _neighbour_keys() -> dict[str, str]:
    """Letter → the keys beside it on a QWERTY row ("e" → "wr")."""
    return {
        key: row[max(i - 1, 0) : i] + row[i + 1 : i + 2]
        for row in _KEY_ROWS
        for i, key in enumerate(row)
    }


def typo(word: str, rng: random.Random) -> str:
    """``word`` with one slip of the fingers, never on its first letter.

    A key beside the right one ("Exwcutive"), two letters swapped ("Mangaer"), or one letter
    dropped ("Assitant") or doubled ("Managger").
    """
    while True:
        i = rng.randrange(1, len(word))
        kind = rng.choice(("key", "swap", "drop", "double"))
        if kind == "key":
            near = rng.choice(_neighbour_keys()[word[i].lower()])
            slip = near.upper() if word[i].isupper() else near
            out = word[:i] + slip + word[i + 1 :]
        elif kind == "swap" and i + 1 < len(word):
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif kind == "drop":
            out = word[:i] + word[i + 1 :]
        else:
            out = word[:i] + word[i] + word[i:]
        if out.lower() != word.lower():
            return out


def fmt_typo(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """A typo in one word of five or more letters: "Executive" → "Exwcutive"."""
    words = list(_TYPO_WORD.finditer(draft.core))
    if not words:
        return False
    match = rng.choice(words)
    core = draft.core
    draft.core = f"{core[: match.start()]}{typo(match.group(0), rng)}{core[match.end() :]}"
    return True


def fmt_double_title(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """A second job of the same major group: "Sales cum Admin Assistant", "Cashier / Stocker".

    The companion is one of the seed's :attr:`CodeProfile.companions`, from the same minor
    group most of the time; titles with the same head noun share it.
    """
    near, far = seed.profile.companions
    pool = near if near and (not far or rng.random() < 0.7) else far
    if not pool or re.search(r"/| or | cum |&", draft.core, re.I):
        return False
    core_words = word_set(draft.core)
    for other in rng.sample(pool, min(8, len(pool))):
        if word_set(other) - core_words and other.lower() not in draft.core.lower():
            break
    else:
        return False
    join = pick(rng, A.DOUBLE_TITLE_JOINS)
    mine, theirs = draft.core.split(" "), other.split(" ")
    if len(mine) > 1 and len(theirs) > 1 and mine[-1] == theirs[-1] and rng.random() < 0.7:
        shared = " ".join(mine[:-1]), " ".join(theirs[:-1])
        first, second = shared if rng.random() < 0.75 else shared[::-1]
        draft.core = f"{first}{join}{second} {mine[-1]}"
    else:
        first, second = (draft.core, other) if rng.random() < 0.75 else (other, draft.core)
        draft.core = f"{first}{join}{second}"
    return True


def formatting_main(op: Op) -> Op:
    """The operation, then now and then a restyle of the separators or the casing."""

    def styled(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
        if not op(draft, seed, rng):
            return False
        if rng.random() < 0.5:
            draft.sep = pick(rng, V.SEPARATORS[1:])
            draft.joiner = rng.choice(("", ", ", " | "))
        if rng.random() < 0.2:  # a fifth of real vacancy titles are in capitals
            draft.case = "upper" if rng.random() < 0.85 else "lower"
        return True

    styled.__name__ = op.__name__
    return styled


OPERATIONS = (
    (formatting_main(fmt_abbreviate), lambda s: 5.0),
    (formatting_main(fmt_expand), lambda s: 4.0),
    (formatting_main(fmt_invert), lambda s: 2.0),
    (formatting_main(fmt_job_code), lambda s: 1.0),
    (formatting_main(fmt_punctuation), lambda s: 1.5),
    (formatting_main(fmt_typo), lambda s: 0.5),
    (formatting_main(fmt_double_title), lambda s: 0.6),
)
