"""Stance of evidence passages and the suggested verdict (claims.verification).

The labelled set tests/data/stance.json holds (claim, passage, expected stance)
items on economy, health, science, courts, business, sport and energy; the
focused tests below pin down one rule each.
"""

import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from claims.choices import Stance, SuggestedVerdict
from claims.verification.aggregate import aggregate
from claims.verification.facts import ClaimFacts, Judgement, PassageFacts
from claims.verification.judge import judge_passage

SUPPORTS, REFUTES, MIXED, UNRELATED = (
    Stance.SUPPORTS,
    Stance.REFUTES,
    Stance.MIXED,
    Stance.UNRELATED,
)
SUPPORTED, REFUTED = SuggestedVerdict.SUPPORTED, SuggestedVerdict.REFUTED
CONFLICTING, NOT_ENOUGH_EVIDENCE = (
    SuggestedVerdict.CONFLICTING,
    SuggestedVerdict.NOT_ENOUGH_EVIDENCE,
)

DATA = Path(__file__).parent / "data" / "stance.json"
MIN_ACCURACY = 0.85


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def claim(text: str, published: date | None = None, claimant: str = "") -> ClaimFacts:
    return ClaimFacts.from_text(text, claimant=claimant, published=published)


def passage(
    text: str,
    published: date | None = None,
    publisher: str = "Daily Ledger",
    reliability: float = 0.8,
) -> PassageFacts:
    return PassageFacts(text, published, publisher, reliability)


def kinds(judgement: Judgement) -> list[str]:
    return [r["kind"] for r in judgement.reasons]


def reason(judgement: Judgement, kind: str) -> dict:
    found = [r for r in judgement.reasons if r["kind"] == kind]
    assert found, f"no {kind} reason in {judgement.reasons}"
    return found[0]


# ======================================================================================
# The labelled set


def _judge_item(item: dict) -> Judgement:
    c, p = item["claim"], item["passage"]
    return judge_passage(
        claim(c["text"], _date(c.get("published")), c.get("claimant", "")),
        passage(p["text"], _date(p.get("published")), p["publisher"], p["reliability"]),
    )


def test_labelled_set_covers_every_rule() -> None:
    items = json.loads(DATA.read_text(encoding="utf-8"))
    assert len(items) >= 30
    assert len({item["id"] for item in items}) == len(items)
    categories = Counter(item["category"] for item in items)
    for needed in (
        "supports_number",
        "refutes_number",
        "qualifies",
        "unrelated",
        "denial_interested",
        "independent_refutation",
        "running_total",
        "date_conflict",
    ):
        assert categories[needed] >= 2, needed
    assert {item["expected"] for item in items} == {SUPPORTS, REFUTES, MIXED, UNRELATED}
    topics = {item["topic"] for item in items}
    assert {"economy", "health", "science", "courts", "business", "sport", "energy"} <= topics


def test_labelled_set_stance_accuracy() -> None:
    items = json.loads(DATA.read_text(encoding="utf-8"))
    wrong = []
    for item in items:
        judgement = _judge_item(item)
        ok = judgement.stance == item["expected"]
        if "date_conflict" in item:
            ok = ok and (judgement.date_conflict is not None) == item["date_conflict"]
        if not ok:
            wrong.append((item["id"], item["expected"], judgement.stance, judgement.date_conflict))
    accuracy = 1 - len(wrong) / len(items)
    print(
        f"\nstance accuracy on {DATA.name}: {accuracy:.3f} ({len(items) - len(wrong)}/{len(items)})"
    )
    for miss in wrong:
        print("  wrong:", *miss)
    assert accuracy >= MIN_ACCURACY, wrong


# ======================================================================================
# Quantities


def test_quantity_at_the_claims_bound_supports_and_notes_the_comparator() -> None:
    c = claim("Castell Marine shipped more than 1,000 containers of turbine parts to Norland.")
    j = judge_passage(
        c, passage("Castell Marine shipped 1,000 containers of turbine parts to Norland.")
    )
    assert j.stance == SUPPORTS
    match = reason(j, "quantity_match")
    assert match["claim"] == "more than 1,000 containers"
    assert match["evidence"] == "1,000 containers"
    assert match["comparator"] == ">"
    assert "more than 1,000" in match["detail"]
    assert "exactly 1,000" in match["detail"]


