"""Sentences, attribution, entities, skip rules and canonical matching, one by one."""

import pytest

from claims.extraction.attribution import find_attribution, find_hedges
from claims.extraction.canonical import fingerprint, similarity
from claims.extraction.entities import find_entities
from factcheck.text import sentences as sentences_module
from factcheck.text.sentences import split_sentences

# --- sentences -----------------------------------------------------------------


def test_abbreviations_decimals_and_titles_do_not_end_sentences():
    text = (
        "The U.S. Dept. of Labor said on Dec. 5 that Mr. Ortega earned $3.5 million. "
        "Prices rose 2.5% in Jan. last year."
    )
    assert [s.text for s in split_sentences(text)] == [
        "The U.S. Dept. of Labor said on Dec. 5 that Mr. Ortega earned $3.5 million.",
        "Prices rose 2.5% in Jan. last year.",
    ]


def test_a_quotation_with_its_attribution_stays_one_sentence():
    text = '"We will not raise fares this year," the transit authority said. Ridership fell.'
    assert split_sentences(text)[0].text == (
        '"We will not raise fares this year," the transit authority said.'
    )


def test_a_time_of_day_before_a_time_zone_does_not_end_the_sentence():
    text = "The rocket lifted off at 3:42 a.m. Eastern time, the agency said."
    assert len(split_sentences(text)) == 1


def test_every_sentence_span_points_at_its_text_even_with_control_characters():
    text = "Head line\n\nFirst \x00claim said 5.\x07 Second one, here.\r\n\ufeffThird?\n"
    sentences = split_sentences(text)
    assert [text[s.start : s.end] for s in sentences] == [s.text for s in sentences]
    assert len(sentences) == 4


def test_a_line_break_always_ends_a_sentence():
    sentences = split_sentences("Budget approved\nThe council voted 7-2 on Monday.")
    assert [s.text for s in sentences] == ["Budget approved", "The council voted 7-2 on Monday."]
    assert sentences[0].whole_line


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\t\n") == []


def test_a_very_long_line_reaches_the_segmenter_in_pieces_and_splits_as_before(monkeypatch):
    # pysbd's time grows with the square of what it is given: it must never
    # get a whole 15,000-character paragraph.
    expected = [f"Mr. Hale said {n:,} homes were built." for n in range(1000, 1400)]
    segmenter, seen = sentences_module._segmenter(), []

    class Recording:
        def segment(self, text: str) -> list[str]:
            seen.append(len(text))
            return segmenter.segment(text)

    monkeypatch.setattr(sentences_module, "_segmenter", Recording)
    text = " ".join(expected)
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert [text[s.start : s.end] for s in sentences] == expected
    assert len(seen) > 1
    assert max(seen) <= sentences_module._PIECE_CHARS


# --- attribution -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("Last month U.S. authorities said the company had shipped 400 tonnes of steel.",
         "U.S. authorities"),
        ("Inflation fell to 3.2% in May, according to the Office for National Statistics.",
         "the Office for National Statistics"),
        ("Unemployment rose to 5%, the labour ministry said on Tuesday.", "the labour ministry"),
        ('"We expect two more cuts this year," said Maria Lopez, chief economist at Banco Norte.',
         "Maria Lopez"),
        ("The court heard 14 witnesses, the Associated Press reported.", "the Associated Press"),
        ("Dana Whitfield, a senior analyst at Harbour Capital, told Reuters that profits fell.",
         "Dana Whitfield"),
        ("The state health department said 1,204 nurses had left since 2022.",
         "The state health department"),
    ],
)  # fmt: skip
def test_the_claimant_is_whoever_the_sentence_attributes_it_to(sentence, claimant):
    assert find_attribution(sentence).claimant == claimant


def test_a_pronoun_speaker_is_returned_for_the_article_to_resolve():
    attribution = find_attribution("Wages could rise by 4% next year, he said.")
    assert (attribution.claimant, attribution.cue) == ("he", "pronoun")


def test_a_named_speaker_later_in_the_sentence_wins_over_a_pronoun():
    sentence = "Pictures it said showed the damage were fake, the Kremlin insisted."
    assert find_attribution(sentence).claimant == "the Kremlin"


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("But it was announced by the regulator Ofqual that marks would be lowered.",
         "the regulator Ofqual"),
        ("Council member Luis Ortega, one of two members who voted against, said it was wrong.",
         "Council member Luis Ortega"),
        ("Ingrid de Haan, a spokesperson for the union, said the company paid $1m.",
         "Ingrid de Haan"),
        ("The unit employs up to 800 people, people familiar with the matter said.",
         "people familiar with the matter"),
    ],
)  # fmt: skip
def test_passive_agents_asides_and_plain_trailing_speakers(sentence, claimant):
    assert find_attribution(sentence).claimant == claimant


def test_a_sentence_the_article_asserts_itself_has_no_claimant():
    assert find_attribution("The bridge carries 40,000 vehicles a day.") is None


def test_hedges_are_found_but_the_month_of_may_is_not_one():
    assert find_hedges("Rates may rise and exports could reportedly fall.") == (
        "may",
        "could",
        "reportedly",
    )
    assert find_hedges("Exports fell in May.") == ()


# --- entities --------------------------------------------------------------------


def test_people_organisations_and_places_are_told_apart():
    found = {
        (e.text, e.type)
        for e in find_entities(
            "President Christine Lagarde said the European Central Bank would meet in Frankfurt, "
            "while U.S. officials met Harry Lane at the Center for Fiscal Policy in Brazil."
        )
    }
    assert ("Christine Lagarde", "person") in found  # the title is not the name
    assert ("European Central Bank", "organization") in found
    assert ("U.S.", "place") in found
    assert ("Center for Fiscal Policy", "organization") in found
    assert ("Brazil", "place") in found


def test_entity_spans_point_at_their_text():
    sentence = "Yesterday the Ministry of Health said Ana Silva's clinic in Lisbon reopened."
    for entity in find_entities(sentence):
        assert sentence[entity.start : entity.end] == entity.text


def test_a_capitalised_first_word_is_not_an_entity():
    assert find_entities("Inflation fell sharply.") == []


# --- canonical claims --------------------------------------------------------------


def test_the_same_statement_with_other_quotes_and_spacing_has_one_fingerprint():
    a = "The council approved \u201cthe largest budget\u201d in its history."
    b = 'The council  approved "the largest budget" in its history'
    assert fingerprint(a) == fingerprint(b)


def test_a_lightly_reworded_statement_is_a_near_duplicate():
    a = "The council approved a budget of 4.2 billion euros on Tuesday."
    b = "On Tuesday the council approved a budget of 4.2 billion euros."
    assert similarity(a, b) >= 90


def test_statements_with_different_numbers_are_never_near_duplicates():
    a = "The council approved a budget of 4.2 billion euros on Tuesday."
    b = "The council approved a budget of 4.7 billion euros on Tuesday."
    assert similarity(a, b) == 0
