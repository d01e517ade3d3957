"""The steps of a check one by one: relate (is the passage about the claim?) and
judge (which way does it point?), with the fitted weights, on sentences written
for these tests (not the labelled topics the weights were fitted on)."""

from dataclasses import replace

from claims.choices import Stance
from claims.verification.aggregate import aggregate
from claims.verification.direction import decide
from claims.verification.facts import ClaimFacts, Judgement, PassageFacts
from claims.verification.judge import judge_passage
from claims.verification.model import weights_for
from claims.verification.relate import ClaimTerms, relate, relation_reasons
from factcheck.text.embeddings import embedder

CLAIM = "North Korea put a military spy satellite into orbit in November, state media said."


def _relations(passages: list[str]):
    terms = ClaimTerms.of(CLAIM, ["North Korea"], 2023)
    facts = ClaimFacts.from_text(CLAIM)
    readings = [judge_passage(facts, PassageFacts(p, None, "Wire", 0.8)) for p in passages]
    ranks = [0.5] * len(passages)
    return relate(terms, passages, ranks, readings, embedder(), weights_for("wordllama"))


def _decide_all(claim: str, passages: list[str]):
    """Each passage's decision, related as a check relates its candidates: together."""
    facts = ClaimFacts.from_text(claim)
    terms = ClaimTerms.of(claim, [e["text"] for e in facts.entities], None)
    readings = [judge_passage(facts, PassageFacts(p, None, "Wire", 0.8)) for p in passages]
    weights = weights_for("wordllama")
    ranks = [0.5] * len(passages)
    relations = relate(terms, passages, ranks, readings, embedder(), weights)
    return [
        decide(relation, reading, claim, passage, 0.8, weights)
        for relation, reading, passage in zip(relations, readings, passages, strict=True)
    ]


def _decide(claim: str, passage: str):
    (decision,) = _decide_all(claim, [passage])
    return decision


def test_a_paraphrase_is_related_and_another_subject_is_not():
    paraphrase, other = _relations(
        [
            "Pyongyang also managed in November to place a military reconnaissance "
            "satellite in orbit, its official news agency reported.",
            "The central bank raised its key interest rate by a quarter point on Tuesday.",
        ]
    )
    assert paraphrase.probability >= 0.5 > other.probability


def test_a_passage_dated_to_another_year_is_told_apart_and_the_reviewer_is_told():
    same, other_year = _relations(
        [
            "North Korea put a military spy satellite into orbit in November 2023.",
            "North Korea put a military spy satellite into orbit in November 2016.",
        ]
    )
    assert (same.features["other_year"], other_year.features["other_year"]) == (0.0, 1.0)
    assert "other_year" in {r["kind"] for r in relation_reasons(other_year)}
    assert "other_year" not in {r["kind"] for r in relation_reasons(same)}


def test_a_conflicting_figure_refutes_and_says_why():
    decision = _decide(
        "The company cut 1,400 jobs at its plant in Ohio last year.",
        "The company cut 400 jobs at its plant in Ohio last year, not the 1,400 first reported.",
    )
    assert decision.stance == Stance.REFUTES
    assert any(r["kind"] == "quantity_conflict" for r in decision.reasons)


def test_every_reason_reads_as_words_and_no_raw_overlap_label_is_kept():
    decision = _decide(
        "The company cut 1,400 jobs at its plant in Ohio last year.",
        "Last year the company eliminated 1,400 positions at the Ohio plant.",
    )
    assert decision.stance in (Stance.SUPPORTS, Stance.MIXED)
    kinds = {r["kind"] for r in decision.reasons}
    assert not kinds & {"keyword_overlap", "entity_overlap"}
    assert all(r["detail"] and "_" not in r["detail"] for r in decision.reasons)


def test_an_unrelated_passage_stays_unrelated_whatever_the_rules_read():
    # Among a check's candidates, as retrieval hands them over; alone, a passage is
    # its own yardstick for how close a candidate reads (relate's below_closest).
    _report, rainfall = _decide_all(
        "The company cut 1,400 jobs at its plant in Ohio last year.",
        [
            "Last year the company eliminated 1,400 positions at the Ohio plant.",
            "Rainfall in the region was 40% below its average for the season.",
        ],
    )
    assert rainfall.stance == Stance.UNRELATED


