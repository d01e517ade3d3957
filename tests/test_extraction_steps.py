"""The steps of extraction added for articles it was not tuned on: who, what kind, which figures."""

from datetime import date
from pathlib import Path

import pytest

from claims.extraction.framing import asserted_quantities, with_counted_noun
from claims.extraction.kinds import kind_of
from claims.extraction.pipeline import describe_statement, extract_claims
from claims.extraction.quantities import extract_quantities
from claims.extraction.speakers import Speakers
from claims.extraction.timerefs import extract_time_references
from factcheck.text.judgement import judges
from sources.dates import split_date_prefix

LOCAL_ECONOMY = "\n\n".join(
    [
        "Mayor Linda Okafor said the city had added 1,200 jobs since January.",
        "Unemployment fell to 4.2 percent, according to figures released last week by the "
        "state labour department.",
        '"We have been working on this for five years," Okafor said.',
        "She said a new transit line would open in 2026.",
        "Dutch logistics group Norveth said it had hired 300 drivers.",
        "The company said wages rose 5% last year.",
        "It said a second depot would follow.",
    ]
)


@pytest.fixture(scope="module")
def claims():
    return {c.text[:12]: c for c in extract_claims(LOCAL_ECONOMY, published=date(2024, 5, 15))}


def test_one_person_is_one_claimant_however_the_article_names_her(claims):
    assert claims["Mayor Linda "].claimant == "Linda Okafor"
    assert claims['"We have bee'].claimant == "Linda Okafor"
    assert claims["She said a n"].claimant == "Linda Okafor"


def test_figures_released_by_a_body_are_its_claim(claims):
    assert claims["Unemployment"].claimant == "the state labour department"


def test_the_company_and_it_are_the_body_named_before(claims):
    assert claims["Dutch logist"].claimant == "Norveth"
    assert claims["The company "].claimant == "Norveth"
    assert claims["It said a se"].claimant == "Norveth"


def test_a_duration_that_frames_a_quote_is_not_a_claim_figure(claims):
    assert claims['"We have bee'].quantities == []


def test_the_outlet_a_speaker_told_is_not_the_claimant():
    claim = describe_statement(
        "Wages will rise 4% next year, Maria Lopez told Reuters.", published=None
    )
    assert claim.claimant == "Maria Lopez"


def test_likely_up_is_a_hedged_fact_and_likely_to_a_forecast():
    assert _kind("Sales were likely up 18% at $60 billion.")[0] == "quantity"
    assert _kind("Sales are likely to rise 18%.")[0] == "prediction"


def test_a_pronoun_with_no_one_named_before_has_no_claimant():
    assert describe_statement("He said wages rose 5%.", published=None).claimant == ""


def test_speakers_resolve_surnames_titles_and_descriptions():
    speakers = Speakers()
    speakers.learn([{"text": "Bank of Valdoria", "type": "organization"}])
    assert speakers.resolve("Finance Minister Pavel Dusek") == "Pavel Dusek"
    assert speakers.resolve("Dusek") == "Pavel Dusek"
    assert speakers.resolve("he") == "Pavel Dusek"
    assert speakers.resolve("the bank's own projections") == "Bank of Valdoria"
    assert speakers.resolve("the regulator Ofqual") == "Ofqual"
    assert speakers.resolve("it") == "Ofqual"
    assert speakers.resolve("officials") == "officials"


def _kind(text: str, claimant: str = "") -> tuple[str, str]:
    figures = [q.start for q in extract_quantities(text)]
    kind = kind_of(text, figures=figures, claimant=claimant)
    return str(kind.kind), kind.forecast


@pytest.mark.parametrize(
    ("sentence", "claimant", "kind"),
    [
        ("Revenue fell 18% to $4.1 billion.", "", "quantity"),
        ("The council said it spent $2 million on the bridge.", "the council", "quantity"),
        ("A jury convicted him on seven counts for steering $3.8 million in contracts.", "",
         "event"),
        ("The senate voted to close the library.", "", "event"),
        ("The company will cut 1,400 jobs.", "", "prediction"),
        ("Sentencing is scheduled for October 15.", "", "prediction"),
        ("He said between 40 and 60 jobs would go.", "he", "prediction"),
        ('"The market is a mess and always will be," she said.', "she", "prediction"),
        ('"What a night for all of us," she said.', "she", "quote"),
        ("She said the cuts should be reversed.", "she", "opinion"),
    ],
)  # fmt: skip
def test_the_kind_follows_the_written_definition(sentence, claimant, kind):
    assert _kind(sentence, claimant)[0] == kind


