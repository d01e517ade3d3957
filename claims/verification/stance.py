"""Stance of one evidence passage towards one claim, and a suggested verdict.

Pure functions over plain values (no database, no network), rule-based so every
decision can be explained: a :class:`Judgement` carries the reasons behind its
stance, and :func:`aggregate` turns judged passages into a suggested verdict with
a one-paragraph explanation naming the sources. A reviewer makes the decision.

Rules of :func:`judge_passage` (each leaves a reason ``{"kind", "detail", ...}``):

Relevance (``entity_overlap``, ``keyword_overlap``)
    The share of the claim's entities (aliases such as "Kremlin" -> Russia and
    demonyms count) and of its salient words (stop words dropped, lightly stemmed)
    found in the passage. Below ``MIN_RELEVANCE`` the passage is unrelated.

Quantities (``quantity_match``, ``quantity_conflict``, ``quantity_context``)
    Each claim quantity is compared with the nearest quantity of a compatible unit
    in a passage sentence about the same thing (the same counted noun or a
    synonym, the same currency, percent with percent, convertible measures). The
    claim's figure becomes an interval: "=" allows ``EXACT_TOLERANCE`` (10%), "~"
    ``APPROX_TOLERANCE`` (15%), "more than 1,000" is [1000, inf); a percentage is
    as precise as it is written ("6.1%" is 6.05..6.15, so 5.8% conflicts, while a
    source's "6%" covers 5.5..6.5 and is merely consistent). Evidence inside
    the interval matches (the comparator is noted: "1,000" satisfies "more than
    1,000" only at its bound); evidence outside conflicts; a claim figure inside an
    evidence bound ("1,200" vs "more than 1,000") is consistent (weak support);
    bounds that only overlap ("up to 1,000" vs "more than 1,000") qualify the
    claim (mixed). Opposite direction words ("rose to 4%" vs "fell to 4%") conflict
    even when the numbers agree. Context never refutes: a larger running total
    ("3,400 jobs cut so far", "in total", "since ...") in a report published on or
    after the claim's article, an earlier smaller count against a claimed total,
    and a figure the passage dates to another period (the passage is then
    unrelated: it says nothing about the claimed figure). A figure in a negated
    clause ("did not cut 1,400 jobs") supports nothing.

Time (``date_match``, ``date_conflict``)
    The claim's window is the span of its resolved time references. Dates in the
    passage's relevant sentences are resolved against the passage's own published
    date; if none overlaps the window, or the passage was published before the
    window opened, the passage dates the event elsewhere: ``date_conflict`` holds
    both dates. The event itself can still be supported.

Denial and negation (``denial``, ``negation``)
    "denied", "rejected the claim", "no evidence", "did not", "never", "false",
    "baseless", "fabricated" ... near the claim's key terms refute it, attributed
    to their speaker (``find_attribution``). When the speaker is a party named in
    the claim (its subject or object, not its claimant) the denial is
    ``interested`` and weighs less than an independent refutation. "did not
    comment", "neither confirmed nor denied" are not denials; "exaggerated",
    "misleading" qualify (mixed). A negated claim is not refuted by the same
    negation, but is by a passage that states it plainly.

Reliability (``reliability``)
    ``score = relevance x strength x reliability``.

Stance: supports or refutes when that side's signals outweigh the other's
``DOMINANCE`` times, mixed otherwise; with no quantity or denial signal a passage
sharing most of the claim's words supports the event (at half strength).

:func:`aggregate` takes each publisher's best passage per side (one outlet
repeated does not dominate), sums the scores per side (mixed counts half to
each), and suggests supported / refuted when ``(S - R) / (S + R)`` passes
``VERDICT_MARGIN``, conflicting otherwise, and not_enough_evidence when little
relevant weight is left or only interested parties deny it. Confidence grows with
the margin and with the amount of evidence.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from claims.extraction.attribution import find_attribution, find_hedges
from claims.extraction.canonical import normalise
from claims.extraction.entities import find_entities
from claims.extraction.quantities import extract_quantities, unit_kind
from claims.extraction.timerefs import extract_time_references
from factcheck.text.sentences import split_sentences

__all__ = [
    "CONFLICTING",
    "MIXED",
    "NOT_ENOUGH_EVIDENCE",
    "REFUTED",
    "REFUTES",
    "SUPPORTED",
    "SUPPORTS",
    "UNRELATED",
    "ClaimFacts",
    "Judgement",
    "PassageFacts",
    "Verdict",
    "aggregate",
    "judge_passage",
]

SUPPORTS, REFUTES, MIXED, UNRELATED = "supports", "refutes", "mixed", "unrelated"
SUPPORTED, REFUTED = "supported", "refuted"
CONFLICTING, NOT_ENOUGH_EVIDENCE = "conflicting", "not_enough_evidence"

# ---- tunables (measured on tests/data/stance.json; see tests/test_stance.py)
EXACT_TOLERANCE = 0.10  # "1,000" still matches 900..1,100
APPROX_TOLERANCE = 0.15  # "about 1,000" matches 850..1,150
PERCENT_TOLERANCE = 0.01  # percentages: the stated precision, at least 1% of the value
MIN_RELEVANCE = 0.25  # below: unrelated
SUPPORT_RELEVANCE = 0.5  # no quantity, date or denial signal: supports from overlap alone
DOMINANCE = 2.0  # one side must outweigh the other this many times to decide a stance
VERDICT_MARGIN = 0.4  # (S - R) / (S + R) beyond which one side dominates a verdict
NEE_MIN_WEIGHT = 0.12  # less relevant evidence weight than this: not enough evidence
EVIDENCE_SCALE = 1.0  # total weight at which the amount of evidence gives ~63% confidence

# Signal strengths (0..1): how much one finding moves a passage's stance.
_W_MATCH, _W_CONSISTENT, _W_CONFLICT, _W_QUALIFY = 1.0, 0.5, 1.0, 0.6
_W_DENIAL, _W_NEGATION, _W_INTERESTED, _W_QUALIFIER = 0.9, 0.8, 0.35, 0.6
_W_POLARITY = 0.6
_W_OVERLAP = 0.5  # strength of support from overlap alone
_W_OVERLAP_NO_FIGURE = 0.3  # ... when the claim's figure finds no comparable figure

_ONE_DAY = timedelta(days=1)


# ======================================================================================
# Public data


@dataclass(frozen=True)
class ClaimFacts:
    """What the verifier knows about the claim (as stored on the Claim)."""

    text: str
    quantities: list[dict]  # {text, value, lower, upper, comparator, unit, ...}
    time_references: list[dict]  # {text, date_from, date_to (ISO strings), granularity ...}
    entities: list[dict]  # {text, type}
    claimant: str
    published: date | None  # the claim's article date

    @classmethod
    def from_text(
        cls, text: str, *, claimant: str = "", published: date | None = None
    ) -> ClaimFacts:
        """Facts extracted from the claim sentence itself (for hand-made claims and tests)."""
        if not claimant and (attribution := find_attribution(text)) is not None:
            claimant = attribution.claimant
        return cls(
            text=text,
            quantities=[q.as_dict() for q in extract_quantities(text)],
            time_references=[t.as_dict() for t in extract_time_references(text, published)],
            entities=[{"text": e.text, "type": e.type} for e in find_entities(text)],
            claimant=claimant,
            published=published,
        )


@dataclass(frozen=True)
class PassageFacts:
    """One evidence passage and what is known about where it comes from."""

    text: str
    published: date | None  # the evidence document's published_at date
    publisher: str
    reliability: float  # 0..1, the Source's reliability
    rank: float = 0.0  # retrieval rank (tie-breaks only)


@dataclass(frozen=True)
class Judgement:
    """The stance of one passage towards the claim, with its reasons."""

    stance: str  # supports | refutes | mixed | unrelated
    score: float  # 0..1: relevance x strength x reliability
    reasons: list[dict]
    date_conflict: dict | None  # {claim_window, evidence_date, evidence_text} or None


@dataclass(frozen=True)
class Verdict:
    """A suggested verdict over all judged passages; a reviewer decides."""

    suggested_verdict: str  # supported | refuted | conflicting | not_enough_evidence
    confidence: float  # 0..1
    explanation: str
    flags: list[dict]


# ======================================================================================
# Words

_STOP = frozenset(
    """a about above across after again against all almost along also although always am
    among an and another any are around as at away back be became because become been
    before being below between both but by can cannot could did do does doing done down
    during each either else even ever every few for from further get got had has have
    having he her here hers herself him himself his how however i if in into is it its
    itself just least less like made make many may me might more most much must my near
    nearly neither no nor not now of off on once only onto or other our ours out over own
    per perhaps rather same she should since so some still such than that the their
    theirs them themselves then there these they this those though through thus to too
    toward towards under until up upon us very via was we were what whatever when where
    whether which while who whom whose why will with within without would yet you your
    said says say saying told tell tells according reported reports report reporting add
    added adds noted claimed claims claim stated announced statement statements official
    officials spokesman spokeswoman spokesperson source sources new news week weeks month
    months year years day days today yesterday tomorrow last next ago earlier later recent
    recently time times monday tuesday wednesday thursday friday saturday sunday january
    february march april june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec mr mrs ms dr percent cent percentage point
    points total one two three four five six seven eight nine ten eleven twelve twenty
    thirty forty fifty hundred hundreds thousand thousands million millions billion
    billions trillion dozen dozens roughly approximately exactly some least most nearly
    around about estimated figure figures number numbers""".split()
)
_IRREGULAR = {
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "grew": "grow",
    "grown": "grow", "paid": "pay", "sold": "sell", "bought": "buy", "won": "win",
    "lost": "lose", "sent": "send", "spent": "spend", "built": "build", "took": "take",
    "taken": "take", "gave": "give", "given": "give", "struck": "strike", "ran": "run",
    "met": "meet", "led": "lead", "left": "leave", "held": "hold", "brought": "bring",
    "found": "find", "shot": "shoot", "shrank": "shrink", "shrunk": "shrink", "slid": "slide",
    "wrote": "write", "written": "write", "began": "begin", "begun": "begin", "broke": "break",
    "broken": "break", "chose": "choose", "drove": "drive", "fought": "fight", "flew": "fly",
    "froze": "freeze", "hid": "hide", "kept": "keep", "knew": "know", "laid": "lay",
    "men": "man", "women": "woman", "children": "child", "people": "person",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")


def _stem(word: str) -> str:
    """A light stemmer: enough for 'shipped'/'shipping'/'ships' -> 'ship', 'prices' -> 'pric'."""
    word = word.lower().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'")
    if word in _IRREGULAR:
        word = _IRREGULAR[word]
    elif len(word) <= 3:
        return word
    else:
        word = _strip_suffix(word)
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # "increase"/"increased" -> "increas"
    return word


def _strip_suffix(word: str) -> str:
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            break
        word = word[: -len(suffix)] + replacement
        if suffix == "s" and word.endswith(("sse", "xe", "ze", "che", "she")):
            word = word[:-1]  # "boxes" -> "box"
        if suffix in ("ing", "ed") and word[-1] == word[-2] and word[-1] not in "lsz":
            word = word[:-1]  # "shipped" -> "ship"
        break
    return word


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(lower word, stem, start, end) for every word of the text."""
    out = []
    for m in _WORD.finditer(text):
        low = m.group().lower().replace("\u2019", "'")
        out.append((low, _stem(low), m.start(), m.end()))
    return out


