"""Quantity extraction from single news sentences (claims.extraction.quantities)."""

import itertools
import json
import logging
import math
import os
from pathlib import Path

import pytest

from claims.extraction.quantities import Quantity, extract_quantities, parse, unit_kind

PEER_SUITE = Path(
    os.environ.get(
        "QUANTITY_SUITE",
        Path(__file__).resolve().parents[2] / "shared/peer/quantulum3_en_quantities.json",
    )
)

# Shorthand for expected quantities: (value, lower, upper, comparator, unit).
Expected = tuple[float, float | None, float | None, str, str]


def exact(value: float, unit: str = "") -> Expected:
    return (value, value, value, "=", unit)


def span(q: Quantity) -> Expected:
    return (q.value, q.lower, q.upper, q.comparator, q.unit)


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def assert_quantities(sentence: str, expected: list[Expected]) -> None:
    found = extract_quantities(sentence)
    got = [span(q) for q in found]
    assert len(got) == len(expected), f"{sentence!r}: got {got}"
    for g, e in zip(got, expected, strict=True):
        assert all(close(a, b) for a, b in zip(g[:3], e[:3], strict=True)), (sentence, got)
        assert g[3:] == e[3:], (sentence, got)
    for q in found:
        assert sentence[q.start : q.end] == q.text


# --------------------------------------------------------------------------------------
# Sentences from the kinds of stories a desk checks, with every quantity expected.

