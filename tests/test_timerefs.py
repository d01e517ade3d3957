"""Time references in news sentences, resolved against the publication date."""

import dataclasses
import json
import random
from datetime import date

import pytest

from claims.extraction.timerefs import TimeReference, extract_time_references

THU = date(2023, 12, 28)  # default reference: a Thursday
WED = date(2023, 12, 27)
LEAP = date(2024, 2, 29)  # a Thursday in a leap year
NEW_YEAR = date(2024, 1, 3)  # a Wednesday just after a year boundary


def resolved(sentence: str, reference: date | None = THU) -> list[tuple[str, str, str, str]]:
    return [
        (r.text, r.date_from.isoformat(), r.date_to.isoformat(), r.granularity)
        for r in extract_time_references(sentence, reference)
    ]


def case(sentence, expected, reference=THU, *, id):
    return pytest.param(sentence, reference, expected, id=id)


CASES = [
    # --- relative months, weeks, years ---------------------------------------------------
    case(
        "Consumer prices rose 0.3% last month, the statistics office said.",
        [("last month", "2023-11-01", "2023-11-30", "month")],
        id="last-month-is-the-previous-calendar-month",
    ),
    case(
        "Mortgage approvals have picked up this month as rates eased.",
        [("this month", "2023-12-01", "2023-12-31", "month")],
        id="this-month-is-the-whole-current-month",
    ),
    case(
        "The new import tariffs take effect next month.",
        [("next month", "2024-01-01", "2024-01-31", "month")],
        id="next-month-is-the-following-calendar-month",
    ),
    case(
        "Initial jobless claims rose last week to their highest level since August.",
        [
            ("last week", "2023-12-18", "2023-12-24", "week"),
            ("since August", "2023-08-01", "2023-12-28", "month"),
        ],
        id="last-week-is-the-previous-iso-week",
    ),
    case(
        "Health officials reported 312 new measles cases this week.",
        [("this week", "2023-12-25", "2023-12-31", "week")],
        id="this-week-is-the-current-monday-to-sunday-week",
    ),
    case(
        "The appeals court will hear oral arguments next week.",
        [("next week", "2024-01-01", "2024-01-07", "week")],
        id="next-week-is-the-following-iso-week",
    ),
    case(
        "Oil prices have fallen 8% over the past week.",
        [("the past week", "2023-12-22", "2023-12-28", "week")],
        id="the-past-week-is-a-rolling-seven-days",
    ),
    case(
        "The economy grew 2.1% last year and is forecast to expand 1.5% this year and 1.2% next "
        "year.",
        [
            ("last year", "2022-01-01", "2022-12-31", "year"),
            ("this year", "2023-01-01", "2023-12-31", "year"),
            ("next year", "2024-01-01", "2024-12-31", "year"),
        ],
        id="last-this-next-year-are-calendar-years-in-order",
    ),
    case(
        "The regulator approved the updated vaccine earlier this year.",
        [("earlier this year", "2023-01-01", "2023-12-28", "year")],
        id="earlier-this-year-runs-from-january-to-the-reference",
    ),
    case(
        "The ministry said it would publish the spending review later this year.",
        [("later this year", "2023-12-28", "2023-12-31", "year")],
        id="later-this-year-runs-from-the-reference-to-december",
    ),
    case(
        "Hospital admissions for flu have climbed steadily in recent months.",
        [("recent months", "2023-09-28", "2023-12-28", "month")],
        id="recent-months-are-the-three-months-before-the-reference",
    ),
    case(
        "Food prices remain 25% higher than two years ago.",
        [("two years ago", "2021-01-01", "2021-12-31", "year")],
        id="two-years-ago-is-that-calendar-year",
    ),
    case(
        "The outbreak began three months ago in a poultry farm.",
        [("three months ago", "2023-09-01", "2023-09-30", "month")],
        id="three-months-ago-is-that-calendar-month",
    ),
    case(
        "A decade ago the club was playing in the fourth tier.",
        [("A decade ago", "2013-01-01", "2013-12-31", "decade")],
        id="a-decade-ago-is-the-year-ten-years-back-with-decade-granularity",
    ),
    case(
        "Home prices in the capital have doubled over the past decade.",
        [("the past decade", "2013-12-29", "2023-12-28", "decade")],
        id="the-past-decade-is-a-rolling-ten-years",
    ),
    case(
        "The glacier has lost a fifth of its mass in the last two years.",
        [("the last two years", "2021-12-29", "2023-12-28", "year")],
        id="a-counted-past-period-is-a-rolling-window",
    ),
    case(
        "Forecasters expect more storms in the coming weeks.",
        [("the coming weeks", "2023-12-28", "2024-01-17", "week")],
        id="the-coming-weeks-are-three-weeks-ahead",
    ),
    case(
        "Rescue teams have been working around the clock for the past 24 hours.",
        [("the past 24 hours", "2023-12-27", "2023-12-28", "day")],
        id="the-past-24-hours-span-yesterday-and-today",
    ),
    # --- days ------------------------------------------------------------------------------
    case(
        "Shares slumped yesterday, steadied today and could rebound tomorrow, traders said.",
        [
            ("yesterday", "2023-12-27", "2023-12-27", "day"),
            ("today", "2023-12-28", "2023-12-28", "day"),
            ("tomorrow", "2023-12-29", "2023-12-29", "day"),
        ],
        id="yesterday-today-tomorrow-are-neighbouring-days",
    ),
    case(
        "Firefighters battled the warehouse blaze last night.",
        [("last night", "2023-12-27", "2023-12-27", "day")],
        id="last-night-is-the-previous-day",
    ),
    case(
        "USA Today first reported the settlement.",
        [],
        id="today-inside-a-name-is-not-a-date",
    ),
    case(
        "The health ministry reported 42 new cases on Wednesday.",
        [("Wednesday", "2023-12-27", "2023-12-27", "day")],
        id="bare-weekday-is-the-most-recent-such-day",
    ),
    case(
        "Wednesday's ruling by the appeals court surprised lawyers.",
        [("Wednesday", "2023-12-27", "2023-12-27", "day")],
        id="weekday-without-on-also-counts",
    ),
    case(
        "The central bank held interest rates on Thursday.",
        [("Thursday", "2023-12-28", "2023-12-28", "day")],
        id="weekday-equal-to-the-reference-weekday-is-the-reference-day",
    ),
    case(
        "The jury will begin deliberations on Friday.",
        [("Friday", "2023-12-29", "2023-12-29", "day")],
        id="future-tense-weekday-is-the-next-such-day",
    ),
    case(
        "The rover is set to resume drilling on Monday.",
        [("Monday", "2024-01-01", "2024-01-01", "day")],
        id="is-set-to-makes-a-weekday-future",
    ),
    case(
        "The nurses' union plans to strike on Tuesday.",
        [("Tuesday", "2024-01-02", "2024-01-02", "day")],
        id="plans-to-makes-a-weekday-future",
    ),
    case(
        "On Monday, the league will announce the new fixture list.",
        [("Monday", "2024-01-01", "2024-01-01", "day")],
        id="sentence-initial-weekday-followed-by-will-is-future",
    ),
    case(
        "The minister, who will step down next year, said on Wednesday that exports had slowed.",
        [
            ("next year", "2024-01-01", "2024-12-31", "year"),
            ("Wednesday", "2023-12-27", "2023-12-27", "day"),
        ],
        id="a-reporting-verb-after-will-keeps-the-weekday-in-the-past",
    ),
    case(
        "Last Wednesday the senate passed the bill by 52 votes to 48.",
        [("Last Wednesday", "2023-12-27", "2023-12-27", "day")],
        id="last-weekday-is-the-most-recent-one-before-the-reference",
    ),
    case(
        "Last Wednesday the senate passed the bill by 52 votes to 48.",
        [("Last Wednesday", "2023-12-20", "2023-12-20", "day")],
        WED,
        id="last-weekday-on-that-weekday-is-a-week-earlier",
    ),
    case(
        "The final results will be published next Friday.",
        [("next Friday", "2023-12-29", "2023-12-29", "day")],
        id="next-weekday-is-the-first-one-after-the-reference",
    ),
    case(
        "Trading resumed this Monday after the holiday break.",
        [("this Monday", "2023-12-25", "2023-12-25", "day")],
        id="this-weekday-is-in-the-reference-week",
    ),
    case(
        "Talks between the rail operators and the union collapsed late on Tuesday night.",
        [("Tuesday night", "2023-12-26", "2023-12-26", "day")],
        id="weekday-with-part-of-day-is-one-reference",
    ),
    case(
        "Retailers reported record takings on Black Friday, the Sunday Times said.",
        [],
        id="named-days-and-newspapers-are-not-weekdays",
    ),
    case(
        "The exhibition runs from Friday to Monday at the convention centre.",
        [("from Friday to Monday", "2023-12-22", "2023-12-25", "day")],
        id="weekday-range-runs-forward",
    ),
    case(
        "Ferries were cancelled over the weekend because of high winds.",
        [("the weekend", "2023-12-23", "2023-12-24", "day")],
        id="the-weekend-is-the-most-recent-saturday-and-sunday",
    ),
    # --- months ------------------------------------------------------------------------------
    case(
        "The central bank last raised rates in September.",
        [("September", "2023-09-01", "2023-09-30", "month")],
        id="month-without-year-is-the-most-recent-such-month",
    ),
    case(
        "The space agency will launch the probe in March.",
        [("March", "2024-03-01", "2024-03-31", "month")],
        id="future-tense-month-is-the-next-such-month",
    ),
    case(
        "The inquiry's report will be published in December.",
        [("December", "2023-12-01", "2023-12-31", "month")],
        id="future-tense-current-month-is-this-month",
    ),
    case(
        "Theresa May said in May that the deadline would not move.",
        [("May", "2023-05-01", "2023-05-31", "month")],
        id="a-month-name-needs-date-context",
    ),
    case(
        "Turnout was lower than last September but higher than expected for next September.",
        [
            ("last September", "2023-09-01", "2023-09-30", "month"),
            ("next September", "2024-09-01", "2024-09-30", "month"),
        ],
        id="last-and-next-month-names",
    ),
    case(
        "Unemployment fell in November but rose in December, and economists expect another rise "
        "next month.",
        [
            ("November", "2023-11-01", "2023-11-30", "month"),
            ("December", "2023-12-01", "2023-12-31", "month"),
            ("next month", "2024-01-01", "2024-01-31", "month"),
        ],
        id="several-references-come-back-in-sentence-order",
    ),
    case(
        "The telescope, launched in December 2021, has transformed astronomy.",
        [("December 2021", "2021-12-01", "2021-12-31", "month")],
        id="month-and-year",
    ),
    case(
        "Annual inflation peaked at 11.1% in Sept. 2023, according to the agency.",
        [("Sept. 2023", "2023-09-01", "2023-09-30", "month")],
        id="abbreviated-month-and-year",
    ),
    case(
        "Sales have been flat since March, the retailer said.",
        [("since March", "2023-03-01", "2023-12-28", "month")],
        id="since-a-month-runs-to-the-reference",
    ),
    case(
        "Ticket sales were strong between March and June.",
        [("between March and June", "2023-03-01", "2023-06-30", "month")],
        id="between-two-months",
    ),
    # --- exact dates -------------------------------------------------------------------------
    case(
        "The judge will hand down the sentence on Dec. 27, 2023, court filings show.",
        [("Dec. 27, 2023", "2023-12-27", "2023-12-27", "day")],
        id="abbreviated-month-day-year",
    ),
    case(
        "The trial opened on December 27 with testimony from the first witness.",
        [("December 27", "2023-12-27", "2023-12-27", "day")],
        id="month-day-without-year-uses-the-reference-year",
    ),
    case(
        "The referendum will take place on 14 October.",
        [("14 October", "2024-10-14", "2024-10-14", "day")],
        id="future-tense-day-month-is-the-next-occurrence",
    ),
    case(
        "The study was published on 27 December 2023 in The Lancet.",
        [("27 December 2023", "2023-12-27", "2023-12-27", "day")],
        id="day-month-year",
    ),
    case(
        "The ceasefire took effect at dawn on the 27th of December.",
        [("the 27th of December", "2023-12-27", "2023-12-27", "day")],
        id="ordinal-of-month",
    ),
    case(
        "The filing, dated 2023-12-27, lists 14 creditors.",
        [("2023-12-27", "2023-12-27", "2023-12-27", "day")],
        id="iso-date",
    ),
    case(
        "The contract was signed on 12/27/2023 by both parties.",
        [("12/27/2023", "2023-12-27", "2023-12-27", "day")],
        id="numeric-date-is-us-order",
    ),
    case(
        "The board met on Wednesday, Dec. 27, 2023, to approve the merger.",
        [("Wednesday, Dec. 27, 2023", "2023-12-27", "2023-12-27", "day")],
        id="weekday-and-date-are-one-reference",
    ),
    case(
        "The festival runs Dec. 27-29 in the old town.",
        [("Dec. 27-29", "2023-12-27", "2023-12-29", "day")],
        id="day-range-within-a-month",
    ),
    # --- parts of periods, quarters, halves -----------------------------------------------
    case(
        "The vaccine rollout stalled in mid-October amid supply problems.",
        [("mid-October", "2023-10-11", "2023-10-20", "week")],
        id="mid-month-is-days-11-to-20",
    ),
    case(
        "Officials said the shots would be available to young children by early 2024.",
        [("early 2024", "2024-01-01", "2024-04-30", "quarter")],
        id="early-year-is-january-to-april",
    ),
    case(
        "Sales of electric cars jumped in late 2023.",
        [("late 2023", "2023-09-01", "2023-12-31", "quarter")],
        id="late-year-is-september-to-december",
    ),
    case(
        "The new stadium should be finished by the end of the year.",
        [("the end of the year", "2023-09-01", "2023-12-31", "quarter")],
        id="the-end-of-the-year-is-its-last-third",
    ),
    case(
        "Exports to China grew 8.2% in the first half of 2023.",
        [("the first half of 2023", "2023-01-01", "2023-06-30", "quarter")],
        id="first-half-of-a-year",
    ),
    case(
        "Analysts expect rate cuts in the second half of next year.",
        [("the second half of next year", "2024-07-01", "2024-12-31", "quarter")],
        id="second-half-of-next-year",
    ),
    case(
        "The striker scored twice in the second half to seal the win.",
        [],
        id="a-half-without-a-year-is-sport-not-a-date",
    ),
    case(
        "Revenue in Q3 2023 beat analysts' forecasts.",
        [("Q3 2023", "2023-07-01", "2023-09-30", "quarter")],
        id="q3-with-year",
    ),
    case(
        "The economy contracted in the third quarter, official data showed.",
        [("the third quarter", "2023-07-01", "2023-09-30", "quarter")],
        id="quarter-without-year-is-in-the-reference-year",
    ),
    case(
        "The chipmaker's third-quarter profit rose 12%.",
        [("third-quarter", "2023-07-01", "2023-09-30", "quarter")],
        id="hyphenated-quarter-adjective",
    ),
    case(
        "Output fell in the fourth quarter of last year.",
        [("the fourth quarter of last year", "2022-10-01", "2022-12-31", "quarter")],
        id="quarter-of-last-year",
    ),
    case(
        "The first quarter of the game ended 21-14 after two interceptions.",
        [],
        id="a-quarter-of-a-game-is-not-a-date",
    ),
    case(
        "The minister said the new rules would take effect from January 1.",
        [("January 1", "2024-01-01", "2024-01-01", "day")],
        id="would-after-said-makes-a-date-future",
    ),
    case(
        "A vote on the bill is due on Jan. 10.",
        [("Jan. 10", "2024-01-10", "2024-01-10", "day")],
        id="is-due-makes-a-date-future",
    ),
    case(
        "The film festival ran from 10 to 20 July in Karlovy Vary.",
        [("10 to 20 July", "2023-07-10", "2023-07-20", "day")],
        id="day-range-with-to-before-the-month",
    ),
    case(
        "Police said the attack happened at about 11.30pm on Saturday.",
        [("11.30pm on Saturday", "2023-12-23", "2023-12-23", "day")],
        id="british-clock-time-joins-the-weekday",
    ),
    # --- years, decades, ranges --------------------------------------------------------------
    case(
        "The company plans to list its shares in 2024.",
        [("2024", "2024-01-01", "2024-12-31", "year")],
        id="in-year-is-the-whole-year",
    ),
    case(
        "Life expectancy rose sharply in the 1990s.",
        [("the 1990s", "1990-01-01", "1999-12-31", "decade")],
        id="decade",
    ),
    case(
        "House prices boomed in the early 2000s.",
        [("the early 2000s", "2000-01-01", "2003-12-31", "year")],
        id="early-decade",
    ),
    case(
        "The club finished third in the 2023-24 season.",
        [("2023-24", "2023-01-01", "2024-12-31", "year")],
        id="season-spans-both-years",
    ),
    case(
        "The ministry's budget for the 2023\u201324 fiscal year was cut.",
        [("2023\u201324", "2023-01-01", "2024-12-31", "year")],
        id="season-with-an-en-dash",
    ),
    case(
        "The senator, who has served since 2019, will not seek re-election.",
        [("since 2019", "2019-01-01", "2023-12-28", "year")],
        id="since-year-runs-to-the-reference",
    ),
    case(
        "Average temperatures rose 0.3C between 2010 and 2020.",
        [("between 2010 and 2020", "2010-01-01", "2020-12-31", "year")],
        id="between-two-years",
    ),
    case(
        "The study followed 4,000 participants from 2015 to 2018.",
        [("from 2015 to 2018", "2015-01-01", "2018-12-31", "year")],
        id="from-year-to-year",
    ),
    case(
        "The cohort was recruited in 2019 and 2020.",
        [
            ("2019", "2019-01-01", "2019-12-31", "year"),
            ("2020", "2020-01-01", "2020-12-31", "year"),
        ],
        id="a-year-joined-to-a-year-by-and-counts",
    ),
    case(
        "Organisers held a 2024 planning meeting in Geneva.",
        [("2024", "2024-01-01", "2024-12-31", "year")],
        id="year-as-adjective-before-a-noun",
    ),
    case(
        "Turnout in the 2024 elections is expected to be high.",
        [("2024", "2024-01-01", "2024-12-31", "year")],
        id="year-before-elections",
    ),
    case(
        "The firm's 2023 revenue was $4.2 billion, up from $3.9 billion.",
        [("2023", "2023-01-01", "2023-12-31", "year")],
        id="year-after-a-possessive-noun",
    ),
    case(
        "The 2024 Paris Olympics will open in July.",
        [
            ("2024", "2024-01-01", "2024-12-31", "year"),
            ("July", "2024-07-01", "2024-07-31", "month"),
        ],
        id="year-before-a-named-event",
    ),
    case(
        "2024's budget includes a rise in defence spending.",
        [("2024", "2024-01-01", "2024-12-31", "year")],
        id="possessive-year",
    ),
    case(
        "2023 was the hottest year on record, scientists said.",
        [("2023", "2023-01-01", "2023-12-31", "year")],
        id="sentence-initial-year-as-subject",
    ),
    case(
        "The country will cut emissions by 55% compared with 1990 levels.",
        [("1990", "1990-01-01", "1990-12-31", "year")],
        id="year-before-levels",
    ),
    case(
        "More than 2,000 people were evacuated as the river burst its banks.",
        [],
        id="a-thousands-separated-count-is-not-a-year",
    ),
    case(
        "She won gold in the 1500 metres at the world championships.",
        [],
        id="a-distance-is-not-a-year",
    ),
    case(
        "Prosecutors said the defendant wired $2000 to an offshore account.",
        [],
        id="a-dollar-amount-is-not-a-year",
    ),
    case(
        "Emergency shelters were set up for 2000 residents of the valley.",
        [],
        id="a-count-after-a-preposition-is-not-a-year",
    ),
    case(
        "The 2000 marchers reached the square by midday.",
        [],
        id="a-round-number-before-a-plural-is-a-count",
    ),
    case(
        "The fund returned 7% in fiscal 2024 and expects more in FY2025.",
        [
            ("fiscal 2024", "2024-01-01", "2024-12-31", "year"),
            ("FY2025", "2025-01-01", "2025-12-31", "year"),
        ],
        id="fiscal-years-are-calendar-years",
    ),
    # --- times of day --------------------------------------------------------------------------
    case(
        "Polling stations close at 8 p.m., the electoral commission said.",
        [("8 p.m.", "2023-12-28", "2023-12-28", "day")],
        id="time-alone-is-the-reference-day",
    ),
    case(
        "The launch window opens at 10:30 local time.",
        [("10:30 local time", "2023-12-28", "2023-12-28", "day")],
        id="clock-time-alone-is-the-reference-day",
    ),
    case(
        "The verdict was read out on Wednesday at 3 p.m. in a packed courtroom.",
        [("Wednesday at 3 p.m.", "2023-12-27", "2023-12-27", "day")],
        id="time-next-to-a-day-joins-it",
    ),
    case(
        "The hearing is scheduled for 10:30 a.m. on Thursday.",
        [("10:30 a.m. on Thursday", "2023-12-28", "2023-12-28", "day")],
        id="time-before-a-day-joins-it",
    ),
    case(
        "At 9 a.m., markets opened lower, extending losses from last month.",
        [("last month", "2023-11-01", "2023-11-30", "month")],
        id="time-is-dropped-when-another-date-is-present",
    ),
    # --- leap year (reference Thursday 2024-02-29) --------------------------------------------
    case(
        "Mortgage lending fell last month but recovered this month.",
        [
            ("last month", "2024-01-01", "2024-01-31", "month"),
            ("this month", "2024-02-01", "2024-02-29", "month"),
        ],
        LEAP,
        id="leap-year-this-month-ends-on-the-29th",
    ),
    case(
        "The vote was held on February 29, a year ago Britain had no such law.",
        [
            ("February 29", "2024-02-29", "2024-02-29", "day"),
            ("a year ago", "2023-01-01", "2023-12-31", "year"),
        ],
        LEAP,
        id="leap-day-resolves-in-a-leap-year",
    ),
    case(
        "Shares have doubled over the past year.",
        [("the past year", "2023-03-01", "2024-02-29", "year")],
        LEAP,
        id="a-rolling-year-from-a-leap-day-starts-on-march-1",
    ),
    case(
        "The museum reopened on Wednesday.",
        [("Wednesday", "2024-02-28", "2024-02-28", "day")],
        LEAP,
        id="leap-year-weekday",
    ),
    # --- year boundary (reference Wednesday 2024-01-03) ----------------------------------------
    case(
        "Retail sales jumped last month as shoppers returned.",
        [("last month", "2023-12-01", "2023-12-31", "month")],
        NEW_YEAR,
        id="last-month-crosses-the-year-boundary",
    ),
    case(
        "Retail sales jumped in December as shoppers returned.",
        [("December", "2023-12-01", "2023-12-31", "month")],
        NEW_YEAR,
        id="month-name-after-the-year-boundary-is-last-year",
    ),
    case(
        "The airline cancelled 300 flights on Friday.",
        [("Friday", "2023-12-29", "2023-12-29", "day")],
        NEW_YEAR,
        id="weekday-before-the-year-boundary",
    ),
    case(
        "Factory output fell last week and last year.",
        [
            ("last week", "2023-12-25", "2023-12-31", "week"),
            ("last year", "2023-01-01", "2023-12-31", "year"),
        ],
        NEW_YEAR,
        id="last-week-and-last-year-across-the-boundary",
    ),
    case(
        "Flights were disrupted between Dec. 27 and Jan. 2.",
        [("between Dec. 27 and Jan. 2", "2023-12-27", "2024-01-02", "day")],
        NEW_YEAR,
        id="date-range-across-the-year-boundary",
    ),
    # --- no reference date: only absolute references ---------------------------------------
    case(
        "Prices rose last month, after falling on Wednesday and in September.",
        [],
        None,
        id="without-reference-relative-references-are-skipped",
    ),
    case(
        "The deal, signed on Dec. 27, 2023, takes effect in 2024.",
        [
            ("Dec. 27, 2023", "2023-12-27", "2023-12-27", "day"),
            ("2024", "2024-01-01", "2024-12-31", "year"),
        ],
        None,
        id="without-reference-absolute-references-resolve",
    ),
    case(
        "The plant has been closed since 2019.",
        [("2019", "2019-01-01", "2019-12-31", "year")],
        None,
        id="without-reference-since-keeps-only-its-start",
    ),
    case(
        "Polls close at 8 p.m.",
        [],
        None,
        id="without-reference-a-time-alone-is-skipped",
    ),
    # --- sentences without dates --------------------------------------------------------------
    case(
        "Scientists at the institute published the findings in the journal Nature.",
        [],
        id="a-sentence-without-dates-gives-nothing",
    ),
    case(
        "The drug cut the risk of heart attack by 20 percent in a trial of 17,000 patients.",
        [],
        id="percentages-and-counts-are-not-dates",
    ),
]

