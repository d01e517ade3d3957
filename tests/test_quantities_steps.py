"""The quantity parser's named steps, one at a time (claims/extraction/quantities/):
scan numbers, read scale and unit, read comparator and range, attach the counted
noun; and the checks that tell dates, times, names and codes apart."""

import math

import pytest

from claims.extraction.quantities.bounds import RANGE_CONNECTOR, comparator, read_left, read_range
from claims.extraction.quantities.context import Context
from claims.extraction.quantities.exclusions import date_time_or_address_end, is_id
from claims.extraction.quantities.nouns import counted_noun, looks_plural, singular
from claims.extraction.quantities.numbers import number_at, read_number, scan
from claims.extraction.quantities.quantity import SKIP
from claims.extraction.quantities.units import apply_scale, unit_after


def number(sentence: str, at: str):
    """The number read where `at` starts in the sentence, and the sentence's context."""
    ctx = Context(sentence)
    num = number_at(ctx, sentence.index(at))
    assert num is not None, sentence
    return ctx, num


# --------------------------------------------------------------------------------------
# Step 1: scan numbers.


def test_the_scan_lists_digits_fractions_and_number_words_in_order() -> None:
    sentence = "Two thirds of 1,000 homes, \u00bd of them, a dozen times."
    starts = [sentence[s:e] for s, e, _ in scan(Context(sentence))]
    assert starts == ["Two", "1,000", "\u00bd", "a "]


def test_the_scan_finds_nothing_in_a_sentence_without_numbers() -> None:
    assert scan(Context("The minister resigned after the vote.")) == []


@pytest.mark.parametrize(
    ("sentence", "at", "value"),
    [
        ("It cost 1,500,000 in all.", "1,500,000", 1_500_000),
        ("It grew by .5 points.", ".5", 0.5),
        ("It needs 2 1/2 cups.", "2 1/2", 2.5),
        ("It needs 2\u00bd cups.", "2\u00bd", 2.5),
        ("It fell 9.83e-3 metres.", "9.83e-3", 9.83e-3),
        ("The factor is 2.48\u00d710\u22125 here.", "2.48", 2.48e-5),
        ("The block holds 8x2^10 bits.", "8x2^10", 8192),
        ("The estate fetched 10 000 dollars.", "10 000", 10_000),
        ("Three million, two hundred and forty votes.", "Three", 3_000_240),
        ("Twenty-one years passed.", "Twenty-one", 21),
        ("A dozen eggs broke.", "A dozen", 12),
        ("Two thirds of voters.", "Two thirds", 2 / 3),
        ("Half a million people.", "Half a million", 500_000),
    ],
)
def test_a_number_is_read_from_digits_words_or_fractions(
    sentence: str, at: str, value: float
) -> None:
    _, num = number(sentence, at)
    assert math.isclose(num.value, value)


def test_a_vague_plural_is_its_least_value_and_marked_vague() -> None:
    _, num = number("Tens of thousands of homes lost power.", "Tens")
    assert (num.value, num.vague) == (10_000, True)


def test_a_number_glued_to_letters_or_a_phone_number_is_read_as_far_as_it_runs() -> None:
    code = "An F-16 crashed."
    ctx = Context(code)
    s = code.index("16")
    assert read_number(ctx, s, s + 2, "d", "", False) == (None, s + 2)
    phone = "Call 555-123-4567 now."
    ctx = Context(phone)
    s = phone.index("555")
    assert read_number(ctx, s, s + 3, "d", "", False) == (None, phone.index(" now"))


def test_one_as_a_pronoun_is_no_number() -> None:
    sentence = "No one was hurt."
    ctx = Context(sentence)
    s = sentence.index("one")
    num, _ = read_number(ctx, s, s + 3, "w", "", False)
    assert num is None


# --------------------------------------------------------------------------------------
# Step 2: read scale and unit.


@pytest.mark.parametrize(
    ("sentence", "at", "has_cur", "value"),
    [
        ("It has 3.5 million residents.", "3.5", False, 3.5e6),
        ("It cost $4bn.", "4", True, 4e9),
        ("It has 10m people.", "10", False, 10e6),
        ("The wall is 10m tall.", "10", False, 10),
        ("He walked 0.5k miles.", "0.5", False, 500),
    ],
)
def test_a_scale_word_or_suffix_multiplies_the_number(
    sentence: str, at: str, has_cur: bool, value: float
) -> None:
    ctx, num = number(sentence, at)
    apply_scale(ctx, num, has_cur)
    assert num.value == value