def _salient(tokens: Iterable[tuple[str, str, int, int]]) -> set[str]:
    return {stem for low, stem, _s, _e in tokens if low not in _STOP and len(stem) >= 2}


# ======================================================================================
# Entities and parties

_ALIASES = {
    "pyongyang": "north korea", "dprk": "north korea", "north korean": "north korea",
    "kremlin": "russia", "moscow": "russia", "russian": "russia",
    "beijing": "china", "chinese": "china", "kyiv": "ukraine", "kiev": "ukraine",
    "ukrainian": "ukraine", "white house": "united states", "washington": "united states",
    "u s": "united states", "usa": "united states", "america": "united states",
    "american": "united states", "seoul": "south korea", "south korean": "south korea",
    "tokyo": "japan", "japanese": "japan", "tehran": "iran", "iranian": "iran",
    "downing street": "united kingdom", "britain": "united kingdom",
    "british": "united kingdom", "uk": "united kingdom", "u k": "united kingdom",
    "brussels": "european union", "eu": "european union", "paris": "france",
    "french": "france", "berlin": "germany", "german": "germany", "new delhi": "india",
    "indian": "india", "ottawa": "canada", "canadian": "canada",
}  # fmt: skip
_ALIAS_PHRASES: dict[str, tuple[str, ...]] = {}
for _alias, _canonical in _ALIASES.items():
    _ALIAS_PHRASES[_canonical] = (*_ALIAS_PHRASES.get(_canonical, (_canonical,)), _alias)

# Words naming the kind of body rather than which one: they never identify a party.
_GENERIC = frozenset(
    """the a an of for and s foreign interior defence defense health finance economy
    ministry ministries department office government agency authority authorities
    company firm corp corporation inc ltd plc llc group holdings bank club team fc
    council court board committee commission union party university institute
    spokesman spokeswoman spokesperson spokespeople official officials minister
    secretary president chief executive ceo director head lawyer lawyers attorney
    attorneys representative representatives state national federal central general
    public service services news its their his her""".split()
)
_GENERIC_SPEAKER = _GENERIC | frozenset(
    "regulator operator club players manager coach staff executives management".split()
)


def _entity_keys(text: str) -> frozenset[str]:
    """Normalised phrases that identify an entity: 'Russia's foreign ministry' -> {'russia'}."""
    norm = normalise(text)
    if norm in _ALIASES:
        return frozenset({_ALIASES[norm]})
    if norm in _ALIAS_PHRASES:
        return frozenset({norm})
    keys = set()
    padded = f" {norm} "
    for alias, canonical in _ALIASES.items():
        if " " in alias and f" {alias} " in padded:
            keys.add(canonical)
            padded = padded.replace(f" {alias} ", " ")
    for word in padded.split():
        if word in _ALIASES:
            keys.add(_ALIASES[word])
        elif word in _ALIAS_PHRASES or (
            len(word) >= 3 and word not in _GENERIC and word not in _STOP
        ):
            keys.add(word)
    return frozenset(keys)


def _mentions(padded_norm: str, key: str) -> bool:
    """Whether ' normalised text ' mentions the key (or an alias; word-initial prefix)."""
    return any(f" {phrase}" in padded_norm for phrase in _ALIAS_PHRASES.get(key, (key,)))


def _same_party(keys_a: Iterable[str], keys_b: Iterable[str]) -> bool:
    return any(a == b or a.startswith(b) or b.startswith(a) for a in keys_a for b in keys_b)


# ======================================================================================
# Units

_CONVERSIONS = {
    "metre": ("length", 1.0), "kilometre": ("length", 1e3), "centimetre": ("length", 1e-2),
    "millimetre": ("length", 1e-3), "mile": ("length", 1609.344), "foot": ("length", 0.3048),
    "inch": ("length", 0.0254), "yard": ("length", 0.9144), "gram": ("mass", 1.0),
    "kilogram": ("mass", 1e3), "milligram": ("mass", 1e-3), "microgram": ("mass", 1e-6),
    "tonne": ("mass", 1e6), "pound": ("mass", 453.59237), "ounce": ("mass", 28.349523125),
    "watt": ("power", 1.0), "kilowatt": ("power", 1e3), "megawatt": ("power", 1e6),
    "gigawatt": ("power", 1e9), "terawatt": ("power", 1e12), "watt hour": ("energy", 1.0),
    "kilowatt hour": ("energy", 1e3), "megawatt hour": ("energy", 1e6),
    "gigawatt hour": ("energy", 1e9), "terawatt hour": ("energy", 1e12),
    "litre": ("volume", 1.0), "millilitre": ("volume", 1e-3), "centilitre": ("volume", 1e-2),
    "gallon": ("volume", 3.785411784), "second": ("duration", 1.0),
    "minute": ("duration", 60.0), "hour": ("duration", 3600.0), "day": ("duration", 86400.0),
    "week": ("duration", 604800.0),
}  # fmt: skip
_COUNT_SYNONYMS = {
    "worker": "job", "employee": "job", "position": "job", "role": "job", "staff": "job",
    "staffer": "job", "people": "person", "individual": "person", "resident": "person",
    "troop": "soldier", "fatality": "death", "life": "death", "casualty": "death",
    "vehicle": "car", "automobile": "car", "shell": "round",
}  # fmt: skip


