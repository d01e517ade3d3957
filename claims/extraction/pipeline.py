"""From an article's text to its check-worthy claims, each with its structured parts."""

import re
from dataclasses import dataclass, field
from datetime import date

from factcheck.text import vocabulary
from factcheck.text.sentences import Sentence, split_sentences

from .attribution import Attribution, find_attribution, find_hedges, is_person_name
from .entities import find_entities, names_used_mid_sentence
from .quantities import extract_quantities
from .timerefs import extract_time_references
from .worthiness import THRESHOLD, score_sentence, word_pattern

_TERMINAL = re.compile(r"[.!]['\"\u2019\u201d)\]]*$")
_QUESTION = re.compile(r"\?['\"\u2019\u201d)\]]*$")
_BYLINE = re.compile(r"^(?:by|words by|reporting by|written by)\s+[A-Z]", re.IGNORECASE)


def _caption_pattern() -> re.Pattern[str]:
    """A caption's opening at the start of the line, or a credit anywhere in it."""

    def any_of(name: str) -> str:  # a phrase that opens with a letter, as a whole word
        entries = sorted(vocabulary.words(name), key=lambda e: (-len(e), e))
        return "|".join(("\\b" if e[0].isalpha() else "") + re.escape(e) for e in entries)

    return re.compile(
        f"^(?:{any_of('caption_openers')})|{any_of('caption_markers')}", re.IGNORECASE
    )


_CAPTION = _caption_pattern()
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201d]{3,})[\"\u201d]")
_FUTURE = word_pattern("prediction_markers", ignore_case=False)
# Verbs that report a measurement: the number is the claim ("rose to 3.2%").
_STATISTIC = word_pattern("measurement_verbs")
# Verbs of something done: an announcement or decision is an event even with numbers.
_ACTION = word_pattern("action_verbs")
_PAST_EVENT = re.compile(
    rf"\b\w+ed\b|{word_pattern('irregular_past_verbs').pattern}", re.IGNORECASE
)
_OPINION = word_pattern("opinion_words")


@dataclass(frozen=True)
class ExtractedClaim:
    """A check-worthy sentence and everything extraction learned about it."""

    text: str
    start: int
    end: int
    kind: str
    claimant: str
    claimant_cue: str
    hedges: tuple[str, ...]
    quantities: list[dict] = field(default_factory=list)
    time_references: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    check_worthiness: float = 0.0
    features: dict[str, float] = field(default_factory=dict)


def skip_reason(sentence: Sentence) -> str | None:
    """Why a sentence can never be a claim (heading, byline, caption, question), or None."""
    text = sentence.text
    if not _LETTERS.search(text):
        return "no_words"
    if _QUESTION.search(text):
        return "question"
    if _BYLINE.match(text) and sentence.whole_line and len(text) < 80:
        return "byline"
    if _CAPTION.search(text):
        return "caption"
    if not _TERMINAL.search(text) and sentence.end == sentence.line_end:
        return "heading"
    return None


def classify(text: str, *, quantities: int, time_references: int, claimant: str) -> str:
    """The claim's kind: quote, prediction, quantity, opinion, event or other."""
    if claimant and _OPINION.search(text):
        return "opinion"
    quoted = sum(len(m.group(1)) for m in _QUOTED.finditer(text))
    if claimant and quoted >= 0.5 * len(text):
        return "quote"
    if _FUTURE.search(text):
        return "prediction"
    if quantities:
        # A decision or an action with figures is an event; a measurement is a quantity.
        if _ACTION.search(text) and not _STATISTIC.search(text):
            return "event"
        return "quantity"
    if _OPINION.search(text):
        return "opinion"
    if time_references or _PAST_EVENT.search(text):
        return "event"
    return "other"


def extract_claims(
    text: str, *, published: date | None, sentences: list[Sentence] | None = None
) -> list[ExtractedClaim]:
    """The article's check-worthy sentences as claims, in reading order.

    `sentences` are split_sentences(text), for a caller that has them already.
    """
    claims: list[ExtractedClaim] = []
    last_speaker = ""
    known_names = names_used_mid_sentence(text)
    for sentence in split_sentences(text) if sentences is None else sentences:
        attribution = find_attribution(sentence.text, last_speaker=last_speaker)
        if attribution and attribution.cue != "pronoun" and is_person_name(attribution.claimant):
            last_speaker = attribution.claimant
        if skip_reason(sentence):
            continue
        claim = describe_statement(
            sentence.text,
            published=published,
            start=sentence.start,
            attribution=attribution,
            known_names=known_names,
        )
        if claim.check_worthiness >= THRESHOLD:
            claims.append(claim)
    return claims


def describe_statement(
    text: str,
    *,
    published: date | None,
    start: int = 0,
    attribution: Attribution | None = None,
    known_names: frozenset[str] = frozenset(),
) -> ExtractedClaim:
    """Everything extraction learns about one statement, worth checking or not.

    Used for each sentence of an article, and alone for a claim typed in by
    hand or imported from another publisher's fact-check.
    """
    if attribution is None:
        attribution = find_attribution(text)
    quantities = [q.as_dict() for q in extract_quantities(text)]
    times = [t.as_dict() for t in extract_time_references(text, published)]
    entities = [e.as_dict() for e in find_entities(text, known=known_names)]
    hedges = attribution.hedges if attribution else find_hedges(text)
    worth = score_sentence(
        text,
        quantities=len(quantities),
        time_references=len(times),
        entities=len(entities),
        attributed=attribution is not None,
        hedged=bool(hedges),
    )
    claimant = attribution.claimant if attribution else ""
    return ExtractedClaim(
        text=text,
        start=start,
        end=start + len(text),
        kind=classify(
            text, quantities=len(quantities), time_references=len(times), claimant=claimant
        ),
        claimant=claimant,
        claimant_cue=attribution.cue if attribution else "",
        hedges=hedges,
        quantities=quantities,
        time_references=times,
        entities=entities,
        check_worthiness=worth.score,
        features=worth.features,
    )
