"""The text layer: one tokeniser and stemmer, vocabularies as data, embeddings offline,
and imports that run one way (the layer imports no app and no Django)."""

import ast
from pathlib import Path

import pytest

from factcheck.text import embeddings, vocabulary
from factcheck.text.tokens import content_stems, stem, tokens

ROOT = Path(__file__).resolve().parent.parent
TEXT_LAYER = ROOT / "factcheck" / "text"


def _imported_modules(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return names


def test_the_text_layer_imports_no_app_and_no_django():
    imported = _imported_modules(TEXT_LAYER)
    assert not {
        name
        for name in imported
        if name.split(".")[0] in {"django", "rest_framework", "claims", "sources", "webhooks"}
    }


def test_one_stem_for_the_inflections_a_claim_and_its_evidence_differ_by():
    assert stem("rates") == stem("rated") == stem("rate")
    assert stem("shipped") == stem("shipping") == stem("ships")
    assert stem("Russia's") == stem("Russia")
    assert stem("1,000") == "1000"


def test_tokens_keep_their_spans_and_numbers():
    text = "Pyongyang shipped 1,000 containers, U.S. officials said."
    found = tokens(text)
    assert [t.text for t in found][:4] == ["Pyongyang", "shipped", "1,000", "containers"]
    assert all(text[t.start : t.end] == t.text for t in found)
    assert [t.number for t in found][:3] == [False, False, True]


def test_content_stems_leave_out_function_words_and_verbs_of_saying():
    stems = content_stems("The ministry said that prices rose by 4.5% in May")
    assert {"ministri", "price", "rose", "4.5"} <= stems
    assert not {"the", "said", "that", "by", "in"} & stems


def test_vocabularies_are_read_from_data_files():
    assert "the" in vocabulary.words("stop_words")
    assert "Eastern" in vocabulary.words("time_zone_words")
    with pytest.raises(FileNotFoundError):
        vocabulary.words("no_such_list")


def test_wordllama_loads_from_its_wheel_with_the_network_off(network_off):
    model = embeddings.embedder("wordllama")
    near, far = model.similarities(
        "North Korea put a military spy satellite into orbit",
        [
            "Pyongyang also managed last month to place a military spy satellite in orbit",
            "The central bank raised its key interest rate by a quarter point",
        ],
    )
    assert model.backend == "wordllama"
    assert near > far + 0.3


def test_an_unknown_backend_is_a_clear_error():
    with pytest.raises(embeddings.EmbeddingsUnavailable, match="choose one of"):
        embeddings.embedder("no-such-model")