def test_a_clearly_different_figure_refutes() -> None:
    c = claim("Castell Marine shipped 500 containers of turbine parts to Norland.")
    j = judge_passage(
        c, passage("Castell Marine shipped 1,000 containers of turbine parts to Norland.")
    )
    assert j.stance == REFUTES
    assert reason(j, "quantity_conflict")["relation"] == "conflict"


@pytest.mark.parametrize(
    ("claimed", "reported", "stance"),
    [
        ("1,000", "1,080", SUPPORTS),  # within 10% of an exact figure
        ("1,000", "1,150", REFUTES),
        ("about 1,000", "1,140", SUPPORTS),  # "about" allows 15%
        ("about 1,000", "1,200", REFUTES),
        ("fewer than 500", "480", SUPPORTS),
        ("fewer than 500", "650", REFUTES),
    ],
)
def test_tolerance_depends_on_the_claims_comparator(
    claimed: str, reported: str, stance: str
) -> None:
    c = claim(f"Eastbridge hospitals treated {claimed} patients for heatstroke in July.")
    p = passage(f"Eastbridge hospitals treated {reported} patients for heatstroke in July.")
    assert judge_passage(c, p).stance == stance


def test_up_to_against_more_than_qualifies_the_claim() -> None:
    c = claim("More than 2,000 patients waited over a year for surgery at Eastbridge hospitals.")
    p = passage("Up to 2,000 patients were waiting for surgery at Eastbridge hospitals.")
    j = judge_passage(c, p)
    assert j.stance == MIXED
    assert reason(j, "quantity_conflict")["relation"] == "qualifies"


def test_a_claim_figure_inside_an_evidence_bound_is_consistent() -> None:
    c = claim("Valdoria's economy grew 2.4% in 2023.")
    j = judge_passage(c, passage("Valdoria's economy grew by more than 2% in 2023."))
    assert j.stance == SUPPORTS
    assert reason(j, "quantity_match")["relation"] == "consistent"


def test_units_convert_and_counted_nouns_have_synonyms() -> None:
    wind = claim("The Rathmore wind farm will generate 1.2 gigawatts.")
    assert (
        judge_passage(wind, passage("The Rathmore wind farm will produce 1,200 megawatts.")).stance
        == SUPPORTS
    )
    jobs = claim("Norveth Industries cut 1,400 jobs in Leeds.")
    j = judge_passage(jobs, passage("Norveth Industries laid off 1,400 workers in Leeds."))
    assert reason(j, "quantity_match")["evidence"] == "1,400 workers"


def test_different_currencies_are_not_compared() -> None:
    c = claim("Harlow City paid £80 million for the striker Tomas Reyes.")
    j = judge_passage(c, passage("Harlow City paid $80 million for the striker Tomas Reyes."))
    assert not {"quantity_match", "quantity_conflict"} & set(kinds(j))


def test_percentages_compare_at_their_stated_precision() -> None:
    c = claim("Valdoria's unemployment rate rose to 6.1% in March.")
    exact = judge_passage(c, passage("Valdoria's unemployment rate rose to 6.1% in March."))
    rounded = judge_passage(c, passage("Valdoria's unemployment rate rose to 6% in March."))
    different = judge_passage(c, passage("Valdoria's unemployment rate rose to 5.8% in March."))
    assert reason(exact, "quantity_match")["relation"] == "match"
    assert reason(rounded, "quantity_match")["relation"] == "consistent"
    assert different.stance == REFUTES  # within 10%, but a rate is as precise as it is written


def test_a_percentage_about_something_else_is_not_compared() -> None:
    c = claim("Valdoria's unemployment rate rose to 6.1% in March.")
    j = judge_passage(c, passage("In Valdoria, mortgage approvals fell 12% in March."))
    assert "quantity_conflict" not in kinds(j)
    assert j.stance != REFUTES


def test_opposite_direction_refutes_even_when_the_numbers_agree() -> None:
    c = claim("The Valdorian central bank raised interest rates by 0.25 percentage points.")
    p = passage("The Valdorian central bank cut interest rates by 0.25 percentage points.")
    j = judge_passage(c, p)
    assert j.stance == REFUTES
    assert reason(j, "quantity_conflict")["relation"] == "direction"


def test_a_later_larger_running_total_is_context_not_refutation() -> None:
    c = claim("Norveth Industries cut 1,400 jobs last month.", published=date(2024, 3, 5))
    p = passage(
        "Norveth has now cut 3,400 jobs in total since the restructuring began, the company said.",
        published=date(2024, 6, 1),
    )
    j = judge_passage(c, p)
    assert j.stance != REFUTES
    context = reason(j, "quantity_context")
    assert context["relation"] == "running_total"
    assert "3,400 jobs" in context["detail"]


