"""Verification quality on labelled real reporting, dev and held-out topics side by side.

Every topic of tests/data/verification_eval (an article, its labelled claims,
15 other sources with each excerpt labelled per claim) is loaded into one
fresh database: each source as a Document of its publisher, each article as
an article whose claims are extracted. Every labelled claim is then checked
(retrieve, judge, aggregate), in-process, and its evidence scored against the
labels. Topics of all splits sit in the same database, so each check also
meets the other topics' documents, as on a real desk.

Measures, per split (a source's label for a claim is the strongest of its
excerpts' labels: refutes, then partially, then supports, else unrelated):
- recall@5: labelled sources (supports, refutes, partially) among the distinct
  documents of the check's five best passages, over min(5, relevant);
- recall@all: labelled sources anywhere in the check's evidence;
- stance agreement: for each retrieved labelled source (unrelated labels
  included), its best passage's stance against the label (partially = mixed),
  with per-class precision and recall;
- refutes found: sources labelled refutes or partially that the evidence
  judges refutes or mixed, over all such sources;
- noise@5: documents among the five best that no excerpt of any source
  relates to the claim (other topics, hard negatives, unlabelled sources).

The held-out split is printed for the record and is never used to fit or
tune anything (tests/data/verification_eval/README.md). The embeddings
backend is FACTCHECK_EMBEDDINGS (wordllama by default; minilm with the
[semantic] extra), each with the weights fitted for it. SQLite under a
temporary folder by default; set DATABASE_URL to an empty PostgreSQL database
for PostgreSQL. Prints figures,
asserts nothing.
"""

import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="factcheck-vq-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from claims.verification.model import weights_for  # noqa: E402
from sources.models import Document  # noqa: E402
from tests.topic_eval import SPLITS, STANCES, scores_of  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    scores, items = scores_of(SPLITS)
    topics = Counter(split for split, _ in {(i.split, i.topic) for i, _ in items})
    documents = Document.objects.count()
    print(f"database: {connection.vendor}, {documents} documents, one process")
    backend = settings.FACTCHECK_EMBEDDINGS
    print(f"embeddings: {backend}, weights {weights_for(backend).signature} (fitted on dev)")
    counts = {s: sum(1 for i, _ in items if i.split == s) for s in SPLITS}
    rows = {"topics / claims": {s: f"{topics[s]} / {counts[s]}" for s in SPLITS}}
    lines = {split: scores[split].line() for split in SPLITS}
    rows |= {measure: {s: lines[s][measure] for s in SPLITS} for measure in lines["dev"]}
    classes = {split: scores[split].per_class() for split in SPLITS}
    rows |= {f"  {stance}": {s: classes[s][stance] for s in SPLITS} for stance in STANCES}
    print(f"{'':<22}" + "".join(f"{split:<32}" for split in SPLITS))
    for name, values in rows.items():
        print(f"{name:<22}" + "".join(f"{values[s]:<32}" for s in SPLITS))


if __name__ == "__main__":
    main()
