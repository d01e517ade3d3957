"""Extraction speed (articles/s, sentences/s on one core) and quality on the labelled set.

Speed: one article, then a batch of 200 articles (the labelled articles and
the seed, repeated), through claims.extraction.pipeline.extract_claims, the
whole per-article path a worker runs (sentences, quantities, time references,
entities, attribution, scoring). The baseline is sentence splitting alone,
measured in the same run. Quality: precision and recall of claims, kind,
claimant, quantity and time-reference accuracy against tests/data/articles.
Prints figures; asserts nothing.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")

import django  # noqa: E402

django.setup()

from claims.extraction.pipeline import extract_claims  # noqa: E402
from claims.extraction.sentences import split_sentences  # noqa: E402
from sources.dates import split_date_prefix  # noqa: E402
from tests.extraction_eval import load_articles, score  # noqa: E402

BATCH = 200


def corpus() -> list[tuple[str, object]]:
    articles = [(text, published) for _, text, published, _ in load_articles()]
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text, published = split_date_prefix(seed.read_text(encoding="utf-8"))
        articles.append((text, published.date() if published else None))
    return articles


def rate(label: str, articles: list[tuple[str, object]], run) -> float:
    sentences = sum(len(split_sentences(text)) for text, _ in articles)
    start = time.perf_counter()
    for text, published in articles:
        run(text, published)
    elapsed = time.perf_counter() - start
    per_second = sentences / elapsed
    print(
        f"{label:<44} {len(articles) / elapsed:8.1f} articles/s {per_second:9.0f} sentences/s"
        f"  ({len(articles)} articles, {sentences} sentences)"
    )
    return per_second


def main() -> None:
    articles = corpus()
    batch = (articles * (BATCH // len(articles) + 1))[:BATCH]
    extract = lambda text, published: extract_claims(text, published=published)  # noqa: E731
    split = lambda text, published: split_sentences(text)  # noqa: E731
    extract(*articles[0])  # warm caches (regexes, the segmenter)
    print("speed, one core:")
    rate("extract_claims, one article", articles[:1], extract)
    baseline = rate("baseline: sentence splitting only, batch", batch, split)
    full = rate(f"extract_claims, batch of {BATCH}", batch, extract)
    print(f"full extraction / splitting alone: {full / baseline:.2f}x")
    print("\nquality on tests/data/articles:")
    print(" ", score().summary())


if __name__ == "__main__":
    main()
