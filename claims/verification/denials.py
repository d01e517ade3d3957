"""Denial and negation: does someone in the passage say the claim is untrue?

"denied", "rejected the claim", "no evidence", "did not", "never", "false",
"baseless" ... near the claim's key terms refute it, attributed to their
speaker. When the speaker is a party the claim is about (its subject or
object, not its claimant) the denial is *interested* and weighs less than an
independent refutation. "did not comment" and "neither confirmed nor denied"
are not denials; "exaggerated" and "misleading" qualify the claim (mixed). A
negated claim is not refuted by the same negation, but is by a passage that
states it plainly. Every word list is in factcheck/text/data.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from claims.extraction.canonical import normalise
from factcheck.text.vocabulary import alternation, table, words

from .parties import interested_party, mentions, speaker
from .signals import Signals, Strength
from .words import lower, snippet, token_index

if TYPE_CHECKING:
    from .facts import PassageFacts
    from .profile import ClaimProfile, PassageSentence

DENIAL, NEGATION, QUALIFIER = "denial", "negation", "qualifier"
# A closing quote may sit between a cue and its referent: 'there was "no proof" that ...'.
_QUOTE = "[\"'\u2019\u201d]?"
_REFERENT_REACH = 60  # characters before an evaluation in which its referent may stand
_CANCEL_REACH = 30  # characters before a denial verb in which a negation cancels it


def _words_re(name: str) -> str:
    return alternation(words(name))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The cue patterns, built from the word lists once."""
    be, referents = _words_re("be_forms"), _words_re("claim_referents")
    referent = rf"(?:{_words_re('referent_determiners')} )?(?:[a-z'\u2019]+ ){{0,2}}{referents}\b"
    evaluative = words("evaluative_words")
    not_phrases = {p for p in evaluative if p.startswith("not ")}
    refusals = _words_re("refusal_phrases")
    i = re.IGNORECASE
    return {
        "denial": re.compile(
            rf"\b{alternation(words('denial_verbs') | words('rejection_verbs'))}\b", i
        ),
        "deny": re.compile(rf"\b{_words_re('denial_verbs')}\b", i),
        "referent_after": re.compile(rf"{_QUOTE}\s+(?:as\s+)?{referent}", i),
        "referent_before": re.compile(rf"\b{referents}\b[^.;]{{0,50}}$", i),
        # "did not deny", "declined to deny", "was denied bail": no denial
        "cancels_before": re.compile(
            rf"(?:\b(?:{_words_re('negations')}|{refusals} to)|n't)\s+(?:\w+\s+)?$|\b{be}\s+$", i
        ),
        "not_a_claim_after": re.compile(rf"\s+{_words_re('denied_things')}\b", i),
        "negation": re.compile(
            rf"\b(?:(?:{be} )?{alternation(not_phrases)}|no {alternation(table('absence_words'))}|"
            rf"{alternation(words('negation_cues') | (evaluative - not_phrases))})\b",
            i,
        ),
        "noncommittal_after": re.compile(
            rf"\s+(?:{_words_re('noncommittal_fillers')}\s+)*{_words_re('noncommittal_verbs')}\b", i
        ),
        "noncommittal_sentence": re.compile(
            rf"\b(?:{_words_re('noncommittal_phrases')}|{refusals} (?:to )?(?:immediately )?"
            rf"{_words_re('confirmation_verbs')})\b",
            i,
        ),
        "qualifier": re.compile(rf"\b{_words_re('qualifier_words')}\b", i),
        "saying_before": re.compile(rf"\b{_words_re('assertion_verbs')}\b[^.;]*$"),
        # Where a negation's reach ends: "X denied it, but the audit found ..." has two
        # clauses; "but" opens one even without a comma.
        "clause_break": re.compile(
            rf";|,\s*(?={_words_re('clause_conjunctions')}\b)|\s(?=but\b)", i
        ),
        "leading_be": re.compile(rf"^{be} "),
    }