def test_a_larger_total_reported_before_the_claim_still_refutes() -> None:
    c = claim("Norveth Industries cut 1,400 jobs last month.", published=date(2024, 3, 5))
    p = passage("Norveth Industries cut 3,400 jobs.", published=date(2024, 2, 10))
    assert judge_passage(c, p).stance == REFUTES


def test_a_figure_for_another_period_says_nothing_about_the_claim() -> None:
    c = claim("Valdoria's unemployment rate rose to 6.1% in March.", published=date(2024, 4, 12))
    p = passage(
        "Valdoria's unemployment rate was 5.4% in January, the statistics office said.",
        published=date(2024, 2, 20),
    )
    j = judge_passage(c, p)
    assert j.stance == UNRELATED
    assert reason(j, "quantity_context")["relation"] == "another_period"
    assert j.date_conflict is None


# ======================================================================================
# Time


def test_an_event_dated_outside_the_claims_window_is_supported_with_a_date_conflict() -> None:
    # The article of 2023-12-28 says "last month" (2023-11); the source of Friday 2023-10-13
    # reports it "on Friday".
    c = claim(
        "Castell Marine delivered more than 1,000 turbine blades to Norland last month.",
        published=date(2023, 12, 28),
    )
    p = passage(
        "Castell Marine delivered 1,000 turbine blades to Norland on Friday, the port said.",
        published=date(2023, 10, 13),
        publisher="AJC",
    )
    j = judge_passage(c, p)
    assert j.stance == SUPPORTS
    assert j.date_conflict == {
        "claim_window": ["2023-11-01", "2023-11-30"],
        "evidence_date": "2023-10-13",
        "evidence_text": "Friday",
    }
    assert "date_conflict" in kinds(j)


def test_a_source_published_before_the_window_opened_is_a_date_conflict() -> None:
    c = claim("The Rathmore wind farm began supplying the grid last week.", date(2024, 3, 20))
    p = passage("The Rathmore wind farm began supplying the grid.", published=date(2024, 1, 30))
    j = judge_passage(c, p)
    assert j.stance == SUPPORTS
    assert j.date_conflict is not None
    assert j.date_conflict["evidence_date"] == "2024-01-30"
    assert j.date_conflict["claim_window"] == ["2024-03-11", "2024-03-17"]


def test_a_date_inside_the_window_matches() -> None:
    c = claim("Norveth Industries cut 1,400 jobs at its Leeds plant last month.", date(2024, 3, 5))
    p = passage(
        "Norveth Industries said on Tuesday it would eliminate 1,400 jobs at its Leeds plant.",
        published=date(2024, 2, 13),
    )
    j = judge_passage(c, p)
    assert j.date_conflict is None
    assert "2024-02-13" in reason(j, "date_match")["detail"]


# ======================================================================================
# Denial and negation


def test_a_denial_by_the_accused_party_refutes_names_it_and_marks_it_interested() -> None:
    c = claim(
        "Brightwell Foods paid $5 million in bribes to port officials, prosecutors said.",
        claimant="prosecutors",
    )
    j = judge_passage(c, passage("Brightwell Foods denied the allegations on Tuesday."))
    assert j.stance == REFUTES
    denial = reason(j, "denial")
    assert denial["party"] == "Brightwell Foods"
    assert denial["interested"] is True
    assert "Brightwell Foods" in denial["detail"]


def test_a_spokesperson_or_ministry_of_the_accused_is_interested() -> None:
    c = claim("Norland received 300 drones from Castell Marine last year.")
    kremlin_style = passage("Norland's foreign ministry dismissed the report as fabricated.")
    spokeswoman = passage("A spokeswoman for Castell Marine denied that any drones were shipped.")
    for p in (kremlin_style, spokeswoman):
        denial = reason(judge_passage(c, p), "denial")
        assert denial["interested"] is True, denial


def test_an_independent_refutation_is_not_interested_and_outweighs_a_denial() -> None:
    c = claim("Brightwell Foods paid $5 million in bribes to port officials.")
    independent = judge_passage(
        c,
        passage(
            "An audit by Kessler & Roy found no evidence that Brightwell Foods paid bribes "
            "to port officials."
        ),
    )
    interested = judge_passage(c, passage("Brightwell Foods denied the allegations."))
    assert independent.stance == REFUTES
    negation = reason(independent, "negation")
    assert negation["interested"] is False
    assert "Kessler & Roy" in negation["party"]
    assert independent.score > 2 * interested.score


