"""Step three of a check, judge: which way does a related passage point?

The rules (claims.verification.judge and the modules it calls) read the
passage for reasons a reviewer can check: figures that match or conflict,
dates, denials and who makes them, negation. A passage the rules find
contradicting the claim refutes it. Otherwise a logistic model fitted on the
dev topics (weights/fit.py) weighs those reasons, the passage's relation to
the claim (relate) and its modality (hedged or revised wording) to tell a
passage that bears the claim out (supports) from one that bears out only
part of it or revises its figure (mixed). The refuting side stays with the
rules: a model fitted on the dev topics' refuting passages (50 of 285 related
ones on nine topics) found more of them but lowered dev stance agreement
(0.50 to 0.47; with 24 of 193 on seven topics, 0.54 to 0.49). A passage
relate() finds unrelated stays unrelated."""

from __future__ import annotations

from dataclasses import dataclass

from claims.choices import Stance
from claims.extraction.attribution import find_hedges
from factcheck.text.tokens import tokens
from factcheck.text.vocabulary import words

from .facts import Judgement
from .model import Weights
from .relate import Relation, relation_reasons

# Each model's own decision boundary (probability one half), not a tuned
# threshold: less likely than this to bear on the claim is unrelated, and
# at least this likely to bear out only part of it is mixed.
RELATED = 0.5
PARTIAL = 0.5
_RULE_STANCES = (Stance.SUPPORTS, Stance.MIXED)


@dataclass(frozen=True)
class Decision:
    """The stance of one passage, its evidence score and every reason, in plain words."""

    stance: str
    score: float
    reasons: list[dict]


def direction_features(
    relation: Relation, judgement: Judgement, claim_text: str, passage_text: str
) -> dict[str, float]:
    """The signals the direction model weighs: the rules' reasons and the relation's."""
    kinds = [reason.get("kind") for reason in judgement.reasons]
    denials = [r for r in judgement.reasons if r.get("kind") in ("denial", "negation")]
    features = {f"rule_{stance}": float(judgement.stance == stance) for stance in _RULE_STANCES}
    features |= {
        "quantity_match": min(kinds.count("quantity_match"), 2) / 2,
        "quantity_conflict": min(kinds.count("quantity_conflict"), 2) / 2,
        "quantity_other_period": float("quantity_context" in kinds),
        "date_match": float("date_match" in kinds),
        "date_conflict": float(judgement.date_conflict is not None),
        "denial_independent": float(any(not r.get("interested") for r in denials)),
        "denial_interested": float(any(r.get("interested") for r in denials)),
        "hedged": float(bool(find_hedges(passage_text)) and not find_hedges(claim_text)),
        "revised": float(_revises(passage_text) and not _revises(claim_text)),
    }
    relation_features = relation.features
    for name in ("similarity", "word_share", "name_share", "number_share", "has_numbers"):
        features[name] = relation_features[name]
    return features


def decide(
    relation: Relation,
    judgement: Judgement,
    claim_text: str,
    passage_text: str,
    reliability: float,
    weights: Weights,
) -> Decision:
    """The passage's stance: unrelated unless related, else the direction model's choice."""
    reasons = relation_reasons(relation) + _readable(judgement.reasons)
    score = round(relation.probability * reliability, 4)
    if relation.probability < RELATED:
        return Decision(Stance.UNRELATED, score, reasons)
    if judgement.stance == Stance.REFUTES:
        return Decision(Stance.REFUTES, score, reasons)
    features = direction_features(relation, judgement, claim_text, passage_text)
    if features["revised"]:
        reasons.append(
            {
                "kind": "revision",
                "detail": "Speaks of a revised or corrected account: the claim's figure "
                "may have been superseded.",
            }
        )
    if weights.probability("direction", features) >= PARTIAL:
        reasons.append(
            {
                "kind": "partial",
                "detail": "Bears out only part of the claim: "
                + _what_is_missing(relation.features),
            }
        )
        return Decision(Stance.MIXED, score, reasons)
    return Decision(Stance.SUPPORTS, score, reasons)


def _what_is_missing(features: dict[str, float]) -> str:
    missing = []
    if features["has_numbers"] and features["number_share"] < 1.0:
        missing.append("not all of its figures")
    if features["has_names"] and features["name_share"] < 1.0:
        missing.append("not all of its names")
    if features["word_share"] < 0.6:
        missing.append("few of its words")
    return ("it repeats " + " and ".join(missing) + ".") if missing else "it says less."


def _revises(text: str) -> bool:
    lowered = " ".join(t.lower for t in tokens(text))
    return any(f" {word} " in f" {lowered} " for word in words("revision_words"))


def _readable(reasons: list[dict]) -> list[dict]:
    """The rules' reasons without their raw overlap counts: relate says that in words."""
    return [r for r in reasons if r.get("kind") not in ("keyword_overlap", "entity_overlap")]