def _unit_family(unit: str) -> tuple[str, float] | None:
    """(family, factor to the family's base unit); None for a bare number."""
    if not unit:
        return None
    if unit in _CONVERSIONS:
        return _CONVERSIONS[unit]
    if unit_kind(unit) == "count":
        return "count:" + _COUNT_SYNONYMS.get(unit, unit), 1.0
    return unit, 1.0  # currencies, percent, percentage point, other units: same name only


# ======================================================================================
# Cue words

_RISE = frozenset(
    """rose rise rises rising risen increase increased increases increasing grew grow grows
    growing climbed climb climbs jumped jump jumps surged surge gained gain gains soared
    up higher added add adds adding hired created expanded boosted raised raise raises""".split()
)
_FALL = frozenset(
    """fell fall falls fallen falling declined decline declines decreased decrease
    decreases dropped drop drops dipped shrank shrunk shrink slumped slid down lower
    plunged tumbled contracted cut cuts cutting slashed lost lose loses shed eliminated
    eliminate eliminates eliminating reduced reduce reduces lowered axed scrapped""".split()
)
_DIRECTION_STEMS = frozenset(_stem(word) for word in _RISE | _FALL)
_CUMULATIVE = re.compile(
    r"\b(?:in total|total(?:l?ed|l?ing|s)?|so far|to date|thus far|cumulative(?:ly)?|since|"
    r"in all|altogether|all told|overall|running total)\b",
    re.IGNORECASE,
)
_REFERENT = (
    r"(?:the |these |those |such |that |this |all |any |its |their )?(?:[a-z'\u2019]+ ){0,2}"
    r"(?:reports?|claims?|allegations?|accusations?|charges?|figures?|account|story|stories|"
    r"suggestions?|assertions?|findings?|estimates?|rumou?rs?|speculation|idea|notion|"
    r"it|them|this|that)\b"
)
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|(?:reject|dismiss|refute|dispute|contest|rebuff|rebut)"
    r"(?:s|es|d|ed|ing)?)\b",
    re.IGNORECASE,
)
_DENY_WORD = re.compile(r"\bden(?:y|ies|ied|ying)\b", re.IGNORECASE)
# A closing quote may sit between the cue and its referent: 'there was "no proof" that ...'.
_REFERENT_AFTER = re.compile(r"[\"'\u2019\u201d]?\s+(?:as\s+)?" + _REFERENT, re.IGNORECASE)
_NOT_A_DENIAL_BEFORE = re.compile(
    r"(?:\b(?:not|never|neither|nor|without|refused to|declined to|won't|wouldn't)|n't)"
    r"\s+(?:\w+\s+)?$|\b(?:was|were|been|being|is|are|be)\s+$",
    re.IGNORECASE,
)
_NOT_A_DENIAL_AFTER = re.compile(
    r"\s+(?:bail|entry|access|permission|parole|visas?|a visa|the right|the request|"
    r"the application|the appeal|the motion)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:(?:(?:is|are|was|were) )?not (?:true|the case)|"
    r"no (?:proof|evidence|sign|signs|indication|record|records|basis|truth)|"
    r"untrue|false|did not|didn't|does not|doesn't|do not|don't|has not|hasn't|have not|"
    r"haven't|had not|hadn't|was not|wasn't|were not|weren't|is not|isn't|are not|aren't|"
    r"never|baseless|fabricated|fabrication|groundless|unfounded|fake|no such|"
    r"incorrect|inaccurate|wrong)\b",
    re.IGNORECASE,
)
# "did not comment", "has not been confirmed", "never before": no refutation.
_NONCOMMITTAL_AFTER = re.compile(
    r"\s+(?:immediately\s+|yet\s+|been\s+|publicly\s+)*(?:say|said|comment|respond|reply|"
    r"return|elaborate|specify|disclose|disclosed|give|provide|confirm|confirmed|know|"
    r"identify|name|reveal|revealed|deny|denied|dispute|disputed|rule|exclude|address|"
    r"answer|before|independently|verified|released|published|expect|anticipate)\b",
    re.IGNORECASE,
)
_EVALUATIVE = frozenset(
    "false untrue baseless fabricated fabrication groundless unfounded fake incorrect "
    "inaccurate wrong".split()
)
# "the claims were false", "the claim that they doubled is not true": the referent comes first.
_EVALUATIVE_CUES = _EVALUATIVE | {"not true", "not the case"}
# A speaker who *says* there is "no proof" denies the claim ("the Kremlin insisted
# there was no proof"); an audit that *found* no evidence is a finding, a negation.
_ASSERTED_ABSENCE = frozenset({"no proof", "no evidence", "no basis", "no truth"})
_SAYING_BEFORE = re.compile(
    r"\b(?:said|says|insisted|insists|told|claimed|claims|stated|states|argued|argues|"
    r"maintained|maintains|declared|declares)\b[^.;]*$"
)
_REFERENT_BEFORE = re.compile(
    r"\b(?:reports?|claims?|allegations?|accusations?|charges?|figures?|story|stories|"
    r"suggestions?|assertions?|rumou?rs?|it|this|that)\b[^.;]{0,50}$",
    re.IGNORECASE,
)
# Where a negation's reach ends: "X denied it, but the audit found ..." has two clauses.
_CLAUSE_BREAK = re.compile(
    r";|,\s*(?=(?:but|while|whereas|although|though|however|yet|and)\b)|\s(?=but\b)",
    re.IGNORECASE,
)


def _cue_key(cue: str) -> str:
    """'is not true' -> 'not true', 'False' -> 'false'."""
    return re.sub(r"^(?:is|are|was|were) ", "", cue.lower())


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause around text[start:end]."""
    begin = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, start):
        begin = m.end()
    after = _CLAUSE_BREAK.search(text, end)
    return begin, after.start() if after is not None else len(text)


_QUALIFIER = re.compile(
    r"\b(?:exaggerated|overstated|inflated|misleading|overblown|out of context|partly true|"
    r"partially true|half-true)\b",
    re.IGNORECASE,
)
# A sentence that asserts nothing either way ("would neither confirm nor deny that ...").
_NONCOMMITTAL_SENTENCE = re.compile(
    r"\b(?:neither confirm(?:s|ed)? nor den(?:y|ies|ied)|(?:declined|refused|would not|"
    r"wouldn't|could not|couldn't|did not|didn't|was unable) (?:to )?(?:immediately )?"
    r"(?:confirm|verify|comment on)|could not be (?:independently )?(?:verified|confirmed)|"
    r"unconfirmed (?:reports?|claims?))\b",
    re.IGNORECASE,
)
_DETERMINERS = frozenset("the a an".split())
_CLAUSE_LEAD = re.compile(r"^(?:and|but|while|which|who|as|that|so|however)\s+", re.IGNORECASE)


def _split_sentences(text: str) -> list[str]:
    """The passage's sentences, split the way articles are (factcheck.text.sentences)."""
    return [sentence.text for sentence in split_sentences(text)]


# ======================================================================================
# The claim, prepared once


@dataclass(frozen=True, slots=True)
class _Q:
    """A quantity in the verifier's terms: values converted to the family's base unit."""

    text: str
    value: float
    lower: float | None
    upper: float | None
    comparator: str
    unit: str
    family: str
    start: int  # offset in its sentence (-1 when unknown)
    end: int
    step: float = 0.0  # percentages: half the last stated digit ("6.1%" -> 0.05)

    @property
    def vague(self) -> bool:  # "thousands of"
        return self.comparator == "~" and self.lower is not None and self.upper is None

    @property
    def ranged(self) -> bool:  # "between 5 and 10"
        return self.lower is not None and self.upper is not None and self.lower != self.upper

    @property
    def pointlike(self) -> bool:
        return self.comparator in ("=", "~") and not self.vague and not self.ranged


