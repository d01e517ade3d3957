"""From an article's text to its check-worthy claims, each with its structured parts."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from factcheck.text.sentences import Sentence, split_sentences

from .attribution import Attribution, find_attribution, find_hedges
from .entities import Seen, find_entities, names_used_alone, names_used_mid_sentence
from .framing import asserted_quantities, reported_figures
from .kinds import kind_of
from .layout import Layout
from .quantities import extract_quantities
from .speakers import Speakers
from .timerefs import extract_time_references
from .worthiness import score_signals, signals, threshold


@dataclass(frozen=True)
class ExtractedClaim:
    """A check-worthy sentence and everything extraction learned about it."""

    text: str
    start: int
    end: int
    kind: str
    forecast: str
    claimant: str
    claimant_cue: str
    hedges: tuple[str, ...]
    quantities: list[dict] = field(default_factory=list)
    time_references: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    check_worthiness: float = 0.0
    features: dict[str, float] = field(default_factory=dict)  # contributions to the score
    signals: dict[str, float] = field(default_factory=dict)  # every signal, for the fit


def extract_claims(
    text: str, *, published: date | None, sentences: list[Sentence] | None = None
) -> list[ExtractedClaim]:
    """The article's check-worthy sentences as claims, in reading order.

    `sentences` are split_sentences(text), for a caller that has them already.
    """
    return [
        statement
        for statement in read_statements(text, published=published, sentences=sentences)
        if statement.check_worthiness >= threshold()
    ]


def read_statements(
    text: str, *, published: date | None, sentences: list[Sentence] | None = None
) -> Iterator[ExtractedClaim]:
    """Every sentence of the article's body, described, worth checking or not.

    Layout lines (headline, byline, captions ...) are left out; the speakers an
    article names carry from one sentence to the next.
    """
    speakers, seen = Speakers(), Seen(alone=names_used_alone(text))
    layout = Layout(text)
    known_names = names_used_mid_sentence(text)
    for sentence in split_sentences(text) if sentences is None else sentences:
        if layout.reason(sentence) is None:
            yield describe_statement(
                sentence.text,
                published=published,
                start=sentence.start,
                speakers=speakers,
                seen=seen,
                known_names=known_names,
            )


def _claimant(
    attribution: Attribution | None, entities: list[dict], speakers: Speakers | None
) -> str:
    """The claimant as the article named it first; "" for a pronoun with no one before it."""
    if speakers is not None:
        speakers.learn(entities)
    if attribution is None:
        return ""
    if speakers is not None:
        return speakers.resolve(attribution.claimant)
    return "" if attribution.cue == "pronoun" else attribution.claimant


def describe_statement(
    text: str,
    *,
    published: date | None,
    start: int = 0,
    speakers: Speakers | None = None,
    seen: Seen | None = None,
    known_names: frozenset[str] = frozenset(),
) -> ExtractedClaim:
    """Everything extraction learns about one statement, worth checking or not.

    Used for each sentence of an article, with `speakers` the people and bodies
    the article quoted before it and `seen` the names it typed, and alone for a
    claim typed in by hand or imported from another publisher's fact-check
    (where "he said" names no one).
    """
    attribution = find_attribution(text)
    times = [t.as_dict() for t in extract_time_references(text, published)]
    quantities = asserted_quantities(text, [q.as_dict() for q in extract_quantities(text)], times)
    entities = [e.as_dict() for e in find_entities(text, known=known_names, seen=seen)]
    hedges = attribution.hedges if attribution else find_hedges(text)
    claimant = _claimant(attribution, entities, speakers)
    kind = kind_of(text, figures=reported_figures(quantities), claimant=claimant)
    present = signals(
        text,
        quantities=len(quantities),
        time_references=len(times),
        entities=len(entities),
        attributed=attribution is not None,
        hedged=bool(hedges),
        kind=kind.kind,
    )
    worth = score_signals(present)
    return ExtractedClaim(
        text=text,
        start=start,
        end=start + len(text),
        kind=kind.kind,
        forecast=kind.forecast,
        claimant=claimant,
        claimant_cue=attribution.cue if attribution else "",
        hedges=hedges,
        quantities=quantities,
        time_references=times,
        entities=entities,
        check_worthiness=worth.score,
        features=worth.features,
        signals=present,
    )