def noncommittal_sentence() -> re.Pattern[str]:
    """A sentence that asserts nothing either way ("would neither confirm nor deny")."""
    return _patterns()["noncommittal_sentence"]


def negation_cues(text: str) -> list[re.Match[str]]:
    """Negation cues that are not non-committal ("did not comment")."""
    p = _patterns()
    return [
        m for m in p["negation"].finditer(text) if not p["noncommittal_after"].match(text, m.end())
    ]


def is_negated(text: str) -> bool:
    """Whether the text states a negative ("did not attend", "denied taking bribes")."""
    return bool(negation_cues(text)) or _patterns()["deny"].search(text) is not None


def cue_key(cue: str) -> str:
    """'is not true' -> 'not true', 'False' -> 'false'."""
    return _patterns()["leading_be"].sub("", cue.lower())


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause around text[start:end]."""
    breaks = _patterns()["clause_break"]
    begin = 0
    for m in breaks.finditer(text, 0, start):
        begin = m.end()
    after = breaks.search(text, end)
    return begin, after.start() if after is not None else len(text)


def about_claim(profile: ClaimProfile, sent: PassageSentence, start: int, end: int) -> bool:
    """Whether the cue's clause (4 words before it to 12 after) touches what the claim says.

    It needs a word of the claim's predicate ("cut", "bribes"), not just its names:
    "Acme has never been profitable" says nothing about "Acme cut 1,400 jobs".
    """
    clause_start, clause_end = clause(sent.text, start, end)
    index = token_index(sent.tokens, start)
    after = token_index(sent.tokens, end)
    window = [
        t
        for t in sent.tokens[max(0, index - 4) : after + 12]
        if clause_start <= t.start < clause_end
    ]
    predicate = len(profile.predicate & {t.stem for t in window})
    padded = " " + " ".join(lower(t) for t in window) + " "
    named = any(any(mentions(padded, k) for k in keys) for _name, keys in profile.entities)
    return predicate >= 2 or (predicate >= 1 and named)


def _denial_verbs(text: str) -> list[re.Match[str]]:
    """Denial verbs that deny something: not cancelled ("did not deny", "was denied
    bail") and, for rejection verbs, aimed at a claim ("rejected the report")."""
    p = _patterns()
    found = []
    for m in p["denial"].finditer(text):
        if p["cancels_before"].search(text[max(0, m.start() - _CANCEL_REACH) : m.start()]):
            continue
        if p["not_a_claim_after"].match(text, m.end()):
            continue
        if not p["deny"].fullmatch(m.group()) and not p["referent_after"].match(text, m.end()):
            continue  # "rejected the offer" is no denial; "rejected the claim" is
        found.append(m)
    return found


def _cues(profile: ClaimProfile, text: str) -> list[tuple[str, re.Match[str]]]:
    """(kind, match) of every cue in the sentence, denials first. A negated claim is
    not refuted by negations ("did not attend" against "did not attend")."""
    cues: list[tuple[str, re.Match[str]]] = []
    if not profile.negated:
        cues += [(DENIAL, m) for m in _denial_verbs(text)]
        cues += [(NEGATION, m) for m in negation_cues(text)]
    cues += [(QUALIFIER, m) for m in _patterns()["qualifier"].finditer(text)]
    return cues


def _names_a_referent(kind: str, m: re.Match[str], text: str) -> bool:
    """Whether the cue is aimed at a claim or report by wording: "denied the report",
    "the claims were false"; a qualifier always is."""
    p = _patterns()
    if kind == QUALIFIER or p["referent_after"].match(text, m.end()):
        return True
    before = p["referent_before"].search(text, max(0, m.start() - _REFERENT_REACH), m.start())
    return cue_key(m.group()) in words("evaluative_words") and before is not None


def _is_denial(kind: str, cue: str, speaker_: str, text: str, start: int) -> bool:
    """A denial verb, or a speaker calling it false or saying there is no proof of it;
    otherwise a negation (the passage states the opposite)."""
    if kind == DENIAL:
        return True
    if not speaker_:
        return False
    key = cue_key(cue)
    if key in words("evaluative_words"):
        return True
    asserted = {
        f"no {noun}" for noun, value in table("absence_words").items() if value == "asserted"
    }
    return key in asserted and _patterns()["saying_before"].search(text, 0, start) is not None


def denials(
    profile: ClaimProfile,
    sentences: list[PassageSentence],
    passage: PassageFacts,
    barely_related: bool,
    reasons: list[dict],
    signals: Signals,
) -> dict[int, list[tuple[int, int]]]:
    """Record the first denial, negation or qualifier about the claim in each sentence;
    return the clauses they negate, by sentence index. In a passage barely about the
    claim only its accused party denying "the report" counts."""
    found: dict[int, list[tuple[int, int]]] = {}
    padded_passage = f" {normalise(passage.text)} "
    for i, sent in enumerate(sentences):
        if sent.hits == 0:
            continue
        for kind, m in _cues(profile, sent.text):
            referent = _names_a_referent(kind, m, sent.text)
            if not (referent or about_claim(profile, sent, m.start(), m.end())):
                continue
            who = speaker(sent.text, kind == DENIAL, m.start())
            party, interested = ("", False)
            if who:
                party, interested = interested_party(
                    who, profile.actor_keys, profile.entities, padded_passage
                )
            if barely_related and not (referent and interested):
                continue
            reason = _reason(
                kind,
                m.group(),
                who,
                party or passage.publisher or "the source",
                interested,
                sent.text,
                m.start(),
            )
            reasons.append(reason)
            if kind == QUALIFIER:
                signals.mixed = max(signals.mixed, Strength.QUALIFIER)
            else:
                weight = Strength.DENIAL if reason["kind"] == DENIAL else Strength.NEGATION
                signals.add_refute(Strength.INTERESTED if interested else weight, interested)
            found.setdefault(i, []).append(clause(sent.text, m.start(), m.end()))
            break
    return found


def _reason(
    kind: str, cue: str, speaker_: str, who: str, interested: bool, text: str, start: int
) -> dict:
    """The denial or negation reason, its detail in words a reviewer reads."""
    quoted = f'"{snippet(text)}"'
    subject = who[:1].upper() + who[1:]
    if kind == QUALIFIER:
        detail = f"{subject} calls it {cue.lower()}: {quoted}"
        return {"kind": NEGATION, "detail": detail, "party": who, "interested": interested,
                "cue": cue, "relation": "qualifies"}  # fmt: skip
    is_denial = _is_denial(kind, cue, speaker_, text, start)
    if interested:
        subject += ", a party to the claim and so not independent,"
    if kind == DENIAL:
        detail = f"{subject} denies it ('{cue}'): {quoted}"
    elif is_denial:
        detail = f"{subject} calls it '{cue_key(cue)}': {quoted}"
    else:
        detail = f"{subject} says the opposite ('{cue}'): {quoted}"
    return {"kind": DENIAL if is_denial else NEGATION, "detail": detail, "party": who,
            "interested": interested, "cue": cue}  # fmt: skip


def plain_statement(
    profile: ClaimProfile, sentences: list[PassageSentence], passage: PassageFacts
) -> dict | None:
    """The negation reason when a negated claim ("did not attend") meets a passage
    that states it plainly: its best sentence shares half the claim's words and
    negates nothing."""
    best = max(sentences, key=lambda s: s.hits)
    share = len(profile.keywords & best.stems) / max(1, len(profile.keywords))
    if share < 0.5 or is_negated(best.text):
        return None
    return {
        "kind": NEGATION,
        "detail": "The claim says it did not happen (or was denied), but the passage states "
        f'it plainly: "{snippet(best.text)}"',
        "party": passage.publisher or "the source",
        "interested": False,
        "cue": "",
    }
