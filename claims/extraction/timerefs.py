"""Time references in one English news sentence, resolved to date intervals.

``extract_time_references(sentence, reference)`` finds expressions such as
"last month", "on Wednesday", "Dec. 27, 2023", "the third quarter", "the 1990s"
or "since 2019" and resolves each to an inclusive ``date_from``..``date_to``
interval, using ``reference`` (the article's publication date) for relative
expressions.  With ``reference=None`` only absolute references are returned.

The extractor is rule-based and offline.  One precompiled candidate regex finds
the positions where a time expression could start (word starts with a digit, a
month or weekday name, or a keyword such as "last", "the past", "early"); a
sentence without any is rejected at once (the fast path).  At each candidate the
precompiled master regex is matched (anchored, so it never scans the sentence;
at one position the longer, more specific alternative wins and an accepted
match consumes its span), small handlers resolve them, and three passes join ranges
("between 2010 and 2020"), open-ended spans ("since 2019") and times of day.
dateparser is deliberately not used: every supported pattern is resolved here,
which keeps the module fast (tens of thousands of sentences per second) and its
decisions explainable.

Conventions for ambiguous expressions (reference = Thursday 2023-12-28):

* Bare weekday ("Wednesday", "on Wednesday"): the most recent such day on or
  before the reference (the reference day itself when the weekday matches).  If
  the sentence reads as future ("will", "would", "shall", "'ll", "is set/due/
  expected/scheduled", "plans/intends/expects to", "next", "upcoming" before the
  weekday with no "said"/"was"-type verb in between, or after a sentence-initial
  "On Friday,"), the first such day on or after the reference.
* "last Wednesday" / "this past Wednesday": the most recent one strictly before
  the reference (2023-12-27), not "the Wednesday of last week".
* "next Friday" / "this coming Friday": the first one strictly after the
  reference (2023-12-29), not "the Friday of next week".
* "this Monday": the Monday of the reference's ISO week; if the sentence is in
  the future tense and that day has passed, the following Monday.
* Month without year ("in September"), and month-day without year ("December
  27"): the most recent occurrence not after the reference; in a future-tense
  sentence the first occurrence not before it.  "last September" is strictly
  before the reference month, "next September" strictly after it.
* "last week/month/year" (no article) are the previous calendar week (ISO,
  Monday-Sunday), month and year; "this ..." the current one; "next ..." the
  following one.  With an article or a count, the expression is a rolling
  window of that many units ending (or starting) with the reference day: "the
  past year", "the last two years", "the next five years".  Decades ("the last
  decade") are always rolling, except "this decade" (the calendar decade).
  Quarters are always calendar.
* "recent days" = 7 days, "recent weeks/months/years/decades" = 3 units before
  the reference (also "the past few months", "the coming weeks").
* "N days/weeks/months/years ago": the calendar day / ISO week / month / year
  containing the reference minus N units.  "a decade ago" resolves to the
  calendar year ten years before (2013) with granularity "decade".
* early/mid/late: a year splits into Jan-Apr, May-Aug, Sep-Dec; a month into
  days 1-10, 11-20, 21-end; a decade into years 0-3, 4-6, 7-9; a week into
  Mon-Tue, Wed-Thu, Fri-Sun.  "the start/beginning of" = early, "the middle of" =
  mid, "the end of" = late.
* "earlier this year" runs from the start of the year to the reference; "later
  this year" from the reference to the end of the year.
* "the third quarter" / "Q3" without a year: the latest that has begun by the
  reference, or in a future-tense sentence the first not over.  Half
  years need a year ("the first half of 2023", "H1 2023"), because "the second
  half" is mostly sport.  Fiscal years ("FY2024", "fiscal 2024") are treated as
  calendar years.
* "2023-24" / "2023/24" (seasons, fiscal years) and "2010-2020" span both years.
* "a year earlier", "the year before", "the same period last year / of 2017":
  the sentence's other time (the one before it, else after it) a year before
  (or in the year named); with no other time, "a year earlier" is the
  calendar year before the reference and "the same period of 2017" is left
  out.
* A run of months ("the October-to-December period", "April-June") ends in the
  year its last month takes; "the year to March" / "the three months to
  January" are the twelve (three) months ending with that month.
* Seasons follow the northern meteorological calendar (spring March-May,
  summer June-August, autumn September-November, winter December-February);
  "this winter" in January began the December before.  "the fall" alone is
  not a season.
* "'90s" is the most recent such decade not after the reference's decade.
* Times of day ("at 3 p.m.", "10:30", "at noon") are the reference day when
  the sentence has no other date; a time next to a day-level date ("Wednesday at
  3 p.m.") is folded into that date's span; other times are dropped.

Granularity names the listed unit nearest the expression's precision: a third of
a year or a half year is "quarter", a third of a month is "week", a part of a
decade is "year", a weekend is "day"; ranges take the coarser of their two ends.
The surface text excludes a leading "in"/"on"/"at" but includes the words that
change the interval ("since", "between ... and", "from ... to", "last", "early").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from factcheck.text import vocabulary
from factcheck.text.vocabulary import alternation

from .attribution import PAST_REPORTING_VERBS

__all__ = ["TimeReference", "extract_time_references"]

GRANULARITIES = ("day", "week", "month", "quarter", "year", "decade")
_RANK = {name: rank for rank, name in enumerate(GRANULARITIES)}


@dataclass(frozen=True, slots=True)
class TimeReference:
    """One time expression in a sentence and the date interval it denotes.

    ``sentence[start:end] == text``; ``date_to`` is inclusive.
    """

    text: str
    date_from: date
    date_to: date
    granularity: str
    start: int
    end: int

    def as_dict(self) -> dict[str, str | int]:
        """Return a JSON-ready dict (dates as ISO strings)."""
        return {
            "text": self.text,
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "granularity": self.granularity,
            "start": self.start,
            "end": self.end,
        }


# --------------------------------------------------------------------------- #
# Vocabulary
# --------------------------------------------------------------------------- #


def _alternation(entries: Iterable[str]) -> str:
    return alternation(entries, any_spacing=True)  # "as of" is also "as  of"


_MONTHS = {name: int(number) for name, number in vocabulary.table("months").items()}
# Each season's first month, by the northern meteorological calendar.
_SEASON_START = {name: int(month) for name, month in vocabulary.table("season_months").items()}
# The full name of each month is its longest ("May" is both).
_MONTH_NAMES = frozenset(
    max((m for m in _MONTHS if _MONTHS[m] == number), key=len) for number in set(_MONTHS.values())
)
# Full names only: "Sun", "Sat" and "Wed" are words and names too.
_WEEKDAYS = {
    name: int(number)
    for name, number in vocabulary.table("weekdays").items()
    if name.endswith("day")
}
# "a year ago", "a couple of weeks": "a" and "couple" count too.
_NUMBER_WORDS = {
    **{word: int(value) for word, value in vocabulary.table("number_words").items()},
    "a": 1,
    "an": 1,
    "couple": 2,
}
# Which quarter or half: "the third quarter", "the latter half", "the final quarter".
_ORDINALS = {word: int(value) for word, value in vocabulary.table("ordinals").items()}
_QUARTER_ORDINALS = {w: v for w, v in _ORDINALS.items() if v <= 4} | {"final": 4}
_HALF_ORDINALS = {w: v for w, v in _ORDINALS.items() if v <= 2} | {"latter": 2}
# Units for vague plurals ("recent months", "the coming weeks"): how many.
_VAGUE_COUNT = {"day": 7, "hour": 24, "week": 3, "month": 3, "quarter": 3, "year": 3, "decade": 3}
# Words after a 4-digit number that make it a count ("2000 people"), or a year
# ("2024 elections"); verbs after a sentence-opening one that make it a year.
_QUANTITY_NOUNS = vocabulary.words("year_count_nouns")
_EVENT_WORDS = vocabulary.words("year_event_words")
_SENTENCE_START_VERBS = vocabulary.words("year_subject_verbs")
# "Good Friday", "the Sunday Times": named days and names, not dates.
_NAMED_DAY_PREFIXES = vocabulary.words("named_day_prefixes")
_PAPER_SUFFIXES = vocabulary.words("weekday_name_suffixes")

# --------------------------------------------------------------------------- #
# Regular expressions
# --------------------------------------------------------------------------- #

_D = "[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]"  # hyphen and unicode dashes
_AP = "['\u2019]"  # apostrophes
_WD = f"(?:{_alternation(d.capitalize() for d in _WEEKDAYS)})(?![A-Za-z])"
_MON_FULL = f"(?:{_alternation(m.capitalize() for m in _MONTH_NAMES)})(?![A-Za-z])"
# A full name, or an abbreviation with or without its full stop: "Dec", "Dec.", "Sept."
_ABBREVIATED = [m.capitalize() + dot for m in _MONTHS if m not in _MONTH_NAMES for dot in ("", ".")]
_MON = f"(?:{_alternation({*(m.capitalize() for m in _MONTH_NAMES), *_ABBREVIATED})})(?![A-Za-z])"
_Y4 = r"(?:19\d\d|20\d\d|2100)(?!\d|[.,]\d|[A-Za-z])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:]|,\d)"
_CARDINALS = _alternation(vocabulary.table("number_words"))  # one ... ninety
_NUM = (
    r"(?<![\w.,])(?:\d{1,3}|(?i:(?:a\s+)?couple\s+of|(?:a\s+|one\s+)?hundred|an?"
    rf"|{_CARDINALS}))"
)
_PART_OF_DAY = r"(?:\s+(?i:morning|afternoon|evening|night)(?![A-Za-z]))?"
_ZONES = _alternation(z for z in vocabulary.words("time_zone_words") if z.isupper())  # EST, UTC
_TZ = rf"(?:\s+(?:{_ZONES}|(?i:local\s+time))(?![A-Za-z]))?"


def _decade(p: str) -> str:
    return (
        rf"(?:(?<![\w$\u00a3\u20ac])(?P<{p}_c>1[89]|20)(?P<{p}_d>\d)0"
        rf"|{_AP}(?P<{p}_yy>\d)0){_AP}?s(?![A-Za-z])"
    )


def _year_qualifier(p: str) -> str:
    """'2023' / 'last year' / 'the year' / 'fiscal 2023' after 'of'."""
    return (
        rf"(?:(?i:the)\s+)?(?:(?i:fiscal|financial|calendar)\s+)?(?:(?i:year)\s+)?(?P<{p}_y>{_Y4})"
        rf"|(?P<{p}_r>(?i:last|this|next))\s+(?i:year)(?![A-Za-z])"
        rf"|(?i:the)\s+(?:(?i:fiscal|financial|calendar|current)\s+)?(?i:year)(?![A-Za-z])"
    )


_ALTERNATIVES = [
    # 2023-12-27
    rf"(?P<iso>(?<![\d/.])(?<!\d{_D})(?P<iso_y>\d{{4}})-(?P<iso_m>0[1-9]|1[0-2])"
    r"-(?P<iso_d>0[1-9]|[12]\d|3[01])(?!\d))",
    # 12/27/2023, 27/12/2023, 12/27/23
    r"(?P<num>(?<![\d/.])(?P<num_a>\d{1,2})/(?P<num_b>\d{1,2})/(?P<num_y>\d{4}|\d\d)(?![\d/]))",
    # 2023-24, 2023/24, 2010-2020
    rf"(?P<yrange>(?<![\d.,$\u00a3\u20ac#/])(?P<yrange_a>19\d\d|20\d\d)\s*(?:{_D}|/)\s*"
    r"(?P<yrange_b>19\d\d|20\d\d|2100|\d\d)(?!\d|[.,]\d|[A-Za-z%]))",
    # [Wednesday,] Dec. 27[-29][, 2023]
    rf"(?P<md>(?:(?P<md_wd>{_WD}),?\s+)?(?P<md_mon>{_MON})\s*(?<=[\s.])(?P<md_d>{_DAY})"
    rf"(?:\s*{_D}\s*(?P<md_d2>{_DAY}))?(?:,?\s+(?P<md_y>{_Y4}))?)",
    # [Wednesday,] [the] 27[th] [of] December [2023]
    rf"(?P<dm>(?:(?P<dm_wd>{_WD}),?\s+)?(?:(?i:the)\s+)?(?<![\d.,$\u00a3\u20ac])(?P<dm_d>{_DAY})"
    rf"(?:(?:\s*{_D}\s*|\s+(?i:to|and|until|till)\s+)(?P<dm_d2>{_DAY}))?\s+(?:(?i:of)\s+)?"
    rf"(?P<dm_mon>{_MON})"
    rf"(?:,?\s+(?P<dm_y>{_Y4}))?)",
    # the third quarter [of 2023], third-quarter, Q3 2023
    rf"(?P<qt>(?:(?i:the)\s+)?(?P<qt_o>(?i:{_alternation(_QUARTER_ORDINALS)}|last))"
    rf"(?:\s+|{_D})(?:(?i:fiscal|calendar)\s+)?(?i:quarter)(?![A-Za-z])"
    rf"(?:\s+(?i:of|in)\s+(?:{_year_qualifier('qt')})|,?\s+(?P<qt_y2>{_Y4}))?"
    rf"|(?<![\w])Q(?P<qt_n>[1-4])(?:\s+(?:(?i:of)\s+)?(?P<qt_y3>{_Y4})|\s*{_AP}(?P<qt_yy>\d\d)(?!\d)"
    r"|(?![\w])))",
    # the first half of 2023, H1 2023
    rf"(?P<hf>(?:(?i:the)\s+)?(?P<hf_o>(?i:{_alternation(_HALF_ORDINALS)}))(?:\s+|{_D})(?i:half)"
    rf"\s+(?i:of)\s+(?:{_year_qualifier('hf')})|(?<![\w])H(?P<hf_n>[12])\s+(?P<hf_y2>{_Y4}))",
    # early 2024, mid-October, late last year, the end of the year, the early 1990s
    rf"(?P<pt>(?P<pt_w>(?:(?i:the)\s+)?(?i:early|mid|late)"
    r"|(?:(?i:the)\s+)?(?i:start|beginning|middle|end)\s+(?i:of)(?:\s+(?i:the))?)"
    rf"(?:\s*{_D}\s*|\s+)(?:(?P<pt_dec>{_decade('ptd')})|(?P<pt_mon>{_MON})(?:,?\s+(?P<pt_my>{_Y4}))?"
    rf"|(?P<pt_y>{_Y4})|(?P<pt_r>(?i:last|this|next|current))\s+(?P<pt_u>(?i:week|month|year|decade))"
    r"(?![A-Za-z])|(?P<pt_u2>(?i:week|month|year|decade))(?![A-Za-z])))",
    # earlier this year, later this month, so far this year, year to date
    r"(?P<el>(?P<el_w>(?i:earlier|later|so\s+far))\s+(?:(?P<el_r>(?i:this|last|next))\s+"
    r"|(?i:in\s+the)\s+)(?P<el_u>(?i:week|month|year|decade))(?![A-Za-z])"
    rf"|(?i:year{_D}to{_D}date|year\s+to\s+date)(?![A-Za-z]))",
    # this weekend, last weekend, the weekend
    r"(?P<we>(?P<we_p>(?i:this\s+past|this\s+coming|this|last|next|coming|the))\s+"
    r"(?i:weekend)(?![A-Za-z]))",
    # a year earlier, the year before, the same period last year / of 2017
    r"(?P<ye>(?:(?i:a|one|the)\s+year\s+(?i:earlier|before)|(?i:the\s+previous\s+year)"
    r"|(?i:the\s+same\s+(?:period|quarter|month|time))\s+(?:(?i:a\s+year\s+(?:earlier|before|ago)"
    rf"|last\s+year)|(?i:of|in)\s+(?P<ye_y>{_Y4})))(?![A-Za-z]))",
    # last month, this week, next year, the past two years, the coming months
    r"(?P<rp>(?P<rp_the>(?i:the)\s+)?(?P<rp_w>(?i:last|past|next|coming|this|current))\s+"
    rf"(?:(?P<rp_n>\d{{1,3}}|(?i:(?:a\s+)?few|several|(?:a\s+)?couple\s+of|{_CARDINALS}))\s+)?"
    r"(?P<rp_u>(?i:days|weeks?|months?|quarters?|years?|decades?|hours))(?![A-Za-z]))",
    # (in) recent months
    r"(?P<rc>(?i:recent)\s+(?P<rc_u>(?i:days|weeks|months|years|decades))(?![A-Za-z]))",
    # two years ago
    rf"(?P<ag>(?P<ag_n>{_NUM})\s+(?P<ag_u>(?i:days?|weeks?|months?|quarters?|years?|decades?))"
    r"\s+(?i:ago)(?![A-Za-z]))",
    # yesterday, today, tonight, tomorrow, last night, this morning
    r"(?P<dw>(?P<dw_w>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday"
    r"|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)"
    r"|(?:earlier|later)\s+in\s+the\s+day))(?![A-Za-z])"
    rf"{_PART_OF_DAY})",
    # [last|next|this] Wednesday [night]
    r"(?P<wd>(?:(?P<wd_p>(?i:this\s+past|this\s+coming|last|next|this|coming))\s+)?"
    rf"(?P<wd_n>{_WD}){_PART_OF_DAY})",
    # the October-to-December period, April-June, the July-September quarter
    rf"(?P<mr>(?:(?i:the)\s+)?(?P<mr_a>{_MON_FULL})(?:\s*{_D}\s*(?:(?i:to)\s*{_D}\s*)?|\s+(?i:to)\s+)"
    rf"(?P<mr_b>{_MON_FULL})(?:\s+(?i:period|quarter))?(?:,?\s+(?P<mr_y>{_Y4})"
    r"|\s+(?P<mr_s>(?i:last|this|next))\s+(?i:year)(?![A-Za-z]))?)",
    # the year to March, the three months to January 2024
    rf"(?P<tw>(?:(?i:the)\s+)?(?:(?P<tw_n>{_NUM})\s+(?P<tw_u>(?i:months|quarters))"
    r"|(?i:year|twelve\s+months|12\s+months))\s+(?i:to|ending|ended)\s+(?:(?i:the\s+end\s+of)\s+)?"
    rf"(?P<tw_m>{_MON_FULL})(?:,?\s+(?P<tw_y>{_Y4}))?)",
    # this summer, last winter, the spring of 2023 ("the fall" is more often a fall)
    r"(?P<sn>(?P<sn_p>(?i:this\s+past|this\s+coming|this|last|next|the))\s+"
    rf"(?P<sn_s>(?i:{_alternation(_SEASON_START.keys() - {'fall'})})|(?<!(?i:the) )(?i:fall))"
    r"(?![A-Za-z])"
    rf"(?:\s+(?:(?i:of)\s+)?(?P<sn_y>{_Y4}))?)",
    # the 1990s, '90s
    rf"(?P<dc>(?:(?i:the)\s+)?{_decade('dc')})",
    # September 2023, Sept. 2023
    rf"(?P<my>(?P<my_mon>{_MON}),?\s+(?:(?i:of)\s+)?(?P<my_y>{_Y4}))",
    # [last|next|this] September
    rf"(?P<mo>(?:(?P<mo_p>(?i:this\s+past|this\s+coming|last|next|this|coming))\s+)?"
    rf"(?P<mo_m>{_MON_FULL})(?:\s+(?P<mo_s>(?i:last|this|next))\s+(?i:year)(?![A-Za-z]))?)",
    # FY2024, FY24, fiscal 2024
    rf"(?P<fy>(?<![\w])(?:FY\s?(?P<fy_y>\d{{4}}|\d\d)(?![\w])"
    rf"|(?i:fiscal)\s+(?:(?i:year)\s+)?(?P<fy_y2>{_Y4})))",
    # 2024 (context decides)
    rf"(?P<yr>(?<![\d.,$\u00a3\u20ac\u00a5#/])(?<!\d{_D})(?P<yr_y>{_Y4}))",
    # 3 p.m., 10:30, at noon
    r"(?P<tm>(?<![\d:.,$])(?P<tm_h>[01]?\d|2[0-3])(?:[:.](?P<tm_m>[0-5]\d))?\s*"
    rf"(?P<tm_ap>(?i:a\.m\.?|p\.m\.?|am|pm))(?![A-Za-z]){_TZ}"
    rf"|(?<![\d:.,$])(?P<tm_h2>[01]?\d|2[0-3]):(?P<tm_m2>[0-5]\d)(?![\d:]|\.\d){_TZ}"
    r"|(?:(?<=(?i:at) )|(?<=(?i:by) )|(?<=(?i:until) )|(?<=(?i:till) )|(?<=(?i:around) )"
    r"|(?<=(?i:before) )|(?<=(?i:after) )|(?<=(?i:from) ))(?i:noon|midnight)(?![A-Za-z]))",
]
_MASTER = re.compile("|".join(_ALTERNATIVES))

# Start positions worth trying the master regex at (zero-width matches).  This is
# also the fast path: a sentence without any such position is rejected at once.
# The character class is a cheap first test: every keyword below, number, month and
# weekday name starts with one of them.
_ORDINAL_WORDS = _alternation(_QUARTER_ORDINALS | _HALF_ORDINALS)
_FIRST_LETTERS = set("tlpncemsbyrfaoh") | {word[0] for word in _NUMBER_WORDS}
_CAPITALS = {"Q", "H"} | {name[0].upper() for name in (*_MONTHS, *_WEEKDAYS)}
_FIRST_CHARS = "".join(sorted(_FIRST_LETTERS | {c.upper() for c in _FIRST_LETTERS} | _CAPITALS))
_CANDIDATE = re.compile(
    rf"(?<![A-Za-z0-9])(?=[\d'\u2019{_FIRST_CHARS}])"
    rf"(?=[\d'\u2019]|Q[1-4]|H[12]\s|FY|{_alternation({m[:3].capitalize() for m in _MONTHS})}"
    rf"|{_WD}"
    rf"|(?i:(?:an?|one)\s+year\s+(?:earlier|before)|the\s+(?:same|previous)\s"
    rf"|the\s+(?:[\d'\u2019]|{_ORDINAL_WORDS}|{_CARDINALS}|year|twelve"
    rf"|{_alternation(_SEASON_START)}|last"
    r"|early|mid|late|start|beginning|middle|end|past|next|coming|current|weekend|day\s)"
    r"|(?:last|past|next|this|coming|current|early|mid|late|earlier|later|so\s+far|year"
    rf"|recent|yesterday|today|tonight|tomorrow|{_ORDINAL_WORDS}|fiscal"
    r"|noon|midnight)(?![a-z])|(?:start|beginning|middle|end)\s+of\s"
    rf"|(?:an?|couple|hundred|{_CARDINALS})\s+(?:couple\s+of\s+|hundred\s+)?"
    r"(?:day|week|month|quarter|year|decade)s?\s+ago))"
)

_FUTURE = re.compile(
    rf"(?i:\b(?:{_alternation(vocabulary.words('future_tense_markers'))})\b|\w['\u2019]ll\b)"
)
# A past-tense verb between a future marker and the expression cancels the marker:
# "The minister, who will step down, said on Wednesday ..."
_PAST_REPORTING = re.compile(
    rf"(?i:\b(?:{_alternation(PAST_REPORTING_VERBS | {'was', 'were'})})\b)"
)
# Only an optional quote/preposition before the expression: "On Friday, the court will ..."
_DATE_PREPOSITIONS = vocabulary.words("date_prepositions")  # in, since, as of
_OPENERS = _alternation(_DATE_PREPOSITIONS | {"on", "at", "this"})
_LEADING = re.compile(rf"\W*(?:(?i:{_OPENERS})\s+)?")

_BEFORE_SPAN = 32  # characters of left context the context regexes look at
_YEAR_WORDS = _DATE_PREPOSITIONS | vocabulary.words("seasons") | {"circa", "ca.", "c.", "year"}
_YEAR_PREV = re.compile(rf"(?i:(?<![A-Za-z])(?:{_alternation(_YEAR_WORDS)})\s+|\(\s*)$")
# "compared with 2022." - only when no word follows the year
_COMPARISON_PREV = re.compile(r"(?i:(?<![A-Za-z])(?:with|than|versus|vs\.?|over))\s+$")
_DETERMINER_PREV = re.compile(
    rf"(?i:(?<![A-Za-z])(?:{_alternation(vocabulary.words('determiners'))}|\w+['\u2019]s))\s+$"
)
_MONTH_PREV = re.compile(rf"(?i:(?<![A-Za-z])(?P<w>{_alternation(_DATE_PREPOSITIONS)}))\s+$")
_WEAK_MONTH_WORDS = frozenset({"of", "to", "by", "for"})  # too weak for "May" (Theresa May)
_CONNECTOR_GAP = re.compile(rf"\s*(?:,|(?i:and|or|to|through|until|till|and\s+in)|{_D})\s*")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_POSSESSIVE = re.compile(rf"{_AP}s(?![A-Za-z])")
_SENTENCE_START = re.compile(r"[\s\"'\u201c\u2018(\[]*")
_CLAUSE_END = re.compile(rf"[.:;!?\u201c\"]\s*$|{_D}\s*$")
_PRECEDING_WORD = re.compile(r"([A-Za-z]+)\s+$")
_RANGE_START = re.compile(r"(?i:(?<![A-Za-z])(?P<w>between|from))\s+$")
_AND_GAP = re.compile(r"\s+(?i:and)\s+")
_TO_GAP = re.compile(rf"\s*(?:(?i:to|until|till|through|thru)\s|{_D})\s*")
_SPORT_PERIOD = re.compile(r"\s+(?i:of|in)\s+(?:(?i:the|this|that)\s+)?(?i:game|match|contest)\b")
_SINCE_PREV = re.compile(r"(?i:(?<![A-Za-z])(?P<w>since))\s+$")
_TIME_GAP = re.compile(r"\s*,?\s*(?:(?i:at|on|from|by|around)\s+)?")


# --------------------------------------------------------------------------- #
# Calendar helpers
# --------------------------------------------------------------------------- #


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), _month_end(year, month)


def _shift_month(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + k
    return index // 12, index % 12 + 1


def _shift(day: date, unit: str, k: int) -> date:
    """``day`` moved by ``k`` units (month arithmetic clamps the day of month)."""
    if unit == "day":
        return day + timedelta(days=k)
    if unit == "hour":
        return day + timedelta(days=(k + 23) // 24 if k >= 0 else -((-k + 23) // 24))
    if unit == "week":
        return day + timedelta(weeks=k)
    months = k * {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit]
    year, month = _shift_month(day.year, day.month, months)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _calendar_unit(day: date, unit: str) -> tuple[date, date]:
    """The calendar day / ISO week / month / quarter / year / decade containing ``day``."""
    if unit in ("day", "hour"):
        return day, day
    if unit == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if unit == "month":
        return _month_span(day.year, day.month)
    if unit == "quarter":
        first = (day.month - 1) // 3 * 3 + 1
        return date(day.year, first, 1), _month_end(day.year, first + 2)
    if unit == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    start = day.year // 10 * 10
    return date(start, 1, 1), date(start + 9, 12, 31)


def _part(unit: str, lo: date, hi: date, which: str) -> tuple[date, date, str]:
    """Early / mid / late third of a calendar period, with its granularity."""
    index = {"early": 0, "mid": 1, "late": 2}[which]
    if unit == "year":
        first, last = ((1, 4), (5, 8), (9, 12))[index]
        return date(lo.year, first, 1), _month_end(lo.year, last), "quarter"
    if unit == "month":
        first, last = ((1, 10), (11, 20), (21, hi.day))[index]
        return lo.replace(day=first), lo.replace(day=last), "week"
    if unit == "decade":
        first, last = ((0, 3), (4, 6), (7, 9))[index]
        return date(lo.year + first, 1, 1), date(lo.year + last, 12, 31), "year"
    first, last = ((0, 1), (2, 3), (4, 6))[index]  # week
    return lo + timedelta(days=first), lo + timedelta(days=last), "day"


def _weekday_date(reference: date, weekday: int, mode: str) -> date:
    """Resolve a weekday: mode is on_or_before, before, on_or_after, after or this_week."""
    back = (reference.weekday() - weekday) % 7
    ahead = (weekday - reference.weekday()) % 7
    if mode == "on_or_before":
        return reference - timedelta(days=back)
    if mode == "before":
        return reference - timedelta(days=back or 7)
    if mode == "on_or_after":
        return reference + timedelta(days=ahead)
    if mode == "after":
        return reference + timedelta(days=ahead or 7)
    return reference - timedelta(days=reference.weekday() - weekday)


def _month_number(token: str) -> int:
    return _MONTHS[token.lower().rstrip(".")]


def _count(token: str) -> int | None:
    """Parse a count ("3", "two", "a couple of"); None for vague words ("few")."""
    words = token.lower().split()
    if words[0].isdigit():
        return int(words[0])
    words = [w for w in words if w not in ("a", "of")] or ["a"]
    if words[-1] == "hundred":
        return 100
    return _NUMBER_WORDS.get(words[0])


def _unit(token: str) -> str:
    unit = token.lower()
    return unit[:-1] if unit.endswith("s") else unit


def _before(sentence: str, pos: int) -> str:
    return sentence[max(0, pos - _BEFORE_SPAN) : pos]


# --------------------------------------------------------------------------- #
# Matching
# --------------------------------------------------------------------------- #


class _Hit:
    """A resolved candidate span; kind is 'time', 'year', 'month', 'weekday' or 'other'."""

    __slots__ = ("end", "gran", "hi", "implicit", "kind", "lo", "start")

    def __init__(
        self,
        start: int,
        end: int,
        lo: date | None,
        hi: date | None,
        gran: str,
        kind: str = "other",
        implicit: bool = False,
    ) -> None:
        self.start = start
        self.end = end
        self.lo = lo
        self.hi = hi
        self.gran = gran
        self.kind = kind
        self.implicit = implicit  # year was inferred from the reference date


class _Context:
    __slots__ = ("hits", "reference", "sentence")

    def __init__(self, sentence: str, reference: date | None) -> None:
        self.sentence = sentence
        self.reference = reference
        self.hits: list[_Hit] = []

    def is_future(self, start: int, end: int) -> bool:
        """Does the sentence read as future tense for the expression at start:end?"""
        s = self.sentence
        marker = None
        for marker in _FUTURE.finditer(s, 0, start):  # noqa: B007 - keep the last one
            pass
        if marker is not None:
            return _PAST_REPORTING.search(s, marker.end(), start) is None
        if _LEADING.fullmatch(s, 0, start):
            marker = _FUTURE.search(s, end, end + 80)
            return marker is not None and not _PAST_REPORTING.search(s, end, marker.start())
        return False

    def follows_connected(self, start: int, grans: tuple[str, ...]) -> bool:
        """Is the previous hit of one of ``grans`` joined to ``start`` by and/or/to/-?"""
        if not self.hits:
            return False
        prev = self.hits[-1]
        return prev.gran in grans and _CONNECTOR_GAP.fullmatch(self.sentence, prev.end, start)


def _implicit_month(ctx: _Context, month: int, prefix: str | None, start: int, end: int) -> int:
    """Year of a month named without a year."""
    ref = ctx.reference
    assert ref is not None
    prefix = " ".join(prefix.lower().split()) if prefix else None
    if prefix in ("last", "this past"):
        return ref.year if month < ref.month else ref.year - 1
    if prefix in ("next", "this coming", "coming"):
        return ref.year if month > ref.month else ref.year + 1
    if prefix == "this":
        return ref.year
    if ctx.is_future(start, end):
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


def _implicit_day(ctx: _Context, month: int, day: int, start: int, end: int) -> int:
    """Year of a month-day named without a year."""
    ref = ctx.reference
    assert ref is not None
    key, ref_key = (month, day), (ref.month, ref.day)
    if ctx.is_future(start, end):
        return ref.year if key >= ref_key else ref.year + 1
    return ref.year if key <= ref_key else ref.year - 1


def _day_hit(
    ctx: _Context, m: re.Match, mon: str, d1: str, d2: str | None, y: str | None
) -> _Hit | None:
    month = _month_number(m[mon])
    first = int(m[d1].rstrip("stndrh"))
    last = int(m[d2].rstrip("stndrh")) if m[d2] else first
    if last < first:
        return None
    if m[y]:
        year, implicit = int(m[y]), False
    elif ctx.reference is None:
        return None
    else:
        year, implicit = _implicit_day(ctx, month, first, m.start(), m.end()), True
    return _Hit(m.start(), m.end(), date(year, month, first), date(year, month, last), "day",
                implicit=implicit)  # fmt: skip


def _h_iso(m: re.Match, ctx: _Context) -> _Hit | None:
    day = date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
    return _Hit(m.start(), m.end(), day, day, "day")


def _h_num(m: re.Match, ctx: _Context) -> _Hit | None:
    a, b, y = int(m["num_a"]), int(m["num_b"]), m["num_y"]
    year = int(y) if len(y) == 4 else 2000 + int(y)
    month, day = (a, b) if a <= 12 else (b, a)  # US order unless impossible
    value = date(year, month, day)
    return _Hit(m.start(), m.end(), value, value, "day")


def _h_yrange(m: re.Match, ctx: _Context) -> _Hit | None:
    first, second = int(m["yrange_a"]), m["yrange_b"]
    if len(second) == 2:
        last = first // 100 * 100 + int(second)
        if last <= first:
            last += 100
    else:
        last = int(second)
    if not 0 < last - first <= (10 if len(second) == 2 else 200):
        return None
    if _is_quantity(ctx.sentence, m.end()):
        return None
    return _Hit(m.start(), m.end(), date(first, 1, 1), date(last, 12, 31), "year", kind="year")


def _h_md(m: re.Match, ctx: _Context) -> _Hit | None:
    return _day_hit(ctx, m, "md_mon", "md_d", "md_d2", "md_y")


def _h_dm(m: re.Match, ctx: _Context) -> _Hit | None:
    return _day_hit(ctx, m, "dm_mon", "dm_d", "dm_d2", "dm_y")


def _qualified_year(m: re.Match, ctx: _Context, p: str, *years: str) -> int | None:
    """Year from a year qualifier group set; the reference year when absent."""
    for name in (f"{p}_y", *years):
        if m[name]:
            return int(m[name])
    ref = ctx.reference
    if ref is None:
        return None
    if m[f"{p}_r"]:
        return ref.year + {"last": -1, "this": 0, "next": 1}[m[f"{p}_r"].lower()]
    return ref.year


def _implicit_quarter(ctx: _Context, quarter: int, start: int, end: int) -> int:
    """Year of a quarter named without one: the latest begun, or in the future the next."""
    ref = ctx.reference
    assert ref is not None
    current = (ref.month - 1) // 3 + 1
    if ctx.is_future(start, end):
        return ref.year if quarter >= current else ref.year + 1
    return ref.year if quarter <= current else ref.year - 1


def _h_qt(m: re.Match, ctx: _Context) -> _Hit | None:
    if _SPORT_PERIOD.match(ctx.sentence, m.end()):
        return None  # "the first quarter of the game"
    if m["qt_n"]:
        quarter = int(m["qt_n"])
        year = 2000 + int(m["qt_yy"]) if m["qt_yy"] else _qualified_year(m, ctx, "qt", "qt_y3")
    else:
        ordinal = m["qt_o"].lower()
        qualified = m.end() > m.end("qt_o") + m[0][m.end("qt_o") - m.start() :].lower().index(
            "quarter"
        ) + len("quarter")
        if ordinal == "last" and not qualified:  # "the last quarter": the previous one
            ref = ctx.reference
            if ref is None:
                return None
            lo, hi = _calendar_unit(_shift(ref, "quarter", -1), "quarter")
            return _Hit(m.start(), m.end(), lo, hi, "quarter")
        quarter = 4 if ordinal == "last" else _QUARTER_ORDINALS[ordinal]
        year = _qualified_year(m, ctx, "qt", "qt_y2")
        if year is not None and not (m["qt_y"] or m["qt_r"] or m["qt_y2"]):
            year = _implicit_quarter(ctx, quarter, m.start(), m.end())
    if year is None:
        return None
    lo, hi = _calendar_unit(date(year, 3 * quarter, 1), "quarter")
    return _Hit(m.start(), m.end(), lo, hi, "quarter")


def _h_hf(m: re.Match, ctx: _Context) -> _Hit | None:
    half = int(m["hf_n"]) if m["hf_n"] else _HALF_ORDINALS[m["hf_o"].lower()]
    year = _qualified_year(m, ctx, "hf", "hf_y2")
    if year is None:
        return None
    if half == 1:
        return _Hit(m.start(), m.end(), date(year, 1, 1), date(year, 6, 30), "quarter")
    return _Hit(m.start(), m.end(), date(year, 7, 1), date(year, 12, 31), "quarter")


def _decade_start(m: re.Match, ctx: _Context, p: str) -> int:
    if m[f"{p}_c"]:
        return int(m[f"{p}_c"]) * 100 + int(m[f"{p}_d"]) * 10
    tens = int(m[f"{p}_yy"]) * 10
    ref = ctx.reference
    if ref is None:
        return (1900 if tens >= 30 else 2000) + tens
    century = ref.year // 100 * 100
    return century + tens if century + tens <= ref.year // 10 * 10 else century - 100 + tens


def _h_pt(m: re.Match, ctx: _Context) -> _Hit | None:
    word = next(w for w in m["pt_w"].lower().split() if w != "the")
    which = {"start": "early", "beginning": "early", "middle": "mid", "end": "late"}.get(word, word)
    ref = ctx.reference
    if m["pt_dec"]:
        start = _decade_start(m, ctx, "ptd")
        unit, lo, hi = "decade", date(start, 1, 1), date(start + 9, 12, 31)
    elif m["pt_mon"]:
        month = _month_number(m["pt_mon"])
        if m["pt_my"]:
            year = int(m["pt_my"])
        elif ref is None:
            return None
        else:
            year = _implicit_month(ctx, month, None, m.start(), m.end())
        unit, (lo, hi) = "month", _month_span(year, month)
    elif m["pt_y"]:
        unit, lo, hi = "year", date(int(m["pt_y"]), 1, 1), date(int(m["pt_y"]), 12, 31)
    elif ref is None:
        return None
    else:
        unit = (m["pt_u"] or m["pt_u2"]).lower()
        offset = {"last": -1, "next": 1}.get((m["pt_r"] or "this").lower(), 0)
        lo, hi = _calendar_unit(_shift(ref, unit, offset), unit)
    lo, hi, gran = _part(unit, lo, hi, which)
    return _Hit(m.start(), m.end(), lo, hi, gran)


def _h_el(m: re.Match, ctx: _Context) -> _Hit | None:
    ref = ctx.reference
    if ref is None:
        return None
    if not m["el_w"]:  # year to date
        return _Hit(m.start(), m.end(), date(ref.year, 1, 1), ref, "year")
    unit = m["el_u"].lower()
    offset = {"last": -1, "next": 1}.get((m["el_r"] or "this").lower(), 0)
    lo, hi = _calendar_unit(_shift(ref, unit, offset), unit)
    if offset == 0:
        if m["el_w"].lower() == "later":
            lo = ref
        else:
            hi = ref
    return _Hit(m.start(), m.end(), lo, hi, unit)


def _h_we(m: re.Match, ctx: _Context) -> _Hit | None:
    ref = ctx.reference
    if ref is None:
        return None
    prefix = " ".join(m["we_p"].lower().split())
    saturday = _weekday_date(ref, 5, "this_week")
    if prefix == "last":
        saturday -= timedelta(days=7)
    elif prefix in ("next", "this coming", "coming"):
        saturday = _weekday_date(ref, 5, "after")
    elif prefix == "this past":
        saturday = _weekday_date(ref, 5, "before")
    elif prefix == "the" and not ctx.is_future(m.start(), m.end()):
        saturday = _weekday_date(ref, 5, "on_or_before")
    return _Hit(m.start(), m.end(), saturday, saturday + timedelta(days=1), "day")


def _h_rp(m: re.Match, ctx: _Context) -> _Hit | None:
    ref = ctx.reference
    if ref is None:
        return None
    word = m["rp_w"].lower()
    token = m["rp_u"].lower()
    unit, plural = _unit(token), token.endswith("s")
    count = _count(m["rp_n"]) if m["rp_n"] else None
    if word in ("this", "current"):
        if m["rp_n"] or plural:
            return None
        return _Hit(m.start(), m.end(), *_calendar_unit(ref, unit), unit)
    if not m["rp_n"] and not plural:
        calendar_unit = unit == "quarter" or (not m["rp_the"] and unit != "decade")
        if calendar_unit and word != "past":
            offset = -1 if word == "last" else 1
            return _Hit(m.start(), m.end(), *_calendar_unit(_shift(ref, unit, offset), unit), unit)
        count = 1
    elif count is None:
        count = 1 if not plural else _VAGUE_COUNT[unit]
    if unit == "hour":
        if word in ("last", "past"):
            return _Hit(m.start(), m.end(), _shift(ref, unit, -count), ref, "day")
        return _Hit(m.start(), m.end(), ref, _shift(ref, unit, count), "day")
    # A window of exactly `count` units that ends (or starts) with the reference day.
    one_day = timedelta(days=1)
    if word in ("last", "past"):
        return _Hit(m.start(), m.end(), _shift(ref, unit, -count) + one_day, ref, unit)
    return _Hit(m.start(), m.end(), ref, _shift(ref, unit, count) - one_day, unit)


def _h_rc(m: re.Match, ctx: _Context) -> _Hit | None:
    ref = ctx.reference
    if ref is None:
        return None
    unit = _unit(m["rc_u"])
    return _Hit(m.start(), m.end(), _shift(ref, unit, -_VAGUE_COUNT[unit]), ref, unit)


def _h_ag(m: re.Match, ctx: _Context) -> _Hit | None:
    ref = ctx.reference
    count = _count(m["ag_n"])
    if ref is None or count is None:
        return None
    unit = _unit(m["ag_u"])
    point = _shift(ref, unit, -count)
    lo, hi = _calendar_unit(point, "year" if unit == "decade" else unit)
    return _Hit(m.start(), m.end(), lo, hi, unit)


def _h_dw(m: re.Match, ctx: _Context) -> _Hit | None:
    ref = ctx.reference
    if ref is None:
        return None
    s, start = ctx.sentence, m.start()
    word = " ".join(m["dw_w"].lower().split())
    # Capitalised mid-sentence it is a name: "USA Today", "the Today programme".
    if (
        word in ("today", "tonight")
        and m["dw_w"][0] == "T"
        and not _SENTENCE_START.fullmatch(s, 0, start)
        and not _CLAUSE_END.search(_before(s, start))
    ):
        return None
    offset = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "last night": -1,
        "tomorrow": 1,
        "the day after tomorrow": 2,
    }.get(word, 0)
    day = ref + timedelta(days=offset)
    return _Hit(start, m.end(), day, day, "day")


def _h_wd(m: re.Match, ctx: _Context) -> _Hit | None:
    ref = ctx.reference
    if ref is None:
        return None
    s = ctx.sentence
    weekday = _WEEKDAYS[m["wd_n"].lower()]
    prefix = " ".join(m["wd_p"].lower().split()) if m["wd_p"] else None
    if prefix is None:
        prev = _PRECEDING_WORD.search(_before(s, m.start()))
        nxt = _NEXT_WORD.match(s, m.end("wd_n"))
        if (prev and prev[1].lower() in _NAMED_DAY_PREFIXES and prev[1][0].isupper()) or (
            nxt and nxt[1][0].isupper() and nxt[1].lower() in _PAPER_SUFFIXES
        ):
            return None  # Good Friday, Super Tuesday, the Sunday Times
        future = ctx.is_future(m.start(), m.end())
        mode = "on_or_after" if future else "on_or_before"
    elif prefix in ("last", "this past"):
        mode = "before"
    elif prefix in ("next", "this coming", "coming"):
        mode = "after"
    else:  # this
        day = _weekday_date(ref, weekday, "this_week")
        if day < ref and ctx.is_future(m.start(), m.end()):
            day += timedelta(days=7)
        return _Hit(m.start(), m.end(), day, day, "day", kind="weekday")
    day = _weekday_date(ref, weekday, mode)
    return _Hit(m.start(), m.end(), day, day, "day", kind="weekday")


def _h_dc(m: re.Match, ctx: _Context) -> _Hit | None:
    start = _decade_start(m, ctx, "dc")
    return _Hit(m.start(), m.end(), date(start, 1, 1), date(start + 9, 12, 31), "decade")


def _h_my(m: re.Match, ctx: _Context) -> _Hit | None:
    lo, hi = _month_span(int(m["my_y"]), _month_number(m["my_mon"]))
    return _Hit(m.start(), m.end(), lo, hi, "month", kind="month")


def _h_mo(m: re.Match, ctx: _Context) -> _Hit | None:
    if ctx.reference is None:
        return None
    name = m["mo_m"]
    prefix = m["mo_p"]
    if prefix is None and not ctx.follows_connected(m.start(), ("month",)):
        prev = _MONTH_PREV.search(_before(ctx.sentence, m.start()))
        if prev is None or (name == "May" and prev["w"].lower() in _WEAK_MONTH_WORDS):
            return None
    month = _month_number(name)
    if m["mo_s"]:  # "April last year"
        year = ctx.reference.year + {"last": -1, "this": 0, "next": 1}[m["mo_s"].lower()]
    else:
        year = _implicit_month(ctx, month, prefix, m.start(), m.end())
    lo, hi = _month_span(year, month)
    return _Hit(m.start(), m.end(), lo, hi, "month", kind="month", implicit=True)


def _h_ye(m: re.Match, ctx: _Context) -> _Hit | None:
    """A year before another time: resolved against that time (_apply_year_earlier)."""
    year = int(m["ye_y"]) if m["ye_y"] else None
    return _Hit(m.start(), m.end(), None, None, "year", kind="earlier", implicit=year is not None)


def _h_mr(m: re.Match, ctx: _Context) -> _Hit | None:
    """A run of months: "the October-to-December period" ends in the last one's year."""
    first, last = _month_number(m["mr_a"]), _month_number(m["mr_b"])
    if m["mr_y"]:
        year = int(m["mr_y"])
    elif ctx.reference is None:
        return None
    elif m["mr_s"]:  # "January-May last year"
        year = ctx.reference.year + {"last": -1, "this": 0, "next": 1}[m["mr_s"].lower()]
    else:
        year = _implicit_month(ctx, last, None, m.start(), m.end())
    lo = date(year if first <= last else year - 1, first, 1)
    return _Hit(m.start(), m.end(), lo, _month_end(year, last), "month")