NEWS_CASES: list[tuple[str, list[Expected]]] = [
    # economy
    ("Inflation rose to 6.1% in March, the highest level since 1992.", [exact(6.1, "percent")]),
    (
        "Unemployment fell to 3.9 percent, down 0.2 percentage points from a year earlier.",
        [exact(3.9, "percent"), exact(0.2, "percentage point")],
    ),
    ("GDP grew by 0.3 per cent in the second quarter.", [exact(0.3, "percent")]),
    (
        "The Fed raised rates by 25 basis points to a range of 5.25%-5.5%.",
        [exact(25, "basis point"), (5.25, 5.25, 5.5, "=", "percent")],
    ),
    (
        "Exports to China fell by \u00a32bn last year, official figures show.",
        [exact(2e9, "GBP")],
    ),
    (
        "The government has promised to build 300,000 new homes a year.",
        [exact(300_000, "home per year")],
    ),
    ("Prices rose by an average of \u00a31,200 a year.", [exact(1200, "GBP per year")]),
    ("Rents in the capital have doubled in a decade.", []),
    # business
    (
        "The deal, worth $4.5 billion, is expected to close by the end of the year.",
        [exact(4.5e9, "USD")],
    ),
    (
        "The company said it would cut 1,500 jobs as part of a restructuring plan.",
        [exact(1500, "job")],
    ),
    (
        "Apple sold 50 million iPhones in the quarter, up 5% from a year earlier.",
        [exact(50e6, "iphone"), exact(5, "percent")],
    ),
    (
        "The firm reported a net loss of $1.2bn for the three months to June.",
        [exact(1.2e9, "USD"), exact(3, "month")],
    ),
    (
        "The company plans to invest \u20ac3 billion over the next five years.",
        [exact(3e9, "EUR"), exact(5, "year")],
    ),
    ("Shares in the firm fell 4.5 percent in early trading.", [exact(4.5, "percent")]),
    ("Oil traded at $80 a barrel on Friday.", [exact(80, "USD per barrel")]),
    ("Tata will spend Rs 500 crore on the plant.", [exact(5e9, "INR")]),
    (
        "The FTSE 100 rose 1.2% while the S&P 500 fell 0.4%.",
        [exact(1.2, "percent"), exact(0.4, "percent")],
    ),
    # health
    (
        "The outbreak has killed at least 250 people, according to health officials.",
        [(250, 250, None, ">=", "person")],
    ),
    (
        "The vaccine was found to be up to 95% effective in preventing severe illness.",
        [(95, None, 95, "<=", "percent")],
    ),
    (
        "The drug cut the risk of death by 30 per cent in a trial of 4,000 patients.",
        [exact(30, "percent"), exact(4000, "patient")],
    ),
    (
        "The patient was given 500mg of paracetamol every four hours.",
        [exact(500, "milligram"), exact(4, "hour")],
    ),
    ("About one in five adults reported symptoms.", [(0.2, None, None, "~", "")]),
    (
        "The study followed about 12,000 patients for an average of seven years.",
        [(12_000, None, None, "~", "patient"), exact(7, "year")],
    ),
    ("COVID-19 cases rose to 1,234 on Monday.", [exact(1234)]),
    # science and environment
    (
        "Global temperatures are now about 1.1C above pre-industrial levels.",
        [(1.1, None, None, "~", "degree Celsius")],
    ),
    (
        "The wildfire has burned nearly 50,000 acres and forced thousands to evacuate.",
        [(50_000, None, 50_000, "~", "acre"), (1000, 1000, None, "~", "")],
    ),
    (
        "The rocket reached an altitude of 100km before returning to Earth.",
        [exact(100, "kilometre")],
    ),
    (
        "The second Lagrangian point is 1.5 million kilometres (930,000 mi) from Earth.",
        [exact(1.5e6, "kilometre"), exact(930_000, "mile")],
    ),
    (
        "The reactor produces 1,600 MW, enough for 2 million homes.",
        [exact(1600, "megawatt"), exact(2e6, "home")],
    ),
    ("Temperatures could reach 40C in parts of southern Spain.", [exact(40, "degree Celsius")]),
    (
        "Overnight it fell to -5 \u00b0C, or minus 5 degrees.",
        [exact(-5, "degree Celsius"), exact(-5, "degree")],
    ),
    # courts and politics
    (
        "He was sentenced to 12 years in prison and fined $250,000.",
        [exact(12, "year"), exact(250_000, "USD")],
    ),
    (
        "The jury deliberated for nearly nine hours before reaching a verdict.",
        [(9, None, 9, "~", "hour")],
    ),
    ("The Supreme Court ruled 6-3 that the law was unconstitutional.", []),
    ("The bill passed the Senate by a vote of 52-48.", []),
    (
        "The minister resigned after two previous failed attempts to pass the bill.",
        [exact(2, "attempt")],
    ),
    ("Article 50 was triggered on 29 March 2017.", []),
    ("Chapter 11 bankruptcy protection was filed on Tuesday.", []),
    # sport
    ("Manchester City beat Arsenal 3-1 on Saturday.", []),
    (
        "The 27-year-old striker has scored 15 goals in 20 appearances this season.",
        [exact(27, "year"), exact(15, "goal"), exact(20, "appearance")],
    ),
    ("She won the 100m in 10.8 seconds.", [exact(100, "metre"), exact(10.8, "second")]),
    ("The stadium holds more than 60,000 fans.", [(60_000, 60_000, None, ">", "fan")]),
    # disasters and public safety
    (
        "More than 1,000 containers were stranded at the port.",
        [(1000, 1000, None, ">", "container")],
    ),
    (
        "The storm left tens of thousands of homes without power.",
        [(10_000, 10_000, None, "~", "home")],
    ),
    (
        "Rescue teams pulled some 40 people from the rubble.",
        [(40, None, None, "~", "person")],
    ),
    (
        "The hurricane was upgraded to a Category 4 storm with winds of 130mph.",
        [exact(130, "mile per hour")],
    ),
    ("No one was injured in the blast, police said.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), NEWS_CASES)
def test_news_sentences_yield_the_expected_quantities(
    sentence: str, expected: list[Expected]
) -> None:
    assert_quantities(sentence, expected)


# --------------------------------------------------------------------------------------
# Behaviours, one at a time.


def test_more_than_sets_a_strict_lower_bound() -> None:
    (q,) = extract_quantities("More than 1,000 containers were stranded.")
    assert q.text == "More than 1,000 containers"
    assert (q.value, q.lower, q.upper, q.comparator, q.unit) == (1000, 1000, None, ">", "container")


def test_an_exact_number_is_its_own_lower_and_upper_bound() -> None:
    (q,) = extract_quantities("Police arrested 12 people.")
    assert (q.value, q.lower, q.upper, q.comparator) == (12, 12, 12, "=")


def test_the_unit_is_the_head_noun_after_skipped_adjectives() -> None:
    (q,) = extract_quantities("She made two previous failed attempts at the record.")
    assert q.text == "two previous failed attempts"
    assert (q.value, q.unit) == (2, "attempt")


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("Officials counted 40 containers.", "container"),
        ("The fire killed 12 people.", "person"),
        ("The school has 300 children.", "child"),
        ("The tour visits 12 cities.", "city"),
        ("They walked 20 miles.", "mile"),
        ("About 50 police officers attended.", "officer"),
        ("The vote was backed by 30 women and 25 men.", "woman"),
        ("The bank closed 15 branches.", "branch"),
        ("The fund lost 3 lives.", "life"),
        ("They found 10 viruses.", "virus"),
        ("The lab tested 8 analyses.", "analysis"),
        ("50 police were deployed.", "police"),
        ("One person died.", "person"),
        ("One building collapsed.", "building"),
        ("One missing child was found.", "child"),
    ],
)
def test_counted_nouns_are_singularised(sentence: str, unit: str) -> None:
    assert extract_quantities(sentence)[0].unit == unit


