"""Confidence, group fallback and abstention from neighbour lists."""

from titlesearch.search.classify import classify_hits
from titlesearch.store.base import Hit


def hit(code: str, score: float, title: str = "t") -> Hit:
    return Hit(
        id=f"{code}-{score}",
        score=score,
        payload={"title": title, "onet_code": code, "onet_title": f"occ {code}"},
    )


def test_clear_winner_is_confident():
    c = classify_hits("q", [hit("15-1252.00", 0.9), hit("29-1141.00", 0.6)], abstain_below=0.35)
    assert c.level == "code" and c.onet_code == "15-1252.00" and not c.abstain
    assert 0.99 < c.confidence <= 1.0
    assert [a.onet_code for a in c.alternatives] == ["15-1252.00", "29-1141.00"]
    assert c.label == "15-1252.00 occ 15-1252.00"


def test_close_codes_in_one_group_fall_back_to_group():
    hits = [hit("15-1252.00", 0.80), hit("15-1253.00", 0.80), hit("15-1254.00", 0.80)]
    c = classify_hits("q", hits, abstain_below=0.5)
    assert c.level == "group" and c.onet_code is None and c.major_group == "15"
    assert c.major_group_name == "Computer and Mathematical"
    assert abs(c.group_confidence - 1.0) < 1e-9
    assert c.label == "major group 15 Computer and Mathematical (code uncertain)"


def test_close_codes_across_groups_abstain():
    hits = [hit("15-1252.00", 0.5), hit("29-1141.00", 0.5), hit("41-2031.00", 0.5)]
    c = classify_hits("q", hits, abstain_below=0.5)
    assert c.abstain and c.level == "none" and c.major_group is None
    assert c.label == "abstained (no confident match)"


def test_no_hits_abstains():
    c = classify_hits("q", [], abstain_below=0.3)
    assert c.abstain and c.confidence == 0.0


def test_confidence_uses_best_hit_per_code():
    hits = [hit("15-1252.00", 0.7), hit("15-1252.00", 0.9), hit("29-1141.00", 0.85)]
    c = classify_hits("q", hits, abstain_below=0.0)
    assert c.score == 0.9 and c.onet_code == "15-1252.00"
    assert 0.5 < c.confidence < 1.0


def titled(code: str, score: float, title: str, onet_title: str = "", source: str = "") -> Hit:
    payload = {"title": title, "onet_code": code, "onet_title": onet_title or f"occ {code}"}
    return Hit(id=f"{code}-{title}", score=score, payload={**payload, "source": source})


def test_a_code_several_titles_point_at_beats_one_near_duplicate():
    hits = [hit("35-3023.00", 0.80)] + [hit("35-3023.01", 0.79) for _ in range(4)]
    c = classify_hits("q", hits, abstain_below=0.0)
    assert c.onet_code == "35-3023.01"


def test_exact_title_wins_and_the_occupations_own_title_breaks_the_tie():
    hits = [
        titled("35-3023.00", 0.99, "Barista", "Fast Food and Counter Workers"),
        titled("35-3023.01", 0.98, "Coffee Barista", "Baristas"),
        titled("35-3023.01", 0.99, "barista", "Baristas"),
        titled("35-3023.00", 0.995, "Barista Helper", "Fast Food and Counter Workers"),
    ]
    c = classify_hits("barista", hits, abstain_below=0.0)
    assert c.onet_code == "35-3023.01"
    only_typed = classify_hits("Barista (Part-time)", hits[:1] + hits[3:], abstain_below=0.0,
                               text="barista")  # fmt: skip
    assert only_typed.onet_code == "35-3023.00"  # the normalised text matched exactly


def test_all_other_codes_yield_on_near_ties():
    hits = [
        titled("15-1299.00", 0.801, "Web Guy", "Computer Occupations, All Other"),
        titled("15-1254.00", 0.80, "Web Developer", "Web Developers"),
    ]
    assert classify_hits("web dev", hits, abstain_below=0.0).onet_code == "15-1254.00"


def test_a_persons_correction_outranks_onet_titles_equal_to_the_query():
    hits = [
        titled("53-7063.00", 0.99, "Greaser", source="onet_alternate"),
        titled("49-9043.00", 0.99, "Greaser", source="onet_alternate"),
        titled("47-2073.00", 0.97, "greaser", source="user"),
    ]
    c = classify_hits("GREASER", hits, abstain_below=0.5)
    assert c.onet_code == "47-2073.00" and c.level == "code"


def test_the_nearest_titles_that_voted_are_kept_as_the_reason():
    hits = [titled("15-1252.00", 0.7, "Developer"), titled("15-1252.00", 0.9, "SWE")]
    hits += [titled(f"29-114{i}.00", 0.5 - i / 100, f"nurse {i}") for i in range(6)]
    c = classify_hits("q", hits, abstain_below=0.0)
    assert [n.title for n in c.neighbours] == ["SWE", "Developer", "nurse 0", "nurse 1", "nurse 2"]
    assert c.neighbours[0].onet_code == "15-1252.00" and c.neighbours[0].score == 0.9
    assert c.to_dict()["neighbours"][1]["title"] == "Developer"


def test_the_longest_title_a_posting_names_word_for_word_lifts_its_code():
    query = "Experienced Lease Operator Needed - Great Pay & Benefits!"
    hits = [
        titled("11-9141.00", 0.805, "Property Lease Manager"),
        titled("53-7073.00", 0.790, "Lease Operator"),
        titled("51-8093.00", 0.795, "Operator"),  # one word: too generic to count
    ]
    assert classify_hits(query, hits, abstain_below=0.0).onet_code == "53-7073.00"
    assert classify_hits("Lease Manager", hits, abstain_below=0.0).onet_code == "11-9141.00"


def test_only_the_longest_contained_title_counts_and_words_must_be_whole():
    from titlesearch.search.contained import longest_contained

    votes = {
        "47-2152.04": [titled("47-2152.04", 0.8, "Solar System Installer")],
        "47-2231.00": [titled("47-2231.00", 0.9, "Solar Installer")],
        "49-9071.00": [titled("49-9071.00", 0.7, "System Installer")],
    }
    query = "SOLAR SYSTEM INSTALLER - Residential, Immediate Start!"
    assert longest_contained(votes, [query]) == {"47-2152.04"}
    assert longest_contained(votes, ["Solar Installers wanted"]) == set()  # not whole words
    assert longest_contained(votes, ["", "solar installer (rooftop)"]) == {"47-2231.00"}
