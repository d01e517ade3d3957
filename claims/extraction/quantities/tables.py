"""The parser's vocabulary, read once from the text layer's data files.

Every word list and table lives in factcheck/text/data and is read through
factcheck.text.vocabulary; this module only shapes them for the steps (number
words, scales, units, currencies, comparators, and the words that mark a date,
a name or a code). Canonical unit names are singular English names; currencies
are ISO 4217 codes.
"""

from __future__ import annotations

import re

from factcheck.text import vocabulary


def _numbers(name: str) -> dict[str, float]:
    """The table data/<name>.txt with its values read as numbers."""
    return {key: float(value) for key, value in vocabulary.table(name).items()}


# --------------------------------------------------------------------------------------
# Numbers.

# Cardinals below a hundred ("twenty-five" is a ten and a unit); a larger word
# in the shared table would be a scale, which the parser reads on its own.
NUMBER_WORDS = {w: v for w, v in _numbers("number_words").items() if v < 100}
TENS = {w: v for w, v in NUMBER_WORDS.items() if v >= 20}
SCALES = _numbers("number_scales")  # thousand, million, lakh ...
PLURAL_SCALES = _numbers("vague_plurals")  # "thousands of", "dozens of"
# Denominators: "a half", "two thirds", "three quarters", "a hundredth". "second"
# is left out: "one second" is a time.
FRACTIONS = {"half": 2.0, "halves": 2.0, "quarter": 4.0, "quarters": 4.0}
for _word, _value in _numbers("ordinals").items():
    if _word.isalpha() and _value >= 3:
        FRACTIONS[_word] = FRACTIONS[_word + "s"] = _value