def test_participles_and_adverbs_after_the_noun_are_not_the_unit() -> None:
    (q,) = extract_quantities("Five people reportedly died and one man injured.")[:1]
    assert q.unit == "person"
    assert extract_quantities("Only one man injured in the crash was named.")[0].unit == "man"


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("There were twelve of them.", 12),
        ("Twenty-one years passed.", 21),
        ("Ninety-nine people signed.", 99),
        ("It cost two hundred pounds sterling.", 200),
        ("A hundred and two guests came.", 102),
        ("One hundred and two guests came.", 102),
        ("Three million, two hundred and forty votes were cast.", 3_000_240),
        ("A dozen eggs broke.", 12),
        ("Half a million people marched.", 500_000),
        ("Half a dozen boats sank.", 6),
        ("Two and a half miles of road.", 2.5),
        ("Approximately one-half mile east.", 0.5),
        ("Two thirds of voters agreed.", 2 / 3),
        ("A third of the budget was spent.", 1 / 3),
        ("The state has 3.5 million residents.", 3.5e6),
        ("The project costs 1.2bn euros.", 1.2e9),
        ("It has about a thousand staff.", 1000),
        ("Several hundred people gathered.", 100),
    ],
)
def test_spelled_out_and_scaled_numbers_are_valued(sentence: str, value: float) -> None:
    assert math.isclose(extract_quantities(sentence)[0].value, value)


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("They flew thousands of miles.", 1000, "mile"),
        ("Hundreds of people were evacuated.", 100, "person"),
        ("Millions of dollars were lost.", 1e6, "USD"),
        ("Dozens of cases were reported.", 12, "case"),
        ("Tens of thousands of homes lost power.", 10_000, "home"),
        ("Hundreds of thousands of people fled.", 100_000, "person"),
        ("Thousands gathered in the square.", 1000, ""),
    ],
)
def test_vague_plurals_give_an_approximate_lower_bound(
    sentence: str, value: float, unit: str
) -> None:
    (q,) = extract_quantities(sentence)
    assert (q.value, q.lower, q.upper, q.comparator, q.unit) == (value, value, None, "~", unit)


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("Inflation reached 6.1%.", "percent"),
        ("Inflation reached 6.1 percent.", "percent"),
        ("Inflation reached 6.1 per cent.", "percent"),
        ("Inflation reached 6.1pc.", "percent"),
        ("The gap narrowed by 6.1 percentage points.", "percentage point"),
    ],
)
def test_percentages_and_percentage_points(sentence: str, unit: str) -> None:
    (q,) = extract_quantities(sentence)
    assert (q.value, q.unit) == (6.1, unit)


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("The fine was $4.5 billion.", 4.5e9, "USD"),
        ("The fine was US$4.5 billion.", 4.5e9, "USD"),
        ("The fine was \u00a32,000.", 2000, "GBP"),
        ("The fine was \u20ac3m.", 3e6, "EUR"),
        ("The fine was \u20ac3 billion.", 3e9, "EUR"),
        ("The fine was $4bn.", 4e9, "USD"),
        ("The fine was \u00a51,000.", 1000, "JPY"),
        ("The fine was 50 euros.", 50, "EUR"),
        ("The fine was 20 dollars.", 20, "USD"),
        ("The fine was Rs 500.", 500, "INR"),
        ("The fine was 500 rupees.", 500, "INR"),
        ("The fine was 5,000 pounds sterling.", 5000, "GBP"),
        ("The fine was 30 yen.", 30, "JPY"),
        ("The fine was 15\u20ac.", 15, "EUR"),
        ("The fine was $2.174T.", 2.174e12, "USD"),
    ],
)
def test_money_is_valued_in_its_currency(sentence: str, value: float, unit: str) -> None:
    (q,) = extract_quantities(sentence)
    assert math.isclose(q.value, value)
    assert q.unit == unit