ROBUSTNESS = [
    "",
    " ",
    "\x00\x01\x02\x1b[0m 2023 \x7f",
    "in\u00a02024\u2009and\u202fDec.\u00a027,\u00a02023",
    "mid\u2014October and the 1990\u2019s and the \u201990s",
    "2023\u20132024 \u2212 2023\u201424 \u2015 2010\u20102020",
    "Q9 2023, H3 2024, 99/99/9999, 2023-13-45, February 30, 2023, 31/31/2023",
    "the 27th of Smarch, last blursday, 0 days ago, 999 decades ago, 9999-99-99",
    "\u65e5\u672c\u8a9e\u306e\u6587 2024\u5e74 \u0645\u0631\u062d\u0628\u0627 Monday",
    "((((2019)))) [2020] {2021} <2022> '2023' \"2024\"",
    "at 25:61, 13 p.m., 0 a.m., 12:60, 10:30:45, 3:1 win",
    "between and from to since since since 2019 between 2020",
]


@pytest.mark.parametrize(("sentence", "reference", "expected"), CASES)
def test_time_references_resolve_as_news_readers_expect(sentence, reference, expected):
    assert resolved(sentence, reference) == expected


def all_sentences() -> list[tuple[str, date | None]]:
    return [(p.values[0], p.values[1]) for p in CASES] + [(s, THU) for s in ROBUSTNESS]