def _h_tw(m: re.Match, ctx: _Context) -> _Hit | None:
    """ "the year to March": the twelve months ending with March (or N months, quarters)."""
    count = 12
    if m["tw_n"]:
        count = (_count(m["tw_n"]) or 0) * (3 if m["tw_u"].lower() == "quarters" else 1)
        if not count:
            return None
    month = _month_number(m["tw_m"])
    if m["tw_y"]:
        year = int(m["tw_y"])
    elif ctx.reference is None:
        return None
    else:
        year = _implicit_month(ctx, month, None, m.start(), m.end())
    first_year, first_month = _shift_month(year, month, 1 - count)
    return _Hit(
        m.start(), m.end(), date(first_year, first_month, 1), _month_end(year, month), "month"
    )


def _h_sn(m: re.Match, ctx: _Context) -> _Hit | None:
    """A season, by the northern meteorological calendar (summer is June to August)."""
    first = _SEASON_START[m["sn_s"].lower()]
    prefix = " ".join(m["sn_p"].lower().split())
    ref = ctx.reference
    if m["sn_y"]:
        year = int(m["sn_y"])
    elif ref is None:
        return None
    else:
        year = ref.year - (first == 12 and ref.month <= 2)  # this winter began last December
        end = _month_end(*_shift_month(year, first, 2))
        if prefix in ("last", "this past") and end >= ref:
            year -= 1
        elif prefix in ("next", "this coming") and date(year, first, 1) <= ref:
            year += 1
    last_year, last_month = _shift_month(year, first, 2)
    return _Hit(
        m.start(), m.end(), date(year, first, 1), _month_end(last_year, last_month), "quarter"
    )


