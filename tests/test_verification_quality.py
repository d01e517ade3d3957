"""How well checks find their evidence, on the labelled stance set.

(Stance accuracy on the same set is asserted in tests/test_stance.py.)
"""

import pytest

from tests.verification_eval import evidence_recall_at_5, load_passages

pytestmark = pytest.mark.django_db


def test_retrieval_ranks_the_labelled_evidence_among_the_first_five_passages():
    report = evidence_recall_at_5(load_passages())
    print(f"evidence recall@5: {report.recall_at_5:.2f} ({report.found_at_5}/{report.relevant})")
    assert report.recall_at_5 >= 0.85, report.misses