@pytest.mark.parametrize(
    "text",
    [
        "A Brightwell Foods spokeswoman would neither confirm nor deny paying port officials.",
        "Brightwell Foods did not comment on the payments to port officials.",
        "Brightwell Foods did not deny paying port officials.",
        "The judge denied bail to two Brightwell Foods managers accused of paying port officials.",
        "Brightwell Foods rejected the offer from port officials.",
    ],
)
def test_wording_that_is_no_denial(text: str) -> None:
    c = claim("Brightwell Foods paid $5 million in bribes to port officials.")
    j = judge_passage(c, passage(text))
    assert not {"denial", "negation"} & set(kinds(j)), j.reasons
    assert j.stance != REFUTES


def test_a_denial_in_one_clause_does_not_cancel_evidence_in_the_next() -> None:
    c = claim("Harlow City breached spending rules by £20 million last season.")
    p = passage(
        "Harlow City denied breaching the rules, but the league's audit found it overspent "
        "by £20 million last season."
    )
    j = judge_passage(c, p)
    assert j.stance == SUPPORTS
    assert reason(j, "denial")["interested"] is True


def test_negated_figure_does_not_support() -> None:
    c = claim("Norveth Industries cut 1,400 jobs in Leeds.")
    j = judge_passage(c, passage("Norveth Industries did not cut 1,400 jobs in Leeds."))
    assert j.stance == REFUTES
    assert reason(j, "quantity_match")["negated"] is True


def test_a_negated_claim_is_not_refuted_by_the_same_negation() -> None:
    c = claim("The mayor did not attend the climate summit in Geneva.")
    same = judge_passage(c, passage("The mayor did not attend the climate summit in Geneva."))
    opposite = judge_passage(c, passage("The mayor attended the climate summit in Geneva."))
    assert same.stance == SUPPORTS
    assert opposite.stance == REFUTES


def test_calling_it_misleading_qualifies() -> None:
    c = claim("Harlow City has won 30 league titles.")
    p = passage("Harlow City's count of 30 league titles is misleading, as it includes war years.")
    j = judge_passage(c, p)
    assert j.stance == MIXED
    assert reason(j, "negation")["relation"] == "qualifies"


# ======================================================================================
# Relevance and reliability


def test_a_passage_on_another_subject_is_unrelated() -> None:
    c = claim("Measles cases in Eastbridge rose to 340 this year.", date(2024, 5, 1))
    j = judge_passage(c, passage("Eastbridge council approved a new bus lane on Monday."))
    assert j.stance == UNRELATED
    assert j.date_conflict is None
    assert {"entity_overlap", "keyword_overlap", "reliability"} <= set(kinds(j))


def test_overlap_alone_supports_the_event_with_lower_strength() -> None:
    c = claim("A federal jury found Marco Alvarez guilty of wire fraud.")
    overlap = judge_passage(c, passage("Jurors convicted Marco Alvarez of wire fraud."))
    assert overlap.stance == SUPPORTS
    assert 0 < overlap.score <= 0.5 * 0.8 + 1e-9


def test_reliability_weights_the_score() -> None:
    c = claim("Norveth Industries cut 1,400 jobs in Leeds.")
    text = "Norveth Industries cut 1,400 jobs in Leeds."
    high = judge_passage(c, passage(text, reliability=0.9))
    low = judge_passage(c, passage(text, reliability=0.3))
    assert high.stance == low.stance == SUPPORTS
    assert high.score == pytest.approx(3 * low.score)
    assert reason(low, "reliability")["value"] == 0.3


def test_stored_claim_dicts_are_accepted() -> None:
    c = ClaimFacts(
        text="Castell Marine shipped more than 1,000 containers to Norland last month.",
        quantities=[
            {
                "text": "more than 1,000 containers",
                "value": 1000.0,
                "lower": 1000.0,
                "upper": None,
                "comparator": ">",
                "unit": "container",
            }
        ],
        time_references=[
            {"text": "last month", "date_from": "2023-11-01", "date_to": "2023-11-30"}
        ],
        entities=[{"text": "Castell Marine", "type": "organization"}, {"text": "Norland"}],
        claimant="",
        published=date(2023, 12, 28),
    )
    j = judge_passage(
        c, passage("Castell Marine shipped 1,200 containers to Norland.", date(2023, 11, 20))
    )
    assert j.stance == SUPPORTS
    assert j.date_conflict is None
    assert 0.0 <= j.score <= 1.0


