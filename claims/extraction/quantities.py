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
    not before a time unit ("a year ago"). Calendar years, dates, clock times,
    ordinals, scores and vote tallies, phone numbers, names and codes ("Voyager 2",
    "COVID-19", "F-16", "G7", "Boeing 737", "10 Downing Street") are not
    quantities; a bare 4-digit number from 1800 to 2100 is a year unless a
    currency, a unit, a counting comparator ("more than") or a plural noun
    ("2000 people", but not "compared with 2018 levels") says otherwise.

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
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck.text import vocabulary
from factcheck.text.vocabulary import alternation

__all__ = ["Quantity", "extract_quantities", "unit_kind"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity found in a sentence.

    Attributes:
        text: the surface text, exactly ``sentence[start:end]``, e.g.
            "more than 1,000 containers".
        value: the stated number, scaled ("$4.5 billion" -> 4.5e9); for a range,
            its lower bound.
        lower: the lowest value the text allows, or None when unbounded below.
        upper: the highest value the text allows, or None when unbounded above.
        comparator: one of "=", ">", ">=", "<", "<=", "~".
        unit: singular unit name ("container", "kilometre", "percent", "USD");
            "" for a bare number.
        start: offset of the first character in the sentence.
        end: offset just past the last character.
    """

    text: str
    value: float
    lower: float | None
    upper: float | None
    comparator: str
    unit: str
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        """Return the quantity as a JSON-ready dict."""
        return {
            "text": self.text,
            "value": self.value,
            "lower": self.lower,
            "upper": self.upper,
            "comparator": self.comparator,
            "unit": self.unit,
            "start": self.start,
            "end": self.end,
        }


# --------------------------------------------------------------------------------------
# Vocabulary helpers: the word lists and tables are data files of the text layer.


def _numbers(name: str) -> dict[str, float]:
    """The table data/<name>.txt with its values read as numbers."""
    return {key: float(value) for key, value in vocabulary.table(name).items()}


def _rev_alt(words: Iterable[str]) -> str:
    """The alternation for matching on a reversed string."""
    return alternation(w[::-1] for w in words)


# --------------------------------------------------------------------------------------
# Normalisation: one character in, one character out, so offsets never move.

_NORM_TABLE: dict[int, str] = {cp: " " for cp in (*range(0x20), *range(0x7F, 0xA0))}
for _chars, _to in (
    ("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a", " "),
    ("\u200b\u2028\u2029\u202f\u205f\u3000\ufeff", " "),
    ("\u2014\u2015", " "),  # em dash and bar separate clauses, never numbers
    ("\u2010\u2011\u2012\u2013\u2212\ufe58\ufe63\uff0d", "-"),
    ("\u2018\u2019\u201b\u2032\u00b4", "'"),
    ("\u201c\u201d\u201e\u2033", '"'),
    ("\u00ba", "\u00b0"),  # masculine ordinal indicator typed for a degree sign
    ("\u03bc", "\u00b5"),  # Greek mu -> micro sign
    ("\u2044\u2215", "/"),  # fraction and division slashes
):
    for _ch in _chars:
        _NORM_TABLE[ord(_ch)] = _to
_ASCII_LOWER = {cp: cp + 32 for cp in range(0x41, 0x5B)}

# --------------------------------------------------------------------------------------
# Number words.

# Cardinals below a hundred ("twenty-five" is a ten and a unit); a larger word
# in the shared table would be a scale, which the parser reads on its own.
_NUMBER_WORDS = {w: v for w, v in _numbers("number_words").items() if v < 100}
_TENS = {w: v for w, v in _NUMBER_WORDS.items() if v >= 20}
_SCALES = _numbers("number_scales")  # thousand, million, lakh ...
_PLURAL_SCALES = _numbers("vague_plurals")  # "thousands of", "dozens of"
# Denominators: "a half", "two thirds", "three quarters", "a hundredth". "second"
# is left out: "one second" is a time.
_FRACTIONS = {"half": 2.0, "halves": 2.0, "quarter": 4.0, "quarters": 4.0}
for _word, _value in _numbers("ordinals").items():
    if _word.isalpha() and _value >= 3:
        _FRACTIONS[_word] = _FRACTIONS[_word + "s"] = _value
# Unicode fraction characters.
_VULGAR = {
    ch: int(top) / int(bottom)
    for ch, (top, _, bottom) in (
        (ch, fraction.partition("/"))
        for ch, fraction in vocabulary.table("vulgar_fractions").items()
    )
}
_VULGAR_CLASS = "".join(_VULGAR)

# Measurement units that "a"/"an" can count as one ("a gallon of beer").
_A_UNITS = vocabulary.words("a_units")

_WTOK = re.compile(r"[a-z]+(?:'s)?")

# Scanners. Each starts with a character class (or a literal per alternative), so the
# regex engine skips ahead in C to candidate characters: together they are also the
# fast path that rejects the common sentence without numbers.
_DIGIT_ATOM = re.compile(
    r"[0-9." + _VULGAR_CLASS + r"]"
    r"(?:(?<=\.)[0-9]+|(?<=[0-9])[0-9]*(?:[,.:/][0-9]+)*|(?<=[" + _VULGAR_CLASS + r"]))"
)
_WORD_STARTS = [
    *(re.escape(w) + "(?![a-z])" for w in _NUMBER_WORDS),
    "an? (?=(?:hundred|" + alternation(_SCALES) + "|dozen|baker's dozen|gross"
    "|square dozen|third|quarter|" + alternation(_A_UNITS) + ")(?![a-z]))",
    "half(?= an? | of )",
    # "scores" alone is a noun ("test scores"): a count only in "scores of".
    *(w + ("(?= of )" if w == "scores" else "(?![a-z])") for w in _PLURAL_SCALES),
    *(
        w + " (?=(?:hundred|" + alternation(_SCALES) + ")s?(?![a-z]))"
        for w in ("several", "a few", "a couple of", "many")
    ),
    "absolute zero(?![a-z])",
]
_WORD_ALT = "|".join(
    re.escape(first) + "(?:" + "|".join(w[1:] for w in _WORD_STARTS if w[0] == first) + ")"
    for first in sorted({w[0] for w in _WORD_STARTS})
)
_WORD_AT = re.compile(_WORD_ALT)  # at the start of the sentence
_WORD_ATOM = re.compile("[^a-z'](" + _WORD_ALT + ")")  # elsewhere, after a non-letter
# Any number starting exactly at a given position (the second end of a range, ...).
_ATOM = re.compile(
    r"(?P<d>[0-9]+(?:[,.:/][0-9]+)*|\.[0-9]+)|(?P<v>["
    + _VULGAR_CLASS
    + r"])|(?P<w>"
    + _WORD_ALT
    + ")"
)
_CTRL = re.compile(r"[\x00-\x1f\x7f]")

# --------------------------------------------------------------------------------------
# Units. Canonical names are singular English names; currencies are ISO 4217 codes.

_MEASURE, _CURRENCY, _PERCENT, _COUNT = "measure", "currency", "percent", "count"

# Whole words, matched case-insensitively: surface -> canonical.
_WORD_UNITS = vocabulary.table("unit_words")
# Phrases: first word -> [(rest of the phrase, canonical)], longest rest first.
_MULTI_WORD_UNITS: dict[str, list[tuple[str, str]]] = {}
for _phrase, _canonical in vocabulary.table("unit_phrases").items():
    _first = re.match(r"[a-z]+", _phrase).group()  # type: ignore[union-attr]
    _MULTI_WORD_UNITS.setdefault(_first, []).append((_phrase[len(_first) :], _canonical))
for _rests in _MULTI_WORD_UNITS.values():
    _rests.sort(key=lambda r: len(r[0]), reverse=True)
# Symbols, matched case-sensitively ("MW" is not "mW").
_SYMBOLS = vocabulary.table("unit_symbols")
# Symbols that take an attached power: "km2", "m^3", "s-1", "fb-1".
_POWERABLE = vocabulary.words("powerable_unit_symbols")
_CURRENCY_CODES = vocabulary.words("currency_codes")
_CURRENCY_SUBUNITS = vocabulary.words("currency_subunits")
_PERCENT_UNITS = frozenset({"percent", "percentage point", "basis point"})
_MEASURE_UNITS = (
    frozenset(
        (
            *_WORD_UNITS.values(),
            *_SYMBOLS.values(),
            *(canonical for rests in _MULTI_WORD_UNITS.values() for _, canonical in rests),
            "picometre",
            "attometre",
            "degree Celsius",
            "degree Fahrenheit",
        )
    )
    - _CURRENCY_CODES
    - _CURRENCY_SUBUNITS
    - _PERCENT_UNITS
)
# After "a"/"an" these read as "per": "$80 a barrel", "three times a week"; but
# not when a word relating it to another time follows ("a year earlier").
_PER_AFTER_A = vocabulary.words("per_units_after_a")
_NOT_PER_AFTER = vocabulary.words("relative_time_words")
_CURRENCY_SYMBOLS = vocabulary.table("currency_symbols")
_CURRENCY_LETTER_PREFIXES = vocabulary.table("currency_prefixes")
_CURRENCY_PREFIXES = {**_CURRENCY_SYMBOLS, **_CURRENCY_LETTER_PREFIXES}


def _comparators() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]], frozenset[str]]:
    """(phrases before a number, phrases after it, phrases after which a year may follow).

    Each phrase maps to (comparator, bounds mode); modes: "=" both bounds, "lo"
    lower bound, "up" upper bound, "~" none, "~up" approximate with an upper bound.
    """
    before, after, year = {}, {}, set()
    for phrase, value in vocabulary.table("comparators").items():
        symbol, mode, *flags = value.split()
        (after if "after" in flags else before)[phrase] = (symbol, mode)
        if "year" in flags:
            year.add(phrase)
    return before, after, frozenset(year)


# After most comparators a 4-digit number is still a count ("more than 2000 people");
# after the prepositional ones ("over", "around", "up to") a bare one reads as a year.
_COMPARATORS, _SUFFIX_COMPARATORS, _YEAR_COMPARATORS = _comparators()

# Left context, matched on the reversed lower-cased sentence from just before the
# number: [between|from] [comparator] [(] [minus|-] [currency] [-] NUMBER
_LEFT_REV = re.compile(
    r"(?P<neg2>-(?![a-z0-9]))?"
    r"(?P<cur> ?(?:" + _rev_alt(_CURRENCY_LETTER_PREFIXES) + r")(?![a-z])"
    r"| ?(?:" + _rev_alt(_CURRENCY_SYMBOLS) + r"))?"
    r"(?P<neg1>-(?![a-z0-9])| +sunim(?![a-z])| +evitagen(?![a-z]))?"
    r"(?P<paren>\()?"
    r"(?: +(?P<cmp>" + _rev_alt(_COMPARATORS) + r")(?![a-z]))?"
    r"(?: +(?P<pre>neewteb|morf)(?![a-z]))?"
)
_COPULA_REV = re.compile(r" +(?:si|saw|era|erew|eb|neeb)(?![a-z])")
_PREV_WORD_REV = re.compile(r"(?P<sp> *)(?P<w>[A-Za-z0-9.&'#-]*[A-Za-z0-9#])")

# Month names and abbreviations as written, an abbreviation (the start of another
# name) also with its full stop: "May 5", "Dec. 27" and "5 Dec" are dates.
_MONTH_KEYS = vocabulary.table("months")
_MONTHS = frozenset(name.capitalize() for name in _MONTH_KEYS) | frozenset(
    name.capitalize() + "."
    for name in _MONTH_KEYS
    if any(other != name and other.startswith(name) for other in _MONTH_KEYS)
)
_MONTH_AFTER = re.compile(rf" (?:{alternation(m.capitalize() for m in _MONTH_KEYS)})\b")
# Words that end the noun phrase after a number ("1,000 of", "50 were", "5 said").
_STOP = vocabulary.words("noun_phrase_stops") | frozenset(_NUMBER_WORDS) | frozenset(_SCALES)
# Capitalised words that do not make the following number a name ("About 40 people",
# "Nearly 300"): those, the words of comparators, and "Last"/"Next" ("Last 5 games").
_FUNCTION_WORDS = (
    _STOP
    | {word for phrase in _COMPARATORS for word in phrase.rstrip(".").split()}
    | {"last", "next"}
)
_ID_PREFIXES = vocabulary.words("id_prefixes")
# Words before a 4-digit number that make it a year ("in 2000", "the 2020 race").
_YEAR_PREPOSITIONS = (
    vocabulary.words("date_prepositions")
    | vocabulary.words("seasons")
    | vocabulary.words("determiners")
    | vocabulary.words("year_cue_words")
)
_CHANGE_VERBS = vocabulary.words("change_verbs")
_AUXILIARIES = vocabulary.words("auxiliary_verbs")
# Words skipped between a number and its noun without ending the noun phrase.
_SKIPPED_ADJECTIVES = vocabulary.words("count_adjectives")
_INCH_NEXT = vocabulary.words("inch_next_words")
# Time zones of three letters or more: "ET", "MT" and "PT" are also "et al.",
# megatonnes and pints.
_ZONES = (z.lower() for z in vocabulary.words("time_zone_words") if z.isupper() and len(z) > 2)
_TIME_MARKER = re.compile(rf" ?(?:a\.m\.?|p\.m\.?|am|pm|o'clock|{alternation(_ZONES)})(?![a-z])")

# --------------------------------------------------------------------------------------
# Singular forms of counted nouns.

_IRREGULAR_PLURALS = vocabulary.table("irregular_plurals")  # people -> person
_SAME_PLURALS = vocabulary.words("invariant_plurals")  # police, staff, data
_NOT_PLURAL = vocabulary.words("not_plurals")  # news, bus, always
# Singulars a suffix rule would cut: "specimen", "movie" (movies), "headache".
_SINGULAR_EXCEPTIONS = vocabulary.words("singular_exceptions")
_NOUN_LY = vocabulary.words("ly_nouns")  # family, supply: not adverbs


def looks_plural(word: str) -> bool:
    """Whether a lower-case English noun reads as a plural ("containers", "people", "data")."""
    if word in _IRREGULAR_PLURALS or word in _SAME_PLURALS:
        return True
    if word.endswith("men"):
        return word not in _SINGULAR_EXCEPTIONS  # "women", "firemen"
    return (
        len(word) > 2
        and word[-1] == "s"
        and not word.endswith(("ss", "us", "is", "'s"))
        and word not in _NOT_PLURAL
    )


def _singular(word: str) -> str:
    """Singular form of a lower-case English noun (table of irregulars + suffix rules)."""
    irregular = _IRREGULAR_PLURALS.get(word)
    if irregular is not None:
        return irregular
    if word.endswith("men") and word not in _SINGULAR_EXCEPTIONS:
        return word[:-3] + "man"
    if (
        word in _SAME_PLURALS
        or word in _NOT_PLURAL
        or not word.endswith("s")
        or word.endswith(("ss", "us", "is", "'s"))
    ):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-1] if word[:-1] in _SINGULAR_EXCEPTIONS else word[:-3] + "y"
    if word.endswith(("sses", "shes", "xes", "zzes")):
        return word[:-2]
    if word.endswith("ches"):
        return word[:-1] if word[:-1] in _SINGULAR_EXCEPTIONS else word[:-2]
    return word[:-1]


# --------------------------------------------------------------------------------------
# Small regexes used at fixed positions.

_EXP = re.compile(r"e([-+]?[0-9]{1,3})(?![a-z0-9])")
_SCI = re.compile(
    r" ?[x\u00d7] ?(?:10(?:\^|\*\*)?\(?([-+]?[0-9]{1,3})\)?"
    r"|([0-9]+)(?:\^|\*\*)\(?([-+]?[0-9]{1,3})\)?)(?![0-9])"
)
_MIXED = re.compile(r" ([1-9][0-9]?)/([1-9][0-9]?)(?![0-9/])")
_SPACE_THOUSANDS = re.compile(r"(?: [0-9]{3})+(?![0-9,./])")
# Scales after a figure, as words ("3.5 million", "$4 bn") or attached ("$4bn", "5k").
_SCALE_ABBREVIATIONS = _numbers("scale_abbreviations")
_SCALE_WORDS = {**_SCALES, "hundred": 100.0, **_SCALE_ABBREVIATIONS}
_SCALE_WORD = re.compile(r" ?(" + alternation(_SCALE_WORDS) + r")(?![a-z])")
_SCALE_SUFFIX = {**_SCALE_ABBREVIATIONS, "k": 1e3, "K": 1e3}
# Ambiguous suffixes that are scales only after a currency ("$10m" vs "10m tall").
_SCALE_SUFFIX_CURRENCY = {"m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9, "t": 1e12, "T": 1e12}
_LETTERS = re.compile(r"[A-Za-z\u00b5]+")
_SP_WORD = re.compile(r" {1,2}([A-Za-z]+(?:['-][A-Za-z]+)*)")
_CODE_TAIL = re.compile(r"[A-Za-z0-9]*(?:[-+./:'][A-Za-z0-9]+)*")
_POWER = re.compile(r"\^\(?(-?[1-4])\)?|(-1)(?![0-9]|[,.][0-9])|([2-4])(?![0-9])|([\u00b2\u00b3])")
_POWER_WORD = re.compile(r" (squared|cubed)(?![a-z])")
_PER = re.compile(r" per | an? |/")
_UNCERTAINTY = re.compile(r" ?(?:\+/-|\+-|\u00b1) ?")
_RANGE_CONNECTOR = re.compile(r" ?- ?to | to | through | and | ?- ?")
# "65 or more", "five or so", "5-plus": a comparator after the number.
_SUFFIX_CMP = re.compile(
    "(?:"
    + alternation(f" {p}" if p[0].isalpha() else p for p in _SUFFIX_COMPARATORS)
    + ")(?![a-z])"
)
_HEADLINE_WORD = re.compile(r"[A-Za-z]{4,}")
_ADDRESS = re.compile(
    rf" (?:[A-Z][a-z]+ ){{1,2}}(?:{alternation(vocabulary.words('street_words'))})\b"
)
_RATIO = re.compile(r" in (?:every )?")
_PHONE = re.compile(r"(?:\+ ?|\()?[0-9]{1,4}\)?(?:[ -][0-9]{2,5}){2,}(?![0-9])")

_SKIP = "skip"  # sentinel: the number is part of a code, date or time


# --------------------------------------------------------------------------------------
# Parsing state.


class _Ctx:
    """The sentence normalised (case kept and lower-cased), plus lazy reversed copies."""

    __slots__ = ("_headline", "_rlow", "_rnorm", "low", "n", "norm", "text")

    def __init__(self, sentence: str) -> None:
        if sentence.isascii():
            norm = sentence if _CTRL.search(sentence) is None else sentence.translate(_NORM_TABLE)
            low = norm.lower()
        else:
            norm = sentence.translate(_NORM_TABLE)
            low = norm.lower()
            if len(low) != len(norm):  # a few letters lower-case to two characters
                low = norm.translate(_ASCII_LOWER)
        self.text = sentence
        self.norm = norm
        self.low = low
        self.n = len(norm)
        self._rlow: str | None = None
        self._rnorm: str | None = None
        self._headline: bool | None = None

    @property
    def rlow(self) -> str:
        if self._rlow is None:
            self._rlow = self.low[::-1]
        return self._rlow

    @property
    def rnorm(self) -> str:
        if self._rnorm is None:
            self._rnorm = self.norm[::-1]
        return self._rnorm

    def prev_word(self, pos: int) -> tuple[str, str, int]:
        """The word ending just before pos (case kept), the spaces between, its start."""
        m = _PREV_WORD_REV.match(self.rnorm, self.n - pos)
        if m is None:
            return "", "", pos
        return m.group("w")[::-1], m.group("sp"), self.n - m.end()

    def headline(self) -> bool:
        """True for title-case text, where capitalised words are not names."""
        if self._headline is None:
            words = _HEADLINE_WORD.findall(self.norm)
            caps = sum(1 for w in words if w[0].isupper())
            self._headline = len(words) >= 4 and caps >= 0.7 * len(words)
        return self._headline


class _Num:
    """A parsed number and what kind of number it was."""

    __slots__ = ("end", "is_int", "plain", "ratio", "scaled", "src", "start", "vague", "value")

    def __init__(self, value: float, start: int, end: int, src: str = "") -> None:
        self.value = value
        self.start = start
        self.end = end
        self.src = src  # the digits as written; "" for words and fractions
        self.is_int = bool(src) and src.replace(",", "").isdigit()
        self.plain = bool(src) and src.isdigit()  # digits only, no separators
        self.scaled = False  # a scale word or suffix applied ("million", "bn")
        self.vague = False  # "thousands of", "several hundred"
        self.ratio = False  # "one in five"


class _Found:
    """A quantity under construction."""

    __slots__ = ("cmp", "end", "lower", "start", "unit", "upper", "value")

    def __init__(self, start: int, end: int, value: float, unit: str, cmp: str) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.unit = unit
        self.cmp = cmp
        self.lower: float | None = None
        self.upper: float | None = None


# --------------------------------------------------------------------------------------
# Numbers.


def _parse_digits(ctx: _Ctx, start: int, end: int) -> _Num | None:
    """Digits at [start, end) plus an attached exponent, fraction or thousands groups."""
    low = ctx.low
    src = low[start:end]
    if ":" in src:
        return None  # clock time, ratio or score
    if "/" in src:
        top, _, bottom = src.partition("/")
        if "/" in bottom or not top.isdigit() or not bottom.isdigit():
            return None  # a date such as 12/25/2023
        a, b = int(top), int(bottom)
        if b == 0 or a >= b or b > 1000 or (a, b) == (9, 11) or "0" in (top[0], bottom[0]):
            return None  # "1/0", "24/7", "9/11", "50/50"
        return _Num(a / b, start, end)
    if "," in src:
        body, dot, frac = src.partition(".")
        groups = body.split(",")
        if (
            len(groups[0]) > 3
            or groups[0][0] == "0"
            or any(len(g) != 3 for g in groups[1:])
            or "," in frac
            or (dot and not frac)
        ):
            return None
    elif src.count(".") > 1:
        return None  # version number, IP address, dotted date
    if len(src) > 1 and src[0] == "0" and src[1].isdigit():
        return None  # a leading zero marks an identifier
    num = _Num(float(src.replace(",", "")), start, end, src)
    pos = end
    m = _EXP.match(low, pos)
    if m is not None:
        num.value *= 10.0 ** int(m.group(1))
        num.is_int = num.plain = False
        pos = m.end()
    m = _SCI.match(low, pos)
    if m is not None:
        if m.group(1) is not None:
            num.value *= 10.0 ** int(m.group(1))
        else:
            num.value *= float(m.group(2)) ** int(m.group(3))
        num.is_int = num.plain = False
        pos = m.end()
    elif num.is_int and pos < ctx.n:
        ch = low[pos]
        nxt = low[pos + 1] if pos + 1 < ctx.n else ""
        if ch in _VULGAR or (ch == " " and nxt in _VULGAR and nxt):
            pos += ch == " "
            num.value += _VULGAR[low[pos]]
            num.is_int = num.plain = False
            pos += 1
        elif ch == " " and (m := _MIXED.match(low, pos)) and int(m[1]) < int(m[2]):
            num.value += int(m[1]) / int(m[2])
            num.is_int = num.plain = False
            pos = m.end()
        elif ch == " " and num.plain and len(src) <= 3 and (m := _SPACE_THOUSANDS.match(low, pos)):
            num.value = float(low[start : m.end()].replace(" ", ""))
            num.plain = False
            pos = m.end()
    num.end = pos
    return num


def _parse_words(ctx: _Ctx, start: int) -> _Num | None:
    """A spelled-out number at start: "two hundred and five", "a dozen", "one-half"."""
    low = ctx.low
    n = ctx.n
    total = group = 0.0
    prev = ""  # kind of the last token accepted
    last_scale = float("inf")
    end = p = start
    checkpoint: tuple[float, float, int] | None = None
    while (m := _WTOK.match(low, p)) is not None:
        w = m.group()
        we = m.end()
        if not prev and w in ("a", "an"):
            prev = "a"
            group = 1.0
            p = we + 1
            continue
        if w in _NUMBER_WORDS:
            v = _NUMBER_WORDS[w]
            if not (prev in ("", "hundred", "scale", "and") or (prev == "tens" and 0 < v < 10)):
                break
            group += v
            prev = "tens" if w in _TENS else "unit"
        elif w == "hundred":
            if prev not in ("unit", "a") or group >= 100:
                break
            group *= 100
            prev = "hundred"
        elif w in _SCALES:
            scale = _SCALES[w]
            if scale >= last_scale and checkpoint is not None:
                total, group, end = checkpoint  # "three million, two million": stop at the comma
                break
            if prev not in ("unit", "tens", "hundred", "a", "half") or scale >= last_scale:
                break
            total += group * scale
            group = 0.0
            last_scale = scale
            prev = "scale"
            checkpoint = None
        elif prev in ("unit", "tens", "a", "half") and w == "dozen":
            group *= 12
            end = we
            break
        elif prev == "a" and w == "baker's" and low.startswith(" dozen", we):
            group, end = 13.0, we + 6
            break
        elif prev == "a" and w == "square" and low.startswith(" dozen", we):
            group, end = 144.0, we + 6
            break
        elif prev == "a" and w == "gross":
            after = low[we : we + 4]
            if not (after[:1] in ("", ".", ",", ";", ")", "!", "?") or after in (" of ", " is ")):
                break
            group, end = 144.0, we
            break
        elif w in _FRACTIONS and prev in ("unit", "tens", "a"):
            plural = w.endswith("s")
            if prev == "a":
                if plural or not low.startswith(" of ", we):
                    break
            elif (group == 1) == plural:
                break
            group /= _FRACTIONS[w]
            end = we
            break
        else:
            break
        end = we
        # the separator before the next token
        if prev in ("unit", "tens") and low.startswith(" and a half", end):
            group += 0.5
            end += 11
            prev = "half"
            p = end + 1
        elif end < n and low[end] == "-" and prev in ("tens", "unit"):
            p = end + 1
        elif prev in ("hundred", "scale") and low.startswith((" and ", " & "), end):
            if prev == "scale":
                checkpoint = (total, group, end)
            p = end + (5 if low[end + 1] == "a" else 3)
            prev = "and" if prev == "hundred" else "scale"
        elif prev == "scale" and low.startswith(", ", end):
            checkpoint = (total, group, end)
            p = end + 2
        elif low.startswith(" ", end):
            p = end + 1
        else:
            break
    if end == start:
        if prev == "a" and (m := _WTOK.match(low, p)) is not None and m.group() in _A_UNITS:
            return _Num(1.0, start, p - 1)  # "a gallon"
        return None
    return _Num(total + group, start, end)


def _parse_special_words(ctx: _Ctx, start: int, word: str) -> _Num | None:
    """Vague plurals ("thousands of"), "half a million", "several hundred", "absolute zero"."""
    low = ctx.low
    if word == "half":
        if low.startswith(" of ", start + 4):
            return _Num(0.5, start, start + 4)
        m = _WTOK.match(low, start + 5)  # the "a"/"an" of "half a"
        if m is None:
            return None
        m2 = _WTOK.match(low, m.end() + 1)
        if m2 is not None and m2.group() in _SCALES:
            return _Num(0.5 * _SCALES[m2.group()], start, m2.end())
        if m2 is not None and m2.group() == "dozen":
            return _Num(6.0, start, m2.end())
        return _Num(0.5, start, m.end())
    if word == "absolute zero":
        return _Num(0.0, start, start + len(word))
    num: _Num | None
    if word in _PLURAL_SCALES:
        value = _PLURAL_SCALES[word]
        end = start + len(word)
        if low.startswith(" of ", end):
            m = _WTOK.match(low, end + 4)
            if m is not None and m.group() in ("thousands", "millions", "billions"):
                value *= _PLURAL_SCALES[m.group()]
                end = m.end()
        if word in ("tens", "scores") and value < 1e3 and not low.startswith(" of ", end):
            return None
        num = _Num(value, start, end)
    else:  # several / a few / a couple of / many + hundred|thousand|million|billion
        m = _WTOK.match(low, start + len(word))
        if m is None:
            return None
        scale = m.group().removesuffix("s")
        value = 100.0 if scale == "hundred" else _SCALES.get(scale, 0.0)
        if not value:
            return None
        num = _Num(value, start, m.end())
    num.vague = True
    return num


def _number_at(ctx: _Ctx, pos: int) -> _Num | None:
    """Any number starting exactly at pos."""
    m = _ATOM.match(ctx.low, pos)
    if m is None:
        return None
    if m.lastgroup == "d":
        return _parse_digits(ctx, pos, m.end())
    if m.lastgroup == "v":
        return _Num(_VULGAR[m.group()], pos, m.end())
    word = m.group("w")
    if word in _NUMBER_WORDS or word in ("a ", "an "):
        return _parse_words(ctx, pos)
    return _parse_special_words(ctx, pos, word)


# "no one", "one of the", "one-off", "net zero": idioms, not counts.
_IDIOMS = vocabulary.words("number_idioms")
_IDIOM_AT = re.compile(
    "(?:" + alternation(i for i in _IDIOMS if i.startswith(("one", "zero"))) + ")(?![a-z])"
)


def _words_ok(ctx: _Ctx, num: _Num) -> bool:
    """Reject the pronoun "one" ("no one", "one of the") and idioms ("net zero")."""
    low = ctx.low
    text = low[num.start : num.end]
    if text not in ("one", "zero"):
        return True
    before = ctx.prev_word(num.start)[0].lower()
    if f"{before} {text}" in _IDIOMS or _IDIOM_AT.match(low, num.start):
        return False
    return not (text == "zero" and low.startswith("-", num.end))  # "zero-sum", "zero-carbon"


def _clock_ok(num: _Num) -> bool:
    """Could num be a 12-hour clock time ("3", "10.30")?"""
    src = num.src
    if not src:
        return False
    if src.isdigit():
        return 1 <= int(src) <= 12
    hour, _, minute = src.partition(".")
    return hour.isdigit() and 1 <= int(hour) <= 12 and len(minute) == 2 and int(minute) < 60


def _apply_scale(ctx: _Ctx, num: _Num, has_cur: bool) -> None:
    """Apply a scale word or suffix after num ("3.5 million", "$4bn", "0.5k", "10m people")."""
    if not num.src:
        return
    norm = ctx.norm
    e = num.end
    if e < ctx.n and norm[e].isalpha():
        m = _LETTERS.match(norm, e)
        assert m is not None
        tok, after = m.group(), m.end()
        factor = _SCALE_SUFFIX.get(tok)
        if factor is None and tok in _SCALE_SUFFIX_CURRENCY:
            if has_cur:
                factor = _SCALE_SUFFIX_CURRENCY[tok]
            elif tok in ("m", "M", "B") and (wm := _SP_WORD.match(norm, after)) is not None:
                # "10m people" is ten million people; "10m tall" is ten metres
                word = wm.group(1).lower()
                if looks_plural(word) and word not in _WORD_UNITS and word not in _STOP:
                    factor = _SCALE_SUFFIX_CURRENCY[tok]
        if factor is not None and (after >= ctx.n or not norm[after].isalnum()):
            num.value *= factor
            num.end = after
            num.scaled = True
        return
    for _ in range(2):
        m = _SCALE_WORD.match(ctx.low, num.end)
        if m is None:
            break
        num.value *= _SCALE_WORDS[m.group(1)]
        num.end = m.end()
        num.scaled = True


# --------------------------------------------------------------------------------------
# Units.


def _power_name(canonical: str, power: int) -> str:
    prefix = {2: "square ", 3: "cubic ", -1: "inverse ", -2: "inverse square "}.get(power, "")
    return prefix + canonical


def _inch_ok(ctx: _Ctx, e: int, num: _Num | None) -> bool:
    """Is "in" after a number the inch symbol ("2 in thick") and not a preposition?"""
    if num is None or not (num.src or num.value != int(num.value)):
        return False
    low = ctx.low
    if e >= ctx.n or low[e] in ",;:)!?\"'":
        return True
    if low[e] == ".":
        return e + 1 >= ctx.n or low[e + 1] == " "
    m = _SP_WORD.match(low, e)
    return m is not None and m.group(1) in _INCH_NEXT


def _unit_token(ctx: _Ctx, p: int, num: _Num | None, attached: bool) -> tuple[str, int] | None:
    """A measurement, currency or percent unit starting exactly at p -> (canonical, end)."""
    norm = ctx.norm
    n = ctx.n
    if p >= n:
        return None
    ch = norm[p]
    if ch == "%":
        return "percent", p + 1
    if ch == "\u00b0":
        q = p + 1 + (p + 1 < n and norm[p + 1] == " ")
        if q < n and norm[q] in "CF" and (q + 1 >= n or not norm[q + 1].isalpha()):
            return ("degree Celsius" if norm[q] == "C" else "degree Fahrenheit"), q + 1
        return "degree", p + 1
    if attached and ch in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[ch], p + 1  # "15\u20ac"
    m = _LETTERS.match(norm, p)
    if m is None:
        return None
    tok, e = m.group(), m.end()
    low = ctx.low
    lw = low[p:e]
    if lw in ("square", "sq", "cubic", "cu"):
        q = e + 1 if low.startswith(" ", e) else e + 2 if low.startswith(". ", e) else 0
        inner = _unit_token(ctx, q, num, False) if q else None
        if inner is not None and inner[0] in _MEASURE_UNITS:
            return _power_name(inner[0], 2 if lw[0] == "s" else 3), inner[1]
        return None
    multi = _MULTI_WORD_UNITS.get(lw)
    if multi is not None:
        for rest, canonical in multi:
            q = e + len(rest)
            if low.startswith(rest, e) and (q >= n or not low[q].isalpha()):
                return canonical, q
    symbol = _SYMBOLS.get(tok)
    if symbol is not None and not (
        (tok == "in" and not _inch_ok(ctx, e, num)) or (tok == "s" and attached)
    ):
        return symbol, e
    word = _WORD_UNITS.get(lw)
    if word is not None:
        return word, e
    if lw in ("am", "pm") and num is not None and not _clock_ok(num):
        return ("attometre" if lw == "am" else "picometre"), e  # "2.123 pm" is not a time
    if attached and tok in ("C", "F"):
        return ("degree Celsius" if tok == "C" else "degree Fahrenheit"), e  # "30C"
    return None


def _full_unit(ctx: _Ctx, p: int, num: _Num | None, attached: bool) -> tuple[str, int] | None:
    """A unit token with its power: "km2", "m^3", "s-1", "km squared"."""
    found = _unit_token(ctx, p, num, attached)
    if found is None:
        return None
    canonical, e = found
    if e < ctx.n:
        if ctx.norm[p:e] in _POWERABLE:
            m = _POWER.match(ctx.norm, e)
            if m is not None:
                if m.group(1) is not None:
                    power = int(m.group(1))
                elif m.group(2) is not None:
                    power = -1
                elif m.group(3) is not None:
                    power = int(m.group(3))
                else:
                    power = 2 if m.group(4) == "\u00b2" else 3
                return _power_name(canonical, power), m.end()
        m = _POWER_WORD.match(ctx.low, e)
        if m is not None and canonical in _MEASURE_UNITS:
            return _power_name(canonical, 2 if m.group(1) == "squared" else 3), m.end()
    return canonical, e


def _count_noun(ctx: _Ctx, p: int, singular: bool) -> tuple[str, int] | None:
    """Head noun of the short noun phrase after a number: "two previous failed attempts"."""
    norm = ctx.norm
    cand: tuple[str, int] | None = None
    weak: tuple[str, int] | None = None  # first participle, in case no noun follows
    for _ in range(3):
        m = _SP_WORD.match(norm, p)
        if m is None:
            break
        lw = m.group(1).lower()
        p = m.end(1)
        if lw in _STOP:
            break
        if lw in _SKIPPED_ADJECTIVES:
            continue
        unit = _WORD_UNITS.get(lw)
        if unit is not None and unit in _MEASURE_UNITS:
            return (unit, p) if cand is None else None  # "five straight years"
        if lw.endswith("ly") and len(lw) > 4 and lw not in _NOUN_LY:
            break  # an adverb ends the noun phrase
        if cand is not None and cand[0] in _SAME_PLURALS and not looks_plural(lw):
            break  # "50 police were": "police" was the noun
        if not singular and looks_plural(lw):
            cand = (lw, p)
            if lw not in _SAME_PLURALS:
                break  # "50 police officers": prefer the later plural
            continue
        if len(lw) > 3 and lw.endswith(("ed", "ing")) and not lw.endswith("eed"):
            if weak is None and cand is None:
                weak = (lw, p)
            continue  # participle: an adjective ("failed attempts") or the verb ("died")
        cand = (lw, p)
    if cand is None and singular:
        cand = weak  # "one building collapsed"
    if cand is None or not (singular or looks_plural(cand[0])):
        return None
    return _singular(cand[0]), cand[1]


def _per_part(ctx: _Ctx, e: int) -> tuple[str, int] | None:
    """The "per hour", "/kg" or "a barrel" part of a compound unit at e."""
    m = _PER.match(ctx.low, e)
    if m is None:
        return None
    by_a = m.group() in (" a ", " an ")
    q = m.end()
    unit = _full_unit(ctx, q, None, False)
    if unit is None and m.group() != "/":
        wm = _SP_WORD.match(ctx.norm, q - 1)
        if wm is not None and wm.group(1).isalpha() and wm.group(1).lower() not in _STOP:
            unit = (_singular(wm.group(1).lower()), wm.end(1))
    if unit is None or (by_a and unit[0] not in _PER_AFTER_A):
        return None
    if by_a and (wm := _SP_WORD.match(ctx.low, unit[1])) and wm.group(1) in _NOT_PER_AFTER:
        return None  # "\u20ac461 million a year earlier"
    return unit


def _with_per(ctx: _Ctx, unit: str, e: int) -> tuple[str, int]:
    for _ in range(2):
        per = _per_part(ctx, e)
        if per is None:
            break
        unit = unit + " per " + per[0]
        e = per[1]
    return unit, e


def unit_kind(unit: str) -> str:
    """Classify a unit name: "measure", "currency", "percent", "count", or "" for none.

    Compound units ("USD per hour") take the kind of their first part; any unit that
    is not a known measurement, currency or percentage is a counted noun.
    """
    if not unit:
        return ""
    head = unit.split(" per ", 1)[0]
    if head in _PERCENT_UNITS:
        return _PERCENT
    if head in _CURRENCY_CODES or head in _CURRENCY_SUBUNITS:
        return _CURRENCY
    for prefix in ("inverse square ", "inverse ", "square ", "cubic "):
        if head.startswith(prefix):
            head = head[len(prefix) :]
            break
    return _MEASURE if head in _MEASURE_UNITS else _COUNT


def _unit_after(ctx: _Ctx, num: _Num, has_cur: bool) -> tuple[str, int] | str | None:
    """The unit right after a number: measurement, currency, percent or counted noun.

    Returns (unit, end), None when there is none, or _SKIP when letters glued to the
    number make it a code ("4G", "06F6").
    """
    norm = ctx.norm
    n = ctx.n
    e = num.end
    if e >= n:
        return None
    ch = norm[e]
    if ch == "-" and e + 1 < n and norm[e + 1].isalpha():
        # hyphenated compound: "27-kilometer", "two-year", "6.0-sigma", "9-year-old"
        unit = _full_unit(ctx, e + 1, num, False)
        if unit is not None:
            return unit[0], unit[1] + 4 * ctx.low.startswith("-old", unit[1])
        m = _LETTERS.match(norm, e + 1)
        assert m is not None
        word = m.group().lower()
        if len(word) < 2:
            return _SKIP  # "3-D"
        if m.group()[0].isupper() and not ctx.headline():
            return _SKIP  # a name: "7-Eleven", "F-35A"
        if word in _STOP or word in _FRACTIONS or word in ("plus",) or m.group() in _MONTHS:
            return None
        return word, m.end()
    if ch.isalpha() or ch in "%\u00b0\u00b5" or ch in _CURRENCY_SYMBOLS:
        return _full_unit(ctx, e, num, True) or _SKIP
    if ch != " ":
        return None
    if e + 2 < n and norm[e + 1] == " ":
        e += 1  # two spaces, e.g. from a normalised control character
    unit = _full_unit(ctx, e + 1, num, False)
    if unit is not None:
        return unit
    if e + 1 < n and norm[e + 1] in _CURRENCY_SYMBOLS and (e + 2 >= n or norm[e + 2] == " "):
        return _CURRENCY_SYMBOLS[norm[e + 1]], e + 2  # "15 \u20ac"
    if has_cur or num.ratio:
        return None
    if not num.src and 0 < num.value < 1 and ctx.low.startswith((" of a ", " of an "), e):
        unit = _full_unit(ctx, e + (6 if ctx.low[e + 5] == " " else 7), num, False)
        if unit is not None:
            return unit  # "a quarter of a percentage point"
    p = e
    if num.vague and ctx.low.startswith(" of ", e):  # "thousands of miles"
        p = e + 3
        unit = _full_unit(ctx, p + 1, num, False)
        if unit is not None:
            return unit
    return _count_noun(ctx, p, num.value == 1 and not num.scaled and not num.vague)


# --------------------------------------------------------------------------------------
# Context checks.


def _is_id(ctx: _Ctx, start: int) -> bool:
    """Is the bare number at start a name or model number ("Voyager 2", "Boeing 737")?"""
    word, sp, _ = ctx.prev_word(start)
    if not word:
        return False
    lw = word.lower()
    if lw in _ID_PREFIXES or lw.endswith("#"):
        return sp == " " or lw.endswith("#")
    if sp != " ":
        return False
    if any(c.isdigit() for c in word):
        return any(c.isalpha() for c in word)  # "i7 860"
    if (
        not any(c.isupper() for c in word)
        or lw in _FUNCTION_WORDS
        or lw.rstrip(".") in _FUNCTION_WORDS
        or word in _MONTHS
        or word.endswith(("'s", "s'"))
    ):
        return False
    return not ctx.headline()


def _is_change(ctx: _Ctx, pos: int) -> bool:
    """Is there a change verb just before pos ("rose", "was cut by", "fell sharply")?"""
    for _ in range(3):
        word, _sp, pos = ctx.prev_word(pos)
        lw = word.lower()
        if lw in _CHANGE_VERBS:
            return True
        if not (lw == "by" or lw in _AUXILIARIES or (lw.endswith("ly") and lw not in _NOUN_LY)):
            return False
    return False


def _phone_end(ctx: _Ctx, s: int) -> int:
    """End of a phone number starting at s ("+44 20 7946 0958", "555-123-4567"), or 0."""
    m = _PHONE.match(ctx.norm, s)
    if m is None:
        return 0
    text = m.group()
    groups = text.replace("-", " ").split()
    thousands = " " in text and "-" not in text and all(len(g) == 3 for g in groups[1:])
    if text[0] in "+(" or not thousands:
        return m.end()
    return 0


def _tidy(value: float | None) -> float | None:
    """Drop binary noise from scaling: 4.1 * 1e9 -> 4100000000.0, not ...99.9999995."""
    if value is None or value.is_integer():
        return value
    return float(f"{value:.15g}")


def _year_like(num: _Num) -> bool:
    return num.plain and len(num.src) == 4 and 1800 <= num.value <= 2100


# --------------------------------------------------------------------------------------
# One quantity.


def _parse_quantity(
    ctx: _Ctx, s: int, atom_end: int, kind: str, prev_end: int
) -> tuple[_Found | None, int]:
    """Parse the quantity whose number starts at s -> (quantity or None, consumed end).

    kind is "d" for digits, "v" for a fraction character, "w" for a number word.
    Each step below is one rule; a step that finds no quantity says how far its
    text (a code, a date, a clock time) runs, so that it is not read again.
    """
    left = _LEFT_REV.match(ctx.rlow, ctx.n - s, ctx.n - prev_end)
    if left is not None and left.end() == ctx.n - s:
        left = None
    cur = ""
    neg = False
    if left is not None:
        if left.group("cur") is not None:
            cur = _CURRENCY_PREFIXES[left.group("cur").strip()[::-1]]
        neg = left.group("neg1") is not None or left.group("neg2") is not None
    num, consumed = _read_number(ctx, s, atom_end, kind, cur, neg)
    if num is None:
        return None, consumed
    skip = _date_or_time_end(ctx, num, s, cur)
    if skip is not None:
        return None, skip
    plus = _scale_and_sign(ctx, num, cur, neg)
    _read_ratio(ctx, num)
    uncertainty = _read_uncertainty(ctx, num)
    measured = _unit_and_range(ctx, num, s, kind, cur, left, uncertainty)
    if isinstance(measured, int):
        return None, measured
    unit, unit_end, hi, end = measured
    phrase, cmp, mode, end = _comparator(ctx, left, end, plus, num.vague)
    bare = not cur and bool(num.src) and hi is None and not neg
    if bare and _year_or_name(ctx, num, s, unit, unit_end, phrase):
        return None, num.end
    start, end, negative = _text_span(ctx, left, s, end, cur, bool(phrase), hi is not None)
    if negative:
        num.value = -num.value
    return _found(start, end, num, unit, cmp, mode, hi, uncertainty), end


def _code_end(ctx: _Ctx, p: int) -> int:
    """The end of the code, date or identifier whose characters start at p."""
    return _CODE_TAIL.match(ctx.norm, p).end()  # type: ignore[union-attr]


def _read_number(
    ctx: _Ctx, s: int, atom_end: int, kind: str, cur: str, neg: bool
) -> tuple[_Num | None, int]:
    """The number at s and its end; or None and the end of the phone number or code it opens."""
    norm = ctx.norm
    num: _Num | None
    if kind == "d":
        before = norm[s - 1] if s else " "
        if before in "+( " or s == 0:
            phone = _phone_end(ctx, s - 1 if before in "+(" else s)
            if phone:
                return None, phone
        if not cur and (
            before.isalnum()
            or before in "#@_+.'"
            or (before == "-" and s >= 2 and norm[s - 2].isalnum() and not neg)
        ):
            return None, _code_end(ctx, s)
        num = _parse_digits(ctx, s, atom_end)
    elif kind == "v":
        num = _Num(_VULGAR[ctx.low[s]], s, atom_end)
    else:
        if s >= 2 and norm[s - 1] == "-" and norm[s - 2].isalnum():
            return None, atom_end  # "no-one", "7-Eleven"
        num = _number_at(ctx, s)
        if num is not None and not _words_ok(ctx, num):
            return None, num.end
    if num is None:
        return None, _code_end(ctx, s)
    return num, num.end


def _date_or_time_end(ctx: _Ctx, num: _Num, s: int, cur: str) -> int | None:
    """The end of an ordinal, a decade, a clock time or a day of a month at num, or None."""
    norm, e = ctx.norm, num.end
    if num.src and e < ctx.n and norm[e].isalpha():
        suffix = _LETTERS.match(norm, e).group().lower()  # type: ignore[union-attr]
        if suffix in ("st", "nd", "rd", "th") or (suffix == "s" and not cur):
            return _code_end(ctx, s)  # "3rd", "1990s"
        if suffix in ("am", "pm", "a", "p") and _clock_ok(num):
            return _code_end(ctx, s)
    if num.src and not cur:
        tm = _TIME_MARKER.match(ctx.low, e)
        if tm is not None and (
            _clock_ok(num) or (num.is_int and num.value <= 24 and tm.group().strip()[0] not in "ap")
        ):
            return tm.end()  # "3 p.m.", "14 GMT"
        if num.plain and num.value <= 31:
            word, sp, _ = ctx.prev_word(s)
            if (word in _MONTHS and sp == " ") or _MONTH_AFTER.match(norm, e):
                return _code_end(ctx, s)  # "Dec. 27", "27 December"
    return None


def _scale_and_sign(ctx: _Ctx, num: _Num, cur: str, neg: bool) -> bool:
    """Apply a scale word and the sign to num; whether a "+" follows it ("65+", "5+ years")."""
    _apply_scale(ctx, num, bool(cur))
    if neg:
        num.value = -num.value
    norm, n = ctx.norm, ctx.n
    if (
        num.end < n
        and norm[num.end] == "+"
        and (num.end + 1 >= n or not norm[num.end + 1].isalnum())
    ):
        num.end += 1
        return True
    return False


def _read_ratio(ctx: _Ctx, num: _Num) -> None:
    """ "one in five adults", "1 in 10": num becomes the ratio."""
    if not (
        (num.is_int or (not num.src and num.value == int(num.value)))
        and not num.scaled
        and 0 < num.value < 100
        and (rm := _RATIO.match(ctx.low, num.end)) is not None
        and (den := _number_at(ctx, rm.end())) is not None
        and num.value < den.value <= 1e6
        and not _year_like(den)
        and (den.end >= ctx.n or not ctx.norm[den.end].isalnum())
    ):
        return
    num.value /= den.value
    num.end = den.end
    num.ratio = True


def _read_uncertainty(ctx: _Ctx, num: _Num) -> float | None:
    """The "+/- 0.2" after num, which then ends after it; None when there is none."""
    near = ctx.low[num.end : num.end + 2]
    if "+" not in near and "\u00b1" not in near:
        return None
    um = _UNCERTAINTY.match(ctx.low, num.end)
    if um is None or (unc := _number_at(ctx, um.end())) is None:
        return None
    num.end = unc.end
    return abs(unc.value)


def _unit_and_range(
    ctx: _Ctx,
    num: _Num,
    s: int,
    kind: str,
    cur: str,
    left: re.Match[str] | None,
    uncertainty: float | None,
) -> tuple[str, int, _Num | None, int] | int:
    """(unit, where the unit ends, the upper end of a range, end of the quantity).

    Or, for letters glued to the number (a code) and for scores, year spans and
    phone numbers, how far that text runs.
    """
    unit, unit_end = cur, num.end
    found_unit = _unit_after(ctx, num, bool(cur))
    if found_unit == _SKIP:
        return _code_end(ctx, s)
    if isinstance(found_unit, tuple):
        if not cur:
            unit, unit_end = found_unit
        elif unit_kind(found_unit[0]) == _CURRENCY:
            unit_end = found_unit[1]  # "US$5 billion dollars"
    if kind == "w" and num.value == 0 and ctx.low.startswith("absolute", s):
        unit = "kelvin"
    # ranges: "5 to 10", "5-10%", "between 44 mg and 50 mg", "8- to 16-meter"
    between = left is not None and left.group("pre") == "neewteb"
    hi: _Num | None = None
    end = unit_end
    rm = _RANGE_CONNECTOR.match(ctx.low, unit_end)
    if rm is not None and uncertainty is None and (between or rm.group() != " and "):
        verdict = _range_end(ctx, rm, num, unit, unit_end, bool(cur), left, s)
        if verdict == _SKIP:
            return _code_end(ctx, rm.end())
        if isinstance(verdict, tuple):
            hi, unit, end = verdict
    if unit:
        unit, end = _with_per(ctx, unit, end)  # "$15.4/hour", "$80 a barrel"
    return unit, unit_end, hi, end


def _comparator(
    ctx: _Ctx, left: re.Match[str] | None, end: int, plus: bool, vague: bool
) -> tuple[str, str, str, int]:
    """(the comparator phrase before the number, comparator, bounds mode, end).

    A phrase before ("more than"), or after it ("or more", which then ends the
    quantity); a "+" is ">="; a vague plural ("thousands of") is "~" with a floor.
    """
    phrase, cmp, mode = "", "=", "="
    if left is not None and left.group("cmp") is not None and left.group("paren") is None:
        phrase = left.group("cmp")[::-1]  # (not "about (5 km)": the bracket ends the phrase)
        cmp, mode = _COMPARATORS[phrase]
    sm = _SUFFIX_CMP.match(ctx.low, end)
    if sm is not None and mode == "=":
        cmp, mode = _SUFFIX_COMPARATORS[sm.group().strip()]
        end = sm.end()
    if plus and mode == "=":
        cmp, mode = ">=", "lo"
    if vague and mode == "=":
        cmp, mode = "~", "lo"
    return phrase, cmp, mode, end


def _year_or_name(ctx: _Ctx, num: _Num, s: int, unit: str, unit_end: int, phrase: str) -> bool:
    """Is the bare number a year ("in 2000", "the 2020 elections"), a name or model
    ("Voyager 2") or a house number ("10 Downing Street") rather than a quantity?"""
    what = unit_kind(unit)
    if what not in ("", _COUNT):
        return False
    if _year_like(num) and (not phrase or phrase in _YEAR_COMPARATORS):
        # "2000 people" is a count, unless a year's preposition comes before it
        noun = ctx.low[ctx.prev_word(unit_end)[2] : unit_end]
        if not (what == _COUNT and looks_plural(noun)) or (
            ctx.prev_word(s)[0].lower() in _YEAR_PREPOSITIONS
        ):
            return True
    if not phrase and _is_id(ctx, s):
        return True
    return not what and _ADDRESS.match(ctx.norm, num.end) is not None


def _text_span(
    ctx: _Ctx,
    left: re.Match[str] | None,
    s: int,
    end: int,
    cur: str,
    has_phrase: bool,
    is_range: bool,
) -> tuple[int, int, bool]:
    """(start, end, negative) of the quantity's text: its currency, sign, comparator or
    "between" included; an accounting negative "is ($99.99)" with its brackets."""
    if left is None:
        return s, end, False
    n = ctx.n
    start = s
    for group in ("neg2", "cur", "neg1"):
        if left.group(group) is not None:
            start = n - left.end(group)
    if left.group("paren") is not None:
        paren = n - left.end("paren")
        if (
            cur
            and end < n
            and ctx.norm[end] == ")"
            and _COPULA_REV.match(ctx.rlow, n - paren) is not None
        ):
            return paren, end + 1, True
        return start, end, False
    if has_phrase:
        start = n - left.end("cmp")
    if is_range and left.group("pre") == "neewteb":
        start = n - left.end("pre")
    return start, end, False


def _found(
    start: int,
    end: int,
    num: _Num,
    unit: str,
    cmp: str,
    mode: str,
    hi: _Num | None,
    uncertainty: float | None,
) -> _Found:
    """The quantity with its bounds: a range's ends, value -/+ uncertainty, or as mode says."""
    found = _Found(start, end, num.value, unit, cmp)
    if hi is not None:
        found.lower, found.upper = sorted((num.value, hi.value))
        found.value = found.lower
    elif uncertainty is not None:
        found.lower, found.upper = num.value - uncertainty, num.value + uncertainty
    elif mode == "=":
        found.lower = found.upper = num.value
    elif mode == "lo":
        found.lower = num.value
    elif mode in ("up", "~up"):
        found.upper = num.value
    return found


def _range_end(
    ctx: _Ctx,
    rm: re.Match[str],
    first: _Num,
    unit1: str,
    unit1_end: int,
    has_cur: bool,
    left: re.Match[str] | None,
    s: int,
) -> tuple[_Num, str, int] | str | None:
    """Read the upper end of a range after connector rm.

    Returns (upper number, unit, end) for a range, None when the first number stands
    alone, or _SKIP for scores, year spans and phone numbers (no quantity at all).
    """
    low = ctx.low
    norm = ctx.norm
    n = ctx.n
    conn = rm.group().strip()
    hyphen = conn == "-"
    unit1_written = unit1_end > first.end  # a unit after the first number ("44 mg to")
    p = rm.end()
    cur2 = ""
    if p < n and norm[p] in _CURRENCY_SYMBOLS:
        cur2 = _CURRENCY_SYMBOLS[norm[p]]
        p += 1
    sign = 1.0
    if not hyphen and low.startswith("-", p) and p + 1 < n and low[p + 1].isdigit():
        sign, p = -1.0, p + 1
    elif low.startswith("minus ", p):
        sign, p = -1.0, p + 6
    hi = _number_at(ctx, p)
    if hi is None or (hyphen and bool(first.src) != bool(hi.src)):
        return None
    if hi.src and hi.end + 1 < n and norm[hi.end] in "-/" and norm[hi.end + 1].isdigit():
        return _SKIP  # 2023-12-27, 555-123-4567
    if (
        _year_like(first)
        and not has_cur
        and hi.plain
        and ((hyphen and len(hi.src) == 2) or _year_like(hi))
    ):
        return _SKIP  # "2023-24", "from 2010 to 2020"
    hi.value *= sign
    hi_written = hi.value
    _apply_scale(ctx, hi, has_cur or bool(cur2))
    if hi.scaled and _year_like(first) and not has_cur:
        return None  # "from 3 million in 1950 to 8 million"
    found = _unit_after(ctx, hi, has_cur or bool(cur2))
    if found == _SKIP:
        return None
    unit2, end = found if isinstance(found, tuple) else ("", hi.end)
    cur = cur2 or (unit1 if has_cur else "")
    if cur:
        if unit2 and unit_kind(unit2) != _CURRENCY:
            unit2, end = cur, hi.end
        unit2 = cur
    if unit1_written and unit2 != unit1:
        return None  # "from 44 ml to 50 mg": two quantities
    if hi.value <= first.value and (hyphen or not (unit1 or unit2)):
        # not ascending: a score or tally ("won 3-1", "a 6-3 ruling", "voted seven to two")
        whole = first.value == int(first.value) and hi.value == int(hi.value)
        if whole and not unit1 and unit_kind(unit2) in ("", _COUNT):
            return _SKIP
        return None
    if hi.scaled and not first.scaled and hi_written and abs(first.value) <= abs(hi_written):
        first.value *= hi.value / hi_written  # "5 to 10 million": both ends are millions
        first.scaled = True
    if conn == "to" and (left is None or left.group("pre") != "neewteb"):
        # a change is not a range: "rose from 5% to 7%", "rose 0.5% to 3.2%"; but
        # "rose 5 to 10 percent" is a range of the change
        if left is not None and left.group("pre") == "morf":
            if _is_change(ctx, n - left.end("pre")):
                return None
        elif (unit1_written or has_cur) and _is_change(ctx, n - left.end() if left else s):
            return None
    return hi, unit2 or unit1, end


def _inherit_units(found: list[_Found], norm: str) -> None:
    """ "45 and 50 mg", "two or three days": a bare number takes the next unit."""
    for i in range(len(found) - 2, -1, -1):
        a, b = found[i], found[i + 1]
        if (
            not a.unit
            and b.unit
            and norm[a.end : b.start] in (" and ", " or ", ", ", ", and ", ", or ", " to ", " nor ")
        ):
            a.unit = b.unit


def _atoms(ctx: _Ctx) -> list[tuple[int, int, str]]:
    """Where numbers may start: (start, end, kind), in order."""
    low = ctx.low
    atoms = [
        (m.start(), m.end(), "v" if low[m.start()] in _VULGAR else "d")
        for m in _DIGIT_ATOM.finditer(low)
    ]
    words = [(m.start(1), m.end(), "w") for m in _WORD_ATOM.finditer(low)]
    if (m := _WORD_AT.match(low)) is not None:
        words.insert(0, (0, m.end(), "w"))
    if words:
        atoms = sorted(atoms + words) if atoms else words
    return atoms


def _extract(ctx: _Ctx, atoms: list[tuple[int, int, str]]) -> list[Quantity]:
    found: list[_Found] = []
    pos = 0
    for start, end, kind in atoms:
        if start < pos:
            continue
        try:
            q, consumed = _parse_quantity(ctx, start, end, kind, pos)
        except Exception:  # a rule bug must not take the pipeline down
            _log.debug("quantity parse failed at %d in %r", start, ctx.norm, exc_info=True)
            continue
        if q is not None and pos <= q.start < q.end and math.isfinite(q.value):
            found.append(q)
            pos = q.end
        pos = max(pos, consumed)
    if len(found) > 1:
        _inherit_units(found, ctx.norm)
    sentence = ctx.text
    return [
        Quantity(
            sentence[q.start : q.end],
            _tidy(q.value),
            _tidy(q.lower),
            _tidy(q.upper),
            q.cmp,
            q.unit,
            q.start,
            q.end,
        )
        for q in found
    ]


def extract_quantities(sentence: str) -> list[Quantity]:
    """Find the quantities in one English sentence, in order and without overlaps.

    Never raises: anything that is not a non-empty string gives [].
    """
    if not isinstance(sentence, str) or not sentence:
        return []
    try:
        ctx = _Ctx(sentence)
        atoms = _atoms(ctx)
        return _extract(ctx, atoms) if atoms else []
    except Exception:  # never raise into the article pipeline
        _log.debug("quantity extraction failed for %r", sentence, exc_info=True)
        return []