_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _number(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _as_q(raw: object, sentence: str) -> _Q | None:
    if not isinstance(raw, dict) or (value := _number(raw.get("value"))) is None:
        return None
    unit = str(raw.get("unit") or "")
    name, factor = _unit_family(unit) or ("", 1.0)  # "" for a bare number ("rose to 340")
    text = str(raw.get("text") or "")
    start = raw.get("start")
    if not isinstance(start, int) or sentence[start : start + len(text)] != text:
        start = sentence.find(text) if text else -1
    lower, upper = _number(raw.get("lower")), _number(raw.get("upper"))
    step = 0.0
    if unit_kind(unit) == "percent" and (digits := _DIGITS.search(text)) is not None:
        step = 0.5 * 10.0 ** -len(digits.group(1) or "")
    return _Q(
        text=text,
        value=value * factor,
        lower=None if lower is None else lower * factor,
        upper=None if upper is None else upper * factor,
        comparator=str(raw.get("comparator") or "="),
        unit=unit,
        family=name,
        start=start,
        end=start + len(text) if start >= 0 else -1,
        step=step,
    )


def _claim_interval(q: _Q) -> tuple[float, float]:
    """What the claim allows, with the tolerance its wording implies."""
    v = q.value
    if q.ranged:
        return q.lower, q.upper  # type: ignore[return-value]
    if q.comparator in (">", ">="):
        return v, math.inf
    if q.comparator in ("<", "<="):
        return -math.inf, v
    if q.comparator == "~":
        if q.vague:
            return q.lower, math.inf  # type: ignore[return-value]
        if q.upper is not None and q.lower is None:  # "nearly 500"
            return v - abs(v) * APPROX_TOLERANCE, v
        return v - abs(v) * APPROX_TOLERANCE, v + abs(v) * APPROX_TOLERANCE
    if q.step:  # a rate is as precise as it is written: 6.1% is not 5.8%
        tolerance = max(q.step, abs(v) * PERCENT_TOLERANCE)
        return v - tolerance, v + tolerance
    return v - abs(v) * EXACT_TOLERANCE, v + abs(v) * EXACT_TOLERANCE


def _evidence_interval(q: _Q) -> tuple[float, float]:
    """What the evidence states, taken at its word ('about 1,000' is 1,000)."""
    if q.ranged:
        return q.lower, q.upper  # type: ignore[return-value]
    if q.vague:
        return q.lower, math.inf  # type: ignore[return-value]
    if q.comparator in (">", ">="):
        return q.value, math.inf
    if q.comparator in ("<", "<="):
        return -math.inf, q.value
    return q.value - q.step, q.value + q.step  # "6%" may be anything that rounds to 6


_CMP_WORDS = {
    "=": "exactly", "~": "about", ">": "more than", ">=": "at least", "<": "fewer than",
    "<=": "up to",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _ClaimQ:
    q: _Q
    context: frozenset[str]  # salient stems near the figure ("unemployment", "rise")
    direction: str  # "rise", "fall" or ""
    measured: frozenset[str]  # context words naming what is measured ("unemployment", "rate")


@dataclass(frozen=True, slots=True)
class _Profile:
    keywords: frozenset[str]
    predicate: frozenset[str]  # keywords that are neither names nor units ("cut", "bribe")
    surface: dict[str, str]  # stem -> the word as the claim writes it
    entities: tuple[tuple[str, frozenset[str]], ...]  # (text, keys)
    actor_keys: frozenset[str]  # parties the claim is about (not its claimant)
    quantities: tuple[_ClaimQ, ...]
    window: tuple[date, date] | None
    window_text: str
    negated: bool
    cumulative: bool
    unit_stems: frozenset[str]


def _direction(tokens: list[tuple[str, str, int, int]], index: int) -> str:
    """The direction word nearest before token `index` (within five words)."""
    for j in range(index - 1, max(-1, index - 6), -1):
        low = tokens[j][0]
        if low == "up" and j + 1 < len(tokens) and tokens[j + 1][0] == "to":
            continue  # "up to 1,000" is a bound
        if low in _RISE:
            return "rise"
        if low in _FALL:
            return "fall"
    return ""


def _token_index(tokens: list[tuple[str, str, int, int]], offset: int) -> int:
    """Index of the first token starting at or after offset."""
    return bisect_left([t[2] for t in tokens], offset)


def _day(value: date | None) -> date | None:
    """A datetime (a DateTimeField's value) as its date; dates pass through."""
    return value.date() if isinstance(value, datetime) else value


def _parse_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _negation_cues(text: str) -> list[re.Match[str]]:
    """Negation cues that are not non-committal ("did not comment")."""
    return [m for m in _NEGATION.finditer(text) if not _NONCOMMITTAL_AFTER.match(text, m.end())]


_LOCATIVE = frozenset("in at near across throughout inside around within".split())
# The name a claim opens with ("Pharmalink's painkiller caused ..."): its subject.
_SUBJECT = re.compile(r"^(?:The\s+)?([A-Z][\w&.\-]*(?:\s+(?:&\s+)?[A-Z][\w&.\-]*)*)(['\u2019]s\b)?")
_PROFILE_CACHE: dict[tuple, _Profile] = {}


def _profile(claim: ClaimFacts) -> _Profile:
    key = (
        claim.text,
        claim.claimant,
        claim.published,
        repr(claim.quantities),
        repr(claim.time_references),
        repr(claim.entities),
    )
    cached = _PROFILE_CACHE.get(key)
    if cached is not None:
        return cached
    text = claim.text or ""
    tokens = _tokens(text)
    published = _day(claim.published)
    quantities = claim.quantities or [q.as_dict() for q in extract_quantities(text)]
    entities = claim.entities or [{"text": e.text, "type": e.type} for e in find_entities(text)]
    entities = [e for e in entities if isinstance(e, dict)]
    times = [t for t in claim.time_references or () if isinstance(t, dict)]
    if not times and published is not None:
        times = [t.as_dict() for t in extract_time_references(text, published)]

    claimant_keys = _entity_keys(claim.claimant) if claim.claimant else frozenset()
    ents = []
    actors: set[str] = set()
    for entity in entities:
        name = str(entity.get("text") or "")
        keys = _entity_keys(name)
        if not keys:
            continue
        ents.append((name, keys))
        at = text.find(name)
        before = text[:at].split()[-1:] if at > 0 else []
        if before and before[0].lower() in _LOCATIVE:
            continue  # "vaccinated in Chad": where it happened, not who did it
        if not (claimant_keys and _same_party(keys, claimant_keys)):
            actors |= keys

    subject = _SUBJECT.match(text)
    if subject is not None and subject.group(1).lower() not in _STOP:
        keys = _entity_keys(subject.group(1))
        if not (claimant_keys and _same_party(keys, claimant_keys)):
            actors |= keys  # "Pharmalink's painkiller ...": the claim is about Pharmalink
    # Names and direction words say where or which way, not what a figure measures.
    named = [keys for _name, keys in ents]
    if subject is not None and (subject.group(2) or " " in subject.group(1)):
        named.append(_entity_keys(subject.group(1)))  # "Valdoria's", not "Inflation"
    name_stems = {_stem(word) for keys in named for key in keys for word in key.split()}
    name_stems |= {_stem(w) for _name, keys in ents for w in normalise(_name).split()}
    not_measured = _DIRECTION_STEMS | name_stems
    cqs = []
    unit_stems: set[str] = set()
    for raw in quantities:
        q = _as_q(raw, text)
        if q is None:
            continue
        if q.start >= 0:
            index = _token_index(tokens, q.start)
            end_index = _token_index(tokens, q.end)
            unit_stems |= {stem for _l, stem, s, _e in tokens if q.start <= s < q.end}
            near = tokens[max(0, index - 6) : end_index + 4]
            context = _salient(t for t in near if not (q.start <= t[2] < q.end))
            direction = _direction(tokens, index)
        else:
            context, direction = _salient(tokens), ""
        cqs.append(_ClaimQ(q, frozenset(context), direction, frozenset(context - not_measured)))

    window = None
    window_text = ""
    spans = [
        (_parse_date(t.get("date_from")), _parse_date(t.get("date_to")), str(t.get("text", "")))
        for t in times
    ]
    spans = [(a, b, s) for a, b, s in spans if a is not None and b is not None]
    if spans:
        window = (min(a for a, _b, _s in spans), max(b for _a, b, _s in spans))
        window_text = ", ".join(s for _a, _b, s in spans if s)

    keywords = _salient(tokens)
    if claim.claimant:
        keywords -= _salient(_tokens(claim.claimant))
    surface: dict[str, str] = {}
    for low, stem, _s, _e in tokens:
        surface.setdefault(stem, low.removesuffix("'s"))
    profile = _Profile(
        keywords=frozenset(keywords),
        predicate=frozenset(keywords - name_stems - unit_stems),
        surface=surface,
        entities=tuple(ents),
        actor_keys=frozenset(actors),
        quantities=tuple(cqs),
        window=window,
        window_text=window_text,
        negated=bool(_negation_cues(text)) or bool(_DENY_WORD.search(text)),
        cumulative=bool(_CUMULATIVE.search(text)),
        unit_stems=frozenset(unit_stems),
    )
    if len(_PROFILE_CACHE) > 512:
        _PROFILE_CACHE.clear()
    _PROFILE_CACHE[key] = profile
    return profile


# ======================================================================================
# The passage


@dataclass(slots=True)
class _Sentence:
    text: str
    tokens: list[tuple[str, str, int, int]]
    stems: set[str]
    hits: int  # claim keywords and entities it names (0 for a non-committal sentence)
    quantities: list[_Q] | None = None

    def get_quantities(self) -> list[_Q]:
        if self.quantities is None:
            self.quantities = [
                q
                for q in (_as_q(raw.as_dict(), self.text) for raw in extract_quantities(self.text))
                if q is not None
            ]
        return self.quantities


def _fmt(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}"


def _snippet(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


@dataclass(slots=True)
class _Signals:
    support: float = 0.0
    refute: float = 0.0
    mixed: float = 0.0
    neutral: bool = False  # a quantity for another period: says nothing about the claim
    compared: bool = False  # a quantity was compared

    def add_refute(self, weight: float, interested: bool) -> None:
        # one interested party saying it twice is still one interested denial
        self.refute = max(self.refute, weight) if interested else self.refute + weight


def _relate(cq: _ClaimQ, eq: _Q) -> str:
    c_lo, c_hi = _claim_interval(cq.q)
    e_lo, e_hi = _evidence_interval(eq)
    eps = 1e-9 * max(1.0, abs(cq.q.value))
    if e_lo >= c_lo - eps and e_hi <= c_hi + eps:
        return "match"
    if e_hi < c_lo - eps or e_lo > c_hi + eps:
        return "conflict"
    if cq.q.pointlike and e_lo <= cq.q.value <= e_hi:
        return "consistent"
    return "qualifies"


def _unit_stem(q: _Q) -> str:
    return _stem(q.unit.split()[-1]) if q.unit else ""


def _comparable(cq: _ClaimQ, eq: _Q, sent: _Sentence) -> bool:
    """Whether two figures measure the same thing (same unit family, same subject)."""
    family = cq.q.family
    if family and family == eq.family:
        # "4%" of what? Counts name their noun; other units need the claim's subject nearby
        if family.startswith("count:"):
            return True
        if unit_kind(cq.q.unit) == "percent":  # a rate needs its own noun, not just a place
            return bool(cq.measured & sent.stems)
        return bool(cq.context & sent.stems)
    if not family and eq.family.startswith("count:"):
        return _unit_stem(eq) in cq.context  # claim "cases rose to 340" vs "340 cases"
    if family.startswith("count:") and not eq.family:
        # claim "340 cases" vs "cases rose to 340": the noun just before the bare number
        index = _token_index(sent.tokens, eq.start)
        before = {stem for _l, stem, _s, _e in sent.tokens[max(0, index - 4) : index]}
        return _unit_stem(cq.q) in before
    return False


def _nearest(sent: _Sentence, eq: _Q, context: frozenset[str]) -> float:
    """Word distance from the figure to the nearest claim context word (after counts double)."""
    index = _token_index(sent.tokens, eq.start)
    end_index = _token_index(sent.tokens, eq.end)
    best = 8.0
    for j, (_low, stem, _s, _e) in enumerate(sent.tokens):
        if stem not in context or index <= j < end_index:
            continue
        distance = index - j if j < index else 2.0 * (j - end_index + 1)
        best = min(best, float(distance))
    return best


def _in_window(start: date, end: date, window: tuple[date, date]) -> bool:
    return start <= window[1] + _ONE_DAY and end >= window[0] - _ONE_DAY


def _compare_quantities(
    profile: _Profile,
    sentences: list[_Sentence],
    claim: ClaimFacts,
    passage: PassageFacts,
    negated: dict[int, list[tuple[int, int]]],
    reasons: list[dict],
    signals: _Signals,
) -> None:
    for cq in profile.quantities:
        best: tuple[float, int, _Q] | None = None
        for i, sent in enumerate(sentences):
            if sent.hits == 0:
                continue
            for eq in sent.get_quantities():
                if eq.start < 0 or not _comparable(cq, eq, sent):
                    continue
                cost = _nearest(sent, eq, cq.context)
                if cq.q.value and eq.value and (cq.q.value > 0) == (eq.value > 0):
                    cost += 2.0 * min(1.0, abs(math.log(abs(eq.value / cq.q.value))))
                if best is None or cost < best[0]:
                    best = (cost, i, eq)
        if best is None:
            continue
        _cost, i, eq = best
        sent = sentences[i]
        signals.compared = True
        relation = _relate(cq, eq)
        e_direction = _direction(sent.tokens, _token_index(sent.tokens, eq.start))
        c_text, e_text = cq.q.text, eq.text
        base = {"claim": c_text, "evidence": e_text, "sentence": _snippet(sent.text)}
        if (
            relation in ("match", "consistent")
            and cq.direction
            and e_direction
            and cq.direction != e_direction
        ):
            reasons.append(
                {
                    "kind": "quantity_conflict",
                    "detail": f"the figures agree ('{e_text}' vs the claim's '{c_text}') but "
                    f"the direction differs: the claim says it went "
                    f"{'up' if cq.direction == 'rise' else 'down'}, the evidence says "
                    f"{'up' if e_direction == 'rise' else 'down'}",
                    "relation": "direction",
                    **base,
                }
            )
            signals.add_refute(_W_CONFLICT, interested=False)
            continue
        if relation in ("conflict", "qualifies"):
            context = _quantity_context(profile, cq, eq, sent, claim, passage)
            if context is not None:
                reasons.append(
                    {"kind": "quantity_context", "detail": context[1], "relation": context[0]}
                    | base
                )
                if context[0] == "another_period":
                    signals.neutral = True
                continue
        if relation == "match":
            note = ""
            if cq.q.comparator != eq.comparator and cq.q.comparator != "=":
                note = (
                    f" (the claim says {_CMP_WORDS.get(cq.q.comparator, cq.q.comparator)} "
                    f"{_fmt(cq.q.value)}; the evidence gives "
                    f"{_CMP_WORDS.get(eq.comparator, eq.comparator)} {_fmt(eq.value)}"
                    + (", the claim's bound itself" if eq.value == cq.q.value else "")
                    + ")"
                )
            detail = f"'{e_text}' matches the claim's '{c_text}'{note}"
            weight = _W_MATCH
        elif relation == "consistent":
            detail = f"the claim's '{c_text}' is within the evidence's '{e_text}'"
            weight = _W_CONSISTENT
        elif relation == "conflict":
            detail = f"'{e_text}' contradicts the claim's '{c_text}'"
            weight = _W_CONFLICT
        else:
            detail = f"'{e_text}' qualifies the claim's '{c_text}': the bounds only overlap"
            weight = _W_QUALIFY
        if relation in ("match", "consistent") and (hedges := find_hedges(sent.text)):
            detail += f" (hedged: {', '.join(hedges)})"  # "could cut as many as 1,400 jobs"
            weight *= 0.5
        kind = "quantity_match" if relation in ("match", "consistent") else "quantity_conflict"
        reason = {"kind": kind, "detail": detail, "relation": relation}
        reason |= {"comparator": cq.q.comparator} | base
        if kind == "quantity_match" and any(a <= eq.start < b for a, b in negated.get(i, ())):
            reason["detail"] += ", but the sentence negates it"
            reason["negated"] = True
            weight = 0.0
        reasons.append(reason)
        if relation in ("match", "consistent"):
            signals.support += weight
        elif relation == "conflict":
            signals.add_refute(weight, interested=False)
        else:
            signals.mixed += weight


def _quantity_context(
    profile: _Profile,
    cq: _ClaimQ,
    eq: _Q,
    sent: _Sentence,
    claim: ClaimFacts,
    passage: PassageFacts,
) -> tuple[str, str] | None:
    """Why a differing figure does not refute the claim, or None."""
    later = (
        claim.published is None or passage.published is None or passage.published >= claim.published
    )
    earlier = (
        claim.published is None or passage.published is None or passage.published <= claim.published
    )
    if eq.value > cq.q.value and later and _CUMULATIVE.search(sent.text):
        return "running_total", (
            f"'{eq.text}' is a larger running total reported later; it includes, and does not "
            f"contradict, the claim's '{cq.q.text}'"
        )
    if eq.value < cq.q.value and earlier and profile.cumulative:
        return "running_total", (
            f"'{eq.text}' is an earlier, partial count; the claim's '{cq.q.text}' is a total"
        )
    if profile.window is not None:
        refs = extract_time_references(sent.text, passage.published)
        if refs and not any(_in_window(r.date_from, r.date_to, profile.window) for r in refs):
            return "another_period", (
                f"'{eq.text}' refers to another period ({refs[0].text}: "
                f"{refs[0].date_from.isoformat()}..{refs[0].date_to.isoformat()}) than the "
                f"claim's '{cq.q.text}'"
            )
    return None


def _speaker_before(sentence: str, cue_start: int) -> str:
    before = sentence[:cue_start].rstrip()
    cut = max(before.rfind(c) for c in (",", ";", ":", "\u201d", '"', "(", "\u2014"))
    phrase = _CLAUSE_LEAD.sub("", before[cut + 1 :].strip())
    words = phrase.split()
    return " ".join(words[-8:]).strip(" ,") if words else ""


_PRONOUNS = frozenset("it they he she we i this that which who its their".split())


def _speaker(text: str, kind: str, cue_start: int) -> str:
    """Who says it: the subject of a denial verb, else the sentence's attribution."""
    if kind == "denial":
        subject = _speaker_before(text, cue_start)
        first = subject.split()[0].lower() if subject else ""
        if first and first not in _PRONOUNS and (subject[0].isupper() or first in _DETERMINERS):
            return subject
    attribution = find_attribution(text)
    if attribution is None:
        return ""
    claimant = attribution.claimant
    if attribution.cue == "subject" and (at := text.find(claimant)) >= 0:
        # "An independent audit by Kessler & Roy found ...": the whole subject, not "Roy"
        fuller = _speaker_before(text, at + len(claimant))
        if fuller.endswith(claimant) and len(fuller) > len(claimant):
            claimant = fuller
    return claimant


def _party(profile: _Profile, speaker: str, padded_passage: str) -> tuple[str, bool]:
    """(who speaks, whether they are a party the claim is about)."""
    keys = _entity_keys(speaker)
    if keys and _same_party(keys, profile.actor_keys):
        return speaker, True
    words = normalise(speaker).split()
    if words and all(w in _GENERIC_SPEAKER or w in _STOP for w in words):
        # "the company denied it": the company the passage names, if the claim names it
        for name, entity_keys in profile.entities:
            if entity_keys & profile.actor_keys and any(
                _mentions(padded_passage, k) for k in entity_keys
            ):
                return f"{speaker} ({name})", True
    return speaker, False


def _about_claim(profile: _Profile, sent: _Sentence, start: int, end: int) -> bool:
    """Whether the cue's clause (4 words before it to 12 after) touches what the claim says.

    It needs a word of the claim's predicate ("cut", "bribes"), not just its names:
    "Acme has never been profitable" says nothing about "Acme cut 1,400 jobs".
    """
    clause_start, clause_end = _clause(sent.text, start, end)
    index = _token_index(sent.tokens, start)
    after = _token_index(sent.tokens, end)
    window = [
        t for t in sent.tokens[max(0, index - 4) : after + 12] if clause_start <= t[2] < clause_end
    ]
    predicate = len(profile.predicate & {stem for _l, stem, _s, _e in window})
    padded = " " + " ".join(low for low, _stem, _s, _e in window) + " "
    named = any(any(_mentions(padded, k) for k in keys) for _name, keys in profile.entities)
    return predicate >= 2 or (predicate >= 1 and named)


def _denials(
    profile: _Profile,
    sentences: list[_Sentence],
    passage: PassageFacts,
    relevance: float,
    reasons: list[dict],
    signals: _Signals,
) -> dict[int, list[tuple[int, int]]]:
    """Record denials and negations about the claim; return their clauses by sentence."""
    found: dict[int, list[tuple[int, int]]] = {}
    padded_passage = f" {normalise(passage.text)} "
    publisher = passage.publisher or "the source"
    for i, sent in enumerate(sentences):
        if sent.hits == 0:
            continue
        text = sent.text
        cues: list[tuple[str, re.Match[str]]] = []
        if not profile.negated:
            for m in _DENIAL.finditer(text):
                if _NOT_A_DENIAL_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
                    continue
                if _NOT_A_DENIAL_AFTER.match(text, m.end()):
                    continue
                referent = bool(_REFERENT_AFTER.match(text, m.end()))
                if not _DENY_WORD.fullmatch(m.group()) and not referent:
                    continue  # "rejected the offer" is no denial; "rejected the claim" is
                cues.append(("denial", m))
            for m in _negation_cues(text):
                cues.append(("negation", m))
        for m in _QUALIFIER.finditer(text):
            cues.append(("qualifier", m))
        for kind, m in cues:
            referent = (
                kind == "qualifier"
                or bool(_REFERENT_AFTER.match(text, m.end()))
                or (
                    _cue_key(m.group()) in _EVALUATIVE_CUES
                    and bool(_REFERENT_BEFORE.search(text, max(0, m.start() - 60), m.start()))
                )
            )
            if not (referent or _about_claim(profile, sent, m.start(), m.end())):
                continue
            speaker = _speaker(text, kind, m.start())
            party, interested = ("", False)
            if speaker:
                party, interested = _party(profile, speaker, padded_passage)
            if relevance < MIN_RELEVANCE and not (referent and interested):
                continue  # barely about the claim: only its accused party denying "the report"
            cue = m.group()
            if kind == "qualifier":
                reasons.append(
                    {
                        "kind": "negation",
                        "detail": f"{party or publisher} calls it {cue.lower()}: "
                        f'"{_snippet(text)}"',
                        "party": party or publisher,
                        "interested": interested,
                        "cue": cue,
                        "relation": "qualifies",
                    }
                )
                signals.mixed = max(signals.mixed, _W_QUALIFIER)
                found.setdefault(i, []).append(_clause(text, m.start(), m.end()))
                break
            is_denial = kind == "denial" or (
                bool(speaker)
                and (
                    _cue_key(cue) in _EVALUATIVE_CUES
                    or (
                        _cue_key(cue) in _ASSERTED_ABSENCE
                        and bool(_SAYING_BEFORE.search(text, 0, m.start()))
                    )
                )
            )
            who = party or publisher
            if interested:
                detail = f"{who}, a party named in the claim (interested), "
            else:
                detail = f"{who} "
            if kind == "denial":
                detail += f"denies it ('{cue}'): "
            elif is_denial:
                detail += f"calls it '{_cue_key(cue)}': "
            else:
                detail += f"states the opposite ('{cue}'): "
            detail += f'"{_snippet(text)}"'
            reasons.append(
                {
                    "kind": "denial" if is_denial else "negation",
                    "detail": detail,
                    "party": who,
                    "interested": interested,
                    "cue": cue,
                }
            )
            weight = _W_DENIAL if is_denial else _W_NEGATION
            signals.add_refute(_W_INTERESTED if interested else weight, interested)
            found.setdefault(i, []).append(_clause(text, m.start(), m.end()))
            break
    return found


def _dates(
    profile: _Profile, sentences: list[_Sentence], passage: PassageFacts
) -> tuple[dict | None, dict | None]:
    """(date_match reason, date_conflict) for the passage against the claim's window."""
    window = profile.window
    if window is None:
        return None, None
    outside = None
    for sent in sentences:
        if sent.hits == 0:
            continue
        cumulative = bool(_CUMULATIVE.search(sent.text))  # a running total spans periods
        for ref in extract_time_references(sent.text, passage.published):
            if _in_window(ref.date_from, ref.date_to, window):
                return {
                    "kind": "date_match",
                    "detail": f"the passage's '{ref.text}' ({_span(ref.date_from, ref.date_to)}) "
                    f"falls in the claim's window ({_span(*window)})",
                    "evidence_date": _iso(ref.date_from, ref.date_to),
                }, None
            if outside is None and not cumulative:
                outside = (ref.text, ref.date_from, ref.date_to)
    if outside is None and passage.published is not None and passage.published < window[0]:
        outside = (
            f"published {passage.published.isoformat()}",
            passage.published,
            passage.published,
        )
    if outside is None:
        return None, None
    text, start, end = outside
    return None, {
        "claim_window": [window[0].isoformat(), window[1].isoformat()],
        "evidence_date": _iso(start, end),
        "evidence_text": text,
    }


def _iso(start: date, end: date) -> str:
    """ISO 8601 for a span: a day, a month ('2024-01'), a year ('2024') or 'start/end'."""
    label = _window_label((start, end))
    return label if " " not in label else f"{start.isoformat()}/{end.isoformat()}"


def _span(start: date, end: date, sep: str = "..") -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}{sep}{end.isoformat()}"


# ======================================================================================
# judge_passage


def judge_passage(claim: ClaimFacts, passage: PassageFacts) -> Judgement:
    """The stance of one passage towards the claim, its score and the reasons for both."""
    if isinstance(claim.published, datetime):
        claim = replace(claim, published=claim.published.date())
    if isinstance(passage.published, datetime):
        passage = replace(passage, published=passage.published.date())
    profile = _profile(claim)
    reliability = min(1.0, max(0.0, _number(passage.reliability) or 0.0))
    reasons: list[dict] = []

    # ---- relevance
    padded = f" {normalise(passage.text)} "
    entity_names = [
        name for name, keys in profile.entities if any(_mentions(padded, k) for k in keys)
    ]
    sentences = []
    all_stems: set[str] = set()
    for text in _split_sentences(passage.text):
        tokens = _tokens(text)
        stems = {stem for _l, stem, _s, _e in tokens}
        all_stems |= stems
        sent_padded = " " + " ".join(low for low, _st, _s, _e in tokens) + " "
        hits = len((profile.keywords - profile.unit_stems) & stems) + sum(
            1 for _n, keys in profile.entities if any(_mentions(sent_padded, k) for k in keys)
        )
        if hits and _NONCOMMITTAL_SENTENCE.search(text):
            hits = 0  # asserts nothing: neither evidence nor denial
        sentences.append(_Sentence(text, tokens, stems, hits))
    matched_words = sorted(profile.surface.get(w, w) for w in profile.keywords & all_stems)
    keyword_share = len(matched_words) / len(profile.keywords) if profile.keywords else 0.0
    if profile.entities:
        entity_share = len(entity_names) / len(profile.entities)
        relevance = 0.6 * keyword_share + 0.4 * entity_share
        reasons.append(
            {
                "kind": "entity_overlap",
                "detail": f"{len(entity_names)} of {len(profile.entities)} claim entities named"
                + (f": {', '.join(entity_names)}" if entity_names else ""),
                "matched": entity_names,
                "share": round(entity_share, 3),
            }
        )
    else:
        relevance = keyword_share
    reasons.append(
        {
            "kind": "keyword_overlap",
            "detail": f"{len(matched_words)} of {len(profile.keywords)} key words shared"
            + (f": {', '.join(matched_words[:8])}" if matched_words else ""),
            "matched": matched_words,
            "share": round(keyword_share, 3),
        }
    )
    reliability_reason = {
        "kind": "reliability",
        "detail": f"{passage.publisher or 'the source'} reliability {reliability:.2f}",
        "value": reliability,
    }
    # ---- signals
    signals = _Signals()
    negated = _denials(profile, sentences, passage, relevance, reasons, signals)
    if relevance < MIN_RELEVANCE and not negated:
        reasons.append(reliability_reason)
        return Judgement(UNRELATED, round(relevance * 0.1 * reliability, 4), reasons, None)
    _compare_quantities(profile, sentences, claim, passage, negated, reasons, signals)
    if profile.negated and not negated:
        # "did not attend" against a passage that says it without the negation
        best = max(sentences, key=lambda s: s.hits)
        share = len(profile.keywords & best.stems) / max(1, len(profile.keywords))
        if share >= 0.5 and not _negation_cues(best.text) and not _DENY_WORD.search(best.text):
            reasons.append(
                {
                    "kind": "negation",
                    "detail": "the claim is negated but the passage states it without the "
                    f'negation: "{_snippet(best.text)}"',
                    "party": passage.publisher or "the source",
                    "interested": False,
                    "cue": "",
                }
            )
            signals.add_refute(_W_POLARITY, interested=False)
    if signals.compared:
        relevance = min(1.0, relevance + 0.25)

    # ---- stance
    sup, ref, mix = signals.support, signals.refute, signals.mixed
    if sup == ref == mix == 0.0:
        committal = any(sent.hits for sent in sentences)
        # a place or a name alone does not make it the same event: the words must agree too
        shared = keyword_share >= SUPPORT_RELEVANCE and relevance >= SUPPORT_RELEVANCE
        if signals.neutral or not shared or not committal:
            stance, strength = UNRELATED, 0.1
        else:
            # the same event, but the claim's figure (if it has one) is not corroborated
            stance = SUPPORTS
            strength = _W_OVERLAP_NO_FIGURE if profile.quantities else _W_OVERLAP
    elif sup > 0 and sup >= DOMINANCE * max(ref, mix):
        stance, strength = SUPPORTS, min(1.0, sup)
    elif ref > 0 and ref >= DOMINANCE * max(sup, mix):
        stance, strength = REFUTES, min(1.0, ref)
    else:
        stance, strength = MIXED, min(1.0, max(sup, ref, mix)) * 0.8

    # ---- time
    date_conflict = None
    if stance in (SUPPORTS, MIXED):
        match, date_conflict = _dates(profile, sentences, passage)
        if match is not None:
            reasons.append(match)
        if date_conflict is not None:
            reasons.append(
                {
                    "kind": "date_conflict",
                    "detail": f"the claim places it in {_window_label(profile.window)} "
                    f"({profile.window_text}) but the passage dates it to "
                    f"{date_conflict['evidence_date']} ({date_conflict['evidence_text']})",
                    **date_conflict,
                }
            )
    reasons.append(reliability_reason)
    score = round(min(1.0, relevance) * strength * reliability, 4)
    return Judgement(stance, score, reasons, date_conflict)


def _window_label(window: tuple[date, date] | None) -> str:
    if window is None:
        return "an unstated time"
    start, end = window
    if start == end:
        return start.isoformat()
    if start.day == 1 and (end + _ONE_DAY).day == 1:
        if start.year == end.year and start.month == end.month:
            return f"{start.year}-{start.month:02d}"
        if start.month == 1 and end.month == 12 and start.year == end.year:
            return str(start.year)
    return f"{start.isoformat()} to {end.isoformat()}"


# ======================================================================================
# aggregate


def _interested(judgement: Judgement) -> bool:
    """A refutation that rests only on denials by a party the claim is about."""
    refuting = [
        r
        for r in judgement.reasons
        if r["kind"] in ("denial", "negation", "quantity_conflict") and not r.get("negated")
    ]
    return bool(refuting) and all(r.get("interested") for r in refuting)


def _source(passage: PassageFacts) -> str:
    name = passage.publisher or "an unnamed source"
    published = _day(passage.published)
    return f"{name}, {published.isoformat()}" if published else name


def _sources(items: list[tuple[PassageFacts, Judgement]]) -> str:
    shown = [_source(p) for p, _j in items[:4]]
    if len(items) > 4:
        shown.append(f"and {len(items) - 4} more")
    return "; ".join(shown)


def _count(n: int) -> str:
    return f"{n} source{'s' if n != 1 else ''}"


def _first(judgement: Judgement, *kinds: str) -> dict | None:
    return next((r for r in judgement.reasons if r["kind"] in kinds), None)


def _summary(items: list[tuple[PassageFacts, Judgement]], side: str) -> str:
    plural = len(items) != 1
    they, s = ("they", "") if plural else ("it", "s")
    if side == SUPPORTS:
        figures = []
        claim_text = ""
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
        return f"{they} report{s} the same event" + (
            f" (naming {', '.join(named)})" if named else ""
        )
    if side == REFUTES:
        r = _first(items[0][1], "quantity_conflict", "denial", "negation")
        if r is None:
            return f"{they} contradict{s} it"
        if r["kind"] == "quantity_conflict":
            if r.get("relation") == "direction":
                return r["detail"]
            figures = []
            for _p, j in items:
                other = _first(j, "quantity_conflict")
                if other is not None and other["evidence"] not in figures:
                    figures.append(other["evidence"])
            joined = " and ".join(f"'{f}'" for f in figures[:2])
            return f"{they} report{s} {joined}, against the claim's '{r['claim']}'"
        return r["detail"]
    r = _first(items[0][1], "quantity_conflict", "negation", "denial", "quantity_match")
    return r["detail"] if r is not None else f"{they} agree{s} only in part"


def aggregate(claim: ClaimFacts, judged: list[tuple[PassageFacts, Judgement]]) -> Verdict:
    """Weigh judged passages into a suggested verdict, confidence, explanation and flags.

    Each publisher counts once per side (its best passage), so one outlet repeated
    does not dominate; an interested party's denial counts at its (low) score and
    never refutes a claim on its own.
    """
    profile = _profile(claim)
    best: dict[tuple[str, str], tuple[PassageFacts, Judgement]] = {}
    for index, (passage, judgement) in enumerate(judged):
        if judgement.stance == UNRELATED:
            continue
        publisher = normalise(passage.publisher) or f"#{index}"
        side = judgement.stance
        if side == REFUTES and _interested(judgement):
            side = "interested"
        key = (side, publisher)
        current = best.get(key)
        if current is None or (judgement.score, -passage.rank) > (
            current[1].score,
            -current[0].rank,
        ):
            best[key] = (passage, judgement)

    def side(name: str) -> list[tuple[PassageFacts, Judgement]]:
        items = [v for (s, _p), v in best.items() if s == name]
        return sorted(items, key=lambda pj: (-pj[1].score, pj[0].rank))

    supports, refutes, mixed, interested = (
        side(SUPPORTS),
        side(REFUTES),
        side(MIXED),
        side("interested"),
    )
    sup = sum(j.score for _p, j in supports)
    ref_independent = sum(j.score for _p, j in refutes)
    ref_interested = sum(j.score for _p, j in interested)
    mix = sum(j.score for _p, j in mixed)
    total = sup + ref_independent + ref_interested + mix
    s_weight = sup + 0.5 * mix
    # An interested party's denial is not independent evidence: the explanation
    # names it, but only independent refutation weighs against the support.
    r_weight = ref_independent + 0.5 * mix
    amount = 1.0 - math.exp(-total / EVIDENCE_SCALE)

    if total < NEE_MIN_WEIGHT or (sup == 0 and ref_independent == 0 and mix == 0):
        verdict = NOT_ENOUGH_EVIDENCE
        margin = 0.0
        # sure when nothing related turned up; less so when some weak evidence did
        confidence = 0.8 - 0.6 * min(1.0, total / (2 * NEE_MIN_WEIGHT))
    else:
        margin = (s_weight - r_weight) / (s_weight + r_weight)
        if mix > max(sup, ref_independent):
            verdict = CONFLICTING
            confidence = amount * (1.0 - 0.5 * abs(margin))
        elif margin >= VERDICT_MARGIN:
            verdict = SUPPORTED
            confidence = amount * (0.5 + 0.5 * margin)
        elif margin <= -VERDICT_MARGIN:
            verdict = REFUTED
            confidence = amount * (0.5 - 0.5 * margin)
        else:
            verdict = CONFLICTING
            confidence = amount * (1.0 - 0.6 * abs(margin))
    confidence = round(min(0.95, max(0.05, confidence)), 3)

    # ---- flags: date conflicts, one per evidence date
    conflicts: dict[str, dict] = {}
    for passage, judgement in judged:
        dc = judgement.date_conflict
        if dc is None or judgement.stance == UNRELATED:
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
    label = _window_label(profile.window)
    for flag in conflicts.values():
        who = ", ".join(flag["publishers"]) or "a source"
        flag["detail"] = (
            f"The claim places it in {label} ({profile.window_text}) but {who} "
            f"date{'s' if len(flag['publishers']) <= 1 else ''} it to {flag['evidence_date']} "
            f"({flag['evidence_text']})."
        )
    flags = list(conflicts.values())

    # ---- explanation
    parts: list[str] = []
    if verdict == CONFLICTING:
        parts.append("Sources conflict.")
    elif verdict == NOT_ENOUGH_EVIDENCE:
        related = sum(1 for _p, j in judged if j.stance != UNRELATED)
        if not judged:
            parts.append("Not enough evidence: no passage from another source was found.")
        else:
            parts.append(
                f"Not enough evidence: {len(judged)} passage{'s' if len(judged) != 1 else ''} "
                f"examined, {related} related"
                + (", and none independently supports or refutes the claim." if related else ".")
            )
    sides = []
    if supports:
        sides.append(
            f"Supported by {_count(len(supports))} ({_sources(supports)}): "
            f"{_summary(supports, SUPPORTS)}."
        )
    if refutes:
        sides.append(
            f"Refuted by {_count(len(refutes))} ({_sources(refutes)}): "
            f"{_summary(refutes, REFUTES)}."
        )
    parts.extend(reversed(sides) if verdict == REFUTED else sides)  # the deciding side first
    if mixed:
        parts.append(
            f"Qualified by {_count(len(mixed))} ({_sources(mixed)}): {_summary(mixed, MIXED)}."
        )
    seen_parties: set[str] = set()
    for passage, judgement in interested:
        r = _first(judgement, "denial", "negation")
        party = r["party"] if r else "A party named in the claim"
        if party.lower() in seen_parties:
            continue
        seen_parties.add(party.lower())
        verb = "denied it" if r is None or r["kind"] == "denial" else "disputes it"
        parts.append(
            f"{party[:1].upper()}{party[1:]} (an interested party) {verb} ({_source(passage)})."
        )
    for passage, judgement in judged:
        r = _first(judgement, "quantity_context")
        if r is not None and r.get("relation") == "running_total":
            parts.append(
                f"Context, not counted against the claim: {r['detail']} ({_source(passage)})."
            )
            break
    if flags:
        dates = sorted(flags, key=lambda f: f["evidence_date"])
        many = sum(len(f["publishers"]) or 1 for f in dates) > 1
        parts.append(
            f"Date conflict: the claim places it in {label}"
            + (f" ({profile.window_text})" if profile.window_text else "")
            + f" but {'sources date' if many else 'a source dates'} it to "
            + ", ".join(f["evidence_date"] for f in dates)
            + "."
        )
    return Verdict(verdict, confidence, " ".join(parts), flags)
