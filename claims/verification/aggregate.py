"""Aggregate judged passages into a suggested verdict, with the sources named.

Each report's best passage per side counts: one outlet repeated does not
dominate, and neither does one wire story that several outlets carry (a
passage that copies another publisher's counts with it, and the explanation
says who carried the same report); the scores are summed per side (mixed
counts half to each) and the verdict is supported / refuted when ``(S - R) / (S + R)`` passes
VERDICT_MARGIN, conflicting otherwise, and not_enough_evidence when little
relevant weight is left or only interested parties deny it. Confidence grows
with the margin and with the amount of evidence. A reviewer decides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from claims.choices import Stance, SuggestedVerdict
from claims.extraction.canonical import NEAR_DUPLICATE_THRESHOLD, normalise, similarity

from .dates import as_day, window_label
from .facts import ClaimFacts, Judgement, PassageFacts, Verdict
from .profile import ClaimProfile, claim_profile

# Measured on tests/data/stance.json (tests/test_stance.py).
VERDICT_MARGIN = 0.4  # (S - R) / (S + R) beyond which one side dominates a verdict
NEE_MIN_WEIGHT = 0.12  # less relevant evidence weight than this: not enough evidence
EVIDENCE_SCALE = 1.0  # total weight at which the amount of evidence gives ~63% confidence
_INTERESTED = "interested"  # the side of refutations resting only on interested denials
_SHOWN_SOURCES = 4

Judged = list[tuple[PassageFacts, Judgement]]


@dataclass(frozen=True, slots=True)
class _Sides:
    """Each side's passages, best first, one per publisher."""

    supports: Judged
    refutes: Judged
    mixed: Judged
    interested: Judged

    def weight(self, side: Judged) -> float:
        return sum(j.score for _p, j in side)


def aggregate(claim: ClaimFacts, judged: Judged) -> Verdict:
    """Weigh judged passages into a suggested verdict, confidence, explanation and flags.

    Each publisher counts once per side (its best passage), so one outlet repeated
    does not dominate; an interested party's denial counts at its (low) score and
    never refutes a claim on its own.
    """
    profile = claim_profile(claim)
    origins = _origins(judged)
    sides = _sides(judged, origins)
    verdict, confidence = _weigh(sides)
    flags = _date_conflict_flags(profile, judged)
    explanation = _explanation(profile, judged, sides, verdict, flags)
    explanation = " ".join([explanation, *_copies_sentences(judged, origins)])
    return Verdict(verdict, confidence, explanation, flags)


def _origins(judged: Judged) -> list[str]:
    """Whose report each passage is: its publisher's, or, when it copies a passage
    another publisher carries (a wire story in several outlets: the same
    wording and the same figures), the report of the first one to carry it."""
    origins: list[str] = []
    for index, (passage, _judgement) in enumerate(judged):
        origin = normalise(passage.publisher) or f"#{index}"
        for earlier, (other, _j) in enumerate(judged[:index]):
            if origins[earlier] != origin and _same_report(other.text, passage.text):
                origin = origins[earlier]
                break
        origins.append(origin)
    return origins


def _same_report(a: str, b: str) -> bool:
    return similarity(a, b) >= NEAR_DUPLICATE_THRESHOLD


def _copies_sentences(judged: Judged, origins: list[str]) -> list[str]:
    """One sentence per report that several publishers carried."""
    carriers: dict[str, list[str]] = {}
    for (passage, judgement), origin in zip(judged, origins, strict=True):
        if judgement.stance == Stance.UNRELATED or not passage.publisher:
            continue
        names = carriers.setdefault(origin, [])
        if passage.publisher not in names:
            names.append(passage.publisher)
    return [
        f"{', '.join(names[:-1])} and {names[-1]} carried the same report; it counts once."
        for names in carriers.values()
        if len(names) > 1
    ]


def _interested(judgement: Judgement) -> bool:
    """A refutation that rests only on denials by a party the claim is about."""
    refuting = [
        r
        for r in judgement.reasons
        if r["kind"] in ("denial", "negation", "quantity_conflict") and not r.get("negated")
    ]
    return bool(refuting) and all(r.get("interested") for r in refuting)


def _sides(judged: Judged, origins: list[str]) -> _Sides:
    """The best passage of each report (origins[i] is passage i's) on each side."""
    best: dict[tuple[str, str], tuple[PassageFacts, Judgement]] = {}
    for (passage, judgement), publisher in zip(judged, origins, strict=True):
        if judgement.stance == Stance.UNRELATED:
            continue
        side = str(judgement.stance)
        if side == Stance.REFUTES and _interested(judgement):
            side = _INTERESTED
        current = best.get((side, publisher))
        if current is None or (judgement.score, -passage.rank) > (
            current[1].score,
            -current[0].rank,
        ):
            best[(side, publisher)] = (passage, judgement)

    def side(name: str) -> Judged:
        items = [v for (s, _p), v in best.items() if s == name]
        return sorted(items, key=lambda pj: (-pj[1].score, pj[0].rank))

    return _Sides(
        side(Stance.SUPPORTS), side(Stance.REFUTES), side(Stance.MIXED), side(_INTERESTED)
    )


