"""How well checks find their evidence: the labelled stance set, and real reporting
on the dev topics.

(Stance accuracy on the same set is asserted in tests/test_stance.py.)
"""

import pytest

from tests.topic_eval import scores_of
from tests.verification_eval import evidence_recall_at_5, load_passages

pytestmark = pytest.mark.django_db


def test_retrieval_ranks_the_labelled_evidence_among_the_first_five_passages():
    report = evidence_recall_at_5(load_passages())
    print(f"evidence recall@5: {report.recall_at_5:.2f} ({report.found_at_5}/{report.relevant})")
    assert report.recall_at_5 >= 0.85, report.misses


def test_checks_find_the_labelled_sources_of_the_dev_topics():
    """Real reporting on the dev topics (tests/data/verification_eval/dev): a floor
    under retrieval, so it cannot quietly fall back. Held-out topics are never
    loaded here; benchmarks/verification_quality.py prints them."""
    scores, _ = scores_of(("dev",))
    dev = scores["dev"]
    print(dev.line())
    assert dev.found_at_5 / dev.relevant_at_5 >= 0.5