def _judged(publisher: str, text: str, stance: Stance, score: float):
    return (
        PassageFacts(text, None, publisher, 0.8),
        Judgement(stance, score, [{"kind": "related", "detail": "Reads like the claim."}], None),
    )


def test_one_wire_story_in_three_outlets_counts_once_against_an_independent_report():
    """Three outlets carrying the same wire copy do not outvote one independent
    report: they are one report, and the explanation says who carried it."""
    claim = ClaimFacts.from_text("The factory in Leeds will close in March with 300 jobs lost.")
    wire = "The factory in Leeds will close in March, with the loss of 300 jobs, the owner said."
    copies = [
        _judged(name, wire + suffix, Stance.SUPPORTS, 0.5)
        for name, suffix in (("Daily One", ""), ("Daily Two", " "), ("Daily Three", ""))
    ]
    independent = _judged(
        "The Courier", "Workers at the Leeds plant say it will stay open.", Stance.REFUTES, 0.5
    )
    verdict = aggregate(claim, [*copies, independent])
    assert verdict.suggested_verdict == "conflicting"
    assert "Daily One, Daily Two and Daily Three carried the same report" in verdict.explanation
    alone = aggregate(claim, copies)
    assert alone.suggested_verdict == "supported"


def test_a_denial_about_something_else_is_unrelated_and_a_denial_of_the_claim_refutes():
    """The accused party's denial of the claim refutes it (an interested party's
    denial: aggregate weighs it apart); its denial of something else is no evidence."""
    of_the_claim, of_something_else = _decide_all(
        "North Korea has shipped more than 1,000 containers of munitions to Russia, "
        "U.S. officials said.",
        [
            "Russia denied that North Korea had shipped it any containers of munitions.",
            "The Kremlin denied on Monday that it had meddled in the U.S. election.",
        ],
    )
    assert of_the_claim.stance == Stance.REFUTES
    assert of_something_else.stance == Stance.UNRELATED


def test_passages_that_bear_out_only_part_of_a_claim_do_not_make_it_conflicting():
    claim = ClaimFacts.from_text("The factory in Leeds will close in March with 300 jobs lost.")
    support = _judged(
        "Daily One", "The Leeds factory closes in March; 300 jobs go.", Stance.SUPPORTS, 0.5
    )
    partial = [
        _judged(name, text, Stance.MIXED, 0.5)
        for name, text in (
            ("Daily Two", "The owner confirmed the Leeds factory will close."),
            ("Daily Three", "Staff at the Leeds site were told of a closure."),
        )
    ]
    assert aggregate(claim, [support, *partial]).suggested_verdict == "supported"
    conflicting = [
        (
            passage,
            replace(judgement, reasons=[{"kind": "quantity_conflict", "detail": "Gives 120."}]),
        )
        for passage, judgement in partial
    ]
    assert aggregate(claim, [support, *conflicting]).suggested_verdict == "conflicting"


def test_a_revised_figure_is_read_as_the_new_one():
    """ "Cut to 97 from 115" gives 97: a claim of at least 114 is out of date, even
    though the passage words it otherwise (deaths, not killed)."""
    claim = ClaimFacts.from_text(
        "According to the mayor, at least 114 people were killed by the fires."
    )
    passage = PassageFacts(
        "After DNA tests, police revised the toll of the Maui fire from 115 people killed to 97.",
        None,
        "Wire",
        0.8,
    )
    judgement = judge_passage(claim, passage, related=True)
    assert judgement.stance == Stance.REFUTES
    assert {"revision", "quantity_conflict"} <= {r["kind"] for r in judgement.reasons}


def test_a_figure_the_passage_rejects_is_not_read_as_its_own():
    """ "Growing 0.4% rather than shrinking by the 0.4% first reported": the passage
    asserts growth, so a claim that output shrank 0.4% is refuted, not matched."""
    claim = ClaimFacts.from_text(
        "Gross domestic product shrank at a 0.4% annualized rate in October-December."
    )
    passage = PassageFacts(
        "GDP grew 0.4% rather than shrinking at a 0.4% annualized rate, revised data showed.",
        None,
        "Wire",
        0.8,
    )
    assert judge_passage(claim, passage, related=True).stance == Stance.REFUTES
