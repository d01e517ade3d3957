"""Canonical claims: which pairs of sentences state the same fact."""

import json
from pathlib import Path

import pytest

from claims.extraction.canonical import NEAR_DUPLICATE_THRESHOLD, same_statement, similarity
from claims.services import claim_find_canonical

PAIRS = json.loads((Path(__file__).parent / "data" / "near_duplicates.json").read_text())["pairs"]


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p["b"][:40])
def test_each_labelled_pair_is_judged_the_same_or_different_as_labelled(pair):
    assert same_statement(pair["a"], pair["b"]) is pair["same"]


def test_the_labelled_pairs_include_hard_negatives_that_read_almost_alike():
    hard = [
        p for p in PAIRS if not p["same"] and similarity(p["a"], p["b"]) >= NEAR_DUPLICATE_THRESHOLD
    ]
    assert len(hard) >= 5  # similarity alone would merge these


def test_a_negated_copy_is_not_the_same_statement():
    assert not same_statement(
        "The drug cut admissions by 30% in the trial.",
        "The drug did not cut admissions by 30% in the trial.",
    )


def test_adding_an_attribution_keeps_the_statement_the_same():
    assert same_statement(
        "Exports fell 4.1% in April.", "Exports fell 4.1% in April, the statistics office said."
    )


@pytest.mark.django_db
def test_a_copy_with_another_attribution_finds_the_claim_already_held(make_claim) -> None:
    held = make_claim(
        text="More than 12,400 nurses left public hospitals in 2023.", fingerprint="held"
    )
    copy = (
        "More than 12,400 nurses left public hospitals in 2023, Senator Mara Quill said on Tuesday."
    )
    assert claim_find_canonical(text=copy) == held
