"""News sentences that tempt a quantity parser into false positives: times of day,
product and model names, ordinals, phone numbers, scores, tallies, dates, years,
addresses, and unit symbols that are also words. Each case lists every quantity
that must be found, as (value, unit, comparator): anything else is a misfire."""

import math

import pytest

from claims.extraction.quantities import extract_quantities

Found = tuple[float, str, str]

NEWS_FALSE_POSITIVES: list[tuple[str, list[Found]]] = [
    # times of day
    ("Shares closed at 4.5 pm after a volatile session.", []),
    ("The market closed at 4.5pm.", []),
    ("The meeting resumed at 10.30am on Friday.", []),
    ("The curfew starts at 9 p.m. local time.", []),
    ("Police were called at 11:45 p.m. on Saturday.", []),
    ("The launch is set for 14:00 GMT.", []),
    ("Polls close at 8 o'clock tonight.", []),
    ("The 2 pm deadline passed without a deal.", []),
    ("By 4 pm, 300 people had arrived.", [(300, "person", "=")]),
    # product names and models
    ("Apple unveiled the iPhone 15 on Tuesday.", []),
    ("A Boeing 737 Max 9 lost a door plug in mid-air.", []),
    ("Sony has sold 50 million PlayStation 5 consoles.", [(50e6, "", "=")]),
    ("The 787 Dreamliner carried 300 passengers.", [(300, "passenger", "=")]),
    ("Windows 11 runs on 500 million devices.", [(500e6, "device", "=")]),
    ("The shop sold 40 cd players in a week.", [(40, "player", "=")]),
    ("The band sold 3 CDs at the gig.", [(3, "cd", "=")]),
    ("The band sold 3 cds at the gig.", [(3, "cd", "=")]),
    ("The F-35 programme is over budget.", []),
    ("Airbus delivered its first A320neo to the airline.", []),
    ("Covid-19 cases fell sharply in May.", []),
    ("G20 leaders met in New Delhi.", []),
    ("Flight MH370 vanished with 239 people on board.", [(239, "person", "=")]),
    # ordinals
    ("The firm reported a loss in the 3rd quarter.", []),
    ("She finished 21st in the downhill.", []),
    ("He came 2nd in the 100m final.", [(100, "metre", "=")]),
    # phone numbers
    ("For details, call 020 7946 0958.", []),
    ("Call the hotline on 0800 123 4567 for help.", []),
    ("The hotline number is (555) 123-4567.", []),
    # scores and vote tallies
    ("United won 3-1 at home.", []),
    ("The match ended in a 2-2 draw.", []),
    ("Lawmakers voted 52-48 to confirm the nominee.", []),
    ("The Senate voted 51 to 49 on the bill.", []),
    ("The team beat them 4 to 1 on Sunday.", []),
    # dates and years
    ("The election is on 5 May.", []),
    ("The report was released on May 5, 2024.", []),
    ("Revenue rose in 2023-24, the company said.", []),
    ("The law was passed in 2019.", []),
    ("He was jailed for 4 years in 2018.", [(4, "year", "=")]),
    ("Prices rose 5% in 2019 and 3% in 2020.", [(5, "percent", "="), (3, "percent", "=")]),
    ("The 2024 Paris Olympics drew 10 million visitors.", [(10e6, "visitor", "=")]),
    # addresses
    ("He lives at 221B Baker Street.", []),
    ("The office is at 1600 Pennsylvania Avenue.", []),
    ("The shop at 40 W. 57th St. has closed.", []),
    ("The prime minister returned to 10 Downing Street on Monday.", []),
    # unit symbols and unit words that are also other words
    ("Officials reported 10,000 TB cases last year.", [(10_000, "case", "=")]),
    ("Jack Ma founded Alibaba in 1999.", []),
    ("He suffered a foot injury in training.", []),
    ("The body was found in a yard behind the house.", []),
    ("The club reached a cup final for the first time.", []),
    ("Engineers fitted a meter at the house.", []),
    ("The film took a gross of $50 million.", [(50e6, "USD", "=")]),
    # ... and the same symbols where the context makes them units
    ("The drive holds 2 TB of data.", [(2, "terabyte", "=")]),
    ("The asteroid struck 66 Ma ago.", [(66, "megayear", "=")]),
    ("The grid has a size of 2.1 pm.", [(2.1, "picometre", "=")]),
    ("The laser has a wavelength of about 500 nm.", [(500, "nanometre", "~")]),
    # counted nouns and units that are right
    ("The company cut 1,000 jobs.", [(1000, "job", "=")]),
    ("More than 1,000 containers were stranded at the port.", [(1000, "container", ">")]),
    ("The storm killed at least 40 people.", [(40, "person", ">=")]),
    ("Nearly 300 homes were flooded.", [(300, "home", "~")]),
    ("Temperatures hit 40C on Tuesday.", [(40, "degree Celsius", "=")]),
    ("Interest rates rose 0.25pc to 5.25pc.", [(0.25, "percent", "="), (5.25, "percent", "=")]),
    ("The FTSE 100 fell 1.2% to 7,500 points.", [(1.2, "percent", "="), (7500, "point", "=")]),
    ("Route 66 runs through eight states.", [(8, "state", "=")]),
]


def same(got: list[Found], expected: list[Found]) -> bool:
    return len(got) == len(expected) and all(
        math.isclose(g[0], e[0]) and g[1:] == e[1:] for g, e in zip(got, expected, strict=True)
    )


@pytest.mark.parametrize(("sentence", "expected"), NEWS_FALSE_POSITIVES)
def test_news_sentences_give_only_their_real_quantities(
    sentence: str, expected: list[Found]
) -> None:
    got = [(q.value, q.unit, q.comparator) for q in extract_quantities(sentence)]
    assert same(got, expected), got
