"""Extraction measured against eight hand-labelled articles on other topics.

The floors sit a little under today's figures (printed by `make bench`), so
a change that makes extraction clearly worse fails here.
"""

import pytest

from tests.extraction_eval import load_articles, score


@pytest.fixture(scope="module")
def scores():
    return score()


def test_there_are_labelled_articles_on_several_topics():
    topics = {labels["topic"] for _, _, _, labels in load_articles()}
    assert len(topics) >= 5


def test_most_labelled_claims_are_found(scores):
    assert scores.recall >= 0.85, scores.misses


def test_few_extracted_sentences_are_not_claims(scores):
    assert scores.precision >= 0.85, scores.false_positives


def test_headlines_bylines_captions_and_questions_are_never_claims(scores):
    structural = [
        item
        for item in scores.non_claims_extracted
        if item.split(": ", 1)[1].startswith(("By ", "Photo", "In this photo"))
        or item.endswith("?")
    ]
    assert structural == []


def test_the_claimant_is_usually_right(scores):
    assert scores.claimant_accuracy >= 0.8, scores.wrong_claimants


def test_the_kind_is_usually_right(scores):
    assert scores.kind_accuracy >= 0.7


def test_quantities_are_mostly_found_with_value_unit_and_comparator(scores):
    assert scores.quantity_recall >= 0.75


def test_time_references_are_mostly_resolved_to_the_labelled_dates(scores):
    assert scores.time_recall >= 0.6