@pytest.mark.parametrize("reference", [THU, LEAP, NEW_YEAR, None])
def test_every_reference_is_an_exact_ordered_non_overlapping_slice(reference):
    for sentence, _ in all_sentences():
        refs = extract_time_references(sentence, reference)
        previous_end = 0
        for ref in refs:
            assert sentence[ref.start : ref.end] == ref.text
            assert ref.start >= previous_end
            assert ref.date_from <= ref.date_to
            assert ref.granularity in ("day", "week", "month", "quarter", "year", "decade")
            previous_end = ref.end


@pytest.mark.parametrize("sentence", ROBUSTNESS)
def test_odd_input_never_raises(sentence):
    for reference in (THU, LEAP, NEW_YEAR, date(1, 1, 1), date(9999, 12, 31), None):
        extract_time_references(sentence, reference)


def test_random_fragments_never_raise_and_keep_exact_slices():
    pieces = [
        "last", "next", "this", "the", "early", "mid-", "late", "since", "between", "and",
        "from", "to", "in", "on", "at", "ago", "two", "a", "year", "years", "month", "week",
        "weekend", "quarter", "half", "of", "decade", "Q3", "H1", "FY24", "May", "Dec.", "27",
        "27th", "2023", "2024", "1990s", "'90s", "2023-24", "12/27/2023", "2023-12-27",
        "Wednesday", "Friday", "3", "p.m.", "10:30", "noon", "today", ",", ".", "\u2013",
        "$", "%", "\x00", "\u00a0", "fiscal", "recent", "past", "coming", "will",
    ]  # fmt: skip
    rng = random.Random(20231228)
    for _ in range(3000):
        sentence = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        reference = rng.choice([THU, LEAP, NEW_YEAR, None])
        for ref in extract_time_references(sentence, reference):
            assert sentence[ref.start : ref.end] == ref.text
            assert ref.date_from <= ref.date_to


def test_as_dict_is_json_ready():
    (ref,) = extract_time_references("The bank cut rates on Dec. 27, 2023.", THU)
    data = ref.as_dict()
    assert data == {
        "text": "Dec. 27, 2023",
        "date_from": "2023-12-27",
        "date_to": "2023-12-27",
        "granularity": "day",
        "start": 22,
        "end": 35,
    }
    assert json.loads(json.dumps(data)) == data


def test_time_reference_is_immutable():
    (ref,) = extract_time_references("Inflation slowed last month.", THU)
    assert isinstance(ref, TimeReference)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.text = "next month"  # type: ignore[misc]
