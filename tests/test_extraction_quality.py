"""Extraction measured against the dev split of the hand-labelled articles.

Floors on dev only: the held-out articles (tests/data/articles/heldout) are
never used to tune a rule, so no test reads their figures; benchmarks/
extraction.py prints both splits side by side. The floors sit a little under
today's dev figures, so a change that makes extraction clearly worse fails.
"""

import pytest

from tests.extraction_eval import SPLITS, load_articles, score


@pytest.fixture(scope="module")
def scores():
    return score(load_articles("dev"))


def test_each_split_has_labelled_articles_on_several_topics():
    for split in SPLITS:
        topics = {article.labels["topic"] for article in load_articles(split)}
        assert len(topics) >= 5, split


def test_the_splits_share_no_topic():
    dev, heldout = ({a.labels["topic"] for a in load_articles(split)} for split in SPLITS)
    assert dev.isdisjoint(heldout)


def test_most_labelled_claims_are_found(scores):
    assert scores.recall.value >= FLOORS["recall"], scores.recall.failures


def test_few_extracted_sentences_are_not_claims(scores):
    assert scores.precision.value >= FLOORS["precision"], scores.precision.failures


def test_layout_lines_are_never_claims(scores):
    assert len(scores.layout_extracted) <= FLOORS["layout_extracted"], scores.layout_extracted


def test_the_claimant_is_usually_right(scores):
    assert scores.claimant.value >= FLOORS["claimant"], scores.claimant.failures


def test_the_kind_is_usually_right(scores):
    assert scores.kind.value >= FLOORS["kind"], scores.kind.failures


def test_quantities_are_found_with_value_unit_and_comparator(scores):
    assert scores.quantity_value.value >= FLOORS["quantity_value"]
    assert scores.quantity_full.value >= FLOORS["quantity_full"], scores.quantity_full.failures


def test_time_references_are_resolved_to_the_labelled_spans(scores):
    assert scores.time.value >= FLOORS["time"], scores.time.failures


def test_entities_are_found_with_their_type(scores):
    assert scores.entity_type.value >= FLOORS["entity_type"], scores.entity_type.failures


FLOORS = {
    "recall": 0.95,
    "precision": 0.9,
    "layout_extracted": 1,
    "claimant": 0.78,
    "kind": 0.72,
    "quantity_value": 0.9,
    "quantity_full": 0.72,
    "time": 0.72,
    "entity_type": 0.6,
}
