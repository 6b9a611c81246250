"""Category ``formatting``: how boards write a title (abbreviations, word order, punctuation).

As the main category, formatting also restyles separators and casing now and then
(:func:`formatting_main`); as extra noise on top of another category it does not.
"""

from __future__ import annotations

import random
import re
from functools import cache

import titlesearch.synth.rules.vocabulary as V
from titlesearch.synth.rules.draft import Draft, Op, pick
from titlesearch.synth.rules.profile import SeedContext, head_index

CATEGORY = "formatting"
DESCRIPTION = (
    'punctuation, abbreviations (Sr., Mgr, Tech, RN), casing, word order ("Manager, Sales"), '
    'separators (" - ", " | ", " / "), parentheses, requisition numbers.'
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


def formatting_main(op: Op) -> Op:
    """As a main operation, formatting also restyles separators or casing now and then."""

    def styled(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
        if not op(draft, seed, rng):
            return False
        if rng.random() < 0.5:
            draft.sep = pick(rng, V.SEPARATORS[1:])
            draft.joiner = rng.choice(("", ", ", " | "))
        if rng.random() < 0.06:
            draft.case = "upper" if rng.random() < 0.7 else "lower"
        return True

    styled.__name__ = op.__name__
    return styled


OPERATIONS = (
    (formatting_main(fmt_abbreviate), lambda s: 5.0),
    (formatting_main(fmt_expand), lambda s: 4.0),
    (formatting_main(fmt_invert), lambda s: 2.0),
    (formatting_main(fmt_job_code), lambda s: 1.0),
    (formatting_main(fmt_punctuation), lambda s: 1.5),
)
