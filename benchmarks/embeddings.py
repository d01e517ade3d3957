"""Embeddings backends side by side: load time, batch speed and one check's cost, one core.

For each backend of factcheck.text.embeddings that is installed in the running
interpreter ("wordllama", the default; "minilm", the [semantic] extra):

- load: the first embedder() call in this process (the backend's imports and
  its model read from the wheel), with the network never asked;
- batch: sentences per second embedding 10,000 distinct news-like sentences
  in one embed() call;
- one check: a short claim against 25 passages (one similarities() call, the
  work a verification check adds), the median of 50 repetitions.

The process is pinned to one CPU and BLAS/torch run one thread. A backend that
is not installed prints the command that installs it. Prints figures, asserts
nothing.

    .venv/bin/python benchmarks/embeddings.py
    .venv-semantic/bin/python benchmarks/embeddings.py
"""

import os

# One core: BLAS pools size themselves when numpy (or torch) is first imported.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import random  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.text import embeddings  # noqa: E402

SENTENCES = 10_000
PASSAGES = 25
REPEATS = 50
INSTALL = {"minilm": "pip install '.[semantic]'", "wordllama": "pip install wordllama"}
CLAIM = "The council raised bus fares by 12% in January."

SUBJECTS = [
    "The council", "The health ministry", "Mayor Ana Price", "Police in Harbour City",
    "The teachers' union", "The central bank", "A spokesperson for the airline",
    "Opposition leaders", "The regional government", "Researchers at the university",
    "The energy regulator", "Residents of the eastern district",
]  # fmt: skip
VERBS = [
    "said on Tuesday that", "announced that", "denied reports that", "confirmed that",
    "warned that", "told reporters that", "claimed that", "estimated that",
]  # fmt: skip
FACTS = [
    "{n:,} homes would be built by {y}",
    "bus fares would rise by {p}% from next month",
    "{n:,} jobs had been cut since {y}",
    "the hospital had treated {n:,} patients last winter",
    "unemployment fell to {p}% in the third quarter",
    "the new bridge would cost {n:,} million euros",
    "crime in the city centre dropped by {p}% over the year",
    "the strike had stranded {n:,} containers at the port",
    "the vaccine was {p}% effective against severe illness",
    "the school budget would be cut by {n:,} pounds per pupil",
    "wildfires had burned {n:,} hectares since {y}",
    "the plant would close before the end of {y}",
]
TAILS = [
    "", ", according to official figures", ", citing an internal report",
    ", despite earlier promises", ", a claim its critics dispute",
    " after months of negotiations", ", in a statement published online",
]  # fmt: skip


def news_sentences(count: int, seed: int = 1) -> list[str]:
    """Distinct news-like sentences ("The council said on Tuesday that 4,512 homes ...")."""
    rng = random.Random(seed)
    found: set[str] = set()
    while len(found) < count:
        fact = rng.choice(FACTS).format(
            n=rng.randint(20, 99_999), y=rng.randint(1995, 2026), p=rng.randint(2, 60)
        )
        found.add(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {fact}{rng.choice(TAILS)}.")
    ordered = sorted(found)  # a set's order changes with the hash seed
    rng.shuffle(ordered)
    return ordered


def passages(count: int) -> list[str]:
    """Passages of two or three sentences, as retrieval hands a check."""
    sentences = news_sentences(count * 3, seed=2)
    rng = random.Random(3)
    return [" ".join(sentences[i * 3 : i * 3 + rng.choice((2, 3))]) for i in range(count)]


def threads() -> str:
    parts = []
    try:
        from threadpoolctl import threadpool_info

        parts += [f"{pool['internal_api']} {pool['num_threads']}" for pool in threadpool_info()]
    except ImportError:
        pass
    if "torch" in sys.modules:
        parts.append(f"torch {sys.modules['torch'].get_num_threads()}")
    return ", ".join(parts) or "not readable (threadpoolctl not installed)"


def bench(backend: str, sentences: list[str], evidence: list[str]) -> None:
    print(f"{backend}:")
    start = time.perf_counter()
    try:
        model = embeddings.embedder(backend)
    except embeddings.EmbeddingsUnavailable as error:
        if isinstance(error.__cause__, ImportError):
            print(f"  not installed: {INSTALL.get(backend, 'pip install .')}")
        else:
            print(f"  unavailable: {error}")
        return
    load = time.perf_counter() - start
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)
    model.embed(sentences[:256])  # warm up (first-call allocations, kernels)
    print(f"  model {model.model}, {model.embed(['x']).shape[1]} dimensions; threads: {threads()}")
    print(f"  load (imports + model from the wheel)  {load:8.2f} s")

    start = time.perf_counter()
    model.embed(sentences)
    elapsed = time.perf_counter() - start
    print(
        f"  batch of {len(sentences):,} sentences          {len(sentences) / elapsed:8,.0f}"
        f" sentences/s ({elapsed:.2f} s)"
    )

    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        model.similarities(CLAIM, evidence)
        times.append(time.perf_counter() - start)
    print(
        f"  one check: claim vs {len(evidence)} passages     {statistics.median(times) * 1000:8.2f}"
        f" ms median of {REPEATS} (min {min(times) * 1000:.2f}, max {max(times) * 1000:.2f})"
    )
    near, far = model.similarities(
        "North Korea put a military spy satellite into orbit",
        [
            "Pyongyang also managed last month to place a military spy satellite in orbit",
            "The central bank raised its key interest rate by a quarter point",
        ],
    )
    print(f"  paraphrase {near:.2f} vs unrelated {far:.2f} (cosine)")


def main() -> None:
    sentences = news_sentences(SENTENCES)
    evidence = passages(PASSAGES)
    words = sum(len(s.split()) for s in sentences) / len(sentences)
    passage_words = sum(len(p.split()) for p in evidence) / len(evidence)
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(
        f"one core (CPU {cpus}), python {sys.version.split()[0]};"
        f" sentences average {words:.1f} words, passages {passage_words:.1f} words"
    )
    for backend in embeddings.BACKENDS:
        bench(backend, sentences, evidence)


if __name__ == "__main__":
    main()
