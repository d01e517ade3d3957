"""A claim's kind, by the one written definition (README, "What kind of claim").

The kind names what a checker has to establish. Set the attribution aside, read
what is asserted, and take the first kind that fits: quantity (a figure stated as
a past or present fact), event (something done, decided or the case), prediction
(only the future), quote (mostly a quotation stating none of those), opinion (a
judgement), other. A sentence that states a fact *and* a forecast takes the
fact's kind and is marked as carrying a forecast.

The sentence is read clause by clause, from grammatical cues: the tense of a
clause's verbs (a past form, a present "is/has", a future or modal marker),
whether it sits inside quotation marks, and whether it judges rather than
states. The words themselves (reporting verbs, future markers, judgement words)
are data files of the text layer.
"""

import itertools
import re
from dataclasses import dataclass

from factcheck.text import vocabulary
from factcheck.text.judgement import judges
from factcheck.text.sentences import quoted_share, quoted_spans
from factcheck.text.vocabulary import alternation, word_pattern

from ..choices import ClaimKind

# Clauses end at punctuation and at the conjunctions that join statements, but
# not inside a range ("between 40 and 60") or a comparison ("as many as 750").
_BOUNDARY = re.compile(
    rf",(?!\d{{3}})|[;:()\u2014]|\s-\s"
    rf"|\b(?:{alternation(vocabulary.words('clause_boundaries'))})\b(?!\s+(?:\d|\w+\s+as\b))",
    re.IGNORECASE,
)
_AS_COMPARISON = re.compile(r"\bas\s+\w+\s+$", re.IGNORECASE)
# A condition ("if inflation slows", "once it is running") states no fact.
_CONDITION = re.compile(rf"^\W*(?:{alternation(vocabulary.words('condition_words'))})\b", re.I)
# Lower case only: "May" is more often the month than the modal.
_FUTURE = word_pattern("prediction_markers", ignore_case=False)
# "would have taken", "may have been": a modal of the past, not the future.
_PAST_MODAL = re.compile(r"\b(?:would|could|might|may|should|must)\s+(?:not\s+)?have\b")
# The verb of saying that attributes a claim is not what the claim asserts.
_SPEECH = word_pattern("speech_verbs", "attribution_phrases")
_PAST = re.compile(
    rf"\b(?!(?:{alternation(vocabulary.words('ed_not_past'))})\b)[a-z]+ed\b"
    rf"|\b(?:{alternation(vocabulary.words('irregular_past_verbs'))})\b"
)
_PRESENT = word_pattern("present_fact_verbs", ignore_case=False)
_DETERMINERS = vocabulary.words("determiners")
_JUDGEMENT = word_pattern("opinion_words")
_OBLIGATION = word_pattern("obligation_words")
# "called the trends iniquitous", "described the swings as": a judgement reported.
_EVALUATION = word_pattern("evaluation_verbs")
# A decision or act ("fined", "agreed to buy"): its figures describe the act.
_ACTION = word_pattern("action_verbs")
# A measurement ("rose to", "totalled"): its figures are what is reported.
_MEASUREMENT = word_pattern("measurement_verbs")
_BE = vocabulary.words("be_forms")


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a sentence and the cues read from it."""

    start: int
    end: int
    quoted: bool  # inside quotation marks
    future: bool  # a future or modal marker: about what will or may be
    states: bool  # a past or present verb other than the verb of saying
    judges: bool  # a judgement or recommendation
    obliges: bool  # a modal of obligation or need: a recommendation in reported speech
    evaluates: bool  # a verb that reports a judgement ("dismissed ... as", "accused")
    acts: bool  # a verb of a decision or an act
    measures: bool  # a verb of measurement


@dataclass(frozen=True, slots=True)
class Kind:
    kind: str
    forecast: str  # where a fact's sentence also says what will or may happen: that part


def _states_past(part: str) -> bool:
    """Whether a verb in the past tense is in the clause; an "-ed" word after a
    determiner or an adverb is an adjective ("the proposed tariffs", "its most
    commonly prescribed insulin"), not a verb."""
    for match in _PAST.finditer(part):
        before = part[: match.start()].split()[-1:]
        word = before[0].lower() if before else ""
        if not (match.group().endswith("ed") and (word in _DETERMINERS or word.endswith("ly"))):
            return True
    return False


def _measures(part: str) -> bool:
    """A verb of measurement; a form of "be" counts only with no act beside it ("was
    fined EUR 500m" is the act's figure, "the fine was EUR 500m" the figure itself)."""
    found = {m.group().lower() for m in _MEASUREMENT.finditer(part)}
    return bool(found - _BE) or (bool(found) and not _ACTION.search(part))


def clauses(text: str) -> list[Clause]:
    """The sentence cut at punctuation and joining words, each clause with its cues."""
    boundaries = (m.start() for m in _BOUNDARY.finditer(text))
    cuts = [0, *(b for b in boundaries if not _AS_COMPARISON.search(text, 0, b)), len(text)]
    quoted = quoted_spans(text)
    found = []
    for start, end in itertools.pairwise(cuts):
        part = text[start:end]
        if not part.strip(' ,;:()\u2014-"\u201c\u201d'):
            continue
        said = _SPEECH.sub(" ", part)
        condition = bool(_CONDITION.match(part))
        evaluates = bool(_EVALUATION.search(part))
        found.append(
            Clause(
                start=start,
                end=end,
                quoted=any(a <= start and end <= b + 1 for a, b in quoted),
                future=bool(_FUTURE.search(_PAST_MODAL.sub(" had", part))),
                states=not condition and (_states_past(said) or bool(_PRESENT.search(said))),
                judges=bool(_JUDGEMENT.search(part)) or judges(part) or evaluates,
                obliges=bool(_OBLIGATION.search(part)),
                evaluates=evaluates,
                acts=bool(_ACTION.search(said)),
                measures=_measures(said),
            )
        )
    return found


def _clause_at(parts: list[Clause], position: int) -> Clause | None:
    return next((c for c in parts if c.start <= position < c.end), None)


def _future_context(parts: list[Clause], clause: Clause) -> bool:
    """Whether the clause is about the future: its own marker, or the one that governs it.

    "said it would cut about 1,400 jobs, or roughly 6% of its workforce": the
    share sits in a clause of its own that the "would" before it still governs.
    A clause with a verb of its own in the past or present starts afresh.
    """
    for part in reversed(parts[: parts.index(clause) + 1]):
        if part.future:
            return True
        if part.states:
            return False
    return False


def _governing(parts: list[Clause], clause: Clause) -> Clause:
    """The clause whose verb a figure's clause depends on: itself if it has a verb.

    "convicted Alvarez ... for steering $3.8 million in contracts": the figure's
    clause has no verb of its own, so "convicted" says what the figure is.
    """
    for part in reversed(parts[: parts.index(clause) + 1]):
        if part.states or part.future or part.acts or part.measures:
            return part
    return clause


def _figure_facts(parts: list[Clause], figures: list[int]) -> list[Clause]:
    """The clauses that state one of the figures as a fact (not of the future)."""
    facts = []
    for position in figures:
        clause = _clause_at(parts, position)
        if clause is not None and not _future_context(parts, clause):
            facts.append(_governing(parts, clause))
    return facts


def _forecast(text: str, parts: list[Clause]) -> str:
    """The sentence's clauses about the future, from the first to the last, as written."""
    future = [c for c in parts if _future_context(parts, c)]
    if not future:
        return ""
    return text[future[0].start : future[-1].end].strip(" ,;:\u2014-.")


def kind_of(text: str, *, figures: list[int], claimant: str) -> Kind:
    """The kind of one sentence, given where its figures start (quantities' offsets)."""
    parts = clauses(text)
    forecast = _forecast(text, parts)
    facts = _figure_facts(parts, figures)
    if facts:
        measured = any(c.measures or not c.acts for c in facts)
        kind = ClaimKind.QUANTITY if measured else ClaimKind.EVENT
        return Kind(kind, forecast)
    quote = bool(claimant) and quoted_share(text) >= 0.5
    # A speaker who judges or recommends gives an opinion, whatever else the clause
    # says; so does a sentence whose verb reports a judgement ("critics dismissed it").
    judged = any(c.judges or c.obliges for c in parts) and bool(claimant)
    if not quote and (judged or any(c.evaluates for c in parts)):
        return Kind(ClaimKind.OPINION, "")
    states = [c for c in parts if c.states and not c.future and not c.judges]
    if states and not (quote and all(c.quoted for c in states)):
        return Kind(ClaimKind.EVENT, forecast)
    if any(c.future for c in parts):
        return Kind(ClaimKind.PREDICTION, "")
    if quote:
        return Kind(ClaimKind.QUOTE, "")
    # Here no clause states a fact: an unattributed judgement is still an opinion.
    if any(c.judges for c in parts):
        return Kind(ClaimKind.OPINION, "")
    return Kind(ClaimKind.OTHER, "")