REASON_KINDS = {
    "quantity_match",
    "quantity_conflict",
    "quantity_context",
    "date_match",
    "date_conflict",
    "denial",
    "negation",
    "entity_overlap",
    "keyword_overlap",
    "reliability",
}


def test_every_reason_has_a_documented_kind_and_a_detail_in_plain_words() -> None:
    for item in json.loads(DATA.read_text(encoding="utf-8")):
        judgement = _judge_item(item)
        assert 0.0 <= judgement.score <= 1.0
        assert judgement.reasons[-1]["kind"] == "reliability"
        for r in judgement.reasons:
            assert r["kind"] in REASON_KINDS, r
            detail = r["detail"]
            assert isinstance(detail, str)
            # a sentence a reviewer reads, not a label: it starts with a capital and ends
            assert detail[:1].isupper(), r
            assert detail.endswith((".", '"', '\u2026"')), r
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", detail), r  # no machine labels
        json.dumps(judgement.reasons)  # stored as JSON on Evidence


def test_datetimes_are_taken_as_their_dates() -> None:
    c = claim("Castell Marine delivered 1,000 turbine blades to Norland last month.")
    c = ClaimFacts(c.text, c.quantities, [], c.entities, "", datetime(2023, 12, 28, 9, tzinfo=UTC))
    p = passage(
        "Castell Marine delivered 1,000 turbine blades to Norland on Friday.",
        published=datetime(2023, 10, 13, 18, 30, tzinfo=UTC),  # type: ignore[arg-type]
        publisher="AJC",
    )
    j = judge_passage(c, p)
    assert j.date_conflict is not None
    assert j.date_conflict["evidence_date"] == "2023-10-13"
    assert "(AJC, 2023-10-13)" in aggregate(c, [(p, j)]).explanation


def test_malformed_stored_parts_do_not_raise() -> None:
    c = ClaimFacts(
        text="Norveth Industries cut 1,400 jobs in Leeds.",
        quantities=[{"text": "1,400 jobs", "value": "n/a"}, "junk", {"value": 1400, "unit": "job"}],
        time_references=[{"date_from": "yesterday"}, None],  # type: ignore[list-item]
        entities=[{"text": ""}, "Leeds"],  # type: ignore[list-item]
        claimant="",
        published=None,
    )
    j = judge_passage(c, passage("Norveth Industries cut 1,400 jobs in Leeds.", reliability=2.0))
    assert j.stance == SUPPORTS
    assert 0.0 <= j.score <= 1.0


# ======================================================================================
# Aggregation


CLAIM = claim(
    "Castell Marine delivered more than 1,000 turbine blades to Norland last month, "
    "port officials said.",
    published=date(2023, 12, 28),
)
AJC = passage(
    "Castell Marine delivered 1,000 turbine blades to Norland on Friday, the port authority said.",
    date(2023, 10, 13),
    "AJC",
)
HERALD = passage(
    "Castell Marine has shipped 1,000 turbine blades to Norland, according to customs records.",
    date(2023, 11, 22),
    "The Harbour Herald",
)
MONITOR = passage(
    "Norland's trade ministry said it had received more than 1,000 turbine blades from "
    "Castell Marine.",
    date(2023, 12, 2),
    "Energy Monitor",
    0.85,
)
DENIAL = passage(
    "Castell Marine denied the report, calling it fabricated.",
    date(2023, 10, 17),
    "Marine Times",
    0.6,
)
REFUTER = passage(
    "Castell Marine delivered only 400 turbine blades to Norland in November, customs data show.",
    date(2023, 12, 15),
    "Customs Watch",
    0.9,
)
UNRELATED_PASSAGE = passage("Norland's football team won the cup final.", date(2023, 11, 5))


def judged(*passages: PassageFacts) -> list[tuple[PassageFacts, Judgement]]:
    return [(p, judge_passage(CLAIM, p)) for p in passages]