# Unicode fraction characters.
VULGAR = {
    ch: int(top) / int(bottom)
    for ch, (top, _, bottom) in (
        (ch, fraction.partition("/"))
        for ch, fraction in vocabulary.table("vulgar_fractions").items()
    )
}
VULGAR_CLASS = "".join(VULGAR)
# Measurement units that "a"/"an" can count as one ("a gallon of beer").
A_UNITS = vocabulary.words("a_units")
# "no one", "one of the", "one-off", "net zero": idioms, not counts.
IDIOMS = vocabulary.words("number_idioms")
# Scales after a figure, as words ("3.5 million", "$4 bn") or attached ("$4bn", "5k").
_SCALE_ABBREVIATIONS = _numbers("scale_abbreviations")
SCALE_WORDS = {**SCALES, "hundred": 100.0, **_SCALE_ABBREVIATIONS}
SCALE_SUFFIX = {**_SCALE_ABBREVIATIONS, "k": 1e3, "K": 1e3}
# Ambiguous suffixes that are scales only after a currency ("$10m" vs "10m tall").
SCALE_SUFFIX_CURRENCY = {"m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9, "t": 1e12, "T": 1e12}

# --------------------------------------------------------------------------------------
# Units.

MEASURE, CURRENCY, PERCENT, COUNT = "measure", "currency", "percent", "count"

# Whole words, matched case-insensitively: surface -> canonical.
WORD_UNITS = vocabulary.table("unit_words")
# Phrases: first word -> [(rest of the phrase, canonical)], longest rest first.
MULTI_WORD_UNITS: dict[str, list[tuple[str, str]]] = {}
for _phrase, _canonical in vocabulary.table("unit_phrases").items():
    _first = re.match(r"[a-z]+", _phrase).group()  # type: ignore[union-attr]
    MULTI_WORD_UNITS.setdefault(_first, []).append((_phrase[len(_first) :], _canonical))
for _rests in MULTI_WORD_UNITS.values():
    _rests.sort(key=lambda r: len(r[0]), reverse=True)
# Symbols, matched case-sensitively ("MW" is not "mW").
SYMBOLS = vocabulary.table("unit_symbols")
# Symbols that are also words ("cd", "TB", "pm") -> the context that makes them units.
AMBIGUOUS_SYMBOLS = vocabulary.table("ambiguous_unit_symbols")
# Symbols that take an attached power: "km2", "m^3", "s-1", "fb-1".
POWERABLE = vocabulary.words("powerable_unit_symbols")
CURRENCY_CODES = vocabulary.words("currency_codes")
CURRENCY_SUBUNITS = vocabulary.words("currency_subunits")
PERCENT_UNITS = frozenset({"percent", "percentage point", "basis point"})
MEASURE_UNITS = (
    frozenset(
        (
            *WORD_UNITS.values(),
            *SYMBOLS.values(),
            *(canonical for rests in MULTI_WORD_UNITS.values() for _, canonical in rests),
        )
    )
    - CURRENCY_CODES
    - CURRENCY_SUBUNITS
    - PERCENT_UNITS
)
# After "a"/"an" these read as "per": "$80 a barrel", "three times a week"; but
# not when a word relating it to another time follows ("a year earlier").
PER_AFTER_A = vocabulary.words("per_units_after_a")
NOT_PER_AFTER = vocabulary.words("relative_time_words")
CURRENCY_SYMBOLS = vocabulary.table("currency_symbols")
CURRENCY_LETTER_PREFIXES = vocabulary.table("currency_prefixes")
CURRENCY_PREFIXES = {**CURRENCY_SYMBOLS, **CURRENCY_LETTER_PREFIXES}
INCH_NEXT = vocabulary.words("inch_next_words")  # "2 in thick": "in" is the inch

# --------------------------------------------------------------------------------------
# Comparators.


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
COMPARATORS, SUFFIX_COMPARATORS, YEAR_COMPARATORS = _comparators()

# --------------------------------------------------------------------------------------
# Dates, names and codes.

# Month names and abbreviations as written, an abbreviation (the start of another
# name) also with its full stop: "May 5", "Dec. 27" and "5 Dec" are dates.
MONTH_KEYS = vocabulary.table("months")
MONTHS = frozenset(name.capitalize() for name in MONTH_KEYS) | frozenset(
    name.capitalize() + "."
    for name in MONTH_KEYS
    if any(other != name and other.startswith(name) for other in MONTH_KEYS)
)
# Words that end the noun phrase after a number ("1,000 of", "50 were", "5 said").
STOP = vocabulary.words("noun_phrase_stops") | frozenset(NUMBER_WORDS) | frozenset(SCALES)
# Capitalised words that do not make the following number a name ("About 40 people",
# "Nearly 300"): those, the words of comparators, and "Last"/"Next" ("Last 5 games").
FUNCTION_WORDS = (
    STOP
    | {word for phrase in COMPARATORS for word in phrase.rstrip(".").split()}
    | {"last", "next"}
)
ID_PREFIXES = vocabulary.words("id_prefixes")
DETERMINERS = vocabulary.words("determiners")
# Words before a 4-digit number that make it a year ("in 2000", "the 2020 race").
YEAR_PREPOSITIONS = (
    vocabulary.words("date_prepositions")
    | vocabulary.words("seasons")
    | DETERMINERS
    | vocabulary.words("year_cue_words")
)
CHANGE_VERBS = vocabulary.words("change_verbs")
AUXILIARIES = vocabulary.words("auxiliary_verbs")
BE_FORMS = vocabulary.words("be_forms")
LENGTH_WORDS = vocabulary.words("length_words")
STREET_WORDS = vocabulary.words("street_words")
# Time zones of three letters or more: "ET", "MT" and "PT" are also "et al.",
# megatonnes and pints.
ZONES = frozenset(
    z.lower() for z in vocabulary.words("time_zone_words") if z.isupper() and len(z) > 2
)

# --------------------------------------------------------------------------------------
# Counted nouns.

IRREGULAR_PLURALS = vocabulary.table("irregular_plurals")  # people -> person
SAME_PLURALS = vocabulary.words("invariant_plurals")  # police, staff, data
NOT_PLURAL = vocabulary.words("not_plurals")  # news, bus, always
# Singulars a suffix rule would cut: "specimen", "movie" (movies), "headache".
SINGULAR_EXCEPTIONS = vocabulary.words("singular_exceptions")
NOUN_LY = vocabulary.words("ly_nouns")  # family, supply: not adverbs
# Words skipped between a number and its noun without ending the noun phrase.
SKIPPED_ADJECTIVES = vocabulary.words("count_adjectives")