def test_pounds_after_a_number_are_weight_unless_sterling() -> None:
    assert extract_quantities("Police seized 50 pounds of cocaine.")[0].unit == "pound"
    assert extract_quantities("He was paid 50 pounds sterling.")[0].unit == "GBP"
    assert extract_quantities("He was paid \u00a350.")[0].unit == "GBP"


@pytest.mark.parametrize(
    ("sentence", "lower", "upper", "unit"),
    [
        ("Between 5 and 10 people died.", 5, 10, "person"),
        ("Tickets cost between \u00a350 and \u00a3120.", 50, 120, "GBP"),
        ("The hardiness zones run from 7 to 10.", 7, 10, ""),
        ("Some 5 to 10 percent of staff left.", 5, 10, "percent"),
        ("A 5-10 percent rise is forecast.", 5, 10, "percent"),
        ("A 12\u201315 per cent rise is forecast.", 12, 15, "percent"),
        ("A conceptual 8- to 16-meter telescope.", 8, 16, "metre"),
        ("They were given 44 mg to 50 mg ethanol.", 44, 50, "milligram"),
        ("Temperatures ranged from -18 \u00b0C to -34 \u00b0C.", -34, -18, "degree Celsius"),
        ("The LHC collided protons at 3.5\u20134.0 TeV.", 3.5, 4.0, "teraelectronvolt"),
        ("Between 5 and 10 million people.", 5e6, 10e6, "person"),
        ("It rose 5 to 10 percent.", 5, 10, "percent"),
    ],
)
def test_ranges_report_their_lower_bound_as_value(
    sentence: str, lower: float, upper: float, unit: str
) -> None:
    (q,) = extract_quantities(sentence)
    assert (q.lower, q.upper, q.unit) == (lower, upper, unit)
    assert q.value == q.lower


def test_a_range_of_a_comparator_keeps_the_comparator() -> None:
    (q,) = extract_quantities("Google holds around 10-15 exabytes of data.")
    assert (q.value, q.lower, q.upper, q.comparator, q.unit) == (10, 10, 15, "~", "exabyte")


def test_plus_minus_keeps_the_stated_value_between_bounds() -> None:
    (q,) = extract_quantities("Objects fall at 9.83e-3 +/- 1e-5 km/s2.")
    assert q.value == pytest.approx(9.83e-3)
    assert (q.lower, q.upper) == (pytest.approx(9.82e-3), pytest.approx(9.84e-3))
    assert q.unit == "kilometre per square second"


@pytest.mark.parametrize(
    "sentence",
    [
        "Unemployment rose from 5% to 7%.",
        "Treatment was reduced from 44 mg to 50 mg.",
        "Shares fell $2 to $38.",
    ],
)
def test_a_change_from_one_figure_to_another_gives_two_quantities(sentence: str) -> None:
    found = extract_quantities(sentence)
    assert len(found) == 2
    assert all(q.comparator == "=" and q.lower == q.upper for q in found)


def test_a_change_by_then_to_gives_two_quantities() -> None:
    found = extract_quantities("Inflation rose 0.5% to 3.2% in May.")
    assert [(q.value, q.unit) for q in found] == [(0.5, "percent"), (3.2, "percent")]


def test_a_time_reference_after_a_is_not_a_rate() -> None:
    (q,) = extract_quantities("Profit fell to \u20ac461 million a year earlier.")[-1:]
    assert (q.text, q.unit) == ("\u20ac461 million", "EUR")


def test_a_fraction_of_a_unit_takes_the_unit() -> None:
    (q,) = extract_quantities("They cut rates by a quarter of a percentage point.")
    assert (q.value, q.unit) == (0.25, "percentage point")