def test_a_past_fact_with_a_forecast_is_the_fact_with_the_forecast_recorded():
    text = (
        "The plant received $45 million in tax credits in 2022 and is expected to employ "
        "2,500 people."
    )
    kind, forecast = _kind(text)
    assert kind == "quantity"
    assert forecast == "and is expected to employ 2,500 people"


def test_a_condition_is_no_fact():
    assert _kind("The bank could cut rates in May if inflation slowed.")[0] == "prediction"


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("A second attempt was called off two years ago.", []),
        ('"We have chased him for two years," the manager said.', []),
        ("For five years, the council has spent $2m a year on repairs.", ["$2m a year"]),
        ("He was sentenced to 25 years in prison.", ["25 years"]),
        ("Prosecutors said Alvarez, 58, took $240,000.", ["$240,000"]),
        ("A 71-year-old teacher has waited 60 weeks.", ["60 weeks"]),
        ("Medicare covers people aged 65 or over, some 66 million.", ["some 66 million"]),
        ("Three of the biggest airlines carried 2 million passengers.", ["2 million passengers"]),
        ("Loads were heavy at all three.", []),
    ],
)
def test_only_the_figures_the_claim_asserts_are_kept(sentence, kept):
    quantities = [q.as_dict() for q in extract_quantities(sentence)]
    times = [t.as_dict() for t in extract_time_references(sentence, date(2024, 5, 15))]
    assert [q["text"] for q in asserted_quantities(sentence, quantities, times)] == kept


PAGE = "\n".join(
    [
        "Council approves new budget",
        "The vote came after a long night of debate.",
        "By Rachel Dunmore",
        "",
        "The council approved a $1.2 billion budget on Monday.",
        "",
        "Read more: City Hall Braces For Tax Fight",
        "",
        "Proud to vote for this budget tonight. — Ana Ruiz (@AnaRuizCouncil) May 6, 2024",
        "",
        "Ana Ruiz said the budget protected 14 libraries and cut no jobs at all this year.",
        "",
        '"The budget protected 14 libraries and cut no jobs."',
        "",
        "Officials said spending would rise 3.1% next year.",
    ]
)


def test_layout_lines_are_read_from_where_and_how_they_stand():
    texts = [c.text for c in extract_claims(PAGE, published=date(2024, 5, 7))]
    assert texts == [
        "The council approved a $1.2 billion budget on Monday.",
        "Ana Ruiz said the budget protected 14 libraries and cut no jobs at all this year.",
        "Officials said spending would rise 3.1% next year.",
    ]


def test_a_standfirst_is_layout_only_above_a_byline_near_the_top():
    body = "The council approved a $1.2 billion budget on Monday.\n\nIt passed 7-2, officials said."
    assert len(extract_claims(body, published=date(2024, 5, 7))) == 2


def test_the_seed_container_claim_keeps_its_claimant_figure_and_month():
    seed = next((Path(__file__).resolve().parent.parent / "seeds").glob("000_*.txt"))
    text, published = split_date_prefix(seed.read_text(encoding="utf-8"))
    [claim] = [
        c for c in extract_claims(text, published=published.date()) if "containers" in c.text
    ]
    assert claim.claimant == "U.S. authorities"
    [containers] = [q for q in claim.quantities if q["unit"] == "container"]
    assert (containers["value"], containers["comparator"]) == (1000, ">")
    [month] = [t for t in claim.time_references if t["text"] == "last month"]
    assert (month["date_from"], month["date_to"]) == ("2023-11-01", "2023-11-30")