def _h_fy(m: re.Match, ctx: _Context) -> _Hit | None:
    token = m["fy_y"] or m["fy_y2"]
    year = int(token) if len(token) == 4 else 2000 + int(token)
    return _Hit(m.start(), m.end(), date(year, 1, 1), date(year, 12, 31), "year", kind="year")


def _is_quantity(sentence: str, end: int) -> bool:
    after = sentence[end : end + 12].lstrip()
    if after.startswith("%"):
        return True
    nxt = _NEXT_WORD.match(sentence, end)
    return bool(nxt and nxt[1].lower() in _QUANTITY_NOUNS)


def _h_yr(m: re.Match, ctx: _Context) -> _Hit | None:
    s, start, end = ctx.sentence, m.start(), m.end()
    year = int(m["yr_y"])
    hit = _Hit(start, end, date(year, 1, 1), date(year, 12, 31), "year", kind="year")
    if _POSSESSIVE.match(s, end):
        return hit
    if _is_quantity(s, end):
        return None
    before = _before(s, start)
    nxt = _NEXT_WORD.match(s, end)
    next_word = nxt[1] if nxt else ""
    if (
        _YEAR_PREV.search(before)
        or next_word.lower() in _EVENT_WORDS
        or (not next_word and _COMPARISON_PREV.search(before))
        or (
            next_word
            and _DETERMINER_PREV.search(before)
            and not (year % 100 == 0 and next_word.endswith("s"))  # "the 2000 marchers"
        )
        or (next_word in _SENTENCE_START_VERBS and _SENTENCE_START.fullmatch(s, 0, start))
        or ctx.follows_connected(start, ("year", "decade"))
    ):
        return hit
    return None