def test_one_in_five_is_a_ratio() -> None:
    (q,) = extract_quantities("Up to 1 in 3 people will develop cancer.")
    assert (q.text, q.comparator, q.unit) == ("Up to 1 in 3", "<=", "")
    assert q.value == pytest.approx(1 / 3)


def test_a_bracket_ends_the_comparator_phrase_but_not_a_trailing_one() -> None:
    about, adults = extract_quantities("It is about (5 km) away and for adults (65 or older).")
    assert (about.text, about.comparator) == ("5 km", "=")
    assert (adults.text, adults.comparator, adults.lower) == ("65 or older", ">=", 65)


def test_scaled_values_carry_no_binary_noise() -> None:
    assert extract_quantities("Revenue was \u20ac4.1 billion.")[0].value == 4_100_000_000


def test_a_scale_on_the_second_end_of_a_change_applies_to_the_first() -> None:
    first, second = extract_quantities("The number rose from 5 to 10 million.")
    assert (first.value, second.value) == (5e6, 10e6)


@pytest.mark.parametrize(
    ("phrase", "comparator", "has_lower", "has_upper"),
    [
        ("up to", "<=", False, True),
        ("as many as", "<=", False, True),
        ("no more than", "<=", False, True),
        ("at most", "<=", False, True),
        ("at least", ">=", True, False),
        ("no fewer than", ">=", True, False),
        ("more than", ">", True, False),
        ("over", ">", True, False),
        ("above", ">", True, False),
        ("exceeding", ">", True, False),
        ("less than", "<", False, True),
        ("fewer than", "<", False, True),
        ("under", "<", False, True),
        ("below", "<", False, True),
        ("nearly", "~", False, True),
        ("almost", "~", False, True),
        ("about", "~", False, False),
        ("around", "~", False, False),
        ("roughly", "~", False, False),
        ("approximately", "~", False, False),
        ("some", "~", False, False),
        ("an estimated", "~", False, False),
        ("close to", "~", False, False),
    ],
)
def test_comparator_phrases_set_comparator_and_bounds(
    phrase: str, comparator: str, has_lower: bool, has_upper: bool
) -> None:
    sentence = f"Officials said {phrase} 300 people were affected."
    (q,) = extract_quantities(sentence)
    assert q.text == f"{phrase} 300 people"
    assert (q.value, q.comparator, q.unit) == (300, comparator, "person")
    assert (q.lower == 300, q.upper == 300) == (has_lower, has_upper)
    assert q.lower in (None, 300)
    assert q.upper in (None, 300)