@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        ("The number of violent crimes dropped 9%, to 12,874.", ["percent", "crime"]),
        ("Sexual crimes declined 3% to 6,552, while the number of reported rapes rose to 1,053.",
         ["percent", "crime", "rape"]),
        ("The company said profit rose to 12.", [""]),
        ("Police revised the toll from 115 people killed to 97.", ["person", ""]),
        ("Officials counted 40 before the count rose.", [""]),
    ],
)  # fmt: skip
def test_a_bare_new_level_counts_the_noun_of_its_clause(sentence, units):
    quantities = [q.as_dict() for q in extract_quantities(sentence)]
    assert [q["unit"] for q in with_counted_noun(sentence, quantities)] == units


@pytest.mark.parametrize(
    ("text", "judged"),
    [
        ("the plan was reckless", True),
        ("it is a disgrace that nurses wait", True),
        ("three people were killed", False),  # a passive event
        ("the railways are winning business", False),  # a progressive event
        ("it was the lowest rate since 2021", False),  # a rank
        ("prices were higher", False),
    ],
)
def test_a_judgement_is_a_strongly_rated_word_after_a_copula(text, judged):
    assert judges(text) is judged


def test_a_speaker_who_judges_gives_an_opinion_unless_a_figure_is_stated():
    assert _kind("He described the swings as a once-in-a-generation event.", "he")[0] == ("opinion")
    assert _kind("She said the fare rises were reckless.", "she")[0] == "opinion"
    assert _kind("She said the reckless fare rises cost $40 million.", "she")[0] == "quantity"


def test_the_lines_stacked_under_a_headline_before_the_first_blank_line_are_layout():
    page = (
        "NatWest fined over money laundering\n"
        "13 December 2021, 16:24\n"
        "The lender entered guilty pleas to three offences in October.\n\n"
        "NatWest has been fined more than £264 million.\n\n"
        "The bank admitted three offences in October, the court heard."
    )
    texts = [c.text for c in extract_claims(page, published=date(2021, 12, 13))]
    assert texts == [
        "NatWest has been fined more than £264 million.",
        "The bank admitted three offences in October, the court heard.",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Profit for the October-to-December period was $2m, against $3m a year earlier.",
         [("2017-10-01", "2017-12-31"), ("2016-10-01", "2016-12-31")]),
        ("Arrivals rose 7% on the same period of 2017.", []),  # the same as what?
        ("Arrivals in January-May last year were 3.5 million.", [("2017-01-01", "2017-05-31")]),
        ("There were 40,746 offences, 4% fewer than the year before.",
         [("2017-01-01", "2017-12-31")]),
    ],
)  # fmt: skip
def test_a_year_earlier_is_the_other_time_of_the_sentence_a_year_before(sentence, expected):
    found = extract_time_references(sentence, date(2018, 6, 27))
    assert [(str(t.date_from), str(t.date_to)) for t in found] == expected


def test_a_line_opening_with_a_label_in_capitals_is_a_notice():
    page = "Fines for two tech firms\n\nApple was fined €500m on Wednesday.\n\n" + (
        "UPDATED: This article has been updated to confirm that Meta will appeal."
    )
    assert [c.text for c in extract_claims(page, published=date(2025, 4, 23))] == [
        "Apple was fined €500m on Wednesday."
    ]


def test_a_fine_is_an_act_and_a_dismissal_an_opinion():
    assert _kind("Apple was fined €500 million for breaching the rules.")[0] == "event"
    assert _kind("The fine was €500 million.")[0] == "quantity"
    assert _kind("Some have dismissed the package as a rehash of old plans.")[0] == "opinion"


def test_abbreviations_auxiliaries_and_documents_name_their_speaker():
    text = "\n\n".join(
        [
            "The Department for Transport (DfT) said the line would open in 2033.",
            "The DfT said the project had been reset.",
            "But the Royal College of GPs (RCGP) accused ministers of adding targets.",
            "Prime Minister Ana Ruiz will tell MPs that waiting times must fall.",
            "She will tell MPs that the plan will work.",
        ]
    )
    claimants = [c.claimant for c in extract_claims(text, published=date(2022, 9, 21))]
    assert claimants == [
        "Department for Transport",
        "Department for Transport",
        "Royal College of GPs",
        "Ana Ruiz",
        "Ana Ruiz",
    ]