@pytest.mark.parametrize(
    ("sentence", "at", "unit"),
    [
        ("The road is 12 km long.", "12", "kilometre"),
        ("Italy covers 301,338 km2.", "301,338", "square kilometre"),
        ("It is 4 km squared.", "4", "square kilometre"),
        ("Water boils at 100 \u00b0C.", "100", "degree Celsius"),
        ("It rose 6.1%.", "6.1", "percent"),
        ("The fine was 15\u20ac.", "15", "EUR"),
        ("A 27-kilometer ring.", "27", "kilometre"),
        ("It lasted 3 hrs.", "3", "hour"),
    ],
)
def test_the_unit_after_a_number_is_read_with_its_power(sentence: str, at: str, unit: str) -> None:
    ctx, num = number(sentence, at)
    found = unit_after(ctx, num, False)
    assert found is not SKIP
    assert found is not None
    assert found[0] == unit


def test_letters_glued_to_a_number_that_are_no_unit_make_it_a_code() -> None:
    ctx, num = number("The code is 4G.", "4")
    assert unit_after(ctx, num, False) is SKIP


# --------------------------------------------------------------------------------------
# Step 3: read comparator and range.


@pytest.mark.parametrize(
    ("sentence", "at", "text", "cmp", "pre", "cur", "neg"),
    [
        ("Officials said more than 300 died.", "300", "more than ", "more than", "", "", False),
        ("Tickets cost between \u00a350.", "50", "between \u00a3", "", "between", "GBP", False),
        ("It rose from about 5 to 7.", "5", "from about ", "about", "from", "", False),
        ("It was minus 5 degrees.", "5", "minus ", "", "", "", True),
        ("The loss was US$-99.99.", "99.99", "US$-", "", "", "USD", True),
    ],
)
def test_the_left_context_is_read_forwards_part_by_part(
    sentence: str, at: str, text: str, cmp: str, pre: str, cur: str, neg: bool
) -> None:
    s = sentence.index(at)
    left = read_left(Context(sentence), s, 0)
    assert left is not None
    assert sentence[left.begin : s] == text
    assert (left.cmp, left.pre, left.cur, left.neg) == (cmp, pre, cur, neg)


def test_a_number_without_left_context_reads_none() -> None:
    sentence = "Police arrested 12 people."
    assert read_left(Context(sentence), sentence.index("12"), 0) is None


def test_the_left_context_stops_at_the_previous_quantity() -> None:
    sentence = "It fell more than 5 and more than 6."
    ctx = Context(sentence)
    second = sentence.index("6")
    assert read_left(ctx, second, second - 1) is None
    left = read_left(ctx, second, sentence.index(" and") + 1)
    assert left is not None
    assert left.cmp == "more than"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Adults aged 65 or over were invited.", (">=", "lo")),
        ("It takes 20 minutes or so.", ("~", "~")),
        ("Children aged 5 can enter.", ("=", "=")),
    ],
)
def test_a_trailing_comparator_sets_the_bounds(sentence: str, expected: tuple) -> None:
    ctx, num = number(sentence, next(w for w in sentence.split() if w[0].isdigit()))
    unit = unit_after(ctx, num, False)
    end = unit[1] if isinstance(unit, tuple) else num.end
    _, cmp, mode, _ = comparator(ctx, None, end, False, False)
    assert (cmp, mode) == expected


def test_a_range_reads_its_upper_end_and_a_score_is_skipped() -> None:
    ctx, first = number("Some 5 to 10 percent of staff left.", "5")
    rm = RANGE_CONNECTOR.match(ctx.low, first.end)
    assert rm is not None
    hi, unit, _ = read_range(ctx, rm, first, "", first.end, False, None, first.start)
    assert (hi.value, unit) == (10, "percent")
    ctx, first = number("City beat Arsenal 3-1 on Saturday.", "3")
    rm = RANGE_CONNECTOR.match(ctx.low, first.end)
    assert read_range(ctx, rm, first, "", first.end, False, None, first.start) is SKIP