@pytest.mark.parametrize(
    ("sentence", "comparator"),
    [
        ("Adults aged 65 or over were invited.", ">="),
        ("Firms with 250 employees or more must report.", ">="),
        ("Children aged 5+ can enter.", ">="),
        ("A fee of 5 dollars or less applies.", "<="),
        ("It takes 20 minutes or so.", "~"),
    ],
)
def test_trailing_comparators(sentence: str, comparator: str) -> None:
    assert extract_quantities(sentence)[0].comparator == comparator


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("The road is 12 km long.", "kilometre"),
        ("The road is 12 kilometres long.", "kilometre"),
        ("The road is 12 kilometers long.", "kilometre"),
        ("The wall is 3 m high.", "metre"),
        ("The wall is 3 metres high.", "metre"),
        ("The crack is 4 cm wide.", "centimetre"),
        ("Rain: 12 mm fell.", "millimetre"),
        ("The race is 26 mi long.", "mile"),
        ("The race is 26 miles long.", "mile"),
        ("He is 6 ft tall.", "foot"),
        ("He is 6 feet tall.", "foot"),
        ("The door is 2 in thick.", "inch"),
        ("The door is 2 1/2 in thick.", "inch"),
        ("The screen measures 13 inches.", "inch"),
        ("The bag weighs 20 kg.", "kilogram"),
        ("The ship carries 500 tonnes.", "tonne"),
        ("The truck carries 5 tons.", "ton"),
        ("The bag weighs 20 lb.", "pound"),
        ("The tank holds 40 litres.", "litre"),
        ("The tank holds 40 gallons.", "gallon"),
        ("Winds reached 120 km/h.", "kilometre per hour"),
        ("Winds reached 75 mph.", "mile per hour"),
        ("Water boils at 100 \u00b0C.", "degree Celsius"),
        ("It was 90 \u00b0F outside.", "degree Fahrenheit"),
        ("It was 32 degrees Celsius.", "degree Celsius"),
        ("The slope is 30 degrees.", "degree"),
        ("The talks lasted 14 hours.", "hour"),
        ("The strike lasted 3 days.", "day"),
        ("The trial lasted 6 weeks.", "week"),
        ("The siege lasted 9 months.", "month"),
        ("He lived there for three years.", "year"),
        ("The launch took 90 seconds.", "second"),
        ("The speech lasted 45 minutes.", "minute"),
        ("The farm generates 50 MW.", "megawatt"),
        ("The plant will add 2 GW.", "gigawatt"),
        ("Households use 2,700 kWh a year.", "kilowatt hour per year"),
        ("The field pumps 20,000 barrels a day.", "barrel per day"),
        ("The estate covers 500 acres.", "acre"),
        ("The estate covers 200 hectares.", "hectare"),
        ("The lake covers 30 square kilometres.", "square kilometre"),
        ("Italy covers 301,338 km2.", "square kilometre"),
        ("The island covers 116 sq mi.", "square mile"),
        ("The chip runs at 2.80 GHz.", "gigahertz"),
        ("The scan delivered 14 mGy.", "milligray"),
        ("Violet light oscillates at 4e14 s-1.", "inverse second"),
    ],
)
def test_measurement_units_and_their_abbreviations(sentence: str, unit: str) -> None:
    (q,) = extract_quantities(sentence)
    assert q.unit == unit


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("A 27-kilometer ring.", 27),
        ("A two-year maintenance period.", 2),
        ("A 40-year-old man.", 40),
    ],
)
def test_hyphenated_number_unit_compounds(sentence: str, value: float) -> None:
    assert extract_quantities(sentence)[0].value == value


def test_in_is_an_inch_only_where_it_cannot_be_a_preposition() -> None:
    assert extract_quantities("The pencil is 2 in.")[0].unit == "inch"
    assert extract_quantities("There are two in my car.")[0].unit == ""
    assert extract_quantities("They hired 50 in March.")[0].unit == ""


@pytest.mark.parametrize(
    "sentence",
    [
        "The law was passed in 2024.",
        "Voyager 2 was launched in 1977.",
        "He was born in 1979.",
        "Revenue for 2023-24 was flat.",
        "The report was published on Dec. 27, 2023.",
        "The rally started on 27 December.",
        "The summit is on September 9-10.",
        "The meeting starts at 3 p.m.",
        "The meeting starts at 3pm.",
        "The meeting starts at 10:30.",
        "The bank robbery began at 2pm and ended at 2.17pm.",
        "Music from the 1990s is back.",
        "It was a defining 21st-century trend.",
        "She finished 3rd in the second race.",
        "COVID-19 spread quickly.",
        "An F-16 crashed.",
        "The G7 leaders met.",
        "Galaxy cluster MACS J1149.5+6663 is far away.",
        "The telescope sits at L2.",
        "Call 555-123-4567 or +44 20 7946 0958.",
        "The code is 4G5X and the model A320neo.",
        "Boeing 737 Max jets were grounded.",
        "The FTSE 100 closed higher.",
        "He lives at No. 10.",
        "The class is English 101.",
        "They met 24/7 for a week.",
        "The 9/11 attacks changed everything.",
        "The number 1/0 is not a valid value.",
        "Version 2.0.1 fixed the bug.",
        "Founded in 1998, the firm grew fast.",
        "The 2020 elections were contested.",
        "We produced nothing in 2013-14.",
        "No one was hurt.",
        "She is one of the best players.",
        "The country aims for net zero.",
        "He lives at 10 Downing Street.",
        "The 7-Eleven store was closed.",
        "The committee voted seven to two to hold rates.",
        "Emissions are below 2018 levels.",
    ],
)
def test_years_dates_times_ordinals_and_codes_are_not_quantities(sentence: str) -> None:
    assert extract_quantities(sentence) == []