def test_aggregate_supported_explains_with_publishers_denial_and_date_conflict() -> None:
    verdict = aggregate(CLAIM, judged(AJC, HERALD, MONITOR, DENIAL, UNRELATED_PASSAGE))
    assert verdict.suggested_verdict == SUPPORTED
    assert 0.7 <= verdict.confidence <= 0.95
    text = verdict.explanation
    assert text.startswith("Supported by 3 sources (")
    for name in ("AJC, 2023-10-13", "The Harbour Herald, 2023-11-22", "Energy Monitor"):
        assert name in text
    assert "'1,000 turbine blades'" in text
    assert "matching the claim's 'more than 1,000 turbine blades'" in text
    assert "Castell Marine (an interested party) denied it (Marine Times, 2023-10-17)." in text
    assert "Date conflict: the claim places it in 2023-11 (last month)" in text
    assert "2023-10-13" in text
    assert verdict.flags == [
        {
            "kind": "date_conflict",
            "detail": verdict.flags[0]["detail"],
            "claim_window": ["2023-11-01", "2023-11-30"],
            "evidence_date": "2023-10-13",
            "evidence_text": "Friday",
            "publishers": ["AJC"],
        }
    ]
    assert "AJC" in verdict.flags[0]["detail"]


def test_aggregate_one_outlet_repeated_counts_once() -> None:
    once = aggregate(CLAIM, judged(AJC, REFUTER))
    repeated = aggregate(CLAIM, judged(AJC, AJC, AJC, AJC, REFUTER))
    assert repeated.suggested_verdict == once.suggested_verdict == CONFLICTING
    assert repeated.confidence == once.confidence


def test_aggregate_an_interested_denial_alone_is_not_enough_evidence() -> None:
    verdict = aggregate(CLAIM, judged(DENIAL))
    assert verdict.suggested_verdict == NOT_ENOUGH_EVIDENCE
    assert "Castell Marine (an interested party) denied it" in verdict.explanation


def test_aggregate_an_interested_denial_weighs_less_than_an_independent_refutation() -> None:
    with_denial = aggregate(CLAIM, judged(AJC, DENIAL))
    with_refutation = aggregate(CLAIM, judged(AJC, REFUTER))
    assert with_denial.suggested_verdict == SUPPORTED
    assert with_refutation.suggested_verdict == CONFLICTING


def test_aggregate_refuted_when_independent_sources_contradict() -> None:
    other = passage(
        "Port records show Castell Marine delivered about 400 turbine blades to Norland.",
        date(2023, 12, 20),
        "Harbour Data",
        0.85,
    )
    verdict = aggregate(CLAIM, judged(REFUTER, other, DENIAL))
    assert verdict.suggested_verdict == REFUTED
    assert verdict.confidence >= 0.6
    assert verdict.explanation.startswith("Refuted by 2 sources (Customs Watch, 2023-12-15;")
    assert "'400 turbine blades' and 'about 400 turbine blades'" in verdict.explanation
    assert "Castell Marine (an interested party) denied it" in verdict.explanation


def test_aggregate_conflicting_names_both_sides() -> None:
    # two outlets against one strong independent refutation: still a conflict
    assert aggregate(CLAIM, judged(AJC, HERALD, REFUTER)).suggested_verdict == CONFLICTING
    verdict = aggregate(CLAIM, judged(HERALD, REFUTER))
    assert verdict.suggested_verdict == CONFLICTING
    assert "The Harbour Herald" in verdict.explanation
    assert "Customs Watch" in verdict.explanation
    assert verdict.explanation.startswith("Sources conflict.")


def test_aggregate_without_relevant_evidence() -> None:
    nothing = aggregate(CLAIM, [])
    unrelated = aggregate(CLAIM, judged(UNRELATED_PASSAGE))
    for verdict in (nothing, unrelated):
        assert verdict.suggested_verdict == NOT_ENOUGH_EVIDENCE
        assert verdict.flags == []
        assert verdict.explanation.startswith("Not enough evidence")
    assert nothing.confidence == pytest.approx(0.8)


def test_aggregate_confidence_grows_with_independent_evidence() -> None:
    one = aggregate(CLAIM, judged(HERALD))
    three = aggregate(CLAIM, judged(HERALD, MONITOR, AJC))
    assert one.suggested_verdict == three.suggested_verdict == SUPPORTED
    assert 0.05 <= one.confidence < three.confidence <= 0.95
    assert one.explanation.startswith("Supported by 1 source (The Harbour Herald, 2023-11-22): it")


def test_aggregate_qualifying_evidence_alone_is_conflicting() -> None:
    qualifier = passage(
        "Castell Marine delivered up to 1,000 turbine blades to Norland, officials said.",
        date(2023, 12, 1),
        "Harbour Data",
    )
    verdict = aggregate(CLAIM, judged(qualifier))
    assert verdict.suggested_verdict == CONFLICTING
    assert "Qualified by 1 source (Harbour Data, 2023-12-01)" in verdict.explanation
