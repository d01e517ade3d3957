"""Judge one passage against the claim: its stance, score and reasons.

The steps, each leaving reasons ``{"kind", "detail", ...}`` a reviewer reads:

1. relevance: the share of the claim's names (aliases such as "Kremlin" for
   Russia count) and key words (stop words dropped, stemmed) the passage has;
   below MIN_RELEVANCE the passage is unrelated (parties.py, words.py);
2. denials and negation, with who speaks (denials.py);
3. quantities: the claim's figures against the passage's (quantities.py);
4. the stance: supports or refutes when that side's signals outweigh the
   other's DOMINANCE times, mixed otherwise; with no signal at all, a passage
   sharing most of the claim's words supports the event at reduced strength;
5. time: a supporting or mixed passage that dates the event outside the
   claim's window carries a date conflict (dates.py).

``score = relevance x strength x reliability``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from claims.choices import Stance
from claims.extraction.canonical import normalise

from .dates import date_conflict_reason, date_reasons
from .denials import denials, plain_statement
from .facts import ClaimFacts, Judgement, PassageFacts
from .figures import number
from .parties import mentions
from .profile import ClaimProfile, PassageSentence, claim_profile, passage_sentences
from .quantities import compare_quantities
from .signals import Signals, Strength

# Measured on tests/data/stance.json (tests/test_stance.py).
MIN_RELEVANCE = 0.25  # below: unrelated
SUPPORT_RELEVANCE = 0.5  # no quantity, date or denial signal: supports from overlap alone
DOMINANCE = 2.0  # one side must outweigh the other this many times to decide a stance
_KEYWORD_SHARE, _ENTITY_SHARE = 0.6, 0.4  # how relevance weighs words and names
_COMPARED_BONUS = 0.25  # relevance a compared figure adds: it is about the same thing
_UNRELATED_STRENGTH = 0.1
_MIXED_DISCOUNT = 0.8
_SHOWN_WORDS = 8  # matched words a reason lists


@dataclass(frozen=True, slots=True)
class _Relevance:
    value: float  # 0..1
    keyword_share: float
    reasons: list[dict]


def judge_passage(claim: ClaimFacts, passage: PassageFacts, *, related: bool = False) -> Judgement:
    """The stance of one passage towards the claim, its score and the reasons for both.

    related: the passage is known to bear on the claim (relate found it so, by
    its meaning), so its figures and dates are read even when it shares few of
    the claim's words ("the toll was cut to 97" against "114 were killed")."""
    if isinstance(claim.published, datetime):
        claim = replace(claim, published=claim.published.date())
    if isinstance(passage.published, datetime):
        passage = replace(passage, published=passage.published.date())
    profile = claim_profile(claim)
    reliability = min(1.0, max(0.0, number(passage.reliability) or 0.0))
    sentences = passage_sentences(profile, passage.text)
    relevance = _relevance(profile, passage, sentences)
    reasons = list(relevance.reasons)
    signals = Signals()
    barely_related = relevance.value < MIN_RELEVANCE and not related
    negated = denials(profile, sentences, passage, barely_related, reasons, signals)
    if barely_related and not negated:
        reasons.append(_reliability_reason(passage, reliability))
        score = relevance.value * _UNRELATED_STRENGTH * reliability
        return Judgement(Stance.UNRELATED, round(score, 4), reasons, None)
    compare_quantities(profile, sentences, claim, passage, negated, reasons, signals)
    if profile.negated and not negated and (plain := plain_statement(profile, sentences, passage)):
        reasons.append(plain)  # "did not attend" against a passage that says it attended
        signals.add_refute(Strength.POLARITY, interested=False)
    value = relevance.value
    if signals.compared:
        value = min(1.0, value + _COMPARED_BONUS)
    stance, strength = _stance(signals, profile, sentences, relevance.keyword_share, value)
    date_conflict = None
    if stance in (Stance.SUPPORTS, Stance.MIXED):
        match, date_conflict = date_reasons(profile, sentences, passage)
        if match is not None:
            reasons.append(match)
        if date_conflict is not None:
            reasons.append(date_conflict_reason(profile, date_conflict))
    reasons.append(_reliability_reason(passage, reliability))
    score = round(min(1.0, value) * strength * reliability, 4)
    return Judgement(stance, score, reasons, date_conflict)