def test_a_four_digit_count_before_a_plural_noun_is_not_a_year() -> None:
    assert [q.text for q in extract_quantities("2000 people marched in 2000.")] == ["2000 people"]
    assert [q.text for q in extract_quantities("More than 2000 were evacuated.")] == [
        "More than 2000"
    ]
    assert [q.value for q in extract_quantities("2,000 people marched.")] == [2000]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The city has 1,500,000 residents.", 1_500_000),
        ("The city has 1.5 million residents.", 1_500_000),
        ("The fee rose by 0.5 percent.", 0.5),
        ("The fee rose by .5 percent.", 0.5),
        ("The recipe needs 2 1/2 cups of flour.", 2.5),
        ("The recipe needs 2\u00bd cups of flour.", 2.5),
        ("The recipe needs \u2153 cup of sugar.", 1 / 3),
        ("A mouse can get through a 1/4 inch gap.", 0.25),
        ("The estate fetched 10 000 dollars.", 10_000),
        ("The factor is 2.48\u00d710\u22125.", 2.48e-5),
        ("The block holds 8x2^10 bits.", 8192),
        ("And I would walk 0.5k miles.", 500),
        ("Half of voters agreed.", 0.5),
    ],
)
def test_separators_decimals_fractions_and_scientific_notation(sentence: str, value: float) -> None:
    assert math.isclose(extract_quantities(sentence)[0].value, value)


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("It was -5 \u00b0C at dawn.", -5, "degree Celsius"),
        ("It was \u22125 \u00b0C at dawn.", -5, "degree Celsius"),
        ("It was minus 5 degrees at dawn.", -5, "degree"),
        ("The annual revenue is ($99.99).", -99.99, "USD"),
        ("The loss was $-99.99.", -99.99, "USD"),
    ],
)
def test_negative_numbers(sentence: str, value: float, unit: str) -> None:
    (q,) = extract_quantities(sentence)
    assert (q.value, q.unit) == (value, unit)


def test_a_converted_amount_in_parentheses_is_not_negative() -> None:
    values = [q.value for q in extract_quantities("It cost \u20ac3bn ($3.4bn) to build.")]
    assert values == [3e9, 3.4e9]


def test_multiple_quantities_come_in_order_without_overlaps() -> None:
    sentence = "Forrest Gump ran for 3 years, 2 months, 14 days, and 16 hours, about 30,616 km."
    found = extract_quantities(sentence)
    assert [(q.value, q.unit) for q in found] == [
        (3, "year"),
        (2, "month"),
        (14, "day"),
        (16, "hour"),
        (30_616, "kilometre"),
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_a_bare_number_takes_the_unit_of_the_next_in_a_list() -> None:
    found = extract_quantities("They were given 45 and 50 mg ethanol.")
    assert [(q.text, q.unit) for q in found] == [("45", "milligram"), ("50 mg", "milligram")]


def test_compound_units_with_per_slash_and_a() -> None:
    assert extract_quantities("He earns $15.4/hour.")[0].unit == "USD per hour"
    assert extract_quantities("It is used four times per week.")[0].unit == "time per week"
    assert extract_quantities("Workers get 20 J/m^2 per year.")[0].unit == (
        "joule per square metre per year"
    )
    assert extract_quantities("Oil costs $350 per kg.")[0].unit == "USD per kilogram"


def test_a_measurement_unit_after_a_or_an_counts_one() -> None:
    (q,) = extract_quantities("I want a gallon of beer.")
    assert (q.text, q.value, q.unit) == ("a gallon", 1, "gallon")
    assert extract_quantities("It happened a year ago.") == []


def test_absolute_zero_is_zero_kelvin() -> None:
    (q,) = extract_quantities("Matter at absolute zero is in its ground state.")
    assert (q.value, q.unit) == (0, "kelvin")


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("", ""),
        ("kilometre", "measure"),
        ("square kilometre", "measure"),
        ("kilometre per hour", "measure"),
        ("USD", "currency"),
        ("USD per hour", "currency"),
        ("percent", "percent"),
        ("percentage point", "percent"),
        ("container", "count"),
    ],
)
def test_unit_kind_classifies_units(unit: str, kind: str) -> None:
    assert unit_kind(unit) == kind


# --------------------------------------------------------------------------------------
# Robustness and the span invariant.