def test_a_change_from_one_figure_to_another_is_no_range() -> None:
    sentence = "Unemployment rose from 5% to 7%."
    ctx, first = number(sentence, "5")
    unit, unit_end = unit_after(ctx, first, False)
    rm = RANGE_CONNECTOR.match(ctx.low, unit_end)
    left = read_left(ctx, first.start, 0)
    assert read_range(ctx, rm, first, unit, unit_end, False, left, first.start) is None


# --------------------------------------------------------------------------------------
# Step 4: attach the counted noun.


@pytest.mark.parametrize(
    ("phrase", "one", "noun"),
    [
        (" containers were stranded", False, "container"),
        (" previous failed attempts", False, "attempt"),
        (" police officers attended", False, "officer"),
        (" police were deployed", False, "police"),
        (" building collapsed", True, "building"),
        (" people reportedly died", False, "person"),
    ],
)
def test_the_counted_noun_is_the_singular_head_of_the_noun_phrase(
    phrase: str, one: bool, noun: str
) -> None:
    found = counted_noun(Context(phrase), 0, one)
    assert found is not None
    assert found[0] == noun


def test_a_plural_count_needs_a_plural_noun() -> None:
    assert counted_noun(Context(" said on Monday"), 0, False) is None
    assert counted_noun(Context(" building collapsed"), 0, False) is None


@pytest.mark.parametrize(
    ("word", "plural", "one"),
    [
        ("containers", True, "container"),
        ("people", True, "person"),
        ("cities", True, "city"),
        ("branches", True, "branch"),
        ("women", True, "woman"),
        ("news", False, "news"),
        ("virus", False, "virus"),
    ],
)
def test_plurals_are_recognised_and_singularised(word: str, plural: bool, one: str) -> None:
    assert (looks_plural(word), singular(word)) == (plural, one)


# --------------------------------------------------------------------------------------
# Dates, times, names and codes.


@pytest.mark.parametrize(
    ("sentence", "at", "skipped_to"),
    [
        ("She finished 3rd in the race.", "3", "3rd"),
        ("Music from the 1990s is back.", "1990", "1990s"),
        ("The meeting starts at 3 p.m. today.", "3", "3 p.m."),
        ("Shares closed at 4.5 pm on Friday.", "4.5", "4.5 pm"),
        ("The report came on Dec. 27, 2023.", "27", "27"),
        ("The rally started on 27 December.", "27", "27"),
        ("The shop at 40 W. 57th St. has closed.", "40", "40 W. 57th St"),
    ],
)
def test_ordinals_decades_times_days_of_a_month_and_addresses_are_skipped(
    sentence: str, at: str, skipped_to: str
) -> None:
    ctx, num = number(sentence, at)
    end = date_time_or_address_end(ctx, num, sentence.index(at), "")
    assert end == sentence.index(skipped_to) + len(skipped_to)


def test_a_clock_marker_after_a_named_length_is_no_time() -> None:
    sentence = "The grid has a size of 2.1 pm."
    ctx, num = number(sentence, "2.1")
    assert date_time_or_address_end(ctx, num, sentence.index("2.1"), "") is None


@pytest.mark.parametrize(
    ("sentence", "at", "name"),
    [
        ("Voyager 2 was launched.", "2", True),
        ("The Boeing 737 was grounded.", "737", True),
        ("He lives at No. 10.", "10", True),
        ("About 40 people came.", "40", False),
        ("Officials counted 40 people.", "40", False),
    ],
)
def test_a_capitalised_word_before_a_number_makes_it_a_name(
    sentence: str, at: str, name: bool
) -> None:
    assert is_id(Context(sentence), sentence.index(at)) == name


def test_the_word_before_a_position_is_read_forwards_with_its_spaces() -> None:
    ctx = Context("It fell on Dec.  27 and (about 5")
    assert ctx.prev_word(ctx.text.index("27")) == ("Dec.", "  ", ctx.text.index("Dec."))
    assert ctx.prev_word(ctx.text.index("5"))[0] == "about"
    assert ctx.prev_word(0) == ("", "", 0)