def _relevance(
    profile: ClaimProfile, passage: PassageFacts, sentences: list[PassageSentence]
) -> _Relevance:
    """How much of the claim the passage names: its names and its key words."""
    padded = f" {normalise(passage.text)} "
    names = [name for name, keys in profile.entities if any(mentions(padded, k) for k in keys)]
    stems = set().union(*(sent.stems for sent in sentences))
    matched = sorted(profile.surface.get(w, w) for w in profile.keywords & stems)
    keyword_share = len(matched) / len(profile.keywords) if profile.keywords else 0.0
    reasons = []
    relevance = keyword_share
    if profile.entities:
        entity_share = len(names) / len(profile.entities)
        relevance = _KEYWORD_SHARE * keyword_share + _ENTITY_SHARE * entity_share
        reasons.append(
            {
                "kind": "entity_overlap",
                "detail": _names_detail(names, len(profile.entities)),
                "matched": names,
                "share": round(entity_share, 3),
            }
        )
    reasons.append(
        {
            "kind": "keyword_overlap",
            "detail": _words_detail(matched, len(profile.keywords)),
            "matched": matched,
            "share": round(keyword_share, 3),
        }
    )
    return _Relevance(relevance, keyword_share, reasons)


def _share_words(found: int, of: int) -> str:
    """'all', 'most', 'half', 'some' or 'none' of a count, for a reviewer."""
    if found == 0:
        return "none"
    if found == of:
        return "all"
    return "most" if found * 2 > of else "half" if found * 2 == of else "some"


def _names_detail(names: list[str], total: int) -> str:
    share = _share_words(len(names), total)
    if not names:
        return f"Names none of the claim's {total} people, places or organisations."
    return (
        f"Names {share} of the claim's people, places or organisations "
        f"({len(names)} of {total}: {', '.join(names)})."
    )


def _words_detail(matched: list[str], total: int) -> str:
    if not matched:
        return (
            f"Shares none of the claim's {total} key words."
            if total
            else "The claim has no key words to share."
        )
    return (
        f"Shares {_share_words(len(matched), total)} of the claim's key words "
        f"({len(matched)} of {total}: {', '.join(matched[:_SHOWN_WORDS])})."
    )


def _reliability_reason(passage: PassageFacts, reliability: float) -> dict:
    who = passage.publisher or "The source"
    return {
        "kind": "reliability",
        "detail": f"{who} is rated {reliability:.2f} for reliability, on a scale from 0 to 1.",
        "value": reliability,
    }


def _stance(
    signals: Signals,
    profile: ClaimProfile,
    sentences: list[PassageSentence],
    keyword_share: float,
    relevance: float,
) -> tuple[Stance, float]:
    """The stance the signals decide, and its strength (0..1)."""
    sup, ref, mix = signals.support, signals.refute, signals.mixed
    if sup == ref == mix == 0.0:
        return _stance_from_overlap(signals, profile, sentences, keyword_share, relevance)
    if sup > 0 and sup >= DOMINANCE * max(ref, mix):
        return Stance.SUPPORTS, min(1.0, sup)
    if ref > 0 and ref >= DOMINANCE * max(sup, mix):
        return Stance.REFUTES, min(1.0, ref)
    return Stance.MIXED, min(1.0, max(sup, ref, mix)) * _MIXED_DISCOUNT


def _stance_from_overlap(
    signals: Signals,
    profile: ClaimProfile,
    sentences: list[PassageSentence],
    keyword_share: float,
    relevance: float,
) -> tuple[Stance, float]:
    """With no figure, date or denial to go by: the same event if the passage shares
    most of the claim's words (a place or a name alone does not make it the same)."""
    committal = any(sent.hits for sent in sentences)
    shared = keyword_share >= SUPPORT_RELEVANCE and relevance >= SUPPORT_RELEVANCE
    if signals.neutral or not shared or not committal:
        return Stance.UNRELATED, _UNRELATED_STRENGTH
    # the same event, but the claim's figure (if it has one) is not corroborated
    return Stance.SUPPORTS, Strength.OVERLAP_NO_FIGURE if profile.quantities else Strength.OVERLAP