def _h_tm(m: re.Match, ctx: _Context) -> _Hit | None:
    if m["tm_ap"] and not 1 <= int(m["tm_h"]) <= 12:
        return None
    return _Hit(m.start(), m.end(), None, None, "day", kind="time")


_HANDLERS: dict[str, Callable[[re.Match, _Context], _Hit | None]] = {
    "iso": _h_iso,
    "num": _h_num,
    "yrange": _h_yrange,
    "md": _h_md,
    "dm": _h_dm,
    "qt": _h_qt,
    "hf": _h_hf,
    "pt": _h_pt,
    "el": _h_el,
    "we": _h_we,
    "rp": _h_rp,
    "rc": _h_rc,
    "ag": _h_ag,
    "dw": _h_dw,
    "wd": _h_wd,
    "dc": _h_dc,
    "my": _h_my,
    "ye": _h_ye,
    "mr": _h_mr,
    "tw": _h_tw,
    "sn": _h_sn,
    "mo": _h_mo,
    "fy": _h_fy,
    "yr": _h_yr,
    "tm": _h_tm,
}


# --------------------------------------------------------------------------- #
# Post-processing passes
# --------------------------------------------------------------------------- #


def _coarser(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def _merge_ranges(sentence: str, hits: list[_Hit]) -> list[_Hit]:
    """Join "between X and Y" / "from X to Y" into one hit."""
    out: list[_Hit] = []
    i = 0
    while i < len(hits):
        a = hits[i]
        if i + 1 < len(hits):
            b = hits[i + 1]
            opener = _RANGE_START.search(_before(sentence, a.start))
            joined = (
                opener is not None
                and (a.kind == "time") == (b.kind == "time")
                and (_AND_GAP if opener["w"].lower() == "between" else _TO_GAP).fullmatch(
                    sentence, a.end, b.start
                )
            )
            if joined:
                merged = _join(a, b)
                if merged is not None:
                    merged.start = a.start - len(_before(sentence, a.start)) + opener.start()
                    out.append(merged)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _join(a: _Hit, b: _Hit) -> _Hit | None:
    if a.kind == "time":
        return _Hit(a.start, b.end, None, None, "day", kind="time")
    lo, hi = a.lo, b.hi
    if lo is None or hi is None:
        return None
    if hi < lo and b.kind == "weekday":  # "from Friday to Monday"
        hi += timedelta(days=7 * ((lo - hi).days // 7 + 1))
    if hi < lo:
        if not b.implicit:
            return None
        try:
            hi = hi.replace(year=hi.year + 1)
        except ValueError:  # Feb 29
            hi = hi.replace(year=hi.year + 1, day=28)
        if hi < lo:
            return None
    kind = a.kind if a.kind == b.kind else "other"
    return _Hit(a.start, b.end, lo, hi, _coarser(a.gran, b.gran), kind=kind)


def _apply_since(sentence: str, hits: list[_Hit], reference: date | None) -> None:
    """Extend "since X" to run from X to the reference date."""
    if reference is None:
        return
    for hit in hits:
        if hit.kind == "time" or hit.lo is None or hit.lo > reference:
            continue
        before = _before(sentence, hit.start)
        since = _SINCE_PREV.search(before)
        if since:
            hit.start = hit.start - len(before) + since.start()
            hit.hi = reference


def _apply_year_earlier(sentence: str, hits: list[_Hit], reference: date | None) -> None:
    """ "down from 461 a year earlier": the same span as the sentence's other time, a
    year before (or in the year named: "the same period of 2017"); with no other
    time, the year before the reference."""
    anchors = [h for h in hits if h.kind != "earlier" and h.lo is not None]
    for hit in (h for h in hits if h.kind == "earlier"):
        before = [a for a in anchors if a.end <= hit.start] or anchors
        anchor = before[-1] if before else None
        named = re.search(r"\d{4}", sentence[hit.start : hit.end])
        if anchor is not None and anchor.lo and anchor.hi:
            shift = int(named.group()) - anchor.hi.year if named else -1
            hit.lo, hit.hi = _shift(anchor.lo, "year", shift), _shift(anchor.hi, "year", shift)
            hit.gran = anchor.gran
        elif reference is not None and not named:
            hit.lo, hit.hi = _calendar_unit(_shift(reference, "year", -1), "year")


def _settle_times(sentence: str, hits: list[_Hit], reference: date | None) -> list[_Hit]:
    """Date times of day: alone they are the reference day; next to a day they join it."""
    if all(h.kind == "time" for h in hits):
        if reference is None:
            return []
        for hit in hits:
            hit.lo = hit.hi = reference
        return hits
    out: list[_Hit] = []
    pending: _Hit | None = None  # a time waiting for a following day-level date
    for hit in hits:
        if hit.kind == "time":
            prev = out[-1] if out else None
            if prev and prev.gran == "day" and _TIME_GAP.fullmatch(sentence, prev.end, hit.start):
                prev.end = hit.end
            else:
                pending = hit
            continue
        if pending and hit.gran == "day" and _TIME_GAP.fullmatch(sentence, pending.end, hit.start):
            hit.start = pending.start
        pending = None
        out.append(hit)
    return out


def extract_time_references(sentence: str, reference: date | None) -> list[TimeReference]:
    """Find the time references in one sentence and resolve them to date intervals.

    ``reference`` is the article's publication date; relative expressions
    ("last month", "on Wednesday", "in September") need it and are skipped when
    it is None.  Results are in sentence order and never overlap.  See the module
    docstring for the conventions used for ambiguous expressions.
    """
    if not sentence:
        return []
    ctx = _Context(sentence, reference)
    hits = ctx.hits
    consumed = 0
    for candidate in _CANDIDATE.finditer(sentence):
        pos = candidate.start()
        if pos < consumed:
            continue
        match = _MASTER.match(sentence, pos)
        if match is None:
            continue
        try:
            hit = _HANDLERS[match.lastgroup or ""](match, ctx)
        except (ValueError, OverflowError, KeyError):  # impossible dates, out-of-range years
            hit = None
        if hit is not None:
            hits.append(hit)
            consumed = match.end()
    if not hits:
        return []
    hits = _merge_ranges(sentence, hits)
    _apply_since(sentence, hits, reference)
    _apply_year_earlier(sentence, hits, reference)
    hits = _settle_times(sentence, hits, reference)
    return [
        TimeReference(sentence[h.start : h.end], h.lo, h.hi, h.gran, h.start, h.end)
        for h in hits
        if h.lo is not None and h.hi is not None
    ]