def _weigh(sides: _Sides) -> tuple[SuggestedVerdict, float]:
    """The verdict the sides' weights suggest, and how confident it is (0.05..0.95)."""
    sup, mix = sides.weight(sides.supports), sides.weight(sides.mixed)
    # A passage that bears out part of the claim and is silent on the rest is
    # weak support; only one that conflicts with part of it (another figure, a
    # revision, a denial) weighs on both sides.
    conflicting = sides.weight([item for item in sides.mixed if _conflicts(item[1])])
    ref_independent, ref_interested = sides.weight(sides.refutes), sides.weight(sides.interested)
    total = sup + ref_independent + ref_interested + mix
    if total < NEE_MIN_WEIGHT or (sup == 0 and ref_independent == 0 and mix == 0):
        # sure when nothing related turned up; less so when some weak evidence did
        confidence = 0.8 - 0.6 * min(1.0, total / (2 * NEE_MIN_WEIGHT))
        return SuggestedVerdict.NOT_ENOUGH_EVIDENCE, _bounded(confidence)
    s_weight = sup + 0.5 * mix
    # An interested party's denial is not independent evidence: the explanation
    # names it, but only independent refutation weighs against the support.
    r_weight = ref_independent + 0.5 * conflicting
    amount = 1.0 - math.exp(-total / EVIDENCE_SCALE)
    margin = (s_weight - r_weight) / (s_weight + r_weight)
    if conflicting > max(sup, ref_independent):
        return SuggestedVerdict.CONFLICTING, _bounded(amount * (1.0 - 0.5 * abs(margin)))
    if margin >= VERDICT_MARGIN:
        return SuggestedVerdict.SUPPORTED, _bounded(amount * (0.5 + 0.5 * margin))
    if margin <= -VERDICT_MARGIN:
        return SuggestedVerdict.REFUTED, _bounded(amount * (0.5 - 0.5 * margin))
    return SuggestedVerdict.CONFLICTING, _bounded(amount * (1.0 - 0.6 * abs(margin)))


_CONFLICT_KINDS = frozenset(
    {"quantity_conflict", "revision", "denial", "negation", "date_conflict"}
)


def _conflicts(judgement: Judgement) -> bool:
    """Whether a mixed passage conflicts with part of the claim, not just leaves it out."""
    return any(reason.get("kind") in _CONFLICT_KINDS for reason in judgement.reasons)


def _bounded(confidence: float) -> float:
    return round(min(0.95, max(0.05, confidence)), 3)


def _date_conflict_flags(profile: ClaimProfile, judged: Judged) -> list[dict]:
    """One date_conflict flag per evidence date, naming the publishers that give it."""
    conflicts: dict[str, dict] = {}
    for passage, judgement in judged:
        dc = judgement.date_conflict
        if dc is None or judgement.stance == Stance.UNRELATED:
            continue
        flag = conflicts.setdefault(
            dc["evidence_date"],
            {
                "kind": "date_conflict",
                "detail": "",
                "claim_window": list(dc["claim_window"]),
                "evidence_date": dc["evidence_date"],
                "evidence_text": dc["evidence_text"],
                "publishers": [],
            },
        )
        if passage.publisher and passage.publisher not in flag["publishers"]:
            flag["publishers"].append(passage.publisher)
    label = window_label(profile.window)
    for flag in conflicts.values():
        who = ", ".join(flag["publishers"]) or "a source"
        flag["detail"] = (
            f"The claim places it in {label} ({profile.window_text}) but {who} "
            f"date{'s' if len(flag['publishers']) <= 1 else ''} it to {flag['evidence_date']} "
            f"({flag['evidence_text']})."
        )
    return list(conflicts.values())


# ---- the explanation: one paragraph, the deciding side first


def _explanation(
    profile: ClaimProfile,
    judged: Judged,
    sides: _Sides,
    verdict: SuggestedVerdict,
    flags: list[dict],
) -> str:
    parts = _opening(judged, verdict)
    found = []
    if sides.supports:
        found.append(_side_sentence("Supported", sides.supports, Stance.SUPPORTS))
    if sides.refutes:
        found.append(_side_sentence("Refuted", sides.refutes, Stance.REFUTES))
    parts.extend(reversed(found) if verdict == SuggestedVerdict.REFUTED else found)
    if sides.mixed:
        parts.append(_side_sentence("Qualified", sides.mixed, Stance.MIXED))
    parts.extend(_interested_sentences(sides.interested))
    parts.extend(_context_sentence(judged))
    if flags:
        parts.append(_date_sentence(profile, flags))
    return " ".join(parts)


