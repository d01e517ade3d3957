"""Extraction speed (articles/s, sentences/s on one core) and quality on the labelled set.

Speed: one article, then a batch of 200 articles (the labelled articles and
the seed, repeated), through claims.extraction.pipeline.extract_claims, the
whole per-article path a worker runs (sentences, quantities, time references,
entities, attribution, scoring). The baseline is sentence splitting alone,
measured in the same run. Large documents: a post of 20,000 short sentences
(five to a line, then all on one line) and a 1,000,000-character article (the
corpus's paragraphs repeated, numbers varied), each against its own first
eighth: the same sentences/s means extraction is linear in the text (the
batch's rate differs with the kind of sentences, not the length). Quality:
every measure of tests/extraction_eval.py (claims, layout lines, claimants,
kinds, quantities, time references, entities) for the dev and held-out
articles side by side. Prints figures; asserts nothing.
"""

import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.local")

import django  # noqa: E402

django.setup()

from claims.extraction.pipeline import extract_claims  # noqa: E402
from factcheck.text.sentences import split_sentences  # noqa: E402
from sources.dates import split_date_prefix  # noqa: E402
from tests.extraction_eval import SPLITS, load_articles, score  # noqa: E402

BATCH = 200
LONG_POST_SENTENCES = 20_000
LONG_ARTICLE_CHARS = 1_000_000


def corpus() -> list[tuple[str, object]]:
    articles = [(a.text, a.published) for split in SPLITS for a in load_articles(split)]
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text, published = split_date_prefix(seed.read_text(encoding="utf-8"))
        articles.append((text, published.date() if published else None))
    return articles


def short_sentences(count: int) -> list[str]:
    """Distinct short checkable-looking sentences ("Police said 4,512 jobs were cut.")."""
    rng = random.Random(1)
    subjects = ["The council", "The ministry", "Mayor Price", "Police", "The union", "The bank"]
    things = ["homes were built", "jobs were cut", "cars were sold", "nurses were hired"]
    sentences: set[str] = set()
    while len(sentences) < count:
        year = f" in {rng.randint(1990, 2024)}" if rng.random() < 0.15 else ""
        number = rng.randint(100, 99_999)
        sentences.add(f"{rng.choice(subjects)} said {number:,} {rng.choice(things)}{year}.")
    return sorted(sentences)


def long_post(*, one_line: bool) -> str:
    sentences = short_sentences(LONG_POST_SENTENCES)
    if one_line:
        return " ".join(sentences)
    return "\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))


def long_article(articles: list[tuple[str, object]]) -> str:
    paragraphs = [p for text, _ in articles for p in text.splitlines() if len(p) > 80]
    rng = random.Random(7)
    vary = lambda match: f"{rng.randint(2, 9999):,}"  # noqa: E731
    text, index = "", 0
    while len(text) < LONG_ARTICLE_CHARS - 2000:
        text += re.sub(r"\d[\d,]*", vary, paragraphs[index % len(paragraphs)]) + "\n\n"
        index += 1
    return text[:LONG_ARTICLE_CHARS]


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
    print("\nlarge documents, one core (linear: the whole as fast as its first eighth):")
    for label, text in (
        (f"{LONG_POST_SENTENCES:,}-sentence post, 5 a line", long_post(one_line=False)),
        (f"{LONG_POST_SENTENCES:,}-sentence post, one line", long_post(one_line=True)),
        (f"{LONG_ARTICLE_CHARS:,}-char article", long_article(articles)),
    ):
        eighth = rate(f"{label}, first eighth", [(text[: len(text) // 8], None)], extract)
        whole = rate(label, [(text, None)], extract)
        print(f"  whole / first eighth: {whole / eighth:.2f}x; whole / batch: {whole / full:.2f}x")
    print_quality()


def print_quality() -> None:
    """Every measure for dev and held-out side by side (tuned on dev only)."""
    scores = {split: score(load_articles(split)) for split in SPLITS}
    articles = {split: len(load_articles(split)) for split in SPLITS}
    print("\nquality on tests/data/articles (dev: rules may be tuned on it; held-out: never):")
    heads = [f"{split} ({articles[split]} articles)" for split in SPLITS]
    print(f"  {'measure':<42}" + "".join(f"{h:>24}" for h in heads))
    for row in zip(*(scores[split].rows() for split in SPLITS), strict=True):
        print(f"  {row[0][0]:<42}" + "".join(f"{figure:>24}" for _, figure in row))


if __name__ == "__main__":
    main()
