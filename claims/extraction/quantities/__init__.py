"""Rule-based extraction of quantities from one English sentence.

Built for fact-checking news copy: it runs on every sentence of every article, so
it is offline, uses only precompiled regular expressions and small tables, and
rejects the common sentence without digits or number words after two regex scans
that skip ahead in C (one for digits, one for number words).

What counts as a quantity
    A number (digits, spelled-out words, fractions, scientific notation) with
    what it measures: a measurement unit ("km", "degrees Celsius"), a currency
    ("$", "euros", ISO code), "percent"/"percentage point", or the counted noun
    that follows it ("1,000 containers" -> "container"; the head of a short noun
    phrase, singular: "two previous failed attempts" -> "attempt"). A bare number
    has unit "". "a"/"an" before a measurement unit counts one ("a gallon"), but
    not before a time unit ("a year ago") or a unit that also names something
    else ("a foot injury"). A unit symbol that is also a common word counts
    only in its clear context: "2 TB of data" but "10,000 TB cases" (case),
    "1cds" but "40 cd players" (player), "a size of 2.1 pm" but "closed at 4.5
    pm" (a time). Calendar years, dates, clock times, ordinals, scores and vote
    tallies, phone numbers, addresses, names and codes ("Voyager 2", "COVID-19",
    "F-16", "G7", "Boeing 737", "the 787 Dreamliner", "10 Downing Street", "40
    W. 57th St.") are not quantities; a bare 4-digit number from 1800 to 2100
    is a year unless a currency, a unit, a counting comparator ("more than") or
    a plural noun ("2000 people", but not "compared with 2018 levels") says
    otherwise.

How bounds are reported (``comparator``, ``lower``, ``upper``)
    "="   exact: lower == upper == value ("1,000 containers").
    ">"   "more than", "over", "above", "exceeding": lower = value, upper None.
    ">="  "at least", "no fewer than", "or more", "65+": lower = value.
    "<"   "less than", "fewer than", "under", "below": upper = value.
    "<="  "up to", "as many as", "no more than", "at most": upper = value.
    "~"   "about", "around", "roughly", "approximately", "some", "close to",
          "an estimated": no bounds. "nearly"/"almost" are also "~" but set
          upper = value (the true figure is close to, and not above, the number).
          Vague plurals ("thousands of", "dozens of", "several hundred") are "~"
          with value = lower = the scale (1000, 12, 100) and no upper bound.

Ranges and lists
    "between 5 and 10 people", "5 to 10", "5-10 percent", "8- to 16-meter" give
    lower = 5, upper = 10 and value = lower: ``value`` is always a number stated
    in the text, never an invented midpoint (midpoint = (lower + upper) / 2 if a
    caller wants it). A "+/-" uncertainty keeps the stated central value and
    sets lower/upper to value -/+ uncertainty. A change is not a range: "rose
    from 5% to 7%" and "fell 0.5% to 3.2%" give two quantities, an old and a new
    figure. In "45 and 50 mg" or "two or three days" the bare number takes the
    unit of the next one. "one in five adults" is the ratio 0.2.

Offsets
    ``start``/``end`` index the original sentence and ``sentence[start:end] ==
    text`` always holds: normalisation (unicode dashes and spaces, control
    characters, ASCII case) maps characters one-to-one, never changing length.

The parser is a sequence of named steps, each a module of this package:
numbers and spelled (1: scan numbers), units (2: read scale and unit), bounds (3: read
comparator and range), nouns (4: attach the counted noun); exclusions says
which numbers are dates, times, names or codes; parse runs the steps in order.
"""

from .nouns import looks_plural
from .parse import extract_quantities
from .quantity import Quantity
from .units import unit_kind

__all__ = ["Quantity", "extract_quantities", "looks_plural", "unit_kind"]