def _opening(judged: Judged, verdict: SuggestedVerdict) -> list[str]:
    if verdict == SuggestedVerdict.CONFLICTING:
        return ["Sources conflict."]
    if verdict != SuggestedVerdict.NOT_ENOUGH_EVIDENCE:
        return []
    if not judged:
        return ["Not enough evidence: no passage from another source was found."]
    related = sum(1 for _p, j in judged if j.stance != Stance.UNRELATED)
    return [
        f"Not enough evidence: {len(judged)} passage{'s' if len(judged) != 1 else ''} "
        f"examined, {related} related"
        + (", and none independently supports or refutes the claim." if related else ".")
    ]


def _side_sentence(verb: str, items: Judged, side: Stance) -> str:
    return f"{verb} by {_count(len(items))} ({_sources(items)}): {_summary(items, side)}."


def _interested_sentences(interested: Judged) -> list[str]:
    """One sentence per interested party that denied it."""
    parts, seen = [], set()
    for passage, judgement in interested:
        r = _first(judgement, "denial", "negation")
        party = r["party"] if r else "A party named in the claim"
        if party.lower() in seen:
            continue
        seen.add(party.lower())
        verb = "denied it" if r is None or r["kind"] == "denial" else "disputes it"
        parts.append(
            f"{party[:1].upper()}{party[1:]} (an interested party) {verb} ({_source(passage)})."
        )
    return parts


def _context_sentence(judged: Judged) -> list[str]:
    """The first running total that was not counted against the claim."""
    for passage, judgement in judged:
        r = _first(judgement, "quantity_context")
        if r is not None and r.get("relation") == "running_total":
            return [
                f"Context, not counted against the claim: {_inline(r['detail'])} "
                f"({_source(passage)})."
            ]
    return []


def _date_sentence(profile: ClaimProfile, flags: list[dict]) -> str:
    dates = sorted(flags, key=lambda f: f["evidence_date"])
    many = sum(len(f["publishers"]) or 1 for f in dates) > 1
    return (
        f"Date conflict: the claim places it in {window_label(profile.window)}"
        + (f" ({profile.window_text})" if profile.window_text else "")
        + f" but {'sources date' if many else 'a source dates'} it to "
        + ", ".join(f["evidence_date"] for f in dates)
        + "."
    )


def _source(passage: PassageFacts) -> str:
    name = passage.publisher or "an unnamed source"
    published = as_day(passage.published)
    return f"{name}, {published.isoformat()}" if published else name


def _sources(items: Judged) -> str:
    shown = [_source(p) for p, _j in items[:_SHOWN_SOURCES]]
    if len(items) > _SHOWN_SOURCES:
        shown.append(f"and {len(items) - _SHOWN_SOURCES} more")
    return "; ".join(shown)


def _count(n: int) -> str:
    return f"{n} source{'s' if n != 1 else ''}"


def _first(judgement: Judgement, *kinds: str) -> dict | None:
    return next((r for r in judgement.reasons if r["kind"] in kinds), None)


def _inline(detail: str) -> str:
    """A reason's sentence inside the explanation's own (which ends it)."""
    return detail.removesuffix(".")


def _summary(items: Judged, side: Stance) -> str:
    """What a side's sources say, in a clause."""
    plural = len(items) != 1
    they, s = ("they", "") if plural else ("it", "s")
    if side == Stance.SUPPORTS:
        return _support_summary(items, they, s)
    if side == Stance.REFUTES:
        return _refute_summary(items, they, s)
    r = _first(items[0][1], "quantity_conflict", "negation", "denial", "quantity_match")
    return _inline(r["detail"]) if r is not None else f"{they} agree{s} only in part"


def _support_summary(items: Judged, they: str, s: str) -> str:
    figures, claim_text = [], ""
    for _p, j in items:
        r = _first(j, "quantity_match")
        if r is not None and not r.get("negated"):
            claim_text = claim_text or r["claim"]
            if r["evidence"] not in figures:
                figures.append(r["evidence"])
    if figures:
        joined = " and ".join(f"'{f}'" for f in figures[:2])
        return f"{they} report{s} {joined}, matching the claim's '{claim_text}'"
    names = _first(items[0][1], "entity_overlap")
    named = names["matched"] if names else []
    return f"{they} report{s} the same event" + (f" (naming {', '.join(named)})" if named else "")


def _refute_summary(items: Judged, they: str, s: str) -> str:
    r = _first(items[0][1], "quantity_conflict", "denial", "negation")
    if r is None:
        return f"{they} contradict{s} it"
    if r["kind"] != "quantity_conflict" or r.get("relation") == "direction":
        return _inline(r["detail"])
    figures = []
    for _p, j in items:
        other = _first(j, "quantity_conflict")
        if other is not None and other["evidence"] not in figures:
            figures.append(other["evidence"])
    joined = " and ".join(f"'{f}'" for f in figures[:2])
    return f"{they} report{s} {joined}, against the claim's '{r['claim']}'"