@pytest.mark.parametrize("value", ["", "   ", "\x00", None, 42, b"10 km"])
def test_empty_or_non_string_input_gives_no_quantities(value: object) -> None:
    assert extract_quantities(value) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "sentence",
    [
        "\x00\x01The plant\x07 employs 5\x0b000 people\x1f.",
        "It weighs\u00a05\u00a0kg and costs \u20ac\u202f3\u2009m.",
        "Prices rose 3\u2013\u20135%\u2014or so\u2014last year.",
        "Caf\u00e9 \u0130stanbul sold 40 \u00e7ay glasses and 5\ufeff kg of tea.",
        "\ud83d\ude80 Launch at 3pm: 2 rockets, 100 km.",
        "(((((((((( 5 ))))))))) $$$ 7 \u00a3\u00a3 -- 8 --",
        "1" * 5000,
        "one two three four five six seven eight nine ten " * 50,
        "$" * 1000 + "5",
        "1e999 km and 9^999 m",
    ],
)
def test_odd_input_never_raises_and_keeps_spans(sentence: str) -> None:
    for q in extract_quantities(sentence):
        assert sentence[q.start : q.end] == q.text
        assert math.isfinite(q.value)


def test_a_failing_step_is_logged_as_a_warning_and_the_quantities_before_it_are_kept(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real = parse.comparator
    calls = []

    def comparator_failing_on_the_second_number(*args: object) -> object:
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("a rule's bug")
        return real(*args)

    monkeypatch.setattr(parse, "comparator", comparator_failing_on_the_second_number)
    sentence = "Police arrested 12 people and seized 40 kg of cocaine."
    with caplog.at_level(logging.WARNING, logger="claims.extraction.quantities"):
        found = extract_quantities(sentence)
    assert [(q.value, q.unit) for q in found] == [(12, "person")]
    (record,) = caplog.records
    assert record.levelno == logging.WARNING
    assert repr(sentence) in record.getMessage()
    assert record.exc_info is not None
    assert "a rule's bug" in caplog.text  # the traceback is in the log


def test_a_failure_before_any_quantity_gives_an_empty_list_and_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def failing_scan(ctx: object) -> list:
        raise ValueError("scan broke")

    monkeypatch.setattr(parse, "scan", failing_scan)
    with caplog.at_level(logging.WARNING, logger="claims.extraction.quantities"):
        assert extract_quantities("It cost $5.") == []
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "scan broke" in caplog.text


def test_unicode_dashes_and_spaces_do_not_shift_offsets() -> None:
    sentence = "Around\u00a05\u2013\u200910\u00a0people \u2212 and \u22123\u00a0\u00b0C."
    found = extract_quantities(sentence)
    assert [(q.lower, q.upper, q.unit) for q in found] == [
        (5, 10, "person"),
        (-3, -3, "degree Celsius"),
    ]
    assert all(sentence[q.start : q.end] == q.text for q in found)


def test_as_dict_is_json_ready() -> None:
    (q,) = extract_quantities("Nearly 50,000 acres burned.")
    data = json.loads(json.dumps(q.as_dict()))
    assert data == {
        "text": "Nearly 50,000 acres",
        "value": 50000.0,
        "lower": None,
        "upper": 50000.0,
        "comparator": "~",
        "unit": "acre",
        "start": 0,
        "end": 19,
    }


def test_quantity_is_immutable() -> None:
    (q,) = extract_quantities("12 people")
    with pytest.raises(AttributeError):
        q.value = 13  # type: ignore[misc]


def _all_test_sentences() -> list[str]:
    sentences = [s for s, _ in NEWS_CASES]
    if PEER_SUITE.is_file():
        sentences += [item["req"] for item in json.loads(PEER_SUITE.read_text("utf-8"))]
    return sentences


@pytest.mark.parametrize("sentence", _all_test_sentences())
def test_every_quantity_text_is_the_sentence_slice(sentence: str) -> None:
    found = extract_quantities(sentence)
    for q in found:
        assert sentence[q.start : q.end] == q.text
        assert q.comparator in ("=", ">", ">=", "<", "<=", "~")
        if q.lower is not None and q.upper is not None:
            assert q.lower <= q.upper
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
